"""Any form service not listed: an `action` address, and optionally its field names. `fields` renames ours, `honeypot`
and `redirect_field` name its own, and `json: true` says it answers JSON with CORS to Accept: application/json."""

from __future__ import annotations

import re
from collections.abc import Mapping

from citypages.base.diagnostics import Diagnostic, error
from citypages.forms.base import FormContext, FormService, FormSpec, Privacy, Shape, endpoint_problem, field_map
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
        out += cls.unknown_fields(settings, fields)
        out += [error(settings.path, *settings.at(f"fields.{key}"),
                      f"form: {cls.title} fields.{key} '{value}' does not look like one; it is a form field name")
                for key, value in fields.items() if value and not re.fullmatch(NAME, str(value))]
        if "json" in opts and not isinstance(opts["json"], bool):
            out.append(error(settings.path, *settings.at("json"), "form: 'json' is true or false"))
        return out

    def facts(self) -> Privacy:
        opts = self.settings.options
        return Privacy(str(opts.get("name") or self.title), str(opts.get("privacy_url") or ""))

    def spec(self, ctx: FormContext) -> FormSpec:
        opts = self.settings.options
        return self.form_spec(
            self.action(str(opts["action"])),  # checked: a plain address has no {keys} to fill in
            provider_name=str(opts.get("name") or self.title),
            hidden=((str(opts["redirect_field"]), ctx.thanks_url),) if opts.get("redirect_field") else (),
            fields=field_map(**{k: str(v or "") for k, v in dict(opts.get("fields") or {}).items()}),
            honeypot=str(opts["honeypot"]) if opts.get("honeypot") else None,
            mode="json" if opts.get("json") is True else "plain",
        )
