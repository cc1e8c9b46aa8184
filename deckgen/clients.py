"""Reading client tables: one client per row, numbered as the user sees the row.

A table is CSV (UTF-8 with or without BOM; comma or semicolon, as German Excel writes it), an
Excel workbook (.xlsx/.xlsm: the first sheet or a named one) or a YAML/JSON list of mappings.
Row numbers are the ones the user looks for: Excel's row numbers for CSV and workbooks (the
header is row 1, so the first client is usually row 2), the line of the list item for YAML and
JSON. Reading only reads; which column overrides which content field is the batch's business.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from .content import load_yaml
from .errors import InputError, Problem
from .inputs import read_input
from .records import record

MAX_TABLE_BYTES = 20_000_000
MAX_ROWS = 100_000
# Values (keys and cells) of a YAML/JSON table, aliases expanded: 20,000 rows of 20 columns.
MAX_LIST_VALUES = 1_000_000
MAX_UNPACKED_BYTES = 200_000_000  # an .xlsx's parts, unpacked
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
LIST_SUFFIXES = (".yaml", ".yml", ".json")

# German Excel writes "1.234,5" and "0,04" into semicolon files; only a whole cell that looks
# exactly like that is read as a number, so "Müller, Söhne" or "1.2.2026" stay text.
_GERMAN_NUMBER = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")


@record(slots=True)
class ClientRow:
    """One client: the row number the user sees and the non-empty cells by column name."""

    number: int
    values: dict[str, Any]


@record
class ClientTable:
    """A client table read into memory.

    ``name`` is the path as the user gave it, so messages read ``clients.csv:7: ...``.
    ``kind`` is ``csv``, ``excel`` or ``list``; ``decimal_comma`` is set for semicolon CSV files,
    whose numbers are written the German way.
    """

    path: Path
    name: str
    kind: str
    columns: list[str]
    rows: list[ClientRow]
    decimal_comma: bool = False

    def field_value(self, value: Any) -> Any:
        """Return a cell value in the form the content model converts like a content file's.

        Table cells become text (Pydantic reads numbers and dates from text, and text fields
        stay text: a postcode keeps its leading zero); semicolon files' ``1.234,5`` becomes
        ``1234.5``. YAML/JSON values keep the types their file gave them.
        """
        if self.kind == "list":
            return value
        if isinstance(value, str):
            if self.decimal_comma and _GERMAN_NUMBER.fullmatch(value):
                return value.replace(".", "").replace(",", ".")
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, int | float):
            return repr(value)
        if isinstance(value, dt.date | dt.time):
            return value.isoformat()
        return str(value)

    def variable(self, value: Any) -> Any:
        """Return a cell value as ``{{ client.<column> }}`` sees it.

        CSV cells are text, with a semicolon file's ``1.800`` read as the number 1800 it means
        (so ``| number`` formats it right); Excel and YAML/JSON cells keep their types.
        """
        return self.field_value(value) if self.kind == "csv" else value

    def variables(self, row: ClientRow) -> dict[str, Any]:
        """Return a row's ``{{ client.<column> }}`` names: every column, '' where its cell is
        empty, so content naming a column renders for every row of the table."""
        return {c: self.variable(row.values.get(c, "")) for c in self.columns}


def read_clients(path: Path, *, sheet: str | None = None, max_rows: int = MAX_ROWS) -> ClientTable:
    """Read a client table by its suffix; raise InputError saying what is wrong and what to do.

    Empty rows are skipped; a table without any client row is an error, and so is one of
    more than ``max_rows`` rows (a workbook's sheet is refused by the rows it claims, before
    they are read).
    """
    name = str(path)
    suffix = path.suffix.lower()
    if sheet is not None and suffix not in EXCEL_SUFFIXES:
        raise InputError(f"{name}: --sheet only applies to Excel workbooks (.xlsx)")
    if suffix == ".xls":
        raise InputError(
            f"{name}: a legacy Excel .xls workbook; open it in Excel and save it as .xlsx"
        )
    if suffix not in CSV_SUFFIXES + EXCEL_SUFFIXES + LIST_SUFFIXES:
        raise InputError(
            f"{name}: unknown client table type {suffix or '(no suffix)'!r}; "
            "use .csv, .xlsx, .yaml or .json"
        )
    blob = read_input(path, "client table", MAX_TABLE_BYTES)
    if suffix in EXCEL_SUFFIXES:
        table = _read_excel(path, name, blob, sheet, max_rows)
    elif suffix in LIST_SUFFIXES:
        table = _read_list(path, name, blob)
    else:
        table = _read_csv(path, name, blob)
    if not table.rows:
        raise InputError(f"{name}: no client rows below the header; add one row per client")
    if len(table.rows) > max_rows:
        raise InputError(_too_many_rows(name, len(table.rows), max_rows))
    return table


def _too_many_rows(name: str, rows: int, max_rows: int) -> str:
    return f"{name}: {rows:,} rows, more than {max_rows:,}; split it"


# --------------------------------------------------------------------------- CSV


def _read_csv(path: Path, name: str, blob: bytes) -> ClientTable:
    if blob.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            f"{name}: UTF-16 text (Excel's 'Unicode Text'); "
            "save it as 'CSV UTF-8 (comma delimited)' instead"
        )
    try:
        text = blob.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = blob[: err.start].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    name,
                    line,
                    "",
                    "not UTF-8 text; in Excel save it as 'CSV UTF-8 (comma delimited)' "
                    "('CSV UTF-8 (durch Trennzeichen getrennt)')",
                )
            ]
        ) from err
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        # Excel numbers records, not text lines: a quoted cell may span lines.
        for number, record in enumerate(reader, start=1):
            records.append((number, record))
    except csv.Error as err:
        raise InputError([Problem(name, reader.line_num, "", f"unreadable CSV: {err}")]) from err
    table = _tabulate(name, ((n, [c.strip() for c in r]) for n, r in records))
    return ClientTable(
        path=path,
        name=name,
        kind="csv",
        columns=table[0],
        rows=table[1],
        decimal_comma=delimiter == ";",
    )


def _delimiter(text: str) -> str:
    """Return the separator of the header line: the most frequent of comma, semicolon, tab."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _tabulate(
    name: str, records: Iterable[tuple[int, list[Any]]]
) -> tuple[list[str], list[ClientRow]]:
    """Turn numbered records (header first) into columns and rows; empty rows are skipped."""
    header: list[str] | None = None
    header_line = 0
    rows: list[ClientRow] = []
    problems: list[Problem] = []
    for number, cells in records:
        if all(_empty(c) for c in cells):
            continue
        if header is None:
            header, header_line = _header(name, number, cells), number
            continue
        if len(cells) > len(header) and not all(_empty(c) for c in cells[len(header) :]):
            problems.append(
                Problem(
                    name,
                    number,
                    "",
                    f"{len(cells)} values but {len(header)} columns; "
                    "quote values that contain the separator",
                )
            )
            continue
        unnamed = [
            i + 1 for i, c in enumerate(cells[: len(header)]) if not header[i] and not _empty(c)
        ]
        if unnamed:
            problems.append(
                Problem(
                    name,
                    number,
                    f"column {unnamed[0]}",
                    f"a value in a column without a name; name it in row {header_line}",
                )
            )
            continue
        values = {
            col: cell for col, cell in zip(header, cells, strict=False) if col and not _empty(cell)
        }
        rows.append(ClientRow(number, values))
    if header is None:
        raise InputError(f"{name}: the client table is empty; add a header row and client rows")
    if problems:
        raise InputError(problems)
    return [c for c in header if c], rows


