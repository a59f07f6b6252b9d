"""URL segments for cities: derived from name and state, and the names no city may take.

Letters outside ASCII are transliterated (anyascii: "Þórshöfn" -> "thorshofn"), never dropped;
accents are folded first exactly as before, so a slug published earlier stays the same URL.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

RESERVED = frozenset({"static", "404", "_inbox", "index", "sitemap", "robots", "thanks", "feed", "assets"})
"""Paths the site itself uses; language codes and page slugs are reserved by the site too."""


def slugify(*parts: str) -> str:
    """`slugify("San José", "CA")` -> "san-jose-ca"; accents folded, other letters spelt in ASCII."""
    text = " ".join(parts)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("ß", "ss").replace("æ", "ae").replace("ø", "o").replace("đ", "d").replace("ł", "l")
    text = anyascii(text)
    text = re.sub(r"[^a-z0-9]+", "-", text.lower())
    return text.strip("-")
