"""How a command's plain values (a string, a path, a flag, repeated strings, a number's
default) become Python values without a Pydantic TypeAdapter.

Typer 0.29 coerces every parameter through a TypeAdapter it builds at run time. Building the
first one imports Pydantic's schema machinery (about 60 ms, a sixth of ``deckgen check``), and
``check``, ``inspect`` and ``init`` need nothing else of Pydantic. A plain value is already what
the adapter would return, or becomes a ``Path`` the way Pydantic makes one, followed by Typer's
own path checks. Anything else (a number, an unusual value, an option with a parser) goes to
Typer's adapter as before.

This leans on two of Typer's internal names, ``_runtime_param`` and ``RuntimeParam``;
``pyproject.toml`` pins Typer below 0.30, and ``tests/test_cli_values.py`` fails if they
change.
"""

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import _TyperParameter

#: The annotations (Typer drops an ``Optional``) whose values are coerced here. A number is
#: only when it is one already and within its bounds (a default such as ``--row-timeout``'s);
#: a number typed on the command line is text, which Typer's adapter reads.
PLAIN: tuple[Any, ...] = (str, bool, Path, list[str], int, float)


class _PlainValue(RuntimeParam):
    """Coerce a plain value as Typer's adapter would; hand anything else to that adapter."""

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        kind, where = self.annotation, {"param": param, "ctx": ctx}
        if kind is str and type(value) is str:
            return value
        if kind is bool and type(value) is bool:
            return value
        if kind == list[str] and type(value) in (list, tuple) and _strings(value):
            return list(value)
        if kind in (int, float) and type(value) is kind and _within(self.parameter_info, value):
            return value
        if kind is Path and self.parameter_info.path_type is None:
            if isinstance(value, Path):  # a default: what Typer's adapter does with one
                return coerce_cli_path(value, self.parameter_info, path_type=Path, **where)
            if type(value) is str:
                # Pydantic's Path(value), then Typer's checks (readable, exists, ...) on it. A
                # refusal is Typer's to word: it names the path as typed, not as a Path prints.
                with contextlib.suppress(BadParameter):
                    return coerce_cli_path(
                        Path(value), self.parameter_info, path_type=Path, **where
                    )
        typers = build_runtime_param(param.type_descriptor)
        return typers._coerce_value(value, **where)


def plain_values(params: Iterable[Any]) -> None:
    """Give each plain parameter of a command the coercion above, unless it has one already."""
    for param in params:
        if not isinstance(param, _TyperParameter) or param._runtime_param is not None:
            continue
        described = param.type_descriptor
        info = described.parameter_info
        if described.file_annotation is None and info.parser is None and _is_plain(described):
            param._runtime_param = _PlainValue(annotation=described.annotation, parameter_info=info)


def _strings(values: Any) -> bool:
    return all(type(item) is str for item in values)


def _within(info: Any, value: float) -> bool:
    """Whether the adapter (``ge=min``, ``le=max``) would return the number as it is."""
    if info.clamp:
        return False
    return (info.min is None or value >= info.min) and (info.max is None or value <= info.max)


def _is_plain(described: Any) -> bool:
    return any(described.annotation == kind for kind in PLAIN)
