"""Regenerate theme/data/us-states.json, the state outlines of the index page's map.

Source: `states-10m.json` of the `us-atlas` package (version 3), TopoJSON made from the
US Census Bureau's cartographic boundary files (public domain). Get it with:

    cd "$(mktemp -d)" && npm pack us-atlas@3.0.1 && tar xzf us-atlas-3.0.1.tgz
    python tools/make_map_data.py package/states-10m.json

The arcs are decoded, projected with citypages.render.usmap (the same projection the city dots
use at build time), simplified with Visvalingam's algorithm (arc end points are kept, so
neighbouring states still meet), rounded to whole SVG units and written as one path of
closed state outlines (`land`): the page fills it and strokes it in the page colour, so
the borders between states show as thin lines.
"""

from __future__ import annotations

import argparse
import heapq
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from citypages.render import usmap

OUT = Path(__file__).resolve().parent.parent / "theme" / "data" / "us-states.json"
Point = tuple[float, float]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Delta-encoded, quantized TopoJSON arcs -> lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def rings_by_state(topology: dict) -> dict[str, list[list[int]]]:
    """State code -> its rings, each a list of arc indices (~i means arc i reversed)."""
    out: dict[str, list[list[int]]] = {}
    for geometry in topology["objects"]["states"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        out[geometry["id"]] = [ring for polygon in polygons for ring in polygon]
    return out


def simplify(points: list[Point], min_area: float) -> list[Point]:
    """Visvalingam-Whyatt: drop the point making the smallest triangle until all are >= min_area."""
    if len(points) < 4:
        return points
    n = len(points)
    prev = list(range(-1, n - 1))
    nxt = list(range(1, n + 1))
    alive = [True] * n

    def area(i: int) -> float:
        (ax, ay), (bx, by), (cx, cy) = points[prev[i]], points[i], points[nxt[i]]
        return abs((ax - cx) * (by - ay) - (ax - bx) * (cy - ay)) / 2

    heap = [(area(i), i) for i in range(1, n - 1)]
    heapq.heapify(heap)
    current = {i: a for a, i in heap}
    while heap:
        a, i = heapq.heappop(heap)
        if not alive[i] or current.get(i) != a:
            continue
        if a >= min_area:
            break
        alive[i] = False
        p, q = prev[i], nxt[i]
        nxt[p], prev[q] = q, p
        for j in (p, q):
            if 0 < j < n - 1 and alive[j]:
                current[j] = max(area(j), a)  # never below the removed one, as in the original method
                heapq.heappush(heap, (current[j], j))
    return [pt for pt, keep in zip(points, alive, strict=True) if keep]


def rounded(points: list[Point]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for x, y in points:
        pt = (round(x), round(y))
        if not out or out[-1] != pt:
            out.append(pt)
    return out


def path_data(rings: list[list[tuple[int, int]]]) -> str:
    """Compact SVG path: absolute move, then relative line-tos."""
    parts = []
    for ring in rings:
        (x, y), rest = ring[0], ring[1:]
        deltas = []
        for px, py in rest:
            deltas.append(f"{px - x} {py - y}".replace(" -", "-"))
            x, y = px, py
        parts.append(f"M{ring[0][0]} {ring[0][1]}l" + " ".join(deltas).replace(" -", "-") + "z")
    return "".join(parts)


def build(topology: dict, min_area: float, min_ring: float) -> dict:
    arcs = decode_arcs(topology)
    states = {code: rings for code, rings in rings_by_state(topology).items() if code not in usmap.TERRITORIES}
    projected: dict[int, list[Point]] = {}
    for code, rings in states.items():
        conic = usmap.STATE_PROJECTION.get(code, usmap.LOWER48)
        for ring in rings:
            for index in ring:
                i = index if index >= 0 else ~index
                projected.setdefault(i, [conic(lon, lat) for lon, lat in arcs[i]])
    simple = {i: rounded(simplify(points, min_area)) for i, points in projected.items()}

    def ring_points(ring: list[int]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for index in ring:
            pts = simple[index] if index >= 0 else simple[~index][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    def ring_area(points: list[tuple[int, int]]) -> float:
        pairs = zip(points, points[1:] + points[:1], strict=True)
        return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs)) / 2

    kept = [ring for rings in states.values() for ring in rings if ring_area(ring_points(ring)) >= min_ring]
    land = [pts for ring in kept if len(pts := ring_points(ring)) >= 3]
    return {
        "source": "us-atlas 3.0.1 states-10m.json (US Census Bureau cartographic boundaries, public domain)",
        "width": usmap.WIDTH,
        "height": usmap.HEIGHT,
        "land": path_data(land),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("states", type=Path, help="states-10m.json from the us-atlas package")
    parser.add_argument("--min-area", type=float, default=2.0, help="Visvalingam threshold, in square SVG units")
    parser.add_argument("--min-ring", type=float, default=12.0, help="drop islands smaller than this area")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = build(json.loads(args.states.read_text(encoding="utf-8")), args.min_area, args.min_ring)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(data['land'])} bytes of path data")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
