"""Render each page kind once per shape, then fill in cities: the bytes of a plain Jinja render, faster.

Most of a city page is the same for every city of a campaign and language (header,
footer, copy, form, share block). A template is rendered once with stand-ins
(sentinels.py) in place of the city's values: each prints as a unique token, so the
output splits into literal pieces and slots. A slot is a value escaped as autoescaping
would escape it, or a "derived" value: every filter, call or property the template
applies to a stand-in is not run on it but recorded, and run again on each city's real
values when its page is filled (`replace`, `urlencode`, `date_text`, `absolute_url`...).

What decides the structure is part of the shape: types, lengths, keys, emptiness, and the
value of every node the template compares, measures or indexes (learned here, one
stand-in refusal at a time). The promise: a page filled from a skeleton is the page a
plain render writes, byte for byte. Each skeleton is checked before it is used: a second
render with a probe (`<&"'>`) after each token must equal the skeleton filled with the
probed tokens, and the first city's filled page must equal its plain render. Whatever
fails a check, or raises, is rendered plainly; so is a city whose derived values do not
fit its skeleton (a value that is empty for it).
"""

from __future__ import annotations

import secrets
import string
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup, escape

from citypages.recording import Derived, Recorder, StandInEnvironment, call, stand_in_environment
from citypages.sentinels import Structural, Unsupported, Walk, shape_of, trie, walk

MAX_SHAPES = 256
"""Skeletons kept per template and campaign; past it, new shapes render plainly (they are not shared)."""
MAX_LEARNING = 64
"""Stand-in refusals learned per template and campaign before it renders plainly."""
_MISSING = object()


@dataclass(frozen=True, slots=True)
class Skeleton:
    """Literal pieces and slots; a slot is (derived?, index, written as it is?)."""

    parts: tuple[str | tuple[bool, int, bool], ...]
    derived: tuple[Derived, ...]

    def fill(self, nodes: list[Any]) -> str | None:
        """One city's page from its nodes (sentinels.walk), or None when the city does not fit."""
        computed: list[Any] = []
        try:
            for d in self.derived:
                value = call(d, nodes, computed)
                if d.markup is None:
                    if type(value) is not type(d.expect) or value != d.expect:
                        return None
                elif not value or not isinstance(value, str) or isinstance(value, Markup) != d.markup:
                    return None
                computed.append(value)
        except Exception:  # the plain render reports it, with the template's line
            return None
        out = []
        for part in self.parts:
            if type(part) is str:
                out.append(part)
            else:
                is_derived, i, raw = part
                value = computed[i] if is_derived else nodes[i]
                if raw:
                    out.append(value)
                elif type(value) is str:
                    out.append(_escaped(value))
                else:
                    out.append(escape(value))
        return "".join(out)


