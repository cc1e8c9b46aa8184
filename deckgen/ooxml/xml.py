"""The one XML parser for bytes that come from a user's file (templates and decks are
untrusted): no entities resolved, no DTD loaded, no network, no "huge tree" memory; and the
one way to name a tag. It imports no python-pptx: a build whose slides are all kept needs none
(``render.state``)."""

from __future__ import annotations

from typing import Any

from lxml import etree

SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


def parse(data: bytes) -> etree._Element:
    """Parse XML bytes from a user's file with SAFE_PARSER; raise XMLSyntaxError when broken."""
    return etree.fromstring(data, SAFE_PARSER)


def element(tag: str, **attrs: str) -> Any:
    """A new loose element (``a:rPr``), made by python-pptx's parser so that it is python-pptx's
    class for the tag. ``etree.Element`` would make a plain one, and that object stays plain
    after it joins a slide for as long as anything holds it: python-pptx then fails on it
    (``has_ph_elm``), depending on when the garbage collector ran."""
    from pptx.oxml import oxml_parser

    return oxml_parser.makeelement(qn(tag), attrib=attrs or None)


#: The namespaces of nearly every tag deckgen names: slides and charts, and the package's own
#: parts (relationships, content types, core properties). python-pptx's for these prefixes, as
#: a test checks; a tag of any other prefix is named by python-pptx's ``qn``.
NAMESPACES = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}

_QNAMES: dict[str, str] = {}


def qn(tag: str) -> str:
    """A prefixed tag (``a:t``) in Clark notation, as python-pptx's ``qn`` but kept: building
    and filling slides names the same few tags hundreds of times per deck."""
    name = _QNAMES.get(tag)
    if name is None:
        prefix, _, local = tag.partition(":")
        if prefix in NAMESPACES:
            name = f"{{{NAMESPACES[prefix]}}}{local}"
        else:
            from pptx.oxml.ns import qn as pptx_qn

            name = pptx_qn(tag)
        _QNAMES[tag] = name
    return name
