"""entries.split: cities.yaml's entries as ranges of its bytes, each one what PyYAML reads of the whole file."""

import random
from pathlib import Path

import pytest
import yaml

from citypages.read import entries, load
from tests.support import realistic_city

SAMPLE = Path(__file__).parent.parent.parent / "cities.yaml"


def by_yaml(text: str):
    """Each entry's first line and value as PyYAML reads the whole file."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    return [(item.start_mark.line + 1, yaml.safe_load(yaml.serialize(item))) for item in node.value]


def by_bytes(data: bytes):
    """Each entry's first line and value, each entry's bytes parsed on their own."""
    found = entries.split(data)
    return None if found is None else [(found.lines[i], yaml.safe_load(bytes(found.raw(i)))[0])
                                       for i in range(len(found))]


def generated(n: int) -> str:
    rng = random.Random(3)
    return "# cities\n\n" + "".join(realistic_city(i, rng) for i in range(n))


@pytest.mark.parametrize("text", [
    SAMPLE.read_text(encoding="utf-8"),
    generated(300),
    "- name: A\n  state: IL\n\n# a comment\n- name: B\n  state: OH\n",
    "- name: Zoë\n  state: IL\n- name: Ünïcode ễ\n  state: OH\n  mayor: {name: Nguyễn}\n",
], ids=range(4))
def test_entries_are_those_of_the_whole_file(text):
    assert by_bytes(text.encode()) == by_yaml(text)


@pytest.mark.parametrize("text", [
    "name: not a list\n",
    "---\n- name: A\n",
    "- &a {name: A}\n- *a\n",
    "- name: A\n  tags: [x, &y z]\n",
    "  - name: indented\n",
    "",
    "- name: Café&Bar\n  state: IL\n",  # not an anchor, but the byte pattern cannot tell: only slower
], ids=range(7))
def test_anything_but_a_plain_list_is_left_to_the_ordinary_load(text):
    assert entries.split(text.encode()) is None


def test_a_run_of_entries_reads_as_its_text():
    text = generated(40)
    found = entries.split(text.encode())
    assert yaml.safe_load(found.text(3, 7)) == [value for _, value in by_yaml(text)[3:8]]


def test_read_utf8_gives_the_bytes_of_read_text(tmp_path):
    path = tmp_path / "cities.yaml"
    path.write_bytes(b"\xef\xbb\xbf- name: Zo\xc3\xab\r\n  state: IL\r\n")
    data, problems = load.read_utf8(path, path)
    file, _ = load.read_text(path, path)
    assert problems == [] and data == file.text.encode()
    path.write_bytes(b"- name: \x01\n")
    assert load.read_utf8(path, path)[1] == load.read_text(path, path)[1] != []


def load_both(root):
    """cities_load's batches from byte ranges, and the ordinary load of the whole file."""
    from citypages.check import validate
    from citypages.load import cities_load

    site, _ = validate.site(load.yaml_file(SAMPLE.parent / "site.yaml", Path("site.yaml"))[0])
    fast = cities_load.cities(root, site, frozenset(), None, workers=1)
    raw, problems = load.yaml_file(root / "cities.yaml", Path("cities.yaml"))
    slow, more = validate.cities(raw, site, frozenset())
    return fast, slow, problems + more


@pytest.mark.parametrize("text", [SAMPLE.read_text(encoding="utf-8"), generated(600)], ids=["sample", "generated"])
def test_the_split_load_gives_the_cities_of_the_whole_file(tmp_path, text):
    (tmp_path / "cities.yaml").write_text(text, encoding="utf-8")
    fast, slow, problems = load_both(tmp_path)
    assert problems == [] and fast.diagnostics == [] and fast.cache is not None
    assert fast.cities == slow


def test_an_error_in_one_entry_keeps_its_line_and_column(tmp_path):
    text = generated(600).replace("  state: ", "  stat: ", 1)
    (tmp_path / "cities.yaml").write_text(text, encoding="utf-8")
    fast, _, problems = load_both(tmp_path)
    line = text.split("\n").index(next(t for t in text.split("\n") if t.startswith("  stat: "))) + 1
    assert fast.diagnostics == problems and fast.cache is None
    assert [(d.line, d.col) for d in fast.diagnostics if "stat" in d.message][:1] == [(line, 3)]
