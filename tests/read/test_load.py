"""load.py: bytes -> Raw values with positions; what cannot be read at all is one clear error."""

from __future__ import annotations

from pathlib import Path

from citypages.read import load

P = Path("cities.yaml")


def messages(text: str) -> list[str]:
    _raw, diags = load.yaml_text(text, P)
    return [d.as_text() for d in diags]


def test_values_remember_line_and_column_and_key_positions():
    raw, diags = load.yaml_text("- name: Springfield\n  mayor:\n    name: Pat\n", P)
    assert diags == []
    city = raw.value[0]
    assert (city.line, city.col) == (1, 3)
    assert (city.value["mayor"].value["name"].line, city.value["mayor"].value["name"].col) == (3, 11)
    assert city.key_pos["mayor"] == (2, 3)
    assert raw.plain() == [{"name": "Springfield", "mayor": {"name": "Pat"}}]


def test_a_plain_scalar_keeps_its_source_text():
    raw, _ = load.yaml_text("state: NO\nzip: 01234\n", P)
    assert raw.value["state"].value is False and raw.value["state"].text == "NO"
    assert raw.value["zip"].text == "01234"


def test_utf8_byte_order_mark_and_windows_line_ends_are_accepted(tmp_path):
    path = tmp_path / "cities.yaml"
    path.write_bytes(b"\xef\xbb\xbf- name: San Jos\xc3\xa9\r\n  state: CA\r\n")
    raw, diags = load.yaml_file(path, P)
    assert diags == []
    assert raw.plain() == [{"name": "San José", "state": "CA"}]
    assert raw.value[0].value["state"].line == 2


def test_bom_files_build_the_site_silently(make_site, run_cli):
    site = make_site()
    for name in ("cities.yaml", "site.yaml", "content/campaigns/thanks.md", "content/pages/about.md"):
        (site / name).write_bytes(b"\xef\xbb\xbf" + (site / name).read_bytes().replace(b"\n", b"\r\n"))
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    assert result.err == ""
    page = (site / "output" / "san-jose-ca" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Thank Alcaldesa Ana Ruiz</h1>" in page and "\ufeff" not in page


def test_a_billion_laughs_file_is_refused_with_a_clear_error():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]  # 10**10 values
    assert messages("\n".join(lines) + "\n") == [
        "cities.yaml:2:5: error: YAML aliases here expand to more than 10,000 values or 1,000,000 characters; "
        "write the entries out instead of repeating anchors"]


def test_a_few_aliases_are_fine():
    raw, diags = load.yaml_text("base: &b {title: Mayor}\nother: *b\n", P)
    assert diags == [] and raw.plain() == {"base": {"title": "Mayor"}, "other": {"title": "Mayor"}}


def test_duplicate_keys_are_found_at_every_depth():
    assert messages("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n") == [
        "cities.yaml:4:3: error: duplicate key 'c' (first given on line 3); remove one of them",
        "cities.yaml:5:1: error: duplicate key 'a' (first given on line 1); remove one of them",
    ]


def test_front_matter_lines_are_those_of_the_whole_file():
    md = load.split_front_matter(load.TextFile(Path("x.md"), "---\ntitle: T\nbad: [\n---\nBody\n"))
    assert md.front_matter_line == 2 and md.body_line == 5 and md.body == "Body\n"
    _raw, diags = load.yaml_text(md.front_matter, md.path, md.front_matter_line - 1)
    assert [d.as_text() for d in diags] == [
        "x.md:3:6: error: a '[' is opened here but never closed; add the closing ']' (or put the value in quotes)"]


def test_dates_that_do_not_exist_say_which_part_is_wrong():
    raw, _ = load.yaml_text("a: 2026-02-30\nb: 2026-13-01\n", P)
    assert raw.value["a"].value.reason == "not a real date: 2026-02 has no day 30"
    assert raw.value["b"].value.reason.startswith("not a real date: there is no month 13")


def test_unreadable_files(tmp_path):
    assert [d.as_text() for d in load.read_text(tmp_path / "none.yaml", P)[1]] == ["cities.yaml: error: file not found"]
    assert load.read_text(tmp_path, P)[1][0].message == "is a folder, expected a file"
    (tmp_path / "x.yaml").write_bytes(b"a: 1\nb: caf\xe9\n")
    assert [d.as_text() for d in load.read_text(tmp_path / "x.yaml", P)[1]] == [
        "cities.yaml:2:7: error: the file is not UTF-8 text (byte 0xe9); save it with UTF-8 encoding"]
