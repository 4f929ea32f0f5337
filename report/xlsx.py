"""`tthc validate --format xlsx`: the batch summary and the findings as a spreadsheet with
Vietnamese headers. openpyxl's write-only mode streams rows, so memory stays flat."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from report.summary import Summary

MAX_ROWS = 1_048_000            # Excel's limit is 1,048,576 rows per sheet

DOSSIER_HEADERS = ["Tệp/thư mục hồ sơ", "Mã hồ sơ", "Mã TTHC", "Tên thủ tục", "Đơn vị xử lý", "Trạng thái",
                   "Số lỗi", "Số cảnh báo", "Số thông tin"]
FINDING_HEADERS = ["Mã hồ sơ", "Tệp/thư mục hồ sơ", "Mã TTHC", "Đơn vị xử lý", "Mã phát hiện", "Mức độ",
                   "Nội dung", "Nội dung (tiếng Anh)", "Vị trí trong manifest", "Tệp", "Trang", "Bằng chứng"]
SEVERITY_VI = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}


def write_xlsx(results: Iterable[dict], summary: Summary, path: str | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    bold = Font(bold=True)

    def header(ws, names):
        cells = []
        for name in names:
            cell = WriteOnlyCell(ws, value=name)
            cell.font = bold
            cells.append(cell)
        ws.append(cells)

    ws = wb.create_sheet("Tổng hợp")
    t = summary.total
    header(ws, ["Nhóm", "Khóa", "Tên", "Số hồ sơ", "Có lỗi", "Có cảnh báo", "Phát hiện thường gặp"])
    ws.append(["Tổng cộng", "", "", t.dossiers, t.with_errors, t.with_warnings, _top(t)])
    for key, g in sorted(summary.units.items()):
        ws.append(["Đơn vị xử lý", key, "", g.dossiers, g.with_errors, g.with_warnings, _top(g)])
    for key, g in sorted(summary.procedures.items()):
        ws.append(["Thủ tục", key, summary.procedure_names.get(key, ""), g.dossiers, g.with_errors, g.with_warnings, _top(g)])

    dossiers = wb.create_sheet("Hồ sơ")
    findings = wb.create_sheet("Phát hiện")
    header(dossiers, DOSSIER_HEADERS)
    header(findings, FINDING_HEADERS)
    rows = 0
    for r in results:
        fs = r.get("findings") or []
        count = {s: sum(1 for f in fs if f.get("severity") == s) for s in ("error", "warning", "info")}
        proc = r.get("procedure") or {}
        dossiers.append([r.get("source"), r.get("MaHoSo"), r.get("MaTTHC"), proc.get("name"), r.get("DonViXuLy"),
                         r.get("TrangThaiHoSo"), count["error"], count["warning"], count["info"]])
        for f in fs:
            if rows >= MAX_ROWS:
                break
            loc = f.get("location") or {}
            findings.append([r.get("MaHoSo"), r.get("source"), r.get("MaTTHC"), r.get("DonViXuLy"), f.get("code"),
                             SEVERITY_VI.get(f.get("severity"), f.get("severity")), f.get("message"), f.get("message_en"),
                             loc.get("pointer"), loc.get("file"), loc.get("page"), f.get("evidence")])
            rows += 1
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))


def _top(group) -> str:
    return ", ".join(f"{c} ×{n}" for c, n in group.top())
