"""Links among a site's input files that lead outside the site are refused, by the link's name.

content/, theme/ and the site's own files may come from a stranger's pull request. A
link in them to a file elsewhere (`content/pages/x.md -> /home/me/.ssh/id_rsa`, or
`theme/static/ -> /`) would copy that file onto the published site or into an error
message. Links that stay inside the site are fine. This runs before anything is read.
"""

from __future__ import annotations

import os
from pathlib import Path

from citypages.base.diagnostics import Diagnostic, error

READ = ("site.yaml", "cities.yaml", "signatures.json", "content", "theme")
"""What a build reads from the site root; everything under the folders among them is read too."""


def outside_the_site(root: Path) -> list[Diagnostic]:
    """An error for each link, among the files and folders a build reads, that leads outside `root`."""
    base = Path(os.path.realpath(root))
    diags: list[Diagnostic] = []
    seen: set[str] = set()
    todo = [Path(name) for name in READ]
    while todo:
        shown = todo.pop()
        path = root / shown
        if path.is_symlink():
            real = os.path.realpath(path)
            if not _inside(real, base):
                kind = "folder" if os.path.isdir(real) else "file"
                diags.append(error(shown, 0, 0, f"is a link to a {kind} outside the site; copy the {kind} into "
                                                "the site instead of linking to it"))
                continue
        if not path.is_dir():
            continue
        real = os.path.realpath(path)
        if real in seen:  # a link back to a folder already looked at: no endless walk
            continue
        seen.add(real)
        try:
            names = sorted(os.listdir(path), reverse=True)
        except OSError:
            continue
        todo += [shown / name for name in names]
    return sorted(diags)


def _inside(real: str, base: Path) -> bool:
    return real == str(base) or real.startswith(str(base).rstrip(os.sep) + os.sep)
