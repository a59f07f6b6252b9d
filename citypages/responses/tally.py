"""What a page says about signatures (count, goal, closed), in words `_signatures.html` only places: numbers are
grouped by the language file's `number_group`, not the machine's locale, so every build gives the same bytes."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from citypages.places import plurals
from citypages.responses.counts import Signatures


@dataclass(frozen=True)
class Tally:
    count: int
    goal: int | None = None
    closes: dt.date | None = None
    closed: bool = False


def for_city(signatures: Signatures, campaign: Any, city: Any, today: dt.date) -> Tally | None:
    """None when there is nothing to say: no counts file, and the campaign has no closing date."""
    closes = getattr(campaign, "closes", None)
    if not signatures.present and closes is None:
        return None
    goal = getattr(city, "goal", None) or getattr(campaign, "goal", None)
    closed = closes is not None and today > closes
    return Tally(signatures.count(campaign.slug, city.slug), goal, closes, closed)


def key(tally: Tally | None) -> str:
    """What the city's pages depend on here: a changed count rebuilds only that city."""
    return f"{tally.count}/{tally.goal}/{tally.closes}/{tally.closed}" if tally else "-"


def number(n: int, strings: dict[str, str]) -> str:
    return f"{n:,}".replace(",", strings.get("number_group", ","))


def date(day: dt.date, strings: dict[str, str]) -> str:
    months = strings.get("months", "").split()
    month = months[day.month - 1] if len(months) == 12 else f"{day.month:02d}"
    return strings.get("date_format", "{year}-{month}-{day}").format(year=day.year, month=month, day=day.day)


def city_view(tally: Tally | None, strings: dict[str, str], title: str, name: str) -> dict[str, Any] | None:
    """The words and numbers `_signatures.html` shows on a city's page."""
    if tally is None:
        return None
    n = number(tally.count, strings)
    if tally.count == 0:
        template = strings["signatures_closed_none" if tally.closed else "signatures_none"]
    else:
        template = strings[plurals.key(strings, "signatures_count", tally.count)]
    view: dict[str, Any] = {
        "sentence": template.format(count=n, title=title, name=name),
        "closed": tally.closed,
        "closed_text": strings["signatures_closed"].format(date=date(tally.closes, strings))
        if tally.closed and tally.closes else "",
        "goal": None,
    }
    if tally.goal:
        percent = min(100, tally.count * 100 // tally.goal)
        view.update(goal=tally.goal, value=min(tally.count, tally.goal), percent=percent,
                    progress_text=strings["signatures_goal"].format(
                        count=n, goal=number(tally.goal, strings), percent=percent))
    return view


def index_view(signatures: Signatures, pairs: list[tuple[str, str]], strings: dict[str, str]) -> dict[str, Any] | None:
    """The index's total over (campaign, city) pairs listed on it; None without signatures (or a counts file)."""
    total = sum(signatures.count(c, s) for c, s in pairs)
    cities = sum(1 for c, s in pairs if signatures.count(c, s))
    if not total:
        return None
    template = strings[plurals.key(strings, "signatures_total", total)]
    return {"sentence": template.format(count=number(total, strings), cities=number(cities, strings)),
            "closed": False, "closed_text": "", "goal": None}


BADGE_HEIGHT, BADGE_FONT, BADGE_PAD = 28, 13, 10  # badge.svg's height, text size and side padding, in pixels


def badge_view(count: int, strings: dict[str, str], title: str, name: str) -> dict[str, Any]:
    """A city's badge.svg: the count's sentence, an alt text with no number (a partner's copy stays as it was
    while the badge grows), the width at 0.64 em a character (CJK twice; no web font) as DejaVu Sans Bold."""
    text = strings[plurals.key(strings, "badge_count", count)].format(count=number(count, strings), title=title,
                                                                       name=name)
    ems = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text) * 0.64
    return {"text": text, "alt": strings["badge_alt"].format(title=title, name=name), "height": BADGE_HEIGHT,
            "width": round(ems * BADGE_FONT) + 2 * BADGE_PAD, "font": BADGE_FONT}
