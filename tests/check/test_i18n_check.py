"""Theme language files: placeholders checked per string; copies, strays and misnamed files warned about."""

from __future__ import annotations

from pathlib import Path

from theme_site import site_yaml

from citypages.pipeline import build_site, check_site

I18N = Path(__file__).resolve().parent.parent.parent / "theme" / "i18n"
ES = (I18N / "es.yaml").read_text(encoding="utf-8")
EN = (I18N / "en.yaml").read_text(encoding="utf-8")


def _diags(make_site, files, languages="[en, es]"):
    site = make_site({"site.yaml": site_yaml(languages=languages), **files})
    return [d.as_text() for d in check_site(site)]


def _line(text: str, key: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key}:"))


def test_a_placeholder_a_string_may_not_use_is_an_error_with_did_you_mean(make_site):
    es = ES.replace('your_message: "Tu mensaje para {name}"', 'your_message: "Tu mensaje para {nombre}"')
    errors = [d for d in _diags(make_site, {"theme/i18n/es.yaml": es}) if ": error: " in d]
    line = _line(es, "your_message")
    assert errors == [f"theme/i18n/es.yaml:{line}:15: error: your_message: '{{nombre}}' would show as it is on the "
                      "page (did you mean '{name}'?)"]


def test_a_placeholder_in_a_string_that_takes_none_is_an_error(make_site):
    en = EN.replace("home: All cities", "home: All {cities}")
    errors = [d for d in _diags(make_site, {"theme/i18n/en.yaml": en}) if ": error: " in d]
    assert errors == [f"theme/i18n/en.yaml:{_line(en, 'home')}:7: error: home: '{{cities}}' would show as it is on "
                      "the page (this text takes no placeholders)"]


def test_the_shipped_language_files_pass(make_site):
    assert [d for d in _diags(make_site, {}) if "theme/i18n" in d] == []


def test_a_language_file_that_is_a_copy_of_english_is_a_warning(make_site):
    warnings = _diags(make_site, {"theme/i18n/es.yaml": EN})
    assert any(w.startswith("theme/i18n/es.yaml: warning: ") and "same as in en.yaml" in w
               and "copy waiting to be translated" in w for w in warnings), warnings


def test_copy_for_a_misnamed_or_unlisted_language_is_a_warning(make_site):
    warnings = _diags(make_site, {"content/pages/about.fr.md": "---\ntitle: À propos\n---\nTexte.\n",
                                  "content/pages/about.spanish.md": "---\ntitle: x\n---\n",
                                  "content/campaigns/thanks.sp.md": "---\ntitle: x\n---\n"})
    assert "content/campaigns/thanks.sp.md: warning: 'sp' is not one of site.yaml's languages, so this file is " \
           "not used (did you mean thanks.es.md?)" in warnings
    assert "content/pages/about.spanish.md: warning: 'spanish' is not a language tag (such as es or pt-BR), so " \
           "this file is not used; name it after one of site.yaml's languages" in warnings
    assert "content/pages/about.fr.md: warning: 'fr' is not one of site.yaml's languages ['en', 'es'], so this " \
           "file is not used; add the language to site.yaml or remove the file" in warnings


def test_a_misnamed_language_file_is_a_warning_with_the_name_to_use(make_site):
    site = make_site({"site.yaml": site_yaml(languages="[en, es-MX]"), "theme/i18n/es_MX.yaml": ES,
                      "theme/i18n/english.yaml": EN})
    result = build_site(site)
    warnings = [d.as_text() for d in result.diagnostics]
    assert "theme/i18n/es_MX.yaml: warning: 'es_MX' is not one of site.yaml's languages, so this file is not " \
           "used (did you mean es-MX.yaml?)" in warnings
    assert any(w.startswith("theme/i18n/english.yaml: warning: 'english' is not a language tag") for w in warnings)


def test_a_theme_may_speak_more_languages_than_the_site(make_site):
    assert [d for d in _diags(make_site, {}, languages="[en]") if "theme/i18n" in d] == []
