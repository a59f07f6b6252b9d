"""The cities cache on disk: JSON lines, checked field by field on the way back in.

The cache sits in output/.citypages/, and the output folder is untrusted input (a pull
request can commit one, a tool can tamper with it). So it holds plain data only, never
anything that runs code when read (no pickle), and reading it turns every value back
into the model's types (City, Mayor, Policy, Location, FormSettings, dates, read-only
mappings) by the model's own type hints, refusing anything of another shape. A cache
that fails is reported as the reason why; the caller ignores it and parses afresh.

Layout: a header line {"format", "context", "file", "count"}, then one line per entry,
[digest of the entry's text, its first line, the City], written and read one at a time
so a large site's cache is never held as one big text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import IO, Any

from citypages.base import guard
from citypages.model.site import City

FORMAT = 1
MAX_LINE = 1 << 20
"""Longest line read (bytes): an entry is a few hundred; a bigger one is not ours."""

Entry = tuple[str, int, City]
Decoder = Callable[[Any], Any]


class Invalid(ValueError):
    """The cache does not hold what this engine writes; the message says where it differs."""


def dump(f: IO[bytes], context: str, file_digest: str, entries: list[Entry],
         kept: Mapping[int, bytes] | None = None) -> bool:
    """Write the cache into f; False when a value has no plain form (then no cache is kept).

    `kept` holds lines of the last cache, by the index of the entry they stand for here,
    that are written as they were read (the same digest, first line and City): after one
    changed entry, encoding 10,000 others again took half a second.
    """
    kept = kept or {}
    try:
        f.write(_line({"format": FORMAT, "context": context, "file": file_digest, "count": len(entries)}))
        for i, (digest, start, city) in enumerate(entries):
            f.write(kept.get(i) or _line([digest, start, _encode(city)]))
    except (TypeError, ValueError):
        return False
    return True


def read(path: Path, context: str) -> tuple[dict | None, str | None]:
    """The cache at path -> ({"file", "entries", "lines"}, None); (None, None) when missing or stale;
    (None, reason) when it is not a cache this engine wrote or was changed since. "lines" are
    the entries' lines as read, each one checked as its entry was, to be written again as
    they are (see dump)."""
    if any(p.is_symlink() for p in (path, path.parent, path.parent.parent)):  # the file, .citypages/, output/
        return None, "it is reached through a link, not a file the build wrote"
    try:
        with guard.open_regular(path) as f:
            return _read_open(f, context)
    except guard.NotAFile as exc:
        return None, str(exc)
    except OSError:
        return None, None


def _read_open(f: IO[bytes], context: str) -> tuple[dict | None, str | None]:
    try:
        head = json.loads(_read_line(f))
        if not isinstance(head, dict) or set(head) != {"format", "context", "file", "count"}:
            raise Invalid("the first line is not the cache's header")
        if head["format"] != FORMAT or head["context"] != context:
            return None, None  # another engine or other settings: stale, not suspicious
        count = head["count"]
        if not isinstance(count, int) or isinstance(count, bool) or count < 0 or not isinstance(head["file"], str):
            raise Invalid("the header's values have the wrong types")
        decode_city = _decoder(City)
        entries: list[Entry] = []
        lines: list[bytes] = []
        for n in range(count):
            lines.append(_read_line(f))
            entries.append(_entry(json.loads(lines[-1]), decode_city, n + 2))
        if f.read(1):
            raise Invalid("there is more after the last entry")
    except Invalid as exc:
        return None, str(exc)
    except (ValueError, RecursionError) as exc:  # JSON that does not parse, text that does not decode
        return None, f"it is not JSON lines ({type(exc).__name__})"
    return {"file": head["file"], "entries": entries, "lines": lines}, None


def _read_line(f: IO[bytes]) -> bytes:
    line = f.readline(MAX_LINE + 1)
    if not line:
        raise Invalid("it ends early")
    if len(line) > MAX_LINE:
        raise Invalid("a line is too long")
    return line


def _entry(value: Any, decode_city: Decoder, line: int) -> Entry:
    if not (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str)
            and type(value[1]) is int):
        raise Invalid(f"line {line} is not an entry")
    try:
        city = decode_city(value[2])
    except Invalid as exc:
        raise Invalid(f"line {line}: {exc}") from None
    if not _SAFE_SEGMENT.fullmatch(city.slug) or ".." in city.slug:
        raise Invalid(f"line {line}: the slug is not one URL segment")
    return value[0], value[1], city


_SAFE_SEGMENT = re.compile(r"[^/\\\x00.][^/\\\x00]*")


def _line(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode() + b"\n"


def _encode(value: Any) -> Any:
    """A model value as JSON data: dataclasses as objects, dates tagged, paths as text."""
    names = _field_names(type(value))
    if names is not None:
        return {name: _encode(getattr(value, name)) for name in names}
    if isinstance(value, dt.datetime):
        raise TypeError("a date with a time")
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, Mapping):
        return _encode_plain(value)
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"no plain form for {type(value).__name__}")


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def _encode_plain(value: Any) -> Any:
    """A mapping's values (form options, positions): only what JSON holds as it is, so they read back equal."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_encode_plain(v) for v in value]
    if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
        return {k: _encode_plain(v) for k, v in value.items()}
    raise TypeError(f"no plain form for {type(value).__name__}")


