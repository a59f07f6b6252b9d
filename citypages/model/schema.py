"""Check raw YAML values against the JSON Schema files in citypages/schema/, with a line and a did-you-mean.

The schema files are the one source of field names, types and help (VS Code reads them too); a keyword
outside the subset understood here is our bug and fails loudly. The verdict is a standard Draft 2020-12
validator's on `instance(raw, schema)` (a test runs both on every bad-input and attack file), and differs
from one run on the YAML's plain data on purpose: (1) a scalar where a string is wanted is its text as
written (`state: NO` is "NO"); (2) control characters are refused in every text; (3) a value YAML cannot
read as what it looks like (`2017-13-01`) is an error wherever it stands.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from citypages.base.diagnostics import Diagnostic, error
from citypages.base.urls import BAD_PERCENT, NOT_IN_URLS, is_http_url
from citypages.read.load import FORBIDDEN_CHARACTERS, InvalidScalar, Raw

SCHEMA_DIR = Path(__file__).parent.parent / "schema"

_KNOWN = {"$schema", "$id", "title", "description", "type", "properties", "required",
          "additionalProperties", "items", "enum", "pattern", "minLength", "maxLength",
          "minimum", "maximum", "minItems", "format", "anyOf", "default"}

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping of 'key: value' lines",
    "array": "a list of '- ' items",
}


@cache
def load(name: str) -> dict[str, Any]:
    """One schema file by name, e.g. load("cities")."""
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    _check_keywords(schema)
    return schema


def default(name: str, path: str) -> Any:
    """The `default` a schema file gives a field, e.g. default("cities", "mayor.title") -> "Mayor": written
    once, beside the field's help, for the model and validation; a field without one raises KeyError."""
    node = load(name)
    for key in path.split("."):
        node = (node["items"] if node.get("type") == "array" else node)["properties"][key]
    return node["default"]


def setting(raw: dict[str, Raw], schema: dict[str, Any], key: str) -> Any:
    """A checked mapping's `key` read as its schema says (see `instance`), or the schema's default;
    None for an optional key without one."""
    field = schema["properties"][key]
    value = instance(raw[key], field) if key in raw else field.get("default")
    return tuple(value) if isinstance(value, list) else value  # the model is frozen: a list is a tuple


def check(raw: Raw, schema: dict[str, Any], name: str = "") -> list[Diagnostic]:
    """Every way `raw` breaks `schema`, each at the line of the offending value or key."""
    if "anyOf" in schema:
        return _check_any_of(raw, schema, name)
    problem = _type_problem(raw, schema.get("type"))
    if problem and schema.get("type") == "object" and not isinstance(raw.value, (dict, list, InvalidScalar)):
        problem = _two_line_form(raw, schema, name) or problem
    if problem:
        return [error_at(raw, problem, name)]
    value = raw.value
    if isinstance(value, dict):
        return _check_object(raw, schema, name)
    if isinstance(value, list):
        out = []
        if len(value) < schema.get("minItems", 0):
            out.append(error_at(raw, f"needs at least {schema['minItems']} item(s)", name))
        for number, item in enumerate(value, 1):
            out += check(item, schema.get("items", {}), f"{name}[{number}]" if name else f"item {number}")
        return out
    return [error_at(raw, problem, name) for problem in _scalar_problems(raw, schema)]


def instance(raw: Raw, schema: dict[str, Any]) -> Any:
    """The JSON value this checker judges: `raw` read as the schema says (difference 1 above), on which a
    standard validator agrees with `check` (tests/check/test_schema.py)."""
    if "anyOf" in schema:
        fits = next((b for b in schema["anyOf"] if not check(raw, b)), schema["anyOf"][0])
        return instance(raw, fits)
    value = raw.value
    if isinstance(value, dict):
        props = schema.get("properties", {})
        return {k: instance(v, props.get(k, _additional(schema))) for k, v in value.items()}
    if isinstance(value, list):
        return [instance(item, schema.get("items", {})) for item in value]
    if isinstance(value, InvalidScalar):
        return value.text
    if (schema.get("type") == "string" and value is not None) or isinstance(value, dt.date):  # JSON has no dates
        return as_text(raw)
    return value


