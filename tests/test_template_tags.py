"""Jinja tags in a template's master and layouts, including tags PowerPoint split over runs."""

from __future__ import annotations

import copy
import shutil

from conftest import open_deck
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn

from deckgen.api import build_deck
from deckgen.ooxml import apply_rendered, join_split_tags, tag_texts
from deckgen.resources import shipped_template

A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def paragraph(*runs: tuple[str, bool]):
    p = etree.Element(qn("a:p"), nsmap={"a": A})
    for text, bold in runs:
        r = etree.SubElement(p, qn("a:r"))
        rpr = etree.SubElement(r, qn("a:rPr"), lang="de-DE")
        if bold:
            rpr.set("b", "1")
        etree.SubElement(r, qn("a:t")).text = text
    return p


def test_a_tag_split_over_three_runs_is_joined_into_the_first():
    p = paragraph(("Für {{ audi", True), ("ence.com", False), ("pany }}!", False), (" Ende", False))
    join_split_tags(p)
    runs = p.findall(qn("a:r"))
    assert [r.find(qn("a:t")).text for r in runs] == ["Für {{ audience.company }}!", " Ende"]
    assert runs[0].find(qn("a:rPr")).get("b") == "1"


def test_a_tag_split_inside_its_braces_is_joined():
    p = paragraph(("{", False), ("{ x }", False), ("}", False))
    join_split_tags(p)
    assert [t.text for t in p.iter(qn("a:t"))] == ["{{ x }}"]


def test_rendering_tags_leaves_runs_without_tags_alone():
    p = paragraph(("Vertraulich", True), (" {{ a }}", False))
    assert tag_texts(p) == (" {{ a }}",)
    apply_rendered(p, {" {{ a }}": " ACME"})
    assert [t.text for t in p.iter(qn("a:t"))] == ["Vertraulich", " ACME"]


def test_split_tag_in_the_master_footer_is_rendered_on_every_slide(tmp_path):
    template = tmp_path / "split.pptx"
    shutil.copy(shipped_template(), template)
    prs = Presentation(str(template))
    layouts = [prs.slide_master, *prs.slide_layouts]
    for owner in layouts:
        for shape in owner.placeholders:
            if shape.placeholder_format.type == PP_PLACEHOLDER.FOOTER:
                p = shape.text_frame.paragraphs[0]._p
                first = p.findall(qn("a:r"))[0]
                for r in p.findall(qn("a:r")):
                    p.remove(r)
                for text in ("Intern: {{ audi", "ence.comp", "any }}"):
                    r = copy.deepcopy(first)
                    r.find(qn("a:t")).text = text
                    p.append(r)
    prs.save(str(template))

    out = build_deck(language="en", template=template, output=tmp_path / "d.pptx").output
    for slide in open_deck(out).slides:
        footers = [
            s.text_frame.text
            for s in slide.placeholders
            if s.placeholder_format.type == PP_PLACEHOLDER.FOOTER
        ]
        assert footers == ["Intern: Example Corp"]


def _footer_template(tmp_path, text: str):
    """The shipped template with every footer on the master and layouts reading text."""
    template = tmp_path / "footer.pptx"
    prs = Presentation(str(shipped_template()))
    for owner in [prs.slide_master, *prs.slide_layouts]:
        for shape in owner.placeholders:
            if shape.placeholder_format.type == PP_PLACEHOLDER.FOOTER:
                shape.text_frame.paragraphs[0].runs[0].text = text
    prs.save(str(template))
    return template


def test_client_values_in_template_text_are_escaped_and_numbered_per_slide(tmp_path):
    from deckgen.api import load
    from deckgen.render import render_deck
    from deckgen.template import load_template

    template = load_template(_footer_template(tmp_path, "{{ client.region }} & Partner"))
    deck = load(language="en")
    for region in ("Nord <A&B>", "Süd \"C\" 'D'"):
        out = tmp_path / "d.pptx"
        out.write_bytes(render_deck(deck, template, {"region": region}))
        for number, slide in enumerate(open_deck(out).slides, start=1):
            by_type = {
                s.placeholder_format.type: s.text_frame.text
                for s in slide.placeholders
                if s.has_text_frame
            }
            assert by_type[PP_PLACEHOLDER.FOOTER] == f"{region} & Partner"
            assert by_type[PP_PLACEHOLDER.SLIDE_NUMBER] == str(number)


def test_a_control_character_a_tag_shows_in_template_text_is_a_clear_error(tmp_path):
    import pytest

    from deckgen.api import load
    from deckgen.errors import InputError
    from deckgen.render import render_deck
    from deckgen.template import load_template

    template = load_template(_footer_template(tmp_path, "{{ client.region }}"))
    with pytest.raises(InputError, match="U\\+0007, a control character"):
        render_deck(load(language="en"), template, {"region": "Nord\x07"})
