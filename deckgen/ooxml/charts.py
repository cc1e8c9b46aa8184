"""Chart parts: schema-valid axis ids, alt text, and copies of charts built before."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from ..records import record
from .opc import RT
from .package import WORKBOOK_MEMBERS, ZipDate, ZipWriter, stamped
from .stencil import Stencil, stencil_of, stencil_of_bytes
from .xml import element, qn


def fix_chart_axis_ids(chart_part: Any) -> None:
    """Replace python-pptx's negative axis ids, which the schema (unsignedInt) forbids."""
    _fix_axis_ids(chart_part._element)


def _fix_axis_ids(space: Any) -> None:
    mapping: dict[str, str] = {}
    for tag in ("c:axId", "c:crossAx"):
        for el in space.iter(qn(tag)):
            val = el.get("val")
            if val not in mapping:
                mapping[val] = str(100000 + len(mapping) + 1)
            el.set("val", mapping[val])


def prepare_chart(space: Any, lang: str) -> None:
    """Make a chart python-pptx built what deckgen writes: schema-valid axis ids, explicit
    booleans, data labels on one line, its text in the deck's language."""
    _fix_axis_ids(space)
    _explicit_booleans(space)
    _labels_on_one_line(space)
    _set_language(space, lang)


def _explicit_booleans(space: Any) -> None:
    """Write ``val="1"`` on a bare ``<c:delete/>``: the schema's default is true, but readers
    of the Office 2007 era take a missing value as false and show the hidden axis."""
    for el in space.iter(qn("c:delete")):
        if el.get("val") is None:
            el.set("val", "1")


def _labels_on_one_line(space: Any) -> None:
    """Write ``wrap="none"`` on the text body of every data label. A missing ``wrap`` means
    "square": PowerPoint (2013 on, "Wrap text in shape") breaks a label wider than its
    automatic width, LibreOffice one wider than its share of a narrow chart, "3,0 Mio." over
    "€", even at the number format's no-break spaces; only this attribute keeps it whole."""
    for labels in (*space.iter(qn("c:dLbls")), *space.iter(qn("c:dLbl"))):
        if labels.find(qn("c:delete")) is not None:
            continue
        rich = labels.find(f"{qn('c:tx')}/{qn('c:rich')}")
        # A label with its own text takes its body from that text, the rest from c:txPr.
        body = rich if rich is not None else labels.get_or_add_txPr()
        body.find(qn("a:bodyPr")).set("wrap", "none")


def _set_language(space: Any, lang: str) -> None:
    """Mark the chart's text in the deck's language, so PowerPoint spell-checks its labels
    in it and LibreOffice formats its numbers in it (with the number format's locale)."""
    for tag in ("a:rPr", "a:endParaRPr", "a:defRPr"):
        for el in space.iter(qn(tag)):
            if tag != "a:defRPr" or el.get("lang") is not None:
                el.set("lang", lang)
    found = space.find(qn("c:lang"))
    if found is None:
        found = element("c:lang")
        anchor = space.find(qn("c:date1904"))
        if anchor is not None:
            anchor.addnext(found)
        else:
            space.insert(0, found)
    found.set("val", lang)


@record(eq=False)
class ChartStencil:
    """A chart built once with python-pptx, kept with a slot for each figure: in the chart
    part's cached points and in its workbook's first sheet.

    Building a chart through python-pptx (chart XML, styling, an Excel workbook written by
    XlsxWriter) costs milliseconds, and a batch builds the same chart with each client's
    figures. Every deck's chart, the first one included, is filled from the stencil, with
    the values written as python-pptx and XlsxWriter write them.
    """

    chart: Stencil
    members: tuple[tuple[str, bytes | Stencil], ...]
    r_id: str  # the chart's relationship to its workbook

    def fill(self, values: Sequence[Sequence[float]], date_time: ZipDate) -> tuple[bytes, bytes]:
        """Return the chart part and its workbook (with fixed timestamps) for values."""
        points = {f"{n}:{i}": v for n, series in enumerate(values) for i, v in enumerate(series)}
        chart = self.chart.fill(lambda slot: f"{points[slot]}")
        out = io.BytesIO()
        writer = ZipWriter(out, date_time, WORKBOOK_MEMBERS)
        for name, member in self.members:
            if isinstance(member, Stencil):
                data = member.fill(lambda slot: f"{points[slot]:.16G}")
            else:
                data = stamped(member, date_time) if name == "docProps/core.xml" else member
            writer.add(name, data)
        writer.close()
        return chart, out.getvalue()


