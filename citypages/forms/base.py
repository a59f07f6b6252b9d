"""What every form service adapter provides: settings checks, a FormSpec for a page, privacy facts; the form
(`_form.html`), the CSP (`FormSpec.origin`) and the privacy page are drawn from these, never per provider."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlsplit

from citypages.base.diagnostics import Diagnostic, error, warning
from citypages.base.urls import is_http_url
from citypages.forms.exports import Api, Format
from citypages.model.site import FormSettings

FIELDS = ("name", "first_name", "last_name", "email", "zip", "comment", "opt_in",  # what the visitor fills in
          "city", "city_name", "mayor", "campaign", "language", "page", "source")  # hidden: what the page fills in
NAME_FIELDS = ("full", "split")  # site.schema.json: form.name_fields


def field_map(**renamed: str) -> dict[str, str]:
    """Our standard field names with some renamed (or left out with "")."""
    return dict(zip(FIELDS, FIELDS, strict=True), **renamed)


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
    """Everything `_form.html` needs to draw a form, and the CSP needs to allow it."""

    action: str
    provider: str
    provider_name: str
    hidden: tuple[tuple[str, str], ...] = ()
    fields: Mapping[str, str] = field(default_factory=field_map)  # ours -> the provider's ("" leaves one out)
    honeypot: str | None = None
    mode: str = "plain"  # how form.js sends: "json" (JSON and CORS), "no-cors" (Google Forms: unread), "plain"
    json_action: str = ""
    after: str = "page"  # with JavaScript: "page" goes to the thank-you page, "inline" shows it in place
    privacy: Privacy | None = None
    name_fields: str = "full"  # site.yaml's form.name_fields: "full" asks for one name, "split" for two

    @property
    def fetch_action(self) -> str:
        return self.json_action or self.action

    @property
    def origin(self) -> str:
        """`https://host[:port]` for the CSP; an address that is not that plain is our bug, never allowed."""
        parts = urlsplit(self.action)
        origin = f"{parts.scheme}://{parts.netloc}"
        if not ORIGIN.fullmatch(origin):
            raise ValueError(f"form address {self.action!r} has no plain origin")
        return origin


@dataclass(frozen=True)
class Shape:
    """What a setting's value looks like at the provider (a regular expression), and how to find it."""

    key: str
    pattern: str
    example: str


