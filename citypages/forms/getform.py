"""Getform: https://getform.io/f/{id}.

Getform's form endpoints take a plain post or a cross-origin JSON request, drop a post whose
`_gotcha` honeypot is filled, and keep the return page in the dashboard. Its documentation
lives at https://app.getform.io/docs/ (the API pages); the `_gotcha` honeypot is described in
Getform's setup guide as quoted by "Build a Website with ChatGPT" (Manning, section 8.3.1):
check it against the dashboard's spam settings. Set the form's redirect to the city's
thank-you page there.
"""

from __future__ import annotations

from citypages.diagnostics import Diagnostic
from citypages.forms.base import FormContext, FormService, FormSpec, Privacy, field_map
from citypages.model import FormSettings


class Getform(FormService):
    name = "getform"
    title = "Getform"
    docs = "https://app.getform.io/docs/getform-api/authentication"
    required = ("id",)
    privacy = Privacy("Getform", "https://getform.io/")

    @classmethod
    def check(cls, settings: FormSettings) -> list[Diagnostic]:
        out = super().check(settings)
        out += cls.shape(settings, "id", r"[A-Za-z0-9_-]{4,64}",
                         "it is the part after /f/ in the form's address (https://getform.io/f/abcdwxyz)")
        return out

    def spec(self, ctx: FormContext) -> FormSpec:
        base = self.base_url("https://getform.io")
        return FormSpec(
            action=f"{base}/f/{self.settings.options['id']}",
            provider=self.name,
            provider_name=self.title,
            fields=field_map(),
            honeypot="_gotcha",
            mode="json",
            redirects=False,
            privacy=self.facts(),
        )
