"""A deck's docProps/core.xml, written without python-pptx (deckgen.ooxml.docprops), is what
python-pptx's CorePropertiesPart writes, for any template's core.xml (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx.opc.constants import CONTENT_TYPE
from pptx.opc.packuri import PackURI
from pptx.parts.coreprops import CorePropertiesPart

from deckgen.ooxml.docprops import MAX_TEXT, core_properties

CP = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
DCTERMS = 'xmlns:dcterms="http://purl.org/dc/terms/"'
XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'

#: core.xml as templates carry it: PowerPoint's, python-pptx's default, pretty-printed, with
#: namespaces missing, with properties in another order or empty.
TEMPLATES = [
    f'<cp:coreProperties {CP} {DCTERMS} {XSI} xmlns:dcmitype="http://purl.org/dc/dcmitype/">'
    "<dc:title>PowerPoint-Präsentation</dc:title><dc:creator>Anna</dc:creator>"
    "<cp:lastModifiedBy>Ben</cp:lastModifiedBy><cp:revision>12</cp:revision>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2020-01-02T03:04:05Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2021-01-02T03:04:05Z</dcterms:modified>'
    "</cp:coreProperties>",
    f"<cp:coreProperties {CP}/>",
    f"<cp:coreProperties {CP}>\n  <dc:title>Alt</dc:title>\n  <dc:language/>\n"
    "</cp:coreProperties>\n",
    f"<cp:coreProperties {CP} {DCTERMS}><dcterms:created>x</dcterms:created>"
    "<dc:subject>s</dc:subject><cp:lastPrinted>2001</cp:lastPrinted></cp:coreProperties>",
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties"><cp:keywords>k</cp:keywords></cp:coreProperties>',
    # Other programs' prefixes: a default namespace, ns0..., dc under another prefix.
    '<coreProperties xmlns="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>x</dc:title>'
    "</coreProperties>",
    '<ns0:coreProperties xmlns:ns0="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:ns1="http://purl.org/dc/elements/1.1/" '
    'xmlns:ns2="http://purl.org/dc/terms/"><ns1:title>t</ns1:title></ns0:coreProperties>',
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:purl="http://purl.org/dc/elements/1.1/" '
    'xmlns:x="http://www.w3.org/2001/XMLSchema-instance"/>',
]


def theirs(blob: bytes, *, title, author, subject, when, language) -> bytes:
    props = CorePropertiesPart.load(
        PackURI("/docProps/core.xml"), CONTENT_TYPE.OPC_CORE_PROPERTIES, None, blob
    )
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.subject = subject
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.language = language
    return props.blob


@pytest.mark.parametrize("template", TEMPLATES)
def test_document_properties_are_python_pptx_s(template: str) -> None:
    values = dict(
        title="Social Maturity für Muster & Söhne <AG>",
        author="Dr. Anna Beispiel",
        subject="Entscheidungsvorlage",
        when=dt.datetime(2026, 11, 30),
        language="de-DE",
    )
    blob = template.encode()
    ours = core_properties(blob, **values)
    assert ours == theirs(blob, **values)
    assert b"Muster &amp; S\xc3\xb6hne &lt;AG&gt;" in ours


def test_a_text_over_the_limit_is_refused_as_python_pptx_refuses_it() -> None:
    values = dict(author="A", subject="S", when=dt.datetime(2026, 1, 1), language="de-DE")
    blob = TEMPLATES[0].encode()
    assert core_properties(blob, title="x" * MAX_TEXT, **values)
    with pytest.raises(ValueError):
        theirs(blob, title="x" * (MAX_TEXT + 1), **values)
    with pytest.raises(ValueError):
        core_properties(blob, title="x" * (MAX_TEXT + 1), **values)


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=300)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(TEMPLATES),
    _TEXT,
    _TEXT,
    _TEXT,
    st.datetimes(min_value=dt.datetime(1900, 1, 1)),
    st.sampled_from(["de-DE", "en-US", "fr-CH"]),
)
def test_any_values_are_written_or_refused_as_python_pptx_does(
    template, title, author, subject, when, language
) -> None:
    values = dict(title=title, author=author, subject=subject, when=when, language=language)
    blob = template.encode()
    try:
        expected: bytes | type[Exception] = theirs(blob, **values)
    except ValueError:
        expected = ValueError
    if expected is ValueError:
        with pytest.raises(ValueError):
            core_properties(blob, **values)
    else:
        assert core_properties(blob, **values) == expected


def test_a_core_xml_that_is_not_core_properties_gets_the_deck_s_own() -> None:
    """python-pptx fails on such a part; the deck gets core properties of its own."""
    values = dict(title="T", author="A", subject="S", when=dt.datetime(2026, 1, 2), language="de")
    blob = b'<foo xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>t</dc:title></foo>'
    with pytest.raises(AttributeError):
        theirs(blob, **values)
    empty = (
        f"<cp:coreProperties {CP} {DCTERMS}/>"  # python-pptx's new core properties
    ).encode()
    assert core_properties(blob, **values) == theirs(empty, **values)
