"""`tthc validate --format xlsx` and `--format csv`: the batch summary and the findings as a
spreadsheet with Vietnamese headers. openpyxl's write-only mode streams rows, so memory stays
flat; the CSV is the findings sheet alone (UTF-8 with a byte-order mark, as Excel opens it).

Every value goes through report/safe.py: personal identifiers masked, control characters
escaped (xlsx refuses them), and text a spreadsheet would run as a formula (=, +, -, @ ...)
stored as text: with Excel's quote prefix in xlsx, behind an apostrophe in CSV.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import IO, Iterable, Iterator

from report.safe import append_row, is_formula_like, printable, public
from report.summary import Summary

MAX_ROWS = 1_048_000            # Excel's limit is 1,048,576 rows per sheet

DOSSIER_HEADERS = ["Tệp/thư mục hồ sơ", "Mã hồ sơ", "Mã TTHC", "Tên thủ tục", "Đơn vị xử lý", "Trạng thái",
                   "Số lỗi", "Số cảnh báo", "Số thông tin"]
FINDING_HEADERS = ["Mã hồ sơ", "Tệp/thư mục hồ sơ", "Mã TTHC", "Đơn vị xử lý", "Mã phát hiện", "Mức độ",
                   "Nội dung", "Nội dung (tiếng Anh)", "Vị trí trong manifest", "Tệp", "Trang", "Bằng chứng"]
SEVERITY_VI = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}


def dossier_row(r: dict) -> list:
    fs = r.get("findings") or []
    count = {s: sum(1 for f in fs if f.get("severity") == s) for s in ("error", "warning", "info")}
    proc = r.get("procedure") or {}
    return [r.get("source"), r.get("MaHoSo"), r.get("MaTTHC"), proc.get("name"), r.get("DonViXuLy"),
            r.get("TrangThaiHoSo"), count["error"], count["warning"], count["info"]]


def finding_rows(r: dict) -> Iterator[list]:
    for f in r.get("findings") or []:
        loc = f.get("location") or {}
        yield [r.get("MaHoSo"), r.get("source"), r.get("MaTTHC"), r.get("DonViXuLy"), f.get("code"),
               SEVERITY_VI.get(f.get("severity"), f.get("severity")), f.get("message"), f.get("message_en"),
               loc.get("pointer"), loc.get("file"), loc.get("page"), f.get("evidence")]


def write_xlsx(results: Iterable[dict], summary: Summary, path: str | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    ws = wb.create_sheet("Tổng hợp")
    t = summary.total
    append_row(ws, ["Nhóm", "Khóa", "Tên", "Số hồ sơ", "Có lỗi", "Có cảnh báo", "Phát hiện thường gặp"], bold)
    append_row(ws, ["Tổng cộng", "", "", t.dossiers, t.with_errors, t.with_warnings, _top(t)])
    for key, g in sorted(summary.units.items()):
        append_row(ws, ["Đơn vị xử lý", public(key), "", g.dossiers, g.with_errors, g.with_warnings, _top(g)])
    for key, g in sorted(summary.procedures.items()):
        append_row(ws, ["Thủ tục", public(key), public(summary.procedure_names.get(key, "")), g.dossiers,
                        g.with_errors, g.with_warnings, _top(g)])

    dossiers = wb.create_sheet("Hồ sơ")
    findings = wb.create_sheet("Phát hiện")
    append_row(dossiers, DOSSIER_HEADERS, bold)
    append_row(findings, FINDING_HEADERS, bold)
    rows = 0
    for r in results:
        r = public(r)
        append_row(dossiers, dossier_row(r))
        for row in finding_rows(r):
            if rows >= MAX_ROWS:
                break
            append_row(findings, row)
            rows += 1
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))


def write_csv(results: Iterable[dict], out: IO[str]) -> None:
    """The findings sheet as CSV, one row per finding (a dossier without findings gets one row
    with its facts and no code), with the byte-order mark Excel needs to read UTF-8."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FINDING_HEADERS)
    for r in results:
        r = public(r)
        rows = list(finding_rows(r)) or [[r.get("MaHoSo"), r.get("source"), r.get("MaTTHC"), r.get("DonViXuLy")]
                                         + [None] * (len(FINDING_HEADERS) - 4)]
        for row in rows:
            writer.writerow([_csv(v) for v in row])


def _csv(value):
    if not isinstance(value, str):
        return "" if value is None else value
    value = printable(value)
    return "'" + value if is_formula_like(value) else value


def _top(group) -> str:
    return ", ".join(f"{c} ×{n}" for c, n in group.top())
