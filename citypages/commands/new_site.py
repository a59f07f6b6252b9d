"""`citypages new DIR`: a new organisation's site, its own files only: its theme/ holds what it overrides of the
installed engine's (load/effective_theme.py), whose version requirements.txt pins, so an upgrade is one line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import citypages

STARTER = Path(__file__).resolve().parent.parent / "starter"
CAMPAIGN = "thank-your-mayor"
COPIED = "# Copied from the English copy: no {lang} text comes with City Pages. Translate it, then delete this line.\n"


def write(folder: Path, title: str, languages: tuple[str, ...], form_provider: str) -> list[Path]:
    """Write the new site's files and return them; refuses (ValueError) a folder that is not empty."""
    if folder.exists() and any(folder.iterdir()):
        raise ValueError(f"{folder} is not empty; give a new folder")
    files: dict[str, str] = {
        "site.yaml": _site_yaml(title, languages, form_provider),
        "cities.yaml": (STARTER / "cities.yaml").read_text(encoding="utf-8"),
        "requirements.txt": f"# The engine, at the version this site is built with (Dependabot proposes upgrades).\n"
                            f"citypages=={citypages.__version__}\n",
        "README.md": (STARTER / "site-readme.md").read_text(encoding="utf-8").format(
            title=title, version=citypages.__version__),
        ".gitignore": (STARTER / "gitignore").read_text(encoding="utf-8"),
        ".github/dependabot.yml": (STARTER / "dependabot.yml").read_text(encoding="utf-8"),
    }
    for workflow in sorted((STARTER / "workflows").glob("*.yml")):
        files[f".github/workflows/{workflow.name}"] = workflow.read_text(encoding="utf-8")
    for kind in ("campaigns", "pages"):
        for english in sorted((STARTER / "content" / kind).glob("*.md")):
            if english.name.count(".") > 1:
                continue  # a translation: found below, for its language
            for i, lang in enumerate(languages):
                files[f"content/{kind}/{english.stem}{'.' + lang if i else ''}.md"] = _copy(english, lang)
    for name, text in files.items():  # site.yaml first, so the folder is made
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in files]


def _copy(english: Path, lang: str) -> str:
    """The copy in `lang`: City Pages' own translation, else the English with a comment saying so."""
    translated = english.with_name(f"{english.stem}.{lang}.md")
    if lang == "en" or translated.is_file():
        return (translated if lang != "en" else english).read_text(encoding="utf-8")
    text = english.read_text(encoding="utf-8")
    return text.replace("---\n", "---\n" + COPIED.format(lang=lang), 1)  # a YAML comment in the front matter


def _site_yaml(title: str, languages: tuple[str, ...], form_provider: str) -> str:
    form_keys = "  id: abcd1234  # REPLACE with your form's id (the 8 characters after /f/ in its address)\n" \
        if form_provider == "formspree" else "  # check names the keys this service needs (docs/forms.md)\n"
    return (f"# Site-wide settings: every key is explained in City Pages' site.schema.json, and check\n"
            f"# names any mistake with its line.\n"
            f"title: {json.dumps(title)}\n"
            f"organization: {json.dumps(title)}\n"
            f"base_url: https://example.org/  # the published address; the publish workflow uses the Pages address\n"
            f"languages: [{', '.join(languages)}]\n"
            f"country: US\n"
            f"default_campaign: {CAMPAIGN}\n"
            f"privacy_contact: privacy@example.org  # who answers questions about signers' data\n"
            f"form:\n  provider: {form_provider}\n{form_keys}")


def add_command(sub: Any) -> None:
    """`new DIR`: the parser the CLI adds (cli.Commands)."""
    new = sub.add_parser("new", help="start a new organisation's site in DIR, on the installed engine")
    new.add_argument("folder", type=Path, metavar="DIR", help="the new site's folder (new or empty)")
    new.add_argument("--title", default="Thank Your Mayor", help="the site's title (default: %(default)s)")
    new.add_argument("--languages", default="en", help="comma-separated, the first the default (default: %(default)s)")
    new.add_argument("--form-provider", default="formspree", help="the form service (default: %(default)s)")
    new.set_defaults(run=run, needs_site=False)


def run(args: argparse.Namespace) -> int:
    """Write the new site; exit status 0, or 2 when the folder or the options will not do."""
    languages = tuple(lang.strip() for lang in args.languages.split(",") if lang.strip())
    try:
        written = write(args.folder, args.title, languages, args.form_provider)
    except ValueError as exc:
        print(f"citypages new: error: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {len(written)} files to {args.folder}/; next: cd {args.folder} && citypages check")
    return 0
