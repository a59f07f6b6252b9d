"""Write the finished site into output/, rewriting only what changed.

What a build guarantees, whatever happens to it:

- A build that finds any error in the input writes nothing: output/ stays as it was.
- A full build (no output/ yet, no manifest, or a change that touches every page such
  as a template, the site settings or a new engine) writes the whole site into a
  temporary folder beside output/ and swaps it in in one step (renameat2 exchange on
  Linux, two renames elsewhere), so output/ is always one complete site. The units
  whose key covers all they depend on (share cards, the ZIP files: Unit.own_key) are
  taken back from the old site when that key matches, checked file by file, not drawn.
- A rebuild over a site this engine built renders only the units (a city in one
  language, an index, the sitemap, ...) whose inputs changed, writes only the files
  whose bytes changed, and deletes the files no unit produces any more. A no-op
  rebuild writes no file at all. Each file is written under a temp name inside
  output/.citypages/tmp/ and renamed into place, so every file is always a complete
  old or new one. The manifest is removed before the first change and written back
  last: if the build is killed in between, the next build finds no manifest, builds
  the whole site afresh and swaps it in, and removes the leftovers of the killed one.
- An error that shows only while rendering (a template failing, or a page over its size
  limit, for one city) stops the build with output/ unchanged: a full build renders into
  its temporary folder, and a rebuild stages every changed file under output/.citypages/tmp/
  and renames them into place only once every unit has rendered.
- Two builds of the same input give byte-identical files (no dates, no random ids).
- After a full build replaces a large site, the old one is deleted by a detached
  process; if that is cut short, the next build deletes what is left.
- Nothing is written, renamed or deleted outside output/ (and the temporary folders
  beside it). output/ is untrusted input: its manifest is checked before it is used
  (manifest.read), and every path is passed through one guard (guard.Guard) before it is
  touched. A link found inside output/ on the way makes the build a full one into a
  fresh folder, with a warning; the old tree, links and all, is deleted without
  following them. A path that climbs out by its name is our bug and raises.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from citypages.base import atomic, hashing, libc, parallel
from citypages.base.diagnostics import Diagnostic, InputError, warning
from citypages.base.guard import Guard, OutsideOutput, open_regular
from citypages.model.host_limits import NOTHING, SiteSize, size_of
from citypages.model.site import Page
from citypages.model.unit import Unit
from citypages.write import manifest as manifest_mod
from citypages.write.manifest import STATE_DIR, Manifest, Record

TEMP_PREFIX = ".output-new-"
OLD_PREFIX = ".output-old-"
TRASH_PREFIX = ".output-trash-"
DISCARD_LATER_FILES = 2000
"""An old site with more files than this is deleted in the background after the swap."""
TEMP_FILES = "tmp"
STATIC_UNIT = "static"


@dataclass(frozen=True)
class Written:
    """What a write did: files in the site, files written, files deleted, and why it was full if it had to be;
    `size`, what the site now publishes, added up from the manifest."""

    pages: int
    written: int
    deleted: int
    diagnostics: tuple[Diagnostic, ...] = ()
    size: SiteSize = NOTHING


class Progress(Protocol):
    """Hears how many units are to be rendered, then of each finished one (with its file count)."""

    def start(self, total: int) -> None: ...

    def step(self, files: int) -> None: ...


StateFiles = dict[str, Callable[[IO[bytes]], bool] | None]
"""The build's own files for output/.citypages/: name -> how to write it (None: keep the old one)."""


