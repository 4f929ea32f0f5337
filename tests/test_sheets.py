"""Every spreadsheet tthc writes can be sent upward as it is (issue 15): on every sheet a bold
header row that stays in view, a filter over the table, column widths from the content, dates
as real dates shown dd/mm/yyyy, and words instead of machine keys. One table per command that
writes .xlsx (tasks: tests/test_register_formats.py)."""
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from tests.kit.synth_batch import portal_copy, synth_dossiers, write_records

AS_OF = date(2025, 12, 31)
MACHINE_KEYS = {"truoc_han", "dung_han", "tre_han", "qua_han", "dang_xu_ly_trong_han", "tam_dung", "group", "class"}


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xuat")
    left = [r for r, _ in synth_dossiers(120, seed=5, as_of=AS_OF)]
    right, _ = portal_copy(left, seed=9)
    write_records(folder / "tinh.jsonl", left)
    write_records(folder / "dvcqg.jsonl", right)
    return folder


COMMANDS = {
    "validate": ["validate", "samples/dossiers", "--disable", "SIG", "--as-of", "31/12/2025"],
    "stats": ["stats", "{x}/tinh.jsonl", "--as-of", "31/12/2025"],
    "stats by month": ["stats", "{x}/tinh.jsonl", "--as-of", "31/12/2025", "--by", "month"],
    "reconcile": ["reconcile", "{x}/tinh.jsonl", "{x}/dvcqg.jsonl", "--as-of", "31/12/2025"],
}


def _workbook(name, exports, tmp_path):
    from cli import main
    out = tmp_path / "bao-cao.xlsx"
    argv = [a.replace("{x}", str(exports)) for a in COMMANDS[name]]
    assert main([*argv, "--format", "xlsx", "-o", str(out)]) in (0, 1)
    return load_workbook(out)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_sheet_can_be_sent_as_it_is(name, exports, tmp_path):
    wb = _workbook(name, exports, tmp_path)
    for ws in wb:
        assert ws.max_row >= 1 and ws.freeze_panes == "A2", ws.title
        last = ws.cell(1, ws.max_column).column_letter
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}", ws.title
        for c in range(1, ws.max_column + 1):
            head = ws.cell(1, c)
            assert head.value and head.font.bold, (ws.title, c)
            assert 6 <= (ws.column_dimensions[head.column_letter].width or 0) <= 60, (ws.title, head.value)


@pytest.mark.parametrize("name", COMMANDS)
def test_dates_are_dates_and_classes_are_words(name, exports, tmp_path):
    wb = _workbook(name, exports, tmp_path)
    dated = 0
    for ws in wb:
        keys = {c for c in range(1, ws.max_column + 1) if "key" in str(ws.cell(1, c).value)}   # a key beside its name
        for row in ws.iter_rows(min_row=1):
            for cell in row:
                assert cell.column in keys or cell.value not in MACHINE_KEYS, (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, (date, datetime)):
                    dated += 1
                    assert cell.number_format in ("dd/mm/yyyy", "dd/mm/yyyy hh:mm"), (ws.title, cell.coordinate)
                elif isinstance(cell.value, str):
                    assert cell.value not in ("2025-12-31",), (ws.title, cell.coordinate)   # the as-of day as text
    assert dated                                                     # at least the day counted to
