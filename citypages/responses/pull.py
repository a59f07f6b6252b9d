"""`responses pull`: new submissions from a form service's API (its module's `pull_api`) into responses/pulled/,
kept as they came so an import can be repeated; the key comes from the environment, never from a file."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citypages import forms
from citypages.base import atomic, urls
from citypages.forms.exports import Api, Get, Item, PullError
from citypages.responses.store import normal_email

MAX_PAGES = 10_000
CURSORS = "cursors.json"
# The environment variables pull reads, one per service with an API (the Pages workflow passes each).
TOKENS = {api.provider: api.variable for api in forms.pull_apis().values()}


@dataclass
class Pulled:
    path: Path | None  # None: nothing new
    cursor: dict[str, Any]


def http_get(title: str) -> Get:
    """GET a JSON answer; a failure is a PullError naming the service, never the address (it may hold a key)."""
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


def only_form(api: Api, token: str, given: str | None) -> str:
    """The one form of the account, for services that list them; a PullError naming them when there are several."""
    if api.forms is None:
        return ""
    forms = api.forms(http_get(api.title), base_address(api, given), token)
    if len(forms) == 1:
        return forms[0][0]
    named = ", ".join(f"{i} ({n})" if n else i for i, n in forms) or "none"
    raise PullError(f"{api.title} lists {len(forms)} forms for this key: {named}; give --form ID")


def fetch(api: Api, form: str, token: str, folder: Path, cursor: dict[str, Any], given: str | None = None) -> Pulled:
    """The form's submissions not pulled before, written as one JSON file in `folder`/pulled."""
    base, get = base_address(api, given), http_get(api.title)
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
        return Pulled(None, new_cursor)
    out = folder / "pulled"
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in form)[:64] or "form"
    path = out / f"{api.provider}-{safe}-{stamp}.json"
    path.write_text(json.dumps({"submissions": rows}, ensure_ascii=False), encoding="utf-8")
    return Pulled(path, new_cursor)


def read_cursors(folder: Path) -> tuple[dict[str, dict[str, Any]], str]:
    """What was pulled before, per "provider/form"; a file that is not ours is ignored, with the reason."""
    path = folder / "pulled" / CURSORS
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise ValueError("not what pull writes")
    except FileNotFoundError:
        return {}, ""
    except (OSError, ValueError) as exc:
        return {}, f"{path}: ignored ({exc}); every submission is fetched again and imported once"
    return data, ""


def write_cursors(folder: Path, cursors: dict[str, dict[str, Any]]) -> None:
    atomic.write_text(folder / "pulled" / CURSORS, json.dumps(cursors, indent=1, sort_keys=True) + "\n")


def forget(folder: Path, email: str, campaign: str | None = None) -> list[Path]:
    """Take the submissions with `email` (and `campaign`) as a value out of the files `fetch` wrote; returns those."""
    marks = [json.dumps(normal_email(email), ensure_ascii=False), *([json.dumps(campaign)] if campaign else [])]
    changed = []
    for path in sorted((folder / "pulled").glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if path.name == CURSORS or not isinstance(data, dict) or not isinstance(data.get("submissions"), list):
            continue
        kept = [item for item in data["submissions"]
                if not all(m in json.dumps(item, ensure_ascii=False).casefold() for m in marks)]
        if len(kept) < len(data["submissions"]):
            atomic.write_text(path, json.dumps({**data, "submissions": kept}, ensure_ascii=False))
            changed.append(path)
    return changed
