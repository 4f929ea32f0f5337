"""The register's items for people and other tools: a Vietnamese table (text), JSON, CSV and
XLSX. Dates are dd/mm/yyyy for people, ISO in JSON. Spreadsheet cells that a spreadsheet would
run as a formula (text starting with = + - @, a tab or a carriage return) are written as text:
CSV cells get a leading apostrophe, XLSX cells are typed as text with Excel's quote prefix.
Personal identifiers are masked in every field but the directive's own words (the file's
source path, the officer's notes). Both are report/safe.py's rules, which every writer follows."""
from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path
from typing import IO, Iterable

from extract.model import section_display
from report.vi import text_width

STATUS_VI = {"open": "chưa xong", "done": "đã xong"}
RECURRENCE_VI = {"daily": "hằng ngày", "weekly": "hằng tuần", "monthly": "hằng tháng", "quarterly": "hằng quý",
                 "yearly": "hằng năm"}
NO_ASSIGNEE = "(văn bản không nêu đơn vị)"

COLUMNS = [  # (key, Vietnamese heading, xlsx width)
    ("id", "Mã việc", 8), ("due", "Hạn", 12), ("state", "Tình trạng", 16), ("assignee", "Đơn vị thực hiện", 32),
    ("coordinators", "Đơn vị phối hợp", 28), ("task", "Nhiệm vụ", 70), ("section", "Mục", 8),
    ("directive", "Văn bản", 20), ("issued", "Ngày văn bản", 12), ("issuer", "Cơ quan ban hành", 24),
    ("subject", "Trích yếu", 50), ("deadline_text", "Thời hạn ghi trong văn bản", 32),
    ("basis", "Cách tính hạn", 40), ("note", "Ghi chú", 30), ("status_at", "Cập nhật lúc", 17),
]


def dmy(d: date | datetime | None) -> str:
    if d is None:
        return ""
    return d.strftime("%d/%m/%Y %H:%M") if isinstance(d, datetime) else d.strftime("%d/%m/%Y")