def _header(name: str, number: int, cells: list[Any]) -> list[str]:
    header = ["" if _empty(c) else str(c).strip().lstrip("\ufeff") for c in cells]
    problems = []
    seen: set[str] = set()
    for col in header:
        if col and col in seen:
            problems.append(
                Problem(name, number, col, "the column appears twice; keep one of them")
            )
        seen.add(col)
    if problems:
        raise InputError(problems)
    return header


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --------------------------------------------------------------------------- Excel


def _read_excel(
    path: Path, name: str, blob: bytes, sheet: str | None, max_rows: int
) -> ClientTable:
    try:
        import openpyxl
    except ImportError as err:  # pragma: no cover - a declared dependency
        raise InputError(f"{name}: reading .xlsx needs openpyxl: pip install openpyxl") from err
    _check_unpacked(name, blob)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(blob), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged file; wrap them here
        raise _damaged(name, err) from err
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            raise InputError(
                f"{name}: no sheet named {sheet!r}; the workbook has: "
                + ", ".join(repr(s) for s in workbook.sheetnames)
            )
        # The header, the rows and as many empty ones again: a sheet claiming three million
        # rows is refused before a minute goes into reading them.
        most = 2 * max_rows + 1
        claimed = worksheet.max_row or 0
        if claimed > most:
            raise InputError(_too_many_rows(name, claimed - 1, max_rows))
        try:
            # A read-only workbook parses its sheet while the rows are read: damage shows here.
            records = []
            for i, cells in enumerate(worksheet.iter_rows()):
                if i >= most:
                    raise InputError(_too_many_rows(name, i, max_rows))
                records.append(
                    (_row_number(cells, worksheet.min_row + i), [_cell(c.value) for c in cells])
                )
        except InputError:
            raise
        except Exception as err:
            raise _damaged(name, err) from err
    finally:
        workbook.close()
    columns, rows = _tabulate(f"{name}", records)
    return ClientTable(path=path, name=name, kind="excel", columns=columns, rows=rows)


