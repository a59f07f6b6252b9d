"""A page's per-city values as a shape and a list of nodes, and stand-ins that print as tokens.

skeleton.py renders a template once with stand-ins in place of one city's values and
replays that render for every city of the same shape. This module decides what a
"shape" is: the types, lengths, keys and emptiness of everything the page is given,
plus the real value of every node the template was seen to use for a decision (a
"structural" path, learned by skeleton.py). Every other non-empty value becomes a node
whose stand-in prints as a unique token and refuses what would let its value steer the
template: comparing, hashing, measuring, indexing, iterating. A refusal raises
`Structural` with the nodes involved, so the caller can make them part of the shape.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

Path = tuple[Any, ...]
"""Where a node sits in the page's values: ("city", "mayor", "name"), ("alternates", 1, 0)."""


class Structural(Exception):  # a signal to the skeleton builder, not an error to report
    """The template used these nodes' values to decide what to write; they must join the shape."""

    def __init__(self, nodes: frozenset[int]) -> None:
        super().__init__(sorted(nodes))
        self.nodes = nodes


class Unsupported(Exception):
    """The template did something with a stand-in that a skeleton cannot replay."""


def _refuse(self: Any, *args: Any, **kwargs: Any) -> Any:
    raise Structural(self._deps)


_REFUSED = ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__len__", "__contains__",
            "__getitem__", "__iter__", "__mul__", "__rmul__", "__mod__", "__rmod__", "__format__", "__int__",
            "__float__", "__index__", "__reversed__")


def _refusing(cls: type) -> type:
    for name in _REFUSED:
        setattr(cls, name, _refuse)
    cls.__bool__ = lambda self: True  # empty values never become stand-ins: the shape says they are empty
    return cls


@_refusing
class Text(str):
    """Stand-in for non-empty plain text: the token (and, in a check render, a probe after it)."""

    _ref: tuple[str, int]
    _deps: frozenset[int]


@_refusing
class Html(Markup):
    """Stand-in for non-empty Markup (sanitised copy): written as it is, never escaped."""

    _ref: tuple[str, int]
    _deps: frozenset[int]


@_refusing
class Day(dt.date):
    """Stand-in for a date: prints as the token; its year, month or day are refused."""

    _ref: tuple[str, int]
    _deps: frozenset[int]
    _text: str

    def __str__(self) -> str:
        return self._text

    def isoformat(self) -> str:
        return self._text

    year = month = day = property(_refuse)


@_refusing
class Number:
    """Stand-in for a non-zero number: prints as the token; arithmetic and comparison are refused."""

    _ref: tuple[str, int]
    _deps: frozenset[int]

    def __init__(self, text: str) -> None:
        self._text = text

    def __str__(self) -> str:
        return self._text

    __add__ = __radd__ = __sub__ = __rsub__ = __truediv__ = __floordiv__ = __neg__ = __abs__ = _refuse


@_refusing
class Joined(str):
    """Text joined from stand-ins and literal text (`a ~ ", " ~ b`): refuses what a stand-in refuses."""

    _deps: frozenset[int]


@_refusing
class JoinedHtml(Markup):
    """Markup joined from stand-ins and literal text."""

    _deps: frozenset[int]


def joined(text: str, deps: frozenset[int]) -> Joined | JoinedHtml:
    """`text`, which holds tokens of the nodes `deps`, as a stand-in that refuses comparisons."""
    out = JoinedHtml(text) if isinstance(text, Markup) else Joined(text)
    out._deps = deps
    return out


def _add(self: Any, other: Any) -> Any:
    base = Markup if isinstance(self, Markup) else str
    return joined(base.__add__(base(self), other), self._deps | getattr(other, "_deps", frozenset()))


def _radd(self: Any, other: Any) -> Any:
    if isinstance(self, Markup):
        return joined(Markup.__radd__(Markup(self), other), self._deps | getattr(other, "_deps", frozenset()))
    return joined(str.__add__(other, str(self)), self._deps | getattr(other, "_deps", frozenset()))


for _cls in (Text, Html, Joined, JoinedHtml):
    _cls.__add__, _cls.__radd__ = _add, _radd  # type: ignore[assignment,method-assign]

LEAVES = (Text, Html, Day, Number)
JOINED = (Joined, JoinedHtml)


def stand_in_leaf(kind: str, text: str, ref: tuple[str, int], deps: frozenset[int], check: bool = False) -> Any:
    """A stand-in of `kind` ("S" text, "M" Markup, "D" date, "N" number) that prints as `text`.

    A date's stand-in is a different day in the check render (`check`), so a template that
    reads the date some other way than through a filter writes two different pages.
    """
    if kind == "M":
        leaf: Any = Html(text)
    elif kind == "D":
        leaf = Day(2012, 11, 28) if check else Day(2001, 2, 3)
        leaf._text = text
    elif kind == "N":
        leaf = Number(text)
    else:
        leaf = Text(text)
    leaf._ref, leaf._deps = ref, deps
    return leaf


@dataclasses.dataclass
class Walk:
    """One walk over a page's values: its shape, every node in order, and where each one sits."""

    shape: list[Any] = dataclasses.field(default_factory=list)
    nodes: list[Any] = dataclasses.field(default_factory=list)
    paths: list[Path] = dataclasses.field(default_factory=list)
    subtree: list[int] = dataclasses.field(default_factory=list)  # node i's subtree ends before subtree[i]
    kinds: dict[int, str] = dataclasses.field(default_factory=dict)  # leaf node -> "S", "M", "D" or "N"


