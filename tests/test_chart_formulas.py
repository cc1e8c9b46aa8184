"""Chart categories and series names from a client table are text in the chart's workbook."""

from __future__ import annotations

import io
import textwrap
import zipfile
from pathlib import Path

import openpyxl
from conftest import content_yaml, open_deck

from deckgen.batch import build_batch

SLIDES = """\
- kind: chart
  id: revenue
  headline: Umsatz nach Region
  chart:
    categories: [Nord, Süd, West, Ost]
    series: [{name: Umsatz, values: [1, 2, 3, 4]}]
    source: edelman
"""

# What a CRM cell may hold to become a live formula, a hyperlink or a DDE call in Excel.
CATEGORIES = ["=1+1", "+SUM(A1:A9)", "-2+3", "@SUM(A1)"]
SERIES = "=HYPERLINK(A1)"


def test_chart_texts_from_client_cells_are_written_as_text_not_formulas(tmp_path):
    (tmp_path / "pitch.yaml").write_text(content_yaml(SLIDES), encoding="utf-8")
    clients = tmp_path / "clients.yaml"
    clients.write_text(
        textwrap.dedent(
            f"""\
            - audience.company: Acme
              slides.revenue.chart.categories: {CATEGORIES}
              slides.revenue.chart.series[0].name: "{SERIES}"
            """
        ),
        encoding="utf-8",
    )
    report = build_batch(tmp_path / "pitch.yaml", clients, output_dir=tmp_path / "d", jobs=1)
    deck = Path(report.rows[0].output)
    with zipfile.ZipFile(deck) as package:
        (workbook_name,) = [n for n in package.namelist() if n.endswith(".xlsx")]
        workbook_blob = package.read(workbook_name)
    with zipfile.ZipFile(io.BytesIO(workbook_blob)) as workbook:
        assert b"<f>" not in workbook.read("xl/worksheets/sheet1.xml")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_blob)).worksheets[0]
    cells = [sheet.cell(row, 1) for row in range(2, 6)] + [sheet.cell(1, 2)]
    assert [(c.value, c.data_type) for c in cells] == [
        *[(text, "s") for text in CATEGORIES],
        (SERIES, "s"),
    ]
    # The chart shows them as typed.
    chart = next(s.chart for s in open_deck(deck).slides[0].shapes if s.has_chart)
    assert list(chart.plots[0].categories) == CATEGORIES
    assert chart.plots[0].series[0].name == SERIES
