"""What every writer does to a string before it leaves the program: personal identifiers
masked, and characters the format cannot carry made harmless.

- `public(record)`: a result record with every string masked (extract/dossier/personal.py:
  the shapes of CCCD, CMND, passport, tax and phone numbers, e-mails), its keys and the text
  of a public document (a directive's text, header, tasks, deadlines, references) kept as
  issued. Dossier records come masked already, with the applicant's own data too; this is
  the second net, for every writer and every record kind.
- `public_register_rows(rows)`: the register's items and documents (`tthc tasks`, `tthc
  report --html`) the same way: what the directive says (REGISTER_CONTENT) kept as issued,
  every other field masked — the file's `source` path, the officer's `note`, the history.
  Why a directive's own words are kept: on the 300 real documents, the identifier shapes
  match 197 times, and what they match is public — enterprises' tax codes (MST) in tax and
  customs decisions, offices' phone numbers, amounts of money in budget tables
  (113.000.000) — so masking them would change what a public document says.
- `public_config(value)`: every string masked, for what a user's own files put in an output
  (`tthc calendar`, `tthc procedures`: the calendar file's and the catalog folder's paths).
- `printable(s)`: characters XML 1.0 forbids (C0 controls but tab and line breaks, lone
  surrogates, U+FFFE/U+FFFF) written as visible escapes (\\x00, \\udc81), so JUnit stays
  well-formed, xlsx (which refuses the same characters) is written, and the evidence still
  shows what was there.
- `is_formula_like(s)`: a leading =, +, -, @, tab or line break, which a spreadsheet would
  run as a formula: the xlsx writer stores it as text with Excel's quote prefix, the CSV
  writer prefixes it with an apostrophe.
SARIF and JSON need nothing more: json.dumps escapes every control character.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from extract.dossier.personal import PUBLIC_CONTENT, mask_record

KEEP = PUBLIC_CONTENT | {"source_id"}
# The register's columns that hold the directive's own words and the facts derived from them.
REGISTER_CONTENT = frozenset({
    "item_key", "doc_key", "assignee", "coordinators", "deadline_text", "deadline_kind", "anchor", "anchor_text",
    "recurrence", "basis", "section", "task", "text", "number", "symbol", "doc_type", "issuer", "issuer_normalized",
    "subject", "signer", "place", "extraction_method", "status", "action", "state", "role", "name", "name_key",
})
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r", "\n")


def public(record: Any) -> Any:
    return mask_record(record, keep=KEEP)


def public_register_rows(rows: Iterable[dict]) -> list[dict]:
    return [mask_record(r, keep=REGISTER_CONTENT) for r in rows]


def public_config(value: Any) -> Any:
    return mask_record(value)


def _escape(m: re.Match) -> str:
    c = ord(m.group(0))
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def printable(value: Any) -> Any:
    return _XML_ILLEGAL.sub(_escape, value) if isinstance(value, str) else value


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(_FORMULA_LEAD)


def append_row(ws, values: list, font=None) -> None:
    """Append a row to an openpyxl worksheet (normal or write-only) as values that are never
    formulas, with `font` on every cell if given."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    def harmless(cell) -> None:
        if is_formula_like(cell.value):
            cell.data_type = "s"            # openpyxl made it a formula
            cell.quotePrefix = True
        if font is not None:
            cell.font = font

    values = [printable(v) for v in values]
    if isinstance(ws, WriteOnlyWorksheet):   # cells are written when appended: fix them first
        row = [WriteOnlyCell(ws, value=v) for v in values]
        for cell in row:
            harmless(cell)
        ws.append(row)
        return
    ws.append(values)
    for cell in (ws[ws.max_row] if values else ()):
        harmless(cell)
