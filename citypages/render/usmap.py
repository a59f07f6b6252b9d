"""The index page's map of the United States, drawn at build time as inline SVG.

State outlines (theme/data/us-states.json, from tools/make_map_data.py) and city dots are projected by the
same functions, so a dot lands on its state: "Albers USA", the lower 48 with Alaska and Hawaii as insets.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from citypages.model.site import City

WIDTH, HEIGHT = 960, 500
_K = 1070.0  # scale of the lower 48, in SVG units per radian
_X, _Y = WIDTH / 2, HEIGHT / 2

DOT_RADIUS = 7.0
DOT_GAP = 2.0
"""Dots closer than two radii plus this gap would cover each other (Chicago and Cook County share a spot)."""
MAX_ROUNDS = 8
"""Rounds of spreading; a map still crowded after them keeps the rest (the list under it links every city)."""
RING_MAX = 7
"""Up to this many dots share one ring; a larger crowd is laid out as a sunflower spiral."""
SPREADS_KEPT = 4
_SPREADS: dict[tuple[bytes, float], array] = {}


@dataclass(frozen=True)
class Conic:
    """One Albers conic equal-area projection: standard parallels, central meridian, placement."""

    parallels: tuple[float, float]
    meridian: float  # longitude that becomes the vertical centre line
    center: tuple[float, float]  # (lon offset from the meridian, lat) placed at `translate`
    scale: float
    translate: tuple[float, float]
    frame: tuple[float, float, float, float]  # x0, y0, x1, y1: where this projection is drawn

    def _raw(self, lon: float, lat: float) -> tuple[float, float]:
        s0 = math.sin(math.radians(self.parallels[0]))
        n = (s0 + math.sin(math.radians(self.parallels[1]))) / 2
        c = 1 + s0 * (2 * n - s0)
        r0 = math.sqrt(c) / n
        r = math.sqrt(max(0.0, c - 2 * n * math.sin(math.radians(lat)))) / n
        angle = math.radians(lon) * n
        return r * math.sin(angle), r0 - r * math.cos(angle)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        lon = (lon - self.meridian + 180.0) % 360.0 - 180.0
        x, y = self._raw(lon, lat)
        cx, cy = self._raw(*self.center)
        return self.translate[0] + self.scale * (x - cx), self.translate[1] - self.scale * (y - cy)

    def contains(self, point: tuple[float, float]) -> bool:
        x0, y0, x1, y1 = self.frame
        return x0 <= point[0] <= x1 and y0 <= point[1] <= y1


LOWER48 = Conic((29.5, 45.5), -96.0, (-0.6, 38.7), _K, (_X, _Y),
                (_X - 0.455 * _K, _Y - 0.238 * _K, _X + 0.455 * _K, _Y + 0.238 * _K))
ALASKA = Conic((55.0, 65.0), -154.0, (-2.0, 58.5), 0.35 * _K, (_X - 0.307 * _K, _Y + 0.201 * _K),
               (_X - 0.425 * _K, _Y + 0.120 * _K, _X - 0.214 * _K, _Y + 0.234 * _K))
HAWAII = Conic((8.0, 18.0), -157.0, (-3.0, 19.9), _K, (_X - 0.205 * _K, _Y + 0.212 * _K),
               (_X - 0.214 * _K, _Y + 0.166 * _K, _X - 0.115 * _K, _Y + 0.234 * _K))

# Census state codes drawn with an inset; territories (PR, GU, VI, AS, MP) are left out.
STATE_PROJECTION = {"02": ALASKA, "15": HAWAII}
TERRITORIES = frozenset({"60", "66", "69", "72", "78"})


def project(lon: float, lat: float) -> tuple[float, float] | None:
    """SVG coordinates of a place, or None when it falls outside the lower 48, Alaska and Hawaii frames."""
    for conic in (LOWER48, ALASKA, HAWAII):
        point = conic(lon, lat)
        if conic.contains(point):
            return point
    return None


@dataclass(frozen=True)
class Outlines:
    """Projected, simplified state outlines as SVG path data."""

    land: str
    width: int = WIDTH
    height: int = HEIGHT


@dataclass(frozen=True, slots=True)  # slots: a large site's map has tens of thousands
class Dot:
    city: City
    x: float
    y: float


@dataclass(frozen=True)
class CityMap:
    """What the index template draws: outlines, one dot per placed city, and the cities left off."""

    outlines: Outlines
    dots: tuple[Dot, ...]
    not_drawn: tuple[City, ...]
    radius: float = DOT_RADIUS  # of each dot, in map units


def read_outlines(path: Path) -> Outlines | None:
    """The map data file, or None when the theme has none (the index then has no map)."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Outlines(data["land"], data["width"], data["height"])


