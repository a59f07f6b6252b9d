"""Run a large site's units in forked workers, which share the loaded site; a memory-hungry step in a fresh Python."""

from __future__ import annotations

import copyreg
import multiprocessing
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_UNITS_PER_WORKER = 250  # below this many units per worker, forking one (~20 ms) costs more than it saves
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
    """fn(item) for each item, in order, yielded as they come (from `workers` processes when more than one)."""
    if workers <= 1:
        yield from map(fn, items)
        return
    global _TASK
    _TASK = (fn, items)
    try:
        ranges = [(i, min(i + chunk, len(items))) for i in range(0, len(items), chunk)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
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


_CHILD = """
import pickle, sys
sys.path.insert(0, sys.argv[1])
from citypages.base import parallel
fn, batches = pickle.load(sys.stdin.buffer)
items = [item for _ in range(batches) for item in pickle.load(sys.stdin.buffer)]
parallel.pickler(sys.stdout.buffer).dump(fn(items))
"""
FRESH_BATCH = 1000  # items pickled at a time for a fresh process: 50,000 cities at once took 80 MB of memo


def in_fresh_process(fn: Callable[[list[T]], R], items: Sequence[T]) -> R:
    """fn(items) in a new Python of this engine alone, the items streamed; its error raises RuntimeError."""
    engine = str(Path(__file__).resolve().parent.parent.parent)
    batches = range(0, len(items), FRESH_BATCH)
    with tempfile.TemporaryFile() as errors, subprocess.Popen(
            [sys.executable, "-I", "-c", _CHILD, engine], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=errors) as child:
        assert child.stdin is not None and child.stdout is not None
        try:
            pickler(child.stdin).dump((fn, len(batches)))
            for start in batches:
                pickler(child.stdin).dump(list(items[start:start + FRESH_BATCH]))
            child.stdin.close()
            result = pickle.load(child.stdout)
        except (OSError, EOFError, pickle.UnpicklingError):
            result = None
        if child.wait() != 0 or result is None:
            errors.seek(0)
            message = errors.read()[-2000:].decode(errors="replace")
            raise RuntimeError(f"{getattr(fn, '__qualname__', fn)} failed in its own process: {message}")
    return result
