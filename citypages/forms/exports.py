"""How a form service gives its submissions back: the shape of its export file, and its submissions API. Each
service's module fills these in next to the documentation they were checked against, and citypages/responses
reads and pulls with them; this module imports nothing of ours, so both can import it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

PAGE = 100  # submissions asked for per page, where the API lets us choose
Get = Callable[[str, dict[str, str]], Any]  # (address, headers) -> the decoded JSON answer
Item = dict[str, Any]

# The columns an export may keep the submission time in, tried in order (compared lowercased, alphanumerics only).
TIME_COLUMNS = ("created_at", "createdat", "submitted_at", "date", "timestamp", "submission date", "submitted at",
                "time", "_date")


@dataclass(frozen=True)
class Format:
    """What one service's export looks like."""

    provider: str
    title: str
    time_columns: tuple[str, ...]
    renamed: tuple[tuple[str, str], ...] = ()  # (their column, our field)
    honeypots: tuple[str, ...] = ("_gotcha",)
    json_list: str = ""  # the key holding the list in a JSON export ("" : the file is the list)
    marks: tuple[str, ...] = ()  # columns only this service's export has: an import is guessed from them
    first_columns: tuple[str, ...] = ()  # what only this service calls its first column, likewise


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


def batch(data: object, key: str, title: str) -> list[Item]:
    """The list of submissions under `key` in an API's answer; anything else is a PullError."""
    found = data.get(key) if isinstance(data, dict) else None
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        raise PullError(f"{title}'s API answered something other than a list of submissions")
    return found
