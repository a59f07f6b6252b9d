"""One reader for every service's export: CSV or JSON rows -> Submissions in our field names; what differs per
service (its time column, renamed fields, honeypot, JSON wrapping) is its module's `export_format`."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from citypages import forms
from citypages.forms.exports import Format
from citypages.responses import sheets
from citypages.responses.sheets import FormatError
from citypages.responses.store import Submission

Fill = Callable[[str, str, str], tuple[str, str]]  # (city, campaign, language) -> (campaign, language)

# How a Google Forms question (or a hand-made sheet) may word our fields; compared lowercased, alphanumerics only.
_ALIASES = {
    "name": ("name", "fullname", "yourname", "nombre", "nombrecompleto"),
    "first_name": ("first_name", "firstname", "givenname"),  # a split form (form.name_fields: split)
    "last_name": ("last_name", "lastname", "familyname", "surname", "apellido", "apellidos"),
    "email": ("email", "emailaddress", "email address", "correo", "correoelectronico", "replyto", "_replyto"),
    "zip": ("zip", "zipcode", "postalcode", "postcode", "codigopostal"),
    "comment": ("comment", "comments", "afewwordsofyourown", "afewwordsofyourownoptional", "message", "comentario"),
    "opt_in": ("optin", "keepmeupdated", "keepmeupdatedaboutthiscampaign", "updates"),
    "city": ("city", "cityslug"),
    "campaign": ("campaign",),
    "language": ("language", "lang", "idioma"),
    "source": ("source", "utmsource"),
}
_READ = ("time", "campaign", "city", "language", "name", "email", "zip", "comment", "opt_in", "source", "honeypot",
         "first_name", "last_name")
_YES = {"yes", "true", "on", "1", "y", "si", "sí", "x", "checked"}


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9_]", "", header.strip().casefold().replace("é", "e").replace("ó", "o"))


def detect(header: list[str]) -> str:
    """The provider an export's header points to (its format's marks); 'generic' when nothing gives it away."""
    keys = {_key(h) for h in header}
    first = _key(header[0]) if header else ""
    for fmt in forms.export_formats().values():  # in the registry's order: the first service whose marks match
        if keys & {_key(m) for m in fmt.marks} or first in {_key(c) for c in fmt.first_columns}:
            return fmt.provider
    return "generic"


def read(path: Path, provider: str | None = None, fill: Fill | None = None
         ) -> tuple[str, Iterator[tuple[int, Submission | str]]]:
    """(provider, rows of (number, Submission or why it cannot be read)): CSV rows numbered as a spreadsheet
    shows them, JSON items from 1. `fill` runs as each is made: making a Submission twice costs 10% of an import."""
    export = sheets.read(path)  # the encoding, the delimiter and the size limits are found there
    rows: Iterator[tuple[int, dict[str, str]]]
    if isinstance(export, str):
        try:
            items = _json_items(json.loads(export))
        except json.JSONDecodeError as exc:
            raise FormatError(exc.lineno, f"not valid JSON: {exc.msg}") from exc
        header = sorted({k for item in items for k in item})
        rows = enumerate(items, 1)
    else:
        header = next(export, None)
        if not header:
            raise FormatError(1, "the file is empty; expected a header row with the form's fields")
        rows = ((n, dict(zip(header, values, strict=False)))
                for n, values in enumerate(export, 2) if "".join(values).strip())  # skip blank rows
    chosen = provider or detect(header)
    return chosen, _rows(forms.export_formats()[chosen], header, rows, fill)


_NESTS = ("data", "payload_params")


def _json_items(loaded: object) -> list[dict[str, str]]:
    if isinstance(loaded, dict) and isinstance(loaded.get("data"), dict):  # Getform: {"data": {"submissions": [...]}}
        loaded = loaded["data"]
    if isinstance(loaded, dict):
        loaded = next((loaded[key] for key in ("submissions", "data", "responses", "results")
                       if isinstance(loaded.get(key), list)), loaded)
    if not isinstance(loaded, list) or not all(isinstance(i, dict) for i in loaded):
        raise FormatError(1, "expected a list of submissions (or {\"submissions\": [...]})")
    out = []
    for item in loaded:  # the fields may sit under "data" ({"id": ..., "data": {...}}) or Basin's "payload_params"
        nest = next((k for k in _NESTS if isinstance(item.get(k), dict)), "")
        inner = item[nest] if nest else item
        flat = {**{k: v for k, v in item.items() if k != nest}, **inner}
        out.append({str(k): "" if v is None else (v if isinstance(v, str) else json.dumps(v)) for k, v in flat.items()
                    if not isinstance(v, dict)})
    return out


def columns(fmt: Format, header: list[str]) -> dict[str, str]:
    """Our field -> the header that holds it: the first found, the service's own names before the usual words."""
    by_key = {_key(h): h for h in header}
    out = {ours: by_key[_key(theirs)] for theirs, ours in fmt.renamed if _key(theirs) in by_key}
    for ours, words in _ALIASES.items():
        for word in (ours, *words):
            if ours not in out and _key(word) in by_key:
                out[ours] = by_key[_key(word)]
    found = {"time": [by_key[_key(name)] for name in fmt.time_columns if _key(name) in by_key],
             "honeypot": [h for hp in (*fmt.honeypots, "_gotcha") for h in header if _key(hp) and _key(hp) in _key(h)]}
    return out | {ours: headers[0] for ours, headers in found.items() if headers}


