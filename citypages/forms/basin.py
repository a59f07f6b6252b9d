"""Basin, checked against https://docs.usebasin.com/guides/form-features/ajax (cross-origin, JSON on Accept:
application/json). The return page and spam filter are Basin dashboard settings. `_gotcha` is Formspree's
and Getform's name, unchecked against Basin's spam page (an unknown honeypot field only arrives empty)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from citypages.forms.base import FormService, Privacy, id_shape
from citypages.forms.exports import TIME_COLUMNS, Api, Format, Get, Item, batch


def submissions(get: Get, base: str, form: str, token: str, cursor: dict[str, Any]) -> Iterator[list[Item]]:
    """Basin, "Authentication" and "Submissions" (docs.usebasin.com/developer-features/authentication,
    docs.usebasin.com/guides/api/api-submissions): GET /api/v1/submissions?form_id=...&page=N with
    `Authorization: Token KEY`, newest first, the fields under `payload_params`."""
    auth = {"Authorization": f"Token {token}"}
    for page in itertools.count(1):  # the page size is Basin's; an empty page is the end
        rows = batch(get(f"{base}/api/v1/submissions?{urlencode({'form_id': form, 'page': page})}", auth),
                     "submissions", "Basin")
        if not rows:
            return
        yield rows


class Basin(FormService):
    name = "basin"
    title = "Basin"
    docs = "https://docs.usebasin.com/guides/form-features/ajax"
    privacy = Privacy("Basin", "https://usebasin.com/")
    required = ("id",)
    address = "https://usebasin.com/f/{id}"
    honeypot = "_gotcha"
    shapes = id_shape(address, r"[A-Za-z0-9]{6,32}", "abc123def456")
    export_format = Format("basin", "Basin", TIME_COLUMNS, json_list="submissions")
    pull_api = Api("basin", "Basin", "CITYPAGES_BASIN_API_KEY", "https://usebasin.com",
                   "https://docs.usebasin.com/guides/api/api-submissions", submissions, newest_first=True)
