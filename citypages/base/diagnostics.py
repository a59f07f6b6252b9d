"""Errors and warnings as values with a place, and the two ways they are printed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)  # slots: a large site's warnings are tens of thousands
class Diagnostic:
    """One message about one place in one file (line and col are 1-based; 0 = unknown)."""

    path: Path
    line: int
    col: int
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_text(self) -> str:
        """`cities.yaml:14:3: error: message`, the format compilers and editors understand."""
        where = str(self.path)
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.severity}: {visible(self.message)}"

    def as_github(self) -> str:
        """A GitHub Actions workflow command, so the message shows on the line in a pull request."""
        parts = [f"file={str(self.path).translate(_PROPERTY)}"]
        if self.line:
            parts += [f"line={self.line}", f"col={self.col or 1}"]
        return f"::{self.severity} {','.join(parts)}::{visible(self.message).translate(_DATA)}"


_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})  # GitHub's escapes in a workflow command
_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(message: str) -> str:
    """A message quoting the editor's text stays one line, read in order: controls shown as \\uXXXX."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", message)


def error(path: Path, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(Path(path), line, col, message, ERROR)


def warning(path: Path, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(Path(path), line, col, message, WARNING)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


class InputError(Exception):
    """Raised inside a stage to stop it; carries the diagnostics that explain why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(d.as_text() for d in diagnostics))
        self.diagnostics = diagnostics