def city_map(outlines: Outlines, cities: Iterable[City]) -> CityMap:
    """Place every city that has a location; the ones outside the frames are listed apart."""
    placed: list[City] = []
    projected = array("d")  # x0, y0, x1, y1, ...: 16 bytes a city, not a tuple of two floats (104)
    left: list[City] = []
    for city in cities:
        if city.location is None:
            continue
        point = project(city.location.lon, city.location.lat)
        if point is None:
            left.append(city)
        else:
            placed.append(city)
            projected.extend(point)
    points = _spread_points(projected, DOT_RADIUS)  # the same for every language
    del projected
    spread = tuple(Dot(c, round(points[2 * i], 1), round(points[2 * i + 1], 1)) for i, c in enumerate(placed))
    return CityMap(outlines, spread, tuple(left), DOT_RADIUS)


def _spread_points(points: array, radius: float) -> array:
    """Points x0, y0, x1, y1, ... spread out, kept for every language's index by a digest of the points
    (as doubles: as tuples, 50,000 dots took 11 MB for the rest of the worker's life)."""
    key = (hashlib.blake2b(points.tobytes(), digest_size=16).digest(), radius)
    if (kept := _SPREADS.get(key)) is not None:
        return kept
    dots = [Dot(None, points[i], points[i + 1]) for i in range(0, len(points), 2)]  # type: ignore[arg-type]
    made = array("d", itertools.chain.from_iterable((d.x, d.y) for d in spread_out(dots, radius)))
    _SPREADS[key] = made
    while len(_SPREADS) > SPREADS_KEPT:
        del _SPREADS[next(iter(_SPREADS))]
    return made


def spread_out(dots: list[Dot], radius: float) -> list[Dot]:
    """Dots that would overlap moved apart around their centre, each a link a pointer can hit, in the same
    (tab) order; a crowd pushed onto a neighbour joins it, until none overlap."""
    reach = 2 * radius + DOT_GAP
    parent = list(range(len(dots)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    placed = list(dots)
    for _ in range(MAX_ROUNDS):
        # Pairs are joined as found, never listed (a crowded map has millions); a crowd's root is its smallest index.
        joined = False
        for i, j in _near_pairs(placed, reach - 0.2):  # 0.2: room for rounding to tenths
            ri, rj = root(i), root(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
                joined = True
        if not joined:
            break
        crowds: dict[int, list[int]] = {}
        for i in range(len(dots)):
            crowds.setdefault(root(i), []).append(i)
        placed = list(dots)
        for members in crowds.values():
            if len(members) > 1:
                _arrange(dots, members, reach, placed)
    return placed


def _near_pairs(dots: list[Dot], reach: float) -> Iterator[tuple[int, int]]:
    """Pairs (i < j) of dots closer than `reach`, found through a grid of `reach`-sized cells, one at a time."""
    cells: dict[tuple[int, int], list[int]] = {}
    for i, d in enumerate(dots):
        cells.setdefault((int(d.x // reach), int(d.y // reach)), []).append(i)
    for (cx, cy), members in cells.items():
        for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1), (1, -1)):  # each neighbouring cell once
            others = members if (dx, dy) == (0, 0) else cells.get((cx + dx, cy + dy), [])
            for i in members:
                for j in others:
                    if (i < j if (dx, dy) == (0, 0) else i != j) and \
                            math.dist((dots[i].x, dots[i].y), (dots[j].x, dots[j].y)) < reach:
                        yield min(i, j), max(i, j)


def _arrange(dots: list[Dot], members: list[int], reach: float, placed: list[Dot]) -> None:
    """Place a crowd around its centre: on a ring whose neighbours are `reach` apart, or as a spiral."""
    n = len(members)
    cx = sum(dots[i].x for i in members) / n
    cy = sum(dots[i].y for i in members) / n
    for k, i in enumerate(members):
        if n <= RING_MAX:
            distance = reach / 2 / math.sin(math.pi / n)
            angle = math.pi + 2 * math.pi * k / n  # the first one listed to the west
        else:  # sunflower: even spacing for any number of dots
            distance = reach * 0.9 * math.sqrt(k + 0.5)
            angle = k * math.pi * (3 - math.sqrt(5))
        placed[i] = Dot(dots[i].city, cx + distance * math.cos(angle), cy + distance * math.sin(angle))