def walk(values: Mapping[str, Any], structural: frozenset[Path], leaf: Any = None,
         register: Any = None) -> tuple[Walk, dict[str, Any]]:
    """The shape and nodes of `values`; with `leaf(i, kind)` and `register(i, obj)`, their stand-ins too.

    The same walk serves both: a city's nodes are numbered exactly as the stand-ins of the
    skeleton that fits its shape.
    """
    acc = Walk()
    out = {name: _node(value, (name,), structural, acc, leaf, register) for name, value in values.items()}
    return acc, out


_END = object()  # marks a structural path's last step in a trie


def trie(paths: frozenset[Path]) -> dict[Any, Any]:
    """Structural paths as nested dicts, so a city's walk need not build a path per node."""
    root: dict[Any, Any] = {}
    for path in paths:
        node = root
        for step in path:
            node = node.setdefault(step, {})
        node[_END] = True
    return root


_FIELDS: dict[type, tuple[str, ...]] = {}


def shape_of(values: Mapping[str, Any], structural: dict[Any, Any]) -> tuple[tuple[Any, ...], list[Any]]:
    """What `walk` finds, faster, for each city: (its shape, its nodes); `structural` from `trie`."""
    shape: list[Any] = []
    nodes: list[Any] = []
    for name, value in values.items():
        _fast(value, structural.get(name), shape, nodes)
    return tuple(shape), nodes


def _fast(value: Any, below: dict[Any, Any] | None, shape: list[Any], nodes: list[Any]) -> None:
    nodes.append(value)
    kind = type(value)
    if (below is not None and _END in below) or value is None or kind is bool:
        shape.append(("=", kind, _frozen(value)))
        return
    if kind in _KINDS:
        shape.append(_KINDS[kind] if value else ("=", kind, value))
        return
    if kind is tuple or kind is list:
        shape.append((kind, len(value)))
        items: Any = enumerate(value)
    elif kind is dict:
        shape.append((dict, tuple(value)))
        items = value.items()
    else:
        names = _FIELDS.get(kind)
        if names is None:
            if not (dataclasses.is_dataclass(value) or _leaf_kind(value) or isinstance(value, (tuple, list, Mapping))):
                shape.append(("=", kind, _frozen(value)))
                return
            if not dataclasses.is_dataclass(value):  # a subclass or another mapping: the careful walk's way
                nodes.pop()
                careful = walk({"": value}, frozenset(_paths(below, ("",))))[0]
                shape.extend(careful.shape)
                nodes.extend(careful.nodes)
                return
            names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
        shape.append((kind, names))
        items = [(n, getattr(value, n)) for n in names]
    for k, v in items:  # leaves here, without a call each: most nodes are leaves
        sub = below.get(k) if below else None
        if sub is None:
            if v is None:
                nodes.append(v)
                shape.append(_NONE)
                continue
            t = type(v)
            if t in _KINDS:
                nodes.append(v)
                shape.append(_KINDS[t] if v else ("=", t, v))
                continue
        _fast(v, sub, shape, nodes)


_NONE = ("=", type(None), None)
_KINDS = {str: "S", Markup: "M", int: "N", float: "N", dt.date: "D"}


def _paths(below: dict[Any, Any] | None, prefix: Path) -> list[Path]:
    if not below:
        return []
    out = [prefix] if _END in below else []
    for step, sub in below.items():
        if step is not _END:
            out += _paths(sub, (*prefix, step))
    return out


def _node(value: Any, path: Path, structural: frozenset[Path], acc: Walk, leaf: Any, register: Any) -> Any:
    i = len(acc.nodes)
    acc.nodes.append(value)
    acc.paths.append(path)
    acc.subtree.append(i + 1)
    shape = acc.shape
    if path in structural or value is None or isinstance(value, bool):
        shape.append(("=", type(value), _frozen(value)))
        return value
    kind = _leaf_kind(value)
    if kind is not None:
        if not value:
            shape.append(("=", type(value), value))
            return value
        shape.append(kind)
        acc.kinds[i] = kind
        return leaf(i, kind) if leaf else value
    if isinstance(value, (tuple, list)):
        shape.append((type(value), len(value)))
        items = [_node(v, (*path, k), structural, acc, leaf, register) for k, v in enumerate(value)]
        result: Any = type(value)(items) if leaf else value
    elif isinstance(value, Mapping):
        keys = tuple(value)
        shape.append((dict, keys))
        items = [_node(value[k], (*path, k), structural, acc, leaf, register) for k in keys]
        result = dict(zip(keys, items, strict=True)) if leaf else value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = tuple(f.name for f in dataclasses.fields(value))
        shape.append((type(value), names))
        items = [_node(getattr(value, n), (*path, n), structural, acc, leaf, register) for n in names]
        result = value
        if leaf:
            result = copy.copy(value)
            for n, v in zip(names, items, strict=True):
                object.__setattr__(result, n, v)
    else:  # an object of another kind stays itself, and its value is part of the shape
        shape.append(("=", type(value), _frozen(value)))
        return value
    acc.subtree[i] = len(acc.nodes)
    if register:
        register(i, result)
    return result


def _leaf_kind(value: Any) -> str | None:
    if isinstance(value, Markup):
        return "M"
    if isinstance(value, str):
        return "S"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return "D"
    if isinstance(value, (int, float)):
        return "N"
    return None


def _frozen(value: Any) -> Any:
    """A hashable stand-for of a value in the shape (its repr when it cannot be hashed)."""
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value
