"""`responses import`: read one export, sort its rows, add the new ones to the store."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from citypages.base.diagnostics import Diagnostic, error
from citypages.responses import formats, rights
from citypages.responses.clean import Known, filler, sort_rows
from citypages.responses.store import FORGOTTEN, Store, Submission

ALREADY = "already imported"


@dataclass
class ImportResult:
    provider: str = ""
    outcomes: Counter[str] = field(default_factory=Counter)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    forgotten: set[tuple[str, str]] = field(default_factory=set)  # (email, campaign) of rows skipped as forgotten


def import_file(store: Store, path: Path, shown: Path, known: Known, provider: str | None = None) -> ImportResult:
    """Sort every row of `path` and store the new ones in one transaction."""
    result = ImportResult()
    try:
        result.provider, rows = formats.read(path, provider, filler(known))
        items = list(rows)
    except formats.FormatError as exc:
        result.diagnostics.append(error(shown, exc.row, 1, exc.message))
        return result
    except OSError as exc:
        result.diagnostics.append(error(shown, 0, 0, f"cannot read the file: {exc.strerror or exc}"))
        return result
    # in time order, so that of two signatures by one address the earlier counts, whatever the file's order
    # (Basin's API answers newest first); the warnings still follow the rows
    items.sort(key=lambda item: item[1].submitted_at if isinstance(item[1], Submission) else "")
    seen = store.known(s.key for _, s in items if isinstance(s, Submission))
    kept = store.kept_signers()
    file = str(shown)  # as given: two exports named alike in different folders stay apart in `status`
    to_add, forgotten, gone = [], rights.forgotten_test(store), []
    for sub, outcome, number, warning in sort_rows(items, known, shown, seen, kept):
        if sub is not None and outcome and forgotten is not None and forgotten(sub):  # never stored, nor shown
            result.outcomes[FORGOTTEN] += 1
            result.forgotten.add((sub.email, sub.campaign))
            gone.append((sub, file))
            continue
        if warning is not None:
            result.diagnostics.append(warning)
        if not outcome:
            result.outcomes[ALREADY] += 1
            continue
        result.outcomes[outcome] += 1
        if sub is not None:
            to_add.append((sub, outcome, file, number))
    store.add(to_add, gone)
    result.diagnostics.sort(key=lambda d: d.line)
    return result

