"""The campaign front matter keys about signatures: `goal:` and `closes:`.

Read from the parsed front matter (already checked against campaign.schema.json) here, so
the campaign module only carries the two values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def read(front_matter: dict[str, Any]) -> tuple[int | None, dt.date | None]:
    """(goal, closes) from the front matter's Raw values; None where a key is absent."""
    goal = front_matter["goal"].value if "goal" in front_matter else None
    closes = front_matter["closes"].value if "closes" in front_matter else None
    if closes is not None and not isinstance(closes, dt.date):
        closes = dt.date.fromisoformat(str(closes))
    return goal, closes
