"""The work behind `responses ...` and `deliver`: values and diagnostics, which responses_cli.py prints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from citypages import pipeline
from citypages.base import atomic
from citypages.base.diagnostics import Diagnostic, error, warning
from citypages.copy.values import copy_values
from citypages.load import effective_theme
from citypages.model import layout
from citypages.responses import counts, deliver, fonts
from citypages.responses.clean import Known, row_warning
from citypages.responses.store import Store


@dataclass
class Delivered:
    files: list[Path] = field(default_factory=list)
    signers: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)


def inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def write_counts(root: Path, store: Store) -> tuple[Path, int, int]:
    """signatures.json from the store; returns (path, signatures, cities)."""
    data = store.counts()
    path = root / counts.FILE
    text = counts.dumps(data)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        atomic.write_text(path, text)
    return path, sum(sum(c.values()) for c in data.values()), sum(len(c) for c in data.values())


def deliver_letters(root: Path, store: Store, out: Path, campaign: str | None, city: str | None,
                    today: dt.date, now: str) -> Delivered:
    """Write <out>/<campaign>/<city>.pdf and .csv for each city with signers; record each delivery."""
    if inside(out, root / "output"):
        return Delivered(diagnostics=[error(Path("--out"), 0, 0, (
            f"{out} is inside the site's output folder, which is published; deliver somewhere else "
            "(the default is deliveries/)"))])
    inp, diags = pipeline.load_site(root)
    if inp is None:
        return Delivered(diagnostics=diags)
    cities = {c.slug: c for c in inp.cities}
    wanted = [(c, s) for c, s in store.cities_with_signers()
              if (campaign is None or c == campaign) and (city is None or s == city)]
    if city is not None and city not in cities:
        return Delivered(diagnostics=[error(Path("--city"), 0, 0, f"no city '{city}' in cities.yaml")])
    if not wanted:
        return Delivered(diagnostics=[warning(Path("--city" if city else "--campaign"), 0, 0,
                                              "no kept signatures to deliver for that choice")])
    font_root = effective_theme.file(root, f"fonts/{fonts.THEME[0]}").parent.parent.parent  # the site's, or the default
    missing = [error(fonts.FONT_DIR / name, 0, 0, "the letters' font is missing; restore it from git")
               for name in fonts.THEME if not (font_root / fonts.FONT_DIR / name).is_file()]
    if missing:
        return Delivered(diagnostics=missing)
    result = Delivered()
    theme, find = fonts.theme_code_points(font_root), fonts.system_finder()
    for campaign_slug, slug in wanted:
        if (target := cities.get(slug)) is None:
            continue
        lang = layout.city_languages(inp.site, target)[0]
        copy_campaign = inp.campaigns.get((campaign_slug, lang)) or inp.campaigns.get(
            (campaign_slug, inp.site.default_language))
        if copy_campaign is None:
            continue
        url = inp.site.absolute_url(layout.city_path(inp.site, target, lang))
        copy = copy_campaign.render(copy_values(inp.site, target, url))  # front matter texts are plain
        title, message = copy["title"], copy["petition"]
        signers = store.signers(campaign_slug, slug)
        strings = inp.theme.strings[lang]
        texts = [(row, text) for row in signers for text in (row["name"] or "", row["comment"] or "")]
        chosen = fonts.choose([title, message, *strings.values(), *(t for _, t in texts)], theme, find)
        for row, text in texts:
            result.diagnostics += _undrawn(Path(f"{campaign_slug}/{slug}.pdf"), row["id"], text, chosen.missing)
        letter = deliver.Letter(campaign_slug, slug, f"{target.name}, {target.state}", target.country,
                                f"{target.mayor.title} {target.mayor.name}", inp.site.organization or inp.site.title,
                                title, message, [dict(r) for r in signers], strings, strings.get("number_group", ","))
        folder = out / campaign_slug
        folder.mkdir(parents=True, exist_ok=True)
        pdf, sheet = folder / f"{slug}.pdf", folder / f"{slug}.csv"
        pdf.write_bytes(deliver.pdf_bytes(letter, font_root, today, chosen))
        sheet.write_text(deliver.csv_text(letter), encoding="utf-8-sig", newline="")
        store.record_delivery(campaign_slug, slug, now, [r["id"] for r in signers], str(pdf))
        result.files += [pdf, sheet]
        result.signers += len(signers)
    return result


def _undrawn(path: Path, row: int, text: str, missing: frozenset[str]) -> list[Diagnostic]:
    """A warning per script of `text` that no font on this machine draws, with the package that would."""
    by_script: dict[str, list[str]] = {}
    for ch in sorted(set(text) & missing):
        by_script.setdefault(fonts.script(ch), []).append(ch)
    return [row_warning(path, row, (
        f"submission {row}: no font on this machine can draw {', '.join(chars)} ({name}) in '{text[:60]}'; "
        f"install a font for {name} (Debian, Ubuntu: apt install {fonts.package(chars[0])}) and deliver again; "
        "the CSV has it as written")) for name, chars in by_script.items()]


def known_from_site(root: Path) -> tuple[Known | None, list[Diagnostic]]:
    """The cities and campaigns rows are checked against, from the site's own (validated) files."""
    inp, diags = pipeline.load_site(root)
    if inp is None:
        return None, diags
    return Known(cities={c.slug: c.campaign for c in inp.cities},
                 campaigns=frozenset(slug for slug, _ in inp.campaigns),
                 languages=inp.site.languages, provider=inp.site.form.provider,
                 options=dict(inp.site.form.options)), diags
