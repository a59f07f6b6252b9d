"""What every form service adapter provides: settings checks, a FormSpec for a page, privacy facts.

An adapter is data about one provider's documented conventions; the theme's `_form.html`
draws the form from the FormSpec, base.html's CSP allows `FormSpec.origin`, and the
privacy page is written from `Privacy`, so none of them is written by hand per provider.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlsplit

from citypages.diagnostics import Diagnostic, error, warning
from citypages.model import FormSettings


@dataclass(frozen=True)
class FormContext:
    """What an adapter may need to know about the page the form is on."""

    city_slug: str
    city_name: str
    mayor: str
    campaign: str
    language: str
    page_url: str
    thanks_url: str
    subject: str


@dataclass(frozen=True)
class Privacy:
    """What the provider receives and does by default, for the privacy page and the editor docs."""

    service: str
    policy_url: str
    receives_ip: bool = True
    captcha: str | None = None  # who a default CAPTCHA sends visitors to, e.g. "Google (reCAPTCHA)"
    least_private: bool = False
    note: str = ""


@dataclass(frozen=True)
class FormSpec:
    """Everything `_form.html` needs to draw a form, and the CSP needs to allow it.

    `fields` maps our field names (name, email, zip, comment, opt_in, and the hidden
    city/mayor/... ones) to the names the provider expects; "" leaves a field out.
    `mode` is how form.js sends it: "json" (fetch, the provider answers JSON and CORS),
    "no-cors" (fetch without reading the answer: Google Forms) or "plain" (a normal post).
    """

    action: str
    provider: str
    provider_name: str
    hidden: tuple[tuple[str, str], ...] = ()
    fields: Mapping[str, str] = field(default_factory=dict)
    honeypot: str | None = None
    mode: str = "plain"
    json_action: str = ""
    redirects: bool = True
    after: str = "page"  # with JavaScript: "page" goes to the thank-you page, "inline" shows it in place
    privacy: Privacy | None = None

    @property
    def fetch_action(self) -> str:
        return self.json_action or self.action

    @property
    def origin(self) -> str:
        parts = urlsplit(self.action)
        return f"{parts.scheme}://{parts.netloc}"


STANDARD_FIELDS: dict[str, str] = {
    "name": "name", "email": "email", "zip": "zip", "comment": "comment", "opt_in": "opt_in",
    "city": "city", "city_name": "city_name", "mayor": "mayor", "campaign": "campaign",
    "language": "language", "page": "page", "source": "source",
}
VISIBLE_FIELDS = ("name", "email", "zip", "comment", "opt_in")
HIDDEN_FIELDS = ("city", "city_name", "mayor", "campaign", "language", "page", "source")


class FormService:
    """Base class: one subclass per provider, registered by `name` in citypages.forms.

    Class attributes say what the provider documents; `check` and `spec` use them, so a
    simple provider is a dozen lines. `docs` is the page the conventions were checked against.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    docs: ClassVar[str] = ""
    required: ClassVar[tuple[str, ...]] = ()
    optional: ClassVar[tuple[str, ...]] = ()
    privacy: ClassVar[Privacy]
    refused: ClassVar[str] = ""  # set: the provider cannot work from a static page; the text says why

    def __init__(self, settings: FormSettings):
        self.settings = settings

    @classmethod
    def allowed(cls) -> tuple[str, ...]:
        return (*cls.required, *cls.optional, "endpoint")

    @classmethod
    def check(cls, settings: FormSettings) -> list[Diagnostic]:
        """Missing or unknown settings; subclasses add checks of their own values."""
        if cls.refused:
            return [error(settings.path, *settings.at("provider"), f"form: provider '{cls.name}': {cls.refused}")]
        out = []
        opts: Mapping[str, Any] = settings.options
        for key in cls.required:
            if key not in opts or opts[key] in (None, ""):
                out.append(error(settings.path, *settings.at("provider"),
                                 f"form: provider '{cls.name}' needs '{key}' (see {cls.docs})"))
        for key in opts:
            if key not in cls.allowed():
                hint = difflib.get_close_matches(key, cls.allowed(), n=1, cutoff=0.6)
                tail = f" (did you mean '{hint[0]}'?)" if hint else f"; allowed: {', '.join(cls.allowed())}"
                out.append(error(settings.path, *settings.at(key),
                                 f"form: unknown setting '{key}' for provider '{cls.name}'{tail}"))
        endpoint = opts.get("endpoint")
        if endpoint is not None and not is_http_url(endpoint):
            out.append(error(settings.path, *settings.at("endpoint"),
                             "form: 'endpoint' must be an http(s) address, e.g. http://127.0.0.1:8001"))
        return out

    @classmethod
    def shape(cls, settings: FormSettings, key: str, pattern: str, example: str) -> list[Diagnostic]:
        """An error when a set value does not match the shape the provider gives it."""
        value = settings.options.get(key)
        if value is None or value == "" or re.fullmatch(pattern, str(value)):
            return []
        return [error(settings.path, *settings.at(key),
                      f"form: {cls.title} {key} '{value}' does not look like one; {example}")]

    @classmethod
    def note(cls, settings: FormSettings, key: str, message: str) -> Diagnostic:
        return warning(settings.path, *settings.at(key), f"form: {cls.title}: {message}")

    def facts(self) -> Privacy:
        """What this provider receives and does by default (for the privacy page)."""
        return self.privacy

    def base_url(self, default: str) -> str:
        """The provider's address, or the `endpoint` that replaces it (self-hosted, tests, preview)."""
        endpoint = self.settings.options.get("endpoint")
        return str(endpoint).rstrip("/") if endpoint else default

    def spec(self, ctx: FormContext) -> FormSpec:
        raise NotImplementedError


def is_http_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def field_map(**renamed: str) -> dict[str, str]:
    """Our standard field names with some renamed (or left out with "")."""
    return {**STANDARD_FIELDS, **renamed}
