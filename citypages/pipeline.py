"""The whole build in one direction: load -> validate -> render -> write.

`check_site` stops after validation and writes nothing; `build_site` goes on only when
there is no error at all, so the last good output/ survives every editor's mistake.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup

from citypages import campaign as campaigns_mod
from citypages import (
    cities_load,
    forms,
    freshness,
    gaps,
    host_limits,
    load,
    manifest,
    parallel,
    render,
    schema,
    site_size,
    usmap,
    validate,
    write,
)
from citypages import links as site_links
from citypages import share_cards as cards
from citypages import zip_lookup as zip_files
from citypages.advice import editor_warnings as advice_warnings
from citypages.campaign import Campaign
from citypages.diagnostics import Diagnostic, InputError, error, has_errors, warning
from citypages.i18n_check import copy_files, theme_files
from citypages.model import City, Page, Site
from citypages.placeholders import Filled, Names
from citypages.render import ContentPage, Theme
from citypages.responses import counts, tally
from citypages.units import Units

T = TypeVar("T")


@dataclass(frozen=True)
class SiteInput:
    """Everything a build needs, loaded and validated."""

    root: Path
    site: Site
    cities: tuple[City, ...]
    campaigns: dict[tuple[str, str], Campaign]
    pages: tuple[ContentPage, ...]
    theme: Theme
    city_keys: dict[str, str] = field(default_factory=dict)
    cities_cache: cities_load.Dump | None = None
    signatures: counts.Signatures = field(default_factory=counts.Signatures)  # signatures.json
    today: dt.date = field(default_factory=dt.date.today)  # a campaign's closes: is compared with it


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    cities: int = 0
    seconds: float = 0.0
    written: int = 0
    deleted: int = 0
    size_warning: Diagnostic | None = None  # the site passes most of what its host publishes: always shown

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def load_site(root: Path, base_url: str | None = None, cache_dir: Path | None = None,
              jobs: int | None = None) -> tuple[SiteInput | None, list[Diagnostic]]:
    """Read and validate every input file; all problems are returned, nothing is written.

    `cache_dir` holds what the last build learnt from cities.yaml (see cities_load.py);
    `jobs` caps the processes a large cities.yaml is parsed in.
    """
    root = Path(root)
    if problems := site_links.outside_the_site(root):  # before anything is read through such a link
        return None, problems
    diags: list[Diagnostic] = []
    raw_site, problems = load.yaml_file(root / "site.yaml", Path("site.yaml"))
    diags += problems
    site, problems = validate.site(raw_site)
    diags += problems
    if site is not None and base_url is not None:
        if schema.is_http_url(base_url):
            site = dataclasses.replace(site, base_url=base_url)
        else:
            diags.append(error(Path("--base-url"), 0, 0, f"'{base_url}' is not an http(s) address"))
    theme, problems = _load_theme(root, site)
    diags += problems
    if site is None:  # nothing below can be checked without the settings
        return None, diags
    page_files = sorted((root / "content" / "pages").glob("*.md"))
    page_slugs = frozenset(p.name.split(".")[0] for p in page_files)
    loaded = cities_load.cities(root, site, page_slugs, cache_dir, jobs)
    cities = loaded.cities
    diags += loaded.diagnostics
    for city in cities:
        if city.form is not None:
            problems = forms.check(city.form)
            diags += problems
            if not has_errors(problems):  # a reviewer of the pull request sees where this city's petitions go
                diags.append(warning(city.form.path, *city.form.at("provider"), (
                    f"{city.name}: this city's petitions go to {forms.destination(city.form)}, "
                    "not to the site's form service; check that this host is the campaign's own")))
        if city.languages is not None:
            for lang in city.languages:
                if lang not in site.languages:
                    diags.append(error(Path("cities.yaml"), city.line, 1,
                                       f"{city.name}: language '{lang}' is not in site.yaml's languages"))
        for lang, _ in city.mayor.titles:  # mayor: {title: {en: ..., es: ...}}
            if lang not in site.languages:
                diags.append(error(Path("cities.yaml"), city.line, 1, f"{city.name}: mayor title for '{lang}', "
                                   f"which is not in site.yaml's languages {list(site.languages)}"))
    site_line = raw_site.value["default_campaign"].line if raw_site is not None else 0
    campaigns, problems = _load_campaigns(root, site, cities, site_line)
    diags += problems
    pages, problems = _load_pages(root, site, page_files, cities)
    diags += problems
    signatures, problems = counts.read(root)
    diags += problems
    if has_errors(diags) or theme is None:
        return None, diags
    diags += cards.warnings(site, cities, cards.theme_style(root / "theme"))
    return SiteInput(root, site, tuple(cities), campaigns, tuple(pages), theme, loaded.keys, loaded.cache,
                     signatures), diags


def check_site(root: Path, base_url: str | None = None, today: dt.date | None = None,
               deploy: bool = False, host: host_limits.Host = host_limits.GITHUB_PAGES) -> list[Diagnostic]:
    """Validate everything and render every page in memory; write nothing.

    With `today`, also the editor's warnings (see editor_warnings); with `deploy`, the
    sample site's values in site.yaml are errors; a site that would pass most of what
    `host` publishes is a warning.
    """
    inp, diags = load_site(root, base_url)
    if inp is None:
        return diags
    if today is not None:
        diags += editor_warnings(inp, today, deploy)
    units = plan_site(inp, drafts=True)[1]  # planned once: rendered here, and counted for the size
    rendered: list[tuple[str, int]] = []
    try:
        for page in _template_pages(units):
            rendered.append((page.path, len(page.content)))
    except InputError as exc:
        diags += exc.diagnostics
        return diags
    return diags + _size_estimate(inp, rendered, units, host)


def _size_estimate(inp: SiteInput, rendered: list[tuple[str, int]], units: Sequence[write.Job],
                   host: host_limits.Host) -> list[Diagnostic]:
    """check's reckoning of the published site's size (see site_size.estimate): drafts are not published."""
    draft_langs = [(c, lang) for c in inp.cities if c.draft for lang in render.city_languages(inp.site, c)]
    drafts = tuple(render.city_path(inp.site, c, lang) for c, lang in draft_langs)
    draft_cards = {f"{cards.UNIT_PREFIX}{lang}/{c.slug}" for c, lang in draft_langs}
    guess = site_size.estimate((f for f in rendered if not f[0].startswith(drafts)), inp.root / "theme" / "static",
                               [job for job in units
                                if job.unit.startswith(cards.UNIT_PREFIX) and job.unit not in draft_cards],
                               any(job.unit == zip_files.UNIT for job in units), inp.root / "output")
    found = host_limits.warning_for(guess.size, Path("cities.yaml"), host, guess.how)
    return [found] if found else []


def editor_warnings(inp: SiteInput, today: dt.date, deploy: bool = False) -> list[Diagnostic]:
    """What `check` adds to validation: stale entries, missing data, curly quotes, sample values,
    placeholders some cities leave empty."""
    return (freshness.stale_warnings(inp.cities, today, inp.site.stale_after_days)
            + advice_warnings(inp.root, inp.site, inp.cities, deploy)
            + gaps.empty_placeholders(inp.site, inp.campaigns, inp.cities))


def build_site(root: Path, out_dir: Path | None = None, base_url: str | None = None,
               drafts: bool = False, jobs: int | None = None, progress: write.Progress | None = None,
               adjust: Callable[[SiteInput], SiteInput] | None = None, today: dt.date | None = None,
               host: host_limits.Host = host_limits.GITHUB_PAGES) -> BuildResult:
    """Check, then bring output/ up to date (see write.py); on any error the old output/ stays.

    `jobs` caps the worker processes (None: one per core; a small site is always built in
    one); `progress` hears of each finished unit of the site; `adjust` changes the checked
    input before rendering (the preview points forms at the stand-in); with `today`, the
    result counts check's warnings too (see editor_warnings); a site past most of what
    `host` publishes is a warning (size_warning).
    """
    start = time.perf_counter()
    root = Path(root)
    out_dir = Path(out_dir) if out_dir is not None else root / "output"
    inp, diags = load_site(root, base_url, cache_dir=out_dir / manifest.STATE_DIR, jobs=jobs)
    result = BuildResult(diagnostics=diags)
    if inp is None:
        return result
    checked = inp  # check's warnings are found after the write: a large site's are many, and no worker needs them
    if adjust is not None:
        inp = adjust(inp)
    parallel.release_free_memory()
    gc.freeze()  # the loaded site lives to the end: spare the collector from walking it again and again
    site_key, units = plan_site(inp, drafts)
    units.append(_static_job(root / "theme" / "static"))
    workers = parallel.workers_for(len(units), jobs)
    state = {cities_load.CACHE_FILE: inp.cities_cache}
    try:
        done = write.site_incremental(units, site_key, out_dir, state, workers, progress)
    except InputError as exc:
        result.diagnostics += (editor_warnings(checked, today) if today else []) + exc.diagnostics
        return result
    finally:
        gc.unfreeze()
    result.diagnostics += editor_warnings(checked, today) if today is not None else []
    result.pages, result.written, result.deleted = done.pages, done.written, done.deleted
    result.diagnostics += done.diagnostics
    result.size_warning = host_limits.warning_for(done.size, Path(out_dir.name), host)
    result.diagnostics += [result.size_warning] if result.size_warning else []
    result.cities = sum(1 for c in inp.cities if drafts or not c.draft)
    result.seconds = time.perf_counter() - start
    return result


def render_site(inp: SiteInput, drafts: bool = False) -> Iterator[Page]:
    """Every file of the site, one at a time, so memory does not grow with the site.

    Share cards and ZIP files are left out: they come from no template, and drawing them
    would make `check` as slow as a build.
    """
    return _template_pages(plan_site(inp, drafts)[1])


def _template_pages(jobs: Iterable[write.Job]) -> Iterator[Page]:
    for job in jobs:
        if not job.unit.startswith((cards.UNIT_PREFIX, zip_files.UNIT)):
            yield from job.render()


def plan_site(inp: SiteInput, drafts: bool = False) -> tuple[str, Units[write.Job]]:
    """The site as units to render, each with the key of the inputs its files depend on.

    The site key covers what every page depends on (engine, theme, UI strings, settings,
    the list of plain pages); a unit's own key adds what only it depends on: a city page
    its city's entry and its campaign's text, an index the entries of every city. A city's
    units are made only when they are reached (see units.py).
    """
    site, theme, root = inp.site, inp.theme, inp.root
    published = [c for c in inp.cities if drafts or not c.draft]
    site_key = manifest.key(manifest.engine_key(), manifest.tree_digest(root / "theme" / "templates"),
                            manifest.tree_digest(root / "theme" / "i18n"), repr(site), drafts,
                            sorted((p.slug, p.language) for p in inp.pages))
    campaign_keys = {k: _file_key(root / c.path) for k, c in inp.campaigns.items()}
    known = inp.city_keys
    city_keys = known if all(c.slug in known for c in published) else {
        c.slug: known.get(c.slug) or manifest.digest(repr(dataclasses.replace(c, line=0))) for c in published}
    jobs: Units[write.Job] = Units()
    card_style = cards.theme_style(root / "theme")
    for lang in site.languages:
        in_lang = [c for c in published if lang in render.city_languages(site, c)]
        jobs.add_made(in_lang, functools.partial(_city_jobs, inp, lang, city_keys, campaign_keys, card_style))
        listed = [(c.campaign, c.slug) for c in in_lang]
        total = tally.index_view(inp.signatures, listed, theme.strings[lang])
        key = manifest.key(lang, *(f"{c.slug}={city_keys[c.slug]}" for c in published), repr(total))
        jobs.append(_one(f"index/{lang}", key, root, render.index_page, theme, site, published, lang, total))
    for page in inp.pages:
        langs = [p.language for p in inp.pages if p.slug == page.slug]
        key = manifest.key(page.title, page.description, page.body, langs)
        jobs.append(_one(f"page/{page.language}/{page.slug}", key, root, render.content_page, theme, site, page,
                         langs))
    jobs += zip_files.jobs(site, published)  # zip/*.json for the home page's ZIP lookup, when enabled
    jobs.append(_one("404", "", root, render.not_found_page, theme, site))
    paths = functools.partial(_site_paths, site, published, inp.pages)
    jobs.append(write.Job("sitemap", manifest.key(*paths()),
                          lambda: [_guarded(root, render.sitemap, theme, site, list(paths()))]))
    jobs.append(_one("robots", "", root, render.robots, theme, site))
    jobs.append(write.Job("nojekyll", "", lambda: [Page(".nojekyll", b"")]))
    if site.cname:
        cname = Page("CNAME", f"{site.cname}\n".encode())
        jobs.append(write.Job("cname", "", lambda: [cname]))
    return site_key, jobs


def _city_jobs(inp: SiteInput, lang: str, city_keys: dict[str, str], campaign_keys: dict[tuple[str, str], str],
               card_style: cards.Style, city: City) -> list[write.Job]:
    """One city's units in one language: its pages, and its share card when the site draws them."""
    site, theme, root = inp.site, inp.theme, inp.root
    campaign = inp.campaigns[(city.campaign, lang)]
    counted = tally.for_city(inp.signatures, campaign, city, inp.today)
    key = f"{city_keys[city.slug]}:{campaign_keys[(city.campaign, lang)]}:{tally.key(counted)}"
    page = write.Job(f"city/{lang}/{city.slug}", key, functools.partial(  # lang is in the unit's name
        _guarded, root, render.city_pages, theme, site, campaign, city, lang,
        tally.city_view(counted, theme.strings[lang], city.mayor.title, city.mayor.name)))
    card_key = f"{city_keys[city.slug]}:{campaign_keys[(city.campaign, lang)]}"  # counts draw nothing
    headline = functools.partial(render.card_headline, theme, site, campaign, city, lang)
    return [page, *cards.jobs(site, city, lang, headline, card_key, card_style)]


