"""Google Forms, the least private choice. A Google Form takes `entry.N` fields (N from "Get
pre-filled link", https://support.google.com/docs/) at its formResponse address; posting
there from another site is a de facto convention Google may break without notice. No CORS,
no honeypot, no return address: form.js posts "no-cors" and shows the thank-you in place."""

from __future__ import annotations

import re
from collections.abc import Mapping

from citypages.base.diagnostics import Diagnostic, error
from citypages.forms.base import FIELDS, FormContext, FormService, FormSpec, Privacy, Shape
from citypages.forms.exports import TIME_COLUMNS, Format
from citypages.model.site import FormSettings

ENTRY = re.compile(r"entry\.[0-9]+")
NEEDED = ("name", "email")


class GoogleForms(FormService):
    name = "google_forms"
    title = "Google Forms"
    docs = "https://support.google.com/docs/"
    required = ("id", "fields")
    address = "https://docs.google.com/forms/d/e/{id}/formResponse"
    shapes = (Shape("id", r"[A-Za-z0-9_-]{20,}",
                    "it is the long code between /d/e/ and /viewform in the form's address"),)
    privacy = Privacy("Google", "https://policies.google.com/privacy", least_private=True,
                      note="Google may link the post to a Google account signed in on the same browser.")
    export_format = Format("google_forms", "Google Forms", ("timestamp", "marca temporal", *TIME_COLUMNS), honeypots=(),
                           first_columns=("timestamp", "marca temporal"))
    no_pull = ("Google Forms' API (forms.responses.list) needs an OAuth sign-in to a Google account, "
               "not a key in the environment; link the form to a sheet instead")

    @classmethod
    def check(cls, settings: FormSettings) -> list[Diagnostic]:
        out = super().check(settings)
        fields = settings.options.get("fields")
        if not isinstance(fields, Mapping):  # missing: the check above said it is needed
            if "fields" in settings.options:
                out.append(error(settings.path, *settings.at("fields"),
                                 "form: Google Forms 'fields' maps our fields to entry numbers, e.g. name: entry.1234"))
            return out
        needed = ("first_name", "last_name", "email") if settings.options.get("name_fields") == "split" else NEEDED
        out += [error(settings.path, *settings.at("fields"),
                      f"form: Google Forms 'fields' needs '{key}: entry.N' (the entry number of that question)")
                for key in needed if key not in fields]
        out += cls.unknown_fields(settings, fields)
        out += [error(settings.path, *settings.at(f"fields.{key}"),
                      f"form: Google Forms field '{key}: {value}' should be like entry.1234567")
                for key, value in fields.items() if key in FIELDS and not ENTRY.fullmatch(str(value))]
        if not out:
            out.append(cls.note(settings, "provider", (
                "the least private choice: Google receives every visitor's address and may link it to "
                "their Google account, and there is no spam honeypot; prefer another service")))
        return out

    def spec(self, ctx: FormContext) -> FormSpec:
        mapped = dict(self.settings.options["fields"])
        return self.form_spec(self.action(self.address), fields={key: str(mapped.get(key, "")) for key in FIELDS},
                              mode="no-cors", after="inline")
