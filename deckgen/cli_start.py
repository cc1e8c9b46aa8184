"""How a command-line process starts: what is turned off while a command starts, and given back
to the caller when it returns.

- The garbage collector is off: imports and Pydantic's model classes make objects that live
  until the process ends, and the collector scanned them again and again (about a tenth of a
  build, for 1-5 MB less memory). Commands that run on turn it back on
  (``collect_garbage_again``), with what start-up made frozen.
- Pydantic's plugins are off unless the caller set ``PYDANTIC_DISABLE_PLUGINS``, as Typer does
  for its own adapters: deckgen's content models have no use for them, and looking for them
  means walking every installed distribution's entry points. While they are off, Pydantic's
  plugin loader is a stand-in saying so: the real one imports ``importlib.metadata`` (email,
  zipfile, csv; about 20 ms, a twentieth of ``deckgen validate``) before it reads the switch.
"""

import gc
import importlib.machinery
import os
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager

PLUGINS = "PYDANTIC_DISABLE_PLUGINS"

#: Pydantic's module that finds plugins; it asks it for ``get_plugins`` and nothing else.
PLUGIN_LOADER = "pydantic.plugin._loader"

#: The values of PLUGINS with which Pydantic loads no plugin at all.
_ALL_OFF = ("__all__", "1", "true")


def collect_garbage_again() -> None:
    """Turn the garbage collector back on for a command that runs on (a batch, a watch, the
    web page): what start-up made is frozen, so the collections that follow skip it."""
    gc.freeze()
    gc.enable()


@contextmanager
def command_start() -> Iterator[None]:
    """Run a command with the collector and Pydantic's plugins off, then restore both as the
    caller had them (with what the command made frozen: else the first collection, and the
    one at exit, would scan it all)."""
    collecting = gc.isenabled()
    gc.disable()
    chosen = PLUGINS in os.environ
    os.environ.setdefault(PLUGINS, "1")
    stand_in = _stand_in_loader() if os.environ[PLUGINS] in _ALL_OFF else None
    try:
        yield
    finally:
        if stand_in is not None and sys.modules.get(PLUGIN_LOADER) is stand_in:
            del sys.modules[PLUGIN_LOADER]
        if not chosen:
            os.environ.pop(PLUGINS, None)
        if collecting:
            collect_garbage_again()


def _stand_in_loader() -> types.ModuleType | None:
    """A plugin loader that loads none, in place of Pydantic's (not where it is loaded)."""
    if PLUGIN_LOADER in sys.modules:
        return None
    stand_in = types.ModuleType(PLUGIN_LOADER, "Pydantic's plugin loader while plugins are off.")
    stand_in.__spec__ = importlib.machinery.ModuleSpec(PLUGIN_LOADER, None)
    stand_in.get_plugins = _no_plugins  # type: ignore[attr-defined]
    sys.modules[PLUGIN_LOADER] = stand_in
    return stand_in


def _no_plugins() -> tuple[()]:
    return ()
