"""Formspree, checked against https://help.formspree.io/hc/en-us/articles/360013580813-Honeypot-spam-filtering
(`_gotcha`; "All forms come with reCAPTCHA") and https://github.com/formspree/formspree (`_replyto`, `_next`,
`_subject`; JSON and CORS on Accept: application/json). `_next` may need a paid plan, so JSON is the main path."""

from __future__ import annotations

import base64
import itertools
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

from citypages.base.diagnostics import Diagnostic
from citypages.forms.base import FormContext, FormService, Privacy, Shape, field_map
from citypages.forms.exports import PAGE, TIME_COLUMNS, Api, Format, Get, Item, batch
from citypages.model.site import FormSettings


def submissions(get: Get, base: str, form: str, token: str, cursor: dict[str, Any]) -> Iterator[list[Item]]:
    """Formspree, "Form Submissions API" (help.formspree.io/hc/en-us/articles/360015233153): GET
    /api/0/forms/<hashid>/submissions, HTTP basic auth with the API key as the password; `since`,
    `limit`, `offset`, `order` (paid plans)."""
    auth = {"Authorization": "Basic " + base64.b64encode(f":{token}".encode()).decode()}
    since = {"since": cursor["since"]} if cursor.get("since") else {}
    for offset in itertools.count(0, PAGE):
        query = {"limit": PAGE, "offset": offset, "order": "asc", **since}
        page = batch(get(f"{base}/api/0/forms/{quote(form, safe='')}/submissions?{urlencode(query)}", auth),
                     "submissions", "Formspree")
        yield page
        if len(page) < PAGE:
            return


class Formspree(FormService):
    name = "formspree"
    title = "Formspree"
    docs = "https://help.formspree.io/hc/en-us/articles/360013580813-Honeypot-spam-filtering"
    required = ("id",)
    optional = ("recaptcha_disabled",)
    address = "https://formspree.io/f/{id}"
    honeypot = "_gotcha"
    field_names = field_map(email="_replyto")
    shapes = (Shape("id", r"[A-Za-z0-9]{6,12}", "it is the 8 letters and digits after /f/ in the form's address "
                                                "(https://formspree.io/f/xyzzyabc -> id: xyzzyabc)"),)
    privacy = Privacy("Formspree", "https://formspree.io/",
                      captcha="Google (reCAPTCHA, on by default in Formspree's form settings)")
    export_format = Format("formspree", "Formspree", ("_date", *TIME_COLUMNS), renamed=(("_replyto", "email"),),
                           json_list="submissions", marks=("_date", "_replyto"))
    pull_api = Api("formspree", "Formspree", "CITYPAGES_FORMSPREE_API_KEY", "https://formspree.io",
                   "https://help.formspree.io/hc/en-us/articles/360015233153-Form-Submissions-API", submissions)

    @classmethod
    def check(cls, settings: FormSettings) -> list[Diagnostic]:
        out = super().check(settings)
        if not out and settings.options.get("recaptcha_disabled") is not True:
            out.append(cls.note(settings, "provider", (
                "reCAPTCHA is on by default for every Formspree form and sends visitors to Google; "
                "turn it off in the form's Settings (the _gotcha honeypot stays), then add "
                "'recaptcha_disabled: true' here to confirm")))
        return out

    def hidden(self, ctx: FormContext) -> tuple[tuple[str, str], ...]:
        return (("_subject", ctx.subject), ("_next", ctx.thanks_url))
