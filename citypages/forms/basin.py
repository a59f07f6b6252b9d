"""Basin: https://usebasin.com/f/{id}.

Checked against https://docs.usebasin.com/guides/form-features/ajax ("Basin form endpoints
accept standard AJAX requests and work cross-origin by default"; JSON with Accept:
application/json). The return page and spam filtering are set in Basin's dashboard, not in
the form: set the form's redirect to the city's thank-you page there. The honeypot name
`_gotcha` is the one Formspree and Getform document; Basin's own spam page could not be
checked here, so verify it in Basin's spam settings (an unknown honeypot field only arrives empty).
"""

from __future__ import annotations

from citypages.forms.base import Privacy
from citypages.forms.dashboard import DashboardService, id_shape


class Basin(DashboardService):
    name = "basin"
    title = "Basin"
    docs = "https://docs.usebasin.com/guides/form-features/ajax"
    privacy = Privacy("Basin", "https://usebasin.com/")
    host = "https://usebasin.com"
    shapes = id_shape(host, r"[A-Za-z0-9]{6,32}", "abc123def456")
