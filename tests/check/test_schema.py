"""The schema checker against a standard JSON Schema validator, on every YAML file we have.

citypages/schema.py's docstring lists the ways its verdict differs from a standard
validator run on the YAML's plain data. These tests hold it to that list: with `instance()`
(difference 1) both validators agree on every file, and the other two differences are the
only files where they may not.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from citypages.base import urls
from citypages.model import schema
from citypages.read import load
from citypages.read.load import FORBIDDEN_CHARACTERS, InvalidScalar, Raw

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
CORPORA = [TESTS / "bad_input", *sorted((TESTS / "attacks").iterdir())]


def _formats() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker()
    checker.checks("date")(lambda v: not isinstance(v, str) or schema.is_date(v))
    checker.checks("http-url")(lambda v: not isinstance(v, str) or urls.is_http_url(v))
    return checker


def _documents() -> Iterator[tuple[str, str, Raw]]:
    """(where, schema name, parsed file) for every cities.yaml, site.yaml and front matter of the corpora."""
    folders = [ROOT, TESTS / "sites" / "tiny", TESTS / "sites" / "arabic"]
    for corpus in CORPORA:
        folders += sorted(p / "files" for p in corpus.iterdir() if (p / "files").is_dir())
    for folder in folders:
        for path, name in [(folder / "cities.yaml", "cities"), (folder / "site.yaml", "site")]:
            if path.is_file():
                raw, diags = load.yaml_file(path, path)
                if raw is not None and not diags:
                    yield str(path.relative_to(ROOT)), name, raw
        for path in sorted(folder.glob("content/campaigns/*.md")):
            file, diags = load.read_text(path, path)
            front = load.split_front_matter(file) if file is not None else None
            if front is None or front.front_matter is None:
                continue
            raw, diags = load.yaml_text(front.front_matter, path, front.front_matter_line - 1)
            if raw is not None and not diags and isinstance(raw.value, dict):
                yield str(path.relative_to(ROOT)), "campaign", raw


DOCUMENTS = list(_documents())


def _texts(raw: Raw) -> Iterator[str]:
    value = raw.value
    if isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, InvalidScalar):
        yield value.text
    elif raw.text is not None or isinstance(value, str):
        yield schema.as_text(raw)


def _invalid_scalar(raw: Raw) -> bool:
    value = raw.value
    if isinstance(value, dict):
        return any(_invalid_scalar(v) for v in value.values())
    if isinstance(value, list):
        return any(_invalid_scalar(v) for v in value)
    return isinstance(value, InvalidScalar)


def _ecma_pattern(validator: Any, pattern: str, instance: Any, _schema: Any) -> Iterator[jsonschema.ValidationError]:
    """`pattern` as JSON Schema defines it (ECMA-262: '$' ends the text). The jsonschema package uses
    Python's re, whose '$' also matches before a final newline, so "san-jose-ca\n" would pass it."""
    if validator.is_type(instance, "string") and not schema.pattern(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


Standard = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _ecma_pattern})


def _standard(name: str) -> Any:
    return Standard(schema.load(name), format_checker=_formats())


def test_the_corpus_is_big_enough_to_mean_something() -> None:
    kinds = {name for _, name, _ in DOCUMENTS}
    assert kinds == {"cities", "site", "campaign"}
    assert len(DOCUMENTS) > 100
    invalid = [where for where, name, raw in DOCUMENTS if schema.check(raw, schema.load(name))]
    assert len(invalid) > 20, "the corpus should hold many files the schema refuses"


def test_every_schema_file_is_itself_a_valid_schema() -> None:
    for name in ("cities", "site", "campaign"):
        jsonschema.Draft202012Validator.check_schema(schema.load(name))


@pytest.mark.parametrize(("where", "name", "raw"), DOCUMENTS, ids=[f"{w}" for w, _, _ in DOCUMENTS])
def test_both_validators_agree_on_the_value_as_read(where: str, name: str, raw: Raw) -> None:
    ours = schema.check(raw, schema.load(name))
    theirs = list(_standard(name).iter_errors(schema.instance(raw, schema.load(name))))
    explained = any(FORBIDDEN_CHARACTERS.search(t) for t in _texts(raw)) or _invalid_scalar(raw)
    if explained:  # differences 2 and 3: we refuse what a standard validator may accept
        assert ours, f"{where}: a control character or an impossible value must be refused"
        return
    assert bool(ours) == bool(theirs), (where, [d.as_text() for d in ours], [e.message for e in theirs])


def test_text_as_written_is_the_one_difference_on_plain_data() -> None:
    """`name: 12` passes here and fails a standard validator on the plain YAML data, and that is why."""
    text = "- name: 12\n  state: NO\n  mayor: {name: 2017-01-31}\n"
    raw, diags = load.yaml_text(text, Path("cities.yaml"))
    assert raw is not None and not diags
    assert schema.check(raw, schema.load("cities")) == []
    plain: Any = yaml.safe_load(text)
    refused = sorted(".".join(map(str, e.absolute_path)) for e in _standard("cities").iter_errors(plain))
    assert refused == ["0.mayor.name", "0.name", "0.state"]
    assert schema.instance(raw, schema.load("cities")) == [{"name": "12", "state": "NO",
                                                            "mayor": {"name": "2017-01-31"}}]
    assert list(_standard("cities").iter_errors(schema.instance(raw, schema.load("cities")))) == []


def test_a_pattern_ends_at_the_end_of_the_text_as_json_schema_says() -> None:
    raw, _ = load.yaml_text('- {name: San José, state: CA, mayor: {name: M}, slug: "san-jose-ca\\n"}\n',
                            Path("cities.yaml"))
    assert raw is not None
    problems = [d.message for d in schema.check(raw, schema.load("cities"))]
    assert len(problems) == 1 and "slug" in problems[0], problems
    loose = jsonschema.Draft202012Validator(schema.load("cities"), format_checker=_formats())
    assert loose.is_valid(schema.instance(raw, schema.load("cities")))  # Python's '$' lets the newline through
    assert not _standard("cities").is_valid(schema.instance(raw, schema.load("cities")))
