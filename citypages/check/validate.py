"""Raw YAML values -> frozen model objects, or every diagnostic (not only the first), to fix in one go."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from citypages import forms
from citypages.base.diagnostics import Diagnostic, error, has_errors, warning
from citypages.base.urls import is_http_url
from citypages.model import schema
from citypages.model.site import City, FormSettings, Location, Mayor, Policy, Site
from citypages.places import states
from citypages.places.languages import segment
from citypages.places.slugs import RESERVED, slugify
from citypages.read.load import Raw

T = TypeVar("T")
CITY_SCHEMA = schema.load("cities")["items"]  # one entry of cities.yaml


def site(raw: Raw | None, path: Path = Path("site.yaml")) -> tuple[Site | None, list[Diagnostic]]:
    """site.yaml -> Site. The form section is checked by its provider's adapter."""
    if raw is None:
        return None, []
    v, site_schema = raw.value, schema.load("site")
    diags = schema.check(raw, site_schema)
    if diags:
        return None, diags
    form = form_settings(v["form"])
    diags += forms.check(form)
    if has_errors(diags):
        return None, diags
    settings = {key: schema.setting(v, site_schema, key) for key in Site.schema_fields}
    for key in PER_LANGUAGE:  # one text, or one per language, as a mayor's title; left out, Site's defaults
        default = site_schema["properties"][key].get("default")
        if key in v:
            settings[key], settings[f"{key}s"] = _in_languages(v[key], settings["languages"][0], default)
        diags += _site_languages(raw, key, settings["languages"], default)
    result = Site(form=form, **settings)
    if len(set(result.languages)) != len(result.languages):
        diags.append(error(path, v["languages"].line, v["languages"].col, "a language is listed twice"))
    return (None if has_errors(diags) else result), diags


PER_LANGUAGE = ("title", "description")
"""The keys of site.yaml that may give one text per language (Site.titles, Site.descriptions)."""


def _site_languages(raw: Raw, key: str, languages: tuple[str, ...], default: str | None) -> list[Diagnostic]:
    """A per-language `key` of site.yaml: an error for a language the site lacks or a first one missing
    without a `default` (the title), a warning for another missing one (its pages show the first's)."""
    texts = raw.value.get(key)
    if texts is None or not isinstance(texts.value, dict):
        return []
    diags = [error(raw.path, *texts.key_pos[lang], not_spoken(key, lang, languages))
             for lang in texts.value if lang not in languages]
    first, where = languages[0], raw.key_pos[key]
    for lang in (lang for lang in languages if lang not in texts.value):
        then = f"its pages show the '{first}' one" if lang != first else (
            "its pages show none" if default is not None else "the other languages fall back to it")
        diags.append((error if lang == first and default is None else warning)(
            raw.path, *where, f"{key}: no text for '{lang}'; {then}"))
    return diags


def not_spoken(what: str, lang: str, languages: tuple[str, ...]) -> str:
    """The message for a per-language text (a mayor's title, the site's title) in a language the site lacks."""
    return f"{what} for '{lang}', which is not in site.yaml's languages {list(languages)}"


def base_url(site: Site, given: str) -> tuple[Site, list[Diagnostic]]:
    """The site served from `given` (--base-url) instead of site.yaml's base_url, when it is an address."""
    if not is_http_url(given):
        return site, [error(Path("--base-url"), 0, 0, f"'{given}' is not an http(s) address")]
    return dataclasses.replace(site, base_url=given), []


def form_settings(raw: Raw, base: FormSettings | None = None) -> FormSettings:
    """A `form:` mapping as settings, remembering where each key is; its provider checks the options. A
    city's `form:` without a provider changes only some of the site's settings (e.g. its own `id`)."""
    options = {k: r.plain() for k, r in raw.value.items() if k != "provider"}
    positions = {k: raw.key_pos.get(k, (r.line, r.col)) for k, r in raw.value.items()}
    for key, r in raw.value.items():  # nested mappings (Google Forms' fields) point at their own lines
        if isinstance(r.value, dict):
            positions.update({f"{key}.{k}": r.key_pos.get(k, (v.line, v.col)) for k, v in r.value.items()})
    if "provider" in raw.value:
        provider = schema.as_text(raw.value["provider"])
    elif base is not None:
        provider = base.provider
        options = {**base.options, **options}
        positions.setdefault("provider", (raw.line, raw.col))
    else:
        provider = ""
    return FormSettings(provider, MappingProxyType(options), raw.path, raw.line, MappingProxyType(positions))


