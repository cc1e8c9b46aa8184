"""Figures as Babel formats them, kept on disk for the next process (``diskcache``).

A deck shows a few dozen figures (3.000.000 €, 8×, 30 %, a date). Formatting the first one
loads Babel and its locale data, about 14 ms of a build whose slides are all kept (a fifteenth
of it). Each formatted text is kept by its locale and call, under a key of Babel's installed
files and deckgen's code, so the next build formats the same figures without Babel. A call
whose value has no fixed written form is formatted each time; a failing call is never kept.
"""

from __future__ import annotations

import datetime as dt
import decimal
import threading
from collections.abc import Callable
from typing import Any

from .. import diskcache

KIND = "formats"

#: Formatted texts kept per locale, in a process and on disk, the oldest dropped first: a
#: deck's figures and a few decks' more (a batch's clients bring their own figures).
MAX_KEPT = 1024

#: The value types whose repr is their content, the same in every process.
_PLAIN = (bool, int, float, str, decimal.Decimal, dt.date)


class KeptFormats:
    """The formatted texts of one locale: those an earlier process kept, and those made since."""

    def __init__(self, locale: str) -> None:
        self.key = {"locale": locale, "code": diskcache.installed_code(("babel",))}
        value = diskcache.read_entry(KIND, self.key)
        self.found: dict[str, Any] = {}
        if isinstance(value, dict):
            self.found = {k: v for k, v in value.items() if _kept_form(v)}
        self.changed = False

    def formatted(self, call: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """What ``make`` returns for ``call`` (its name and arguments): kept, else made now."""
        if not all(type(arg) in _PLAIN for arg in call):
            return make()
        name = "\x1f".join(f"{type(arg).__name__}:{arg!r}" for arg in call)
        found = self.found.get(name)
        if found is None:
            found = self.found[name] = make()
            self.changed = True
            if len(self.found) > MAX_KEPT:  # a long-running process (the web page, a worker)
                self.found.pop(next(iter(self.found)))
        return tuple(found) if isinstance(found, list) else found

    def write(self) -> None:
        """Keep the newest MAX_KEPT texts; nothing is written when nothing is new."""
        if not self.changed:
            return
        self.changed = False
        diskcache.write_entry(KIND, self.key, dict(self.found))


def _kept_form(value: Any) -> bool:
    """A text, or a currency's (symbol, written before the number): anything else is foreign."""
    match value:
        case str():
            return True
        case [str(), bool()]:
            return True
    return False


_STORES: dict[str, KeptFormats] = {}
_LOCK = threading.Lock()


def kept_formats(locale: str) -> KeptFormats:
    """The process's store of one locale, read on first use."""
    with _LOCK:
        store = _STORES.get(locale)
        if store is None:
            store = _STORES[locale] = KeptFormats(locale)
        return store


def save_kept_formats() -> None:
    """Keep for the next process what this one formatted: a build calls it once its deck is
    written."""
    with _LOCK:
        stores = list(_STORES.values())
    for store in stores:
        store.write()
