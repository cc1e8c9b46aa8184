"""The bounded store that keeps a long batch's memory flat."""

from __future__ import annotations

from collections import OrderedDict

from deckgen.cache import LRU


def test_the_least_recently_used_entry_goes_first():
    cache: LRU[str] = LRU(2)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a") == "A"  # a is now more recent than b
    cache.put("c", "C")
    assert "b" not in cache
    assert (cache.get("a"), cache.get("c"), len(cache)) == ("A", "C", 2)


def test_a_miss_is_none():
    assert LRU(1).get("nothing") is None


class _DroppedMeanwhile(OrderedDict):  # type: ignore[type-arg]
    """An LRU's items as another thread leaves them: refreshing an entry finds it gone."""

    def move_to_end(self, key: object, last: bool = True) -> None:
        raise KeyError(key)


def test_an_entry_another_thread_drops_is_still_returned():
    store: LRU[str] = LRU(2)
    store.put("a", "A")
    store._items = _DroppedMeanwhile(store._items)
    assert store.get("a") == "A"
    assert store.put("b", "B") == "B"
