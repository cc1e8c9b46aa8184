"""Chart data labels are read on one line: "3,0 Mio. €", never "3,0 Mio." over "€", in
PowerPoint and in LibreOffice's PDFs, whatever the width of the bars."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import content_yaml, open_deck
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn

from deckgen.api import build_deck

NBSP = "\u00a0"

# Column and bar charts in a narrow frame: python-pptx's own 4:3 template, where LibreOffice
# broke every one of these labels over two lines when their text could wrap.
SLIDES = """\
- kind: chart
  id: column
  headline: Umsatz nach Region
  points: [Der Westen wächst am schnellsten, Der Norden holt auf]
  chart:
    categories: [Nord, Süd, West, Ost]
    series: [{name: Umsatz, values: [1200000, 2300000, 3400000, 2100000]}]
    unit: currency
    highlight: 2
    source: edelman
- kind: chart
  id: bar
  headline: Umsatz nach Region im Vergleich zum Vorjahr
  chart:
    type: bar
    categories: [Nord, Süd, West, Ost]
    series:
      - {name: Vorjahr, values: [1200000, 2300000, 3400000, 2100000]}
      - {name: Jahr, values: [1500000, 2500000, 3900000, 2600000]}
    unit: currency
    source: edelman
- kind: chart
  id: share
  headline: Fast die Hälfte der Kunden empfiehlt uns
  chart:
    categories: ["2024", "2025", "2026"]
    series: [{name: Anteil, values: [0.31, 0.38, 0.45]}]
    unit: percent
    highlight: 2
    source: edelman
"""

# What the CEO reads, as the slides' text writes the same figures ("45 %": a German space).
LABELS = [f"{n} Mio. €" for n in ("1,2", "2,3", "3,4", "2,1", "1,5", "2,5", "3,9", "2,6")]
LABELS += ["31 %", "38 %", "45 %"]


@pytest.fixture(scope="module")
def narrow_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("labels")
    Presentation().save(folder / "plain.pptx")
    (folder / "pitch.yaml").write_text(content_yaml(SLIDES), encoding="utf-8")
    return build_deck(
        folder / "pitch.yaml", template=folder / "plain.pptx", output=folder / "deck.pptx"
    ).output


def charts(path: Path) -> list:
    found = [s.chart for slide in open_deck(path).slides for s in slide.shapes if s.has_chart]
    assert found, f"{path.name} has no chart"
    return found


def label_bodies(chart) -> list:
    """The text body of every set of data labels and every single label of the chart."""
    space = chart._chartSpace
    bodies = []
    for labels in (*space.iter(qn("c:dLbls")), *space.iter(qn("c:dLbl"))):
        body = labels.find(f"{qn('c:tx')}/{qn('c:rich')}/{qn('a:bodyPr')}")
        if body is None:
            body = labels.find(f"{qn('c:txPr')}/{qn('a:bodyPr')}")
        bodies.append(body)
    return bodies


def test_every_label_of_the_shipped_charts_is_kept_on_one_line(shipped_decks):
    for path in shipped_decks.values():
        for chart in charts(path):
            assert chart.plots[0].has_data_labels
            bodies = label_bodies(chart)
            assert bodies and all(b is not None and b.get("wrap") == "none" for b in bodies)


def test_column_and_bar_labels_are_kept_on_one_line(narrow_deck):
    found = charts(narrow_deck)
    assert [c.chart_type for c in found] == [
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        XL_CHART_TYPE.BAR_CLUSTERED,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
    ]
    for chart in found:
        bodies = label_bodies(chart)
        assert bodies and all(b is not None and b.get("wrap") == "none" for b in bodies)
        # What python-pptx reads of the labels is unchanged: size and weight as designed.
        assert chart.plots[0].data_labels.font.bold is True


@pytest.mark.parametrize(
    ("lang", "code"),
    [
        # Figure and unit held together by no-break spaces, as a German writes "3,0 Mio. €".
        ("de", f'[$-407]#,##0.0,,"{NBSP}Mio.{NBSP}€"'),
        ("en", '[$-809]"€"#,##0.0,,"m"'),
    ],
)
def test_the_revenue_labels_read_as_the_ceo_writes_money(shipped_decks, lang, code):
    (chart,) = charts(shipped_decks[lang])
    labels = chart.plots[0].data_labels
    assert labels.number_format == code
    assert labels.number_format_is_linked
    assert list(chart.plots[0].series[0].values) == [1_000_000.0, 2_000_000.0, 3_000_000.0]


def test_a_german_percent_label_keeps_the_space_the_text_writes(narrow_deck):
    share = charts(narrow_deck)[2]
    assert share.plots[0].data_labels.number_format == f'[$-407]0"{NBSP}"%'
    assert list(share.plots[0].series[0].values) == [0.31, 0.38, 0.45]


@pytest.mark.libreoffice
@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="needs LibreOffice (soffice) and pdftotext (poppler-utils)",
)
def test_libreoffice_shows_every_label_on_one_line(narrow_deck, tmp_path):
    from deckgen.export import convert_to_pdf

    [pdf] = convert_to_pdf([narrow_deck], tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.replace(NBSP, " ")
    lines = [line.strip() for line in text.splitlines()]
    for label in LABELS:
        assert label in text, label
    assert not {"€", "%"} & set(lines) and not any(line.endswith("Mio.") for line in lines)
