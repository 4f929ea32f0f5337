"""Tables for `tthc stats` and `tthc reconcile`: text (rich), JSON and XLSX. Column headers
are Vietnamese with English alongside; rates are labelled as rates with their formula and
their UNVERIFIED status. They format results; they judge nothing. Results go through
report/safe.py first: identifiers masked (a unit or dossier code may hold one), spreadsheet
cells never formulas."""
from __future__ import annotations

import json
import sys
from typing import IO

from report.safe import append_row, public
from report.writers import open_out

# The text view keeps the columns a reader scans first; JSON and XLSX carry every counter.
TEXT_COUNTERS = ("tiep_nhan", "truc_tuyen", "da_xu_ly", "truoc_han", "dung_han", "tre_han",
                 "dang_xu_ly_trong_han", "qua_han", "tam_dung")
TEXT_RATES = ("ty_le_dung_han", "ty_le_tien_do", "ty_le_truc_tuyen", "ty_le_thanh_toan_truc_tuyen",
              "ty_le_so_hoa", "ty_le_ket_qua_dien_tu")
BY_LABEL = {"unit": ("Đơn vị xử lý", "Processing unit"), "procedure": ("Thủ tục (MaTTHC)", "Procedure"),
            "month": ("Tháng tiếp nhận", "Month received"), "none": ("Nhóm", "Group")}


def _pct(v) -> str:
    return "—" if v is None else f"{v:.2f}%"


def _console(out: IO[str]):
    """The terminal's own width on a terminal; 200 columns in a file, so wide tables stay whole."""
    from rich.console import Console
    tty = out is sys.stdout and sys.stdout.isatty()
    return Console(file=out, width=None if tty else 80, force_terminal=None if tty else False, highlight=False)


def _class_label(key: str) -> str:
    from schemas import load_json
    labels = load_json("timeline.json")["classes"]["labels"]
    return labels[key]["label"] if key in labels else key


def _problems_text(console, problems: list[dict]) -> None:
    for p in problems:
        console.print(f"[yellow]cảnh báo / warning[/] {p['source']}: {p['message']} / {p['message_en']}")


# --------------------------------------------------------------------------- stats

