"""English and Spanish: every UI string translated, pages at /es/, fallbacks that warn, never crash."""

from __future__ import annotations

from pathlib import Path

import yaml
from linkcheck import broken_links
from theme_site import build_bilingual, site_yaml

from citypages.check import i18n_check
from citypages.pipeline import build_site

I18N = Path(__file__).resolve().parent.parent.parent / "theme" / "i18n"


def test_every_english_ui_string_has_a_spanish_translation():
    en = yaml.safe_load((I18N / "en.yaml").read_text(encoding="utf-8"))
    es = yaml.safe_load((I18N / "es.yaml").read_text(encoding="utf-8"))
    missing = sorted(set(en) - set(es))
    assert missing == [], f"keys in en.yaml missing from es.yaml: {missing}"
    extra = {k for k in set(es) - set(en) if k.rpartition("_")[0] not in i18n_check.PLURALS}  # Spanish has 'many'
    assert sorted(extra) == [], "es.yaml has keys en.yaml does not"
    assert sorted(set(es) - set(en)) == ["badge_count_many", "signatures_count_many", "signatures_total_many"]
    assert [k for k, v in es.items() if not str(v).strip()] == []
    untranslated = [k for k in en if en[k] == es[k] and k not in {"share_whatsapp", "share_x", "share_facebook",
                                                                  "state_heading"}]
    assert untranslated == [], untranslated


def test_spanish_pages_live_under_es_with_lang_alternates_and_spanish_words(make_site):
    out, _ = build_bilingual(make_site)
    html = (out / "es" / "springfield-il" / "index.html").read_text()
    assert '<html lang="es"' in html
    assert '<link rel="alternate" hreflang="en" href="https://example.org/repo/springfield-il/">' in html
    assert '<link rel="alternate" hreflang="es" href="https://example.org/repo/es/springfield-il/">' in html
    assert "<h1>Gracias, Alcalde Pat Doe</h1>" in html and "Tu mensaje para Pat Doe" in html
    assert 'href="/repo/es/about/"' in html and 'href="/repo/es/privacy/"' in html and 'href="/repo/es/"' in html
    assert '<html lang="es"' in (out / "es" / "springfield-il" / "thanks" / "index.html").read_text()
    assert "Busca tu ciudad" in (out / "es" / "index.html").read_text()
    assert '<html lang="en"' in (out / "springfield-il" / "index.html").read_text()
    assert "Quiénes somos" in (out / "es" / "about" / "index.html").read_text()


def test_a_ui_string_a_site_file_leaves_out_comes_from_the_default_theme(make_site):
    """A site's theme/i18n/es.yaml overrides the engine's Spanish key by key (load/effective_theme.py): a key it
    lacks, one an upgrade added say, is the default's, not a blank and not English."""
    es = (I18N / "es.yaml").read_text(encoding="utf-8").replace('your_message: "Tu mensaje para {name}"\n', "")
    out, _ = build_bilingual(make_site, files={"theme/i18n/es.yaml": es})
    html = (out / "es" / "springfield-il" / "index.html").read_text()
    assert "Pat Doe" in html and "Nombre completo" in html and "your_message" not in html


def test_a_broken_first_language_file_and_a_language_without_one_is_an_error_not_a_crash(make_site, run_cli):
    site = make_site({"theme/i18n/en.yaml": "- a list\n"})
    text = (site / "site.yaml").read_text().replace("languages: [en]", "languages: [en, nl]")
    (site / "site.yaml").write_text(text)
    result = run_cli(site, "check")
    assert result.status == 1 and "internal error" not in result.err
    assert "theme/i18n/en.yaml:1:1: error: expected 'key: text' lines" in result.err


def test_a_missing_campaign_translation_falls_back_to_english_marked_as_english(make_site):
    site = make_site({"site.yaml": site_yaml()})
    (site / "content" / "campaigns" / "thanks.es.md").unlink()
    result = build_site(site)
    assert result.ok
    warnings = [d.as_text() for d in result.diagnostics]
    assert any("content/campaigns/thanks.es.md" in w and "warning" in w for w in warnings), warnings
    html = (site / "output" / "es" / "springfield-il" / "index.html").read_text()
    assert '<html lang="es"' in html and '<h1 lang="en">Thank Mayor Pat Doe</h1>' in html
    assert '<div class="copy" lang="en">' in html and "Tu mensaje para Pat Doe" in html


def test_a_missing_page_translation_is_served_in_english_with_a_warning(make_site):
    out, warnings = build_bilingual(make_site)
    assert any("content/pages/privacy.es.md" in w and "warning" in w for w in warnings), warnings
    html = (out / "es" / "privacy" / "index.html").read_text()
    assert '<html lang="es"' in html and '<article class="page" lang="en">' in html
    assert not any("about.es.md" in w for w in warnings)


def test_a_city_can_limit_its_languages(make_site):
    cities = (Path(__file__).parent.parent / "sites" / "tiny" / "cities.yaml").read_text()
    cities = cities.replace("    title: Alcaldesa\n", "    title: Alcaldesa\n  languages: [en]\n")
    out, _ = build_bilingual(make_site, files={"cities.yaml": cities})
    assert (out / "san-jose-ca" / "index.html").is_file()
    assert not (out / "es" / "san-jose-ca").exists()
    assert "san-jose-ca" not in (out / "es" / "index.html").read_text()
    html = (out / "san-jose-ca" / "index.html").read_text()
    assert 'hreflang="es"' not in html and '<nav class="languages"' not in html


def test_a_city_language_the_site_does_not_have_is_an_error(make_site):
    cities = (Path(__file__).parent.parent / "sites" / "tiny" / "cities.yaml").read_text()
    cities = cities.replace("    title: Alcaldesa\n", "    title: Alcaldesa\n  languages: [fr]\n")
    site = make_site({"site.yaml": site_yaml(), "cities.yaml": cities})
    result = build_site(site)
    assert not result.ok
    assert any("cities.yaml:" in d.as_text() and "'fr'" in d.as_text() for d in result.diagnostics)
    assert not (site / "output").exists()


def test_thank_you_pages_point_to_each_other_across_languages(make_site):
    out, _ = build_bilingual(make_site)
    html = (out / "springfield-il" / "thanks" / "index.html").read_text()
    assert '<link rel="alternate" hreflang="es" href="https://example.org/repo/es/springfield-il/thanks/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="https://example.org/repo/springfield-il/thanks/">' in html


def test_the_sample_site_in_english_and_spanish_builds_with_every_link_resolving(make_site):
    site = make_site(base="sample")
    text = (site / "site.yaml").read_text()
    (site / "site.yaml").write_text(text.replace("languages: [en]", "languages: [en, es]"))
    result = build_site(site)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    out = site / "output"
    assert (out / "es" / "index.html").is_file() and (out / "es" / "privacy" / "index.html").is_file()
    assert broken_links(out, "/city-pages/", ("https://",)) == []


def test_the_one_404_page_speaks_every_language(make_site):
    out, _ = build_bilingual(make_site)
    html = (out / "404.html").read_text()
    assert '<html lang="en"' in html and "<h1>Page not found</h1>" in html
    assert '<section class="translation" lang="es"' in html and "Página no encontrada" in html
    assert '<a href="/repo/es/">Todas las ciudades</a>' in html
