"""Getform: https://getform.io/f/{id}.

Getform's form endpoints take a plain post or a cross-origin JSON request, drop a post whose
`_gotcha` honeypot is filled, and keep the return page in the dashboard. Its documentation
lives at https://app.getform.io/docs/ (the API pages). The `_gotcha` name could not be
checked against Getform's own pages here: check it against the dashboard's spam settings.
Set the form's redirect to the city's thank-you page there.
"""

from __future__ import annotations

from citypages.forms.base import Privacy
from citypages.forms.dashboard import DashboardService, id_shape


class Getform(DashboardService):
    name = "getform"
    title = "Getform"
    docs = "https://app.getform.io/docs/getform-api/authentication"
    privacy = Privacy("Getform", "https://getform.io/")
    host = "https://getform.io"
    shapes = id_shape(host, r"[A-Za-z0-9_-]{4,64}", "abcdwxyz")
