"""What every form service adapter provides: settings checks and a FormSpec for a page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlsplit

from citypages.diagnostics import Diagnostic, error
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
class FormSpec:
    """Everything `_form.html` needs to draw a form, and the CSP needs to allow it.

    `fields` maps our field names (name, email, zip, comment, opt_in, and the hidden
    city/mayor/... ones) to the names the provider expects.
    """

    action: str
    provider: str
    provider_name: str
    hidden: tuple[tuple[str, str], ...] = ()
    fields: Mapping[str, str] = field(default_factory=dict)
    honeypot: str | None = None
    accepts_json: bool = False
    redirects: bool = True

    @property
    def origin(self) -> str:
        parts = urlsplit(self.action)
        return f"{parts.scheme}://{parts.netloc}"


STANDARD_FIELDS = {
    "name": "name", "email": "email", "zip": "zip", "comment": "comment", "opt_in": "opt_in",
    "city": "city", "city_name": "city_name", "mayor": "mayor", "campaign": "campaign",
    "language": "language", "page": "page", "source": "source",
}


class FormService:
    """Base class: one subclass per provider, registered by `name` in citypages.forms."""

    name: ClassVar[str]
    title: ClassVar[str]
    docs: ClassVar[str] = ""
    required: ClassVar[tuple[str, ...]] = ()
    optional: ClassVar[tuple[str, ...]] = ("endpoint",)

    def __init__(self, settings: FormSettings):
        self.settings = settings

    @classmethod
    def check(cls, settings: FormSettings) -> list[Diagnostic]:
        """Missing or unknown settings; subclasses add checks of their own values."""
        out = []
        opts: Mapping[str, Any] = settings.options
        for key in cls.required:
            if key not in opts or opts[key] in (None, ""):
                out.append(error(settings.path, settings.line, 1,
                                 f"form: provider '{cls.name}' needs '{key}' (see {cls.docs})"))
        for key in opts:
            if key not in cls.required + cls.optional:
                allowed = ", ".join(cls.required + cls.optional)
                out.append(error(settings.path, settings.line, 1,
                                 f"form: unknown setting '{key}' for provider '{cls.name}'; allowed: {allowed}"))
        endpoint = opts.get("endpoint")
        if endpoint is not None and not (isinstance(endpoint, str) and endpoint.startswith(("https://", "http://"))):
            out.append(error(settings.path, settings.line, 1, "form: 'endpoint' must be an http(s) address"))
        return out

    def base_url(self, default: str) -> str:
        """The provider's address, or the `endpoint` that replaces it (self-hosted, tests, preview)."""
        endpoint = self.settings.options.get("endpoint")
        return str(endpoint).rstrip("/") if endpoint else default

    def spec(self, ctx: FormContext) -> FormSpec:
        raise NotImplementedError
