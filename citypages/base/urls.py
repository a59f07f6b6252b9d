"""The one rule for a web address the site links to or is served from.

An address is usable when it is absolute http or https with a host, and would go into
an href as it is: no spaces, control characters or characters RFC 3986 makes us
percent-encode, and every '%' starts a two-digit escape. cities.yaml and site.yaml
(`format: http-url` in the schema), `--base-url` and an API address given to `responses
pull` are all held to it. A form's address is held to a stricter rule on top
(forms.base.endpoint_problem), because its host goes into the page's
Content-Security-Policy. Links in campaign and page copy answer another question, which
schemes copy may link to (http, https, mailto, tel: sanitize.URL_SCHEMES).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

NOT_IN_URLS = frozenset('<>"`{}|\\^')
"""Characters a URL must percent-encode (RFC 3986); in an href they make the page invalid HTML."""
BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
"""A '%' that does not start an escape such as %20."""


def is_http_url(text: str) -> bool:
    """True for an absolute http(s) address with a host and no spaces, control or unsafe characters."""
    if not text or any(c.isspace() or ord(c) < 32 or c in NOT_IN_URLS for c in text) or BAD_PERCENT.search(text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)
