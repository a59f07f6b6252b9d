"""URL segments for cities, from name and state, and the names no city may take. Accents are folded
before other letters are spelt in ASCII (anyascii), as slugs were made before: a published URL stays.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

RESERVED = frozenset({"static", "404", "_inbox", "index", "sitemap", "robots", "thanks", "feed", "assets"})
"""Paths the site itself uses; language codes and page slugs are reserved by the site too."""


def slugify(*parts: str) -> str:
    """`slugify("San José", "CA")` -> "san-jose-ca"; accents folded, other letters spelt in ASCII."""
    text = unicodedata.normalize("NFKD", " ".join(parts))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = anyascii(text)
    text = re.sub(r"[^a-z0-9]+", "-", text.lower())
    return text.strip("-")
