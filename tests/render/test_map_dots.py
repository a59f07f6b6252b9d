"""Map dots that would overlap (Chicago and Cook County, Seattle and King County) stay reachable one by one."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from citypages.model.site import City, Location, Mayor
from citypages.render import usmap

OUTLINES = usmap.read_outlines(Path(__file__).resolve().parent.parent.parent / "theme" / "data" / "us-states.json")


def _city(name: str, lat: float, lon: float) -> City:
    return City(name, "IL", name.lower().replace(" ", "-"), Mayor("X"), "c", location=Location(lat, lon))


def test_dots_at_the_same_spot_are_moved_apart_around_it():
    assert OUTLINES is not None
    cities = [_city("Chicago", 41.8837, -87.6319), _city("Cook County", 41.8842, -87.6315),
              _city("Evanston", 42.0451, -87.6877), _city("Springfield", 39.8, -89.64)]
    dots = usmap.city_map(OUTLINES, cities).dots
    assert [d.city.name for d in dots] == ["Chicago", "Cook County", "Evanston", "Springfield"]
    r = usmap.DOT_RADIUS
    for i, a in enumerate(dots):
        for b in dots[i + 1:]:
            assert math.dist((a.x, a.y), (b.x, b.y)) >= 2 * r, (a.city.name, b.city.name)
    true_spot = usmap.project(-87.6317, 41.884)
    assert true_spot and all(math.dist((d.x, d.y), true_spot) < 4 * r for d in dots[:3])
    springfield = usmap.project(-89.64, 39.8)
    assert springfield and (dots[3].x, dots[3].y) == (round(springfield[0], 1), round(springfield[1], 1))


@pytest.mark.browser
def test_on_the_sample_map_every_dot_can_be_hit_focused_and_named(make_site, run_cli, serve_dir, page):
    site = make_site(base="sample")
    out = site / "output"
    out.mkdir()
    base = serve_dir(out)
    assert run_cli(site, "build", "--base-url", base + "/", "--quiet").status == 0
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "/")
    dots = page.locator(".map a")
    count = dots.count()
    assert count >= 25
    hidden = page.evaluate("""() => [...document.querySelectorAll('.map a')].filter(a => {
        const box = a.querySelector('circle').getBoundingClientRect();
        const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        return !hit || hit.closest('a') !== a;
    }).map(a => a.getAttribute('aria-label'))""")
    assert hidden == []  # each dot's centre is its own link: none sits under another
    labels = [dots.nth(i).get_attribute("aria-label") for i in range(count)]
    assert "Chicago, IL" in labels and "Cook County, IL" in labels and "Seattle, WA" in labels
    assert len(set(labels)) == count
    dots.first.focus()
    focused = []
    for _ in range(count):
        focused.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
        page.keyboard.press("Tab")
    assert focused == labels  # the keyboard visits every dot, in the list's order


def test_a_crowd_larger_than_a_ring_is_laid_out_without_overlap():
    assert OUTLINES is not None
    crowd = [_city(f"Town {i}", 41.88, -87.63) for i in range(usmap.RING_MAX * 3)]
    dots = usmap.city_map(OUTLINES, crowd).dots
    gaps = [math.dist((a.x, a.y), (b.x, b.y)) for i, a in enumerate(dots) for b in dots[i + 1:]]
    assert min(gaps) >= 2 * usmap.DOT_RADIUS
