"""`check --format github`: GitHub marks only 10 errors and 10 warnings per step ("Limitations" in actions/toolkit's
docs/problem-matchers.md), so the most important annotations come first and the step summary lists them all."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from citypages.base.diagnostics import ERROR, WARNING, Diagnostic, visible

SHOWN_PER_KIND = 10
SUMMARY_BYTES = 1024 * 1024 - 4096  # GitHub's cap per step, less room for the closing note

# Warnings, most important first: a phrase in the message -> its rank. Whatever is not listed
# ranks in between; out-of-date entries, many and routine, come last.
_RANKS = [
    ("reCAPTCHA", 0), ("would be published", 0), ("least private", 0),
    ("still the sample site's", 1),
    ("removed", 2),
    ("translation", 3),
    ("the entry has no", 4),
    ("curly quotes", 5),
    ("used by no city", 6),
    ("days old", 9),
]
_OTHER = 7


def importance(d: Diagnostic) -> int:
    """0 for the most important warning; errors rank before every warning."""
    if d.is_error:
        return -1
    return next((rank for phrase, rank in _RANKS if phrase in d.message), _OTHER)


def ordered(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Errors first, then warnings by importance; within a rank, by file and line."""
    return sorted(diagnostics, key=lambda d: (importance(d), str(d.path), d.line, d.col, d.message))


def annotations(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """The workflow commands to print, with a notice when GitHub will not show them all."""
    lines = [d.as_github() for d in ordered(diagnostics)]
    kinds = Counter(d.severity for d in diagnostics)
    hidden = [plural(kinds[kind] - SHOWN_PER_KIND, f"more {kind}") for kind in (ERROR, WARNING)
              if kinds[kind] > SHOWN_PER_KIND]
    if hidden:
        lines.append(f"::notice title=More than GitHub shows::GitHub marks only {SHOWN_PER_KIND} errors and "
                     f"{SHOWN_PER_KIND} warnings of a step on the files, so {' and '.join(hidden)} are not marked; "
                     f"the job's summary lists all {len(diagnostics)}, and the log above shows each one")
    return lines


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """A Markdown table of every message, for $GITHUB_STEP_SUMMARY."""
    head = [f"### City Pages check: {count(diagnostics, zeros=True)}", ""]
    if not diagnostics:
        return "\n".join([*head, "Everything is fine.", ""])
    out = [*head, "| | File | Line | Message |", "|---|---|---|---|"]
    size = sum(len(x) + 1 for x in out)
    for i, d in enumerate(ordered(diagnostics)):
        row = (f"| {d.severity} | {_cell(str(d.path))} | {d.line or ''} | {_cell(visible(d.message))} |")
        size += len(row.encode()) + 1
        if size > SUMMARY_BYTES:
            out += ["", f"{len(diagnostics) - i} more not listed: the summary is full; see the log."]
            break
        out.append(row)
    return "\n".join(out) + "\n"


def count(diagnostics: Sequence[Diagnostic], zeros: bool = False) -> str:
    """`2 errors, 1 warning`; a kind there is none of left out, unless `zeros`."""
    kinds = Counter(d.severity for d in diagnostics)
    return ", ".join(plural(kinds[kind], kind) for kind in (ERROR, WARNING) if kinds[kind] or zeros)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _cell(text: str) -> str:
    """An editor's text as a Markdown table cell: shown as typed, never as markup or a new column."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")
    return "".join(f"\\{c}" if c in "\\`*_[]|#~" else c for c in text)
