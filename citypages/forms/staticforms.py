"""Static Forms: https://api.staticforms.xyz/submit.

Checked against https://www.staticforms.xyz/docs/api-reference: `apiKey` required (400 "API key
is required" without it), optional `redirectTo`, `replyTo` (or the `email` field), a honeypot
that is any field whose name contains "honeypot"; answers JSON ({"success": true, ...}).
"""

from __future__ import annotations

from citypages.forms.base import FormContext, FormService, FormSpec, Privacy, Shape, field_map
from citypages.forms.exports import TIME_COLUMNS, Format


class StaticForms(FormService):
    name = "staticforms"
    title = "Static Forms"
    docs = "https://www.staticforms.xyz/docs/api-reference"
    required = ("api_key",)
    shapes = (Shape("api_key", r"[A-Za-z0-9_-]{8,100}", "copy the API key from the Static Forms dashboard"),)
    privacy = Privacy("Static Forms", "https://www.staticforms.xyz/")
    export_format = Format("staticforms", "Static Forms", TIME_COLUMNS, honeypots=("honeypot",),
                           json_list="submissions")
    no_pull = "Static Forms documents no API for reading submissions"

    def spec(self, ctx: FormContext) -> FormSpec:
        base = self.base_url("https://api.staticforms.xyz")
        return FormSpec(
            action=f"{base}/submit",
            provider=self.name,
            provider_name=self.title,
            hidden=(("apiKey", str(self.settings.options["api_key"])), ("subject", ctx.subject),
                    ("redirectTo", ctx.thanks_url)),
            fields=field_map(),
            honeypot="honeypot",
            mode="json",
            privacy=self.facts(),
        )