@dataclass(frozen=True)
class FormService:
    """One subclass per provider, registered by `name` in citypages.forms; its class attributes say what the
    provider documents (at `docs`). Override `check` only for a rule that is more than a shape."""

    name: ClassVar[str]
    title: ClassVar[str]
    docs: ClassVar[str] = ""
    address: ClassVar[str] = ""  # where the form posts, its {keys} filled in from the settings
    json_address: ClassVar[str] = ""  # where form.js posts instead, if the service answers JSON only there
    honeypot: ClassVar[str | None] = None
    field_names: ClassVar[Mapping[str, str]] = field_map()  # ours -> the provider's
    required: ClassVar[tuple[str, ...]] = ()
    optional: ClassVar[tuple[str, ...]] = ()
    shapes: ClassVar[tuple[Shape, ...]] = ()
    privacy: ClassVar[Privacy]
    refused: ClassVar[str] = ""  # set: the provider cannot work from a static page; the text says why
    export_format: ClassVar[Format | None] = None
    pull_api: ClassVar[Api | None] = None
    no_pull: ClassVar[str] = ""  # why `responses pull` is not offered; docs/delivering.md says the same
    settings: FormSettings  # an adapter's one field: the site's or a city's form section

    @classmethod
    def check(cls, settings: FormSettings) -> list[Diagnostic]:
        """Missing or unknown settings; subclasses add checks of their own values."""
        if cls.refused:
            return [error(settings.path, *settings.at("provider"), f"form: provider '{cls.name}': {cls.refused}")]
        opts: Mapping[str, Any] = settings.options
        allowed = (*cls.required, *cls.optional, "endpoint", "name_fields")
        out = [error(settings.path, *settings.at("provider"),
                     f"form: provider '{cls.name}' needs '{key}' (see {cls.docs})")
               for key in cls.required if opts.get(key) in (None, "")]
        for key in opts:
            if key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                tail = f" (did you mean '{hint[0]}'?)" if hint else f"; allowed: {', '.join(allowed)}"
                out.append(error(settings.path, *settings.at(key),
                                 f"form: unknown setting '{key}' for provider '{cls.name}'{tail}"))
        problem = endpoint_problem(opts["endpoint"]) if opts.get("endpoint") is not None else None
        if problem:
            out.append(error(settings.path, *settings.at("endpoint"), f"form: 'endpoint' {problem}"))
        if opts.get("name_fields", NAME_FIELDS[0]) not in NAME_FIELDS:
            out.append(error(settings.path, *settings.at("name_fields"), (
                f"form: name_fields is '{opts['name_fields']}'; write full (one name field) or split "
                "(first and last name)")))
        for shape in cls.shapes:
            out += cls.shape(settings, shape.key, shape.pattern, shape.example)
        return out

    @classmethod
    def shape(cls, settings: FormSettings, key: str, pattern: str, example: str) -> list[Diagnostic]:
        """An error when a set value does not match the shape the provider gives it."""
        value = settings.options.get(key)
        if value is None or value == "" or re.fullmatch(pattern, str(value)):
            return []
        return [error(settings.path, *settings.at(key),
                      f"form: {cls.title} {key} '{value}' does not look like one; {example}")]

    @staticmethod
    def unknown_fields(settings: FormSettings, fields: Mapping[str, Any]) -> list[Diagnostic]:
        """An error for each key of a `fields` setting that is not one of our field names."""
        known = ", ".join(FIELDS)
        return [error(settings.path, *settings.at(f"fields.{key}"), f"form: unknown field '{key}'; fields are {known}")
                for key in fields if key not in FIELDS]

    @classmethod
    def note(cls, settings: FormSettings, key: str, message: str) -> Diagnostic:
        return warning(settings.path, *settings.at(key), f"form: {cls.title}: {message}")

    def facts(self) -> Privacy:
        """What this provider receives and does by default (for the privacy page)."""
        return self.privacy

    def action(self, address: str) -> str:
        """`address` with its {keys} filled in from the settings, and its scheme and host replaced by the
        `endpoint` setting if there is one (self-hosted, tests, preview)."""
        endpoint = self.settings.options.get("endpoint")
        if endpoint:
            address = str(endpoint).rstrip("/") + urlsplit(address).path
        return address.format_map(self.settings.options)

    def form_spec(self, action: str, provider_name: str = "", **details: Any) -> FormSpec:
        """A FormSpec that names this provider (by its title unless given a name) and its privacy facts."""
        return FormSpec(action=action, provider=self.name, provider_name=provider_name or self.title,
                        privacy=self.facts(), **details)

    def hidden(self, ctx: FormContext) -> tuple[tuple[str, str], ...]:
        """The provider's own hidden fields for the page."""
        return ()

    def spec(self, ctx: FormContext) -> FormSpec:
        """A post to `address` that the provider answers with JSON and CORS."""
        return self.form_spec(self.action(self.address), hidden=self.hidden(ctx), fields=self.field_names,
                              honeypot=self.honeypot, mode="json",
                              json_action=self.action(self.json_address) if self.json_address else "")

    def page_spec(self, ctx: FormContext) -> FormSpec:
        """The provider's FormSpec with the site's choice of name fields (the same for every provider)."""
        name_fields = str(self.settings.options.get("name_fields", NAME_FIELDS[0]))
        return dataclasses.replace(self.spec(ctx), name_fields=name_fields)


def id_shape(address: str, pattern: str, example: str) -> tuple[Shape, ...]:
    """The shape of a /f/{id} form id, with the address it comes from as the example."""
    return (Shape("id", pattern, f"it is the part after /f/ in the form's address ({address.format(id=example)})"),)


LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?|\[::1\]")
ORIGIN = re.compile(r"https?://(?:" + HOST.pattern + r")(?::[0-9]{1,5})?")
_PATH = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@%/-]*")


def endpoint_problem(value: object) -> str | None:
    """Why a form address could not be posted to safely, or None: it goes into the page's CSP, so its host
    must be a plain name (nothing that could add a directive), and it must be https (http only on this computer)."""
    text = value if isinstance(value, str) else ""
    parts = urlsplit(text)
    netloc = parts.netloc.lower()
    if parts.scheme not in ("http", "https") or not netloc or parts.username or parts.password:
        return f"must be an https address, e.g. https://forms.example.org/f/abc (not {str(value)[:80]!r})"
    if not ORIGIN.fullmatch(f"{parts.scheme}://{netloc}") or not _PATH.fullmatch(parts.path):
        return f"'{text[:80]}' is not a plain address: use a host name and a path of letters, digits and '/-_.'"
    if parts.query or parts.fragment:
        return f"'{text[:80]}' must not carry '?' or '#'; put settings in their own keys"
    if not is_http_url(text):  # what is left for the shared rule: a '%' that starts no escape
        return f"'{text[:80]}' is not a plain address: write a percent sign as %25"
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
        return f"'{text[:80]}' must use https (http only for localhost or 127.0.0.1)"
    return None
