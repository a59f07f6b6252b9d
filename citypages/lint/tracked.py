"""Whether an output folder is committed to git: a build reads its manifest and cache, so a committed
one is input from whoever wrote the commit. The one place that runs git; no git or no repository is
no finding.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

from citypages.base.diagnostics import Diagnostic, error

FOLDERS = ("output", "_site")
"""The build's default output folder and the one the Pages workflow used to build into."""


def committed_output(root: Path, folders: tuple[str, ...] = FOLDERS) -> list[Diagnostic]:
    """An error for each of `folders` (relative to the site root) with files tracked by git."""
    try:
        done = subprocess.run(["git", "-c", "core.fsmonitor=false", "ls-files", "-z", "--", *folders],
                              cwd=root, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    if done.returncode != 0:  # not a repository (or git refused): nothing to say
        return []
    counts = Counter(path.split("/", 1)[0] for path in done.stdout.decode("utf-8", "replace").split("\0") if path)
    return [error(Path(name), 0, 0,
                  f"the output folder {name}/ is tracked by git ({n} file{'s' * (n != 1)}); a build reads what is "
                  f"in it, so it must never come with a commit: git rm -r --cached {name} && add /{name}/ to "
                  ".gitignore")
            for name, n in sorted(counts.items()) if name in folders]
