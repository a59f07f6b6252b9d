"""Site settings and expected posts for each form provider, shared by the form tests."""

from __future__ import annotations

from pathlib import Path

from citypages import pipeline
from citypages.forms.base import FormContext

SITE_YAML = """title: Tiny Test Site
description: A tiny site the tests build.
organization: Test Org
base_url: https://example.org/repo/
languages: [en]
default_campaign: thanks
privacy_contact: privacy@example.org
form:
  provider: {provider}
{settings}"""

# provider -> (settings lines under form:, fields the provider adds to every post)
PROVIDERS: dict[str, tuple[str, dict[str, str]]] = {
    "formspree": ("  id: abcdefgh\n  recaptcha_disabled: true\n",
                  {"_subject": "{subject}", "_next": "{thanks}", "_gotcha": ""}),
    "formsubmit": ("  to: a1b2c3d4e5f6\n",
                   {"_subject": "{subject}", "_next": "{thanks}", "_captcha": "false", "_template": "table",
                    "_honey": ""}),
    "web3forms": ("  access_key: 0a1b2c3d-1111-2222-3333-444455556666\n",
                  {"access_key": "0a1b2c3d-1111-2222-3333-444455556666", "subject": "{subject}",
                   "redirect": "{thanks}", "botcheck": ""}),
    "staticforms": ("  api_key: sf_test_key_123\n",
                    {"apiKey": "sf_test_key_123", "subject": "{subject}", "redirectTo": "{thanks}", "honeypot": ""}),
    "basin": ("  id: abc123def456\n", {"_gotcha": ""}),
    "getform": ("  id: abcdwxyz\n", {"_gotcha": ""}),
    "google_forms": ("  id: 1FAIpQLSe_test_form_id_0000\n  fields:\n    name: entry.11\n    email: entry.12\n"
                     "    zip: entry.13\n    comment: entry.14\n    opt_in: entry.15\n    city: entry.16\n"
                     "    source: entry.17\n", {}),
    "generic": ("  action: https://forms.example.org/submit/xyz\n  name: Example Forms\n  honeypot: _gotcha\n"
                "  redirect_field: _next\n  fields:\n    email: reply_to\n    mayor: ''\n",
                {"_next": "{thanks}", "_gotcha": ""}),
}
GOOGLE = {"name": "entry.11", "email": "entry.12", "zip": "entry.13", "comment": "entry.14", "opt_in": "entry.15",
          "city": "entry.16", "source": "entry.17"}
CITY = "springfield-il"
SUBJECT = "Thank Mayor Pat Doe (Springfield, IL)"
CTX = FormContext("springfield-il", "Springfield", "Pat Doe", "thanks", "en", "https://example.org/springfield-il/",
                  "https://example.org/springfield-il/thanks/", "Thank Pat Doe")
TYPED = {"name": "Ada Lovelace", "email": "ada@example.org", "zip": "60601", "comment": "Gracias, alcalde"}


def site_yaml(provider: str, endpoint: str | None = None) -> str:
    settings = PROVIDERS[provider][0]
    if endpoint:
        settings += f"  endpoint: {endpoint}\n"
    return SITE_YAML.format(provider=provider, settings=settings)


def expected_post(provider: str, base: str, source: str) -> dict[str, str]:
    """Exactly the fields a visitor's post to `provider` carries (TYPED, opt-in ticked)."""
    thanks = f"{base}{CITY}/thanks/"
    ours = {**TYPED, "opt_in": "yes", "city": CITY, "city_name": "Springfield", "mayor": "Mayor Pat Doe",
            "campaign": "thanks", "language": "en", "page": f"{base}{CITY}/", "source": source}
    if provider == "google_forms":
        return {GOOGLE[k]: ours[k] for k in GOOGLE}
    if provider == "formspree":
        ours["_replyto"] = ours.pop("email")
    if provider == "generic":
        ours["reply_to"] = ours.pop("email")
        del ours["mayor"]
    extra = {k: v.format(subject=SUBJECT, thanks=thanks) for k, v in PROVIDERS[provider][1].items()}
    return {**extra, **ours}


def build(root: Path, out: Path, base: str) -> None:
    result = pipeline.build_site(root, out, base_url=base)
    assert result.ok, [d.as_text() for d in result.diagnostics]
