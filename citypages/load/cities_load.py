"""Load cities.yaml fast and in little memory, reusing the last build's work entry by entry.

The file is split into its entries (entries.split: ranges of its bytes, the text is not
kept); each entry's text has a digest, and an entry whose text is unchanged since the last
build takes its validated City from the build's cache (base/cache.py), found by that digest,
without being parsed again. New and changed
entries are parsed and validated in batches, with the garbage collector paused (PyYAML's
many small objects make it scan the heap over and over otherwise). Whenever anything
is wrong (an error, a duplicate slug across batches, a file that is not a plain list),
the whole file is read again the ordinary way, so every message and its line and
column are exactly those of a normal load.

A cache that is not whole (base/cache.read) is ignored with a warning. A batch's cities
travel back from a forked worker as one pickle through a pipe between our own processes.
"""

from __future__ import annotations

import dataclasses
import gc
import io
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from citypages.base import cache, hashing, parallel
from citypages.base.diagnostics import Diagnostic, warning
from citypages.check import validate
from citypages.model.site import City, Site
from citypages.read import entries, load

CACHE_FILE = "cities.pickle"
BATCH = 250
SHOWN = Path("cities.yaml")

Entry = tuple[str, int, City]
"""(digest of the entry's text, its first line, the City)."""


@dataclass(frozen=True)
class Cached:
    """What the cache keeps of cities.yaml: the context the entries were checked in (the engine, the
    settings, the reserved slugs), the digest of the whole file, and every entry by its text's digest."""

    context: str
    file: str
    entries: list[Entry]


@dataclass
class Loaded:
    """The cities, each one's record key (slug -> key), problems, and what to keep in the cache (None: keep)."""

    cities: list[City]
    keys: dict[str, str]
    diagnostics: list[Diagnostic]
    cache: Cached | None = None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: loading makes no cycles, only many objects."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def cities(root: Path, site: Site, reserved: frozenset[str], cache_dir: Path | None,
           workers: int | None = None) -> Loaded:
    """cities.yaml -> validated cities; `cache_dir` holds the last build's cache (None: no cache).

    Many new entries are parsed in worker processes (`workers` at most), batch by batch.
    """
    path = root / "cities.yaml"
    data, diags = load.read_utf8(path, SHOWN)
    if data is None:
        return Loaded([], {}, diags)
    context = hashing.key(hashing.engine_key(), repr(site), sorted(reserved))
    file_digest = hashing.digest(data)
    with collector_paused():
        cached, ignored = _read_cache(cache_dir, context)
        if cached is not None and cached.file == file_digest:
            done = cached.entries
            return Loaded([c for _, _, c in done], {c.slug: d for d, _, c in done}, ignored)
        made = _entries(data, site, reserved, cached, workers)
        del data, cached  # the cities are all there is to keep
        if made is None:
            loaded = _whole_file(path, site, reserved, context, file_digest)
            loaded.diagnostics[:0] = ignored
            return loaded
    return Loaded([c for _, _, c in made], {c.slug: d for d, _, c in made}, ignored,
                  Cached(context, file_digest, made))


def _entries(data: bytes, site: Site, reserved: frozenset[str], cached: Cached | None,
             workers: int | None) -> list[Entry] | None:
    """The entries of cities.yaml, those the cache knows taken from it; None when the file must be read whole."""
    items = entries.split(data)
    if items is None:
        return None
    known = {d: (start, city) for d, start, city in cached.entries} if cached else {}
    out: list[Entry | None] = []
    missing: list[int] = []
    digests: list[str] = []
    for i in range(len(items)):
        d = hashing.digest(items.raw(i))
        digests.append(d)
        start = items.line(i)
        hit = known.get(d)
        if hit is None:
            out.append(None)
            missing.append(i)
            continue
        old_start, city = hit
        if old_start != start:
            city = dataclasses.replace(city, line=city.line - old_start + start)
        out.append((d, start, city))
    batches = list(_batches(missing))
    parse = _BatchParser(items, site, reserved)
    workers = parallel.workers_for(len(missing), workers)
    # A batch is a few hundred kilobytes pickled: one at a time comes back, not a hundred at once.
    for batch, made in zip(batches, parallel.map_units(parse, batches, workers, chunk=1), strict=True):
        if made is None:
            return None
        for i, city in zip(batch, pickle.loads(made), strict=True):
            out[i] = (digests[i], items.line(i), city)
    done = [e for e in out if e is not None]
    if len({c.slug for _, _, c in done}) != len(done):  # a duplicate across batches: let the full load say where
        return None
    return done


class _BatchParser:
    """Parse and validate one batch of entries -> the pickled cities, or None on any problem.

    Pickled by the worker itself, so a form's settings (a read-only mapping) travel too.
    """

    def __init__(self, items: entries.Entries, site: Site, reserved: frozenset[str]):
        self.items, self.site, self.reserved = items, site, reserved

    def __call__(self, batch: list[int]) -> bytes | None:
        first = self.items.line(batch[0])
        with collector_paused():
            raw, problems = load.yaml_text(self.items.text(batch[0], batch[-1]), SHOWN, first - 1)
            if problems or raw is None or not isinstance(raw.value, list) or len(raw.value) != len(batch):
                return None
            made, problems = validate.cities(raw, self.site, self.reserved)
        if problems or len(made) != len(batch):
            return None
        return _pickled(made)


def _batches(indices: list[int]) -> Iterator[list[int]]:
    """Runs of consecutive indices, at most BATCH long, so each parse is one slice of the file."""
    run: list[int] = []
    for i in indices:
        if run and (i != run[-1] + 1 or len(run) >= BATCH):
            yield run
            run = []
        run.append(i)
    if run:
        yield run


def _whole_file(path: Path, site: Site, reserved: frozenset[str], context: str, file_digest: str) -> Loaded:
    """The ordinary load of the whole file: exact messages for every problem."""
    with collector_paused():
        raw, diags = load.yaml_file(path, SHOWN)
        made, problems = validate.cities(raw, site, reserved)
    diags += problems
    found = [(hashing.digest(repr(dataclasses.replace(c, line=0))), c.line, c) for c in made]
    return Loaded(made, {c.slug: d for d, _, c in found}, diags, None if diags else Cached(context, file_digest, found))


def _read_cache(cache_dir: Path | None, context: str) -> tuple[Cached | None, list[Diagnostic]]:
    """The last build's entries, when they were checked in this context; a cache that is not whole
    comes with a warning."""
    if cache_dir is None:
        return None, []
    cached, reason = cache.read(cache_dir / CACHE_FILE)
    if reason is not None:
        return None, [warning(cache_dir / CACHE_FILE, 0, 0, f"the cities cache is not one this build wrote "
                                                            f"({reason}); ignored; building afresh")]
    return (cached if isinstance(cached, Cached) and cached.context == context else None), []


def _pickled(value: object) -> bytes | None:
    """A worker's batch of cities for the pipe back to this process (never written to disk)."""
    buffer = io.BytesIO()
    return buffer.getvalue() if _pickle_into(buffer, value) else None


def _pickle_into(f: IO[bytes], value: object) -> bool:
    try:
        parallel.pickler(f).dump(value)
    except (pickle.PicklingError, TypeError, AttributeError):
        return False
    return True