def _site_paths(site: Site, published: list[City], pages: tuple[ContentPage, ...]) -> Iterator[str]:
    """Every page's path for the sitemap, in plan order: made again when asked, not kept."""
    for lang in site.languages:
        for city in published:
            if lang in render.city_languages(site, city):
                yield render.city_path(site, city, lang)
        yield render.language_prefix(site, lang)
    for page in pages:
        yield f"{render.language_prefix(site, page.language)}{page.slug}/"


def _one(unit: str, key: str, root: Path, make: Callable[..., Page], *args: Any) -> write.Job:
    return write.Job(unit, key, lambda: [_guarded(root, make, *args)])


def _static_job(static_dir: Path) -> write.Job:
    """theme/static/ copied as it is, and only when a file in it changed."""
    def copy() -> list[Page]:
        files = sorted(p for p in static_dir.rglob("*") if p.is_file()) if static_dir.is_dir() else []
        return [Page(f"static/{p.relative_to(static_dir).as_posix()}", p.read_bytes()) for p in files]
    return write.Job(write.STATIC_UNIT, manifest.tree_digest(static_dir), copy)


def _file_key(path: Path) -> str:
    try:
        return manifest.digest(path.read_bytes())
    except OSError:
        return ""


def _guarded(root: Path, make: Callable[..., T], *args: Any) -> T:
    """Run a render step; a template error becomes a diagnostic at the template's line."""
    try:
        return make(*args)
    except jinja2.TemplateError as exc:
        raise InputError([_template_error(exc, root)]) from exc


