"""Tables for `tthc stats` and `tthc reconcile`: text (rich), JSON and XLSX. Column headers
are Vietnamese with English alongside; rates are labelled as rates with their formula and
their UNVERIFIED status. They format results; they judge nothing. Results go through
report/safe.py first: identifiers masked (a unit or dossier code may hold one), spreadsheet
cells never formulas."""
from __future__ import annotations

import json
import sys
from typing import IO

from report.safe import public
from report.writers import open_out

# The text view keeps the columns a reader scans first; JSON and XLSX carry every counter.
TEXT_COUNTERS = ("tiep_nhan", "truc_tuyen", "da_xu_ly", "truoc_han", "dung_han", "tre_han",
                 "dang_xu_ly_trong_han", "qua_han", "tam_dung")
TEXT_RATES = ("ty_le_dung_han", "ty_le_tien_do", "ty_le_truc_tuyen", "ty_le_thanh_toan_truc_tuyen",
              "ty_le_so_hoa", "ty_le_ket_qua_dien_tu")
BY_LABEL = {"unit": ("Đơn vị xử lý", "Processing unit"), "procedure": ("Thủ tục (MaTTHC)", "Procedure"),
            "month": ("Tháng tiếp nhận", "Month received"), "none": ("Nhóm", "Group")}


def _pct(v) -> str:
    """The text tables are Vietnamese first: a decimal comma ("97,06%"); JSON and XLSX keep numbers."""
    from report.vi import percent
    return percent(v, "vi")


def _console(out: IO[str]):
    """The terminal's own width on a terminal; 200 columns in a file, so wide tables stay whole."""
    from rich.console import Console
    tty = out is sys.stdout and sys.stdout.isatty()
    return Console(file=out, width=None if tty else 80, force_terminal=None if tty else False, highlight=False)


def _class_label(key: str) -> str:
    from schemas import load_json
    labels = load_json("timeline.json")["classes"]["labels"]
    return labels[key]["label"] if key in labels else key


def _plain(value) -> str:
    """Text from the input (a unit's name, a path, a message quoting a file) as text, never as
    terminal markup: a DonViXuLy "[/]" must not stop the report."""
    from rich.markup import escape

    from report.safe import printable
    return escape(printable(str(value)))


