"""A cache shared by every session, bounded by what its values weigh in bytes, not by how many there are.

Streamlit's caches bound entries (``max_entries``): 64 uploads of 80 MB each fit in one. Here the bound is
the sum of the values' weights (``cachetools.LRUCache`` with ``getsizeof``), least recently used out first;
a value heavier than the whole cache is handed back and not kept. One computation per key at a time (a
second caller of the same key waits for the first's value, as with ``st.cache_resource``). It lives in
this process, outside Streamlit's caches, so no visitor's ``clear_cache`` message reaches it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any

from cachetools import LRUCache


class SizedCache:
    """``get(key, make)``: the value kept for ``key``, or ``make()`` kept under the byte bound."""

    def __init__(self, max_bytes: int, weigh: Callable[[Any], int]):
        self.max_bytes = max_bytes
        self._values = LRUCache(maxsize=max_bytes, getsizeof=weigh)
        self._lock = threading.Lock()
        self._making: weakref.WeakValueDictionary = weakref.WeakValueDictionary()

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._values:
                return self._values[key]
            making = self._making.get(key)
            if making is None:
                making = self._making[key] = threading.Lock()
        with making:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            value = make()
            with self._lock:
                try:
                    self._values[key] = value
                except ValueError:  # heavier than the whole cache: used now, not kept
                    pass
            return value

    @property
    def weight(self) -> int:
        """The bytes the kept values weigh now."""
        with self._lock:
            return int(self._values.currsize)

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
