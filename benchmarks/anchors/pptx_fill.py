"""Anchor: what a plain python-pptx script does to fill a deck, for benchmarks/startup.py.

    python benchmarks/anchors/pptx_fill.py TEMPLATE.pptx OUT.pptx

Opens a 12-slide template whose text holds {{ company }}-style tags, replaces the tags run
by run, sets a chart's data and every slide's notes, and saves: the work a marketer's own
script would do, with no validation, fitting or checks. ``make_template`` writes the
template the benchmark gives it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

VALUES = {
    "{{ company }}": "Muster AG",
    "{{ ceo }}": "Dr. Anna Beispiel",
    "{{ revenue }}": "3.000.000 €",
    "{{ multiple }}": "8×",
}


def make_template(path: Path) -> Path:
    """A 12-slide deck with tags in titles and bodies and one chart, as a template."""
    prs = Presentation()
    layout = prs.slide_layouts[1]
    for n in range(12):
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = f"Slide {n + 1} for {{{{ company }}}}"
        slide.placeholders[
            1
        ].text = "{{ ceo }} decides\n{{ revenue }} at risk\n{{ multiple }} the engagement"
        if n == 5:
            data = CategoryChartData()
            data.categories = ["Year 1", "Year 2", "Year 3"]
            data.add_series("Revenue", (1.0, 2.0, 3.0))
            slide.shapes.add_chart(
                XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(5), Inches(2), Inches(4), Inches(3), data
            )
    prs.save(str(path))
    return path


def fill(template: Path, out: Path) -> None:
    prs = Presentation(str(template))
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        for tag, value in VALUES.items():
                            if tag in run.text:
                                run.text = run.text.replace(tag, value)
            if shape.has_chart:
                data = CategoryChartData()
                data.categories = ["Year 1", "Year 2", "Year 3"]
                data.add_series("Revenue", (1_000_000.0, 2_000_000.0, 3_000_000.0))
                shape.chart.replace_data(data)
        slide.notes_slide.notes_text_frame.text = "What to say on this slide, for Muster AG."
    prs.save(str(out))


if __name__ == "__main__":
    fill(Path(sys.argv[1]), Path(sys.argv[2]))
