"""The whole build in one direction, load -> validate -> plan -> render -> write: `check_site` writes nothing,
`build_site` goes on only with no error at all, so the last good output/ survives every editor's mistake."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from citypages.base import cache, parallel
from citypages.base.diagnostics import Diagnostic, InputError, has_errors
from citypages.cards import share_cards
from citypages.check import validate
from citypages.copy import content_pages
from citypages.lint import advice
from citypages.load import cities_load, readers
from citypages.load.inputs import SiteInput
from citypages.model import host_limits
from citypages.plan import plan
from citypages.read import links, load
from citypages.responses import counts
from citypages.write import manifest, unchanged, write

KEPT = "kept"  # the folder of the build's cache that holds share cards and the ZIP lookup by their key


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    cities: int = 0
    seconds: float = 0.0
    written: int = 0
    deleted: int = 0
    size_warning: Diagnostic | None = None  # the site passes most of what its host publishes: always shown
    counted_warnings: int = 0  # counted, not kept: check's (with `today`), or the last build's (nothing changed)
    cache_dir: Path | None = None  # where the build kept what the next one needs

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    @property
    def about_cache(self) -> list[Diagnostic]:
        """What the build found wrong in its cache, which check never reads: a build shows these."""
        return [d for d in self.diagnostics if not d.is_error and self.cache_dir is not None
                and self.cache_dir in d.path.parents]

    @property
    def unshown_warnings(self) -> int:
        """The warnings a build counts and leaves to check to show (all but about_cache and size_warning)."""
        shown = len(self.about_cache) + (self.size_warning is not None)
        return sum(1 for d in self.diagnostics if not d.is_error) - shown + self.counted_warnings


def load_site(root: Path, base_url: str | None = None, cache_dir: Path | None = None,
              workers: int | None = None) -> tuple[SiteInput | None, list[Diagnostic]]:
    """Read and validate every input file (cities.yaml with `workers`, from `cache_dir`); nothing is written."""
    root = Path(root)
    if problems := links.outside_the_site(root):  # before anything is read through such a link
        return None, problems
    raw_site, diags = load.yaml_file(root / "site.yaml", Path("site.yaml"))
    site, problems = validate.site(raw_site)
    diags += problems
    if site is not None and base_url is not None:
        site, problems = validate.base_url(site, base_url)
        diags += problems
    theme, problems = readers.theme(root, site)
    diags += problems
    if site is None:  # nothing below can be checked without the settings
        return None, diags
    page_files = readers.page_files(root)
    page_slugs = frozenset(p.name.split(".")[0] for p in page_files)
    loaded = cities_load.cities(root, site, page_slugs, cache_dir, workers)
    cities = loaded.cities
    diags += loaded.diagnostics + validate.cities_with_site(cities, site)
    site_line = raw_site.value["default_campaign"].line if raw_site is not None else 0
    campaigns, problems = readers.campaigns(root, site, cities, site_line)
    diags += problems
    page_sources, problems = readers.pages(root, site, page_files)
    diags += problems
    page_copies, problems = content_pages.compile_pages(site, page_sources)
    diags += problems
    signatures, problems = counts.read(root)
    diags += problems
    if has_errors(diags) or theme is None:
        return None, diags
    pages = content_pages.fill(site, page_copies, content_pages.values(site, cities))  # the privacy page's facts
    diags += share_cards.warnings(site, cities, plan.card_style(root))
    return SiteInput(root, site, tuple(cities), campaigns, tuple(pages), theme, loaded.keys, loaded.cache,
                     signatures), diags


def check_site(root: Path, base_url: str | None = None, today: dt.date | None = None,
               deploy: bool = False, host: host_limits.Host = host_limits.GITHUB_PAGES) -> list[Diagnostic]:
    """Validate everything and render every page in memory, write nothing; `today` adds the editor's warnings."""
    root = Path(root)
    inp, diags = load_site(root, base_url)
    if inp is None:
        return diags
    if today is not None:
        diags += advice.check_warnings(inp, today, deploy)
    units = plan.site(inp, drafts=True).units  # planned once: rendered here, and counted for the size
    try:
        rendered = [(page.path, len(page.content)) for page in plan.template_pages(units)]
    except InputError as exc:
        return diags + exc.diagnostics
    out_dir = root / "output"
    last, _ = manifest.read(cache.default_folder(root, out_dir), out_dir.absolute())
    return diags + plan.size_warning(inp, rendered, units, host, last)


