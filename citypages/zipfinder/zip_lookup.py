""""Find your city by ZIP code": same-origin lookup files mapping each US ZIP to its nearest pages.

From the ZIP codes the `zipcodes` package ships (nothing is downloaded), the build writes `zip/<first three
digits>.json`, each {"02201": [["boston-ma", 0.1], ...]} (nearest first, in miles), for the browser to fetch.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import json
import math
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import version

from citypages.base import parallel
from citypages.model.site import City, Page, Site
from citypages.model.unit import Unit

NEAREST = 3
UNIT = "zip-lookup"
SHARD_DIR = "zip"
SHARD_LIMIT = 20 * 1024
EARTH_MILES = 3958.8
CELL_DEGREES = 1.0  # ZIPs are grouped in cells of this many degrees, which share their candidate cities


@dataclass(frozen=True, slots=True)
class Place:
    """A point on the map: a ZIP code's centre or a city with a page."""

    name: str
    lat: float
    lon: float


Vector = tuple[float, float, float]  # a point as a unit vector from the Earth's centre

_READ_ZIPS = """
import sys, zipcodes
for digit in "0123456789":  # a tenth at a time: the whole list of records at once takes 140 MB
    for z in zipcodes.similar_to(digit):
        try:
            sys.stdout.write(f"{z['zip_code']}\\t{float(z['lat'])!r}\\t{float(z['long'])!r}\\n")
        except (KeyError, TypeError, ValueError):  # a record without coordinates cannot be placed
            continue
"""
"""Prints each ZIP code and its centre on a line, not the package's records of a dozen fields."""


