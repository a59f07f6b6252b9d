"""A Jinja environment that records what a template does with stand-ins, for skeleton.py.

Each filter, test, call and property a template applies to a stand-in (sentinels.py)
is not made on it: a call is recorded as `Derived`, run at once on the first city's real
values to learn what kind of value it gives, and handed back as a new stand-in for that
value (a text's token), so the skeleton can make the same call on every city's values.
A call whose answer is not text (a number, a list, an object) shapes the page, so it
raises `Structural` with the nodes it read; a test does the same unless it looks at the
type only. What cannot be replayed (a call that reads the template's context) raises
`Unsupported`. Text and Markup that hold tokens are compiled into pieces, each token
given back as the plain text it stood for or, inside Markup, escaped as Jinja escaped it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2.runtime import Context, Macro
from jinja2.utils import _PassArg
from markupsafe import Markup, escape

from citypages.sentinels import JOINED, LEAVES, Structural, Unsupported, Walk, joined, stand_in_leaf

PROBE = "<&\"'>"
"""Written after each token in the check render: every character autoescaping changes."""
MARKUP_PROBE = "<b>&amp;</b>"
SHAPE_FILTERS = frozenset({"length", "count"})
"""Filters whose answer for a list or mapping is in the shape (its length), so they run on the stand-in."""
SAFE_TESTS = frozenset({"defined", "undefined", "none", "string", "mapping", "callable", "boolean", "escaped"})
"""Tests a stand-in answers as its value would: they look at the type only."""


@dataclass(frozen=True, slots=True)
class Derived:
    """A call recorded on stand-ins, run again on each city's values: fn(*args, **kwargs), compiled."""

    fn: Any
    args: tuple[Any, ...]
    kwargs: tuple[tuple[str, Any], ...]
    markup: bool | None  # None: the value was empty (`expect`) and must stay so for the skeleton to fit
    expect: Any = None


