"""The garbage collector during a command (issue 11: start-up): off while a single command
runs, back on for the commands that run on (a batch, a watch, client rows), and the caller's
own setting restored when the command line returns. Pydantic's plugins likewise: off while a
command runs unless the caller chose, the caller's environment given back; while they are off,
Pydantic's plugin loader (and the importlib.metadata it imports) is not loaded at all."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import deckgen.api
from deckgen.cli import main
from deckgen.errors import InputError


@pytest.fixture
def collecting() -> Iterator[None]:
    """Run the test with the collector on, and leave it as it was found."""
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def run_main(monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    monkeypatch.setattr(sys, "argv", ["deckgen", *argv])
    with pytest.raises(SystemExit) as stop:
        main()
    return int(stop.value.code or 0)


def recording(seen: list[bool]) -> Any:
    """A stand-in for a library call: notes whether the collector is on when it is called."""

    def call(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        raise InputError("stopped by the test")

    return call


@pytest.mark.usefixtures("collecting")
def test_a_build_runs_without_the_collector_and_gives_it_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(deckgen.api, "build_deck", recording(seen))
    code = run_main(monkeypatch, "build", "-o", str(tmp_path / "d.pptx"))
    assert code != 0  # the stand-in's error, reported as a user error
    assert seen == [False]
    assert gc.isenabled()


@pytest.fixture
def clients(tmp_path: Path) -> Path:
    table = tmp_path / "clients.csv"
    table.write_text("audience.company\nAcme GmbH\n", encoding="utf-8")
    return table


@pytest.mark.usefixtures("collecting")
def test_a_batch_collects_garbage_as_it_goes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clients: Path
) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(deckgen.api, "build_batch", recording(seen))
    run_main(monkeypatch, "batch", "pitch.yaml", str(clients), "-o", str(tmp_path / "decks"))
    assert seen == [True]


@pytest.mark.usefixtures("collecting")
def test_client_rows_are_validated_with_the_collector_on(
    monkeypatch: pytest.MonkeyPatch, clients: Path
) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(deckgen.api, "validate", recording(seen))
    run_main(monkeypatch, "validate", "pitch.yaml", "--clients", str(clients))
    run_main(monkeypatch, "validate", "pitch.yaml")
    assert seen == [True, False]


def test_a_caller_without_the_collector_keeps_it_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        monkeypatch.setattr(deckgen.api, "build_deck", recording([]))
        run_main(monkeypatch, "build", "-o", str(tmp_path / "d.pptx"))
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def noting_plugins(seen: list[str | None]) -> Any:
    """A stand-in for a library call: notes Pydantic's plugin switch when it is called."""

    def call(*args: Any, **kwargs: Any) -> Any:
        seen.append(os.environ.get("PYDANTIC_DISABLE_PLUGINS"))
        raise InputError("stopped by the test")

    return call


def test_a_command_runs_without_pydantic_plugins_and_gives_the_environment_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    seen: list[str | None] = []
    monkeypatch.setattr(deckgen.api, "validate", noting_plugins(seen))
    run_main(monkeypatch, "validate", "pitch.yaml")
    assert seen == ["1"]
    assert "PYDANTIC_DISABLE_PLUGINS" not in os.environ


@pytest.mark.parametrize("setting", ["logfire", "1", ""])
def test_a_callers_own_plugin_setting_is_kept(
    monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", setting)
    seen: list[str | None] = []
    monkeypatch.setattr(deckgen.api, "validate", noting_plugins(seen))
    run_main(monkeypatch, "validate", "pitch.yaml")
    assert seen == [setting]
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == setting


#: Runs `deckgen validate` through main() in a fresh process and reports what it loaded.
_VALIDATE_AND_REPORT = """
import json, sys
from deckgen.cli import main
sys.argv = ["deckgen", "validate", sys.argv[1]]
try:
    main()
except SystemExit as stop:
    code = stop.code
loader = sys.modules.get("pydantic.plugin._loader")
print(json.dumps({
    "code": code,
    "metadata": "importlib.metadata" in sys.modules,
    "loader": None if loader is None else getattr(loader, "__file__", "stand-in"),
}))
"""


SHIPPED = Path(__file__).parents[1] / "content" / "social-maturity.de.yaml"


def validate_in_a_process(plugins: str | None) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if plugins is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = plugins
    done = subprocess.run(
        [sys.executable, "-c", _VALIDATE_AND_REPORT, str(SHIPPED)],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return dict(json.loads(done.stdout.splitlines()[-1]))


def test_with_plugins_off_pydantics_loader_and_importlib_metadata_are_never_loaded():
    report = validate_in_a_process(None)
    assert report["code"] in (0, None)  # the shipped content validates
    assert report["metadata"] is False
    assert report["loader"] is None  # the stand-in is gone once the command returns


def test_a_caller_naming_plugins_gets_pydantics_own_loader():
    report = validate_in_a_process("some_plugin")
    assert report["code"] in (0, None)
    assert report["metadata"] is True
    assert str(report["loader"]).endswith("_loader.py")