def _template_error(exc: jinja2.TemplateError, root: Path) -> Diagnostic:
    templates = (root / "theme" / "templates").resolve()
    message = f"template error: {getattr(exc, 'message', None) or exc}"
    if isinstance(exc, jinja2.TemplateNotFound):  # Jinja's message names our absolute search path
        message = f"template error: '{exc.name}' is not in theme/templates/; restore it or fix the name"
    elif isinstance(exc, jinja2.UndefinedError):
        message += " (a misspelt name, or one this page is not given)"
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        if path.is_absolute() and templates in path.resolve().parents:
            shown = path.resolve().relative_to(root.resolve())
            return error(shown, frame.lineno or 0, 1, message)
    return error(Path("theme/templates"), 0, 0, message)


def _load_theme(root: Path, site: Site | None) -> tuple[Theme | None, list[Diagnostic]]:
    templates_dir = root / "theme" / "templates"
    if not templates_dir.is_dir():
        return None, [error(Path("theme/templates"), 0, 0, "the theme's templates folder is missing")]
    env = render.theme_environment(templates_dir)
    diags = render.check_templates(env, Path("theme/templates"))
    languages = site.languages if site else ("en",)
    strings, problems = _load_strings(root, languages)
    diags += problems
    diags += theme_files(root, languages) + copy_files(root, languages)  # {nombre}, about.fr.md, sp.yaml
    if has_errors(diags):
        return None, diags
    outlines = usmap.read_outlines(root / "theme" / "data" / "us-states.json")
    return Theme(env, strings, outlines), diags


