"""A one-line progress bar on stderr, on a terminal only and after about a second, so that quick
rebuilds stay silent and logs never get carriage-return noise."""

from __future__ import annotations

import sys
import time
from typing import TextIO

DELAY_S = 1.0
REFRESH_S = 0.1
WIDTH = 30


class Bar:
    """`start(total units)`, then `step(files)` per unit; `close()` clears the line."""

    def __init__(self, stream: TextIO | None = None, clock=time.monotonic):
        self.stream = stream or sys.stderr
        self.clock = clock
        self.last = 0.0
        self.shown = False
        self.start(0)

    def start(self, total: int) -> None:
        self.total, self.units, self.files = total, 0, 0
        self.began = self.clock()

    def step(self, files: int) -> None:
        self.units += 1
        self.files += files
        now = self.clock()
        if now - self.began < DELAY_S or (now - self.last < REFRESH_S and self.units < self.total):
            return
        self.last = now
        done = self.units / self.total if self.total else 1.0
        filled = int(WIDTH * done)
        rate = self.files / max(now - self.began, 1e-9)
        self.stream.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {self.files:,} pages, {rate:,.0f}/s ")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def wanted(stream: TextIO, quiet: bool) -> bool:
    """A bar belongs on an interactive terminal only."""
    return not quiet and hasattr(stream, "isatty") and stream.isatty()