def cities(raw: Raw | None, site: Site, reserved: frozenset[str] = frozenset()) -> tuple[list[City], list[Diagnostic]]:
    """cities.yaml -> Cities. `reserved` adds the site's own page slugs to those no city may take."""
    if raw is None:
        return [], []
    if not isinstance(raw.value, list):
        return [], [schema.error_at(raw, "cities.yaml must be a list of cities, each starting with '- name: ...'")]
    taken = RESERVED | set(site.languages) | {segment(lang) for lang in site.languages} | reserved
    out: list[City] = []
    diags: list[Diagnostic] = []
    slug_lines: dict[str, int] = {}
    for item in raw.value:
        problems = schema.check(item, CITY_SCHEMA)
        explicit = item.value.get("slug") if isinstance(item.value, dict) else None
        if explicit is not None and _is_reserved(schema.as_text(explicit), taken):
            # '_inbox' also breaks the slug pattern; "reserved" is the message that says what to do
            problems = [d for d in problems if (d.line, d.col) != (explicit.line, explicit.col)]
            problems.append(_reserved(explicit, schema.as_text(explicit)))
        if problems:
            diags += problems
            continue
        city = _city(item, site)
        problem = _city_problem(item, city, taken, slug_lines)
        if problem:
            diags.append(problem)
            continue
        slug_lines[city.slug] = item.line
        out.append(city)
    return out, diags


def _city_problem(item: Raw, city: City, taken: frozenset[str], slug_lines: dict[str, int]) -> Diagnostic | None:
    """What the schema cannot see in a city: its state in its country's list, a slug it can have and keep."""
    state_problem = states.problem(city.country, city.state)  # Illinois -> IL, QC on a US city
    if state_problem:
        return schema.error_at(item.value["state"], state_problem)
    slug_raw = item.value.get("slug", item)
    if city.slug == "":
        return schema.error_at(item, f"cannot make a URL from the name '{city.name}'; add a 'slug:' line, "
                                     "e.g. slug: my-city")
    if _is_reserved(city.slug, taken):
        return _reserved(slug_raw, city.slug)
    if city.slug in slug_lines:
        return schema.error_at(slug_raw, f"duplicate slug '{city.slug}' (also used by the city on line "
                                   f"{slug_lines[city.slug]}); give one of them a different 'slug:'")
    return None


def cities_with_site(cities: Iterable[City], site: Site) -> list[Diagnostic]:
    """What a city's entry shows only next to site.yaml: its own form service, checked by that
    service's adapter, and languages (its own, its mayor's titles') the site does not have."""
    diags: list[Diagnostic] = []
    for city in cities:
        if city.form is not None:
            problems = forms.check(city.form)
            diags += problems
            if not has_errors(problems):  # a reviewer of the pull request sees where this city's petitions go
                diags.append(warning(city.form.path, *city.form.at("provider"), (
                    f"{city.name}: this city's petitions go to {forms.destination(city.form)}, "
                    "not to the site's form service; check that this host is the campaign's own")))
        messages = [f"language '{lang}' is not in site.yaml's languages"
                    for lang in city.languages or () if lang not in site.languages]
        messages += [not_spoken("mayor title", lang, site.languages)  # mayor: {title: {en: ..., es: ...}}
                     for lang, _ in city.mayor.titles if lang not in site.languages]
        diags += [error(Path("cities.yaml"), city.line, 1, f"{city.name}: {message}") for message in messages]
    return diags


MAX_DERIVED_SLUG = 80
"""A 10,000-character name is allowed; a file name that long is not (most systems stop at 255 bytes)."""


def _short(slug: str) -> str:
    """Cut a slug made from a long name at a hyphen; a clash it causes is caught as a duplicate slug."""
    if len(slug) <= MAX_DERIVED_SLUG:
        return slug
    head, hyphen, _ = slug[:MAX_DERIVED_SLUG + 1].rpartition("-")
    return head if hyphen else slug[:MAX_DERIVED_SLUG]


