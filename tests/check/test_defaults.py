"""Each default is written once, in the schema files: the model and validation take it from there."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from citypages.check import validate
from citypages.lint import advice
from citypages.model import schema
from citypages.model.site import City, FormSettings, Mayor, Site
from citypages.read import load

SITE_YAML = """\
title: T
base_url: https://example.org/
languages: [en, es]
default_campaign: thanks
privacy_contact: p@example.org
form:
  provider: formspree
  id: abcdefgh
  recaptcha_disabled: true
"""


def _defaults(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if "default" in node:
            yield path, node
        for key, sub in node.get("properties", {}).items():
            yield from _defaults(sub, f"{path}.{key}".lstrip("."))
        if "items" in node:
            yield from _defaults(node["items"], path)


ALL = [(name, path, node) for name in ("site", "cities", "campaign") for path, node in _defaults(schema.load(name))]


@pytest.mark.parametrize(("name", "path", "node"), ALL, ids=[f"{n}:{p}" for n, p, _ in ALL])
def test_every_default_is_a_value_its_own_field_allows(name: str, path: str, node: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(node).validate(node["default"])
    assert schema.default(name, path) == node["default"]


def test_the_models_defaults_are_the_schemas() -> None:
    site_fields = {f.name: f.default for f in dataclasses.fields(Site)}
    for key in ("description", "organization", "country", "stale_after_days", "share_cards", "zip_lookup"):
        assert site_fields[key] == schema.default("site", key), key
    assert Mayor("Pat Doe").title == schema.default("cities", "mayor.title")
    city = City("Springfield", "IL", "springfield-il", Mayor("Pat Doe"), "thanks")
    assert (city.country, city.draft) == (schema.default("site", "country"), schema.default("cities", "draft"))
    assert schema.default("site", "stale_after_days") == advice.DEFAULT_STALE_AFTER_DAYS


def test_a_site_yaml_that_leaves_them_out_gets_the_schemas_defaults() -> None:
    raw, diags = load.yaml_text(SITE_YAML, Path("site.yaml"))
    site, diags = validate.site(raw)
    assert diags == [] and site is not None
    assert site.languages == ("en", "es")  # a list in YAML, a tuple in the frozen model
    assert (site.description, site.organization, site.country, site.stale_after_days, site.share_cards,
            site.zip_lookup, site.cname, site.repository) == ("", "", "US", 180, True, False, None, None)


def test_a_mayor_titled_only_in_another_language_is_the_schemas_default_title_in_the_first() -> None:
    site = Site(title="T", base_url="https://example.org/", languages=("en", "es"), default_campaign="thanks",
                privacy_contact="p@example.org", form=FormSettings("formspree"))
    raw, _ = load.yaml_text("- name: X\n  state: IL\n  mayor:\n    name: Pat\n    title: {es: Alcaldesa}\n",
                            Path("cities.yaml"))
    (city,), diags = validate.cities(raw, site)
    assert diags == []
    assert (city.mayor.title, city.mayor.titles, city.draft) == ("Mayor", (("es", "Alcaldesa"),), False)


def test_a_citys_plain_fields_are_read_as_the_schema_says_and_left_out_ones_get_its_defaults() -> None:
    site = Site(title="T", base_url="https://example.org/", languages=("en", "es"), default_campaign="thanks",
                privacy_contact="p@example.org", form=FormSettings("formspree"))
    text = ("- name: A\n  state: IL\n  mayor: {name: Pat}\n  status: welcoming\n  population: 12\n  draft: true\n"
            "  sources: [https://example.org/a]\n  languages: [es]\n  goal: 50\n"
            "- name: B\n  state: IL\n  mayor: {name: Lee}\n")
    raw, _ = load.yaml_text(text, Path("cities.yaml"))
    (full, bare), diags = validate.cities(raw, site)
    assert diags == []
    assert (full.status, full.population, full.draft, full.sources, full.languages, full.goal) == (
        "welcoming", 12, True, ("https://example.org/a",), ("es",), 50)
    assert (bare.status, bare.population, bare.draft, bare.sources, bare.languages, bare.goal) == (
        None, None, False, (), None, None)
