"""The site's units as a sequence whose city units are made when they are asked for.

A site of 50,000 cities has 100,000 units (a page and its share card per city); made all
up front, their keys, names and render closures took 75 MB in the build process, and every
forked worker started with a copy of them. Here a run of cities is kept as the list of
cities and the function that makes one city's units, and unit i is made when the writer
(or the worker it is handed to) reaches it. Made again, a unit is the same.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar, overload

T = TypeVar("T")
J = TypeVar("J")


class _Indexed(Sequence[J]):
    """Indexing and slicing as a list does them, over `_at(i)` for 0 <= i < len(self)."""

    def _at(self, i: int) -> J:
        raise NotImplementedError

    @overload
    def __getitem__(self, i: int) -> J: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[J]: ...
    def __getitem__(self, i: int | slice) -> J | Sequence[J]:
        if isinstance(i, slice):
            return [self._at(k) for k in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self._at(i % len(self))


class _Made(_Indexed[J], Generic[T, J]):
    """`make(item)` for each item, flattened; every item makes the same number of units (checked)."""

    def __init__(self, items: Sequence[T], make: Callable[[T], list[J]]):
        self.items, self.make = items, make
        self.per = len(make(items[0])) if items else 0
        self.last: tuple[int, list[J]] | None = None  # a city's page and card are asked for one after the other

    def __len__(self) -> int:
        return len(self.items) * self.per

    def made(self, n: int) -> list[J]:
        if self.last is None or self.last[0] != n:
            made = self.make(self.items[n])
            if len(made) != self.per:
                raise ValueError(f"item {n} makes {len(made)} units, not {self.per}")
            self.last = (n, made)
        return self.last[1]

    def _at(self, i: int) -> J:
        n, k = divmod(i, self.per)
        return self.made(n)[k]

    def __iter__(self) -> Iterator[J]:
        for n in range(len(self.items)):
            yield from self.made(n)


class Units(_Indexed[J]):
    """Units in plan order: single ones added with `append`, runs of cities with `add_made`."""

    def __init__(self) -> None:
        self.parts: list[Sequence[J]] = []
        self.starts: list[int] = []
        self.size = 0

    def append(self, unit: J) -> None:
        if self.parts and isinstance(self.parts[-1], list):
            self.parts[-1].append(unit)
        else:
            self._add([unit])
        self.size += 1

    def extend(self, units: Sequence[J]) -> None:
        for unit in units:
            self.append(unit)

    def __iadd__(self, units: Sequence[J]) -> Units[J]:
        self.extend(units)
        return self

    def add_made(self, items: Sequence[T], make: Callable[[T], list[J]]) -> None:
        """The units of each item, made by `make(item)` when one of them is asked for."""
        part: _Made[T, J] = _Made(items, make)
        if len(part):
            self._add(part)
            self.size += len(part)

    def _add(self, part: Sequence[J]) -> None:
        self.starts.append(self.size)
        self.parts.append(part)

    def __len__(self) -> int:
        return self.size

    def _at(self, i: int) -> J:
        p = bisect.bisect_right(self.starts, i) - 1
        return self.parts[p][i - self.starts[p]]

    def __iter__(self) -> Iterator[J]:
        for part in self.parts:
            yield from part
