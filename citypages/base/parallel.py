"""Run the site's render-and-write units in worker processes, for large sites only.

Workers are forked, so they share the loaded site (templates compiled, cities validated)
without copying or pickling it; only each unit's result (its files' digests) comes back.
A unit's output depends on its inputs alone, so the files are the same whichever process
writes them: a parallel build is byte-identical to a serial one. Results come back
pickled through the pool's pipe between our own processes, never through a file: nothing
read from disk is ever unpickled.
"""

from __future__ import annotations

import copyreg
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from types import MappingProxyType
from typing import IO, Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_UNITS_PER_WORKER = 250
"""Below this many units per worker, forking one (~20 ms) costs more than it saves; stay serial."""
CHUNK = 100

_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def workers_for(units: int, wanted: int | None) -> int:
    """How many processes to use: 1 for a small site, never more than asked for."""
    wanted = default_workers() if wanted is None else max(1, wanted)
    if not sys.platform.startswith("linux"):  # fork is the cheap way to share the site; Linux only
        return 1
    return max(1, min(wanted, units // MIN_UNITS_PER_WORKER))


def map_units(fn: Callable[[T], R], items: Sequence[T], workers: int, chunk: int = CHUNK) -> Iterator[R]:
    """fn(item) for each item, in order, from `workers` processes when more than one.

    Results are yielded as they come, so the caller need not hold them all; a worker sends
    back `chunk` items' results at a time (fewer for large results, so few are held at once).
    """
    if workers <= 1:
        yield from map(fn, items)
        return
    global _TASK
    _TASK = (fn, items)
    try:
        ctx = multiprocessing.get_context("fork")
        ranges = [(i, min(i + chunk, len(items))) for i in range(0, len(items), chunk)]
        with ctx.Pool(workers) as pool:
            for chunk in pool.imap(_run_range, ranges):
                yield from chunk
    finally:
        _TASK = None


def _run_range(bounds: tuple[int, int]) -> list[Any]:
    assert _TASK is not None
    fn, items = _TASK
    return [fn(items[i]) for i in range(*bounds)]


def pickler(f: IO[bytes]) -> pickle.Pickler:
    """A pickler for the pipes between our own processes: the model's read-only mappings travel too."""
    out = pickle.Pickler(f, protocol=pickle.HIGHEST_PROTOCOL)
    out.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_proxy}
    return out


def _reduce_proxy(proxy: MappingProxyType) -> tuple:
    return _proxy, (dict(proxy),)


def _proxy(mapping: dict) -> MappingProxyType:
    """A read-only mapping again (the type itself cannot be pickled by name: it is not in builtins)."""
    return MappingProxyType(mapping)
