"""Chart data whose embedded workbook holds every category and series name as text.

python-pptx writes a chart's categories and series names into the chart's Excel workbook with
XlsxWriter, whose ``write`` turns a text starting with ``=`` into a live formula and one that
looks like a URL into a hyperlink. A category from a client's CRM cell (``=HYPERLINK(...)``,
a DDE payload) would then be a formula waiting for whoever opens the chart's data in Excel.
Written as text, it is shown on the chart and in the workbook exactly as typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.util import lazyproperty
from xlsxwriter import Workbook

# Everything else as python-pptx opens its workbook.
WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}


class _TextWorkbookWriter(CategoryWorkbookWriter):
    @contextmanager
    def _open_worksheet(self, xlsx_file: IO[bytes]) -> Iterator[tuple[Any, Any]]:
        workbook = Workbook(xlsx_file, WORKBOOK_OPTIONS)
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class TextChartData(CategoryChartData):
    """python-pptx's CategoryChartData, whose workbook writes every text as text, never as a
    formula or hyperlink."""

    @lazyproperty
    def _workbook_writer(self) -> CategoryWorkbookWriter:
        return _TextWorkbookWriter(self)
