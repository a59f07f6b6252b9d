"""Formspree: https://formspree.io/f/{id}.

Documented at https://help.formspree.io/hc/en-us/articles/360013470814 (form setup and the
special `_` fields) and https://formspree.io/guides/ajax/ (JSON with Accept: application/json):
`_gotcha` is the honeypot, `_subject` the e-mail subject, `_replyto` the reply address,
`_next` the page to return to after a plain post.
"""

from __future__ import annotations

import re

from citypages.diagnostics import Diagnostic, error
from citypages.forms.base import STANDARD_FIELDS, FormContext, FormService, FormSpec
from citypages.model import FormSettings

_ID = re.compile(r"^[A-Za-z0-9]{6,12}$")


class Formspree(FormService):
    name = "formspree"
    title = "Formspree"
    docs = "https://help.formspree.io/hc/en-us/articles/360013470814"
    required = ("id",)

    @classmethod
    def check(cls, settings: FormSettings) -> list[Diagnostic]:
        out = super().check(settings)
        form_id = settings.options.get("id")
        if form_id is not None and not _ID.match(str(form_id)):
            out.append(error(settings.path, settings.line, 1, (
                f"form: Formspree id '{form_id}' does not look like one; it is the 8 letters and digits "
                "after /f/ in the form's address (https://formspree.io/f/xyzzyabc -> id: xyzzyabc)")))
        return out

    def spec(self, ctx: FormContext) -> FormSpec:
        base = self.base_url("https://formspree.io")
        return FormSpec(
            action=f"{base}/f/{self.settings.options['id']}",
            provider=self.name,
            provider_name=self.title,
            hidden=(("_subject", ctx.subject), ("_next", ctx.thanks_url)),
            fields=dict(STANDARD_FIELDS),
            honeypot="_gotcha",
            accepts_json=True,
        )
