"""The preview as a user starts it: `build.py serve --port 0` in a subprocess, read line by line."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path

from tests.conftest import ROOT

TIMEOUT = 10_000  # ms; a rebuild and reload takes well under a second here
START = 60  # s; the first line comes after the first whole build, which a busy machine can slow tenfold


class Preview:
    """`build.py serve --port 0` in a subprocess, with its output read line by line."""

    def __init__(self, site: Path):
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "-C", str(site), "serve", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        threading.Thread(target=self._read, daemon=True).start()
        try:
            self.url = self.wait_for(r"Preview on (http://127\.0\.0\.1:\d+/)", START).group(1)
        except AssertionError:
            self.stop()  # a preview that never said where it serves is not left running
            raise

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = TIMEOUT / 1000) -> re.Match[str]:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no line matching {pattern!r}; got {self.log}") from None
            self.log.append(line)
            if match := re.search(pattern, line):
                return match

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
