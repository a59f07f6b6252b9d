"""Does the site still fit its host? Its size against the 1 GB a GitHub Pages site may publish.

Nothing stops a build from growing past GitHub's documented limit, so `build` and `check` warn at 80%.
A size is the published files' own bytes (as `ls -l` shows; the Pages artifact is a tar of exactly
those files), not the blocks they take on disk nor the compressed upload. 1 GB is taken as 10^9 bytes,
the smaller reading, which leaves room for the tar's 512-byte header per file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from citypages.base.diagnostics import Diagnostic, warning

ADVICE = "docs/performance.md#outgrowing-github-pages"


@dataclass(frozen=True)
class Host:
    """Where the site is published, and the most it may publish (bytes)."""

    name: str
    limit: int
    warn_share: float = 0.8  # warn once the site passes this share of its limit


GITHUB_PAGES = Host("GitHub Pages", 1_000_000_000)


@dataclass(frozen=True)
class SiteSize:
    """What a site weighs: its HTML pages, every file it publishes, and their bytes."""

    pages: int = 0
    page_bytes: int = 0
    files: int = 0
    total: int = 0

    def __add__(self, other: SiteSize) -> SiteSize:
        return SiteSize(self.pages + other.pages, self.page_bytes + other.page_bytes,
                        self.files + other.files, self.total + other.total)


def size_of(files: Iterable[tuple[str, int]]) -> SiteSize:
    """The size of these (path in the site, bytes) files; pages are the HTML files, as the build counts them."""
    listed = list(files)
    pages = [size for path, size in listed if path.endswith(".html")]
    return SiteSize(len(pages), sum(pages), len(listed), sum(size for _, size in listed))


def warning_for(size: SiteSize, where: Path, host: Host = GITHUB_PAGES,
                estimate: str | None = None) -> Diagnostic | None:
    """A warning once `size` passes the host's warning share, a stronger one past its limit; else None.
    `estimate` says how `check`, which writes nothing, reckoned the size."""
    if size.total <= host.limit * host.warn_share:
        return None
    what = f"the site would be about {shown_bytes(size.total)} ({estimate})" if estimate else (
        f"the site is {shown_bytes(size.total)}")
    if size.total > host.limit:
        head = f"{what}, more than the {shown_bytes(host.limit)} a {host.name} site may publish: the deploy may fail"
    else:
        head = f"{what}, {size.total / host.limit:.0%} of the {shown_bytes(host.limit)} a {host.name} site may publish"
    per_page = (f"; {size.pages:,} pages of {shown_bytes(size.page_bytes // size.pages)} on average, "
                f"{shown_bytes(size.total // size.pages)} a page with the share cards and other files"
                if size.pages else "")
    return warning(where, 0, 0, f"{head}{per_page}. Publish fewer cities or languages per site, split it into "
                                f"several sites, or move it to object storage behind a CDN: see {ADVICE}")


def shown_bytes(n: int) -> str:
    """Bytes in decimal units, as the host states its limit: 1 GB is 10^9 bytes."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= scale:
            value = n / scale
            return f"{value:.0f} {unit}" if value == int(value) or value >= 100 else f"{value:.1f} {unit}"
    return f"{n} bytes"
