"""Helpers for the signature tests: the fixtures, and the tiny site with Spanish turned on."""

from __future__ import annotations

import csv
import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "responses"
PROVIDERS = {  # fixture -> the --provider it is imported with
    "formspree.csv": "formspree", "formspree.json": "formspree", "basin.csv": "basin", "basin.json": "basin",
    "getform.csv": "getform", "getform.json": "getform", "formsubmit.csv": "formsubmit", "web3forms.csv": "web3forms",
    "staticforms.csv": "staticforms", "google_forms.csv": "google_forms", "generic.csv": "generic",
}


def fixture_people(name: str) -> list[dict[str, str]]:
    """Every row of a fixture as {name, email, city, ...} in our field names."""
    path = FIXTURES / name
    if name.endswith(".json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        items = (data["data"] if "success" in data else data)["submissions"]  # Getform wraps them in "data"
        rows = [{**{k: v for k, v in i.items() if not isinstance(v, dict)}, **i.get("payload_params", {})}
                for i in items]
    else:
        rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    out = []
    for row in rows:
        values = [str(v) for v in row.values()]
        email = next(v for k, v in row.items() if k.lower() in ("email", "_replyto"))
        person = row.get("name") or row.get("Full name") or ""
        out.append({"name": person, "email": email, "city": row["city"], "all": " ".join(values)})
    return out


def surnames(name: str) -> set[str]:
    """The surnames of the people in a fixture (the spam robot's "Bot" would match "robots.txt")."""
    return {p["name"].split(" ", 1)[1] for p in fixture_people(name) if " " in p["name"] and p["name"] != "Spam Bot"}
