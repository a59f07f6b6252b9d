"""How big the site `check` would publish is, the cards and ZIP files reckoned from the last build's manifest."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path

from citypages.base import hashing
from citypages.cards.share_cards import UNIT_PREFIX as CARD_UNIT
from citypages.model.host_limits import SiteSize, size_of
from citypages.model.unit import Unit
from citypages.write.manifest import Manifest
from citypages.zipfinder.zip_lookup import UNIT as ZIP_UNIT

CARDS_DRAWN = 3  # to learn their size when no earlier build has any: each takes a few tens of ms
CARDS_AVERAGED = 1000  # of the last build, whose lengths are averaged: enough, as cards differ little


def estimate(rendered: Iterable[tuple[str, int]], static: dict[str, Path], cards: Sequence[Unit],
             zip_lookup: bool, last_build: Manifest | None) -> tuple[SiteSize, str]:
    """The site's size from the (path, bytes) check rendered, theme/static/, the cards and the ZIP lookup, and how."""
    units = last_build.units if last_build is not None else {}
    size = size_of(rendered) + size_of((f"static/{name}", p.stat().st_size) for name, p in static.items())
    used, left_out = ["the pages check rendered"], ""
    if cards:
        old = (hashing.file_size(entry) for name, unit in units.items() if name.startswith(CARD_UNIT)
               for entry in unit.files.values())
        lengths = [n for n in itertools.islice(old, CARDS_AVERAGED) if n]
        if lengths:
            used.append("the share cards of the last build")
        else:
            lengths = [len(page.content) for unit in cards[:CARDS_DRAWN] for page in unit.render()]
            used.append(f"{len(lengths)} share card{'s' * (len(lengths) != 1)} it drew")
        average = sum(lengths) // max(len(lengths), 1)
        size += SiteSize(0, 0, len(cards), average * len(cards))
    zip_files = units[ZIP_UNIT].files if ZIP_UNIT in units else {}
    if zip_lookup and any(hashing.file_size(entry) for entry in zip_files.values()):
        size += size_of((path, hashing.file_size(entry)) for path, entry in zip_files.items())
        used.append("the ZIP lookup files of the last build")
    elif zip_lookup:
        left_out = "; not counting the ZIP lookup files, a few MB"
    how = used[0] if len(used) == 1 else f"{', '.join(used[:-1])} and {used[-1]}"
    return size, f"an estimate from {how}{left_out}"
