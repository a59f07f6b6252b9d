"""What the tests and the benchmark share: made-up cities, a quiet static server, folder snapshots.

One copy of each, so a test and the benchmark build the same kind of site and compare
folders the same way. Standard library only: bench/run.py imports it without pytest.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import random
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

US_STATES = ["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
             "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
             "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"]
_PREFIXES = ["San", "Santa", "Los", "Las", "El", "Port", "Fort", "Mount", "New", "North", "South", "East", "West",
             "Lake", "Saint", ""]
_ROOTS = ["José", "Mateo", "Ángeles", "Cruces", "Peña", "Río", "Springfield", "Greenville", "Franklin", "Clinton",
          "Madison", "Georgetown", "Salem", "Fairview", "Riverside", "Oakland", "Ashland", "Bristol", "Dover",
          "Milford", "Ñandú", "Zürich", "Kraków", "Yukón", "Mönchen", "Çedar", "Ōmura", "Bellevue", "Hudson"]
_SUFFIXES = ["", " City", " Heights", " Springs", " Falls", " Valley", " Beach", " Park", " County", "ville"]
_FIRST = ["Ana", "José", "María", "Pat", "Lee", "Chris", "Nguyễn", "Zoë", "Renée", "Björn", "Mei", "Olu", "Siobhán"]
_LAST = ["Ruiz", "García", "Doe", "Smith", "Núñez", "Okafor", "Kowalski", "Tanaka", "Østergaard", "Haddad"]
_STATUSES = ["welcoming", "sanctuary", "limited-cooperation"]


def fake_cities(n: int, mayor: str = "Mayor ", states: Sequence[str] = ("TX",)) -> str:
    """cities.yaml with n minimal entries, "Town 0" ... ; each mayor is `mayor` + the entry's number."""
    return "".join(f"- name: Town {i}\n  state: {states[i % len(states)]}\n  mayor:\n    name: {mayor}{i}\n"
                   for i in range(n))


def realistic_city(i: int, rng: random.Random, mayor: str | None = None) -> str:
    """One entry with what a real list has (Unicode names, policy, location, sources, a check date)."""
    name = f"{rng.choice(_PREFIXES)} {rng.choice(_ROOTS)}{rng.choice(_SUFFIXES)} {i}".strip()
    state = rng.choice(US_STATES)
    mayor = mayor or f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    lines = [f"- name: \"{name}\"", f"  state: {state}", "  mayor:", f"    name: \"{mayor}\""]
    if i % 3 == 0:
        lines.append("    title: Alcaldesa" if i % 2 else "    title: County Mayor")
    lines.append(f"  status: {_STATUSES[i % 3]}")
    lines.append(f"  population: {rng.randint(1000, 4_000_000)}")
    if i % 2 == 0:
        lines += ["  policy:", f"    name: Welcoming {name} Ordinance",
                  f"    url: https://example.org/policies/{i}", f"    since: {2005 + i % 20}"]
    lines.append(f"  location: {{lat: {rng.uniform(25, 49):.4f}, lon: {rng.uniform(-124, -67):.4f}}}")
    lines.append(f"  last_verified: 2025-{1 + i % 12:02d}-{1 + i % 28:02d}")
    lines += ["  sources:", f"    - https://example.org/sources/{i}"]
    return "\n".join(lines) + "\n"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def quiet_server(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port), without a log line per request; yields its address."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


Skip = Callable[[Path], bool]


def _files(folder: Path, skip: Skip | None) -> Iterator[tuple[str, Path]]:
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if p.is_file() and not (skip and skip(rel)):
            yield rel.as_posix(), p


def snapshot(folder: Path, skip: Skip | None = None) -> dict[str, bytes]:
    """Every file's bytes by its path relative to `folder` ('a/b.html'); `skip(relative path)` leaves some out."""
    return {rel: p.read_bytes() for rel, p in _files(folder, skip)}


def digests(folder: Path, skip: Skip | None = None) -> dict[str, str]:
    """Like snapshot, with each file's SHA-256 instead of its bytes (for large trees)."""
    return {rel: hashlib.sha256(p.read_bytes()).hexdigest() for rel, p in _files(folder, skip)}


def stamps(folder: Path, skip: Skip | None = None, folders: bool = False) -> dict[str, tuple[int, int]]:
    """(inode, mtime_ns) of every file (and folder, with `folders`): a rewrite, even of the same bytes,
    changes one of them, so comparing two stamps counts what a build wrote."""
    out = {}
    for p in folder.rglob("*"):
        rel = p.relative_to(folder)
        if (p.is_file() or folders) and not (skip and skip(rel)):
            st = p.stat()
            out[rel.as_posix()] = (st.st_ino, st.st_mtime_ns)
    return out


def changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    """Paths written, added or deleted between two stamps."""
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def apply_case(site: Path, case: Path) -> None:
    """Overlay the case's files on the site and remove those it lists in delete.txt."""
    if (case / "files").is_dir():
        shutil.copytree(case / "files", site, dirs_exist_ok=True)
    if (case / "delete.txt").is_file():
        for rel in (case / "delete.txt").read_text(encoding="utf-8").split():
            (site / rel).unlink()


def output_stamps(out: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every file and folder: a rewrite, even of the same bytes, changes one of them."""
    return stamps(out, folders=True)


def output_changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]], out: Path) -> set[str]:
    """Files written or deleted (a folder's own time changes with what is renamed into it)."""
    return {k for k in changed(before, after) if not (out / k).is_dir()}

