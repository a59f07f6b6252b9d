"""The C library's functions Python does not wrap, looked up once, for Linux only.

Two calls need them: malloc_trim (hand freed heap back before forking workers) and
renameat2 (swap output/ in one step). Elsewhere, or without the function, callers get
None and fall back to what Python offers.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
from collections.abc import Callable
from typing import Any


def function(name: str) -> Callable[..., Any] | None:
    """The C library's `name` (errno kept, for ctypes.get_errno), or None where there is none."""
    lib = _library()
    return getattr(lib, name, None) if lib is not None else None


@functools.cache
def _library() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name, use_errno=True) if name else None
