"""`responses pull`: fetch new submissions from a form service's API into responses/pulled/, then import them.

Only services that document a submissions API are offered, each as its documentation has it:

- Formspree, "Form Submissions API" (help.formspree.io/hc/en-us/articles/360015233153): GET
  /api/0/forms/<hashid>/submissions, HTTP basic auth with the API key as the password; `since`,
  `limit`, `offset`, `order` (paid plans).
- Basin, "Authentication" and "Submissions" (docs.usebasin.com/developer-features/authentication,
  docs.usebasin.com/guides/api/api-submissions): GET /api/v1/submissions?form_id=...&page=N with
  `Authorization: Token KEY`, newest first, the fields under `payload_params`.
- Getform, "Getform API" (docs.getform.io/plugins/getform-api/): GET api.getform.io/v1/forms/<form_id>
  with `?token=`, the submissions under data.submissions and a `pagination` block.
- Web3Forms, "Submissions API" (docs.web3forms.com/getting-started/submissions-api, a PRO feature): GET
  api.web3forms.com/v1/submissions?form_id=...&limit=...&cursor=... with `Authorization: Bearer KEY`,
  newest first, `has_more` and `next_cursor`; GET /v1/forms lists the account's forms.

Promises: the key comes from the environment, never from a file; only new submissions are kept
(Formspree's `since`; for the others, the ids already pulled, and the newest-first APIs stop paging
at the first one seen), remembered in responses/pulled/cursors.json once an import succeeded; what
was fetched is kept as it came (ignored by git), so an import can always be repeated from it.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from citypages import atomic, pipeline, urls

PAGE = 100
MAX_PAGES = 10_000
CURSORS = "cursors.json"
Get = Callable[[str, dict[str, str]], Any]  # (address, headers) -> the decoded JSON answer
Item = dict[str, Any]


class PullError(Exception):
    pass


@dataclass(frozen=True)
class Api:
    """One service's documented submissions API."""

    provider: str
    title: str
    variable: str  # the environment variable holding the key
    address: str
    docs: str
    pages: Callable[[Get, str, str, str, dict[str, Any]], Iterator[list[Item]]]
    newest_first: bool = False  # paging can stop at the first submission pulled before
    forms: Callable[[Get, str, str], list[tuple[str, str]]] | None = None  # (id, name) of the account's forms


@dataclass
class Pulled:
    path: Path | None  # None: nothing new
    rows: int = 0
    cursor: dict[str, Any] = field(default_factory=dict)


def _batch(data: object, key: str, title: str) -> list[Item]:
    batch = data.get(key) if isinstance(data, dict) else None
    if not isinstance(batch, list) or not all(isinstance(item, dict) for item in batch):
        raise PullError(f"{title}'s API answered something other than a list of submissions")
    return batch


def _formspree(get: Get, base: str, form: str, token: str, cursor: dict[str, Any]) -> Iterator[list[Item]]:
    auth = {"Authorization": "Basic " + base64.b64encode(f":{token}".encode()).decode()}
    for offset in itertools.count(0, PAGE):
        query = {"limit": PAGE, "offset": offset, "order": "asc", **({"since": cursor["since"]} if cursor.get("since")
                                                                      else {})}
        batch = _batch(get(f"{base}/api/0/forms/{quote(form, safe='')}/submissions?{urlencode(query)}", auth),
                       "submissions", "Formspree")
        yield batch
        if len(batch) < PAGE:
            return


def _basin(get: Get, base: str, form: str, token: str, cursor: dict[str, Any]) -> Iterator[list[Item]]:
    auth = {"Authorization": f"Token {token}"}
    for page in itertools.count(1):  # the page size is Basin's; an empty page is the end
        batch = _batch(get(f"{base}/api/v1/submissions?{urlencode({'form_id': form, 'page': page})}", auth),
                       "submissions", "Basin")
        if not batch:
            return
        yield batch


def _getform(get: Get, base: str, form: str, token: str, cursor: dict[str, Any]) -> Iterator[list[Item]]:
    for page in itertools.count(1):
        data = get(f"{base}/v1/forms/{quote(form, safe='')}?{urlencode({'token': token, 'page': page})}", {})
        inner = data.get("data") if isinstance(data, dict) else None
        batch = _batch(inner, "submissions", "Getform")
        yield batch
        pagination = inner.get("pagination") if isinstance(inner, dict) else None
        last = pagination.get("lastPage") if isinstance(pagination, dict) else None
        if not batch or not isinstance(last, int) or page >= last:
            return


def _web3forms(get: Get, base: str, form: str, token: str, cursor: dict[str, Any]) -> Iterator[list[Item]]:
    auth = {"Authorization": f"Bearer {token}"}
    after = ""
    while True:
        query = {"form_id": form, "limit": PAGE, **({"cursor": after} if after else {})}
        data = get(f"{base}/v1/submissions?{urlencode(query)}", auth)
        yield _batch(data, "data", "Web3Forms")
        after = str(data.get("next_cursor") or "") if data.get("has_more") is True else ""
        if not after:
            return


def _web3forms_forms(get: Get, base: str, token: str) -> list[tuple[str, str]]:
    forms = _batch(get(f"{base}/v1/forms", {"Authorization": f"Bearer {token}"}), "data", "Web3Forms")
    return [(str(f.get("form_id", "")), str(f.get("form_name", ""))) for f in forms]