def _escaped(text: str) -> str:
    """markupsafe.escape(text) for plain text, without making a Markup object (checked in `_build`)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace(
        "'", "&#39;").replace('"', "&#34;")


ESCAPE_CHECK = "<&\"'> a&amp;b \u00e9\U0001f3d9"


@dataclass
class _Kind:
    """What one template learned for one campaign and language: which paths are structural, its skeletons."""

    anchor: tuple[Any, ...]  # the objects the key names by id, kept alive so no other object takes the id
    structural: frozenset[Any] = frozenset()
    trie: dict[Any, Any] = field(default_factory=dict)
    skeletons: dict[tuple[Any, ...], Skeleton | None] = field(default_factory=dict)
    learned: int = 0


class Skeletons:
    """Skeletons of one build, by template, campaign and language, then by shape."""

    def __init__(self) -> None:
        self._env: StandInEnvironment | None = None
        self._source: jinja2.Environment | None = None
        self._kinds: dict[tuple[Any, ...], _Kind] = {}
        self._lock = threading.Lock()
        self.filled = self.plain = self.built = 0  # counts, for tests and profiles

    def render(self, env: jinja2.Environment, name: str, fixed: Mapping[str, Any], values: Mapping[str, Any],
               anchor: tuple[Any, ...]) -> str:
        """`env.get_template(name).render(**fixed, **values)`, from a skeleton when one fits.

        `fixed` is the same for every page whose `anchor` objects are the same ones (the
        site, the campaign, the language's strings); `values` are the page's own.
        """
        if self._source is not env:
            self._env, self._source, self._kinds = stand_in_environment(env), env, {}
        key = (name, *(id(a) for a in anchor))
        kind = self._kinds.get(key)
        if kind is None:
            kind = self._kinds[key] = _Kind(anchor)
        while True:
            key, nodes = shape_of(values, kind.trie)
            skeleton = kind.skeletons.get(key, _MISSING)
            if skeleton is _MISSING:
                shape, _ = walk(values, kind.structural)
                agree = tuple(shape.shape) == key and len(shape.nodes) == len(nodes) and all(
                    a is b for a, b in zip(shape.nodes, nodes, strict=True))
                if not agree or len(kind.skeletons) >= MAX_SHAPES:  # (walks that disagree are our bug)
                    break
                try:
                    with self._lock:  # the stand-in environment holds one recorder at a time
                        skeleton = self._build(env, name, fixed, values, kind.structural, shape)
                except Structural as exc:
                    learned = frozenset(shape.paths[i] for i in exc.nodes) - kind.structural
                    kind.learned += 1
                    if learned and kind.learned <= MAX_LEARNING:
                        kind.structural |= learned
                        kind.trie = trie(kind.structural)
                        kind.skeletons.clear()
                        continue
                    skeleton = None
                except Exception:  # whatever a stand-in render cannot do, a plain one does
                    skeleton = None
                kind.skeletons[key] = skeleton
            if skeleton is not None:
                page = skeleton.fill(nodes)
                if page is not None:
                    self.filled += 1
                    return page
            break
        self.plain += 1
        return env.get_template(name).render(**fixed, **values)

    def _build(self, env: jinja2.Environment, name: str, fixed: Mapping[str, Any], values: Mapping[str, Any],
               structural: frozenset[Any], real: Walk) -> Skeleton | None:
        if _escaped(ESCAPE_CHECK) != str(escape(ESCAPE_CHECK)):  # markupsafe escapes otherwise now
            raise Unsupported("markupsafe.escape changed; skeletons would escape differently")
        nonce = "zq" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))
        first = Recorder(nonce, real, check=False)
        skeleton = _split(self._stand_in_render(name, fixed, values, structural, first), first)
        check = Recorder(nonce, real, check=True)
        probed = self._stand_in_render(name, fixed, values, structural, check)
        self.built += 1
        if [d.markup for d in check.derived] != [d.markup for d in first.derived]:
            return None
        if _probed(skeleton, check) != probed:
            return None  # a value reached the page some other way than as a token: not a skeleton
        if skeleton.fill(real.nodes) != env.get_template(name).render(**fixed, **values):
            return None
        return skeleton

    def _stand_in_render(self, name: str, fixed: Mapping[str, Any], values: Mapping[str, Any],
                         structural: frozenset[Any], rec: Recorder) -> str:
        assert self._env is not None
        self._env.recorder = rec
        try:
            _, stand_ins = walk(values, structural, leaf=rec.leaf, register=rec.register)
            return self._env.get_template(name).render(**fixed, **stand_ins)
        finally:
            self._env.recorder = None


def _split(text: str, rec: Recorder) -> Skeleton:
    """The stand-in render as literal pieces and slots."""
    parts: list[Any] = []
    pieces = rec.token.split(text)
    for k in range(0, len(pieces) - 1, 3):
        if pieces[k]:
            parts.append(pieces[k])
        ref = (pieces[k + 1], int(pieces[k + 2]))
        rec.ref_deps(ref)  # raises for a token never handed out
        parts.append((ref[0] == "d", ref[1], rec.raw(ref)))
    if pieces[-1]:
        parts.append(pieces[-1])
    return Skeleton(tuple(parts), tuple(rec.derived))


def _probed(skeleton: Skeleton, rec: Recorder) -> str:
    """The skeleton filled with the check render's probed tokens: what that render wrote, if all is well."""
    out = []
    for part in skeleton.parts:
        if type(part) is str:
            out.append(part)
        else:
            is_derived, i, raw = part
            text = rec.text(("d" if is_derived else "n", i), raw)
            out.append(text if raw else str(escape(text)))
    return "".join(out)
