"""`responses import`: read one export, sort its rows, add the new ones to the store."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from citypages.base.diagnostics import Diagnostic, error
from citypages.responses import formats, rights
from citypages.responses.clean import Known, outcome, row_warning
from citypages.responses.store import FORGOTTEN, KEPT, REJECTED, Store, Submission

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
        result.provider, rows = formats.read(path, provider, known.fill)
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
    for number, sub in items:
        if isinstance(sub, str):
            result.diagnostics.append(row_warning(shown, number, f"{sub}; the row was not imported"))
            result.outcomes[REJECTED] += 1
            continue
        if sub.key in seen:
            result.outcomes[ALREADY] += 1
            continue
        seen.add(sub.key)
        chosen, why = outcome(sub, known, kept)
        if chosen == KEPT:
            kept.add((sub.campaign, sub.city, sub.email_norm))
        if forgotten is not None and forgotten(sub):  # never stored, nor shown
            result.outcomes[FORGOTTEN] += 1
            result.forgotten.add((sub.email, sub.campaign))
            gone.append((sub, file))
            continue
        if why:
            result.diagnostics.append(row_warning(shown, number, why))
        result.outcomes[chosen] += 1
        to_add.append((sub, chosen, file, number))
    store.add(to_add, gone)
    result.diagnostics.sort(key=lambda d: d.line)
    return result