@cache
def _decoder(tp: Any) -> Decoder:
    """A function that checks one JSON value against a type hint and returns the model's value."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if origin in (typing.Union, types.UnionType):
        return _union_decoder(tuple(_decoder(a) for a in args if a is not type(None)), type(None) in args)
    if tp is type(None):
        return _exact(type(None), "nothing")
    if tp in (str, bool):
        return _exact(tp, tp.__name__)
    if tp is int:
        return _exact(int, "a whole number")
    if tp is float:
        return _number
    if tp is dt.date:
        return _date
    if tp is Path:
        return lambda v: Path(_exact(str, "a path")(v))
    if tp is Any:
        return _plain
    if origin is tuple:
        return _tuple_decoder(args)
    if origin is Mapping or tp is Mapping:
        value = _decoder(args[1]) if args else _plain
        return lambda v: types.MappingProxyType({k: value(x) for k, x in _object(v).items()})
    raise TypeError(f"the cache cannot hold {tp!r}")  # a new model type: teach _decoder, tests will say


def _dataclass_decoder(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = tuple((f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls))
    names = {name for name, _ in fields}

    def decode(v: Any) -> Any:
        obj = _object(v)
        if obj.keys() != names:
            raise Invalid(f"a {cls.__name__} has the keys {sorted(obj)}, not {sorted(names)}")
        values = {}
        for name, field in fields:
            try:
                values[name] = field(obj[name])
            except Invalid as exc:
                raise Invalid(f"{cls.__name__}.{name}: {exc}") from None
        return cls(**values)
    return decode


def _union_decoder(members: tuple[Decoder, ...], optional: bool) -> Decoder:
    if len(members) == 1:  # `X | None`, most fields: no exception on the way for either
        only = members[0]
        return (lambda v: None if v is None else only(v)) if optional else only

    def decode(v: Any) -> Any:
        if v is None and optional:
            return None
        reasons = []
        for member in members:
            try:
                return member(v)
            except Invalid as exc:
                reasons.append(str(exc))
        raise Invalid(" or ".join(reasons))
    return decode


def _tuple_decoder(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        return lambda v: tuple(item(x) for x in _array(v))
    items = tuple(_decoder(a) for a in args)

    def decode(v: Any) -> tuple:
        values = _array(v)
        if len(values) != len(items):
            raise Invalid(f"expected {len(items)} values, not {len(values)}")
        return tuple(d(x) for d, x in zip(items, values, strict=True))
    return decode


def _exact(tp: type, what: str) -> Decoder:
    def decode(v: Any) -> Any:
        if type(v) is not tp:
            raise Invalid(f"expected {what}, not {type(v).__name__}")
        return v
    return decode


def _number(v: Any) -> float:
    if type(v) not in (int, float):
        raise Invalid(f"expected a number, not {type(v).__name__}")
    return v


def _date(v: Any) -> dt.date:
    obj = _object(v)
    if obj.keys() != {"date"} or not isinstance(obj["date"], str):
        raise Invalid("expected a date")
    try:
        return dt.date.fromisoformat(obj["date"])
    except ValueError:
        raise Invalid(f"'{obj['date']}' is not a date") from None


def _object(v: Any) -> dict[str, Any]:
    if type(v) is not dict:
        raise Invalid(f"expected an object, not {type(v).__name__}")
    return v


def _array(v: Any) -> list[Any]:
    if type(v) is not list:
        raise Invalid(f"expected a list, not {type(v).__name__}")
    return v


def _plain(v: Any) -> Any:
    """A YAML-like plain value (a form option): text, numbers, yes/no, lists and mappings of them."""
    if v is None or type(v) in (str, int, float, bool):
        return v
    if type(v) is list:
        return [_plain(x) for x in v]
    if type(v) is dict:
        return {k: _plain(x) for k, x in v.items()}
    raise Invalid(f"unexpected {type(v).__name__}")

