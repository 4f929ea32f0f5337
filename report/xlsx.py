"""`tthc validate --format xlsx`: a workbook an officer can send upward as it is — Vietnamese
headers and sheet names with the English beside them, frozen header rows, a filter on every
column, widths from the content, dates as dates (dd/mm/yyyy), titles next to codes, errors first:

- "Tổng hợp": the batch, per processing unit and per procedure, with the on-time classes
  and the most frequent findings ranked by severity, then by count; dossiers counted by their
  worst finding (with errors, warnings only), as the text summary counts them;
- "Theo mã phát hiện": every finding code with its title, level, findings and dossiers;
- "Hồ sơ": one row per dossier, the worst first, with its status, on-time class and due date;
- "Phát hiện": one row per finding, errors first.

`--format csv` is the "Phát hiện" sheet as CSV (UTF-8 with the byte-order mark Excel needs).
Every record goes through report/safe.py first (personal identifiers masked), and every
value through it on its way into a cell (control characters made visible, formula-like text
kept as text: Excel's quote prefix in xlsx, an apostrophe in CSV).
"""
from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import IO, Iterable

from report.findings_text import pointer_words
from report.safe import is_formula_like, printable, public
from report.sheets import MAX_ROWS, Column, save_workbook, write_table
from report.summary import SEVERITY_RANK, Summary

SEVERITY_VI = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}

DOSSIER_COLUMNS = [Column("Mã hồ sơ", en="Dossier code"), Column("Mã TTHC", en="Procedure code"),
                   Column("Tên thủ tục", wrap=True, en="Procedure"), Column("Đơn vị xử lý", wrap=True, en="Processing unit"),
                   Column("Trạng thái (mã)", 12, True, en="Status code"), Column("Trạng thái", en="Status"),
                   Column("Tiến độ", en="On-time class"), Column("Hạn xử lý đúng", en="Correct due date"),
                   Column("Ngày hẹn trả ghi trên hồ sơ", en="Due date on the dossier"),
                   Column("Cổng DVC xếp loại", en="Portal's class"), Column("Số lỗi", 10, True, en="Errors"),
                   Column("Số cảnh báo", 11, True, en="Warnings"), Column("Số thông tin", 11, True, en="Info"),
                   Column("Phát hiện nặng nhất", wrap=True, en="Worst finding"),
                   Column("Tệp/thư mục hồ sơ", en="Package file or folder")]
FINDING_COLUMNS = [Column("Mức độ", 10, True, en="Severity"), Column("Mã phát hiện", en="Code"),
                   Column("Tên phát hiện", wrap=True, en="Title"), Column("Nội dung", wrap=True, en="Message"),
                   Column("Mã hồ sơ", en="Dossier code"), Column("Mã TTHC", en="Procedure code"),
                   Column("Đơn vị xử lý", wrap=True, en="Processing unit"),
                   Column("Vị trí trong manifest", en="Place in the manifest"), Column("Tệp", en="File"),
                   Column("Trang", 8, True, en="Page"), Column("Bằng chứng", wrap=True, en="Evidence"),
                   Column("Nội dung (tiếng Anh)", wrap=True, en="Message in English"),
                   Column("Tệp/thư mục hồ sơ", en="Package file or folder")]
SUMMARY_COLUMNS = [Column("Nhóm", en="Group"), Column("Khóa", en="Key"), Column("Tên", wrap=True, en="Name"),
                   Column("Số hồ sơ", 10, True, en="Dossiers"), Column("Có lỗi", 10, True, en="With errors"),
                   Column("Chỉ có cảnh báo", 12, True, en="Warnings only"),
                   Column("Tiến độ", wrap=True, en="On-time classes"),
                   Column("Phát hiện thường gặp (lỗi trước, rồi theo số lượng)", wrap=True,
                          en="Most frequent findings (errors first, then by count)")]
CODE_COLUMNS = [Column("Mức độ", 10, True, en="Severity"), Column("Mã phát hiện", en="Code"),
                Column("Tên phát hiện", wrap=True, en="Title"), Column("Số phát hiện", 12, True, en="Findings"),
                Column("Số hồ sơ có", 12, True, en="Dossiers with it"), Column("Căn cứ", wrap=True, en="Legal basis")]
# Sheet names in both languages, as the other workbooks (`tthc stats`) name theirs.
SHEETS = {"summary": "Tổng hợp - Summary", "codes": "Theo mã phát hiện - By code", "dossiers": "Hồ sơ - Dossiers",
          "findings": "Phát hiện - Findings"}


def _rule(code: str | None) -> dict:
    from schemas import rules
    return rules().get(code or "", {})


def _title(code: str | None) -> str:
    return _rule(code).get("title") or ""


def _status_name(code: str | None) -> str:
    from schemas import codes
    return (codes("TrangThaiHoSo").get(code or "") or {}).get("name") or ""


def _class_label(key: str | None) -> str:
    if not key:
        return ""
    from schemas import load_json
    labels = load_json("timeline.json")["classes"]["labels"]
    return (labels.get(key) or {}).get("label") or key