def shorten(text: str | None, width: int = 90) -> str:
    """At most `width` characters, cut at a word, with an ellipsis."""
    t = " ".join((text or "").split())
    if len(t) <= width:
        return t
    cut = t[:width - 1]
    if " " in cut[width // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def state(item: dict) -> str:
    """'đã xong', 'quá hạn 3 ngày', 'còn 5 ngày', 'đến hạn hôm nay', 'chưa có hạn'."""
    if item["status"] == "done":
        return "đã xong"
    days = item.get("days_left")
    if days is None:
        return "chưa có hạn"
    if days < 0:
        return f"quá hạn {-days} ngày"
    return "đến hạn hôm nay" if days == 0 else f"còn {days} ngày"


def directive_label(item: dict) -> str:
    return item.get("number") or f"({item.get('doc_type') or 'văn bản'} không số, mã {item['document_id']})"


def deadline_label(item: dict) -> str:
    text = item.get("deadline_text") or ""
    if item.get("recurrence") and item.get("occurrence"):
        text += f" (lần {item['occurrence']})"
    return text


def display_row(item: dict) -> dict:
    """The values of COLUMNS for one item, as people read them."""
    return {"id": item["id"], "due": dmy(item.get("due_date")), "state": state(item),
            "assignee": item.get("assignee") or NO_ASSIGNEE, "coordinators": "; ".join(item.get("coordinators") or []),
            "task": item.get("task") or "", "section": section_display(item.get("section")),
            "directive": directive_label(item), "issued": dmy(item.get("issued")),
            "issuer": item.get("issuer_normalized") or item.get("issuer") or "", "subject": item.get("subject") or "",
            "deadline_text": deadline_label(item), "basis": item.get("basis") or "", "note": item.get("note") or "",
            "status_at": dmy(item.get("status_at"))}


def json_record(item: dict) -> dict:
    """One item for tools: ISO dates, every fact."""
    out = {}
    for key, value in item.items():
        out[key] = value.isoformat() if isinstance(value, (date, datetime)) else value
    out["state"] = state(item)
    return out


# --------------------------------------------------------------------------- text

def write_tasks_text(items: list[dict], out: IO[str], *, as_of: date, title: str | None = None,
                     width: int | None = None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from report.safe import public_register_rows
    items = public_register_rows(items)
    # a terminal's own width; COLUMNS when set; else 160 so a file keeps the table whole
    console = Console(file=out, highlight=False, width=width or text_width(out, default=160))
    if not items:
        console.print(f"Không có việc nào phù hợp (tính đến {dmy(as_of)}) / no matching items")
        return
    table = Table(title=title or f"Việc cần theo dõi, tính đến {dmy(as_of)}", title_justify="default",
                  show_lines=False, expand=True, header_style="bold")
    table.add_column("Mã", no_wrap=True, justify="right")
    table.add_column("Hạn", no_wrap=True)
    table.add_column("Tình trạng", no_wrap=True)
    table.add_column("Đơn vị thực hiện", ratio=2)
    table.add_column("Nhiệm vụ", ratio=4)
    table.add_column("Văn bản", overflow="fold")          # its own width: a directive's number is never cut
    for it in items:
        row = display_row(it)
        colour = "green" if it["status"] == "done" else ("bold red" if it["overdue"] else "")
        table.add_row(str(row["id"]), row["due"] or "—", f"[{colour}]{escape(row['state'])}[/]" if colour
                      else escape(row["state"]), escape(row["assignee"]),
                      escape(f"{row['section']}. {shorten(row['task'])}" if row["section"] else shorten(row["task"])),
                      escape(f"{row['directive']}\n({row['issued']})" if row["issued"] else row["directive"]))
    console.print(table)
    console.print(summary_line(items))


def items_en(n: int) -> str:
    """'1 item', '3 items': the English half of a count line (Vietnamese 'việc' has no plural)."""
    return f"{n} item" if n == 1 else f"{n} items"


def summary_line(items: list[dict]) -> str:
    done = sum(i["status"] == "done" for i in items)
    overdue = sum(bool(i["overdue"]) for i in items)
    return (f"{len(items)} việc: {len(items) - done} chưa xong ({overdue} quá hạn), {done} đã xong / "
            f"{items_en(len(items))}: {len(items) - done} open ({overdue} overdue), {done} done")


def deadline_cell(deadlines: list[dict]) -> str:
    """'05/12/2025 (trước ngày 5/12/2025)'; a recurring or relative deadline as written."""
    out = []
    for d in deadlines:
        if d.get("date"):
            try:
                out.append(f"{dmy(date.fromisoformat(d['date']))} ({d.get('text')})")
                continue
            except ValueError:
                pass
        out.append(d.get("text") or "")
    return "; ".join(x for x in out if x)


def task_table(tasks: list[dict], lang: str = "vi", width: int = 90):
    """A rich table of a document's tasks: section, the task (shortened), assignees, deadlines.
    `tasks`: {"section", "text", "assignees", "deadlines": [{"text", "date", …}]}."""
    from rich.markup import escape
    from rich.table import Table
    vi = lang == "vi"
    t = Table(title="Nhiệm vụ" if vi else "Tasks", title_justify="default", show_lines=False, expand=True,
              header_style="bold")
    t.add_column("Mục" if vi else "Section", no_wrap=True)
    t.add_column("Nhiệm vụ" if vi else "Task", ratio=3)
    t.add_column("Đơn vị thực hiện" if vi else "Assignees", ratio=2)
    t.add_column("Thời hạn" if vi else "Deadline", ratio=2)
    for task in tasks:
        t.add_row(escape(section_display(task.get("section"), lang)), escape(shorten(task.get("text"), width)),
                  escape("; ".join(task.get("assignees") or []) or "—"),
                  escape(deadline_cell(task.get("deadlines") or []) or "—"))
    return t


# --------------------------------------------------------------------------- json, csv

def write_tasks_json(items: list[dict], out: IO[str], *, as_of: date) -> None:
    from report.safe import public_register_rows
    items = public_register_rows(items)
    json.dump({"as_of": as_of.isoformat(), "count": len(items), "items": [json_record(i) for i in items]},
              out, ensure_ascii=False, indent=2)
    out.write("\n")


def neutral(value):
    """Text a spreadsheet would run as a formula, made plain text (CSV; report/safe.py says which)."""
    from report.safe import is_formula_like
    return "'" + value if is_formula_like(value) else value


def write_tasks_csv(items: list[dict], out: IO[str]) -> None:
    """Vietnamese headings, dd/mm/yyyy; the caller opens OUT with a UTF-8 byte-order mark so
    spreadsheet programs read the Vietnamese letters right."""
    from report.safe import public_register_rows
    items = public_register_rows(items)
    writer = csv.writer(out, lineterminator="\r\n")          # RFC 4180; fields with CR or LF are quoted
    writer.writerow([heading for _, heading, _ in COLUMNS])
    for it in items:
        row = display_row(it)
        writer.writerow([neutral(row[key]) for key, _, _ in COLUMNS])


# --------------------------------------------------------------------------- xlsx

def write_tasks_xlsx(items: Iterable[dict], path: str | Path, *, as_of: date) -> None:
    """One sheet 'Việc cần theo dõi': a bold frozen header with filters, widths per column,
    due dates as date cells (dd/mm/yyyy), overdue rows in red."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from report.safe import append_row, public_register_rows
    from report.sheets import save_workbook
    items = public_register_rows(items)

    wb = Workbook()
    ws = wb.active
    ws.title = "Việc cần theo dõi"
    bold, red = Font(bold=True), Font(color="C00000")
    for col, (_, heading, width) in enumerate(COLUMNS, 1):
        cell = ws.cell(row=1, column=col, value=heading)
        cell.font = bold
        ws.column_dimensions[get_column_letter(col)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    n = 1
    for n, it in enumerate(items, 2):
        row = display_row(it)
        row["due"], row["issued"] = it.get("due_date"), it.get("issued")
        if isinstance(it.get("status_at"), datetime):        # a date cell a spreadsheet sorts and filters
            row["status_at"] = it["status_at"]
        append_row(ws, [row[key] for key, _, _ in COLUMNS], font=red if it.get("overdue") else None)
        for col, (key, _, _) in enumerate(COLUMNS, 1):
            cell = ws.cell(row=n, column=col)
            if isinstance(cell.value, datetime) and (cell.value.hour or cell.value.minute):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(cell.value, (date, datetime)):
                cell.number_format = "DD/MM/YYYY"
            if key in ("task", "subject"):
                cell.alignment = wrap
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(n, 1)}"
    info = wb.create_sheet("Thông tin")
    info.append(["Tính đến ngày", as_of])
    info["B1"].number_format = "DD/MM/YYYY"
    info.append(["Số việc", max(n - 1, 0)])
    info.column_dimensions["A"].width = 20
    info.column_dimensions["B"].width = 14
    save_workbook(wb, path)
