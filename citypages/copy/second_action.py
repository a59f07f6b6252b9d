"""The thank-you page's second action: call the mayor's office, or email it, in the campaign's words.

Links are built here as data, encoded for their scheme; `_second_action.html` turns them into markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from citypages.copy.placeholders import Filled
from citypages.model.site import City

FRONT_MATTER_KEYS = ("call_script", "email_subject", "email_body")


@dataclass(frozen=True)
class SecondAction:
    """What the thank-you page offers; a field is None when the city has no such contact."""

    phone: str | None = None
    tel_href: str | None = None
    call_script: tuple[str, ...] = ()
    email: str | None = None
    mailto_href: str | None = None
    contact_url: str | None = None


def tel_href(phone: str) -> str:
    """+1 617-635-4000 -> tel:+16176354000 (a global number, RFC 3966, without visual separators)."""
    return "tel:+" + "".join(c for c in phone if c.isdigit())


def mailto_href(address: str, subject: str, body: str) -> str:
    """A mailto: URL per RFC 6068: every reserved character percent-encoded, line breaks as %0D%0A."""
    fields = {k: re.sub(r"\r\n|\r|\n", "\r\n", v) for k, v in (("subject", subject), ("body", body)) if v}
    query = urlencode(fields, quote_via=quote, safe="")
    return f"mailto:{quote(address, safe='@')}" + (f"?{query}" if query else "")


def offered(city: City) -> bool:
    """Whether cities.yaml gives this city's office a phone, an email or a contact page."""
    return bool(city.mayor.phone or city.mayor.email or city.mayor.contact_url)


def for_city(city: City, campaign_texts: Mapping[str, Filled], filled: Mapping[str, str],
             fallback_subject: str = "", fallback_body: str = "") -> SecondAction | None:
    """The second action one city's thank-you page shows, or None when cities.yaml has no contact for it."""
    mayor = city.mayor
    if not offered(city):
        return None
    script = campaign_texts["call_script"].text(filled) if "call_script" in campaign_texts else ""
    paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n", script) if p.strip())
    subject, body = (campaign_texts[key].text(filled) if key in campaign_texts else fallback
                     for key, fallback in (("email_subject", fallback_subject), ("email_body", fallback_body)))
    return SecondAction(
        phone=mayor.phone,
        tel_href=tel_href(mayor.phone) if mayor.phone else None,
        call_script=paragraphs if mayor.phone else (),
        email=mayor.email,
        mailto_href=mailto_href(mayor.email, subject.strip(), body.strip()) if mayor.email else None,
        contact_url=mayor.contact_url,
    )