def _rows(fmt: Format, header: list[str], rows: Iterator[tuple[int, dict[str, str]]], fill: Fill | None
          ) -> Iterator[tuple[int, Submission | str]]:
    cols = columns(fmt, header)
    if "email" not in cols:
        raise FormatError(1, f"no email column in the header ({', '.join(header[:8])}); "
                             f"is this a {fmt.title} export? (--provider NAME picks another)")
    if "time" not in cols:
        raise FormatError(1, f"no time column ({', '.join(fmt.time_columns[:4])}) in the header")
    where = [cols.get(ours) for ours in _READ]  # None: the export has no such column
    provider = fmt.provider
    for number, row in rows:
        get = row.get
        time, campaign, city, language, name, email, zip_code, comment, opt_in, source, honeypot, first, last = [
            "" if column is None else (get(column) or "").strip() for column in where]
        when = parse_time(time)
        if when is None:
            yield number, f"the submission time '{time}' is not a date and time"
            continue
        if fill is not None:
            campaign, language = fill(city, campaign, language)
        full = name or " ".join(filter(None, (first, last)))  # a split form's two names, as the letter shows them
        yield number, Submission(provider, when, campaign, city, language, full, email, zip_code, comment,
                                 opt_in.casefold() in _YES, source, row, honeypot, first, last)


_PLAIN = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", re.ASCII)
_TIME_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d",
                 "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%d/%m/%Y %H:%M:%S", "%d.%m.%Y %H:%M:%S",
                 "%d-%m-%Y %H:%M")  # the last as Getform's API writes submissionDate ("03-02-2021 21:30"), day first


def parse_time(text: str) -> str | None:
    """A time as the services write it -> 'YYYY-MM-DDTHH:MM:SS' in UTC when the zone is given."""
    text = text.strip()
    if not text:
        return None
    if _PLAIN.fullmatch(text):  # already our shape: only check that it is a real date and time
        try:
            dt.datetime.fromisoformat(text)
        except ValueError:
            return None
        return text
    if re.fullmatch(r"\d{10}(\.\d+)?|\d{13}", text):  # Unix seconds or milliseconds
        seconds = float(text) / (1000 if len(text) == 13 else 1)
        return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        for fmt in _TIME_FORMATS:  # none has a zone or a fraction of a second
            with contextlib.suppress(ValueError):
                return dt.datetime.strptime(text, fmt).isoformat()
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when.replace(microsecond=0).isoformat()
