"""The validated data every later stage works with: frozen, typed, no raw YAML left.

A default that site.yaml or cities.yaml may leave out is the schema's (`schema.default`),
so the model, validation and the editor's help in VS Code agree on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from citypages import schema


@dataclass(frozen=True, slots=True)
class Mayor:
    name: str
    title: str = schema.default("cities", "mayor.title")
    titles: tuple[tuple[str, str], ...] = ()  # (language, title) the city gives per language; see titles.py
    # the second action after signing (issue 14): each optional, checked by cities.schema.json
    phone: str | None = None
    email: str | None = None
    contact_url: str | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    name: str | None = None
    url: str | None = None
    since: int | dt.date | None = None
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class Location:
    lat: float
    lon: float


@dataclass(frozen=True)
class FormSettings:
    """The form service section of site.yaml (or a city's override), as the editor wrote it."""

    provider: str
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    path: Path = Path("site.yaml")
    line: int = 0
    positions: Mapping[str, tuple[int, int]] = field(default_factory=lambda: MappingProxyType({}))

    def at(self, key: str) -> tuple[int, int]:
        """Line and column of a setting's key, so a message points at the line to fix."""
        return self.positions.get(key, (self.line, 1))


@dataclass(frozen=True, slots=True)
class City:
    """One entry of cities.yaml; `line` is where it starts, for messages about it later."""

    name: str
    state: str
    slug: str
    mayor: Mayor
    campaign: str
    country: str = schema.default("site", "country")  # a city that names none takes the site's
    status: str | None = None
    population: int | None = None
    policy: Policy | None = None
    location: Location | None = None
    draft: bool = schema.default("cities", "draft")
    last_verified: dt.date | None = None
    sources: tuple[str, ...] = ()
    form: FormSettings | None = None
    languages: tuple[str, ...] | None = None
    goal: int | None = None  # signatures shown as progress on its page
    line: int = 0


@dataclass(frozen=True)
class Site:
    """site.yaml, validated. `base_path` is the URL path every internal link starts with."""

    title: str
    base_url: str
    languages: tuple[str, ...]
    default_campaign: str
    privacy_contact: str
    form: FormSettings
    description: str = schema.default("site", "description")
    organization: str = schema.default("site", "organization")
    country: str = schema.default("site", "country")
    cname: str | None = None
    stale_after_days: int = schema.default("site", "stale_after_days")
    repository: str | None = None  # GitHub owner/name: city pages link to its correction form
    share_cards: bool = schema.default("site", "share_cards")  # share_cards.py: a PNG per city page for link previews
    zip_lookup: bool = schema.default("site", "zip_lookup")  # zip_lookup.py: "find your city by ZIP code"

    @property
    def base_path(self) -> str:
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def url(self, path: str = "") -> str:
        """Site-relative URL with the base path, e.g. url("chicago-il/") -> "/repo/chicago-il/"."""
        return self.base_path + path.lstrip("/")

    def absolute_url(self, path: str = "") -> str:
        return self.origin + self.url(path)


@dataclass(frozen=True)
class Page:
    """One file of the finished site: where it goes (relative to output/) and its bytes."""

    path: str
    content: bytes
