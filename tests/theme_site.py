"""The tiny test site in English and Spanish, built for the theme's tests."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from citypages.pipeline import build_site

SITE_YAML = """\
title: Tiny Test Site
description: A tiny site the tests build.
organization: Test Org
base_url: https://example.org/repo/
languages: [en, es]
default_campaign: thanks
privacy_contact: privacy@example.org
form:
  provider: formspree
  id: abcdefgh
"""

PAGE_KINDS = ("springfield-il/", "springfield-il/thanks/", "", "404.html", "privacy/")


def site_yaml(endpoint: str | None = None, languages: str = "[en, es]") -> str:
    text = SITE_YAML.replace("[en, es]", languages)
    return text + (f"  endpoint: {endpoint}\n" if endpoint else "")


def build_bilingual(make_site: Callable[..., Path], base_url: str | None = None, endpoint: str | None = None,
                    files: dict[str, str] | None = None) -> tuple[Path, list[str]]:
    """Build the tiny site in en and es; returns (output folder, warning lines). Fails on any error."""
    site = make_site({"site.yaml": site_yaml(endpoint), **(files or {})})
    result = build_site(site, base_url=base_url)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    return site / "output", [d.as_text() for d in result.diagnostics]


def artifacts(tmp_path: Path) -> Path:
    """Where screenshots go: $TEST_ARTIFACTS if set (CI keeps it), else the test's tmp_path."""
    folder = Path(os.environ.get("TEST_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
