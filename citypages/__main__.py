"""`python -m citypages ...`: the same command line as build.py, for the site in the current folder."""

from citypages.cli import main


def console() -> int:
    """The `citypages` command an installed engine puts on PATH."""
    return main(prog="citypages")


if __name__ == "__main__":
    raise SystemExit(main(prog="python -m citypages"))
