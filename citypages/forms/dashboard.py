"""Services addressed as https://host/f/{id} whose return page and spam filter live in their dashboard.

Basin and Getform work the same way from the page's side: a JSON-capable endpoint per
form, the `_gotcha` honeypot, and no redirect field (the redirect is a dashboard setting).
"""

from __future__ import annotations

from typing import ClassVar

from citypages.diagnostics import Diagnostic
from citypages.forms.base import FormContext, FormService, FormSpec, field_map
from citypages.model import FormSettings


class DashboardService(FormService):
    """Base for /f/{id} services; subclasses name their host and the shape of an id."""

    host: ClassVar[str]
    id_pattern: ClassVar[str]
    id_example: ClassVar[str]
    required = ("id",)

    @classmethod
    def check(cls, settings: FormSettings) -> list[Diagnostic]:
        out = super().check(settings)
        out += cls.shape(settings, "id", cls.id_pattern,
                         f"it is the part after /f/ in the form's address ({cls.host}/f/{cls.id_example})")
        return out

    def spec(self, ctx: FormContext) -> FormSpec:
        return FormSpec(
            action=f"{self.base_url(self.host)}/f/{self.settings.options['id']}",
            provider=self.name,
            provider_name=self.title,
            fields=field_map(),
            honeypot="_gotcha",
            mode="json",
            redirects=False,
            privacy=self.facts(),
        )
