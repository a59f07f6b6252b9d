"""Formspree: https://formspree.io/f/{id}.

Checked against https://help.formspree.io/hc/en-us/articles/360013580813-Honeypot-spam-filtering
(`_gotcha` honeypot: a filled one is silently ignored; "All forms come with reCAPTCHA") and the
project's README at https://github.com/formspree/formspree (`_replyto`, `_next`, `_subject`; JSON
and cross-origin answers when the request says Accept: application/json). `_next` on a plain
post may need a paid plan, so with JavaScript the JSON path is the main one.
"""

from __future__ import annotations

from citypages.diagnostics import Diagnostic
from citypages.forms.base import FormContext, FormService, FormSpec, Privacy, Shape, field_map
from citypages.model import FormSettings


class Formspree(FormService):
    name = "formspree"
    title = "Formspree"
    docs = "https://help.formspree.io/hc/en-us/articles/360013580813-Honeypot-spam-filtering"
    required = ("id",)
    optional = ("recaptcha_disabled",)
    shapes = (Shape("id", r"[A-Za-z0-9]{6,12}", "it is the 8 letters and digits after /f/ in the form's address "
                                                "(https://formspree.io/f/xyzzyabc -> id: xyzzyabc)"),)
    privacy = Privacy("Formspree", "https://formspree.io/",
                      captcha="Google (reCAPTCHA, on by default in Formspree's form settings)")

    @classmethod
    def check(cls, settings: FormSettings) -> list[Diagnostic]:
        out = super().check(settings)
        if not out and settings.options.get("recaptcha_disabled") is not True:
            out.append(cls.note(settings, "provider", (
                "reCAPTCHA is on by default for every Formspree form and sends visitors to Google; "
                "turn it off in the form's Settings (the _gotcha honeypot stays), then add "
                "'recaptcha_disabled: true' here to confirm")))
        return out

    def spec(self, ctx: FormContext) -> FormSpec:
        base = self.base_url("https://formspree.io")
        return FormSpec(
            action=f"{base}/f/{self.settings.options['id']}",
            provider=self.name,
            provider_name=self.title,
            hidden=(("_subject", ctx.subject), ("_next", ctx.thanks_url)),
            fields=field_map(email="_replyto"),
            honeypot="_gotcha",
            mode="json",
            privacy=self.facts(),
        )