def _load_strings(root: Path, languages: tuple[str, ...]) -> tuple[dict[str, dict[str, str]], list[Diagnostic]]:
    """UI strings per language; a missing key or file falls back to the first language, with a warning."""
    diags: list[Diagnostic] = []
    out: dict[str, dict[str, str]] = {}
    base_lang = languages[0]
    for lang in languages:
        shown = Path("theme/i18n") / f"{lang}.yaml"
        path = root / shown
        if lang != base_lang and not path.exists():
            diags.append(warning(shown, 0, 0, f"no translation file for '{lang}'; using {base_lang} strings"))
            out[lang] = dict(out[base_lang])
            continue
        raw, problems = load.yaml_file(path, shown)
        diags += problems
        if raw is None:
            continue
        if not isinstance(raw.value, dict):
            diags.append(error(shown, raw.line, raw.col, "expected 'key: text' lines"))
            continue
        strings = {k: schema.as_text(v) for k, v in raw.value.items() if not isinstance(v.value, (dict, list))}
        if lang != base_lang and base_lang in out:
            for key in out[base_lang]:
                if key not in strings:
                    diags.append(warning(shown, 0, 0, f"missing translation '{key}'; using the {base_lang} text"))
            strings = {**out[base_lang], **strings}
        out[lang] = strings
    return out, diags


