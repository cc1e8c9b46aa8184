"""The view settings part (``ppt/viewProps.xml``) a deck must have for PowerPoint."""

from __future__ import annotations

from typing import Any

from pptx.opc.package import Part
from pptx.opc.packuri import PackURI

from .opc import CT, RT

#: The view settings PowerPoint writes for a new presentation, without its guides.
VIEW_PROPERTIES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<p:viewPr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    b'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
    b'<p:normalViewPr><p:restoredLeft sz="15620"/><p:restoredTop sz="94660"/></p:normalViewPr>'
    b'<p:slideViewPr><p:cSldViewPr><p:cViewPr varScale="1"><p:scale><a:sx n="100" d="100"/>'
    b'<a:sy n="100" d="100"/></p:scale><p:origin x="0" y="0"/></p:cViewPr><p:guideLst/>'
    b"</p:cSldViewPr></p:slideViewPr><p:notesTextViewPr><p:cViewPr><p:scale>"
    b'<a:sx n="100" d="100"/><a:sy n="100" d="100"/></p:scale><p:origin x="0" y="0"/>'
    b'</p:cViewPr></p:notesTextViewPr><p:gridSpacing cx="76200" cy="76200"/></p:viewPr>'
)


def add_view_properties(pres: Any) -> None:
    """Give a presentation that has none (LibreOffice saves none) the view settings part
    PowerPoint expects: without it, OOXML validators report that PowerPoint offers to repair
    the file. A template that has one keeps it."""
    if any(rel.reltype == RT.VIEW_PROPS for rel in pres.rels.values()):
        return
    taken = {str(part.partname) for part in pres.package.iter_parts()}
    name = next(
        f"/ppt/viewProps{n or ''}.xml"
        for n in range(len(taken) + 1)
        if f"/ppt/viewProps{n or ''}.xml" not in taken
    )
    part = Part(PackURI(name), CT.PML_VIEW_PROPS, pres.package, VIEW_PROPERTIES)
    pres.relate_to(part, RT.VIEW_PROPS)
