"""Form service adapters, chosen by `form: {provider: ...}` in site.yaml or a city."""
# A provider is one module with one FormService subclass and one line in PROVIDERS below.

from __future__ import annotations

import dataclasses
import difflib
from types import MappingProxyType
from urllib.parse import urlsplit

from citypages.base.diagnostics import Diagnostic, error
from citypages.forms.base import FormContext, FormService, FormSpec, Privacy
from citypages.forms.basin import Basin
from citypages.forms.exports import Api, Format
from citypages.forms.formspree import Formspree
from citypages.forms.formsubmit import FormSubmit
from citypages.forms.generic import Generic
from citypages.forms.getform import Getform
from citypages.forms.googleforms import GoogleForms
from citypages.forms.privacy import facts as privacy_facts
from citypages.forms.refused import ActionNetwork, NetlifyForms
from citypages.forms.staticforms import StaticForms
from citypages.forms.web3forms import Web3Forms
from citypages.model.site import FormSettings

# The order matters only when an export's header has the marks of two services: the first one here wins.
PROVIDERS: dict[str, type[FormService]] = {
    cls.name: cls
    for cls in (Formspree, GoogleForms, Web3Forms, FormSubmit, StaticForms, Basin, Getform, Generic,
                NetlifyForms, ActionNetwork)
}

__all__ = ["PROVIDERS", "FormContext", "FormService", "FormSpec", "Privacy", "adapter", "check", "destination",
           "export_formats", "not_pulled", "privacy_facts", "pull_apis", "with_endpoint"]


def export_formats() -> dict[str, Format]:
    """Each service's export format, by provider (what `responses import` reads); from PROVIDERS when asked."""
    return {name: cls.export_format for name, cls in PROVIDERS.items() if cls.export_format is not None}


def pull_apis() -> dict[str, Api]:
    """Each service's submissions API, by provider name (what `responses pull` offers)."""
    return {name: cls.pull_api for name, cls in PROVIDERS.items() if cls.pull_api is not None}


def not_pulled() -> dict[str, str]:
    """Why `responses pull` is not offered, for the services that say so."""
    return {name: cls.no_pull for name, cls in PROVIDERS.items() if cls.no_pull}


def check(settings: FormSettings) -> list[Diagnostic]:
    """Problems with a form section: an unknown provider (with did-you-mean) or its own checks."""
    cls = PROVIDERS.get(settings.provider)
    if cls is None:
        usable = [name for name, c in PROVIDERS.items() if not c.refused]
        hint = difflib.get_close_matches(settings.provider, usable, n=1, cutoff=0.6)
        message = f"form: unknown provider '{settings.provider}'"
        message += f" (did you mean '{hint[0]}'?)" if hint else f"; known providers: {', '.join(sorted(usable))}"
        return [error(settings.path, *settings.at("provider"), message)]
    return cls.check(settings)


def adapter(settings: FormSettings) -> FormService:
    """The adapter for checked settings."""
    return PROVIDERS[settings.provider](settings)


def destination(settings: FormSettings) -> str:
    """The host a form with these (checked) settings posts to, e.g. "formspree.io"."""
    ctx = FormContext(city_slug="x", city_name="x", mayor="x", campaign="x", language="en",
                      page_url="https://example.org/x/", thanks_url="https://example.org/x/thanks/", subject="x")
    return urlsplit(adapter(settings).spec(ctx).action).netloc


def with_endpoint(settings: FormSettings, base: str) -> FormSettings:
    """The same settings sending to `base`/<provider> (the preview's local inbox: FormInbox.endpoint(provider))."""
    options = {**settings.options, "endpoint": f"{base.rstrip('/')}/{settings.provider}"}
    return dataclasses.replace(settings, options=MappingProxyType(options))
