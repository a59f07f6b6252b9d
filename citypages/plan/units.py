"""The site's units, the cities' made when asked for: made up front, 50,000 cities' took 75 MB per process."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")
J = TypeVar("J")


class _Made(Generic[T, J]):
    """`make(item)` for each item, flattened; every item makes the same number of units (checked)."""

    def __init__(self, items: Sequence[T], make: Callable[[T], list[J]]):
        self.items, self.make = items, make
        self.per = len(make(items[0])) if items else 0
        self.made = functools.lru_cache(maxsize=1)(self._make)  # a city's page and card are asked for in turn

    def __len__(self) -> int:
        return len(self.items) * self.per

    def _make(self, n: int) -> list[J]:
        made = self.make(self.items[n])
        if len(made) != self.per:
            raise ValueError(f"item {n} makes {len(made)} units, not {self.per}")
        return made

    def __getitem__(self, i: int) -> J:
        n, k = divmod(i, self.per)
        return self.made(n)[k]

    def __iter__(self) -> Iterator[J]:
        for n in range(len(self.items)):
            yield from self.made(n)


class Units(Sequence[J]):
    """Units in plan order: single ones added with `append`, runs of cities with `add_made`."""

    def __init__(self) -> None:
        self.parts: list[list[J] | _Made[Any, J]] = []
        self.starts: list[int] = []

    def append(self, unit: J) -> None:
        if self.parts and isinstance(self.parts[-1], list):
            self.parts[-1].append(unit)
        else:
            self.starts.append(len(self))
            self.parts.append([unit])

    def __iadd__(self, units: Sequence[J]) -> Units[J]:
        for unit in units:
            self.append(unit)
        return self

    def add_made(self, items: Sequence[T], make: Callable[[T], list[J]]) -> None:
        """The units of each item, made by `make(item)` when one of them is asked for."""
        part: _Made[T, J] = _Made(items, make)
        if len(part):
            self.starts.append(len(self))
            self.parts.append(part)

    def __len__(self) -> int:
        return self.starts[-1] + len(self.parts[-1]) if self.parts else 0

    @overload
    def __getitem__(self, i: int) -> J: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[J]: ...
    def __getitem__(self, i: int | slice) -> J | Sequence[J]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i %= len(self)
        p = bisect.bisect_right(self.starts, i) - 1
        return self.parts[p][i - self.starts[p]]

    def __iter__(self) -> Iterator[J]:
        for part in self.parts:
            yield from part
