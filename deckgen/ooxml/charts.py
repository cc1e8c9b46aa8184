"""Chart parts: schema-valid axis ids, alt text, and copies of charts built before."""

from __future__ import annotations

import copy
import re
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.oxml import parse_xml

from .package import ZipDate, normalise_workbook
from .xml import qn


def fix_chart_axis_ids(chart_part: Any) -> None:
    """Replace python-pptx's negative axis ids, which the schema (unsignedInt) forbids."""
    space = chart_part._element
    mapping: dict[str, str] = {}
    for tag in ("c:axId", "c:crossAx"):
        for el in space.iter(qn(tag)):
            val = el.get("val")
            if val not in mapping:
                mapping[val] = str(100000 + len(mapping) + 1)
            el.set("val", mapping[val])


def chart_snapshot(frame: Any) -> tuple[bytes, bytes]:
    """Return a chart's XML (without its link to the workbook) and its workbook bytes."""
    part = frame.chart.part
    element = copy.deepcopy(part._element)
    for link in element.findall(qn("c:externalData")):
        element.remove(link)
    return serialize_part_xml(element), part.chart_workbook.xlsx_part.blob


def revalued(
    snapshot: tuple[bytes, bytes], values: list[list[float]], date_time: ZipDate
) -> tuple[bytes, bytes]:
    """Return a snapshotted chart with other values in the same series and categories.

    Building a chart through python-pptx (chart XML, styling, an Excel workbook written by
    XlsxWriter) costs milliseconds; a batch builds the same chart with each client's figures.
    The values are written exactly as python-pptx and XlsxWriter write them: the chart's
    cached points, and the series' cells of the embedded workbook's first sheet.
    """
    chart_xml, workbook = snapshot
    root = parse_xml(chart_xml)
    for series, numbers in zip(root.iter(qn("c:ser")), values, strict=True):
        cache = series.find(f"{qn('c:val')}/{qn('c:numRef')}/{qn('c:numCache')}")
        for pt in cache.iterfind(qn("c:pt")):
            pt.find(qn("c:v")).text = f"{numbers[int(pt.get('idx'))]}"
    cells = {
        f"{_column(n + 2)}{row + 2}": f"{number:.16G}"
        for n, numbers in enumerate(values)
        for row, number in enumerate(numbers)
    }

    def sheet(data: bytes) -> bytes:
        def number(match: re.Match[bytes]) -> bytes:
            ref, attributes = match.group(1), match.group(2)
            if ref.decode() not in cells:
                return match.group(0)
            value = cells[ref.decode()].encode()
            return b'<c r="' + ref + b'"' + attributes + b"><v>" + value + b"</v></c>"

        return _CELL.sub(number, data)

    return serialize_part_xml(root), normalise_workbook(
        workbook, date_time, {"xl/worksheets/sheet1.xml": sheet}
    )


_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"((?: [a-z]+="[^"]*")*)><v>([^<]*)</v></c>')


def _column(n: int) -> str:
    """Excel's name of column n, counting from 1 (1 -> A, 27 -> AA)."""
    name = ""
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def insert_chart_snapshot(placeholder: Any, snapshot: tuple[bytes, bytes]) -> None:
    """Put a copy of a snapshotted chart into a chart placeholder, as insert_chart would."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.parts.chart import ChartPart

    chart_xml, workbook = snapshot
    package = placeholder.part.package
    name = package.next_partname(ChartPart.partname_template)
    chart_part = ChartPart.load(name, CT.DML_CHART, package, chart_xml)
    chart_part.chart_workbook.update_from_xlsx_blob(workbook)
    r_id = placeholder.part.relate_to(chart_part, RT.CHART)
    frame = placeholder._new_chart_graphicFrame(
        r_id, placeholder.left, placeholder.top, placeholder.width, placeholder.height
    )
    placeholder._replace_placeholder_with(frame)


def add_chart_snapshot(slide: Any, box: tuple[int, int, int, int], snapshot: Any) -> Any:
    """Add a copy of a snapshotted chart as a free shape at box (left, top, width, height)."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.parts.chart import ChartPart

    chart_xml, workbook = snapshot
    package = slide.part.package
    chart_part = ChartPart.load(
        package.next_partname(ChartPart.partname_template), CT.DML_CHART, package, chart_xml
    )
    chart_part.chart_workbook.update_from_xlsx_blob(workbook)
    r_id = slide.part.relate_to(chart_part, RT.CHART)
    return slide.shapes._add_chart_graphicFrame(r_id, *box)


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
