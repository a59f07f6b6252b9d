"""`responses pull`: fetch submissions from a form service's API into responses/pulled/, then import them.

Only Formspree documents a submissions API we could check ("Form Submissions API",
help.formspree.io: GET https://formspree.io/api/0/forms/<hashid>/submissions, HTTP basic
auth with the API key as password; `limit`, `offset`, `order`, `since`). The key comes from
the environment, never from a file in the repository. The pulled JSON is kept beside the
store (ignored by git) so an import can always be repeated from what was fetched.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import urllib.error
import urllib.request
from pathlib import Path

from citypages import pipeline

TOKENS = {"formspree": "CITYPAGES_FORMSPREE_API_KEY"}
APIS = {"formspree": "https://formspree.io"}
PAGE = 100
MAX_PAGES = 10_000


class PullError(Exception):
    pass


def form_id(root: Path) -> str:
    """site.yaml's form id, when its provider is one we can pull from."""
    inp, _ = pipeline.load_site(root)
    if inp is None or inp.site.form.provider not in TOKENS:
        return ""
    return str(inp.site.form.options.get("id", ""))


def fetch(provider: str, form: str, token: str, folder: Path, api: str | None = None) -> Path:
    """Every submission of the form, page by page, written as one JSON file; returns its path."""
    base = (api or APIS[provider]).rstrip("/")
    if not base.startswith(("https://", "http://")):
        raise PullError(f"the API address must start with https:// or http://, not '{base}'")
    auth = "Basic " + base64.b64encode(f":{token}".encode()).decode()
    rows: list[dict[str, object]] = []
    for page in range(MAX_PAGES):
        url = f"{base}/api/0/forms/{form}/submissions?limit={PAGE}&offset={page * PAGE}&order=asc"
        request = urllib.request.Request(url, headers={"Authorization": auth, "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                data = json.load(answer)
        except urllib.error.HTTPError as exc:
            hint = "; check the API key" if exc.code in (401, 403) else ""
            raise PullError(f"{provider} answered {exc.code} {exc.reason}{hint}") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise PullError(f"cannot reach {provider}'s API: {exc}") from exc
        batch = data.get("submissions") if isinstance(data, dict) else None
        if not isinstance(batch, list):
            raise PullError(f"{provider}'s API answered something other than a list of submissions")
        rows += batch
        if len(batch) < PAGE:
            break
    folder = folder / "pulled"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{provider}-{form}-{stamp}.json"
    path.write_text(json.dumps({"submissions": rows}, ensure_ascii=False), encoding="utf-8")
    return path
