"""FormSubmit, from https://formsubmit.co/, its one page of documentation (`_next` and
`_captcha=false` confirmed in github.com/anjan-in/form-submit-with-formsubmit; check the rest
there): `_next`, `_subject`, `_honey`, `_captcha` ("false": no CAPTCHA page), `_template`;
JSON with CORS at /ajax/. The address is on every page: prefer the alias to an e-mail."""

from __future__ import annotations

from citypages.base.diagnostics import Diagnostic
from citypages.forms.base import FormContext, FormService, Privacy
from citypages.forms.exports import TIME_COLUMNS, Format
from citypages.model.site import FormSettings

TEMPLATES = ("basic", "box", "table")


class FormSubmit(FormService):
    name = "formsubmit"
    title = "FormSubmit"
    docs = "https://formsubmit.co/"
    required = ("to",)
    optional = ("template",)
    address = "https://formsubmit.co/{to}"
    json_address = "https://formsubmit.co/ajax/{to}"
    honeypot = "_honey"
    privacy = Privacy("FormSubmit", "https://formsubmit.co/")
    export_format = Format("formsubmit", "FormSubmit", TIME_COLUMNS, honeypots=("_honey",), json_list="submissions",
                           marks=("_honey",))
    no_pull = ("FormSubmit's own pages could not be checked here for its API (public code that uses it "
               "names an API key e-mailed on request, five calls a day and the last 30 days only)")

    @classmethod
    def check(cls, settings: FormSettings) -> list[Diagnostic]:
        out = super().check(settings)
        to = str(settings.options.get("to") or "")
        if "@" in to:
            out += cls.shape(settings, "to", r"[^@\s/]+@[^@\s/]+\.[A-Za-z]{2,}", "write an e-mail address or an alias")
            if not out:
                out.append(cls.note(settings, "to", (
                    f"the address '{to}' would be published on every page; use the alias FormSubmit "
                    "sends you after the first submission (to: 1a2b3c...)")))
        else:
            out += cls.shape(settings, "to", r"[A-Za-z0-9]{6,64}",
                             "it is an e-mail address or the random alias FormSubmit gives you")
        out += cls.shape(settings, "template", "|".join(TEMPLATES), f"use one of {', '.join(TEMPLATES)}")
        return out

    def hidden(self, ctx: FormContext) -> tuple[tuple[str, str], ...]:
        return (("_subject", ctx.subject), ("_next", ctx.thanks_url), ("_captcha", "false"),
                ("_template", str(self.settings.options.get("template", "table"))))
