"""Every count chooses its words by its language's CLDR plural rules: Polish and Arabic, 0 to 101."""

from __future__ import annotations

import pytest

from citypages.load import readers
from citypages.render.templates import Theme
from citypages.responses import tally
from tests.conftest import SITES

POLISH = """signatures_count: "{count} osób podziękowało: {title} {name}."
signatures_count_one: "{count} osoba podziękowała: {title} {name}."
signatures_count_few: "{count} osoby podziękowały: {title} {name}."
signatures_count_many: "{count} osób podziękowało: {title} {name}."
signatures_none: "Podziękuj jako pierwsza osoba: {title} {name}."
signatures_total: "{count} osób podziękowało burmistrzom w {cities} miastach."
signatures_total_one: "{count} osoba podziękowała burmistrzowi."
signatures_total_few: "{count} osoby podziękowały burmistrzom w {cities} miastach."
signatures_total_many: "{count} osób podziękowało burmistrzom w {cities} miastach."
"""


@pytest.fixture
def strings(make_site):
    site = make_site({"site.yaml": (SITES / "tiny" / "site.yaml").read_text().replace("[en]", "[en, pl, ar]"),
                      "theme/i18n/pl.yaml": POLISH,
                      "theme/i18n/ar.yaml": (SITES / "arabic" / "i18n" / "ar.yaml").read_text(encoding="utf-8")})
    texts, _ = readers.strings(site, ("en", "pl", "ar"))
    return Theme(env=None, strings=texts).strings  # type: ignore[arg-type]


def sentence(strings: dict[str, str], count: int) -> str:
    view = tally.city_view(tally.Tally(count), strings, "Mayor", "Pat Doe")
    assert view is not None
    return view["sentence"]


@pytest.mark.parametrize(("count", "polish", "arabic"), [
    (0, "Podziękuj jako pierwsza osoba", "كن أول من يشكر"),  # no one yet: an invitation, in every language
    (1, "1 osoba podziękowała", "شكر شخص واحد"),
    (2, "2 osoby podziękowały", "شكر شخصان"),
    (5, "5 osób podziękowało", "5 أشخاص شكروا"),
    (22, "22 osoby podziękowały", "22 شخصًا شكروا"),
    (101, "101 osób podziękowało", "101 شخص شكروا"),
])
def test_a_city_count_reads_right(strings, count, polish, arabic):
    assert sentence(strings["pl"], count).startswith(polish)
    assert sentence(strings["ar"], count).startswith(arabic)


@pytest.mark.parametrize(("count", "polish"), [(2, "2 osoby"), (5, "5 osób"), (22, "22 osoby"), (101, "101 osób")])
def test_the_index_total_reads_right(strings, count, polish):
    from citypages.responses.counts import Signatures

    view = tally.index_view(Signatures({("thanks", "a"): count}, True), [("thanks", "a")], strings["pl"])
    assert view is not None and view["sentence"].startswith(polish + " podzięk")


def test_english_keeps_one_and_other(strings):
    assert sentence(strings["en"], 1) == "1 neighbor has thanked Mayor Pat Doe."
    assert sentence(strings["en"], 2) == "2 neighbors have thanked Mayor Pat Doe."


def test_the_i18n_check_names_a_form_a_language_lacks(make_site, run_cli):
    lacking = POLISH.replace('signatures_count_few: "{count} osoby podziękowały: {title} {name}."\n', "")
    site = make_site({"site.yaml": (SITES / "tiny" / "site.yaml").read_text().replace("[en]", "[en, pl]"),
                      "theme/i18n/pl.yaml": lacking})
    result = run_cli(site, "check")
    assert ("theme/i18n/pl.yaml: warning: no 'signatures_count_few': pl counts 2 in its 'few' form, which "
            "would read as 'signatures_count' does; add signatures_count_few") in result.err
    assert "signatures_total_few" not in result.err