def site_incremental(units: Sequence[Unit], site_key: str, out_dir: Path, state: StateFiles,
                     workers: int = 1, progress: Progress | None = None) -> Written:
    """Bring out_dir up to date with `units`; `state` files (None = keep as is) go to output/.citypages/.

    Raises InputError (with nothing changed in a full build) when a template fails to render.
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(out_dir)
    old, why = None, None
    if out_dir.is_symlink():
        why = "the output folder is a link"
    elif out_dir.is_dir():
        old, why = manifest_mod.read(out_dir)
    if old is None or old.site_key != site_key:
        return _with_reason(_full(units, site_key, out_dir, state, old, workers, progress), out_dir, why)
    try:
        return _update(units, old, out_dir, state, workers, progress)
    except OutsideOutput as exc:  # a link in output/: leave it all behind, build into a fresh folder
        (out_dir / STATE_DIR / manifest_mod.MANIFEST).unlink(missing_ok=True)
        return _with_reason(_full(units, site_key, out_dir, state, None, workers, progress), out_dir, str(exc))


def _with_reason(done: Written, out_dir: Path, why: str | None) -> Written:
    if why is None:
        return done
    shown = Path(out_dir.name) / STATE_DIR / manifest_mod.MANIFEST
    return dataclasses.replace(done, diagnostics=(warning(
        shown, 0, 0, f"the output folder is not as this build left it ({why}); ignored; building afresh"),))


def _full(units: Sequence[Unit], site_key: str, out_dir: Path, state: StateFiles,
          old: Manifest | None, workers: int, progress: Progress | None) -> Written:
    temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + out_dir.name + "-", dir=out_dir.parent))
    if progress:
        progress.start(len(units))
    old_paths = old.paths() if old else set()
    try:
        state_dir = temp / STATE_DIR
        state_dir.mkdir()
        errors: list[Diagnostic] = []
        size = NOTHING
        with open(state_dir / manifest_mod.MANIFEST, "wb") as f:
            record = manifest_mod.Writer(f, site_key)
            writer = _FreshWriter(temp, _Earlier(out_dir, old) if old is not None else None)
            for unit, key, files, _, problems, _ in parallel.map_units(writer, units, workers):
                errors += problems or []
                record.add(unit, Record(key, files))
                size += _size(files)
                old_paths.difference_update(files)
                if progress:
                    progress.step(len(files))
        if errors:
            raise InputError(errors[:1])  # the same template error repeats for every city
        for name, dump in state.items():
            kept = out_dir / STATE_DIR / name
            if dump is None and _plain_file(kept, out_dir):
                shutil.copyfile(kept, state_dir / name)
            elif dump is not None:
                _write_state(state_dir / name, dump, state_dir)
        swap(temp, out_dir, discard_later=old is not None and len(old.units) * 2 > DISCARD_LATER_FILES)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return Written(size.pages, record.paths, len(old_paths), size=size)


def _plain_file(path: Path, root: Path) -> bool:
    """A regular file reached from root through no link (a state file worth keeping)."""
    return (path.is_file() and not path.is_symlink() and not path.parent.is_symlink()
            and not root.is_symlink())


def _update(units: Sequence[Unit], old: Manifest, out_dir: Path, state: StateFiles,
            workers: int, progress: Progress | None) -> Written:
    guard = Guard(out_dir)
    state_dir = guard(f"{STATE_DIR}/{manifest_mod.MANIFEST}").parent
    temp_dir = guard(f"{STATE_DIR}/{TEMP_FILES}/-").parent
    if temp_dir.is_symlink():
        temp_dir.unlink()
    shutil.rmtree(temp_dir, ignore_errors=True)
    names: list[str] = []  # the plan's units are made as they are reached (units.py): go through them once
    todo = []
    for unit in units:
        names.append(unit.name)
        if (was := old.units.get(unit.name)) is None or was.key != unit.key:
            todo.append(unit)
    if progress:
        progress.start(len(todo))
    workers = min(workers, parallel.workers_for(len(todo), workers))  # one city changed: forking costs more
    old_digests = {p: d for u in old.units.values() for p, d in u.files.items()}
    fresh: dict[str, Record] = {}
    errors: list[Diagnostic] = []
    staged: list[tuple[str, str]] = []
    for unit, key, files, _, problems, ready in parallel.map_units(
            _UpdateWriter(out_dir, temp_dir, old_digests, guard), todo, workers):
        errors += problems or []
        fresh[unit] = Record(key, files)
        staged += ready
        if progress:
            progress.step(len(files))
    if errors:  # nothing in output/ has changed yet: every changed file is still only staged
        shutil.rmtree(temp_dir, ignore_errors=True)
        raise InputError(errors[:1])
    if staged:  # something changes from here on: a kill must not leave a manifest that lies
        (state_dir / manifest_mod.MANIFEST).unlink(missing_ok=True)
    for temp, path in staged:
        target = guard(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temp, target)  # a link planted at `target` is replaced, never written through
    written = len(staged)
    units = [(name, fresh.get(name) or old.units[name]) for name in names]
    kept = {p for _, u in units for p in u.files}
    gone = sorted(p for p in old_digests if p not in kept)
    if gone:
        (state_dir / manifest_mod.MANIFEST).unlink(missing_ok=True)
    for path in gone:
        target = guard(path)
        target.unlink(missing_ok=True)
        _prune_empty(target, out_dir)
    for name, dump in state.items():
        if dump is not None:
            _write_state(state_dir / name, dump, temp_dir)
    if todo or gone or not (state_dir / manifest_mod.MANIFEST).exists():
        read = {name: line for name, line in old.lines.items() if name not in fresh}  # unchanged: copied as read
        _write_state(state_dir / manifest_mod.MANIFEST, lambda f: _record(f, old.site_key, units, read), temp_dir)
    shutil.rmtree(temp_dir, ignore_errors=True)
    size = size_of((path, hashing.file_size(entry)) for _, u in units for path, entry in u.files.items())
    return Written(size.pages, written, len(gone), size=size)


def _size(files: dict[str, str]) -> SiteSize:
    """A unit's files and bytes; its pages are those a visitor can open, the HTML files (not the CSS,
    share cards or ZIP lookup files)."""
    return size_of((path, hashing.file_size(entry)) for path, entry in files.items())


def _record(f: IO[bytes], site_key: str, units: list[tuple[str, Record]], read: dict[str, bytes]) -> bool:
    record = manifest_mod.Writer(f, site_key)
    for name, unit in units:
        record.add(name, unit, read.get(name))
    return True


Result = tuple[str, str, dict[str, str], int, list[Diagnostic] | None, list[tuple[str, str]]]
"""(unit, key, {path: digest}, files written, template errors, [(staged temp file, path)]) for one unit."""


class _Earlier:
    """The site an earlier build left, for a full build to take back the files of units it need not
    render again (`Unit.own_key`). output/ is untrusted: a file is taken only if it is a plain file,
    reached through no link, whose bytes are exactly those the manifest records for it."""

    def __init__(self, out_dir: Path, old: Manifest):
        self.old = old
        self.guard = Guard(out_dir)

    def pages(self, unit: Unit) -> list[Page] | None:
        """The unit's files as the earlier build wrote them, or None to render them."""
        was = self.old.units.get(unit.name)
        if not unit.own_key or was is None or was.key != unit.key or not was.files:
            return None
        if not all(_within(path, unit.own_key) for path in was.files):  # the manifest may claim any path
            return None
        pages = []
        try:
            for path, entry in was.files.items():
                content = _read_plain(self.guard(path), hashing.file_size(entry))
                if content is None or hashing.file_digest(content) != entry:
                    return None
                pages.append(Page(path, content))
        except OutsideOutput:  # a link on the way: render it afresh
            return None
        return pages