def build_site(root: Path, out_dir: Path | None = None, base_url: str | None = None,
               drafts: bool = False, workers: int | None = None, progress: write.Progress | None = None,
               adjust: Callable[[SiteInput], SiteInput] | None = None, today: dt.date | None = None,
               host: host_limits.Host = host_limits.GITHUB_PAGES, cache_dir: Path | None = None) -> BuildResult:
    """Check, then bring output/ up to date; on any error the old output/ stays. `adjust` changes the input
    before rendering (the preview's forms); with `today`, check's warnings are counted (shown on an error)."""
    start = time.perf_counter()
    root = Path(root)
    out_dir = Path(out_dir) if out_dir is not None else root / "output"
    cache_dir = Path(cache_dir) if cache_dir is not None else cache.default_folder(root, out_dir)
    options = (base_url, drafts, host, str(out_dir.absolute()))
    inputs = unchanged.inputs_key(root, options, today) if adjust is None else None  # the preview's own
    write.recover(out_dir.absolute())
    if (stamp := unchanged.matching(cache_dir, out_dir, inputs)) is not None:  # as the last build left it
        size_warning = host_limits.warning_for(stamp.size, Path(out_dir.name), host)
        return BuildResult(diagnostics=[size_warning] if size_warning else [], pages=stamp.pages, cities=stamp.cities,
                           seconds=time.perf_counter() - start, size_warning=size_warning,
                           counted_warnings=stamp.warnings)
    inp, diags = load_site(root, base_url, cache_dir=cache_dir, workers=workers)
    result = BuildResult(diagnostics=diags, cache_dir=cache_dir)
    if inp is None:
        return result
    checked = inp  # check's warnings are found after the write: a large site's are many, and no worker needs them
    inp = adjust(inp) if adjust is not None else inp
    planned = plan.site(inp, drafts, kept=cache_dir / KEPT)
    planned.units.append(plan.static_files(root))
    try:
        done = write.site(planned.units, planned.key, out_dir, cache_dir,
                          parallel.workers_for(len(planned.units), workers), progress)
    except InputError as exc:
        result.diagnostics += (advice.check_warnings(checked, today) if today else []) + exc.diagnostics
        return result
    if inp.cities_cache is not None:
        cities_load.keep(cache_dir, inp.cities_cache)
    if done.full:  # cards and ZIP files no unit has any more: a full build goes through every unit anyway
        cache.prune(cache_dir / KEPT, (u.key for u in planned.units if u.kept))
    result.counted_warnings = advice.count_check_warnings(checked, today) if today is not None else 0
    result.pages, result.written, result.deleted = done.size.pages, done.written, done.deleted
    result.diagnostics += done.diagnostics
    result.size_warning = host_limits.warning_for(done.size, Path(out_dir.name), host)
    result.diagnostics += [result.size_warning] if result.size_warning else []
    result.cities = sum(1 for c in inp.cities if drafts or not c.draft)
    left = unchanged.manifest_digest(cache_dir) if inputs is not None else None
    if left is not None and unchanged.inputs_key(root, options, today) == inputs:  # nothing saved meanwhile
        cache.write(cache_dir / unchanged.STAMP, unchanged.Stamp(inputs, left, result.pages, result.cities,
                                                                 result.unshown_warnings, done.size))
    result.seconds = time.perf_counter() - start
    return result
