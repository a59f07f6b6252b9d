"""The command line: argparse sub-commands, build by default, usage mistakes named and exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from citypages import cli
from tests.conftest import ROOT, CliResult

Run = Callable[..., CliResult]


def _main(capsys: pytest.CaptureFixture[str], *argv: str) -> CliResult:
    capsys.readouterr()
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return CliResult(status, captured.out, captured.err)


@pytest.mark.parametrize(("typed", "hint"), [
    ("chek", "did you mean 'check'?"),
    ("bild", "did you mean 'build'?"),
    ("new_city", "did you mean 'new-city'?"),
    ("publish", "the commands are build, check, deliver, new, new-city, responses, serve"),
])
def test_an_unknown_command_is_named_with_a_suggestion(typed: str, hint: str, make_site: Callable[..., Path],
                                                       run_cli: Run) -> None:
    site = make_site()
    result = run_cli(site, typed)
    assert result.status == 2
    assert result.err.strip().splitlines()[-1] == f"build.py: error: unknown command '{typed}' ({hint})"
    assert not (site / "output").exists()


def test_no_command_builds_and_reads_builds_options(make_site: Callable[..., Path], run_cli: Run,
                                                    tmp_path: Path) -> None:
    site = make_site()
    out = tmp_path / "elsewhere"
    result = run_cli(site, "--quiet", "--out", str(out))
    assert result.status == 0, result.err
    assert result.out == ""  # --quiet was build's
    assert (out / "springfield-il" / "index.html").is_file()
    assert run_cli(site).status == 0 and (site / "output" / "index.html").is_file()


def test_a_site_folder_named_like_a_command_is_a_folder(make_site: Callable[..., Path], tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """`build.py -C check`: 'check' is the folder; no command was given, so it builds that folder."""
    site = make_site()
    cwd = Path.cwd()
    (tmp_path / "work").mkdir()
    os.chdir(tmp_path / "work")
    try:
        missing = _main(capsys, "-C", "check")
        assert missing.status == 2
        assert "check holds no site.yaml or cities.yaml" in missing.err
        site.rename(tmp_path / "work" / "check")
        built = _main(capsys, "-C", "check")
        assert built.status == 0, built.err
        assert (tmp_path / "work" / "check" / "output" / "index.html").is_file()
    finally:
        os.chdir(cwd)


def test_options_of_another_command_are_refused(make_site: Callable[..., Path], run_cli: Run) -> None:
    site = make_site()
    result = run_cli(site, "check", "--out", "x")
    assert result.status == 2 and "unrecognized arguments: --out x" in result.err
    assert run_cli(site, "--format", "github").status == 2  # check's option, not build's
    before = run_cli(site, "--quiet", "check")
    assert before.status == 2 and "--quiet: an option of build, not of check" in before.err
    assert run_cli(site, "--quiet", "build").out == ""  # before or after the command, build's own


def test_build_ends_with_the_number_of_warnings(make_site: Callable[..., Path], run_cli: Run) -> None:
    site_yaml = (Path(__file__).parent.parent / "sites" / "tiny" / "site.yaml").read_text(encoding="utf-8")
    site = make_site({"site.yaml": site_yaml.replace("  recaptcha_disabled: true\n", "")})
    checked = run_cli(site, "check")
    warnings = [line for line in checked.err.splitlines() if ": warning: " in line]
    assert any("reCAPTCHA" in w for w in warnings)
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    plural = "s" * (len(warnings) != 1)
    assert result.err.splitlines()[-1] == f"{len(warnings)} warning{plural} (run check to see them)"
    assert ": warning: " not in result.err  # the warnings themselves are check's to show
    quiet = run_cli(site, "build", "--quiet")
    assert quiet.out == "" and "(run check to see them)" in quiet.err


def test_a_command_is_one_registration_line() -> None:
    """Another command module adds itself with one line in cli.COMMANDS."""
    def add_hello(sub: cli.Commands) -> None:
        sub.add_parser("hello").set_defaults(run=lambda args: 0)

    cli.COMMANDS.append(add_hello)
    try:
        args = cli.parse(["hello"], Path("."))
        assert args.command == "hello" and args.run(args) == 0
    finally:
        cli.COMMANDS.remove(add_hello)


EVERY_COMMAND = [["build"], ["check"], ["serve"], ["new-city", "Oak Park", "--state", "IL", "--mayor", "Vicki Scaman"],
                 ["responses", "status"], ["responses", "export", "--opted-in", "--out", "x.csv"], ["deliver"],
                 ["new", "site"]]


def test_every_command_is_tried_below() -> None:
    assert {words[0] for words in EVERY_COMMAND} == set(cli.parser(Path("."))[1].parsers)


@pytest.mark.parametrize("words", EVERY_COMMAND, ids=" ".join)
def test_debug_is_taken_before_or_after_the_command(words: list[str]) -> None:
    assert cli.parse(words, Path(".")).debug is False
    assert cli.parse(["--debug", *words], Path(".")).debug is True
    assert cli.parse([*words, "--debug"], Path(".")).debug is True
    assert cli.parse(["-C", "site", *words[:1], "--debug", *words[1:]], Path(".")).debug is True


def test_python_m_citypages_runs_the_command_line_under_its_own_name(make_site: Callable[..., Path]) -> None:
    site = make_site()

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "citypages", "-C", str(site), *argv], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)

    typo = run("chek")
    assert typo.returncode == 2
    assert typo.stderr.splitlines()[-1] == "python -m citypages: error: unknown command 'chek' (did you mean 'check'?)"
    assert run("--help").stdout.startswith("usage: python -m citypages ")
    built = run("build", "--quiet", "--debug")
    assert built.returncode == 0, built.stderr
    assert (site / "output" / "springfield-il" / "index.html").is_file()