def chart_stencil(frame: Any, values: Sequence[Sequence[float]], lang: str) -> ChartStencil:
    """Keep a chart python-pptx built (its XML and workbook) as a stencil for its figures,
    its text marked in the deck's language ``lang`` ("de-DE")."""
    part = frame.chart.part
    element = copy.deepcopy(part._element)
    prepare_chart(element, lang)
    marked = []
    for n, series in enumerate(element.iter(qn("c:ser"))):
        cache = series.find(f"{qn('c:val')}/{qn('c:numRef')}/{qn('c:numCache')}")
        for pt in cache.iterfind(qn("c:pt")):
            marked.append((pt.find(qn("c:v")), f"{n}:{pt.get('idx')}"))
    link = element.find(qn("c:externalData"))
    r_id = link.get(qn("r:id"))
    members: list[tuple[str, bytes | Stencil]] = []
    workbook = zipfile.ZipFile(io.BytesIO(part.chart_workbook.xlsx_part.blob))
    for info in workbook.infolist():
        data = workbook.read(info.filename)
        if info.filename == "xl/worksheets/sheet1.xml":
            cells = []
            for match in _CELL.finditer(data):
                slot = _cell_slot(match.group(1).decode(), values)
                if slot is not None:
                    cells.append((match.start(3), match.end(3), slot))
            members.append((info.filename, stencil_of_bytes(data, cells)))
        else:
            members.append((info.filename, data))
    return ChartStencil(stencil_of(element, marked), tuple(members), r_id)


_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"((?: [a-z]+="[^"]*")*)><v>([^<]*)</v></c>')


def _cell_slot(ref: str, values: Sequence[Sequence[float]]) -> str | None:
    """The slot of a workbook cell: series n is column n + 2 (B, C, ...), point i row i + 2."""
    letters = ref.rstrip("0123456789")
    column = 0
    for char in letters:
        column = column * 26 + ord(char) - 64
    series, point = column - 2, int(ref[len(letters) :]) - 2
    if 0 <= series < len(values) and 0 <= point < len(values[series]):
        return f"{series}:{point}"
    return None


def insert_chart(
    slide: Any,
    placeholder: Any | None,
    box: tuple[int, int, int, int],
    parts: tuple[bytes, bytes],
    r_id: str,
) -> None:
    """Put a chart (its part and workbook as bytes) at box on the slide, in the placeholder's
    place where there is one, as python-pptx's insert_chart/add_chart would."""
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    from .opc import CT

    chart_xml, workbook = parts
    package = slide.part.package
    # Named only for the pattern a deck numbers them by (a slide is never saved as it is).
    chart = Part(PackURI("/ppt/charts/chart1.xml"), CT.DML_CHART, package, chart_xml)
    name = PackURI("/ppt/embeddings/Microsoft_Excel_Sheet1.xlsx")
    xlsx = Part(name, CT.SML_SHEET, package, workbook)
    if chart.relate_to(xlsx, RT.PACKAGE) != r_id:
        raise RuntimeError("a chart's link to its workbook did not get its id")
    frame_id = slide.part.relate_to(chart, RT.CHART)
    if placeholder is None:
        slide.shapes._add_chart_graphicFrame(frame_id, *box)
        return
    frame = placeholder._new_chart_graphicFrame(frame_id, *box)  # box: the placeholder's,
    # or less of it where the layout's frame reaches into the source line or the footer
    placeholder._replace_placeholder_with(frame)


_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def describe_charts(slide: Any, text: str) -> None:
    """Give every chart on the slide that has no alt text this description (python-pptx
    writes none, and a screen reader would announce only "chart")."""
    for frame in slide._element.iter(qn("p:graphicFrame")):
        data = frame.find(f"./{qn('a:graphic')}/{qn('a:graphicData')}")
        c_nv_pr = frame.find(f"./{qn('p:nvGraphicFramePr')}/{qn('p:cNvPr')}")
        if data is None or data.get("uri") != _CHART_URI or c_nv_pr is None:
            continue
        if not c_nv_pr.get("descr"):
            c_nv_pr.set("descr", text)
