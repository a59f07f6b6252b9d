"""A piece of work of the build: one unit of the site, the key of its inputs, and how to make its files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from citypages.model.site import Page


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    key: str
    render: Callable[[], list[Page]]
    kept: bool = False
    """Its files are taken from the build's cache by its key when an earlier build made them (share
    cards, the ZIP lookup): its key then names every input, the engine's own source excepted."""
