"""Files users pass as a template: every PowerPoint format opens, everything else is refused with
one paragraph saying what the file is and what to do (exit 2, no traceback)."""

from __future__ import annotations

import zipfile

import pytest
from conftest import open_deck
from fixtures import make_templates as mt
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from typer.testing import CliRunner

from deckgen import ooxml
from deckgen.cli import app
from deckgen.errors import TemplateError
from deckgen.ooxml import opening as template_limits
from deckgen.ooxml import package as ooxml_package
from deckgen.ooxml import slides as ooxml_slides
from deckgen.ooxml import styles as ooxml_styles
from deckgen.ooxml import tables as ooxml_tables
from deckgen.ooxml import theme as ooxml_theme
from deckgen.ooxml import xml as ooxml_xml
from deckgen.ooxml.xml import SAFE_PARSER
from deckgen.template import load_template

RESAVE = (
    "open it in PowerPoint and save it as a PowerPoint presentation (.pptx) or template (.potx)"
)
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def refused(*args: str) -> str:
    """Run the CLI; assert the exit code 2 and a one-line message; return the message."""
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    return result.stderr[len("error: ") : -1]


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """PowerPoint's own default template, 16:9, as python-pptx ships it."""
    return mt.save(mt.office(), tmp_path_factory.mktemp("office") / "office.pptx")


# --------------------------------------------------------------------------- refused


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "leer.pptx"
    path.write_bytes(b"")
    assert refused("inspect", str(path)) == f"{path}: the file is empty (0 bytes); {RESAVE}"


def test_truncated_zip_is_refused(tmp_path, office):
    path = tmp_path / "halb.pptx"
    path.write_bytes(office.read_bytes()[:5000])
    assert refused("inspect", str(path)) == (
        f"{path}: the file is damaged or incomplete (a truncated or corrupt zip package); "
        "copy or download it again, or open it in PowerPoint and save it again"
    )


def test_zip_with_corrupt_data_is_refused(tmp_path, office):
    data = bytearray(office.read_bytes())
    at = data.find(b"ppt/slideLayouts/slideLayout2.xml") + 60
    data[at : at + 40] = b"\x00" * 40
    path = tmp_path / "kaputt.pptx"
    path.write_bytes(bytes(data))
    assert refused("inspect", str(path)).startswith(f"{path}: the file is damaged or incomplete")


@pytest.mark.parametrize("command", ["inspect", "build"])
def test_a_part_with_a_dtd_is_refused(tmp_path, command):
    """A DTD in a part (which the Open Packaging Conventions do not allow) would leave its
    entity references unresolved in the deck: refused, never a traceback or a broken deck."""

    def with_dtd(name: str, data: bytes) -> bytes | None:
        if name != "ppt/presentation.xml":
            return data
        head, _, rest = data.partition(b"?>")
        doctype = b'<!DOCTYPE p:presentation [<!ENTITY foo "bar">]>'
        return head + b"?>" + doctype + rest

    path = mt.rewrite(mt.konzern(tmp_path / "k.pptx"), tmp_path / "dtd.pptx", with_dtd)
    args = ["inspect", str(path)] if command == "inspect" else ["build", "-t", str(path)]
    assert refused(*args) == (
        f"{path}: its part /ppt/presentation.xml declares a DTD, which a presentation's parts "
        f"must not; {RESAVE}"
    )


