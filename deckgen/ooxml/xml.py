"""The one XML parser for bytes that come from a user's file (templates and decks are
untrusted): no entities resolved, no DTD loaded, no network, no "huge tree" memory; and the
one way to name a tag. Importing it compiles python-pptx's XPath look-ups once (``xpaths``)."""

from __future__ import annotations

from typing import Any

from lxml import etree
from pptx.oxml import oxml_parser
from pptx.oxml.ns import qn as _pptx_qn

from .xpaths import use_compiled_xpaths

use_compiled_xpaths()  # every python-pptx element deckgen reads or writes comes after this

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
    return oxml_parser.makeelement(qn(tag), attrib=attrs or None)


_QNAMES: dict[str, str] = {}


def qn(tag: str) -> str:
    """A prefixed tag (``a:t``) in Clark notation, as python-pptx's ``qn`` but kept: building
    and filling slides names the same few tags hundreds of times per deck."""
    name = _QNAMES.get(tag)
    if name is None:
        name = _QNAMES[tag] = _pptx_qn(tag)
    return name