APIS: dict[str, Api] = {a.provider: a for a in (
    Api("formspree", "Formspree", "CITYPAGES_FORMSPREE_API_KEY", "https://formspree.io",
        "https://help.formspree.io/hc/en-us/articles/360015233153-Form-Submissions-API", _formspree),
    Api("basin", "Basin", "CITYPAGES_BASIN_API_KEY", "https://usebasin.com",
        "https://docs.usebasin.com/guides/api/api-submissions", _basin, newest_first=True),
    Api("getform", "Getform", "CITYPAGES_GETFORM_API_TOKEN", "https://api.getform.io",
        "https://docs.getform.io/plugins/getform-api/", _getform),
    Api("web3forms", "Web3Forms", "CITYPAGES_WEB3FORMS_API_KEY", "https://api.web3forms.com",
        "https://docs.web3forms.com/getting-started/submissions-api", _web3forms, newest_first=True,
        forms=_web3forms_forms),
)}
TOKENS = {a.provider: a.variable for a in APIS.values()}
NOT_OFFERED = {  # why `pull` is not offered for the other services; docs/delivering.md says the same
    "formsubmit": "FormSubmit's own pages could not be checked here for its API (public code that uses it "
                  "names an API key e-mailed on request, five calls a day and the last 30 days only)",
    "staticforms": "Static Forms documents no API for reading submissions",
    "google_forms": "Google Forms' API (forms.responses.list) needs an OAuth sign-in to a Google account, "
                    "not a key in the environment; link the form to a sheet instead",
    "generic": "a service given by address has no API we know",
}


def site_form(root: Path) -> tuple[str, dict[str, Any]]:
    """site.yaml's form provider and its settings ("" when the site cannot be read)."""
    inp, _ = pipeline.load_site(root)
    if inp is None:
        return "", {}
    return inp.site.form.provider, dict(inp.site.form.options)


def http_get(title: str) -> Get:
    """GET a JSON answer; every failure is a PullError naming the service (never the address, which may
    hold a key)."""
    def get(url: str, headers: dict[str, str]) -> Any:
        request = urllib.request.Request(url, headers={**headers, "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return json.load(answer)
        except urllib.error.HTTPError as exc:
            if exc.code == 429:
                wait = exc.headers.get("Retry-After") or "a few"
                raise PullError(f"{title} asks to slow down (429); pull again in {wait} seconds") from exc
            hint = "; check the API key" if exc.code in (401, 403) else ""
            raise PullError(f"{title} answered {exc.code} {exc.reason}{hint}") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise PullError(f"cannot reach {title}'s API: {getattr(exc, 'reason', exc)}") from exc
    return get


def base_address(api: Api, given: str | None) -> str:
    base = (given or api.address).rstrip("/")
    if not urls.is_http_url(base):
        raise PullError(f"the API address must start with https:// or http://, not '{base}'")
    return base


def only_form(api: Api, token: str, given: str | None, get: Get | None = None) -> str:
    """The one form of the account, for services that list them; a PullError naming them when there are several."""
    if api.forms is None:
        return ""
    forms = api.forms(get or http_get(api.title), base_address(api, given), token)
    if len(forms) == 1:
        return forms[0][0]
    named = ", ".join(f"{i} ({n})" if n else i for i, n in forms) or "none"
    raise PullError(f"{api.title} lists {len(forms)} forms for this key: {named}; give --form ID")


def fetch(api: Api, form: str, token: str, folder: Path, cursor: dict[str, Any], given: str | None = None,
          get: Get | None = None) -> Pulled:
    """The form's submissions not pulled before, written as one JSON file in `folder`/pulled."""
    base, get = base_address(api, given), get or http_get(api.title)
    seen = {str(i) for i in cursor.get("ids", ())}
    rows: list[Item] = []
    for number, batch in enumerate(api.pages(get, base, form, token, cursor), 1):
        if number > MAX_PAGES:
            raise PullError(f"{api.title} gave more than {MAX_PAGES} pages; stopped there, nothing was imported")
        fresh = [item for item in batch if item.get("id") is None or str(item["id"]) not in seen]
        rows += fresh
        if api.newest_first and len(fresh) < len(batch):
            break
    ids = sorted(seen | {str(item["id"]) for item in rows if item.get("id") is not None})
    dates = [str(item["_date"]) for item in rows if item.get("_date")]
    new_cursor = {**cursor, **({"ids": ids} if ids else {}),
                  **({"since": max([*dates, cursor.get("since", "")])} if dates else {})}
    if not rows:
        return Pulled(None, 0, new_cursor)
    out = folder / "pulled"
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    path = out / f"{api.provider}-{_safe(form)}-{stamp}.json"
    path.write_text(json.dumps({"submissions": rows}, ensure_ascii=False), encoding="utf-8")
    return Pulled(path, len(rows), new_cursor)


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:64] or "form"


def read_cursors(folder: Path) -> tuple[dict[str, dict[str, Any]], str]:
    """What was pulled before, per "provider/form"; a file that is not ours is ignored, with the reason."""
    path = folder / "pulled" / CURSORS
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, ""
    except (OSError, ValueError) as exc:
        return {}, f"{path}: ignored ({exc}); every submission is fetched again and imported once"
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        return {}, f"{path}: ignored (not what pull writes); every submission is fetched again and imported once"
    return data, ""


def write_cursors(folder: Path, cursors: dict[str, dict[str, Any]]) -> None:
    path = folder / "pulled" / CURSORS
    atomic.write_text(path, json.dumps(cursors, indent=1, sort_keys=True) + "\n")
