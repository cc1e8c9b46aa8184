"""The public API as a user's type checker sees it: every export of ``deckgen`` resolves to
its real type, and a name deckgen does not export is an error."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import deckgen

ROOT = Path(__file__).resolve().parent.parent


def test_every_export_resolves_at_run_time():
    for name in deckgen.__all__:
        assert getattr(deckgen, name) is not None, name
    with pytest.raises(AttributeError):
        deckgen.no_such_name  # noqa: B018


def test_exports_have_their_real_types_for_a_type_checker(tmp_path):
    api = pytest.importorskip("mypy.api")
    user = tmp_path / "user.py"
    user.write_text(
        textwrap.dedent(
            """
            from pathlib import Path

            import deckgen
            from deckgen import BuildResult, build_deck, check_deck, inspect_template

            result: BuildResult = build_deck(Path("pitch.yaml"))
            reveal_type(result.slides)
            reveal_type(check_deck(Path("deck.pptx"))[0].rule)
            reveal_type(inspect_template(Path("t.pptx")).report)
            reveal_type(deckgen.preview_deck)
            build_deck(Path("pitch.yaml"), slides=3)
            deckgen.no_such_name
            """
        ),
        encoding="utf-8",
    )
    out, _, status = api.run(
        ["--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(user)]
    )
    assert status == 1
    # mypy names builtins with or without their module, depending on its version.
    out = out.replace('"builtins.', '"')
    assert 'Revealed type is "int"' in out
    assert out.count('Revealed type is "str"') == 2
    assert 'Revealed type is "def (deck: pathlib.Path' in out
    assert "-> deckgen.export.Preview" in out
    assert 'Unexpected keyword argument "slides" for "build_deck"' in out
    assert 'Module has no attribute "no_such_name"' in out
    assert out.count("error:") == 2, out
