"""Privacy-page facts about the form services a site uses, from their adapters (never by hand)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from citypages.forms.base import FormService, Privacy


def facts(adapters: Iterable[FormService]) -> dict[str, Any]:
    """Template values for content pages (`form.name`, ..., `form.summary`): the first adapter is the site's;
    cities' own services join `names` and `summary`, so the privacy page names every service data may reach."""
    unique: dict[str, tuple[FormService, Privacy]] = {}
    for adapter in adapters:
        p = adapter.facts()
        unique.setdefault(p.service, (adapter, p))
    (first, main), *_ = unique.values()
    return {
        "provider": first.settings.provider,
        "docs": first.docs,
        "name": main.service,
        "policy_url": main.policy_url,
        "receives_ip": main.receives_ip,
        "captcha": main.captcha or "",
        "least_private": main.least_private,
        "note": main.note,
        "names": ", ".join(unique),
        "summary": " ".join(summary(p) for _, p in unique.values()),
    }


def summary(p: Privacy) -> str:
    """One paragraph, in plain English, of what a service receives: the sentences whose fact is set."""
    sentences = (
        (True, f"When you sign, what you type in the form goes to {p.service}, our form service, "
               "which e-mails it to us and keeps a copy."),
        (p.receives_ip, f"Like any web server, {p.service} also sees your IP address and browser."),
        (p.captcha, f"Its form may show a CAPTCHA from {p.captcha}, which then receives the same."),
        (p.least_private, f"{p.service} may link the post to a {p.service} account signed in on your browser."),
        (p.note, p.note),
        (p.policy_url, f"{p.service}'s privacy policy is on its site: {p.policy_url}"),
    )
    return " ".join(sentence for fact, sentence in sentences if fact)