def _problems_text(console, problems: list[dict]) -> None:
    for p in problems:
        console.print(f"[yellow]cảnh báo / warning[/] {_plain(p['source'])}: {_plain(p['message'])} / "
                      f"{_plain(p['message_en'])}")


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
            t.add_column(_plain(row["group"]), justify="right", max_width=12, overflow="fold",
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
    """Tables an officer can send (report/sheets.py): the figures by group with the total last,
    the formulas with their status, the counters, and the notes (the day counted to as a date)."""
    import openpyxl
    from report.sheets import Column, save_workbook, write_table

    wb = openpyxl.Workbook(write_only=True)
    vi, en = BY_LABEL[result["by"]]
    counters, rates = result["counters"], result["rates"]
    head = ([Column(f"{vi} / {en}", wrap=True)] + [Column(f"{c['label']} / {c['label_en']}", 14, wrap=True) for c in counters.values()]
            + [Column(f"{r['label']} (%) / {r['label_en']} (%)", 14, wrap=True) for r in rates])
    write_table(wb, "Chỉ số - Figures", head,
                [[row["group"]] + [row[k] for k in counters] + [row[r["key"]] for r in rates]
                 for row in result["groups"] + [result["total"]]])
    write_table(wb, "Công thức - Formulas",
                ["Mã / key", Column("Tỷ lệ", wrap=True), Column("Rate", wrap=True), Column("Công thức", wrap=True),
                 Column("Formula", wrap=True), Column("Căn cứ / basis", wrap=True), "Trạng thái / status"],
                [[r["key"], r["label"], r["label_en"], r["formula"], r["formula_en"], r["basis"], result["status"]]
                 for r in rates])
    write_table(wb, "Bộ đếm - Counters", ["Mã bộ đếm / counter key", "Tên", "Name", Column("Định nghĩa / definition", wrap=True)],
                [[k, c["label"], c["label_en"], c["definition"]] for k, c in counters.items()])
    notes = [["Ngày đối chiếu / as of", _day(result["as_of"]), ""],
             ["Nhóm theo / grouped by", f"{vi} / {en}", ""],
             ["Căn cứ / basis", result["basis"], ""], ["Phân loại / classification", result["classification"], ""],
             ["Hồ sơ có ngày không đọc được / records with unreadable dates",
              result.get("records_with_unreadable_dates", 0), ""]]
    notes += [["Cảnh báo / warning", f"{p['source']}: {p['message']}", p["message_en"]] for p in result.get("problems", [])]
    write_table(wb, "Ghi chú - Notes", [Column("Mục / item", wrap=True), Column("Nội dung", wrap=True),
                                        Column("English", wrap=True)], notes)
    save_workbook(wb, path)


def _day(value):
    """An ISO day of a result as a date (shown dd/mm/yyyy in a sheet); other values as given."""
    from datetime import date
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


def _moment(value):
    """An ISO moment of a result as a datetime (shown dd/mm/yyyy hh:mm); other values as given."""
    from datetime import datetime
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value



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
    left, right = (_plain(name) for name in result["names"])
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
            t.add_row(_plain(row["unit"]) if first else "", f"{vi} / {en}", fmt_(a), fmt_(b), "" if a == b else "≠", style=style)
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
                          f"MaHoSo (last kept): {_plain(', '.join(info['duplicates'][:10]))}[/]")
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
    """Tables an officer can send (report/sheets.py): figures by unit side by side, the dossiers
    on one side only, the fields that differ (as each side wrote them), the on-time classes that
    disagree, with the classes in words and dates as dates."""
    import openpyxl
    from report.sheets import Column, save_workbook, write_table

    left, right = result["names"]
    wb = openpyxl.Workbook(write_only=True)
    head = [Column("Đơn vị / unit", wrap=True)]
    for key, vi, en in UNIT_COLUMNS:
        head += [Column(f"{vi} / {en} ({left})", 14, wrap=True), Column(f"{vi} / {en} ({right})", 14, wrap=True)]
    head += [Column(f"Chỉ có ở / only in {left}", 14, wrap=True), Column(f"Chỉ có ở / only in {right}", 14, wrap=True),
             Column("Khác nhau / differ", 12, wrap=True), Column("Lệch đúng-trễ hạn / on-time vs late", 14, wrap=True)]
    rows = []
    for row in result["units"] + [{"unit": "Tổng cộng / total", **result["total"]}]:
        cells = [row["unit"]]
        for key, _, _ in UNIT_COLUMNS:
            cells += [row["left"][key], row["right"][key]]
        rows.append(cells + [row["only_left"], row["only_right"], row["differences"], row["on_time_disagreements"]])
    write_table(wb, "Theo đơn vị - By unit", head, rows)
    brief_head = ["MaHoSo", Column("DonViXuLy", wrap=True), "MaTTHC", "TrangThaiHoSo", "NgayTiepNhan", "NgayHenTra",
                  "Tiến độ / class"]
    for title, items in ((f"Chỉ có ở {left}"[:31], result["only_left"]), (f"Chỉ có ở {right}"[:31], result["only_right"])):
        write_table(wb, title, brief_head,
                    [[b.get("MaHoSo"), b.get("DonViXuLy"), b.get("MaTTHC"), b.get("TrangThaiHoSo"),
                      _moment(b.get("NgayTiepNhan")), _moment(b.get("NgayHenTra")), _class_label(b.get("class"))]
                     for b in items])
    write_table(wb, "Khác nhau - Differences",
                ["MaHoSo", Column("DonViXuLy", wrap=True), "Trường / field", Column(left, wrap=True), Column(right, wrap=True)],
                [[d["MaHoSo"], d.get("DonViXuLy"), f["field"], f["left"], f["right"]]
                 for d in result["differences"] for f in d["fields"]])
    write_table(wb, "Lệch đúng-trễ hạn - On time",
                ["MaHoSo", Column("DonViXuLy", wrap=True), f"Tiến độ / class ({left})", f"Tiến độ / class ({right})",
                 "Trễ ở / late on", f"NgayHenTra ({left})", f"NgayHenTra ({right})", f"NgayKetThucXuLy ({left})",
                 f"NgayKetThucXuLy ({right})"],
                [[d["MaHoSo"], d.get("DonViXuLy"), _class_label(d["left_class"]), _class_label(d["right_class"]),
                  d["late_on"], *d["NgayHenTra"], *d["NgayKetThucXuLy"]] for d in result["on_time_disagreements"]])
    write_table(wb, "Ghi chú - Notes", ["Mục / item", Column("Nội dung", wrap=True), Column("English", wrap=True)],
                [["Ngày đối chiếu / as of", _day(result["as_of"]), ""]]
                + [["Cảnh báo / warning", f"{p['source']}: {p['message']}", p["message_en"]]
                   for p in result.get("problems", [])])
    save_workbook(wb, path)
