"""Spreadsheet tables an officer can send as they are (openpyxl, write-only so memory stays
flat): a bold header row that stays in view (frozen), a filter on every column, column
widths from the content, long text wrapped, dates as real dates shown dd/mm/yyyy. Every
writer of an .xlsx table uses `write_table`, so a cell value passes through one place
(`cell_value`) on its way into a sheet, and text a spreadsheet would run as a formula is
stored as text (report/safe.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Sequence

from openpyxl.utils import get_column_letter

MAX_ROWS = 1_048_000            # Excel's limit is 1,048,576 rows per sheet
MAX_WIDTH = 60                  # characters; longer text wraps
MIN_WIDTH = 6
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


@dataclass(frozen=True)
class Column:
    header: str                     # Vietnamese
    width: int | None = None        # None: from the content (header and values), capped at MAX_WIDTH
    wrap: bool = False              # long text: wrap inside the cell
    en: str | None = None           # English, written beside the Vietnamese ("Mã hồ sơ / Dossier code")

    @property
    def heading(self) -> str:
        return f"{self.header} / {self.en}" if self.en else self.header


def save_workbook(wb, path: str | Path) -> None:
    """Save a workbook: built in memory first, then written in one go. openpyxl writing into a
    file that fails half-way (a full disk) leaves its zip and worksheet writers to fail again
    when they are collected, with tracebacks on stderr after the output error was reported; in
    memory nothing can fail that way, and the one write that can raises the OSError the
    command turns into exit 2 (issue 12)."""
    import io

    buffer = io.BytesIO()
    wb.save(buffer)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(buffer.getbuffer())


def cell_value(value: Any) -> Any:
    """What a value becomes in a cell: numbers and dates as they are, text with the characters
    xlsx refuses made visible (report/safe.py), anything else as text. (The one place cell
    values pass through on their way into a sheet.)"""
    from report.safe import printable
    if value is None or isinstance(value, (int, float, datetime, date)):
        return value
    return printable(value if isinstance(value, str) else str(value))


def write_table(wb, title: str, columns: Sequence[Column | str], rows: Iterable[Sequence[Any]],
                limit: int = MAX_ROWS) -> int:
    """A sheet `title` holding one table; returns the number of data rows written (at most
    `limit`). Rows are written as given: sort them first."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    from report.safe import is_formula_like

    cols = [c if isinstance(c, Column) else Column(c) for c in columns]
    rows = [list(r) for r in rows][:limit]
    ws = wb.create_sheet(title)
    widths = []
    for i, col in enumerate(cols):
        if col.width:
            widths.append(col.width)
            continue
        longest = max([_shown_length(r[i]) for r in rows if i < len(r)] + [len(col.heading)])
        widths.append(max(MIN_WIDTH, min(MAX_WIDTH, longest + 2)))
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    header = []
    for col in cols:
        cell = WriteOnlyCell(ws, value=cell_value(col.heading))
        cell.font, cell.fill, cell.alignment = head_font, head_fill, wrap
        header.append(cell)
    ws.append(header)
    for r in rows:
        out = []
        for i, value in enumerate(r):
            cell = WriteOnlyCell(ws, value=cell_value(value))
            if is_formula_like(cell.value):          # text a spreadsheet would run: kept as text
                cell.data_type = "s"
                cell.quotePrefix = True
            if isinstance(value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            cell.alignment = wrap if (i < len(cols) and cols[i].wrap) else top
            out.append(cell)
        ws.append(out)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{len(rows) + 1}"
    return len(rows)


def _shown_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)
