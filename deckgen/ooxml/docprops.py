"""A deck's document properties (docProps/core.xml): title, author, subject, dates, language."""

from __future__ import annotations

import datetime as dt

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.packuri import PackURI
from pptx.parts.coreprops import CorePropertiesPart


def core_properties(
    blob: bytes, *, title: str, author: str, subject: str, when: dt.datetime, language: str
) -> bytes:
    """Return the template's docProps/core.xml (``blob``) saying the deck's title, author (also
    who last modified it), subject, dates (created, modified, printed: ``when``), revision 1
    and language."""
    props = CorePropertiesPart.load(
        PackURI("/docProps/core.xml"),
        CT.OPC_CORE_PROPERTIES,
        None,  # type: ignore[arg-type]  # a part read alone, without its package
        blob,
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
