"""The submissions APIs of the local inbox (form_inbox.py), for testing `responses pull`.

Each answers as its provider documents (cited at its `pull_api`, citypages/forms/<service>.py), from the posts
its form received, and refuses a request without the key where the provider says. Played plainly, as not
documented: Basin's page size (25) and ids, Getform's `page`, a Web3Forms submission's shape and form id (its key).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

Answer = tuple[int, bytes]
Post = tuple[int, dict[str, Any]]  # (id, post): ids count from 1 across the local inbox, oldest first
Strs = dict[str, str]


def answer(received: list[dict[str, Any]], keys: dict[str, str], raw_path: str, headers: dict[str, str]) -> Answer:
    """Status and JSON body for a GET to one of the APIs below; 404 for anything else."""
    parts = urlsplit(raw_path)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    for pattern, api in _ROUTES:
        match = re.fullmatch(pattern, parts.path)
        if match:
            provider = parts.path.split("/")[1]
            posts = [(number, e) for number, e in enumerate(received, 1) if e["provider"] == provider]
            return api(posts, keys.get(provider, ""), match.groups(), query, headers)
    return _json(404, {"error": "not found"})


def _json(status: int, data: object) -> Answer:
    return status, json.dumps(data, ensure_ascii=False).encode()


def _formspree(posts: list[Post], key: str, groups: tuple[str, ...], query: Strs, headers: Strs) -> Answer:
    """GET /api/0/forms/<hashid>/submissions, basic auth ":API_KEY"; since, limit, offset, order (desc by default)."""
    if not key or headers.get("Authorization", "") != "Basic " + base64.b64encode(f":{key}".encode()).decode():
        return _json(401, {"error": "unauthorized"})
    rows = [{"_date": e["at"], **e["fields"]} for _, e in posts
            if e["path"] == f"/f/{groups[0]}" and e["at"] > query.get("since", "")]
    rows.sort(key=lambda r: r["_date"], reverse=query.get("order", "desc") == "desc")
    offset, limit = int(query.get("offset", 0)), int(query.get("limit", 100))
    return _json(200, {"fields": sorted({k for r in rows for k in r}), "submissions": rows[offset:offset + limit]})


def _basin(posts: list[Post], key: str, groups: tuple[str, ...], query: Strs, headers: Strs) -> Answer:
    """GET /api/v1/submissions?form_id=...&page=N with `Authorization: Token KEY`; newest first."""
    if not key or headers.get("Authorization", "") != f"Token {key}":
        return _json(403, {"message": "Forbidden"})
    if not query.get("form_id"):
        return _json(400, {"message": "form_id is required"})
    form = [(number, e) for number, e in posts if e["path"] == f"/f/{query['form_id']}"][::-1]
    size, page = 25, int(query.get("page", 1))
    return _json(200, {"submissions": [
        {"id": number, "created_at": e["at"][:19] + "Z", "spam": False, "payload_params": e["fields"]}
        for number, e in form[(page - 1) * size:page * size]]})


def _getform(posts: list[Post], key: str, groups: tuple[str, ...], query: Strs, headers: Strs) -> Answer:
    """GET /v1/forms/<form_id>?token=...&page=N; data.submissions, data.pagination (10 a page, as documented)."""
    if not key or query.get("token") != key:
        return _json(401, {"success": False, "message": "Unauthorized"})
    form = [(number, e) for number, e in posts if e["path"] == f"/f/{groups[0]}"][::-1]
    size, page = 10, int(query.get("page", 1))
    last = max(1, -(-len(form) // size))
    shown = form[(page - 1) * size:page * size]
    return _json(200, {"success": True, "data": {
        "id": groups[0],
        "submissions": [{**e["fields"], "id": number,  # the date as in Getform's sample answer (day first, assumed)
                         "submissionDate": f"{dt.datetime.fromisoformat(e['at']):%d-%m-%Y %H:%M}"}
                        for number, e in shown],
        "pagination": {"count": len(shown), "currentPage": page, "total": len(form), "firstPage": 1,
                       "lastPage": last, "size": size}}})


def _web3forms(posts: list[Post], key: str, groups: tuple[str, ...], query: Strs, headers: Strs) -> Answer:
    """GET /v1/forms: every form (access key) that received a post; GET /v1/submissions?form_id=...&limit=...
    &cursor=...: newest first, has_more and next_cursor."""
    if not key or headers.get("Authorization", "") != f"Bearer {key}":
        return _json(401, {"error": {"code": "unauthorized", "message": "Missing, malformed, or revoked key"}})
    if groups[0] == "forms":
        forms = sorted({e["fields"].get("access_key", "") for _, e in posts})
        return _json(200, {"data": [{"form_id": f, "form_name": f"Form {i}", "created_at": "2026-01-15T10:30:00.000Z",
                                     "total_count": 0} for i, f in enumerate(forms, 1) if f]})
    limit = int(query.get("limit", 50))
    if not query.get("form_id") or not 1 <= limit <= 100:
        return _json(400, {"error": {"code": "bad_request", "message": "Missing or invalid parameter"}})
    form = [(number, e) for number, e in posts if e["fields"].get("access_key") == query["form_id"]][::-1]
    start = int(base64.urlsafe_b64decode(query["cursor"]).decode()) if query.get("cursor") else 0
    page = form[start:start + limit]
    more = start + limit < len(form)
    return _json(200, {"data": [{"id": f"sub_{number}", "created_at": e["at"][:23] + "Z", "data": e["fields"]}
                                for number, e in page],
                       "has_more": more,
                       "next_cursor": base64.urlsafe_b64encode(str(start + limit).encode()).decode() if more else None})


_ROUTES: tuple[tuple[str, Callable[..., Answer]], ...] = (
    (r"/formspree/api/0/forms/([^/]+)/submissions", _formspree),
    (r"/basin/api/v1/submissions/?", _basin),
    (r"/getform/v1/forms/([^/]+)", _getform),
    (r"/web3forms/v1/(forms|submissions)", _web3forms),
)
