"""Web3Forms: https://api.web3forms.com/submit.

Checked against https://docs.web3forms.com/getting-started/api-reference (`access_key`
required, `email` as reply-to, `subject`, `from_name`, `redirect`, `botcheck` honeypot; JSON)
and https://docs.web3forms.com/getting-started/customizations/redirection. The access key is
public by design: it only lets a form send to the address it was made for.
"""

from __future__ import annotations

from citypages.forms.base import FormContext, FormService, FormSpec, Privacy, Shape, field_map

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class Web3Forms(FormService):
    name = "web3forms"
    title = "Web3Forms"
    docs = "https://docs.web3forms.com/getting-started/api-reference"
    required = ("access_key",)
    optional = ("from_name",)
    shapes = (Shape("access_key", UUID,
                    "it is the key Web3Forms e-mailed you, like 0a1b2c3d-1111-2222-3333-444455556666"),)
    privacy = Privacy("Web3Forms", "https://web3forms.com/")

    def spec(self, ctx: FormContext) -> FormSpec:
        base = self.base_url("https://api.web3forms.com")
        opts = self.settings.options
        hidden = [("access_key", str(opts["access_key"])), ("subject", ctx.subject)]
        if opts.get("from_name"):
            hidden.append(("from_name", str(opts["from_name"])))
        hidden.append(("redirect", ctx.thanks_url))
        return FormSpec(
            action=f"{base}/submit",
            provider=self.name,
            provider_name=self.title,
            hidden=tuple(hidden),
            fields=field_map(),
            honeypot="botcheck",
            mode="json",
            privacy=self.facts(),
        )