def test_password_protected_file_is_refused(tmp_path):
    path = tmp_path / "geheim.pptx"
    path.write_bytes(
        CFB + "EncryptedInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    )
    assert refused("inspect", str(path)) == (
        f"{path}: is protected with a password (an encrypted Office file), which deckgen cannot "
        "open; in PowerPoint remove the password (File > Info > Protect Presentation > Encrypt "
        "with Password, clear it) and save a copy as .pptx or .potx"
    )


def test_legacy_binary_ppt_is_refused(tmp_path):
    path = tmp_path / "alt.ppt"
    path.write_bytes(CFB + "PowerPoint Document".encode("utf-16-le"))
    assert refused("inspect", str(path)) == (
        f"{path}: is a PowerPoint 97-2003 file (.ppt), an old binary format deckgen cannot "
        f"read; {RESAVE}"
    )


def test_other_binary_office_file_is_refused(tmp_path):
    path = tmp_path / "brief.doc"
    path.write_bytes(CFB + "WordDocument".encode("utf-16-le"))
    assert refused("inspect", str(path)) == (
        f"{path}: is an old binary Office file (Word, Excel or another 97-2003 format), not a "
        "PowerPoint template; give deckgen a .pptx or .potx"
    )


def test_powerpoint_lock_file_is_refused(tmp_path):
    path = tmp_path / "~$Vorlage.pptx"
    path.write_bytes(b"\x0aMax Muster" + b"\x00" * 150)
    assert refused("inspect", str(path)) == (
        f"{path}: is a PowerPoint lock file, which PowerPoint writes while 'Vorlage.pptx' is "
        "open; use 'Vorlage.pptx' itself"
    )


def test_strict_open_xml_is_refused_with_how_to_resave(tmp_path, office):
    path = mt.strict(office, tmp_path / "strict.pptx")
    assert refused("inspect", str(path)) == (
        f"{path}: is saved as 'Strict Open XML Presentation' (ISO/IEC 29500 Strict), which "
        "deckgen cannot read; open it in PowerPoint and save it as 'PowerPoint Presentation "
        "(.pptx)' or 'PowerPoint Template (.potx)'"
    )


def test_theme_file_is_refused(tmp_path, office):
    path = mt.thmx(office, tmp_path / "Konzern.thmx")
    assert refused("inspect", str(path)) == (
        f"{path}: is an Office theme (.thmx): colours and fonts, but no slide layouts; in "
        "PowerPoint apply it to a presentation (Design > Themes > Browse for Themes) and save "
        "that as a template (.potx)"
    )


def test_word_document_is_refused(tmp_path):
    path = tmp_path / "brief.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", "<w/>")
    assert refused("inspect", str(path)) == (
        f"{path}: is a Word document, not a PowerPoint presentation; give deckgen a .pptx or .potx"
    )


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("notiz.txt", b"hello", "is not a PowerPoint file (neither a .pptx/.potx package nor a "
         "legacy .ppt); give deckgen a .pptx or .potx"),
        ("folien.pdf", b"%PDF-1.7\n", "is a PDF, not a PowerPoint template; give deckgen the "
         ".pptx or .potx the PDF was made from"),
    ],
)  # fmt: skip
def test_a_file_that_is_no_presentation_is_refused(tmp_path, name, data, what):
    path = tmp_path / name
    path.write_bytes(data)
    assert refused("inspect", str(path)) == f"{path}: {what}"


def test_a_plain_zip_archive_is_refused(tmp_path):
    path = tmp_path / "archiv.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "x")
    assert refused("inspect", str(path)) == (
        f"{path}: is a zip archive, not a PowerPoint file; give deckgen a .pptx or .potx"
    )


def test_missing_file_and_folder_are_refused(tmp_path):
    assert refused("inspect", str(tmp_path / "nope.pptx")) == (
        f"{tmp_path / 'nope.pptx'}: no such template file; check the path"
    )
    assert (
        refused("inspect", str(tmp_path))
        == f"{tmp_path}: is a folder; give the template file inside it"
    )


def test_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = tmp_path / "bombe.pptx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("ppt/media/image1.png", b"\0" * (20 * 2**20))
    assert refused("inspect", str(path)) == (
        f"{path}: its part ppt/media/image1.png is compressed 1,028 to 1, far beyond what "
        "PowerPoint writes (a zip bomb?); deckgen will not unpack it; use the template as "
        "PowerPoint saved it"
    )


def test_absurdly_large_part_is_refused(tmp_path, office, monkeypatch):
    monkeypatch.setattr(template_limits, "MAX_PART_BYTES", 2**20)
    path = tmp_path / "video.pptx"
    with zipfile.ZipFile(office) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("ppt/media/media1.mp4", b"x" * (3 * 2**20))
    assert refused("inspect", str(path)) == (
        f"{path}: its part ppt/media/media1.mp4 would unpack to 3 MB, more than the 1 MB deckgen "
        "allows for one part; remove that media from the template and save it again"
    )


