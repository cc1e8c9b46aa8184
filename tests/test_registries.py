"""The slide-kind and role registries agree with each other and with everything that uses them:
adding a kind or a role in one place is all it takes, and forgetting a part is a failing test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from deckgen import roles
from deckgen.api import load
from deckgen.engine import engine_for
from deckgen.kinds import KINDS
from deckgen.kinds.builder import SlideBuilder
from deckgen.models import SLIDE_KINDS
from deckgen.resources import shipped_template
from deckgen.template import load_template

DECKGEN = Path(__file__).resolve().parent.parent / "deckgen"


def test_every_slide_kind_of_the_model_has_its_needs_and_a_builder():
    assert set(KINDS) == set(SLIDE_KINDS)
    for name, kind in KINDS.items():
        assert kind.model is SLIDE_KINDS[name], name
        assert callable(kind.build), name
        assert kind.needs.required and set(kind.needs.required) <= set(kind.needs.wanted), name


def test_every_role_a_kind_needs_or_fills_is_registered():
    for name, kind in KINDS.items():
        needs = kind.needs
        assert set(needs.required) | set(needs.wanted) <= set(roles.ROLES), name
        assert needs.frame in (None, "chart", "table"), name


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_role_the_builders_give_is_placed_in_reading_order(language):
    deck = load(language=language)
    builder = SlideBuilder(deck, engine_for(deck.language, deck.currency))
    for index, slide in enumerate(deck.slides):
        for role in builder.content(index).texts:
            assert role in roles.READING_ORDER, (slide.kind, role)


def test_roles_fall_back_to_registered_roles_and_end_in_the_body():
    for role in roles.ROLES.values():
        seen = {role.name}
        target = role.fallback
        while target is not None:
            assert target in roles.ROLES and target not in seen, role.name
            seen.add(target)
            target = roles.ROLES[target].fallback
    assert roles.text_target("attribution", {"body"}) == "body"
    assert roles.text_target("attribution", {"quote", "body"}) == "quote"
    assert roles.text_target("presenter", set()) is None


def test_no_role_is_fitted_below_the_minimum_and_names_are_unique():
    assert all(floor >= roles.MIN_FONT_PT for floor in roles.FLOORS_PT.values())
    names = [name for role in roles.ROLES.values() for name in role.names]
    assert len(names) == len(set(names))
    assert all(name == name.lower().strip() for name in names)
    types = {t for role in roles.ROLES.values() for t in role.types}
    assert types <= {member.name for member in PP_PLACEHOLDER}


def test_every_role_read_from_templates_is_registered(tmp_path):
    prs = Presentation()
    prs.save(str(tmp_path / "office.pptx"))
    for path in (shipped_template(), tmp_path / "office.pptx"):
        template = load_template(path)
        for layout in template.layouts:
            for role in layout.roles:
                assert role in roles.ROLES or re.fullmatch(r"body\d+", role), (path, role)


def test_the_minimum_font_size_is_written_once():
    """12 pt is the one smallest size: written in roles.py, read everywhere else."""
    written = [
        f"{path.relative_to(DECKGEN)}:{n}"
        for path in DECKGEN.rglob("*.py")
        if path.name != "roles.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"(?<![\w.])12\.0\b|\bPt\(12\)|_PT = 12\b", line)
    ]
    assert written == []
