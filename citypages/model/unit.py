"""A piece of work of the build: one unit of the site, the key of its inputs, and how to make its files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from citypages.model.site import Page


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit of the site: its id, the key of its inputs, and how to render its files."""

    name: str
    key: str
    render: Callable[[], list[Page]]
    own_key: str = ""
    """Set when the key covers all the files depend on, the engine and the settings included, not only
    what sets this unit apart; it names where the files lie (a file's path, or a folder ending in "/").
    A full build (after a template change, say) may then keep what an earlier build wrote there under
    the same key, if it is still as that build's manifest records it (`_Earlier`)."""
