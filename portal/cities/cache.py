"""A small least-recently-used cache shared by the threads of one process.

City maps and city counts are functions of the data version (``portal.indexing.data_state``),
so their keys start with its token: an import or a correction makes new keys, and old
entries simply age out.
"""

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

from flask import current_app

V = TypeVar("V")


class LruCache(Generic[V]):
    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[tuple[object, ...], V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: tuple[object, ...]) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: tuple[object, ...], value: V) -> V:
        """Keep ``value`` (built outside the lock, so other requests are served meanwhile)."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


def app_cache(name: str, size: int) -> LruCache:
    """The app's cache called ``name`` (one per app, so test apps never share entries)."""
    return current_app.extensions.setdefault(f"cities.{name}", LruCache(size))
