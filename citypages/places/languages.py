"""Language tags (BCP 47: en, es, pt-BR, zh-Hant), their URL folders (the tag in lowercase), own names and
direction. A tag's own name falls back to its base language's, then to the tag itself.
"""

from __future__ import annotations

import re

TAG = re.compile(r"^(?P<language>[a-z]{2,3})(?:-(?P<script>[A-Z][a-z]{3}))?(?:-(?P<region>[A-Z]{2}|[0-9]{3}))?$")
"""What site.yaml's `languages` accepts; the same pattern is in site.schema.json and cities.schema.json."""

RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"})
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg"})

OWN_NAMES = {
    "am": "አማርኛ", "ar": "العربية", "bn": "বাংলা", "de": "Deutsch", "el": "Ελληνικά", "en": "English",
    "es": "Español", "fa": "فارسی", "fr": "Français", "gu": "ગુજરાતી", "he": "עברית", "hi": "हिन्दी",
    "hmn": "Hmoob", "ht": "Kreyòl ayisyen", "hy": "Հայերեն", "it": "Italiano", "ja": "日本語", "km": "ខ្មែរ",
    "ko": "한국어", "lo": "ລາວ", "my": "မြန်မာ", "ne": "नेपाली", "pa": "ਪੰਜਾਬੀ", "pl": "Polski",
    "ps": "پښتو", "pt": "Português", "pt-BR": "Português (Brasil)", "pt-PT": "Português (Portugal)",
    "ru": "Русский", "so": "Soomaali", "sw": "Kiswahili", "ta": "தமிழ்", "th": "ไทย", "ti": "ትግርኛ",
    "tl": "Tagalog", "uk": "Українська", "ur": "اردو", "vi": "Tiếng Việt", "yi": "ייִדיש", "zh": "中文",
    "zh-Hans": "中文（简体）", "zh-Hant": "中文（繁體）", "fil": "Filipino", "ca": "Català", "nl": "Nederlands",
}


def is_tag(tag: str) -> bool:
    """True for a tag of the form this site accepts (en, es-419, pt-BR, zh-Hant, sr-Latn-RS)."""
    return TAG.match(tag) is not None


def segment(tag: str) -> str:
    """The URL folder of a language: `segment("pt-BR")` -> "pt-br"."""
    return tag.lower()


def own_name(tag: str) -> str:
    """A language's name in that language, for the switcher: "pt-BR" -> "Português (Brasil)"."""
    return OWN_NAMES.get(tag, OWN_NAMES.get(tag.split("-")[0], tag))


def direction(tag: str) -> str:
    """"rtl" for right-to-left languages (by script when the tag names one), else "ltr"."""
    m = TAG.match(tag)
    if m is None:
        return "ltr"
    rtl = m["script"] in RTL_SCRIPTS if m["script"] else m["language"] in RTL_LANGUAGES
    return "rtl" if rtl else "ltr"
