"""Load cities.yaml fast and in little memory: an entry (entries.split) whose text is unchanged takes its City
from the build's cache by its text's digest; new ones are parsed in batches, in forked workers when many, with
the garbage collector paused (PyYAML's many small objects make it scan the heap over and over). On any problem
the whole file is read the ordinary way, so every message is exactly a normal load's."""

from __future__ import annotations

import dataclasses
import functools
import gc
import io
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from citypages.base import cache, hashing, parallel
from citypages.base.diagnostics import Diagnostic, warning
from citypages.check import validate
from citypages.model.site import City, Site
from citypages.read import entries, load

CACHE_FILE = "cities.pickle"
BATCH = 250
SHOWN = Path("cities.yaml")

Entry = tuple[str, int, City]  # (digest of the entry's text, its first line, the City)


@dataclass(frozen=True)
class Cached:
    """What the cache keeps of cities.yaml: the context its entries were checked in (the engine, the
    settings, the reserved slugs), the whole file's digest, and every entry by its text's digest."""

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
    """cities.yaml -> validated cities, known ones from the last build's `cache_dir` (None: no cache), new ones
    in up to `workers` processes."""
    path = root / "cities.yaml"
    data, diags = load.read_utf8(path, SHOWN)
    if data is None:
        return Loaded([], {}, diags)
    context = hashing.key(hashing.engine_key(), repr(site), sorted(reserved))
    file_digest = hashing.digest(data)
    with collector_paused():
        cached, ignored = _read_cache(cache_dir, context)
        if cached is not None and cached.file == file_digest:
            return _loaded(cached.entries, ignored)
        made = _entries(data, site, reserved, cached, workers)
        del data, cached  # the cities are all there is to keep
        if made is None:
            return _whole_file(path, site, reserved, context, file_digest, ignored)
    return _loaded(made, ignored, Cached(context, file_digest, made))


def _loaded(found: list[Entry], diags: list[Diagnostic], keep: Cached | None = None) -> Loaded:
    return Loaded([c for _, _, c in found], {c.slug: d for d, _, c in found}, diags, keep)


def _entries(data: bytes, site: Site, reserved: frozenset[str], cached: Cached | None,
             workers: int | None) -> list[Entry] | None:
    """The entries of cities.yaml, those the cache knows taken from it; None when the file must be read whole."""
    items = entries.split(data)
    if items is None:
        return None
    known = {d: (start, city) for d, start, city in cached.entries} if cached else {}
    digests = [hashing.digest(items.raw(i)) for i in range(len(items))]
    out: list[Entry | None] = [None] * len(items)
    for i, d in enumerate(digests):
        if d in known:
            old_start, city = known[d]
            start = items.lines[i]
            if old_start != start:
                city = dataclasses.replace(city, line=city.line - old_start + start)
            out[i] = (d, start, city)
    missing = [i for i, e in enumerate(out) if e is None]
    batches = list(_batches(missing))
    parse = functools.partial(_parse_batch, items, site, reserved)
    workers = parallel.workers_for(len(missing), workers)
    # A batch is a few hundred kilobytes pickled: one at a time comes back, not a hundred at once.
    for batch, made in zip(batches, parallel.map_units(parse, batches, workers, chunk=1), strict=True):
        if made is None:
            return None
        for i, city in zip(batch, pickle.loads(made), strict=True):
            out[i] = (digests[i], items.lines[i], city)
    done = [e for e in out if e is not None]
    if len({c.slug for _, _, c in done}) != len(done):  # a duplicate across batches: let the full load say where
        return None
    return done


def _parse_batch(items: entries.Entries, site: Site, reserved: frozenset[str], batch: list[int]) -> bytes | None:
    """One batch of entries parsed and validated -> the cities pickled by the worker itself (so a form's
    settings, a read-only mapping, travel too), or None on any problem."""
    with collector_paused():
        text = items.text(batch[0], batch[-1])
        raw, problems = load.yaml_text(text, SHOWN, items.lines[batch[0]] - 1)
        if problems or raw is None or not isinstance(raw.value, list) or len(raw.value) != len(batch):
            return None
        made, problems = validate.cities(raw, site, reserved)
    if problems or len(made) != len(batch):
        return None
    buffer = io.BytesIO()
    try:
        parallel.pickler(buffer).dump(made)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return buffer.getvalue()


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


def _whole_file(path: Path, site: Site, reserved: frozenset[str], context: str, file_digest: str,
                ignored: list[Diagnostic]) -> Loaded:
    """The ordinary load of the whole file, after the cache's warning (`ignored`): exact messages for every problem."""
    raw, diags = load.yaml_file(path, SHOWN)
    made, problems = validate.cities(raw, site, reserved)
    diags += problems
    found = [(hashing.digest(repr(dataclasses.replace(c, line=0))), c.line, c) for c in made]
    return _loaded(found, ignored + diags, None if diags else Cached(context, file_digest, found))


def _read_cache(cache_dir: Path | None, context: str) -> tuple[Cached | None, list[Diagnostic]]:
    """The last build's entries, when they were checked in this context; a cache not whole is warned of."""
    if cache_dir is None:
        return None, []
    entries: list[Entry] = []
    cached, reason = cache.read(cache_dir / CACHE_FILE, entries)
    if reason is not None:
        return None, [warning(cache_dir / CACHE_FILE, 0, 0, f"the cities cache is not one this build wrote "
                                                            f"({reason}); ignored; building afresh")]
    if not isinstance(cached, Cached) or cached.context != context:
        return None, []
    return dataclasses.replace(cached, entries=entries), []


def keep(cache_dir: Path, cached: Cached) -> None:
    """Keep the entries for the next build, in parts (cache.write): 50,000 take no more memory than reading them."""
    cache.write(cache_dir / CACHE_FILE, dataclasses.replace(cached, entries=[]), cached.entries)
