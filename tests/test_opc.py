"""A package's bookkeeping written without python-pptx (deckgen.ooxml.opc) is python-pptx's,
byte for byte: the names, [Content_Types].xml and every .rels part (issue 11)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx.opc import constants
from pptx.opc.oxml import CT_Relationships, serialize_part_xml
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import _ContentTypesItem
from pptx.opc.spec import default_content_types

from deckgen.ooxml import opc
from deckgen.ooxml.opc import CT, RT, Rel


def _names(holder: type) -> dict[str, str]:
    return {n: v for n, v in vars(holder).items() if n.isupper() and not n.startswith("_")}


def test_every_name_is_python_pptx_s() -> None:
    for ours, theirs in ((RT, constants.RELATIONSHIP_TYPE), (CT, constants.CONTENT_TYPE)):
        names = _names(ours)
        assert len(names) >= 10
        assert names == {name: getattr(theirs, name) for name in names}
    assert set(default_content_types) == opc.DEFAULT_CONTENT_TYPES


class _Part:
    """What python-pptx reads of a part to list it in [Content_Types].xml."""

    def __init__(self, partname: str, content_type: str) -> None:
        self.partname, self.content_type = PackURI(partname), content_type


def theirs_types(parts: list[tuple[str, str]]) -> bytes:
    return serialize_part_xml(_ContentTypesItem.xml_for([_Part(*p) for p in parts]))  # type: ignore[list-item]


def theirs_rels(source: str, rels: list[Rel]) -> bytes:
    base = PackURI(source).baseURI if source != "/" else "/"
    root = CT_Relationships.new()
    for rel in sorted(rels, key=lambda r: (int(r.r_id[3:]), r.r_id)):
        ref = rel.target if rel.external else PackURI(rel.target).relative_ref(base)
        root.add_rel(rel.r_id, rel.reltype, ref, rel.external)
    return root.xml_file_bytes


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> Path:
    from deckgen.api import build_deck

    return build_deck(None, output=tmp_path_factory.mktemp("opc") / "deck.pptx").output


def test_a_built_deck_s_bookkeeping_is_python_pptx_s(deck: Path) -> None:
    """Rewritten from the deck's own parts and relationships, python-pptx's way and ours."""
    from pptx import Presentation

    package = Presentation(str(deck)).part.package
    parts = [(str(p.partname), p.content_type) for p in package.iter_parts()]
    assert opc.content_types_xml(parts) == theirs_types(parts)
    with zipfile.ZipFile(deck) as zf:
        assert opc.content_types_xml(parts) == zf.read("[Content_Types].xml")
    compared = 0
    for source, rels in [("/", package._rels)] + [
        (str(p.partname), p.rels) for p in package.iter_parts()
    ]:
        ours = [
            Rel(
                r.rId,
                r.reltype,
                r.target_ref if r.is_external else str(r.target_part.partname),
                r.is_external,
            )
            for r in rels.values()
        ]
        if ours:
            assert opc.rels_xml(source, ours) == theirs_rels(source, ours)
            compared += 1
    assert compared > 30


_SEGMENT = st.text("abcXYZ019_-", min_size=1, max_size=8)
_PARTNAME = st.builds(
    lambda folders, stem, ext: "/" + "/".join([*folders, stem]) + ext,
    st.lists(_SEGMENT, max_size=3),
    _SEGMENT,
    st.sampled_from([".xml", ".PNG", ".png", ".jpeg", ".xlsx", ".bin", "", ".rels", ".Xml"]),
)
_TYPE = st.sampled_from(sorted({t for _, t in default_content_types} | {CT.PML_SLIDE, "x/y"}))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PARTNAME, _TYPE), max_size=12, unique_by=lambda p: p[0].lower()))
def test_content_types_are_python_pptx_s_for_any_parts(parts: list[tuple[str, str]]) -> None:
    assert opc.content_types_xml(parts) == theirs_types(parts)


_TARGET = st.one_of(_PARTNAME, st.text(min_size=1, max_size=30).filter(lambda t: "\x00" not in t))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["/", "/ppt/presentation.xml", "/ppt/slides/slide3.xml", "/a.xml"]),
    st.lists(st.tuples(_PARTNAME, st.booleans(), _TARGET), max_size=8),
)
def test_relationships_are_python_pptx_s_for_any_targets(source, targets) -> None:
    rels = [
        Rel(f"rId{n + 1}", RT.SLIDE, target if external else partname, external)
        for n, (partname, external, target) in enumerate(targets)
        if not external or all(c.isprintable() or c in "\t\n\r" for c in target)
    ]
    assert opc.rels_xml(source, rels) == theirs_rels(source, rels)
