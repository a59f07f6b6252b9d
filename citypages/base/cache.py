"""The build's cache, apart from the published site: ours like compiled Python files, so it may hold pickles;
a value is read back only when its header's format and digest match, else the work is done afresh."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from citypages.base import atomic, parallel

FORMAT = 2  # 2: a long list after the value, in parts
PART = 1000
MAGIC = b"citypages-cache"
T = TypeVar("T")


def default_folder(root: Path, out_dir: Path) -> Path:
    """The cache of the site at `root` built into `out_dir`, under the user's cache folder."""
    if base := os.environ.get("XDG_CACHE_HOME"):
        home = Path(base)
    elif sys.platform == "darwin":
        home = Path.home() / "Library" / "Caches"
    elif sys.platform == "win32" and (local := os.environ.get("LOCALAPPDATA")):
        home = Path(local)
    else:
        home = Path.home() / ".cache"
    site = hashlib.blake2b(f"{root.resolve()}\0{out_dir.absolute()}".encode(), digest_size=8).hexdigest()
    return home / "citypages" / f"{root.resolve().name}-{site}"


def write(path: Path, value: Any, parts: Sequence[Any] = ()) -> None:
    """Keep `value` (a pickle of our own data) at `path`, with its header; then `parts`, a long list, a
    thousand items at a time: the pickler's memo of 50,000 cities' entries at once took 92 MB."""
    buffer = io.BytesIO()
    out = parallel.pickler(buffer)  # the model's read-only mappings pickle too
    out.dump(value)
    for start in range(0, len(parts), PART):
        out.clear_memo()
        out.dump(list(parts[start:start + PART]))
    data = buffer.getvalue()
    head = b"%s %d %s\n" % (MAGIC, FORMAT, hashlib.blake2b(data, digest_size=16).hexdigest().encode())
    atomic.write_bytes(path, head, data)


def read(path: Path, parts: list[Any] | None = None) -> tuple[Any, str | None]:
    """(value, None), and the parts kept after it added to `parts`; (None, None) when nothing is kept there;
    (None, reason) when it is not kept whole."""
    try:
        with open(path, "rb") as f:
            head, data = f.readline(200), f.read()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"it cannot be read ({exc.strerror})"
    fields = head.split()
    if len(fields) != 3 or fields[0] != MAGIC:
        return None, "it is not a file of this cache"
    if fields[1] != str(FORMAT).encode():
        return None, None  # another engine's format: simply not there
    if hashlib.blake2b(data, digest_size=16).hexdigest().encode() != fields[2]:
        return None, "its digest does not match (cut short or changed)"
    try:
        stream = io.BytesIO(data)
        value = pickle.load(stream)
        while parts is not None and stream.tell() < len(data):
            parts += pickle.load(stream)
        return value, None
    except Exception as exc:  # a class renamed since: as good as absent, but say so
        return None, f"it does not load ({type(exc).__name__})"


def kept(folder: Path, key: str, make: Callable[[], T]) -> T:
    """What `make` returns, taken from `folder` by `key` (which names all its inputs) or made and kept."""
    value, _ = read(folder / key)
    if value is None:
        value = make()
        write(folder / key, value)
    return value


def prune(folder: Path, keep: Iterable[str]) -> None:
    """Delete what `folder` keeps under any other key than those in `keep`."""
    wanted = set(keep)
    with contextlib.suppress(FileNotFoundError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name not in wanted:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
