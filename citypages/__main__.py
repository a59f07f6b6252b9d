"""`python -m citypages ...`: the same command line as build.py, for the site in the current folder."""

from citypages.cli import main

if __name__ == "__main__":
    raise SystemExit(main(prog="python -m citypages"))