def page_name(slug: str, site: Site) -> str | None:
    """Why a file in content/pages/ cannot become an address (/<slug>/), or None when it can: it takes a
    city's slug pattern."""
    if not schema.pattern(CITY_SCHEMA["properties"]["slug"]["pattern"]).search(slug):
        return (f"the file name '{slug}' becomes the page's address; use only lowercase letters, digits and "
                "hyphens, like about-us.md")
    if _is_reserved(slug, RESERVED | set(site.languages)):
        return f"'{slug}' is an address the site itself uses; rename the file, e.g. to {slug}-page.md"
    return None


def _is_reserved(slug: str, taken: frozenset[str] | set[str]) -> bool:
    """Site paths, page slugs, and every two-letter slug: /es/ and any later language live there."""
    return slug in taken or (len(slug) == 2 and slug.isalpha())


def _reserved(raw: Raw, slug: str) -> Diagnostic:
    why = ("two-letter slugs are kept for language folders such as /es/" if len(slug) == 2 and slug.isalpha()
           else "the site's own pages use that path")
    return schema.error_at(raw, f"slug '{slug}' is reserved: {why}; set another 'slug:'")


def _city(item: Raw, site: Site) -> City:
    v = item.value
    policy = None
    if "policy" in v:
        p, policy_schema = v["policy"].value, CITY_SCHEMA["properties"]["policy"]
        policy = Policy(since=_date_or_year(p["since"].value) if "since" in p else None,
                        **{k: schema.setting(p, policy_schema, k) for k in Policy.schema_fields if k in p})
    location = schema.setting(v, CITY_SCHEMA, "location")  # {lat: ..., lon: ...} or None
    name, state = schema.as_text(v["name"]), _shared(schema.as_text(v["state"]))
    return City(
        name=name,
        state=state,
        slug=schema.setting(v, CITY_SCHEMA, "slug") or _short(slugify(name, state)),
        mayor=_mayor(v["mayor"].value, site),
        campaign=_shared(schema.setting(v, CITY_SCHEMA, "campaign") or site.default_campaign),
        country=_shared(schema.setting(v, CITY_SCHEMA, "country") or site.country),
        policy=policy,
        location=Location(float(location["lat"]), float(location["lon"])) if location else None,
        last_verified=_shared(_date_or_year(v["last_verified"].value)) if "last_verified" in v else None,
        form=form_settings(v["form"], site.form) if "form" in v else None,
        line=item.line,
        **{key: _shared(schema.setting(v, CITY_SCHEMA, key)) for key in City.schema_fields if key in v},
    )  # a plain field left out has the schema's default, as the model's own


def _mayor(raw: dict[str, Raw], site: Site) -> Mayor:
    """`title` is one text, or a mapping of language -> title (its first language's entry is the title)."""
    name = schema.as_text(raw["name"])
    mayor_schema = CITY_SCHEMA["properties"]["mayor"]
    contact = {k: schema.setting(raw, mayor_schema, k) for k in Mayor.schema_fields if k in raw}  # second action
    default = mayor_schema["properties"]["title"]["default"]
    titles = _in_languages(raw["title"], site.default_language, default) if "title" in raw else ()
    return Mayor(name, *titles, **contact)  # without a title, Mayor's defaults


def _in_languages(raw: Raw, first: str, default: str | None) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """One text, or a mapping of language -> text: (the `first` language's text or `default`, the pairs)."""
    if not isinstance(raw.value, dict):
        return _shared(schema.as_text(raw)), ()
    texts = tuple((_shared(lang), _shared(schema.as_text(v))) for lang, v in raw.value.items())
    return dict(texts).get(first, default), texts


_SHARED: dict[tuple[type, object], object] = {}
"""One object for each state code, status, title, language, date: thousands of cities share a few dozen.
A batch of cities is pickled to the loading process with each shared value once, so they stay shared there."""


def _shared(value: T) -> T:
    if value is None or len(_SHARED) > 10_000:  # a file of all different values is let be
        return value
    return _SHARED.setdefault((type(value), value), value)  # type: ignore[return-value]


def _date_or_year(value: object) -> int | dt.date:
    return value if isinstance(value, (int, dt.date)) else dt.date.fromisoformat(str(value))
