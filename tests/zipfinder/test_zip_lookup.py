"""ZIP code lookup files: nearest cities right, every file small, written only when places change."""

from __future__ import annotations

import json
import math
import random
import re

from PIL import Image

from citypages.pipeline import build_site
from citypages.zipfinder import zip_lookup
from citypages.zipfinder.zip_lookup import Place

ZIP_ON = "zip_lookup: true\n"


def brute_force(zips: list[Place], cities: list[Place], k: int = 3) -> dict[str, list[tuple[int, float]]]:
    def miles(a: Place, b: Place) -> float:  # haversine, independent of the module's vector maths
        la1, la2 = math.radians(a.lat), math.radians(b.lat)
        dlon = math.radians(b.lon - a.lon)
        h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlon / 2) ** 2
        return 2 * zip_lookup.EARTH_MILES * math.asin(math.sqrt(h))

    out = {}
    for z in zips:
        ranked = sorted((miles(z, c), i) for i, c in enumerate(cities))[:k]
        out[z.name] = [(i, round(d, 1)) for d, i in ranked]
    return out


def test_nearest_cities_match_a_brute_force_search_including_across_the_date_line():
    rng = random.Random(14)
    cities = [Place(f"c{i}", rng.uniform(18, 65), rng.uniform(-170, -65)) for i in range(40)]
    cities.append(Place("guam", 13.47, 144.75))
    zips = [Place(f"{i:05d}", rng.uniform(15, 70), rng.uniform(-179.9, -60)) for i in range(3000)]
    zips += [Place("96910", 13.48, 144.75), Place("99546", 51.87, -176.63), Place("99999", 52.0, 179.5)]
    found = zip_lookup.nearest(zips, cities)
    expected = brute_force(zips, cities)
    wrong = [z for z in expected if [m for _, m in found[z]] != [m for _, m in expected[z]]]
    assert wrong == []
    assert found["96910"][0] == (len(cities) - 1, 0.7)


def test_dense_clusters_poles_and_twins_match_a_brute_force_search_and_ties_go_to_the_first():
    """The grid that finds a cell's candidates must miss no one: near the poles, at the date line, in a crowd."""
    rng = random.Random(15)
    cities = [Place(f"c{i}", rng.uniform(24, 49), rng.uniform(-125, -66)) for i in range(3000)]
    cities += [Place(f"nyc{i}", 40.7 + rng.uniform(-0.01, 0.01), -74.0 + rng.uniform(-0.01, 0.01)) for i in range(150)]
    cities += [Place("north", 90.0, 180.0), Place("south", -90.0, 0.0), Place("east", 52.0, 179.99),
               Place("west", 52.0, -180.0), Place("twin-a", 39.0, -77.0), Place("twin-b", 39.0, -77.0)]
    zips = [Place(f"{i:05d}", rng.uniform(-60, 85), rng.uniform(-180, 180)) for i in range(1500)]
    zips += [Place("20001", 39.0, -77.0), Place("99999", 51.9, 179.9), Place("00000", 89.5, 0.0)]
    found = zip_lookup.nearest(zips, cities)
    expected = brute_force(zips, cities)
    wrong = [z for z in expected if [m for _, m in found[z]] != [m for _, m in expected[z]]]
    assert wrong == []
    twin_a = len(cities) - 2
    assert found["20001"][:2] == [(twin_a, 0.0), (twin_a + 1, 0.0)]
    assert found["00000"][0][0] == len(cities) - 6  # the north pole, whatever its longitude says


def test_fewer_cities_than_three_and_no_city_at_all():
    zips = [Place("10001", 40.75, -73.99)]
    assert zip_lookup.nearest(zips, [Place("a", 40.7, -74.0)]) == {"10001": [(0, 3.5)]}
    assert zip_lookup.nearest(zips, []) == {}