def _load_campaigns(root: Path, site: Site, cities: list[City],
                    site_line: int = 0) -> tuple[dict[tuple[str, str], Campaign], list[Diagnostic]]:
    diags: list[Diagnostic] = []
    wanted: dict[str, int] = {site.default_campaign: 0}
    for city in cities:
        wanted.setdefault(city.campaign, city.line)
    out: dict[tuple[str, str], Campaign] = {}
    for slug, line in wanted.items():
        for lang in site.languages:
            suffix = "" if lang == site.default_language else f".{lang}"
            shown = Path("content/campaigns") / f"{slug}{suffix}.md"
            if not (root / shown).exists():
                if lang != site.default_language and (slug, site.default_language) in out:
                    diags.append(warning(shown, 0, 0, f"no '{lang}' translation of campaign '{slug}'; "
                                                      f"the {site.default_language} copy is used"))
                    out[(slug, lang)] = out[(slug, site.default_language)]
                elif lang == site.default_language:
                    where = (Path("cities.yaml"), line) if line else (Path("site.yaml"), site_line)
                    diags.append(error(where[0], where[1], 1 if where[1] else 0,
                                       f"campaign '{slug}' not found: expected the file {shown}"))
                continue
            file, problems = load.read_text(root / shown, shown)
            diags += problems
            if file is None:
                continue
            parsed, problems = campaigns_mod.parse(load.split_front_matter(file), slug, lang)
            diags += problems
            if parsed is not None:
                out[(slug, lang)] = parsed
    diags += _unused_campaigns(root, site, set(wanted))
    return out, diags


