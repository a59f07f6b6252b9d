"""The one rule for a web address the site links to or is served from (forms add forms.base.endpoint_problem)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

NOT_IN_URLS = frozenset('<>"`{}|\\^')
"""Characters a URL must percent-encode (RFC 3986); in an href they make the page invalid HTML."""
BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")  # a '%' that does not start an escape such as %20


def is_http_url(text: str) -> bool:
    """True for an absolute http(s) address with a host and no spaces, control or unsafe characters."""
    if not text or any(c.isspace() or ord(c) < 32 or c in NOT_IN_URLS for c in text) or BAD_PERCENT.search(text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)
