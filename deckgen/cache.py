"""A bounded least-recently-used store for the work deckgen reuses between decks.

A batch of thousands of decks reuses compiled strings, slides, charts and compressed parts that
repeat from client to client, while most of what each client changes is never seen again. An
LRU keeps the repeating entries and lets the one-off ones go, so hits stay high and memory stays
flat however many decks a process builds.

Threads share some stores (the web page's builds, a batch's threads) without a lock: an entry
another thread drops between finding and refreshing it is still returned, and a full store
emptied by two threads at once stays consistent.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class LRU(Generic[V]):
    """At most ``size`` entries; the least recently used one goes when a new one comes."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable) -> V | None:
        """Return the entry for key (now the most recent), or None."""
        found = self._items.get(key)
        if found is not None:
            with contextlib.suppress(KeyError):  # dropped by another thread meanwhile
                self._items.move_to_end(key)
        return found

    def put(self, key: Hashable, value: V) -> V:
        """Store value under key, dropping the least recently used entry when full."""
        self._items[key] = value
        with contextlib.suppress(KeyError):  # dropped by another thread meanwhile
            self._items.move_to_end(key)
            if len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items
