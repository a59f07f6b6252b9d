"""Write the finished site into output/, rewriting only what changed. What a build guarantees, whatever happens:

- An error in the input, or one that shows only while rendering, leaves output/ as it was.
- A full build writes the site beside output/ and swaps it in with two renames; a build killed
  between them leaves the old site aside, and the next one puts it back first.
- A rebuild stages the changed files and renames them in once every unit has rendered; the manifest is
  removed before the first rename and written back last, so a build killed in between is followed by a full one.
- Nothing is written, renamed or deleted outside output/, the folders beside it and the cache (guard.inside).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from citypages.base import hashing, parallel
from citypages.base.diagnostics import Diagnostic, InputError, warning
from citypages.base.guard import inside
from citypages.model.host_limits import SiteSize, size_of
from citypages.model.unit import Unit
from citypages.write import manifest
from citypages.write.manifest import Manifest, Record

TEMP_PREFIX = ".output-new-"
OLD_PREFIX = ".output-old-"
TRASH_PREFIX = ".output-trash-"
DISCARD_LATER_FILES = 2000  # an old site with more files is deleted in the background after the swap
STATIC_UNIT = "static"


@dataclass(frozen=True)
class Written:
    """What a write did: files written and deleted, warnings, what the site publishes (its pages among it)."""

    written: int
    deleted: int
    diagnostics: tuple[Diagnostic, ...] = ()
    size: SiteSize = field(default_factory=SiteSize)
    full: bool = False  # the whole site was written afresh


@dataclass
class Done:
    """One unit rendered: its files' digests by path, its template errors, the files it staged (temp, path)."""

    name: str
    key: str
    files: dict[str, str] = field(default_factory=dict)
    errors: list[Diagnostic] = field(default_factory=list)
    staged: list[tuple[str, str]] = field(default_factory=list)


class Progress(Protocol):
    """Hears how many units are to be rendered, then of each finished one (with its file count)."""

    def start(self, total: int) -> None: ...

    def step(self, files: int) -> None: ...


def site(units: Sequence[Unit], site_key: str, out_dir: Path, cache_dir: Path,
         workers: int = 1, progress: Progress | None = None) -> Written:
    """Bring out_dir up to date with `units`, the manifest in cache_dir; InputError leaves it unchanged."""
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    old, why = manifest.read(cache_dir, out_dir) if out_dir.is_dir() else (None, None)
    if old is None or old.site_key != site_key:
        done = _full(units, site_key, out_dir, cache_dir, old, workers, progress)
    else:
        done = _update(units, old, out_dir, cache_dir, workers, progress)
    if why is None:
        return done
    return dataclasses.replace(done, diagnostics=(warning(
        cache_dir / manifest.FILE, 0, 0, f"the build's cache is not as a build left it ({why}); ignored; "
                                         "the site was built afresh"),))


def _full(units: Sequence[Unit], site_key: str, out_dir: Path, cache_dir: Path,
          old: Manifest | None, workers: int, progress: Progress | None) -> Written:
    temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + out_dir.name + "-", dir=out_dir.parent))
    (cache_dir / manifest.FILE).unlink(missing_ok=True)  # it describes the old site until the new one is in
    old_paths = {p for u in old.units.values() for p in u.files} if old else set()
    new_manifest = cache_dir / f".{manifest.FILE}-{os.getpid()}.tmp"
    try:
        size = SiteSize()
        with open(new_manifest, "wb") as f:
            f.write(manifest.first_line(site_key, out_dir))
            for done in _rendered(_Writer(temp), units, workers, progress):
                f.write(manifest.unit_line(done.name, Record(done.key, done.files)))
                size += size_of((path, hashing.file_size(entry)) for path, entry in done.files.items())
                old_paths.difference_update(done.files)
        swap(temp, out_dir, discard_later=old is not None and len(old.units) * 2 > DISCARD_LATER_FILES)
        os.replace(new_manifest, cache_dir / manifest.FILE)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        new_manifest.unlink(missing_ok=True)
        raise
    return Written(size.files, len(old_paths), size=size, full=True)


