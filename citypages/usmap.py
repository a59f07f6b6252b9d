"""The index page's map of the United States, drawn at build time as inline SVG.

State outlines (theme/data/us-states.json, made by tools/make_map_data.py) and city dots
are projected by the same functions here, so a dot always lands on its state: a conic
equal-area (Albers) projection of the lower 48 with Alaska and Hawaii as insets, the
layout of the usual "Albers USA" maps. A city outside all three frames is not drawn;
it is still in the list of cities under the map.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from citypages.model import City

WIDTH, HEIGHT = 960, 500
_K = 1070.0  # scale of the lower 48, in SVG units per radian
_X, _Y = WIDTH / 2, HEIGHT / 2


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


@dataclass(frozen=True)
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
    radius: float = 7.0  # of each dot, in map units


def read_outlines(path: Path) -> Outlines | None:
    """The map data file, or None when the theme has none (the index then has no map)."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Outlines(land=data["land"], width=data["width"], height=data["height"])


def city_map(outlines: Outlines, cities: Iterable[City]) -> CityMap:
    """Place every city that has a location; the ones outside the frames are listed apart."""
    dots: list[Dot] = []
    left: list[City] = []
    for city in cities:
        if city.location is None:
            continue
        point = project(city.location.lon, city.location.lat)
        if point is None:
            left.append(city)
        else:
            dots.append(Dot(city, point[0], point[1]))
    spread = [Dot(d.city, round(d.x, 1), round(d.y, 1)) for d in spread_out(dots, DOT_RADIUS)]
    return CityMap(outlines, tuple(spread), tuple(left), DOT_RADIUS)


DOT_RADIUS = 7.0
DOT_GAP = 2.0
"""Dots closer than two radii plus this gap would cover each other (Chicago and Cook County share a spot)."""


def spread_out(dots: list[Dot], radius: float) -> list[Dot]:
    """Dots that would overlap, moved apart on a small ring around their centre, so each stays
    a link of its own that a pointer can hit; the order (and so the tab order) is kept.

    A ring can push a dot onto a neighbour (Newark towards New Haven): then the two groups
    become one ring, until nothing overlaps.
    """
    reach = 2 * radius + DOT_GAP
    group = list(range(len(dots)))  # each dot's group, named by its first member
    placed = list(dots)
    for _ in range(len(dots)):
        clash = [(i, j) for i in range(len(placed)) for j in range(i + 1, len(placed))
                 if group[i] != group[j] and math.dist((placed[i].x, placed[i].y), (placed[j].x, placed[j].y))
                 < reach - 0.2]  # 0.2: leave room for rounding to tenths
        if not clash:
            break
        for i, j in clash:
            old, new = max(group[i], group[j]), min(group[i], group[j])
            group = [new if g == old else g for g in group]
        placed = _rings(dots, group, reach)
    return placed


def _rings(dots: list[Dot], group: list[int], reach: float) -> list[Dot]:
    placed = list(dots)
    for name in set(group):
        members = [i for i, g in enumerate(group) if g == name]
        if len(members) < 2:
            continue
        cx = sum(dots[i].x for i in members) / len(members)
        cy = sum(dots[i].y for i in members) / len(members)
        ring = reach / 2 / math.sin(math.pi / len(members))  # neighbours on the ring are `reach` apart
        for k, i in enumerate(members):
            angle = math.pi + 2 * math.pi * k / len(members)  # the first one listed to the west
            placed[i] = Dot(dots[i].city, cx + ring * math.cos(angle), cy + ring * math.sin(angle))
    return placed
