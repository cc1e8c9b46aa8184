"""Chart parts: schema-valid axis ids, alt text, and copies of charts built before."""

from __future__ import annotations

import copy
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.oxml.ns import qn

from .styles import _q


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
    for frame in slide._element.iter(_q("p:graphicFrame")):
        data = frame.find(f"./{_q('a:graphic')}/{_q('a:graphicData')}")
        c_nv_pr = frame.find(f"./{_q('p:nvGraphicFramePr')}/{_q('p:cNvPr')}")
        if data is None or data.get("uri") != _CHART_URI or c_nv_pr is None:
            continue
        if not c_nv_pr.get("descr"):
            c_nv_pr.set("descr", text)
