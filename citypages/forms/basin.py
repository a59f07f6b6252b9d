"""Basin: https://usebasin.com/f/{id}.

Checked against https://docs.usebasin.com/guides/form-features/ajax ("Basin form endpoints
accept standard AJAX requests and work cross-origin by default"; JSON with Accept:
application/json). The return page and spam filtering are set in Basin's dashboard, not in
the form: set the form's redirect to the city's thank-you page there. The honeypot name
`_gotcha` is the one Formspree and Getform document; Basin's own spam page could not be
checked here, so verify it in Basin's spam settings (an unknown honeypot field only arrives empty).
"""

from __future__ import annotations

from citypages.diagnostics import Diagnostic
from citypages.forms.base import FormContext, FormService, FormSpec, Privacy, field_map
from citypages.model import FormSettings


class Basin(FormService):
    name = "basin"
    title = "Basin"
    docs = "https://docs.usebasin.com/guides/form-features/ajax"
    required = ("id",)
    privacy = Privacy("Basin", "https://usebasin.com/")

    @classmethod
    def check(cls, settings: FormSettings) -> list[Diagnostic]:
        out = super().check(settings)
        out += cls.shape(settings, "id", r"[A-Za-z0-9]{6,32}",
                         "it is the part after /f/ in the form's address (https://usebasin.com/f/abc123def456)")
        return out

    def spec(self, ctx: FormContext) -> FormSpec:
        base = self.base_url("https://usebasin.com")
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
