"""External links in templates: a linked picture, hyperlink or linked object in a template's
master, layouts or slides never reaches a deck, and LibreOffice never fetches one."""

from __future__ import annotations

import io
import shutil
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fixtures import make_templates as mt
from lxml import etree
from PIL import Image
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from typer.testing import CliRunner

from deckgen import export
from deckgen.cli import app
from deckgen.ooxml.links import links_note, without_external_links
from deckgen.template import load_template

NS_R = mt.NS_R


class _Recorder(BaseHTTPRequestHandler):
    """Serves a small PNG for any path and records every request it gets."""

    requests: list[str]

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.requests.append(self.path)
        png = io.BytesIO()
        Image.new("RGB", (8, 8), (255, 0, 0)).save(png, format="PNG")
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(png.getvalue())))
        self.end_headers()
        self.wfile.write(png.getvalue())

    do_HEAD = do_GET  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A web server on the loopback address that counts what it is asked for."""
    seen: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": seen})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def add_element(owner, xml: str) -> None:
    """Append a shape (a DrawingML element as text) to a master's, layout's or slide's tree."""
    tree = owner._element.find(qn("p:cSld")).find(qn("p:spTree"))
    tree.append(etree.fromstring(xml))


def linked_picture_xml(r_id: str, shape_id: int, name: str) -> str:
    return (
        f'<p:pic {mt.NSDECL}><p:nvPicPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        "<p:cNvPicPr/><p:nvPr/></p:nvPicPr>"
        f'<p:blipFill><a:blip r:link="{r_id}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )


def hyperlinked_box_xml(r_id: str, shape_id: int) -> str:
    return (
        f'<p:sp {mt.NSDECL}><p:nvSpPr><p:cNvPr id="{shape_id}" name="Link">'
        f'<a:hlinkClick r:id="{r_id}"/></p:cNvPr><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="914400" y="0"/><a:ext cx="914400" cy="457200"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        '<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-GB">'
        f'<a:hlinkClick r:id="{r_id}"/></a:rPr><a:t>our site</a:t></a:r></a:p></p:txBody></p:sp>'
    )


def linking_template(path: Path, base: str, *, slide: bool = False) -> Path:
    """A template whose master shows a picture linked at ``base`` and a hyperlink there, and
    whose title layout links a second picture; with ``slide``, a slide linking a third."""
    prs = mt.office()
    master = prs.slide_masters[0]
    pic = master.part.relate_to(f"{base}/master-pixel.png", RT.IMAGE, is_external=True)
    link = master.part.relate_to(f"{base}/site", RT.HYPERLINK, is_external=True)
    add_element(master, linked_picture_xml(pic, 900, "Tracker"))
    add_element(master, hyperlinked_box_xml(link, 901))
    layout = master.slide_layouts[0]
    pic2 = layout.part.relate_to(f"{base}/layout-pixel.png", RT.IMAGE, is_external=True)
    add_element(layout, linked_picture_xml(pic2, 902, "Tracker 2"))
    if slide:
        own = prs.slides.add_slide(prs.slide_layouts[6])
        pic3 = own.part.relate_to(f"{base}/slide-pixel.png", RT.IMAGE, is_external=True)
        add_element(own, linked_picture_xml(pic3, 903, "Tracker 3"))
    return mt.save(prs, path)


def external_targets(deck: Path) -> list[str]:
    with zipfile.ZipFile(deck) as z:
        rels = [z.read(n).decode() for n in z.namelist() if n.endswith(".rels")]
    return [r for r in rels if 'TargetMode="External"' in r]


NOTE = (
    "its 3 external links (linked pictures, hyperlinks, linked objects) are left out of the "
    "deck, so neither the deck nor a PDF of it fetches anything from "
)


def test_external_links_of_a_template_are_dropped_with_a_note(tmp_path, server):
    base, seen = server
    path = linking_template(tmp_path / "links.pptx", base)
    assert external_targets(path)  # the template itself links out
    template = load_template(path)
    assert template.notes == [NOTE + "127.0.0.1"]
    inspected = CliRunner().invoke(app, ["inspect", str(path)])
    assert inspected.exit_code == 0, inspected.output
    assert NOTE + "127.0.0.1" in " ".join(inspected.stdout.split())  # wrapped to the terminal
    out = tmp_path / "deck.pptx"
    built = CliRunner().invoke(app, ["build", "--lang", "en", "-t", str(path), "-o", str(out)])
    assert built.exit_code == 0, built.output
    assert f"note: {path}: {NOTE}127.0.0.1\n" in built.stderr
    assert external_targets(out) == []
    with zipfile.ZipFile(out) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    # The shapes stay (the design is the designer's); what they pointed at is gone.
    assert b'name="Tracker"' in xml and b'name="Link"' in xml
    assert b"r:link=" not in xml and b"hlinkClick r:id" not in xml
    assert seen == []


needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice is not installed",
)


@needs_libreoffice
@pytest.mark.libreoffice
def test_build_with_pdf_fetches_nothing_a_template_links(tmp_path, server):
    base, seen = server
    path = linking_template(tmp_path / "links.pptx", base)
    out = tmp_path / "deck.pptx"
    args = ["build", "--lang", "en", "-t", str(path), "-o", str(out), "--pdf"]
    built = CliRunner().invoke(app, args)
    assert built.exit_code == 0, built.output
    assert out.with_suffix(".pdf").stat().st_size > 0
    assert seen == []


@needs_libreoffice
@pytest.mark.libreoffice
def test_libreoffice_converts_with_links_blocked(tmp_path, server):
    """A deck given to preview is not a template: it keeps its links, and LibreOffice is
    told not to follow them."""
    base, seen = server
    deck = linking_template(tmp_path / "fremd.pptx", base, slide=True)
    (pdf,) = export.convert_to_pdf([deck], tmp_path)
    assert pdf.stat().st_size > 0
    assert seen == []


def test_an_element_that_needs_its_link_goes_with_it(tmp_path):
    """A chart's linked workbook (``c:externalData``, whose ``r:id`` the schema requires) is
    removed whole; an optional link attribute only loses the attribute."""
    chart = (
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        f'xmlns:a="{mt.NS_A}" xmlns:r="{NS_R}"><c:chart/><a:blip r:link="rId2" r:embed="rId3"/>'
        '<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>'
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="x" Target="file:///C:/secret.xlsx" TargetMode="External"/>'
        '<Relationship Id="rId2" Type="y" Target="https://example.invalid/p.png" '
        'TargetMode="External"/><Relationship Id="rId3" Type="z" Target="../media/i.png"/>'
        "</Relationships>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("ppt/charts/chart1.xml", chart)
        z.writestr("ppt/charts/_rels/chart1.xml.rels", rels)
    blob, targets = without_external_links(buffer.getvalue())
    assert targets == ("file:///C:/secret.xlsx", "https://example.invalid/p.png")
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        xml = z.read("ppt/charts/chart1.xml").decode()
        kept = z.read("ppt/charts/_rels/chart1.xml.rels").decode()
    assert "externalData" not in xml and "r:link" not in xml and 'r:embed="rId3"' in xml
    assert 'Id="rId3"' in kept and "External" not in kept
    assert links_note(targets) == (
        "its 2 external links (linked pictures, hyperlinks, linked objects) are left out of the "
        "deck, so neither the deck nor a PDF of it fetches anything from "
        "example.invalid, file:///C:/secret.xlsx"
    )


def test_a_package_without_external_links_keeps_its_bytes(tmp_path):
    blob = mt.save(mt.office(), tmp_path / "o.pptx").read_bytes()
    assert without_external_links(blob) == (blob, ())