def _moment(value) -> datetime | date | str | None:
    """An ISO date-time of a record as a real date-time cell (dd/mm/yyyy hh:mm in the sheet)."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)


def _worst(findings: list[dict]) -> int:
    return max((SEVERITY_RANK.get(f.get("severity"), -1) for f in findings), default=-1)


def _count(findings: list[dict], severity: str) -> int:
    return sum(1 for f in findings if f.get("severity") == severity)


def _finding_order(f: dict):
    loc = f.get("location") or {}
    return (-SEVERITY_RANK.get(f.get("severity"), -1), f.get("code") or "", str(loc.get("pointer") or ""))


def _top(group) -> str:
    return "\n".join(f"{SEVERITY_VI.get(group.severity.get(c), '')}: {c} {_title(c)} ×{n}" for c, n in group.top())


def _on_time_text(counter) -> str:
    from report.summary import ON_TIME_SHOWN
    return "; ".join(f"{_class_label(k)} {counter[k]}" for k in ON_TIME_SHOWN if counter.get(k))


def write_xlsx(results: Iterable[dict], summary: Summary, path: str | Path) -> None:
    from openpyxl import Workbook

    records = [public(r) for r in results]
    wb = Workbook(write_only=True)
    per_group_on_time = _on_time_by_group(records)
    t = summary.total
    rows = [["Tổng cộng", "", "", t.dossiers, t.with_errors, t.warnings_only, _on_time_text(summary.on_time), _top(t)]]
    for key, g in sorted(summary.units.items()):
        rows.append(["Đơn vị xử lý", public(key), "", g.dossiers, g.with_errors, g.warnings_only,
                     _on_time_text(per_group_on_time[("unit", key)]), _top(g)])
    for key, g in sorted(summary.procedures.items()):
        rows.append(["Thủ tục", public(key), public(summary.procedure_names.get(key, "")), g.dossiers, g.with_errors, g.warnings_only,
                     _on_time_text(per_group_on_time[("procedure", key)]), _top(g)])
    write_table(wb, SHEETS["summary"], SUMMARY_COLUMNS, rows)

    write_table(wb, SHEETS["codes"], CODE_COLUMNS,
                [[SEVERITY_VI.get(t.severity.get(c), t.severity.get(c)), c, _title(c), n, t.dossiers_with[c],
                  _rule(c).get("basis") or ""] for c, n in t.ranked()])

    dossier_rows = []
    for r in sorted(records, key=lambda r: (-_worst(r.get("findings") or []),
                                            -_count(r.get("findings") or [], "error"), r.get("source") or "")):
        fs = r.get("findings") or []
        proc = r.get("procedure") or {}
        on_time = r.get("on_time") or {}
        worst = sorted(fs, key=_finding_order)[:1]
        dossier_rows.append([
            r.get("MaHoSo"), r.get("MaTTHC"), proc.get("name"), r.get("DonViXuLy"), r.get("TrangThaiHoSo"),
            _status_name(r.get("TrangThaiHoSo")), on_time.get("label"), _moment(on_time.get("due")),
            _moment(on_time.get("due_on_dossier")), _class_label(on_time.get("portal_class")),
            _count(fs, "error"), _count(fs, "warning"), _count(fs, "info"),
            f"{worst[0].get('code')} {_title(worst[0].get('code'))}" if worst else "", r.get("source")])
    write_table(wb, SHEETS["dossiers"], DOSSIER_COLUMNS, dossier_rows)

    finding_rows = sorted_findings(records)
    write_table(wb, SHEETS["findings"], FINDING_COLUMNS, finding_rows, limit=MAX_ROWS)
    save_workbook(wb, path)


def sorted_findings(records: list[dict]) -> list[list]:
    """One row per finding of every record (FINDING_COLUMNS), errors first."""
    rows = []
    for r in records:
        for f in r.get("findings") or []:
            loc = f.get("location") or {}
            rows.append((_finding_order(f), [
                SEVERITY_VI.get(f.get("severity"), f.get("severity")), f.get("code"), _title(f.get("code")),
                f.get("message"), r.get("MaHoSo"), r.get("MaTTHC"), r.get("DonViXuLy"),
                pointer_words(loc["pointer"]) if loc.get("pointer") else None,
                loc.get("file"), loc.get("page"), f.get("evidence"), f.get("message_en"), r.get("source")]))
    rows.sort(key=lambda x: x[0])
    return [row for _, row in rows]


def write_csv(results: Iterable[dict], out: IO[str]) -> None:
    """The findings sheet as CSV, errors first (a dossier without findings gets one row with its
    facts and no code), with the byte-order mark Excel needs to read UTF-8."""
    records = [public(r) for r in results]
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.heading for c in FINDING_COLUMNS])
    for row in sorted_findings(records):
        writer.writerow([_csv(v) for v in row])
    for r in records:
        if not r.get("findings"):
            empty = [None] * len(FINDING_COLUMNS)
            empty[4], empty[5], empty[6], empty[-1] = r.get("MaHoSo"), r.get("MaTTHC"), r.get("DonViXuLy"), r.get("source")
            writer.writerow([_csv(v) for v in empty])


def _csv(value):
    if not isinstance(value, str):
        return "" if value is None else value
    value = printable(value)
    return "'" + value if is_formula_like(value) else value


def _on_time_by_group(records: list[dict]) -> dict:
    from collections import Counter, defaultdict

    from report.summary import UNKNOWN
    out: dict = defaultdict(Counter)
    for r in records:
        klass = (r.get("on_time") or {}).get("class")
        if not klass:
            continue
        proc = r.get("procedure") or {}
        out[("unit", r.get("DonViXuLy") or UNKNOWN[0])][klass] += 1
        out[("procedure", proc.get("code") or r.get("MaTTHC") or UNKNOWN[0])][klass] += 1
    return out
