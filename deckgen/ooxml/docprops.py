"""A deck's document properties (docProps/core.xml): title, author, subject, dates, language.

Written as python-pptx's ``CorePropertiesPart`` writes them, byte for byte (a test compares
the two), without importing python-pptx: every deck has them, including one whose slides are
all kept (``render.disk``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lxml import etree

from .opc import serialize
from .xml import NAMESPACES, qn

#: python-pptx's parser for a part's XML (blank text between elements dropped), with nothing
#: resolved or fetched, as deckgen's own parser (``xml.SAFE_PARSER``).
_PARSER = etree.XMLParser(
    remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False
)

#: What python-pptx writes for a package without core properties, and deckgen for a template
#: whose core.xml is something else.
_EMPTY = (
    f'<cp:coreProperties xmlns:cp="{NAMESPACES["cp"]}" xmlns:dc="{NAMESPACES["dc"]}" '
    f'xmlns:dcterms="{NAMESPACES["dcterms"]}"/>'
).encode()

#: python-pptx's limit for a text property.
MAX_TEXT = 255


def core_properties(
    blob: bytes, *, title: str, author: str, subject: str, when: dt.datetime, language: str
) -> bytes:
    """Return the template's docProps/core.xml (``blob``) saying the deck's title, author (also
    who last modified it), subject, dates (created, modified, printed: ``when``), revision 1
    and language. A text over MAX_TEXT characters raises ValueError, as python-pptx does."""
    root = etree.fromstring(blob, _PARSER)
    if root.tag != qn("cp:coreProperties"):  # not core properties (python-pptx fails on it)
        root = etree.fromstring(_EMPTY, _PARSER)
    _set_text(root, "dc:title", title)
    _set_text(root, "dc:creator", author)
    _set_text(root, "cp:lastModifiedBy", author)
    _set_text(root, "dc:subject", subject)
    _set_date(root, "dcterms:created", when)
    _set_date(root, "dcterms:modified", when)
    _set_date(root, "cp:lastPrinted", when)
    _child(root, "cp:revision").text = "1"
    _set_text(root, "dc:language", language)
    return serialize(root)


def _child(root: Any, tag: str) -> Any:
    """The property's element, added last where there is none (python-pptx's ``get_or_add``).
    As python-pptx does, it is made on its own with its prefix, then appended: lxml then
    writes it with the prefix the root already has for its namespace (a default namespace,
    ``ns0``), and declares its own only where the root has none."""
    found = root.find(qn(tag))
    if found is None:
        prefix = tag.split(":")[0]
        found = root.makeelement(qn(tag), nsmap={prefix: NAMESPACES[prefix]})
        root.append(found)
    return found


def _set_text(root: Any, tag: str, value: str) -> None:
    if len(value) > MAX_TEXT:
        raise ValueError(f"exceeded {MAX_TEXT} char limit for property, got:\n\n'{value}'")
    _child(root, tag).text = value


def _set_date(root: Any, tag: str, value: dt.datetime) -> None:
    element = _child(root, tag)
    element.text = value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if tag in ("dcterms:created", "dcterms:modified"):
        # As python-pptx does: a passing attribute declares xsi on the root, not on the child.
        root.set(qn("xsi:foo"), "bar")
        element.set(qn("xsi:type"), "dcterms:W3CDTF")
        del root.attrib[qn("xsi:foo")]
