"""Web3Forms, checked against https://docs.web3forms.com/getting-started/api-reference (`access_key`, `email` as
reply-to, `subject`, `from_name`, `redirect`, `botcheck`; JSON) and .../getting-started/customizations/redirection.
The access key is public by design: it only lets a form send to the address it was made for."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from citypages.forms.base import FormContext, FormService, Privacy, Shape
from citypages.forms.exports import PAGE, TIME_COLUMNS, Api, Format, Get, Item, batch

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def submissions(get: Get, base: str, form: str, token: str, cursor: dict[str, Any]) -> Iterator[list[Item]]:
    """Web3Forms, "Submissions API" (docs.web3forms.com/getting-started/submissions-api, a PRO feature): GET
    api.web3forms.com/v1/submissions?form_id=...&limit=...&cursor=... with `Authorization: Bearer KEY`,
    newest first, `has_more` and `next_cursor`."""
    auth = {"Authorization": f"Bearer {token}"}
    after = ""
    while True:
        query = {"form_id": form, "limit": PAGE, **({"cursor": after} if after else {})}
        data = get(f"{base}/v1/submissions?{urlencode(query)}", auth)
        yield batch(data, "data", "Web3Forms")
        after = str(data.get("next_cursor") or "") if data.get("has_more") is True else ""
        if not after:
            return


def forms(get: Get, base: str, token: str) -> list[tuple[str, str]]:
    """The account's forms as (id, name): GET /v1/forms, on the same Submissions API page."""
    found = batch(get(f"{base}/v1/forms", {"Authorization": f"Bearer {token}"}), "data", "Web3Forms")
    return [(str(f.get("form_id", "")), str(f.get("form_name", ""))) for f in found]


class Web3Forms(FormService):
    name = "web3forms"
    title = "Web3Forms"
    docs = "https://docs.web3forms.com/getting-started/api-reference"
    required = ("access_key",)
    optional = ("from_name",)
    address = "https://api.web3forms.com/submit"
    honeypot = "botcheck"
    shapes = (Shape("access_key", UUID,
                    "it is the key Web3Forms e-mailed you, like 0a1b2c3d-1111-2222-3333-444455556666"),)
    privacy = Privacy("Web3Forms", "https://web3forms.com/")
    export_format = Format("web3forms", "Web3Forms", TIME_COLUMNS, honeypots=("botcheck",), json_list="data",
                           marks=("botcheck",))
    pull_api = Api("web3forms", "Web3Forms", "CITYPAGES_WEB3FORMS_API_KEY", "https://api.web3forms.com",
                   "https://docs.web3forms.com/getting-started/submissions-api", submissions, newest_first=True,
                   forms=forms)

    def hidden(self, ctx: FormContext) -> tuple[tuple[str, str], ...]:
        opts = self.settings.options
        from_name = (("from_name", str(opts["from_name"])),) if opts.get("from_name") else ()
        return (("access_key", str(opts["access_key"])), ("subject", ctx.subject), *from_name,
                ("redirect", ctx.thanks_url))
