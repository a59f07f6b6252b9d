"""The whole site, read and checked: its own module so later stages can name it without the pipeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from citypages.copy.campaign import Campaign
from citypages.copy.content_pages import ContentPage
from citypages.load import cities_load
from citypages.model.site import City, Site
from citypages.render.templates import Theme
from citypages.responses import counts


@dataclass(frozen=True)
class SiteInput:
    """Everything a build needs, loaded and validated."""

    root: Path
    site: Site
    cities: tuple[City, ...]
    campaigns: dict[tuple[str, str], Campaign]
    pages: tuple[ContentPage, ...]
    theme: Theme
    city_keys: dict[str, str] = field(default_factory=dict)
    cities_cache: cities_load.Cached | None = None  # what the cache is to keep of cities.yaml (None: as it is)
    signatures: counts.Signatures = field(default_factory=counts.Signatures)  # signatures.json
    today: dt.date = field(default_factory=dt.date.today)  # a campaign's closes: is compared with it
