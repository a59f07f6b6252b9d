"""Offline link check of a built site: every internal href/src/action resolves to a file.

An outbound <a href> may point anywhere on the web (a visitor chooses to follow it), but
anything a page loads or sends to (src, <link href>, <form action>) must be on the site
or start with an allowed prefix: that proves statically that no third party is contacted
unless the visitor follows a link or sends the form.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class BrokenLink:
    file: str
    line: int
    url: str
    why: str


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, int]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for key in ("href", "src", "action"):
            if a.get(key) is not None and not (tag == "link" and a.get("rel") in ("canonical", "alternate")):
                self.links.append((tag, a[key], self.getpos()[0]))


def broken_links(root: Path, base_path: str = "/", allowed_external: tuple[str, ...] = ()) -> list[BrokenLink]:
    """Every link in root/**/*.html that points at no file, no id, or an unexpected host."""
    root = root.resolve()
    pages: dict[Path, _Links] = {}
    for f in root.rglob("*.html"):
        parser = _Links()
        parser.feed(f.read_text(encoding="utf-8"))
        pages[f] = parser
    bad = []
    for f, parser in pages.items():
        shown = str(f.relative_to(root))
        for tag, url, line in parser.links:
            parts = urlsplit(url)
            if parts.scheme in ("mailto", "tel", "sms", "data"):
                continue
            if parts.scheme or parts.netloc:
                if parts.scheme not in ("http", "https"):
                    bad.append(BrokenLink(shown, line, url, "not a web address"))
                elif tag != "a" and not url.startswith(allowed_external):
                    bad.append(BrokenLink(shown, line, url, "external"))
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                if not path.startswith(base_path):
                    bad.append(BrokenLink(shown, line, url, "outside the base path"))
                    continue
                target = root / path[len(base_path):]
            else:
                target = f.parent / path if path else f
            if target.is_dir() or path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                bad.append(BrokenLink(shown, line, url, "missing"))
                continue
            target = target.resolve()
            if parts.fragment and target in pages and parts.fragment not in pages[target].ids:
                bad.append(BrokenLink(shown, line, url, "no such id"))
    return bad


_FORM_ACTION = re.compile(r"form-action ([^;\"]*)")


def csp_form_origins(root: Path) -> tuple[str, ...]:
    """The form origins the pages' own Content-Security-Policy allows (the site's form service)."""
    found: set[str] = set()
    for f in root.rglob("*.html"):
        for m in _FORM_ACTION.finditer(f.read_text(encoding="utf-8")):
            found.update(f"{o}/" for o in m.group(1).split() if o.startswith("https://"))
    return tuple(sorted(found))


def main(argv: list[str] | None = None) -> int:
    """`python tests/linkcheck.py _site [--base-path /repo/]`: the pull-request check's link check."""
    parser = argparse.ArgumentParser(description="Check every link of a built site, offline.")
    parser.add_argument("folder", type=Path, help="the built site")
    parser.add_argument("--base-path", default="/", help="the path the site was built for (default: /)")
    args = parser.parse_args(argv)
    allowed = csp_form_origins(args.folder)
    bad = broken_links(args.folder, args.base_path, allowed)
    for link in bad:
        print(f"{link.file}:{link.line}: error: {link.why}: {link.url}")
    pages = sum(1 for _ in args.folder.rglob("*.html"))
    print(f"{len(bad)} broken link{'s' * (len(bad) != 1)} in {pages} pages"
          f"{' (forms may post to ' + ', '.join(allowed) + ')' if allowed else ''}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
