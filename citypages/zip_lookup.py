""""Find your city by ZIP code": same-origin lookup files mapping each US ZIP to its nearest pages.

The ZIP codes and their coordinates come from the `zipcodes` package (MIT; its data from
the USPS list of ZIP codes and GeoNames coordinates, CC BY 4.0, credited on the index
page), which ships them inside the package: nothing is downloaded at build or run time.
The build writes `zip/<first three digits>.json`, each {"02201": [["boston-ma", 0.1], ...]}
(the nearest cities with a location, nearest first, miles to one decimal), so a visitor's
browser fetches one small file from the site itself and nothing from anywhere else.
"""

from __future__ import annotations

import functools
import json
import math
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from citypages import manifest
from citypages.model import City, Page, Site
from citypages.write import Job

NEAREST = 3
UNIT = "zip-lookup"
SHARD_DIR = "zip"
SHARD_LIMIT = 20 * 1024
EARTH_MILES = 3958.8
CELL_DEGREES = 1.0
"""ZIPs are grouped in cells of this many degrees; each cell first narrows the cities worth measuring."""


@dataclass(frozen=True, slots=True)
class Place:
    """A point on the map: a ZIP code's centre or a city with a page."""

    name: str
    lat: float
    lon: float


_READ_ZIPS = """
import sys, zipcodes
for digit in "0123456789":  # a tenth at a time: the whole list of records at once takes 140 MB
    for z in zipcodes.similar_to(digit):
        try:
            sys.stdout.write(f"{z['zip_code']}\\t{float(z['lat'])!r}\\t{float(z['long'])!r}\\n")
        except (KeyError, TypeError, ValueError):  # a record without coordinates cannot be placed
            continue
"""
"""Prints each ZIP code and its centre on a line: the package's records are dicts of a dozen fields."""


@functools.cache
def us_zip_codes() -> tuple[Place, ...]:
    """Every US ZIP code the package knows (standard, PO box, unique, military) with its centre.

    The records are read in a fresh Python of their own (`-I`: nothing from the site's folder
    is imported), which hands back only what the lookup needs: the package keeps its whole
    dataset in memory once read (40 MB, 140 MB while it is unpacked), and a forked worker
    that read it would keep all that on top of the site it shares. Takes a second or two,
    so it happens once per process.
    """
    done = subprocess.run([sys.executable, "-I", "-c", _READ_ZIPS], capture_output=True, text=True,
                          encoding="utf-8", check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the ZIP codes could not be read from the zipcodes package: {done.stderr[-1000:]}")
    out = []
    for line in done.stdout.splitlines():
        name, lat, lon = line.split("\t")
        out.append(Place(name, float(lat), float(lon)))
    return tuple(sorted(out, key=lambda p: p.name))


def dataset_version() -> str:
    """The ZIP data's version, part of the lookup unit's key: a new release rewrites the files."""
    from importlib.metadata import version

    return f"zipcodes {version('zipcodes')}"


def city_places(cities: Iterable[City]) -> list[Place]:
    """The cities that can be found by ZIP: those with a location, by slug."""
    return [Place(c.slug, c.location.lat, c.location.lon) for c in cities if c.location is not None]


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    la, lo = math.radians(lat), math.radians(lon)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


def _miles(dot: float) -> float:
    """Great-circle miles between two unit vectors, from their dot product."""
    return EARTH_MILES * math.acos(max(-1.0, min(1.0, dot)))


def nearest(zips: Sequence[Place], cities: Sequence[Place], k: int = NEAREST) -> dict[str, list[tuple[int, float]]]:
    """For each ZIP, the k nearest cities as (index into `cities`, miles), nearest first.

    ZIPs in one cell share a short list of candidates: a city can be among a ZIP's k nearest
    only if it is no farther from the cell's centre than the k-th nearest city plus the
    cell's radius twice over; only those are measured for each ZIP in the cell.
    """
    if not cities:
        return {}
    k = min(k, len(cities))
    vectors = [_unit(c.lat, c.lon) for c in cities]
    cells: dict[tuple[int, int], list[Place]] = {}
    for z in zips:
        cells.setdefault((math.floor(z.lat / CELL_DEGREES), math.floor(z.lon / CELL_DEGREES)), []).append(z)
    out: dict[str, list[tuple[int, float]]] = {}
    for members in cells.values():
        centre_lat = sum(z.lat for z in members) / len(members)
        centre_lon = sum(z.lon for z in members) / len(members)
        cx, cy, cz = _unit(centre_lat, centre_lon)
        members_v = [(z.name, _unit(z.lat, z.lon)) for z in members]
        radius = max(_miles(cx * x + cy * y + cz * z) for _, (x, y, z) in members_v)
        from_centre = [_miles(cx * x + cy * y + cz * z) for x, y, z in vectors]
        kth = sorted(from_centre)[k - 1]
        reach = kth + 2 * radius + 0.01
        candidates = [(*vectors[i], -i) for i, d in enumerate(from_centre) if d <= reach]
        for name, (x, y, z) in members_v:
            best = sorted([(x * a + y * b + z * c, neg) for a, b, c, neg in candidates], reverse=True)[:k]
            out[name] = [(-neg, round(_miles(dot), 1)) for dot, neg in best]
    return out


def shard_pages(zips: Sequence[Place], cities: Sequence[Place], k: int = NEAREST,
                limit: int = SHARD_LIMIT) -> list[Page]:
    """zip/<prefix>.json files: each ZIP under its first three digits, with its nearest cities' slugs.

    A file that would pass `limit` bytes (long slugs) says {"split":1} instead, and its ZIPs go
    one digit deeper (zip/0220.json, ...), which the page's script follows.
    """
    found = nearest(zips, cities, k)
    names = [json.dumps(c.name, ensure_ascii=True) for c in cities]
    entries = {z: f'"{z}":[' + ",".join(f"[{names[i]},{miles}]" for i, miles in found[z]) + "]" for z in found}
    out: list[Page] = []

    def write(prefix: str, members: list[str]) -> None:
        body = ("{" + ",".join(entries[z] for z in members) + "}").encode()
        if len(body) > limit and len(prefix) < max(len(z) for z in members):
            out.append(Page(f"{SHARD_DIR}/{prefix}.json", b'{"split":1}'))
            deeper: dict[str, list[str]] = {}
            for z in members:
                deeper.setdefault(z[: len(prefix) + 1], []).append(z)
            for sub, group in sorted(deeper.items()):
                write(sub, group)
        else:
            out.append(Page(f"{SHARD_DIR}/{prefix}.json", body))

    groups: dict[str, list[str]] = {}
    for zip_code in sorted(entries):
        groups.setdefault(zip_code[:3], []).append(zip_code)
    for prefix, members in sorted(groups.items()):
        write(prefix, members)
    return out


def pages(cities: Iterable[City]) -> list[Page]:
    """The lookup files for these cities, from the packaged US ZIP data."""
    return shard_pages(us_zip_codes(), city_places(cities))


def jobs(site: Site, cities: Sequence[City]) -> list[Job]:
    """The lookup files as one unit of the site, keyed by the data and every city's place.

    Off unless site.yaml says `zip_lookup: true` for a US site; a rebuild that moves no city
    and keeps the package's data writes nothing.
    """
    if not site.zip_lookup or site.country != "US":
        return []
    places = city_places(cities)
    key = manifest.key(dataset_version(), NEAREST, *(f"{p.name}={p.lat},{p.lon}" for p in places))
    return [Job(UNIT, key, lambda: pages(cities))]
