#!/usr/bin/env python3
"""Build the site: `python build.py` (see `python build.py --help`)."""

from pathlib import Path

from citypages.cli import main

if __name__ == "__main__":
    raise SystemExit(main(default_root=Path(__file__).resolve().parent))
