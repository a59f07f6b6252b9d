"""Editors' HTML against an allow-list (nh3, the Ammonia sanitiser), and a report of what was removed.

Nothing an editor pastes may run code or call another site; each removal is reported at its line,
so a pasted embed does not vanish in silence.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import nh3

from citypages.base.diagnostics import Diagnostic, warning
from citypages.copy.placeholders import position

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
})
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Removed with everything inside them: their content is code or another site's page, never text.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "noscript", "object", "template", "textarea"})

MAX_REPORTED = 50
"""Kinds of removed HTML reported one by one; past that, one line says how many more."""

ID_PREFIX = "copy-"
"""Ids in copy get this prefix, so a heading '## Petition' cannot duplicate the theme's id="petition"."""


def clean(html: str) -> str:
    """Keep the allow-listed tags and attributes; drop scripts, embeds, styles, handlers and foreign URLs."""
    own_ids = set(re.findall(r"""\sid\s*=\s*["']?([^"'\s>]+)""", html))

    def keep(tag: str, attr: str, value: str) -> str | None:
        """An image must be a file of this site (a picture from elsewhere is a request to a third party); an
        address with a backslash is dropped, as browsers read `/\\host` as another site."""
        if attr == "href" and value.startswith("#") and value[1:] in own_ids:
            return f"#{ID_PREFIX}{value[1:]}"  # a footnote or heading link follows its prefixed target
        if attr in ("href", "src") and "\\" in _normalised(value):
            return None
        if tag == "img" and attr == "src" and _is_foreign(value):
            return None
        return value

    return nh3.clean(html, tags=set(ALLOWED_TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT),
                     attributes=ALLOWED_ATTRIBUTES, attribute_filter=keep, id_prefix=ID_PREFIX,
                     url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer")


def removals(html: str, source: str, path: Path, first_line: int) -> list[Diagnostic]:
    """A warning for what `clean(html)` removes that the editor wrote in `source` (the Markdown, from
    `first_line` of `path`); the table alignment styles Markdown itself writes are dropped without a word."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    out: list[Diagnostic] = []
    found = list(finder.found.items())
    if len(found) > MAX_REPORTED:  # each kind costs a pass over the source: keep the report linear in its size
        out.append(warning(path, first_line, 1, f"{len(found) - MAX_REPORTED:,} more kinds of HTML were removed "
                                                "besides those reported; fix these and check again"))
    for key, (markers, message) in found[:MAX_REPORTED]:
        hits = next((h for h in (list(re.finditer(m, source, re.I | re.M)) for m in markers) if h), [])
        out += [warning(path, *position(source, hit.start(), first_line), message) for hit in hits]
        if not hits and key != "attr style":  # written in a way we cannot point at (entities): say so anyway
            out.append(warning(path, first_line, 1, message))
    return sorted(set(out))


_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def _normalised(url: str) -> str:
    """The address as a browser reads it: outer spaces and controls trimmed, tabs and newlines removed."""
    return re.sub(r"[\t\n\r]", "", url.strip(_C0_AND_SPACE))


def _is_foreign(url: str) -> bool:
    text = _normalised(url)
    parts = urlsplit(text)
    return bool(parts.scheme or parts.netloc) or text.startswith(("//", "/\\", "\\"))


_EMBED = "an embed would load another site into the page; link to it instead"
_WHY_TAG = {"h1": "the page's title is its only level-1 heading; start headings with '## '",
            "script": "scripts cannot run in campaign copy", "iframe": _EMBED, "embed": _EMBED, "object": _EMBED,
            "style": "styles come from the theme"}


class _Finder(HTMLParser):
    """Collects, once each, the tags, attributes and URLs `clean` would drop."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, tuple[list[str], str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self._tag(tag)
            return
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self._attribute(tag, name, allowed)
            elif name in ("href", "src") and value:
                self._url(tag, name, value)

    handle_startendtag = handle_starttag

    def _tag(self, tag: str) -> None:
        markers = [rf"<\s*{re.escape(tag)}\b"]
        if tag == "h1":
            markers += [r"^#[ \t]", r"^=+[ \t]*$"]
        why = _WHY_TAG.get(tag, "this HTML is not on the allow-list in docs/security.md")
        self.found.setdefault(f"tag {tag}", (markers, f"removed <{tag}>: {why}"))

    def _attribute(self, tag: str, name: str, allowed: set[str]) -> None:
        if name.startswith("on"):
            why = "event handlers would run code"
        elif name == "style":
            why = "styles come from the theme"
        else:
            why = f"<{tag}> keeps only {', '.join(sorted(allowed))}"
        self.found.setdefault(f"attr {name}", ([rf"\b{re.escape(name)}\s*="],
                                               f"removed the '{name}' attribute of <{tag}>: {why}"))

    def _url(self, tag: str, attr: str, value: str) -> None:
        url = value.strip()
        if "\\" in _normalised(url):
            self.found.setdefault(f"backslash {url}", ([re.escape(url[:40])], (
                f"removed the address '{url[:60]}' from <{tag}>: a backslash makes browsers go to another "
                "site than the one it seems to name; write '/' instead")))
            return
        scheme = urlsplit(url).scheme.lower() if ":" in url else ""
        if scheme and scheme not in URL_SCHEMES:
            self.found.setdefault(f"scheme {scheme}", ([rf"\b{re.escape(scheme)}\s*:"], (
                f"removed a '{scheme}:' address from <{tag}>: only http, https, mailto and tel links are kept")))
        elif tag == "img" and _is_foreign(url):
            self.found.setdefault(f"img {url}", ([re.escape(url)], (
                f"removed the image address {url}: images must be files of this site (theme/static/), "
                "so that no other site is called")))
