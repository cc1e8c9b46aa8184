"""The bounded store that keeps a long batch's memory flat."""

from __future__ import annotations

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
