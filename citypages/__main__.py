"""`python -m citypages`: the same command as `citypages`."""

from citypages.cli import main

raise SystemExit(main())
