"""Names a package imports on first use, so that importing it (the command line does, before
any command runs) costs nothing until a name is asked for."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def lazy_names(
    package: str, homes: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """A module's ``__getattr__`` and ``__dir__`` for ``package``: each name in ``homes`` is
    imported from its module (relative to the package) the first time it is asked for, and
    listed by ``dir()`` (completion, introspection) before that; any other name is one of the
    package's modules, imported when asked for."""

    def __getattr__(name: str) -> object:
        home = homes.get(name)
        if home is None:  # a module of the package (``fit.fonts``), as an eager one has it
            try:
                return importlib.import_module(f".{name}", package)
            except ModuleNotFoundError as err:
                if err.name != f"{package}.{name}":
                    raise
                raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(f".{home}", package), name)
        # Kept on the package: the next look-up is an ordinary attribute's, as a name of a
        # hot loop (``ooxml.qn``) needs.
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *homes})

    return __getattr__, __dir__
