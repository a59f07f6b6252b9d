"""Static Forms, checked against https://www.staticforms.xyz/docs/api-reference:
`apiKey` required, `redirectTo`, `replyTo` (or `email`), a honeypot that is any
field whose name contains "honeypot"; answers JSON ({"success": true, ...})."""

from __future__ import annotations

from citypages.forms.base import FormContext, FormService, Privacy, Shape
from citypages.forms.exports import TIME_COLUMNS, Format


class StaticForms(FormService):
    name = "staticforms"
    title = "Static Forms"
    docs = "https://www.staticforms.xyz/docs/api-reference"
    required = ("api_key",)
    address = "https://api.staticforms.xyz/submit"
    honeypot = "honeypot"
    shapes = (Shape("api_key", r"[A-Za-z0-9_-]{8,100}", "copy the API key from the Static Forms dashboard"),)
    privacy = Privacy("Static Forms", "https://www.staticforms.xyz/")
    export_format = Format("staticforms", "Static Forms", TIME_COLUMNS, honeypots=("honeypot",),
                           json_list="submissions")
    no_pull = "Static Forms documents no API for reading submissions"

    def hidden(self, ctx: FormContext) -> tuple[tuple[str, str], ...]:
        return (("apiKey", str(self.settings.options["api_key"])), ("subject", ctx.subject),
                ("redirectTo", ctx.thanks_url))
