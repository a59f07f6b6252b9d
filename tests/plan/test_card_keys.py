"""Each input reaches the keys of the units made from it, and no others (plan/keys.py).

A share card is drawn again only when its key changes, so the texts site.yaml and cities.yaml give
per language are in the key of that language's cards only: an edit of the Spanish title redraws the
Spanish cards and leaves the English ones in the cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from theme_site import site_yaml

from citypages.pipeline import load_site
from citypages.plan import plan

SITE = site_yaml().replace("title: Tiny Test Site\n", "title: {en: Tiny Test Site, es: Sitio de prueba}\n")
CITIES = ("- {name: Boston, state: MA, mayor: {name: Michelle Wu, title: {en: Mayor, es: Alcaldesa}}}\n"
          "- {name: Springfield, state: IL, mayor: {name: Pat Doe}}\n")


def _card_keys(root: Path) -> dict[str, str]:
    inp, diags = load_site(root)
    assert inp is not None, [d.as_text() for d in diags]
    return {u.name: u.key for u in plan.site(inp).units if u.name.startswith("card/")}


def _changed(make_site, old: str, new: str) -> set[str]:
    site = make_site({"site.yaml": SITE, "cities.yaml": CITIES})
    before = _card_keys(site)
    assert sorted(before) == ["card/en/boston-ma", "card/en/springfield-il", "card/es/boston-ma",
                              "card/es/springfield-il"]
    for name in ("site.yaml", "cities.yaml"):
        path = site / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new), encoding="utf-8")
    after = _card_keys(site)
    return {name for name in before if before[name] != after[name]}


@pytest.mark.parametrize(("old", "new", "redrawn"), [
    ("es: Sitio de prueba", "es: Otro sitio", {"card/es/boston-ma", "card/es/springfield-il"}),
    ("en: Tiny Test Site", "en: Another Site", {"card/en/boston-ma", "card/en/springfield-il"}),
    ("es: Alcaldesa", "es: Regidora", {"card/es/boston-ma"}),
    ("en: Mayor", "en: City Mayor", {"card/en/boston-ma"}),
    ("name: Michelle Wu", "name: Michelle Woo", {"card/en/boston-ma", "card/es/boston-ma"}),
    ("description: A tiny site the tests build.", "description: Another sentence.", set()),  # on no card
])
def test_a_text_given_per_language_redraws_only_that_languages_cards(make_site, old, new, redrawn):
    assert _changed(make_site, old, new) == redrawn