@functools.cache
def us_zip_codes() -> tuple[Place, ...]:
    """Every US ZIP code the package knows with its centre, read in a fresh, isolated Python: the package
    keeps its whole dataset in memory once read (40 MB), which a forked worker would keep too."""
    done = subprocess.run([sys.executable, "-I", "-c", _READ_ZIPS], capture_output=True, text=True,
                          encoding="utf-8", check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the ZIP codes could not be read from the zipcodes package: {done.stderr[-1000:]}")
    rows = (line.split("\t") for line in done.stdout.splitlines())
    return tuple(sorted((Place(name, float(lat), float(lon)) for name, lat, lon in rows), key=lambda p: p.name))


def dataset_version() -> str:
    """The ZIP data's version, part of the lookup unit's key: a new release rewrites the files."""
    return f"zipcodes {version('zipcodes')}"


def city_places(cities: Iterable[City]) -> list[Place]:
    """The cities that can be found by ZIP: those with a location, by slug."""
    return [Place(c.slug, c.location.lat, c.location.lon) for c in cities if c.location is not None]


def _unit(lat: float, lon: float) -> Vector:
    la, lo = math.radians(lat), math.radians(lon)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


def _miles(dot: float) -> float:
    """Great-circle miles between two unit vectors, from their dot product."""
    return EARTH_MILES * math.acos(max(-1.0, min(1.0, dot)))


def nearest(zips: Sequence[Place], cities: Sequence[Place], k: int = NEAREST) -> dict[str, list[tuple[int, float]]]:
    """For each ZIP, the k nearest cities as (index into `cities`, miles), nearest first; ties go to the first.

    A cell's ZIPs share the candidates within its centre's k-th nearest city plus twice its radius,
    measured nearest the centre first until the triangle inequality rules out the rest."""
    if not cities:
        return {}
    k = min(k, len(cities))
    vectors = [_unit(c.lat, c.lon) for c in cities]
    grid = _Grid(cities)
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
        reach = _kth(grid, vectors, centre_lat, centre_lon, k) + 2 * radius + 0.01
        least = math.cos(min(math.pi, (reach + SLACK) / EARTH_MILES))  # no city within reach has a smaller dot
        candidates = []
        for i in grid.cap(centre_lat, centre_lon, (reach + SLACK) / EARTH_MILES):
            a, b, c = vectors[i]
            if (dot := cx * a + cy * b + cz * c) >= least and (from_centre := _miles(dot)) <= reach:
                candidates.append((from_centre, a, b, c, -i))
        candidates.sort()
        for name, (x, y, z) in members_v:
            out[name] = _best(candidates, x, y, z, _miles(cx * x + cy * y + cz * z) + SLACK, k)
    return out


SLACK = 1e-6  # miles kept in hand against rounding wherever a bound decides that a city need not be measured


def _kth(grid: _Grid, vectors: Sequence[Vector], lat: float, lon: float, k: int) -> float:
    """Miles from a point to its k-th nearest city: a cap that holds fewer than k doubles, and one
    whose k-th lies past its edge (a nearer city may be outside) grows to that k-th."""
    px, py, pz = _unit(lat, lon)
    angle = math.radians(grid.side)
    while True:
        near = grid.cap(lat, lon, angle)
        dots = heapq.nlargest(k, (px * vectors[i][0] + py * vectors[i][1] + pz * vectors[i][2] for i in near))
        if len(dots) < k:
            angle *= 2
            continue
        kth = _miles(dots[-1])
        if len(near) == len(vectors) or kth + SLACK < angle * EARTH_MILES:
            return kth
        angle = (kth + 2 * SLACK) / EARTH_MILES


def _best(candidates: Sequence[tuple[float, float, float, float, int]], x: float, y: float, z: float,
          away: float, k: int) -> list[tuple[int, float]]:
    """A ZIP's k nearest of the candidates (sorted by miles from the centre, the ZIP `away` from it)."""
    best: list[tuple[float, int]] = []  # a heap of the k best (dot, -index), the worst first
    bound = math.inf
    for from_centre, a, b, c, neg in candidates:
        if from_centre - away > bound:
            break
        item = (x * a + y * b + z * c, neg)
        if len(best) < k:
            heapq.heappush(best, item)
        elif item > best[0]:
            heapq.heapreplace(best, item)
        else:
            continue
        if len(best) == k:
            bound = _miles(best[0][0])
    return [(-neg, round(_miles(dot), 1)) for dot, neg in sorted(best, reverse=True)]


class _Grid:
    """The cities by cell of latitude and longitude (about one a cell), to list those that may lie within a cap:
    one of radius a at latitude p spans longitudes within asin(sin a / cos p) either way unless it reaches a
    pole (J. P. Matuschek, "Finding Points Within a Distance of a Latitude/Longitude Using Bounding Coordinates")."""

    def __init__(self, places: Sequence[Place]) -> None:
        lats, lons = [p.lat for p in places], [p.lon for p in places]
        spread = max(1.0, (max(lats) - min(lats)) * (max(lons) - min(lons)))
        self.side = min(30.0, max(CELL_DEGREES, math.sqrt(spread / len(places))))
        self.rows, self.cols = math.ceil(180 / self.side), math.ceil(360 / self.side)
        self.row_deg, self.col_deg = 180 / self.rows, 360 / self.cols  # whole cells: the columns meet at the date line
        self.count = len(places)
        self.cells: dict[tuple[int, int], list[int]] = {}
        for i, p in enumerate(places):
            self.cells.setdefault((self._row(p.lat), self._col(p.lon) % self.cols), []).append(i)

    def _row(self, lat: float) -> int:
        return min(self.rows - 1, max(0, math.floor((lat + 90) / self.row_deg)))

    def _col(self, lon: float) -> int:
        return math.floor((lon + 180) / self.col_deg)

    def cap(self, lat: float, lon: float, angle: float) -> Sequence[int]:
        """Every city within `angle` radians of the point, and some farther."""
        reach = math.degrees(angle) * (1 + 1e-9) + 1e-9
        if lat - reach <= -90 or lat + reach >= 90:
            first, last = 0, self.cols - 1
        else:
            ratio = math.sin(math.radians(reach)) / math.cos(math.radians(lat))
            wide = 180.0 if ratio >= 1 else math.degrees(math.asin(ratio)) * (1 + 1e-9) + 1e-9
            first, last = self._col(lon - wide), self._col(lon + wide)
            last = min(last, first + self.cols - 1)
        top, bottom = self._row(lat - reach), self._row(lat + reach)
        if (bottom - top + 1) * (last - first + 1) > self.count:
            return range(self.count)
        out: list[int] = []
        cells = self.cells
        for row in range(top, bottom + 1):
            for col in range(first, last + 1):
                out.extend(cells.get((row, col % self.cols), ()))
        return out


def shard_pages(zips: Sequence[Place], cities: Sequence[Place], k: int = NEAREST,
                limit: int = SHARD_LIMIT) -> list[Page]:
    """zip/<prefix>.json files: each ZIP under its first three digits, with its nearest cities' slugs; a file
    that would pass `limit` bytes says {"split":1} and its ZIPs go one digit deeper (zip/0220.json, ...)."""
    found = nearest(zips, cities, k)
    names = [json.dumps(c.name, ensure_ascii=True) for c in cities]
    entries = {z: f'"{z}":[' + ",".join(f"[{names[i]},{miles}]" for i, miles in found[z]) + "]" for z in found}
    out: list[Page] = []

    def write(prefix: str, members: list[str]) -> None:
        body = ("{" + ",".join(entries[z] for z in members) + "}").encode()
        split = len(body) > limit and len(prefix) < max(len(z) for z in members)
        out.append(Page(f"{SHARD_DIR}/{prefix}.json", b'{"split":1}' if split else body))
        if split:
            for sub, group in itertools.groupby(members, key=lambda z: z[: len(prefix) + 1]):
                write(sub, list(group))

    for prefix, members in itertools.groupby(sorted(entries), key=lambda z: z[:3]):
        write(prefix, list(members))
    return out


def pages(cities: Iterable[City]) -> list[Page]:
    """The lookup files for these cities, from the packaged US ZIP data."""
    return shard_pages(us_zip_codes(), city_places(cities))


APART_CITIES = 2000
"""From this many cities the lookup is made in a Python of its own, not adding tens of MB to a worker that
holds the whole site (docs/performance.md, the 50,000-city rows); below, starting it would cost more than it saves."""


def made(cities: Sequence[City]) -> list[Page]:
    """The lookup files; for a large site in a Python of their own (APART_CITIES)."""
    if len(cities) < APART_CITIES:
        return pages(cities)
    return parallel.in_fresh_process(pages, cities)


FORMAT = 1
"""The lookup files' shape and the rule that picks a ZIP code's pages: bump it when this module's output changes,
so that no build keeps files an older engine made (their key is all they depend on; the rest of the engine is not)."""


def units(site: Site, cities: Sequence[City], key: str) -> list[Unit]:
    """The lookup files as one unit kept in the build's cache by `key` (plan/keys.zip_lookup); only for a
    US site whose site.yaml says `zip_lookup: true`."""
    if not site.zip_lookup or site.country != "US":
        return []
    return [Unit(UNIT, key, functools.partial(made, cities), kept=True)]