def _update(units: Sequence[Unit], old: Manifest, out_dir: Path, cache_dir: Path,
            workers: int, progress: Progress | None) -> Written:
    stage = out_dir.parent / f"{TEMP_PREFIX}{out_dir.name}-{os.getpid()}"
    names: list[str] = []  # the plan's units are made as they are reached (units.py): go through them once
    todo = []
    for unit in units:
        names.append(unit.name)
        if (was := old.units.get(unit.name)) is None or was.key != unit.key:
            todo.append(unit)
    workers = min(workers, parallel.workers_for(len(todo), workers))  # one city changed: forking costs more
    old_digests = {p: d for u in old.units.values() for p, d in u.files.items()}
    fresh: dict[str, Record] = {}
    staged: list[tuple[str, str]] = []
    try:
        for done in _rendered(_Writer(stage, old_digests), todo, workers, progress):  # an error raises before a rename
            fresh[done.name] = Record(done.key, done.files)
            staged += done.staged
        records = [(name, fresh.get(name) or old.units[name]) for name in names]
        kept = {p for _, u in records for p in u.files}
        gone = sorted(p for p in old_digests if p not in kept)
        if staged or gone:  # something changes from here on: a kill must not leave a manifest that lies
            (cache_dir / manifest.FILE).unlink(missing_ok=True)
        for temp, path in staged:
            target = inside(out_dir, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp, target)
        for path in gone:
            target = inside(out_dir, path)
            target.unlink(missing_ok=True)
            _prune_empty(target, out_dir)
        if todo or gone or not (cache_dir / manifest.FILE).exists():
            with open(cache_dir / f".{manifest.FILE}.tmp", "wb") as f:
                f.write(manifest.first_line(old.site_key, out_dir))
                for name, unit in records:  # an unchanged unit's line as it was read
                    f.write(manifest.unit_line(name, unit) if name in fresh else old.lines[name])
            os.replace(cache_dir / f".{manifest.FILE}.tmp", cache_dir / manifest.FILE)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    size = size_of((path, hashing.file_size(entry)) for _, u in records for path, entry in u.files.items())
    return Written(len(staged), len(gone), size=size)


def _rendered(writer: _Writer, units: Sequence[Unit], workers: int, progress: Progress | None) -> Iterator[Done]:
    """Each unit as `writer` finishes it; a template error raises after the last, before anything is swapped in."""
    if progress:
        progress.start(len(units))
    errors: list[Diagnostic] = []
    for done in parallel.map_units(writer, units, workers):
        errors += done.errors
        yield done
        if progress:
            progress.step(len(done.files))
    if errors:
        raise InputError(errors[:1])  # the same template error repeats for every city


class _Writer:
    """Renders a unit and writes its files: with no `old` digests, into the empty folder `root`; else only the
    changed ones, staged in `root` for renaming once all have rendered (no mix of old and new pages)."""

    def __init__(self, root: Path, old: dict[str, str] | None = None):
        self.root, self.old = root, old
        self.made: set[str] = set()  # folders made so far, as their paths in the site
        self.count = 0

    def __call__(self, unit: Unit) -> Done:
        try:
            pages = unit.render()
        except InputError as exc:
            return Done(unit.name, unit.key, errors=exc.diagnostics)
        done = Done(unit.name, unit.key)
        for page in pages:
            done.files[page.path] = digest = hashing.file_digest(page.content)
            if self.old is None:
                target = inside(self.root, page.path)
                folder = page.path.rpartition("/")[0]  # text, not a Path: a large site has 100,000 folders
                if folder not in self.made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    self.made.add(folder)
                _write_new(target, page.content)
            elif self.old.get(page.path) != digest:
                self.root.mkdir(exist_ok=True)
                self.count += 1
                temp = self.root / f"{os.getpid()}-{self.count}"
                _write_new(temp, page.content)
                done.staged.append((str(temp), page.path))
        return done


def _write_new(path: Path, data: bytes) -> None:
    """Create a file with these bytes: plain system calls, no buffered-file object per page."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _prune_empty(path: Path, stop: Path) -> None:
    """Remove the folders a deleted file leaves empty, up to (not including) `stop`."""
    folder = path.parent
    while folder != stop and stop in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def swap(new: Path, out_dir: Path, discard_later: bool = False) -> None:
    """Put `new` in place of `out_dir`, the old site renamed aside and deleted (`discard_later`: in the background)."""
    os.chmod(new, 0o755)  # mkdtemp makes 0700; the published folder should be readable
    if not out_dir.exists():
        os.rename(new, out_dir)
        return
    old = out_dir.parent / f"{OLD_PREFIX}{out_dir.name}-{os.getpid()}"
    os.rename(out_dir, old)
    os.rename(new, out_dir)
    _discard(old, out_dir, discard_later)


def recover(out_dir: Path) -> None:
    """Clean up after a build that was killed: restore a moved-away site, drop temp folders."""
    parent = out_dir.parent
    olds = sorted(parent.glob(f"{OLD_PREFIX}{out_dir.name}-*"))
    if olds and not out_dir.exists():
        os.rename(olds.pop(), out_dir)
    for leftover in [*olds, *parent.glob(f"{TEMP_PREFIX}{out_dir.name}-*"),
                     *parent.glob(f"{TRASH_PREFIX}{out_dir.name}-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _discard(old: Path, out_dir: Path, later: bool) -> None:
    """Delete an old site now, or from a detached process: deleting many files takes as long as writing them."""
    if not later or not hasattr(os, "fork"):
        shutil.rmtree(old, ignore_errors=True)
        return
    trash = out_dir.parent / f"{TRASH_PREFIX}{out_dir.name}-{os.getpid()}"
    os.rename(old, trash)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child: fork once more so nobody has to reap the deleter
        try:
            if os.fork() == 0:
                os.setsid()
                shutil.rmtree(trash, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
