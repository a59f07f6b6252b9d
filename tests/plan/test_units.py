"""units.Units: the plan's units made when reached give the same sequence as a list made up front."""

import pytest

from citypages.plan.units import Units


def made(calls):
    def make(city):
        calls.append(city)
        return [f"page {city}", f"card {city}"]
    return make


def test_units_read_like_the_list_made_up_front():
    calls = []
    units = Units()
    units.append("first")
    units.add_made(["a", "b", "c"], made(calls))
    units.append("index")
    units += ["404", "sitemap"]
    expected = ["first", "page a", "card a", "page b", "card b", "page c", "card c", "index", "404", "sitemap"]
    assert len(units) == len(expected)
    assert list(units) == expected
    assert [units[i] for i in range(len(units))] == expected
    assert units[-1] == "sitemap" and units[2:4] == ["card a", "page b"]
    with pytest.raises(IndexError):
        units[len(expected)]


def test_a_city_is_made_once_for_its_page_and_card_asked_in_turn():
    calls = []
    units = Units()
    units.add_made(["a", "b"], made(calls))
    calls.clear()  # the first city is made once up front, to count its units
    assert [units[i] for i in range(4)] == ["page a", "card a", "page b", "card b"]
    assert calls == ["a", "b"]


def test_no_cities_make_no_units():
    units = Units()
    units.add_made([], made([]))
    units.append("robots")
    assert list(units) == ["robots"]


def test_a_city_that_makes_another_number_of_units_is_refused():
    units = Units()
    units.add_made([1, 2], lambda n: ["x"] * n)
    with pytest.raises(ValueError, match="makes 2 units, not 1"):
        list(units)
