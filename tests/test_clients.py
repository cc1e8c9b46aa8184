"""Reading client tables: every format, with the row numbers a user sees in Excel."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from deckgen.clients import read_clients
from deckgen.errors import InputError


def write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_with_bom_reads_the_first_column_name_without_it(tmp_path):
    path = tmp_path / "clients.csv"
    path.write_bytes(b"\xef\xbb\xbfaudience.company,region\nAcme GmbH,Nord\nBeta AG,S\xc3\xbcd\n")
    table = read_clients(path)
    assert table.columns == ["audience.company", "region"]
    assert [(r.number, r.values) for r in table.rows] == [
        (2, {"audience.company": "Acme GmbH", "region": "Nord"}),
        (3, {"audience.company": "Beta AG", "region": "Süd"}),
    ]


def test_semicolon_csv_reads_german_numbers_as_numbers(tmp_path):
    path = write(
        tmp_path / "kunden.csv",
        "audience.company;slides.cost_of_inaction.customers;share;clv;note\n"
        '"Müller; Söhne GmbH";1.800;0,02;32.000,50;1.2.2026\n',
    )
    table = read_clients(path)
    assert table.decimal_comma
    values = table.rows[0].values
    assert values["audience.company"] == "Müller; Söhne GmbH"
    assert [table.field_value(values[c]) for c in table.columns[1:]] == [
        "1800",
        "0.02",
        "32000.50",
        "1.2.2026",
    ]


def test_comma_csv_keeps_dots_as_decimal_points(tmp_path):
    table = read_clients(write(tmp_path / "c.csv", "share,customers\n0.02,1800\n"))
    assert not table.decimal_comma
    assert [table.field_value(v) for v in table.rows[0].values.values()] == ["0.02", "1800"]


def test_row_numbers_are_excel_rows_despite_blank_lines_and_multiline_cells(tmp_path):
    path = write(
        tmp_path / "c.csv",
        'audience.company,note\nA,"two\nlines"\n\nB,x\n,\nC,y\n',
    )
    assert [(r.number, r.values["audience.company"]) for r in read_clients(path).rows] == [
        (2, "A"),
        (4, "B"),
        (6, "C"),
    ]


def test_empty_cells_are_left_out_so_the_content_keeps_its_value(tmp_path):
    table = read_clients(write(tmp_path / "c.csv", "audience.company,region\nAcme,\n"))
    assert table.rows[0].values == {"audience.company": "Acme"}


def test_xlsx_reads_the_first_sheet_with_excel_numbers_and_dates(tmp_path):
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "Kunden"
    first.append(["audience.company", "slides.cost_of_inaction.customers", "share", "since"])
    first.append(["Acme GmbH", 1800, 0.02, dt.datetime(2026, 3, 1)])
    first.append([None, None, None, None])
    first.append(["Beta AG", 5200.0, 0.5, dt.date(2025, 1, 31)])
    wb.create_sheet("Other").append(["audience.company"])
    wb.save(tmp_path / "clients.xlsx")
    table = read_clients(tmp_path / "clients.xlsx")
    assert table.columns == [
        "audience.company",
        "slides.cost_of_inaction.customers",
        "share",
        "since",
    ]
    assert [r.number for r in table.rows] == [2, 4]
    acme = table.rows[0].values
    assert acme == {
        "audience.company": "Acme GmbH",
        "slides.cost_of_inaction.customers": 1800,
        "share": 0.02,
        "since": dt.date(2026, 3, 1),
    }
    # Fields get text that the content model converts, as from a content file.
    assert [table.field_value(v) for v in acme.values()] == [
        "Acme GmbH",
        "1800",
        "0.02",
        "2026-03-01",
    ]
    assert table.field_value(table.rows[1].values["slides.cost_of_inaction.customers"]) == "5200"


def test_xlsx_sheet_option_picks_a_named_sheet(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["x"])
    wb.active.append(["ignored"])
    other = wb.create_sheet("DACH")
    other.append(["audience.company"])
    other.append(["Acme GmbH"])
    wb.save(tmp_path / "c.xlsx")
    table = read_clients(tmp_path / "c.xlsx", sheet="DACH")
    assert table.rows[0].values == {"audience.company": "Acme GmbH"}
    with pytest.raises(InputError) as err:
        read_clients(tmp_path / "c.xlsx", sheet="Austria")
    assert str(err.value) == (
        f"{tmp_path / 'c.xlsx'}: no sheet named 'Austria'; the workbook has: 'Sheet', 'DACH'"
    )


def test_yaml_list_rows_are_numbered_by_line_and_nested_fields_flattened(tmp_path):
    path = write(
        tmp_path / "clients.yaml",
        "- audience: {company: Acme GmbH}\n  region: Nord\n"
        "- audience:\n    company: Beta AG\n  slides.cost_of_inaction.customers: 1800\n",
    )
    table = read_clients(path)
    assert [(r.number, r.values) for r in table.rows] == [
        (1, {"audience.company": "Acme GmbH", "region": "Nord"}),
        (3, {"audience.company": "Beta AG", "slides.cost_of_inaction.customers": 1800}),
    ]
    assert table.field_value(1800) == 1800  # YAML keeps its types, as in a content file


def test_json_list_is_read_like_yaml(tmp_path):
    rows = [{"audience.company": "Acme"}, {"audience.company": "Beta", "region": "Süd"}]
    path = tmp_path / "clients.json"
    path.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    table = read_clients(path)
    assert [r.values for r in table.rows] == rows
    assert table.columns == ["audience.company", "region"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("c.csv", b"a,b\n1,2\n\xfc,3\n", "{p}:3: not UTF-8 text; in Excel save it as 'CSV UTF-8 "
         "(comma delimited)' ('CSV UTF-8 (durch Trennzeichen getrennt)')"),
        ("c.csv", b"a,b\n", "{p}: no client rows below the header; add one row per client"),
        ("c.csv", b"", "{p}: the client table is empty; add a header row and client rows"),
        ("c.csv", b"a,a\n1,2\n", "{p}:1: a: the column appears twice; keep one of them"),
        ("c.csv", b"a,b\n1,2,3\n",
         "{p}:2: 3 values but 2 columns; quote values that contain the separator"),
        ("c.xls", b"x", "{p}: a legacy Excel .xls workbook; open it in Excel and save it as .xlsx"),
        ("c.ods", b"x", "{p}: unknown client table type '.ods'; use .csv, .xlsx, .yaml or .json"),
        ("c.xlsx", b"PK\x03\x04broken", "{p}: cannot read the workbook"),
        ("c.yaml", b"audience.company: x\n",
         "{p}:1: expected a list of clients, one mapping of columns each"),
    ],
)  # fmt: skip
def test_unreadable_tables_say_what_to_do(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_clients(path)
    assert str(err.value).startswith(message.format(p=path))


def test_a_missing_table_is_named(tmp_path):
    with pytest.raises(InputError) as err:
        read_clients(tmp_path / "nope.csv")
    assert str(err.value) == f"{tmp_path / 'nope.csv'}: no such client table; check the path"


def test_a_workbook_with_a_truncated_sheet_is_bad_input(tmp_path):
    wb = openpyxl.Workbook()
    for n in range(50):
        wb.active.append([f"Firma {n}", n])
    wb.save(tmp_path / "whole.xlsx")
    damaged = tmp_path / "clients.xlsx"
    with zipfile.ZipFile(tmp_path / "whole.xlsx") as source, zipfile.ZipFile(damaged, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            out.writestr(
                item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml") else data
            )
    with pytest.raises(InputError) as err:
        read_clients(damaged)
    assert str(err.value).startswith(f"{damaged}: cannot read the workbook (")
    assert str(err.value).endswith("open it in Excel and save it again as .xlsx")


def test_an_alias_bomb_in_a_yaml_client_table_is_refused(tmp_path):
    lines = ["- a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 8)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_clients(path)
    assert str(err.value) == f"{path}: more than 1,000,000 values (aliases expand too far)"


def test_a_key_given_twice_is_an_error_naming_both_lines(tmp_path):
    path = write(
        tmp_path / "clients.yaml",
        "- audience.company: Acme\n  region: Nord\n  region: Süd\n- audience.company: Beta\n",
    )
    with pytest.raises(InputError) as err:
        read_clients(path)
    assert str(err.value) == f"{path}:3: region: given twice, also on line 2; keep one of them"


def test_a_long_yaml_table_without_aliases_is_read(tmp_path):
    rows = "".join(
        f"- {{audience.company: Firma {n}, region: Nord, code: {n}}}\n" for n in range(20_000)
    )
    table = read_clients(write(tmp_path / "clients.yaml", rows))
    assert len(table.rows) == 20_000


def test_an_aliased_long_text_is_refused_by_its_expanded_size(tmp_path):
    text = "- &big {audience.company: Acme, notes: " + "x" * 1_000_000 + "}\n"
    text += "- *big\n" * 30
    path = write(tmp_path / "clients.yaml", text)
    with pytest.raises(InputError) as err:
        read_clients(path)
    assert str(err.value) == (
        f"{path}: more than 20,000,000 characters of text (aliases expand too far)"
    )


def test_a_sheet_claiming_a_million_rows_is_refused_before_they_are_read(tmp_path):
    path = tmp_path / "clients.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["audience.company"])
    book.active.cell(row=1_000_000, column=1, value="Acme")
    book.save(path)
    code = (
        "import sys; from pathlib import Path; from deckgen.clients import read_clients\n"
        "try:\n    read_clients(Path(sys.argv[1]))\n"
        "except Exception as err:\n    print(err)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.stdout == f"{path}: 999,999 rows, more than 100,000; split it\n"


def test_a_workbook_that_unpacks_too_far_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from deckgen import clients

    monkeypatch.setattr(clients, "MAX_UNPACKED_BYTES", 2_000)
    path = tmp_path / "clients.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["audience.company"])
    book.active.append(["Acme " * 1_000])
    book.save(path)
    with pytest.raises(InputError) as err:
        read_clients(path)
    assert str(err.value).startswith(f"{path}: the workbook unpacks to ")
    assert str(err.value).endswith(
        " bytes, more than the 2,000 deckgen reads; keep only the client table in it"
    )