def as_text(raw: Raw) -> str:
    """A scalar as the editor wrote it: `state: NO` is the text "NO", not false."""
    if isinstance(raw.value, str):
        return raw.value
    return raw.text if raw.text is not None else str(raw.value)


def _check_object(raw: Raw, schema: dict[str, Any], name: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    props = schema.get("properties", {})
    prefix = f"{name}." if name else ""
    suggested: set[str] = set()
    for key, (line, col) in raw.key_pos.items():
        if key in props or _additional(schema):
            out += check(raw.value[key], props.get(key, _additional(schema)), prefix + key)
        elif schema.get("additionalProperties", True) is False:
            hint = did_you_mean(key, {p: v for p, v in props.items() if p not in raw.value})
            suggested.update(hint)
            message = f"unknown key '{prefix}{key}'"
            message += f" (did you mean '{hint[0]}'?)" if hint else f"; allowed keys: {', '.join(props)}"
            out.append(error(raw.path, line, col, message))
    for key in schema.get("required", []):
        if key not in raw.value and key not in suggested:  # 'mayr' already said "did you mean 'mayor'"
            where = f" in '{name}'" if name else ""
            help_text = props.get(key, {}).get("description", "")
            message = f"missing required key '{key}'{where}" + (f" ({help_text})" if help_text else "")
            out.append(error(raw.path, raw.line, raw.col, message))
    return out


def _additional(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of a key `properties` does not name (`{en: Mayor, es: Alcaldesa}`); {} when any value goes."""
    extra = schema.get("additionalProperties", True)
    return extra if isinstance(extra, dict) else {}


def did_you_mean(key: str, props: dict[str, Any]) -> list[str]:
    """The allowed key `key` was probably meant as: a close spelling, the same key without curly
    quotes, or the one key whose help text uses the word (`message` -> `petition`, "The message ...")."""
    plain = key.strip("“”‘’\"' ")
    if plain in props:
        return [plain]
    close = difflib.get_close_matches(plain, list(props), n=1, cutoff=0.6)
    if close:
        return close
    word = re.compile(rf"\b{re.escape(plain.replace('_', ' '))}\b", re.I)
    described = [p for p, sub in props.items() if isinstance(sub, dict) and word.search(sub.get("description", ""))]
    return described if len(described) == 1 else []


def _two_line_form(raw: Raw, schema: dict[str, Any], name: str) -> str | None:
    """`mayor: Daniel Biss` where mayor holds keys: show the lines it should be."""
    first = next(iter(schema.get("required", [])), None)
    if first is None or raw.value is None:
        return None
    key = name.rsplit(".", 1)[-1]
    if not key or key.startswith("item ") or key.endswith("]"):  # a list item, not a key
        return None
    return (f"its details go on indented lines below it; write two lines: '{key}:' and under it, "
            f"2 spaces further in, '{first}: {short(as_text(raw))}'")


def _check_any_of(raw: Raw, schema: dict[str, Any], name: str) -> list[Diagnostic]:
    branches = schema["anyOf"]
    if any(not check(raw, branch, name) for branch in branches):
        return []
    if isinstance(raw.value, InvalidScalar):  # '2017-13-01': say why it is no date, not which types fit
        return [error_at(raw, f"'{raw.value.text}' is {raw.value.reason}", name)]
    fitting = [b for b in branches if "type" in b and "format" not in b and _type_problem(raw, b["type"]) is None]
    if len(fitting) == 1:  # the value has the right type for one branch: its own problem says most
        return check(raw, fitting[0], name)
    wanted = schema.get("description") or " or ".join(_TYPE_WORDS.get(b.get("type"), "?") for b in branches)
    return [error_at(raw, f"{_shown(raw)} is not valid here: {wanted}", name)]


def _type_problem(raw: Raw, wanted: str | None) -> str | None:
    value = raw.value
    if wanted is None:
        return None
    if isinstance(value, InvalidScalar):
        return f"'{value.text}' is {value.reason}"
    ok = {
        "string": not isinstance(value, (dict, list)) and value is not None,
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
    }[wanted]
    return None if ok else f"expected {_TYPE_WORDS[wanted]}, found {_shown(raw)}"


def _scalar_problems(raw: Raw, schema: dict[str, Any]) -> list[str]:
    out = []
    value = raw.value
    text = as_text(raw) if schema.get("type") == "string" else None
    fmt = schema.get("format")
    if fmt == "date" and not is_date(value):
        return [f"'{as_text(raw)}' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31"]
    url = text or ""
    if fmt == "http-url" and not is_http_url(url):
        bad = next((c for c in url if c in NOT_IN_URLS), None)
        if BAD_PERCENT.search(url) and is_http_url(BAD_PERCENT.sub("%25", url)):
            return [f"'{short(url)}' has a '%' not followed by two hex digits; write a percent sign as %25"]
        if bad and is_http_url("".join(c for c in url if c not in NOT_IN_URLS)):
            return [f"'{short(url)}' contains {bad!r}, which a web address cannot hold; "
                    f"write it as %{ord(bad):02X} (copy the address from the browser's address bar)"]
        return [f"'{short(url)}' is not a web address; it must start with https:// or http://"]
    if "enum" in schema and (text if text is not None else value) not in schema["enum"]:
        choices = ", ".join(map(str, schema["enum"]))
        hint = difflib.get_close_matches(str(text), list(map(str, schema["enum"])), n=1, cutoff=0.6)
        out.append(f"'{text}' is not one of: {choices}" + (f" (did you mean '{hint[0]}'?)" if hint else ""))
    bad = FORBIDDEN_CHARACTERS.search(text) if text else None
    if bad:  # written as a YAML escape such as "\x08": the page could not show it
        return [f"contains the invisible control character U+{ord(bad.group()):04X}; remove it"]
    if text is not None and fmt != "date":
        if "pattern" in schema and not pattern(schema["pattern"]).search(text):
            out.append(f"'{short(text)}' is not allowed here: {schema.get('description', schema['pattern'])}")
        if len(text) < schema.get("minLength", 0):
            out.append("must not be empty")
        if "maxLength" in schema and len(text) > schema["maxLength"]:
            out.append(f"is {len(text):,} characters long; at most {schema['maxLength']:,} are allowed")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            out.append(f"{value} is out of range: must be at least {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            out.append(f"{value} is out of range: must be at most {schema['maximum']}")
    return out


@cache
def pattern(pattern: str) -> re.Pattern[str]:
    """A schema pattern as JSON Schema means it: '$' ends the text (Python's also matches before a final newline)."""
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern))


def is_date(value: Any) -> bool:
    """The `date` format: a date (not a datetime), or YYYY-MM-DD text naming a day that exists."""
    if isinstance(value, dt.date):
        return not isinstance(value, dt.datetime)
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        return dt.date.fromisoformat(value) is not None
    except ValueError:
        return False


def _shown(raw: Raw) -> str:
    """A value as a message names it; an InvalidScalar never gets here (its reason is the message)."""
    if isinstance(raw.value, dict):
        return "a mapping"
    if isinstance(raw.value, list):
        return "a list"
    return "nothing" if raw.value is None else f"'{short(as_text(raw))}'"


def short(text: str, limit: int = 60) -> str:
    """The text cut to `limit` characters for a message, with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error_at(raw: Raw, problem: str, name: str = "") -> Diagnostic:
    """An error at `raw`'s place, after its key's name when it has one (`mayor.name: must not be empty`)."""
    return error(raw.path, raw.line, raw.col, f"{name}: {problem}" if name else problem)


def _check_keywords(schema: Any) -> None:
    if isinstance(schema, list):
        for item in schema:
            _check_keywords(item)
    elif isinstance(schema, dict):
        for key, value in schema.items():
            if key not in _KNOWN:
                raise ValueError(f"schema keyword {key!r} is not understood by citypages.model.schema")
            _check_keywords(list(value.values()) if key == "properties" else value)  # field names are no keywords
