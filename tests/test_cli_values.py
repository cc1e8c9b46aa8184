"""Plain command-line values are coerced without Typer's TypeAdapters, to the same values and
the same errors (deckgen.cli_values)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from deckgen.cli import app
from deckgen.cli_values import PLAIN, _PlainValue, plain_values

COMMAND = typer.main.get_command(app)


def _params() -> list[Any]:
    """Every parameter of every command, and the group's own."""
    params = list(COMMAND.params)
    for command in COMMAND.commands.values():
        ctx = command.make_context(command.name, ["--help"], resilient_parsing=True)
        params.extend(command.get_params(ctx))
    return params


def _values(annotation: Any, tmp_path: Path) -> list[Any]:
    existing = tmp_path / "deck.pptx"
    existing.write_bytes(b"PK")
    folder = tmp_path / "folder"
    folder.mkdir(exist_ok=True)
    return {
        str: ["", "de", "Müller & Söhne", " padded ", 7],
        bool: [True, False, "true", "0"],
        Path: [
            "",
            " spaced.pptx ",
            "out/d.pptx",
            "./out//d.pptx",
            "out/",
            str(existing),
            str(folder),
            "-",
            Path("x/y.pptx"),
            3,
        ],
        list[str]: [("a=b",), ["audience.company=Acme", "x="], ("a", 1)],
        int: [96, 20, 600, 19, 601, 0, 1, 2, 8765, -3, "7", "x", 2.0, True],
        float: [120.0, 0.0, -0.5, 3, "2.5", "x", float("inf"), float("nan"), True],
    }[annotation]


def _outcome(runtime: Any, value: Any, param: Any) -> tuple[str, Any]:
    try:
        return "value", runtime._coerce_value(value, param=param, ctx=None)
    except BadParameter as err:
        return "error", err.format_message()


def test_every_command_s_plain_parameter_is_coerced_here() -> None:
    covered = {}
    for param in _params():
        param._runtime_param = None
        plain_values([param])
        covered[param.name] = isinstance(param._runtime_param, _PlainValue)
    # Every parameter: strings, flags, paths, repeated strings and the numbers' defaults.
    assert {name for name, plain in covered.items() if not plain} == set()
    assert {"jobs", "row_timeout", "dpi", "port"} <= set(covered)
    assert covered["deck"] and covered["set_"] and covered["help"] and covered["version"]


def test_plain_values_are_what_typer_s_adapters_make_of_them(tmp_path: Path) -> None:
    compared = 0
    for param in _params():
        described = param.type_descriptor
        if described.annotation not in PLAIN:
            continue
        ours = _PlainValue(annotation=described.annotation, parameter_info=described.parameter_info)
        typers = build_runtime_param(described)
        for value in _values(described.annotation, tmp_path):
            expected = _outcome(typers, value, param)
            got = _outcome(ours, value, param)
            assert got == expected, (param.name, value)
            assert type(got[1]) is type(expected[1]), (param.name, value)
            compared += 1
    assert compared > 100


@pytest.mark.parametrize("typed", ["locked.pptx", "./locked.pptx", ".//locked.pptx"])
def test_an_unreadable_deck_gets_typer_s_own_message(typed, tmp_path, monkeypatch) -> None:
    """Typer names the path as it was typed ('./locked.pptx'), not as a Path prints it."""
    (tmp_path / "locked.pptx").write_bytes(b"PK")
    monkeypatch.chdir(tmp_path)
    readable = os.access  # root reads every file: the test says this one cannot be read
    monkeypatch.setattr(
        os, "access", lambda path, mode: "locked" not in str(path) and readable(path, mode)
    )
    (param,) = [p for p in COMMAND.commands["check"].params if p.name == "deck"]
    described = param.type_descriptor
    ours = _PlainValue(annotation=described.annotation, parameter_info=described.parameter_info)
    expected = _outcome(build_runtime_param(described), typed, param)
    assert expected == ("error", f"Invalid value for 'DECK': path {typed!r} is not readable.")
    assert _outcome(ours, typed, param) == expected


def test_a_parameter_with_a_coercion_of_its_own_keeps_it() -> None:
    (param,) = [p for p in COMMAND.commands["check"].params if p.name == "deck"]
    mine = object()
    param._runtime_param = mine
    plain_values([param])
    assert param._runtime_param is mine
    param._runtime_param = None