def test_too_many_parts_and_too_much_in_total_are_refused(tmp_path, office, monkeypatch):
    monkeypatch.setattr(template_limits, "MAX_MEMBERS", 10)
    assert refused("inspect", str(office)).startswith(
        f"{office}: the package has 36 parts, more than the 10 deckgen accepts in a template"
    )
    monkeypatch.setattr(template_limits, "MAX_MEMBERS", 10_000)
    monkeypatch.setattr(template_limits, "MAX_TOTAL_BYTES", 2**10)
    assert refused("inspect", str(office)).startswith(f"{office}: the package would unpack to")


def test_too_large_a_file_is_refused_without_reading_it(tmp_path, office, monkeypatch):
    monkeypatch.setattr(template_limits, "MAX_TEMPLATE_BYTES", 1000)
    assert refused("inspect", str(office)).startswith(f"{office}: the file is 0 MB, more than")


def test_malformed_xml_part_is_named(tmp_path, office):
    def edit(name, data):
        if name == "ppt/slideLayouts/slideLayout2.xml":
            return b"<p:sldLayout"
        return data if name else None

    path = mt.rewrite(office, tmp_path / "xml.pptx", edit)
    assert refused("inspect", str(path)) == (
        f"{path}: cannot read its part ppt/slideLayouts/slideLayout2.xml: not well-formed XML "
        f"(Namespace prefix p on sldLayout is not defined, line 1, column 13); {RESAVE}"
    )


def test_missing_layout_part_is_named_with_the_part_that_refers_to_it(tmp_path, office):
    def edit(name, data):
        return None if name in ("", "ppt/slideLayouts/slideLayout3.xml") else data

    path = mt.rewrite(office, tmp_path / "lücke.pptx", edit)
    assert refused("inspect", str(path)) == (
        f"{path}: cannot read its part ppt/slideMasters/slideMaster1.xml: refers to "
        f"ppt/slideLayouts/slideLayout3.xml, which the file does not contain; {RESAVE}"
    )


def test_any_other_python_pptx_error_is_wrapped_with_the_part(tmp_path, office):
    def edit(name, data):
        if name == "ppt/slideLayouts/slideLayout2.xml":
            return data.replace(b'<p:ph type="title"/>', b'<p:ph type="bogus"/>')
        return data if name else None

    path = mt.rewrite(office, tmp_path / "bogus.pptx", edit)
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert str(caught.value) == (
        f"{path}: cannot read its part ppt/slideLayouts/slideLayout2.xml (ValueError: "
        f"PP_PLACEHOLDER_TYPE has no XML mapping for 'bogus'); {RESAVE}"
    )
    assert isinstance(caught.value.__cause__, ValueError)


def _with_placeholders(office, path, count: int, part: str):
    """The office template with ``count`` more body placeholders on one layout or master."""
    ph = (
        '<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="Text {n}"/><p:cNvSpPr/>'
        '<p:nvPr><p:ph type="body" idx="{idx}"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>'
    )
    extra = "".join(ph.format(id=1000 + n, n=n, idx=100 + n) for n in range(count)).encode()

    def edit(name, data):
        if name == part:
            return data.replace(b"</p:spTree>", extra + b"</p:spTree>")
        return data if name else None

    return mt.rewrite(office, path, edit)


def test_a_layout_with_hundreds_of_placeholders_is_refused_at_once(tmp_path, office):
    part = "ppt/slideLayouts/slideLayout2.xml"
    path = _with_placeholders(office, tmp_path / "viele.pptx", 500, part)
    message = (
        f"{path}: its layout 'Title and Content' ({part}) has 505 placeholders, more than the "
        "100 deckgen reads on one layout (PowerPoint's own have at most a dozen); delete the "
        "extra placeholders in the slide master view (View > Slide Master) and save it again"
    )
    assert refused("inspect", str(path)) == message
    assert refused("build", "-t", str(path), "-o", str(tmp_path / "d.pptx")) == message
    assert not (tmp_path / "d.pptx").exists()


def test_a_master_with_hundreds_of_placeholders_is_refused(tmp_path, office):
    part = "ppt/slideMasters/slideMaster1.xml"
    path = _with_placeholders(office, tmp_path / "meister.pptx", 500, part)
    with pytest.raises(TemplateError, match=r"its slide master '' \(ppt/slideMasters/"):
        load_template(path)


def test_a_layout_at_the_placeholder_bound_is_read(tmp_path, office):
    part = "ppt/slideLayouts/slideLayout2.xml"
    path = _with_placeholders(office, tmp_path / "grenze.pptx", 95, part)
    assert len(load_template(path).layouts[1].placeholders) == 100


