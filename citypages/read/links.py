"""Links among a site's input files that lead outside the site are refused, before anything is read.

The files may come from a stranger's pull request: a link such as `content/pages/x.md -> ~/.ssh/id_rsa`
would copy that file onto the published site or into an error message.
"""

from __future__ import annotations

import os
from pathlib import Path

from citypages.base.diagnostics import Diagnostic, error

READ = ("site.yaml", "cities.yaml", "signatures.json", "content", "theme")
"""What a build reads from the site root; everything under the folders among them is read too."""


def outside_the_site(root: Path) -> list[Diagnostic]:
    """An error for each link, among the files and folders a build reads, that leads outside `root`."""
    base = os.path.realpath(root)
    diags: list[Diagnostic] = []
    seen: set[str] = set()
    todo = [Path(name) for name in READ]
    while todo:
        shown = todo.pop()
        path = root / shown
        real = os.path.realpath(path)
        if path.is_symlink() and os.path.commonpath([real, base]) != base:
            kind = "folder" if os.path.isdir(real) else "file"
            diags.append(error(shown, 0, 0, f"is a link to a {kind} outside the site; copy the {kind} into "
                                            "the site instead of linking to it"))
            continue
        if not path.is_dir() or real in seen:  # a link back to a folder already looked at: no endless walk
            continue
        seen.add(real)
        try:
            names = sorted(os.listdir(path), reverse=True)
        except OSError:
            continue
        todo += [shown / name for name in names]
    return sorted(diags)
