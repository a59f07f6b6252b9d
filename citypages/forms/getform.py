"""Getform, documented at https://app.getform.io/docs/: a plain post or a cross-origin JSON request; a filled
`_gotcha` (unchecked against Getform's own pages) drops the post; the return page is a dashboard setting."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

from citypages.forms.base import FormService, Privacy, id_shape
from citypages.forms.exports import TIME_COLUMNS, Api, Format, Get, Item, batch


def submissions(get: Get, base: str, form: str, token: str, cursor: dict[str, Any]) -> Iterator[list[Item]]:
    """Getform, "Getform API" (docs.getform.io/plugins/getform-api/): GET api.getform.io/v1/forms/<form_id>
    with `?token=`, the submissions under data.submissions and a `pagination` block."""
    for page in itertools.count(1):
        data = get(f"{base}/v1/forms/{quote(form, safe='')}?{urlencode({'token': token, 'page': page})}", {})
        inner = data.get("data") if isinstance(data, dict) else None
        rows = batch(inner, "submissions", "Getform")
        yield rows
        pagination = inner.get("pagination") if isinstance(inner, dict) else None
        last = pagination.get("lastPage") if isinstance(pagination, dict) else None
        if not rows or not isinstance(last, int) or page >= last:
            return


class Getform(FormService):
    name = "getform"
    title = "Getform"
    docs = "https://app.getform.io/docs/getform-api/authentication"
    privacy = Privacy("Getform", "https://getform.io/")
    required = ("id",)
    address = "https://getform.io/f/{id}"
    honeypot = "_gotcha"
    shapes = id_shape(address, r"[A-Za-z0-9_-]{4,64}", "abcdwxyz")
    export_format = Format("getform", "Getform", TIME_COLUMNS, json_list="submissions")
    pull_api = Api("getform", "Getform", "CITYPAGES_GETFORM_API_TOKEN", "https://api.getform.io",
                   "https://docs.getform.io/plugins/getform-api/", submissions)