def test_build_refuses_a_bad_template_and_writes_nothing(tmp_path):
    path = tmp_path / "alt.ppt"
    path.write_bytes(CFB + "PowerPoint Document".encode("utf-16-le"))
    out = tmp_path / "deck.pptx"
    message = refused("build", "--lang", "en", "-t", str(path), "-o", str(out))
    assert message.startswith(f"{path}: is a PowerPoint 97-2003 file (.ppt)")
    assert not out.exists()


# --------------------------------------------------------------------------- opened


@pytest.mark.parametrize(
    ("suffix", "content_type", "label"),
    [
        (".potx", mt.POTX, "PowerPoint template (.potx)"),
        (".potm", mt.POTM, "macro-enabled PowerPoint template (.potm)"),
        (".ppsx", mt.PPSX, "PowerPoint show (.ppsx)"),
    ],
)
def test_templates_and_shows_open_by_content_type(tmp_path, office, suffix, content_type, label):
    path = mt.with_content_type(office, tmp_path / f"vorlage{suffix}", content_type)
    result = CliRunner().invoke(app, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.splitlines()[0] == f"{path}: {label}, 16:9, 1 master, 11 layouts, no slides"
    )


def test_macros_are_never_run_and_left_out_of_the_deck(tmp_path, office):
    path = mt.with_macros(office, tmp_path / "makros.pptm")
    template = load_template(path)
    assert template.format == "macro-enabled PowerPoint presentation (.pptm)"
    assert template.notes == ["its macros (VBA project) are never run and are left out of the deck"]
    with zipfile.ZipFile(path) as z:
        assert "ppt/vbaProject.bin" in z.namelist()
    result = CliRunner().invoke(
        app, ["build", "--lang", "en", "-t", str(path), "-o", str(tmp_path / "d.pptx")]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"note: {path}: its macros (VBA project) are never run and are left out of the deck\n"
    )
    with zipfile.ZipFile(tmp_path / "d.pptx") as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("ppt/_rels/presentation.xml.rels").decode()
    assert not [n for n in names if "vba" in n.lower()]
    assert "macroEnabled" not in types and "vbaProject" not in rels + types
    assert "presentationml.presentation.main+xml" in types


def test_digital_signature_is_left_out(tmp_path, office):
    path = mt.with_signature(office, tmp_path / "signiert.pptx")
    template = load_template(path)
    assert template.notes == [
        "its digital signature is left out: a deck built from it is a new, unsigned file"
    ]
    out = tmp_path / "d.pptx"
    assert CliRunner().invoke(app, ["build", "-t", str(path), "-o", str(out)]).exit_code == 0
    with zipfile.ZipFile(out) as z:
        assert not [n for n in z.namelist() if "signature" in n.lower()]
        assert "digital-signature" not in z.read("_rels/.rels").decode()
    assert len(open_deck(out).slides) == 15


# --------------------------------------------------------------------------- XML safety


class _RecordingLxml:
    """lxml.etree, but fromstring records the parser of every call."""

    def __init__(self) -> None:
        self.parsers: list[object] = []

    def __getattr__(self, name: str) -> object:
        return getattr(etree, name)

    def fromstring(self, data, parser=None, **kw):
        self.parsers.append(parser)
        return etree.fromstring(data, parser, **kw)


def test_template_xml_deckgen_reads_itself_is_parsed_only_with_the_safe_parser(monkeypatch):
    recording = _RecordingLxml()
    for module in (ooxml_xml, ooxml_package, ooxml_slides, ooxml_styles, ooxml_theme):
        monkeypatch.setattr(module, "etree", recording)
    ooxml_tables._default_style.cache_clear()  # read once per template: an earlier test's
    prs = Presentation()
    ooxml.theme_fonts(prs)
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    assert b"112233" in ooxml.recoloured_theme(theme.blob, "accent1", "112233")
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    ooxml.use_default_table_style(slide.shapes.add_table(2, 2, 0, 0, 914400, 914400))
    ooxml.StyleReader().theme(slide.shapes.add_textbox(0, 0, 914400, 914400))
    assert len(recording.parsers) == 4  # the theme twice, the table styles, the style reader
    assert all(parser is SAFE_PARSER for parser in recording.parsers)