class Recorder:
    """One stand-in render: hands out stand-ins and records what the template derives from them."""

    def __init__(self, nonce: str, real: Walk, check: bool) -> None:
        self.nonce, self.real, self.check = nonce, real, check
        self.token = re.compile(nonce + r"([nd])(\d+)q")
        # inside a text handed to a call, a check render's probe belongs to the token before it
        probes = "|".join(re.escape(p) for p in (PROBE, str(escape(PROBE)), MARKUP_PROBE))
        self.carried = re.compile(nonce + rf"([nd])(\d+)q(?:{probes})?") if check else self.token
        self.ids: dict[int, int] = {}
        self.kept: list[Any] = []  # stand-ins stay alive, so their ids stay theirs
        self.derived: list[Derived] = []
        self.values: list[Any] = []  # each derived value for the first city
        self.results: list[Any] = []  # what each derived call handed the template
        self.derived_deps: list[frozenset[int]] = []

    def text(self, ref: tuple[str, int], markup: bool) -> str:
        probe = (MARKUP_PROBE if markup else PROBE) if self.check else ""
        return f"{self.nonce}{ref[0]}{ref[1]}q{probe}"

    def leaf(self, i: int, kind: str) -> Any:
        return stand_in_leaf(kind, self.text(("n", i), kind == "M"), ("n", i), frozenset({i}), self.check)

    def register(self, i: int, obj: Any) -> None:
        self.ids[id(obj)] = i
        self.kept.append(obj)

    def _node_deps(self, i: int) -> frozenset[int]:
        return frozenset(k for k in range(i, self.real.subtree[i]) if k in self.real.kinds)

    def compile(self, value: Any) -> tuple[tuple[Any, ...], frozenset[int]]:
        """(how to get this value back for any city, the nodes it depends on)."""
        if isinstance(value, LEAVES):
            return value._ref, value._deps
        i = self.ids.get(id(value))
        if i is not None:
            return ("n", i), self._node_deps(i)
        kind = type(value)
        if kind in JOINED:
            return self._pieces(str(value), kind is JOINED[1])
        if kind in (str, Markup) and self.nonce in value:
            return self._pieces(value, kind is Markup)
        if kind in (tuple, list, dict):
            items = list(value.items()) if kind is dict else list(enumerate(value))
            compiled = [(k, *self.compile(v)) for k, v in items]
            if any(c[1][0] != "c" for c in compiled):
                deps = frozenset().union(*(c[2] for c in compiled))
                return ("seq", kind, tuple((k, c) for k, c, _ in compiled)), deps
        self_ = getattr(value, "__self__", None)
        if callable(value) and self_ is not None and self.ids.get(id(self_)) is not None:  # a stand-in's method
            target, deps = self.compile(self_)
            return ("m", target, value.__name__), deps
        return ("c", value), frozenset()

    def _pieces(self, text: str, markup: bool) -> tuple[tuple[Any, ...], frozenset[int]]:
        pieces: list[Any] = []
        deps: set[int] = set()
        parts = self.carried.split(text)
        for k in range(0, len(parts) - 1, 3):
            pieces.append(parts[k])
            ref = (parts[k + 1], int(parts[k + 2]))
            deps |= self.ref_deps(ref)
            pieces.append((ref, self.raw(ref)))
        pieces.append(parts[-1])
        return ("t", tuple(pieces), markup), frozenset(deps)

    def ref_deps(self, ref: tuple[str, int]) -> frozenset[int]:
        kind, i = ref
        if kind == "n" and i in self.real.kinds:
            return frozenset({i})
        if kind == "d" and i < len(self.derived_deps):
            return self.derived_deps[i]
        raise Unsupported(f"a token {ref} that was never handed out")

    def raw(self, ref: tuple[str, int]) -> bool:
        kind, i = ref
        return self.real.kinds[i] == "M" if kind == "n" else bool(self.derived[i].markup)

    def mentions(self, *values: Any) -> bool:
        return any(self.compile(v)[0][0] != "c" for v in values)

    def deps(self, *values: Any) -> frozenset[int]:
        return frozenset().union(*(self.compile(v)[1] for v in values))

    def derive(self, fn: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> Any:
        """Record fn(*args, **kwargs); hand back a stand-in for its (text) value, or the value when empty."""
        c_fn, deps = self.compile(fn)
        c_args = []
        for a in args:
            c, d = self.compile(a)
            c_args.append(c)
            deps |= d
        c_kwargs = []
        for k, v in kwargs.items():
            c, d = self.compile(v)
            c_kwargs.append((k, c))
            deps |= d
        if fn is jinja2.filters.do_urlencode and len(c_args) == 1 and not c_kwargs and c_args[0][0] == "t" \
                and not c_args[0][2]:
            # percent-encoding works byte by byte: encode the fixed text now and each value once per page
            text = "".join(fn(p) if type(p) is str else str(self._record(c_fn, (p[0],), (), self.ref_deps(p[0])))
                           for p in c_args[0][1])
            return joined(text, deps) if self.nonce in text else text
        return self._record(c_fn, tuple(c_args), tuple(c_kwargs), deps)

    def _record(self, c_fn: Any, c_args: tuple[Any, ...], c_kwargs: tuple[tuple[str, Any], ...],
                deps: frozenset[int]) -> Any:
        for j, old in enumerate(self.derived):  # the same call again (a page's address, say): one value
            if _same((old.fn, old.args, old.kwargs), (c_fn, c_args, c_kwargs)):
                return self.results[j]
        value = call(Derived(c_fn, c_args, c_kwargs, None), self.real.nodes, self.values)
        j = len(self.derived)
        if not value:
            record = Derived(c_fn, c_args, c_kwargs, None, value)
            result = value
        elif isinstance(value, str):
            record = Derived(c_fn, c_args, c_kwargs, isinstance(value, Markup))
            result = stand_in_leaf("M" if record.markup else "S", self.text(("d", j), bool(record.markup)),
                                   ("d", j), deps)
        elif deps:
            raise Structural(deps)  # a number, a list, an object: what it is shapes the page
        else:
            raise Unsupported(f"{c_fn!r} gave {type(value).__name__}")
        self.derived.append(record)
        self.values.append(value)
        self.results.append(result)
        self.derived_deps.append(deps)
        return result


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (1 and True are not the same argument)."""
    if type(a) is not type(b):
        return False
    if type(a) is tuple:
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a is b or a == b


def resolve(c: tuple[Any, ...], nodes: list[Any], computed: list[Any]) -> Any:
    tag = c[0]
    if tag == "c":
        return c[1]
    if tag == "n":
        return nodes[c[1]]
    if tag == "d":
        return computed[c[1]]
    if tag == "t":
        out = []
        for piece in c[1]:
            if type(piece) is str:
                out.append(piece)
            else:
                value = resolve(piece[0], nodes, computed)
                out.append(str(value) if piece[1] or not c[2] else str(escape(value)))
        return Markup("".join(out)) if c[2] else "".join(out)
    if tag == "seq":
        items = [(k, resolve(v, nodes, computed)) for k, v in c[2]]
        return dict(items) if c[1] is dict else c[1](v for _, v in items)
    if tag == "m":
        return getattr(resolve(c[1], nodes, computed), c[2])
    raise AssertionError(tag)


def call(d: Derived, nodes: list[Any], computed: list[Any]) -> Any:
    fn = resolve(d.fn, nodes, computed)
    return fn(*(resolve(a, nodes, computed) for a in d.args), **{k: resolve(v, nodes, computed) for k, v in d.kwargs})


class _StandInContext(Context):
    """Calls on stand-ins are recorded, not made (except a macro's: it is template code, rendered inline)."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # Jinja's own signature
        rec = __self.environment.recorder
        plain_kwargs = {k: v for k, v in kwargs.items() if k not in ("_loop_vars", "_block_vars")}
        if rec is not None and not isinstance(__obj, Macro) and rec.mentions(__obj, args, plain_kwargs):
            called = __obj.__call__ if callable(__obj) else None
            if _PassArg.from_obj(__obj) is not None or _PassArg.from_obj(called) is not None:
                raise Unsupported("a call that reads the template's context")
            return rec.derive(__obj, args, plain_kwargs)
        return super().call(__obj, *args, **kwargs)


class _StandInTemplate(jinja2.Template):
    """A template whose `a ~ b` joins hand back stand-ins when a stand-in is joined, so they refuse comparisons."""

    @classmethod
    def _from_namespace(cls, environment: Any, namespace: Any, globals: Any) -> Any:
        for name in ("markup_join", "str_join"):
            if name in namespace:
                namespace[name] = _watched_join(environment, namespace[name])
        return super()._from_namespace(environment, namespace, globals)


def _watched_join(env: Any, join: Callable[[Any], str]) -> Callable[[Any], str]:
    def watched(seq: Any) -> str:
        rec = env.recorder
        if rec is None:
            return join(seq)
        items = list(seq)
        text = join(items)
        return joined(text, rec.deps(*items)) if rec.mentions(*items) else text

    return watched


class StandInEnvironment(jinja2.Environment):
    """The theme's environment for stand-in renders: same templates and filters, every use of a stand-in watched."""

    context_class = _StandInContext
    template_class = _StandInTemplate
    recorder: Recorder | None = None

    def getattr(self, obj: Any, attribute: str) -> Any:
        rec = self.recorder
        if rec is not None:
            if isinstance(obj, LEAVES):
                raise Structural(obj._deps)
            if rec.ids.get(id(obj)) is not None and isinstance(getattr(type(obj), attribute, None), property):
                return rec.derive(getattr, (obj, attribute), {})  # e.g. FormSpec.origin, from the real form
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        rec = self.recorder
        if rec is not None:
            if isinstance(obj, LEAVES):
                raise Structural(obj._deps)
            if rec.mentions(argument):
                raise Structural(rec.deps(argument))
        return super().getitem(obj, argument)


def stand_in_environment(env: jinja2.Environment) -> StandInEnvironment:
    """A copy of `env` whose filters and tests record or refuse what they are asked of a stand-in."""
    out = StandInEnvironment(
        loader=env.loader, autoescape=env.autoescape, undefined=env.undefined, trim_blocks=env.trim_blocks,
        lstrip_blocks=env.lstrip_blocks, keep_trailing_newline=env.keep_trailing_newline,
        bytecode_cache=env.bytecode_cache, block_start_string=env.block_start_string,
        block_end_string=env.block_end_string, variable_start_string=env.variable_start_string,
        variable_end_string=env.variable_end_string, comment_start_string=env.comment_start_string,
        comment_end_string=env.comment_end_string, line_statement_prefix=env.line_statement_prefix,
        line_comment_prefix=env.line_comment_prefix, newline_sequence=env.newline_sequence,
        extensions=list(env.extensions), finalize=env.finalize, auto_reload=env.auto_reload)
    out.globals.update(env.globals)
    out.policies.update(env.policies)
    out.filters = {name: _filter(out, name, f) for name, f in env.filters.items()}
    out.tests = {name: f if name in SAFE_TESTS else _test(out, f) for name, f in env.tests.items()}
    return out


def _filter(env: StandInEnvironment, name: str, f: Callable[..., Any]) -> Callable[..., Any]:
    pass_arg = _PassArg.from_obj(f)
    skip = 0 if pass_arg is None else 1  # the context, eval context or environment Jinja passes first

    def watched(*args: Any, **kwargs: Any) -> Any:
        rec = env.recorder
        if rec is None or not rec.mentions(args[skip:], kwargs):
            return f(*args, **kwargs)
        if pass_arg is _PassArg.context:
            raise Unsupported(f"filter {name} reads the template's context")
        if name in SHAPE_FILTERS and rec.ids.get(id(args[skip])) is not None:
            return f(*args, **kwargs)
        return rec.derive(f, args, kwargs)

    if pass_arg is not None:
        watched.jinja_pass_arg = pass_arg  # type: ignore[attr-defined]
    return watched


def _test(env: StandInEnvironment, f: Callable[..., Any]) -> Callable[..., Any]:
    def watched(*args: Any, **kwargs: Any) -> Any:
        rec = env.recorder
        if rec is not None and rec.mentions(args, kwargs):
            deps = rec.deps(args, kwargs)
            raise Structural(deps) if deps else Unsupported("a test of a stand-in")
        return f(*args, **kwargs)

    pass_arg = _PassArg.from_obj(f)
    if pass_arg is not None:
        watched.jinja_pass_arg = pass_arg  # type: ignore[attr-defined]
    return watched
