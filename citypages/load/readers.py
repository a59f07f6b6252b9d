"""The theme, its UI strings, the campaigns and the plain pages, read into values and every problem found:
campaign copy compiled as it is read, a plain page handed on as front matter and body for content_pages.py."""

from __future__ import annotations

from pathlib import Path

import jinja2

from citypages.base.diagnostics import Diagnostic, error, has_errors, warning
from citypages.check import validate
from citypages.check.i18n_check import copy_files, theme_files
from citypages.copy import campaign as campaigns_mod
from citypages.copy.campaign import Campaign
from citypages.copy.content_pages import PageSource
from citypages.load import effective_theme
from citypages.model import schema
from citypages.model.site import City, Site
from citypages.read import load
from citypages.render import templates, usmap
from citypages.render.templates import Theme


def page_files(root: Path) -> list[Path]:
    """content/pages/*.md, sorted: each becomes a page, and its slug one no city may take."""
    return sorted((root / "content" / "pages").glob("*.md"))


def theme(root: Path, site: Site | None) -> tuple[Theme | None, list[Diagnostic]]:
    """The effective theme (effective_theme.py) compiled, the UI strings of each language and the map's outlines."""
    env = templates.environment(root / "theme" / "templates")
    env.loader = jinja2.FileSystemLoader([str(d) for d in effective_theme.template_dirs(root)])  # overrides first
    diags = templates.check(env, Path("theme/templates"))
    languages = site.languages if site else ("en",)
    texts, problems = strings(root, languages)
    diags += problems + theme_files(root, languages) + copy_files(root, languages)  # {nombre}, about.fr.md, sp.yaml
    diags += effective_theme.stale_overrides(root, languages)
    if has_errors(diags):
        return None, diags
    outlines = usmap.read_outlines(effective_theme.file(root, "data/us-states.json"))
    return Theme(env, texts, outlines), diags


def strings(root: Path, languages: tuple[str, ...]) -> tuple[dict[str, dict[str, str]], list[Diagnostic]]:
    """UI strings per language: the site's theme/i18n/<lang>.yaml over the default theme's, so a key an
    upgrade adds is there; a missing key or file falls back to the first language, with a warning."""
    diags: list[Diagnostic] = []
    out: dict[str, dict[str, str]] = {}
    base_lang = languages[0]
    for lang in languages:
        shown = Path("theme/i18n") / f"{lang}.yaml"
        found = [p for p in (effective_theme.default_dir() / shown.relative_to("theme"), root / shown) if p.exists()]
        if lang != base_lang and not found:
            diags.append(warning(shown, 0, 0, f"no translation file for '{lang}'; using {base_lang} strings"))
            out[lang] = dict(out.get(base_lang, {}))  # none when the first language's file is broken (an error)
            continue
        texts: dict[str, str] = {}
        for path in dict.fromkeys(p.resolve() for p in found or [root / shown]):  # the same file once
            file_texts, problems = _strings_file(path, shown)
            diags += problems
            if file_texts is None:
                break
            texts.update(file_texts)
        else:
            if lang != base_lang and base_lang in out:
                diags += [warning(shown, 0, 0, f"missing translation '{key}'; using the {base_lang} text")
                          for key in out[base_lang] if key not in texts]
                texts = {**out[base_lang], **texts}
            out[lang] = texts
    return out, diags


def _strings_file(path: Path, shown: Path) -> tuple[dict[str, str] | None, list[Diagnostic]]:
    raw, problems = load.yaml_file(path, shown)
    if raw is None:
        return None, problems
    if not isinstance(raw.value, dict):
        return None, [*problems, error(shown, raw.line, raw.col, "expected 'key: text' lines")]
    return {k: schema.as_text(v) for k, v in raw.value.items() if not isinstance(v.value, (dict, list))}, problems


def campaigns(root: Path, site: Site, cities: list[City],
              site_line: int = 0) -> tuple[dict[tuple[str, str], Campaign], list[Diagnostic]]:
    """Every campaign a city or the site names, per language; a missing translation uses the default copy.
    `site_line` is where site.yaml names its default_campaign, for the error when that file is missing."""
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
                    path, at = (Path("cities.yaml"), _campaign_key(root, line)) if line else (
                        Path("site.yaml"), (site_line, 1 if site_line else 0))
                    diags.append(error(path, *at, f"campaign '{slug}' not found: expected the file {shown}"))
                continue
            parsed, problems = _campaign(root / shown, shown, slug, lang)
            diags += problems
            if parsed is not None:
                out[(slug, lang)] = parsed
    diags += _unused_campaigns(root, site, set(wanted))
    return out, diags


def _campaign(path: Path, shown: Path, slug: str, lang: str) -> tuple[Campaign | None, list[Diagnostic]]:
    file, problems = load.read_text(path, shown)
    if file is None:
        return None, problems
    parsed, more = campaigns_mod.parse(load.split_front_matter(file), slug, lang)
    return parsed, problems + more


def _campaign_key(root: Path, entry_line: int) -> tuple[int, int]:
    """Where the city starting at `entry_line` writes `campaign:`, read only when a campaign is missing
    (the loader keeps the entry's line, not each key's)."""
    raw, _ = load.yaml_file(root / "cities.yaml", Path("cities.yaml"))
    items = raw.value if raw is not None and isinstance(raw.value, list) else []
    entry = next((i for i in items if i.line == entry_line and isinstance(i.value, dict)), None)
    return entry.key_pos.get("campaign", (entry_line, 1)) if entry is not None else (entry_line, 1)


def _unused_campaigns(root: Path, site: Site, used: set[str]) -> list[Diagnostic]:
    """Campaign files no city uses, checked all the same (a mistake would wait for the first city to use
    it), and each a warning: perhaps a city's `campaign:` is misspelt."""
    diags: list[Diagnostic] = []
    for path in sorted((root / "content" / "campaigns").glob("*.md")):
        slug, _, lang = path.name.removesuffix(".md").partition(".")
        if slug in used or (lang and lang not in site.languages):
            continue
        shown = path.relative_to(root)
        diags += _campaign(path, shown, slug, lang or site.default_language)[1]
        if not lang:
            diags.append(warning(shown, 0, 0, f"campaign '{slug}' is used by no city and is not site.yaml's "
                                              f"default_campaign; name it in a city's 'campaign: {slug}', "
                                              "or delete the file"))
    return diags


def pages(root: Path, site: Site, files: list[Path]) -> tuple[list[PageSource], list[Diagnostic]]:
    """content/pages/<slug>.md (first language) and <slug>.<lang>.md, each with front matter and a title."""
    diags: list[Diagnostic] = []
    out: list[PageSource] = []
    for path in files:
        slug, _, lang = path.stem.partition(".")
        lang = lang or site.default_language
        if lang not in site.languages:
            continue
        shown = path.relative_to(root)
        if problem := validate.page_name(slug, site):
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
        out.append(PageSource(slug, lang, md, raw.value))
    return out, diags
