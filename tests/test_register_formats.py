"""Deadlines resolved on the working-day calendar (extract/directive/resolve.py), the register's
writers (text, CSV, XLSX, ICS) and the tasks in the text output of `tthc check` and `tthc ingest`."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from extract.calendar import default_calendar
from extract.directive.deadlines import find_deadlines
from extract.directive.resolve import Anchors, resolve_deadline
from report.ics import calendar_of, slug
from report.tasks import write_tasks_csv, write_tasks_text, write_tasks_xlsx

ISSUED = date(2025, 3, 7)          # a Friday
RECEIVED = date(2025, 3, 10)       # the Monday after


@pytest.mark.parametrize("phrase, dates, anchor, assumed", [
    ("báo cáo trong 05 ngày làm việc kể từ ngày ký.", ["2025-03-14"], "issued", False),
    ("chậm nhất 10 ngày kể từ ngày nhận được văn bản này", ["2025-03-20"], "received", False),
    ("gửi báo cáo trong vòng 03 ngày kể từ ngày ban hành Kế hoạch", ["2025-03-10"], "issued", False),
    # 30 calendar days from Friday 07/03 is Sunday 06/04 -> the next working day; Monday 07/04/2025 is
    # Giỗ Tổ Hùng Vương (10/3 âm lịch), so Tuesday 08/04
    ("hoàn thành trong 30 ngày kể từ ngày ký", ["2025-04-08"], "issued", False),
    ("trong 05 ngày làm việc kể từ khi nhận được", ["2025-03-17"], "received", False),
    ("không quá 05 ngày làm việc", ["2025-03-14"], "issued", True),
    ("trong 10 ngày kể từ ngày kết thúc đợt kiểm tra", [None], "event", False),
    ("trong vòng 08 giờ làm việc kể từ khi hệ thống ghi nhận hồ sơ", [None], "event", False),
    ("định kỳ hằng quý", ["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"], "stated", False),
    ("gửi báo cáo trước ngày 30 tháng 11 hằng năm", ["2025-11-30", "2026-11-30", "2027-11-30"], "stated", False),
    ("báo cáo trước ngày 15/12 hằng năm", ["2025-12-15", "2026-12-15", "2027-12-15"], "stated", False),
    ("báo cáo trước ngày 15 tháng cuối quý", ["2025-03-15", "2025-06-15", "2025-09-15", "2025-12-15"], "stated", False),
    ("trước ngày 20/7/2025", ["2025-07-20"], "stated", False),
    ("chậm nhất trong quý II năm 2025", ["2025-06-30"], "stated", False),
])
def test_deadlines_resolve_to_dates_with_their_anchor(phrase, dates, anchor, assumed):
    (deadline,) = find_deadlines(phrase, ISSUED)
    dues = resolve_deadline(0, deadline, phrase, default_calendar(), Anchors(ISSUED, RECEIVED))
    assert [d.date.isoformat() if d.date else None for d in dues] == dates
    assert {d.anchor for d in dues} == {anchor}
    assert {d.anchor_assumed for d in dues} == {assumed}
    for d in dues:
        assert d.basis                                  # every date says how it was obtained


@pytest.mark.parametrize("phrase, anchors, reason", [
    ("chậm nhất 10 ngày kể từ ngày nhận được văn bản này", Anchors(ISSUED, None), "--received"),
    ("chậm nhất 10 ngày kể từ ngày nhận được văn bản này", Anchors(ISSUED, date(2025, 3, 1)), "trước ngày ban hành"),
    ("trong 05 ngày làm việc kể từ ngày ký", Anchors(None, RECEIVED), "không có ngày ban hành"),
])
def test_a_deadline_without_its_anchor_date_says_why(phrase, anchors, reason):
    (deadline,) = find_deadlines(phrase, ISSUED)
    (due,) = resolve_deadline(0, deadline, phrase, default_calendar(), anchors)
    assert due.date is None and reason in due.reason


def _item(**changes) -> dict:
    base = {"id": 7, "item_key": "1#1|sở tài chính|0.0", "doc_key": "ubnd|1/ubnd|2025-11-01", "status": "open",
            "overdue": True, "days_left": -3, "due_date": date(2025, 12, 1), "assignee": "Sở Tài chính",
            "coordinators": ["Sở Nội vụ"], "task": "tham mưu bố trí kinh phí " * 8, "section": "1",
            "number": "1/UBND-KSTT", "issued": date(2025, 11, 1), "document_id": 1, "doc_type": "Công văn",
            "issuer_normalized": "UBND tỉnh Ninh Thuận", "subject": "số hóa", "deadline_text": "trước ngày 1/12/2025",
            "basis": "ngày ghi trong văn bản", "note": None, "status_at": None, "recurrence": None, "occurrence": None}
    return {**base, **changes}


HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_csv_neutralises_formulas_and_writes_dd_mm_yyyy():
    out = io.StringIO()
    write_tasks_csv([_item(task=t, id=i) for i, t in enumerate(HOSTILE)], out)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows[0][:4] == ["Mã việc", "Hạn", "Tình trạng", "Đơn vị thực hiện"]
    assert [r[5] for r in rows[1:]] == ["'" + t for t in HOSTILE]
    assert rows[1][1] == "01/12/2025" and rows[1][2] == "quá hạn 3 ngày"


def test_xlsx_has_widths_a_frozen_header_filters_and_no_formula(tmp_path):
    from openpyxl import load_workbook
    path = tmp_path / "viec.xlsx"
    write_tasks_xlsx([_item(task=t, id=i, assignee=t) for i, t in enumerate(HOSTILE)], path, as_of=date(2025, 12, 4))
    ws = load_workbook(path)["Việc cần theo dõi"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:O{len(HOSTILE) + 1}"
    assert ws.column_dimensions["F"].width == 70 and ws.column_dimensions["A"].width == 8
    assert ws["A1"].value == "Mã việc" and ws["A1"].font.bold
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
    assert [ws.cell(row=r, column=6).value for r in range(2, len(HOSTILE) + 2)] == HOSTILE
    assert ws["B2"].value.date() == date(2025, 12, 1) and ws["B2"].number_format == "DD/MM/YYYY"


def test_ics_entries_carry_what_a_clerk_needs():
    from icalendar import Calendar
    cal = Calendar.from_ical(calendar_of([_item(), _item(id=8, item_key="other", status="done", overdue=False),
                                          _item(id=9, item_key="undated", due_date=None)], name="x").to_ical())
    events = cal.walk("VEVENT")
    assert len(events) == 2                              # an item without a due date has no entry
    ev = events[0]
    assert ev["DTSTART"].dt == date(2025, 12, 1) and ev["DTEND"].dt == date(2025, 12, 2)
    text = str(ev["DESCRIPTION"])
    for fact in ("Sở Tài chính", "1/UBND-KSTT", "Mục: 1", "tham mưu bố trí kinh phí", "Sở Nội vụ", "01/11/2025"):
        assert fact in text
    assert "Sở Tài chính" in str(ev["SUMMARY"])
    (alarm,) = ev.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY" and alarm["TRIGGER"].dt.total_seconds() == -15 * 3600
    assert events[1].walk("VALARM") == [] and str(events[1]["STATUS"]) == "CANCELLED"
    assert cal["PRODID"] and str(cal["VERSION"]) == "2.0"


@pytest.mark.parametrize("name, expected", [("Sở Tài chính", "so-tai-chinh"), ("Sở TT&TT", "so-tt-tt"),
                                            ("Ủy ban nhân dân các huyện, thành phố", "uy-ban-nhan-dan-cac-huyen-thanh-pho"),
                                            ("Đài Phát thanh", "dai-phat-thanh")])
def test_one_calendar_file_per_assignee_is_named_after_it(name, expected):
    assert slug(name) == expected


def test_the_text_table_is_vietnamese_with_shortened_tasks():
    out = io.StringIO()
    write_tasks_text([_item(), _item(id=8, status="done", overdue=False)], out, as_of=date(2025, 12, 4), width=160)
    text = out.getvalue()
    for fact in ("Hạn", "Đơn vị thực hiện", "Nhiệm vụ", "Văn bản", "01/12/2025", "quá hạn 3 ngày", "đã xong",
                 "1/UBND-KSTT", "…", "2 việc: 1 chưa xong (1 quá hạn), 1 đã xong"):
        assert fact in text
    assert ("tham mưu bố trí kinh phí " * 8).strip() not in text


@pytest.mark.parametrize("width", [80, 100, 160])
def test_the_text_table_keeps_the_directive_number_whole(width):
    """A clerk's terminal or COLUMNS: the number a clerk looks up ('1960/UBND-KSTT') is never cut,
    the lines fit the width and carry no padding after the table."""
    out = io.StringIO()
    write_tasks_text([_item(number="1960/UBND-KSTT")], out, as_of=date(2025, 12, 4), width=width)
    lines = out.getvalue().splitlines()
    assert any("1960/UBND-KSTT" in line for line in lines), out.getvalue()
    assert all(len(line) <= width for line in lines if not line.startswith("1 việc"))
    assert not [line for line in lines if line.endswith(" ")]


@pytest.mark.parametrize("items, line", [
    ([{"status": "open", "overdue": True}], "1 việc: 1 chưa xong (1 quá hạn), 0 đã xong / 1 item: 1 open (1 overdue), 0 done"),
    ([{"status": "done", "overdue": False}] * 2, "2 việc: 0 chưa xong (0 quá hạn), 2 đã xong / 2 items: 0 open (0 overdue), 2 done"),
])
def test_the_count_line_says_item_or_items_in_english(items, line):
    from report.tasks import summary_line
    assert summary_line(items) == line


def test_the_spreadsheet_dates_the_last_update_as_a_date_cell(tmp_path):
    from datetime import datetime
    from openpyxl import load_workbook
    path = tmp_path / "viec.xlsx"
    write_tasks_xlsx([_item(status_at=datetime(2025, 12, 2, 14, 30))], path, as_of=date(2025, 12, 4))
    cell = load_workbook(path)["Việc cần theo dõi"]["O2"]
    assert cell.value == datetime(2025, 12, 2, 14, 30) and cell.number_format == "DD/MM/YYYY HH:MM"


@pytest.mark.parametrize("command", ["check", "ingest"])
def test_check_and_ingest_text_show_each_task(command, capsys, monkeypatch):
    import cli
    monkeypatch.setenv("COLUMNS", "120")           # a wide terminal: each task on one line (80 by default)
    cli.main([command, "samples/directives/cong-van-clean.txt", "--format", "text", "--no-progress"])
    text = capsys.readouterr().out
    for fact in ("Nhiệm vụ", "Đơn vị thực hiện", "Thời hạn", "rà soát, cập nhật đầy đủ quy trình",
                 "Các Sở, ban, ngành cấp tỉnh", "29/03/2024", "Ủy ban nhân dân các huyện,", "15/04/2024"):
        assert fact in text
