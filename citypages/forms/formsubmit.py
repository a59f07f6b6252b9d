"""FormSubmit: https://formsubmit.co/{email or alias}, JSON at https://formsubmit.co/ajax/{alias}.

Conventions from https://formsubmit.co/ (its documentation is that one page; `_next` and
`_captcha=false` were confirmed in a usage guide, github.com/anjan-in/form-submit-with-formsubmit,
the rest is as the issue lists it and should be checked on that page): `_next` (return
address), `_subject`, `_honey` (honeypot), `_captcha` = "false" (no CAPTCHA page in between),
`_template`; the /ajax/ address answers JSON with CORS. The address is published on every page,
so an alias (shown after the first submission is confirmed) should replace a plain e-mail.
"""

from __future__ import annotations

from citypages.base.diagnostics import Diagnostic
from citypages.forms.base import FormContext, FormService, FormSpec, Privacy, field_map
from citypages.forms.exports import TIME_COLUMNS, Format
from citypages.model.site import FormSettings

TEMPLATES = ("basic", "box", "table")


class FormSubmit(FormService):
    name = "formsubmit"
    title = "FormSubmit"
    docs = "https://formsubmit.co/"
    required = ("to",)
    optional = ("template",)
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
        template = settings.options.get("template")
        if template is not None and template not in TEMPLATES:
            out += cls.shape(settings, "template", "|".join(TEMPLATES), f"use one of {', '.join(TEMPLATES)}")
        return out

    def spec(self, ctx: FormContext) -> FormSpec:
        base = self.base_url("https://formsubmit.co")
        to = self.settings.options["to"]
        return FormSpec(
            action=f"{base}/{to}",
            json_action=f"{base}/ajax/{to}",
            provider=self.name,
            provider_name=self.title,
            hidden=(("_subject", ctx.subject), ("_next", ctx.thanks_url), ("_captcha", "false"),
                    ("_template", str(self.settings.options.get("template", "table")))),
            fields=field_map(),
            honeypot="_honey",
            mode="json",
            privacy=self.facts(),
        )
