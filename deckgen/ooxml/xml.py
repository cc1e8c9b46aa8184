"""The one XML parser for bytes that come from a user's file (templates and decks are
untrusted): no entities resolved, no DTD loaded, no network, no "huge tree" memory."""

from __future__ import annotations

from lxml import etree

SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


def parse(data: bytes) -> etree._Element:
    """Parse XML bytes from a user's file with SAFE_PARSER; raise XMLSyntaxError when broken."""
    return etree.fromstring(data, SAFE_PARSER)