def _within(path: str, place: str) -> bool:
    return path == place or (place.endswith("/") and path.startswith(place))


def _read_plain(path: Path, size: int) -> bytes | None:
    """A regular file's bytes if it has `size` of them (guard.open_regular); None if it is anything else."""
    try:
        with open_regular(path) as f:
            return f.read() if os.fstat(f.fileno()).st_size == size else None
    except OSError:
        return None


class _FreshWriter:
    """Writes a unit's files into an empty folder (no temp names needed: nobody reads it yet)."""

    def __init__(self, root: Path, earlier: _Earlier | None = None):
        self.root, self.earlier = root, earlier
        self.guard = Guard(root, fresh=True)
        self.made: set[str] = set()  # folders made so far, as their paths in the site

    def __call__(self, unit: Unit) -> Result:
        try:
            pages = (self.earlier and self.earlier.pages(unit)) or unit.render()
        except InputError as exc:
            return unit.name, unit.key, {}, 0, exc.diagnostics, []
        files = {}
        for page in pages:
            target = self.guard(page.path)
            folder = page.path.rpartition("/")[0]  # text, not a Path: a large site has 100,000 folders
            if folder not in self.made:
                target.parent.mkdir(parents=True, exist_ok=True)
                self.made.add(folder)
            _write_new(target, page.content)
            files[page.path] = hashing.file_digest(page.content)
        return unit.name, unit.key, files, len(files), None, []


