"""Form service adapters, chosen by `form: {provider: ...}` in site.yaml or a city.

Adding a provider is one module with one FormService subclass and one line below.
"""

from __future__ import annotations

import difflib

from citypages.diagnostics import Diagnostic, error
from citypages.forms.base import FormContext, FormService, FormSpec
from citypages.forms.formspree import Formspree
from citypages.model import FormSettings

PROVIDERS: dict[str, type[FormService]] = {
    Formspree.name: Formspree,
}

__all__ = ["PROVIDERS", "FormContext", "FormService", "FormSpec", "adapter", "check"]


def check(settings: FormSettings) -> list[Diagnostic]:
    """Problems with a form section: an unknown provider (with did-you-mean) or its own checks."""
    cls = PROVIDERS.get(settings.provider)
    if cls is None:
        hint = difflib.get_close_matches(settings.provider, list(PROVIDERS), n=1, cutoff=0.6)
        known = ", ".join(sorted(PROVIDERS))
        message = f"form: unknown provider '{settings.provider}'"
        message += f" (did you mean '{hint[0]}'?)" if hint else f"; known providers: {known}"
        return [error(settings.path, settings.line, 1, message)]
    return cls.check(settings)


def adapter(settings: FormSettings) -> FormService:
    """The adapter for checked settings."""
    return PROVIDERS[settings.provider](settings)