def test_a_file_over_the_limit_splits_one_digit_deeper_and_every_zip_is_found_once():
    cities = [Place("a-very-long-slug-" + "x" * 80 + f"-{i}", 40 + i / 10, -100 + i / 10) for i in range(5)]
    zips = [Place(f"021{i:02d}", 42.0 + i / 100, -71.0) for i in range(60)] + [Place("03000", 43.0, -71.5)]
    files = {p.path: json.loads(p.content) for p in zip_lookup.shard_pages(zips, cities, limit=4000)}
    assert files["zip/021.json"] == {"split": 1}
    assert {"zip/0210.json", "zip/0215.json", "zip/030.json"} <= set(files)
    seen = [z for path, entries in files.items() if "split" not in entries for z in entries]
    assert sorted(seen) == sorted(z.name for z in zips)
    assert all(len(json.dumps(e, separators=(",", ":"))) <= 4000 for e in files.values())


def test_the_sample_site_maps_every_us_zip_in_files_of_at_most_20_kb_and_has_every_card(make_site):
    site = make_site(base="sample")
    result = build_site(site)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    folder = site / "output" / "zip"
    files = sorted(folder.glob("*.json"))
    sizes = [f.stat().st_size for f in files]
    assert len(files) > 900 and max(sizes) <= zip_lookup.SHARD_LIMIT
    entries = {k: v for f in files for k, v in json.loads(f.read_bytes()).items()}
    assert len(entries) > 40000
    assert entries["02201"][0] == ["boston-ma", 0.2]
    assert [slug for slug, _ in entries["60602"]][:1] == ["chicago-il"]
    assert all(len(near) == 3 and near[0][1] <= near[1][1] <= near[2][1] for near in entries.values())
    index = (site / "output" / "index.html").read_text()
    assert 'class="zip-lookup" hidden' in index and "GeoNames, CC BY 4.0" in index
    pages = [p for p in (site / "output").rglob("index.html") if (p.parent / "thanks").is_dir()]
    assert len(pages) == 60  # 30 cities in English and Spanish
    for page in pages:
        card = page.parent / "card.png"
        assert Image.open(card).size == (1200, 630) and card.stat().st_size <= 100 * 1024, card
        url = re.search(r'<meta property="og:image" content="([^"]+)">', page.read_text())
        where = card.relative_to(site / "output").as_posix()
        assert url and url[1] == f"https://city-pages.github.io/city-pages/{where}"


def test_off_unless_site_yaml_asks_and_never_for_another_country(make_site):
    site = make_site()
    assert build_site(site).ok
    assert not (site / "output" / "zip").exists()
    assert "zip-lookup" not in (site / "output" / "index.html").read_text()
    canadian = make_site({"site.yaml": (site / "site.yaml").read_text() + ZIP_ON + "country: CA\n",
                          "cities.yaml": "- name: Montréal\n  state: QC\n  mayor: {name: Ana Roy}\n"
                                         "  location: {lat: 45.5, lon: -73.57}\n"})
    assert build_site(canadian).ok and not (canadian / "output" / "zip").exists()


def test_a_rebuild_writes_the_lookup_again_only_when_a_city_moves(make_site, monkeypatch):
    site = make_site()
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + ZIP_ON)
    first = build_site(site)
    assert first.ok and (site / "output" / "zip" / "627.json").is_file()
    calls: list[int] = []
    real = zip_lookup.pages
    monkeypatch.setattr(zip_lookup, "pages", lambda cities: calls.append(1) or real(cities))
    again = build_site(site)
    assert again.ok and again.written == 0 and calls == []
    cities = site / "cities.yaml"
    cities.write_text(cities.read_text().replace("  location: {lat: 39.8, lon: -89.64}\n",
                                                 "  location: {lat: 39.8, lon: -89.64}\n  population: 114000\n"))
    assert build_site(site).ok and calls == []
    cities.write_text(cities.read_text().replace("lat: 39.8, lon: -89.64", "lat: 41.88, lon: -87.63"))
    moved = build_site(site)
    assert moved.ok and calls == [1] and moved.written > 100
