"""Services addressed as https://host/f/{id} whose return page and spam filter live in their dashboard.

Basin and Getform look the same from the page: a JSON endpoint per form, `_gotcha`, no redirect field.
"""

from __future__ import annotations

from typing import ClassVar

from citypages.forms.base import FormContext, FormService, FormSpec, Shape


def id_shape(host: str, pattern: str, example: str) -> tuple[Shape, ...]:
    """The shape of a /f/{id} form id, with the address it comes from as the example."""
    return (Shape("id", pattern, f"it is the part after /f/ in the form's address ({host}/f/{example})"),)


class DashboardService(FormService):
    """Base for /f/{id} services; subclasses name their host and the shape of an id (`id_shape`)."""

    host: ClassVar[str]
    required = ("id",)

    def spec(self, ctx: FormContext) -> FormSpec:
        action = f"{self.base_url(self.host)}/f/{self.settings.options['id']}"
        return self.form_spec(action, honeypot="_gotcha", mode="json")
