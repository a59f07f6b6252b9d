"""The validated data every later stage works with: frozen, typed, no raw YAML left.

`Site`, `City`, `Mayor` and `Policy` declare only the fields with a rule of their own; every other property of
their schema becomes a field by itself, with the schema's default (`from_schema`), so a new plain field of
site.yaml or cities.yaml is its schema entry, the template that shows it and a test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from citypages.model import schema

_TYPES: dict[str, type] = {"string": str, "integer": int, "number": float, "boolean": bool}


def _python_type(node: dict[str, Any], where: str) -> Any:
    """The model's type for a schema property of a plain kind: a scalar, or an array of one."""
    kind = node.get("type")
    if kind == "array":
        return tuple[_python_type(node.get("items", {}), where), ...]  # type: ignore[misc]
    if kind in _TYPES:
        return _TYPES[kind]
    raise TypeError(f"{where} is not a plain text, number, yes/no or list of them: declare it on the class "
                    "in model.py and read it in validate.py")


def from_schema(name: str, path: str = "") -> Callable[[type], type]:
    """Make the class a frozen dataclass: its declared fields, then a keyword-only field (required, the schema's
    default, or None) for each other property at `path` ("", "mayor", "policy") of schema `name`: `schema_fields`."""
    node = schema.load(name)
    node = node.get("items", node)
    for key in filter(None, path.split(".")):
        node = node["properties"][key]

    def make(cls: type) -> type:
        declared = inspect.get_annotations(cls)
        specs = [(key, hint, field(default=cls.__dict__.get(key, dataclasses.MISSING)))
                 for key, hint in declared.items()]
        added = tuple(n for n in node["properties"] if n not in declared)
        for key in added:
            hint = _python_type(node["properties"][key], f"{name}.schema.json: {path + '.' if path else ''}{key}")
            default = dataclasses.MISSING if key in node.get("required", ()) else schema.setting({}, node, key)
            specs.append((key, hint if default is not None else hint | None, field(default=default, kw_only=True)))
        namespace = {k: v for k, v in cls.__dict__.items()
                     if k not in declared and k not in ("__dict__", "__weakref__", "__annotations__")}
        namespace["schema_fields"] = added
        return dataclasses.make_dataclass(cls.__name__, specs, namespace=namespace, frozen=True, slots=True)
    return make


@from_schema("cities", "mayor")
class Mayor:
    """Who a city's page is addressed to; the second action's `phone`, `email` and `contact_url` come
    from the schema (see second_action.py)."""

    name: str
    title: str = schema.default("cities", "mayor.title")
    titles: tuple[tuple[str, str], ...] = ()  # (language, title) the city gives per language; see titles.py


@from_schema("cities", "policy")
class Policy:
    """The policy a page thanks the mayor for; `name`, `url` and `summary` come from the schema."""

    since: int | dt.date | None = None  # a year or a date


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


@from_schema("cities")
class City:
    """One entry of cities.yaml; `line` is where it starts, for messages about it later. Every plain property
    of cities.schema.json is a field too (`status`, `population`, `goal`, `languages`: None for all)."""

    name: str
    state: str
    slug: str
    mayor: Mayor
    campaign: str
    country: str = schema.default("site", "country")  # a city that names none takes the site's
    policy: Policy | None = None
    location: Location | None = None
    last_verified: dt.date | None = None
    form: FormSettings | None = None
    line: int = 0


@from_schema("site")
class Site:
    """site.yaml, validated. `title` and `description` are the first language's; `titles` and `descriptions`
    the (language, text) pairs site.yaml gives per language (see copy/titles.py)."""

    title: str
    form: FormSettings
    description: str = schema.default("site", "description")
    titles: tuple[tuple[str, str], ...] = ()
    descriptions: tuple[tuple[str, str], ...] = ()

    @property
    def base_path(self) -> str:
        """The URL path every internal link starts with."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def title_in(self, lang: str) -> str:
        """The site's title in `lang`, or the first language's where site.yaml gives none for it."""
        return dict(self.titles).get(lang, self.title)

    def url(self, path: str = "") -> str:
        """Site-relative URL with the base path, e.g. url("chicago-il/") -> "/repo/chicago-il/"."""
        return self.base_path + path.lstrip("/")

    def absolute_url(self, path: str = "") -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}{self.url(path)}"


@dataclass(frozen=True)
class Page:
    """One file of the finished site: where it goes (relative to output/) and its bytes."""

    path: str
    content: bytes