class _UpdateWriter:
    """Stages a unit's changed files in the temp folder; they are renamed into output/ only once
    every unit has rendered, so an error in one city leaves no mix of old and new pages."""

    def __init__(self, root: Path, temp_dir: Path, old: dict[str, str], guard: Guard):
        self.root, self.temp_dir, self.old, self.guard = root, temp_dir, old, guard
        self.count = 0

    def __call__(self, unit: Unit) -> Result:
        try:
            pages = unit.render()
        except InputError as exc:
            return unit.name, unit.key, {}, 0, exc.diagnostics, []
        files: dict[str, str] = {}
        staged: list[tuple[str, str]] = []
        for page in pages:
            d = hashing.file_digest(page.content)
            files[page.path] = d
            target = self.guard(page.path)
            if self.old.get(page.path) == d and _is_regular(target):
                continue
            if not staged:
                self.temp_dir.mkdir(parents=True, exist_ok=True)
            self.count += 1
            temp = self.temp_dir / f"{os.getpid()}-{self.count}"
            _write_new(temp, page.content)
            staged.append((str(temp), page.path))
        return unit.name, unit.key, files, len(staged), None, staged


def _is_regular(path: Path) -> bool:
    """A plain file, not a link to one (a link is replaced even when the bytes it shows are right)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _write_new(path: Path, data: bytes) -> None:
    """Create a file with these bytes: plain system calls, no buffered-file object per page."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _write_state(path: Path, dump: Callable[[IO[bytes]], bool], temp_dir: Path) -> None:
    """Dump into a temp file and rename it into place; a failed dump leaves no file at all
    (an old state file would no longer match the site)."""
    if not atomic.write_with(path, dump, temp_dir):
        path.unlink(missing_ok=True)


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
    """Put `new` in place of `out_dir`, atomically where the OS can exchange two names.

    With `discard_later`, the old site is deleted by a background process: deleting tens
    of thousands of files takes as long as writing them, and nobody needs to wait for it.
    """
    os.chmod(new, 0o755)  # mkdtemp makes 0700; the published folder should be readable
    if not out_dir.exists():
        os.rename(new, out_dir)
        return
    if _exchange(new, out_dir):  # `new` now holds the old site
        _discard(new, out_dir, discard_later)
        return
    old = out_dir.parent / f"{OLD_PREFIX}{out_dir.name}-{os.getpid()}"
    os.rename(out_dir, old)
    os.rename(new, out_dir)
    _remove_tree(old)


def _remove_tree(path: Path) -> None:
    """Delete a folder of ours without following any link in it; a link in its place is only unlinked."""
    if path.is_symlink():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def recover(out_dir: Path) -> None:
    """Clean up after a build that was killed: restore a moved-away site, drop temp folders."""
    parent = out_dir.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f"{OLD_PREFIX}{out_dir.name}-*"))
    if olds and not out_dir.exists() and not olds[-1].is_symlink():
        os.rename(olds.pop(), out_dir)
    for leftover in [*olds, *parent.glob(f"{TEMP_PREFIX}{out_dir.name}-*"),
                     *parent.glob(f"{TRASH_PREFIX}{out_dir.name}-*")]:
        _remove_tree(leftover)


def _discard(old: Path, out_dir: Path, later: bool) -> None:
    """Delete an old site now, or rename it aside and delete it from a detached process.

    A build killed before that process is done leaves the renamed folder, which the next
    build's recover() deletes.
    """
    if not later or not hasattr(os, "fork") or old.is_symlink():
        _remove_tree(old)
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


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE): swap two paths in one step. False where unsupported."""
    renameat2 = libc.function("renameat2")
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0