def _unused_campaigns(root: Path, site: Site, used: set[str]) -> list[Diagnostic]:
    """Campaign files no city uses are checked all the same (a mistake would wait for the first city
    to use it), and each is a warning: perhaps a city's `campaign:` is misspelt."""
    diags: list[Diagnostic] = []
    for path in sorted((root / "content" / "campaigns").glob("*.md")):
        slug, _, lang = path.name.removesuffix(".md").partition(".")
        if slug in used or (lang and lang not in site.languages):
            continue
        shown = path.relative_to(root)
        file, problems = load.read_text(path, shown)
        diags += problems
        if file is not None:
            diags += campaigns_mod.parse(load.split_front_matter(file), slug, lang or site.default_language)[1]
        if not lang:
            diags.append(warning(shown, 0, 0, f"campaign '{slug}' is used by no city and is not site.yaml's "
                                              f"default_campaign; name it in a city's 'campaign: {slug}', "
                                              "or delete the file"))
    return diags


def _load_pages(root: Path, site: Site, files: list[Path],
                cities: list[City] | None = None) -> tuple[list[ContentPage], list[Diagnostic]]:
    """content/pages/<slug>.md (first language) and <slug>.<lang>.md, rendered once each.

    `form.*` comes from the form services' adapters (site's first, then cities' own), so the
    privacy page says what each service receives without anyone writing it by hand.
    """
    diags: list[Diagnostic] = []
    settings = [site.form, *(c.form for c in cities or () if c.form is not None and not forms.check_errors(c.form))]
    facts = forms.privacy_facts(forms.adapter(s) for s in settings)
    facts["hosts"] = ", ".join(dict.fromkeys(forms.destination(s) for s in settings))
    values = {"site.title": site.title, "site.organization": site.organization,
              "site.privacy_contact": site.privacy_contact,
              **{f"form.{k}": render.as_text(v) for k, v in facts.items()}}
    names: Names = {"site": {"title": None, "organization": None, "privacy_contact": None},
                                 "form": dict.fromkeys(facts)}
    out: list[ContentPage] = []
    for path in files:
        slug, _, lang = path.stem.partition(".")
        lang = lang or site.default_language
        if lang not in site.languages:
            continue
        shown = path.relative_to(root)
        problem = validate.page_name(slug, site)
        if problem:
            diags.append(error(shown, 0, 0, problem))
            continue
        file, problems = load.read_text(path, shown)
        diags += problems
        if file is None:
            continue
        md = load.split_front_matter(file)
        raw, problems = (load.yaml_text(md.front_matter, shown, md.front_matter_line - 1)
                         if md.front_matter is not None else (None, []))
        diags += problems
        if raw is None or not isinstance(raw.value, dict) or "title" not in raw.value:
            if not problems:
                diags.append(error(shown, 1, 1, "a page starts with front matter between '---' lines with a 'title:'"))
            continue
        body, problems = campaigns_mod.body_html(md.body, shown, md.body_line, names)
        diags += problems
        texts = {}
        for key in ("title", "description"):
            text, problems = (campaigns_mod.front_matter_text(raw.value[key], shown, names)
                              if key in raw.value else (Filled(()), []))
            diags += problems
            texts[key] = text
        if body is None or texts["title"] is None or texts["description"] is None:
            continue
        out.append(ContentPage(slug, lang, texts["title"].text(values), texts["description"].text(values),
                               Markup(body.html(values))))
    return out + _missing_page_translations(site, out, diags), diags


def _missing_page_translations(site: Site, pages: list[ContentPage],
                               diags: list[Diagnostic]) -> list[ContentPage]:
    """A page not translated yet is served in the default language at /<lang>/<slug>/, with a warning,
    so every language's footer links resolve."""
    have = {(p.slug, p.language) for p in pages}
    out: list[ContentPage] = []
    for page in pages:
        if page.language != site.default_language:
            continue
        for lang in site.languages[1:]:
            if (page.slug, lang) not in have:
                shown = Path("content/pages") / f"{page.slug}.{lang}.md"
                diags.append(warning(shown, 0, 0, f"no '{lang}' translation of page '{page.slug}'; "
                                                  f"the {site.default_language} text is used"))
                out.append(dataclasses.replace(page, language=lang, text_language=page.language))
    return out