def _write(result: dict, fmt: str, path: str | None, write_xlsx, write_text) -> None:
    """json, xlsx or text output of a stats or reconcile result."""
    result = public(result)
    if fmt == "xlsx":
        write_xlsx(result, path)
        return
    with open_out(path) as out:
        if fmt == "json":
            json.dump(result, out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            write_text(result, out)


def write_stats(result: dict, fmt: str, path: str | None) -> None:
    _write(result, fmt, path, write_stats_xlsx, write_stats_text)


GROUPS_PER_TABLE = 3            # figures down, groups across: three groups fit 80 columns


def write_stats_text(result: dict, out: IO[str]) -> None:
    """Figures down the side, groups across (three per table), so every table fits an
    80-column terminal however many figures there are; then the notes in both languages."""
    from rich.table import Table

    from report.vi import vi_date

    console = _console(out)
    vi, en = BY_LABEL[result["by"]]
    counters, rates = result["counters"], {r["key"]: r for r in result["rates"]}
    rows = result["groups"] + [result["total"]]
    console.print(f"Chỉ số phục vụ từ hồ sơ / service-index figures from dossiers; ngày đối chiếu / as of "
                  f"{vi_date(result['as_of'])}; nhóm theo / grouped by: {vi.lower()} / {en.lower()}")
    for start in range(0, len(rows), GROUPS_PER_TABLE):
        chunk = rows[start:start + GROUPS_PER_TABLE]
        t = Table(show_lines=False, pad_edge=False)
        t.add_column(f"{vi} / {en}", min_width=28, overflow="fold")
        for row in chunk:
            t.add_column(row["group"], justify="right", max_width=12, overflow="fold",
                         style="bold" if row is result["total"] else None)
        for k in TEXT_COUNTERS:
            t.add_row(f"{counters[k]['label']} / {counters[k]['label_en']}", *(str(row[k]) for row in chunk))
        for k in TEXT_RATES:
            t.add_row(f"{rates[k]['label']} / {rates[k]['label_en']}", *(_pct(row[k]) for row in chunk))
        console.print(t)
    console.print(f"Số hồ sơ / records: {result['total']['tong_ho_so']}.")
    console.print(f"{result.get('classification_vi') or ''}")
    console.print(f"{result['classification']}")
    console.print("Tỷ lệ (không phải điểm chính thức; công thức Bộ chỉ số 766 CHƯA XÁC MINH) / "
                  "Rates (not official scores; the Decision 766 formulas are UNVERIFIED):")
    for r in result["rates"]:
        console.print(f"  • {r['label']} / {r['label_en']} = {r['formula']} / {r['formula_en']}")
    if result.get("records_with_unreadable_dates"):
        console.print(f"[yellow]{result['records_with_unreadable_dates']} hồ sơ có ngày không đọc được / "
                      f"records with unreadable dates[/]")
    _problems_text(console, result.get("problems", []))


def write_stats_xlsx(result: dict, path: str | None) -> None:
    import openpyxl
    from openpyxl.styles import Font

    from report.sheets import save_workbook

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chỉ số - Figures"
    vi, en = BY_LABEL[result["by"]]
    counters, rates = result["counters"], result["rates"]
    append_row(ws, [f"{vi} / {en}"] + [f"{c['label']} / {c['label_en']}" for c in counters.values()]
              + [f"{r['label']} (%) / {r['label_en']} (%)" for r in rates])
    append_row(ws, ["group"] + list(counters) + [r["key"] for r in rates])
    for row in result["groups"] + [result["total"]]:
        append_row(ws, [row["group"]] + [row[k] for k in counters] + [row[r["key"]] for r in rates])
    for cell in ws[1] + ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "B3"
    f = wb.create_sheet("Công thức - Formulas")
    append_row(f, ["Mã / key", "Tỷ lệ", "Rate", "Công thức", "Formula", "Căn cứ / basis", "Trạng thái / status"])
    for r in rates:
        append_row(f, [r["key"], r["label"], r["label_en"], r["formula"], r["formula_en"], r["basis"], result["status"]])
    append_row(f, [])
    append_row(f, ["Bộ đếm / counter", "Tên", "Name", "Định nghĩa / definition"])
    for k, c in counters.items():
        append_row(f, [k, c["label"], c["label_en"], c["definition"]])
    n = wb.create_sheet("Ghi chú - Notes")
    for k, v in (("Ngày đối chiếu / as of", result["as_of"]), ("Nhóm theo / grouped by", result["by"]),
                 ("Căn cứ / basis", result["basis"]), ("Phân loại / classification", result["classification"]),
                 ("Hồ sơ có ngày không đọc được / records with unreadable dates", result.get("records_with_unreadable_dates", 0))):
        append_row(n, [k, v])
    for p in result.get("problems", []):
        append_row(n, ["Cảnh báo / warning", p["source"], p["message"], p["message_en"]])
    save_workbook(wb, path)


# --------------------------------------------------------------------------- reconcile

UNIT_COLUMNS = (("ho_so", "Hồ sơ", "Records"), ("da_xu_ly", "Đã giải quyết", "Finished"),
                ("dung_han", "Đúng/trước hạn", "On time"), ("tre_han", "Trễ hạn", "Late"),
                ("qua_han", "Quá hạn", "Overdue"), ("ty_le_dung_han", "Tỷ lệ đúng hạn", "On-time rate"))


def write_reconcile(result: dict, fmt: str, path: str | None, limit: int = 50) -> None:
    _write(result, fmt, path, write_reconcile_xlsx, lambda r, out: write_reconcile_text(r, out, limit))


def write_reconcile_text(result: dict, out: IO[str], limit: int = 50) -> None:
    from rich.table import Table

    from report.vi import vi_date

    console = _console(out)
    left, right = result["names"]
    console.print(f"Đối chiếu / reconciliation: {left} ↔ {right}; ngày đối chiếu / as of {vi_date(result['as_of'])}")
    # one row per unit and figure, the two sides side by side: fits 80 columns
    t = Table(show_lines=False, pad_edge=False)
    t.add_column("Đơn vị / unit", max_width=24, overflow="fold")
    t.add_column("Chỉ số / figure", overflow="fold")
    t.add_column(left, justify="right", max_width=12, overflow="fold")
    t.add_column(right, justify="right", max_width=12, overflow="fold")
    t.add_column("", max_width=2)
    extra = ((f"Chỉ có ở {left} / Only in {left}", "only_left"), (f"Chỉ có ở {right} / Only in {right}", "only_right"),
             ("Khác nhau / differ", "differences"), ("Lệch đúng/trễ hạn / on-time vs late", "on_time_disagreements"))

    def add_unit(row, style=None):
        first = True
        for key, vi, en in UNIT_COLUMNS:
            a, b = row["left"][key], row["right"][key]
            fmt_ = _pct if key == "ty_le_dung_han" else str
            t.add_row(row["unit"] if first else "", f"{vi} / {en}", fmt_(a), fmt_(b), "" if a == b else "≠", style=style)
            first = False
        for label, key in extra:
            t.add_row("", label, str(row[key]), "", "", style=style)
        t.add_section()
    for row in result["units"]:
        add_unit(row)
    add_unit({"unit": "Tổng cộng / total", **result["total"]}, style="bold")
    console.print(t)
    console.print(f"{left}: {result['left']['records']} hồ sơ / records; {right}: {result['right']['records']}; "
                  f"khớp mã / matched: {result['matched']}")
    for side, name in (("left", left), ("right", right)):
        info = result[side]
        if info["duplicates"]:
            console.print(f"[yellow]{name}: {len(info['duplicates'])} mã hồ sơ trùng (giữ bản cuối) / duplicate "
                          f"MaHoSo (last kept): {', '.join(info['duplicates'][:10])}[/]")
        if info["without_code"]:
            console.print(f"[yellow]{name}: {info['without_code']} bản ghi không có MaHoSo, bỏ qua / records without "
                          f"MaHoSo skipped[/]")
    sections = ((f"Chỉ có ở {left} / only in {left}", result["only_left"], _brief_line),
                (f"Chỉ có ở {right} / only in {right}", result["only_right"], _brief_line),
                ("Khác nhau về trạng thái, ngày / status and date differences", result["differences"], _diff_line),
                ("Trễ hạn một bên, đúng hạn bên kia / late on one side, on time on the other",
                 result["on_time_disagreements"], _disagree_line))
    for title, items, line in sections:
        if not items:
            continue
        console.rule(f"{title} ({len(items)})")
        for item in items[:limit]:
            console.print(line(item), markup=False)
        if len(items) > limit:
            console.print(f"… và {len(items) - limit} mục nữa (dùng --format json hoặc xlsx để xem đủ) / and "
                          f"{len(items) - limit} more (use --format json or xlsx for all)")
    _problems_text(console, result.get("problems", []))


def _brief_line(b: dict) -> str:
    return (f"{b['MaHoSo']}  {b.get('DonViXuLy') or '—'}  TrangThaiHoSo={b.get('TrangThaiHoSo') or '—'}  "
            f"NgayTiepNhan={b.get('NgayTiepNhan') or '—'}  NgayHenTra={b.get('NgayHenTra') or '—'}")


def _diff_line(d: dict) -> str:
    return f"{d['MaHoSo']}  " + "; ".join(f"{f['field']}: {f['left'] or '—'} ≠ {f['right'] or '—'}" for f in d["fields"])


def _disagree_line(d: dict) -> str:
    return (f"{d['MaHoSo']}  {_class_label(d['left_class'])} ≠ {_class_label(d['right_class'])} "
            f"(trễ ở / late on {d['late_on']})  "
            f"NgayHenTra={d['NgayHenTra'][0]} | {d['NgayHenTra'][1]}  "
            f"NgayKetThucXuLy={d['NgayKetThucXuLy'][0]} | {d['NgayKetThucXuLy'][1]}")


def write_reconcile_xlsx(result: dict, path: str | None) -> None:
    import openpyxl

    from report.sheets import save_workbook

    left, right = result["names"]
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Theo đơn vị - By unit")
    head = ["Đơn vị / unit"]
    for key, vi, en in UNIT_COLUMNS:
        head += [f"{vi} / {en} ({left})", f"{vi} / {en} ({right})"]
    head += [f"Chỉ có ở / only in {left}", f"Chỉ có ở / only in {right}", "Khác nhau / differ",
             "Lệch đúng-trễ hạn / on-time vs late"]
    append_row(ws, head)
    for row in result["units"] + [{"unit": "Tổng cộng / total", **result["total"]}]:
        cells = [row["unit"]]
        for key, _, _ in UNIT_COLUMNS:
            cells += [row["left"][key], row["right"][key]]
        append_row(ws, cells + [row["only_left"], row["only_right"], row["differences"], row["on_time_disagreements"]])
    brief_head = ["MaHoSo", "DonViXuLy", "MaTTHC", "TrangThaiHoSo", "NgayTiepNhan", "NgayHenTra", "class"]
    for title, items in ((f"Chỉ có ở {left}"[:31], result["only_left"]), (f"Chỉ có ở {right}"[:31], result["only_right"])):
        s = wb.create_sheet(title)
        append_row(s, brief_head)
        for b in items:
            append_row(s, [b.get(k) for k in brief_head])
    s = wb.create_sheet("Khác nhau - Differences")
    append_row(s, ["MaHoSo", "DonViXuLy", "Trường / field", left, right])
    for d in result["differences"]:
        for f in d["fields"]:
            append_row(s, [d["MaHoSo"], d.get("DonViXuLy"), f["field"], f["left"], f["right"]])
    s = wb.create_sheet("Lệch đúng-trễ hạn - On time")
    append_row(s, ["MaHoSo", "DonViXuLy", f"Phân loại / class ({left})", f"Phân loại / class ({right})", "Trễ ở / late on",
              f"NgayHenTra ({left})", f"NgayHenTra ({right})", f"NgayKetThucXuLy ({left})", f"NgayKetThucXuLy ({right})"])
    for d in result["on_time_disagreements"]:
        append_row(s, [d["MaHoSo"], d.get("DonViXuLy"), d["left_class"], d["right_class"], d["late_on"],
                  *d["NgayHenTra"], *d["NgayKetThucXuLy"]])
    s = wb.create_sheet("Ghi chú - Notes")
    append_row(s, ["Ngày đối chiếu / as of", result["as_of"]])
    for p in result.get("problems", []):
        append_row(s, ["Cảnh báo / warning", p["source"], p["message"], p["message_en"]])
    save_workbook(wb, path)
