"""Any form service not listed: an action address, and optionally its field names.

For a service that takes a plain post (and maybe JSON): `action` is its address; `fields`
renames our fields (name, email, zip, comment, opt_in, city, city_name, mayor, campaign,
language, page, source); `honeypot` and `redirect_field` name its honeypot and return-address
fields; `json: true` when it answers JSON with CORS to Accept: application/json.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from citypages.base.diagnostics import Diagnostic, error
from citypages.forms.base import (
    HIDDEN_FIELDS,
    VISIBLE_FIELDS,
    FormContext,
    FormService,
    FormSpec,
    Privacy,
    Shape,
    endpoint_problem,
    field_map,
)
from citypages.forms.exports import TIME_COLUMNS, Format
from citypages.model.site import FormSettings

NAME = r"[A-Za-z_][A-Za-z0-9_.\-\[\]]{0,99}"


class Generic(FormService):
    name = "generic"
    title = "the form service"
    docs = "docs/forms.md"
    required = ("action",)
    optional = ("fields", "honeypot", "redirect_field", "json", "name", "privacy_url")
    shapes = tuple(Shape(key, NAME, "it is a form field name, like _gotcha") for key in ("honeypot", "redirect_field"))
    privacy = Privacy("the form service", "")
    export_format = Format("generic", "CSV with the form's own field names", TIME_COLUMNS,
                           honeypots=("_gotcha", "_honey", "botcheck", "honeypot"))
    no_pull = "a service given by address has no API we know"

    @classmethod
    def check(cls, settings: FormSettings) -> list[Diagnostic]:
        out = super().check(settings)
        opts = settings.options
        problem = endpoint_problem(opts["action"]) if "action" in opts else None
        if problem:
            out.append(error(settings.path, *settings.at("action"), f"form: 'action' {problem}"))
        fields = opts.get("fields", {})
        if not isinstance(fields, Mapping):
            out.append(error(settings.path, *settings.at("fields"),
                             "form: 'fields' maps our field names to the service's"))
            fields = {}
        for key in fields:
            if key not in VISIBLE_FIELDS + HIDDEN_FIELDS:
                out.append(error(settings.path, *settings.at(f"fields.{key}"), (
                    f"form: unknown field '{key}'; fields are {', '.join(VISIBLE_FIELDS + HIDDEN_FIELDS)}")))
        for key, value in fields.items():
            out += cls.shape(settings, f"fields.{key}", NAME, "it is a form field name") if value else []
        if "json" in opts and not isinstance(opts["json"], bool):
            out.append(error(settings.path, *settings.at("json"), "form: 'json' is true or false"))
        return out

    @classmethod
    def shape(cls, settings: FormSettings, key: str, pattern: str, example: str) -> list[Diagnostic]:
        if key.startswith("fields."):
            value = (settings.options.get("fields") or {}).get(key[7:])
            probe = FormSettings(settings.provider, {key: value}, settings.path, settings.line, settings.positions)
            return super().shape(probe, key, pattern, example)
        return super().shape(settings, key, pattern, example)

    def base_url(self, default: str) -> str:
        """`endpoint` replaces the scheme and host of `action`, keeping its path."""
        endpoint = self.settings.options.get("endpoint")
        if not endpoint:
            return default
        return str(endpoint).rstrip("/") + urlsplit(default).path

    def facts(self) -> Privacy:
        opts = self.settings.options
        return Privacy(str(opts.get("name") or self.title), str(opts.get("privacy_url") or ""))

    def spec(self, ctx: FormContext) -> FormSpec:
        opts = self.settings.options
        hidden = []
        if opts.get("redirect_field"):
            hidden.append((str(opts["redirect_field"]), ctx.thanks_url))
        title = str(opts.get("name") or self.title)
        return FormSpec(
            action=self.base_url(str(opts["action"])),
            provider=self.name,
            provider_name=title,
            hidden=tuple(hidden),
            fields=field_map(**{k: str(v or "") for k, v in dict(opts.get("fields") or {}).items()}),
            honeypot=str(opts["honeypot"]) if opts.get("honeypot") else None,
            mode="json" if opts.get("json") is True else "plain",
            redirects=bool(opts.get("redirect_field")),
            privacy=self.facts(),
        )