def _check_unpacked(name: str, blob: bytes) -> None:
    """Refuse a workbook whose parts unpack beyond MAX_UNPACKED_BYTES, from the sizes its zip
    declares (Python's zip reader never inflates a part past them): one 1.5 GB cell passed."""
    from .ooxml.archives import BadZip, declared_size

    try:
        unpacked = declared_size(blob)
    except (BadZip, ValueError) as err:
        raise _damaged(name, err) from err
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(
            f"{name}: the workbook unpacks to {unpacked:,} bytes, more than the "
            f"{MAX_UNPACKED_BYTES:,} deckgen reads; keep only the client table in it"
        )


def _damaged(name: str, err: Exception) -> InputError:
    return InputError(
        f"{name}: cannot read the workbook ({type(err).__name__}: {err}); "
        "open it in Excel and save it again as .xlsx"
    )


def _row_number(cells: tuple[Any, ...], fallback: int) -> int:
    for cell in cells:
        row = getattr(cell, "row", None)
        if row:
            return int(row)
    return fallback


def _cell(value: Any) -> Any:
    """Return a cell's value; a date-formatted cell at midnight is a date, as the user sees it."""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    if isinstance(value, str):
        return value.strip()
    return value


# --------------------------------------------------------------------------- YAML / JSON


def _read_list(path: Path, name: str, blob: bytes) -> ClientTable:
    try:
        text = blob.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: not UTF-8 text; save it as UTF-8") from err
    # The same bounded loader as content files: a client table is untrusted input too.
    data, node = load_yaml(
        text, name, InputError, max_nodes=MAX_LIST_VALUES, max_chars=MAX_TABLE_BYTES
    )
    items, nodes = data, node
    if isinstance(data, dict) and isinstance(data.get("clients"), list):
        items = data["clients"]
        nodes = next(v for k, v in cast(Any, node).value if k.value == "clients")
    if not isinstance(items, list) or nodes is None:
        raise InputError(
            [Problem(name, 1, "", "expected a list of clients, one mapping of columns each")]
        )
    rows: list[ClientRow] = []
    columns: dict[str, None] = {}
    problems: list[Problem] = []
    for item, item_node in zip(items, nodes.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            problems.append(Problem(name, line, "", "each client must be a mapping of columns"))
            continue
        values = {k: v for k, v in _flatten(item) if not _empty(v)}
        columns.update(dict.fromkeys(values))
        rows.append(ClientRow(line, values))
    if problems:
        raise InputError(problems)
    return ClientTable(path=path, name=name, kind="list", columns=list(columns), rows=rows)


def _flatten(item: dict[Any, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Yield nested mappings as dotted columns: {audience: {company: X}} is audience.company."""
    for key, value in item.items():
        column = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, column + ".")
        else:
            yield column, value
