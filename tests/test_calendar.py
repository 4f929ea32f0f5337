"""The working-day calendar across Tết, 30/4-1/5 and 2/9 of 2023, 2024 and 2025.

Expected answers are worked out by hand from the official public-sector schedules (the
government announcements named in DOMAIN.md §6 and schemas/calendar/vn_workday_changes.json),
not from the code. Office sessions 07:00-11:30 and 13:30-17:00 (8 h); N working days =
N x 8 working hours from the reception moment, i.e. "the same clock time N working days later"
when received inside office hours.
"""
import json
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.calendar import Calendar, CalendarError
from extract.dossier.durations import DurationError, parse_duration

CAL = Calendar()


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


# (received, duration, late cutoff minutes, expected due, reasoning)
DUE_CASES = [
    # ---- 2023 -------------------------------------------------------------------------
    # Tết Quý Mão: public sector off Fri 20/1 (29 Tết) to Thu 26/1 (mùng 5); back Fri 27/1.
    ("2023-01-19T10:00", "5 ngày làm việc", 0, "2023-02-02T10:00",
     "working days after Thu 19/1: Fri 27/1, Mon 30/1, Tue 31/1, Wed 1/2, Thu 2/2 -> Thu 2/2 10:00"),
    ("2023-01-20T09:00", "8 giờ làm việc", 0, "2023-01-27T17:00",
     "received online on a Tết day: counting starts Fri 27/1 07:00, 8 h later is 17:00 the same day"),
    # 30/4-1/5/2023: Giỗ Tổ fell on Sat 29/4 (nghỉ bù Tue 2/5), 30/4 on Sunday (nghỉ bù Wed 3/5):
    # off Sat 29/4 to Wed 3/5, back Thu 4/5.
    ("2023-04-28T16:45", "05 ngày làm việc", 0, "2023-05-10T16:45",
     "15 min left on Fri 28/4; then Thu 4/5, Fri 5/5, Mon 8/5, Tue 9/5 and Wed 10/5 -> Wed 10/5 16:45"),
    ("2023-04-28T16:45", "05 ngày làm việc", 60, "2023-05-10T17:00",
     "received in the last office hour: counted from Thu 4/5 07:00; 5 full days end Wed 10/5 17:00"),
    ("2023-04-28T16:45", "8 giờ làm việc", 0, "2023-05-04T16:45",
     "0.25 h on Fri, 7.75 h on Thu 4/5: 4.5 h morning + 3.25 h from 13:30 = 16:45"),
    # 2/9/2023 was a Saturday: off Fri 1/9 (adjacent day), Sat 2/9, Sun 3/9, Mon 4/9 (nghỉ bù); back Tue 5/9.
    ("2023-08-31T14:00", "3 ngày làm việc", 0, "2023-09-07T14:00",
     "Tue 5/9, Wed 6/9, Thu 7/9 -> Thu 7/9 14:00"),
    ("2023-08-18T10:00", "15 ngày", 0, "2023-09-05T10:00",
     "calendar days: Fri 18/8 + 15 = Sat 2/9, a day off; moves to the next working day Tue 5/9"),
    # ---- 2024 -------------------------------------------------------------------------
    # Tết Giáp Thìn: off Thu 8/2 (29 Tết) to Wed 14/2 (mùng 5); back Thu 15/2.
    ("2024-02-07T15:00", "2 ngày làm việc", 0, "2024-02-16T15:00",
     "Thu 15/2, Fri 16/2 -> Fri 16/2 15:00"),
    ("2024-02-11T09:00", "8 giờ làm việc", 0, "2024-02-15T17:00",
     "received online on Sunday 11/2 (mùng 2 Tết): counted from Thu 15/2 07:00 -> 17:00"),
    # 30/4-1/5/2024 (Công văn 2450/VPCP-KGVX): Mon 29/4 off in exchange for working Sat 4/5;
    # off Sat 27/4 to Wed 1/5.
    ("2024-04-26T09:00", "3 ngày làm việc", 0, "2024-05-04T09:00",
     "Thu 2/5, Fri 3/5 and the make-up Saturday 4/5 -> Sat 4/5 09:00"),
    ("2024-04-26T09:00", "2 ngày", 0, "2024-05-02T09:00",
     "calendar days: Sun 28/4 is off, and so are 29/4-1/5 -> next working day Thu 2/5 09:00"),
    # 2/9/2024 was a Monday, with Tue 3/9 added: off Sat 31/8 to Tue 3/9; back Wed 4/9.
    ("2024-08-30T16:45", "1 ngày làm việc", 0, "2024-09-04T16:45",
     "0.25 h on Fri 30/8, 7.75 h on Wed 4/9 -> 16:45"),
    ("2024-08-30T16:45", "1 ngày làm việc", 60, "2024-09-04T17:00",
     "last office hour: counted from Wed 4/9 07:00 -> 17:00"),
    # ---- 2025 -------------------------------------------------------------------------
    # Tết Ất Tỵ (Thông báo 6150/TB-BLĐTBXH): off Mon 27/1 to Fri 31/1, i.e. Sat 25/1 to Sun 2/2.
    ("2025-01-24T15:00", "05 ngày làm việc", 0, "2025-02-07T15:00",
     "Mon 3/2, Tue 4/2, Wed 5/2, Thu 6/2, Fri 7/2 -> Fri 7/2 15:00 (the issue's example)"),
    ("2025-01-24T16:45", "5 working_day", 60, "2025-02-07T17:00",
     "Friday 16:45 before the 9-day Tết break, last-hour rule: counted from Mon 3/2 07:00"),
    # 30/4-1/5/2025 (same announcement): work Sat 26/4 in exchange for Fri 2/5; off Wed 30/4 to Sun 4/5.
    ("2025-04-25T10:00", "1 ngày làm việc", 0, "2025-04-26T10:00",
     "Sat 26/4 is a make-up working day -> Sat 26/4 10:00"),
    ("2025-04-29T14:00", "2 ngày làm việc", 0, "2025-05-06T14:00",
     "Mon 5/5, Tue 6/5 -> Tue 6/5 14:00"),
    ("2025-04-29T14:00", "0,5 ngày làm việc", 0, "2025-05-05T08:00",
     "half a working day = 4 h: 3 h to 17:00 on Tue 29/4, then 30/4-4/5 off, 1 h from Mon 5/5 07:00"),
    # 2/9/2025 was a Tuesday, with Mon 1/9 added: off Sat 30/8 to Tue 2/9; back Wed 3/9.
    ("2025-08-29T16:00", "8 giờ làm việc", 0, "2025-09-03T16:00",
     "1 h on Fri 29/8, 7 h on Wed 3/9: 4.5 h morning + 2.5 h from 13:30 = 16:00"),
    ("2025-08-29T16:00", "8 giờ làm việc", 60, "2025-09-03T17:00",
     "received at 16:00, inside the last office hour: counted from Wed 3/9 07:00"),
]


@pytest.mark.parametrize("received, duration, cutoff, expected, why", DUE_CASES,
                         ids=[c[0] + " " + c[1] for c in DUE_CASES])
def test_due_dates_across_holidays(received, duration, cutoff, expected, why):
    d = parse_duration(duration)
    assert CAL.add(dt(received), d.value, d.unit, late_cutoff_minutes=cutoff) == dt(expected), why


# (from, to inclusive, working days, reasoning)
WORKDAY_CASES = [
    ("2023-01-16", "2023-02-03", 10, "Mon 16-Thu 19/1 = 4; 20-26/1 Tết; Fri 27/1 = 1; 30/1-3/2 = 5"),
    ("2023-04-24", "2023-05-05", 7, "24-28/4 = 5; 29/4-3/5 off; Thu 4/5, Fri 5/5 = 2"),
    ("2023-08-28", "2023-09-08", 8, "Mon 28-Thu 31/8 = 4; 1-4/9 off; Tue 5-Fri 8/9 = 4"),
    ("2024-02-05", "2024-02-16", 5, "Mon 5-Wed 7/2 = 3; Thu 8-Wed 14/2 off; Thu 15, Fri 16 = 2"),
    ("2024-04-22", "2024-05-10", 13, "22-26/4 = 5; Thu 2, Fri 3, Sat 4/5 (make-up) = 3; 6-10/5 = 5"),
    ("2024-08-26", "2024-09-06", 8, "26-30/8 = 5; Mon 2, Tue 3/9 off; Wed 4-Fri 6/9 = 3"),
    ("2025-01-20", "2025-02-10", 11, "20-24/1 = 5; 27-31/1 Tết; 3-7/2 = 5; Mon 10/2 = 1"),
    ("2025-04-21", "2025-05-09", 13, "21-25/4 = 5; Sat 26/4 make-up = 1; Mon 28, Tue 29/4 = 2; 30/4-2/5 off; 5-9/5 = 5"),
    ("2025-08-25", "2025-09-05", 8, "25-29/8 = 5; Mon 1, Tue 2/9 off; Wed 3-Fri 5/9 = 3"),
]


@pytest.mark.parametrize("start, end, expected, why", WORKDAY_CASES, ids=[c[0] for c in WORKDAY_CASES])
def test_working_days_across_holidays(start, end, expected, why):
    assert CAL.working_days_between(date.fromisoformat(start), date.fromisoformat(end)) == expected, why


@pytest.mark.parametrize("day, working, name", [
    ("2023-01-20", False, "29 Tết"),
    ("2023-05-02", False, "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
    ("2023-09-01", False, "Quốc khánh"),
    ("2024-04-29", False, "Nghỉ hoán đổi (làm bù thứ Bảy 04/05/2024)"),
    ("2024-05-04", True, None),                     # make-up Saturday
    ("2024-09-03", False, "Quốc khánh"),
    ("2025-01-29", False, "Tết Nguyên Đán"),
    ("2025-04-26", True, None),
    ("2025-05-02", False, "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)"),
    ("2025-06-07", False, None),                    # an ordinary Saturday: off, but no holiday
    ("2025-06-09", True, None),
])
def test_directive_seam_is_working_day_and_holiday_name(day, working, name):
    d = date.fromisoformat(day)
    assert CAL.is_working_day(d) is working
    assert CAL.holiday_name(d) == name


def _day_names():
    import schemas
    return [c["name"] for c in schemas.load_json("calendar", "vn_workday_changes.json")["changes"] if c.get("name")]


@pytest.mark.parametrize("name", _day_names())
def test_a_day_name_writes_its_dates_dd_mm_yyyy(name):
    """The names are printed as they are (`tthc due`, `tthc calendar`, DEADLINE.NON_WORKING_DAY):
    "làm bù thứ Bảy 26/04/2025", never "26/4/2025" beside "26/04/2025" in the English half."""
    import re
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", re.sub(r"\b\d{2}/\d{2}/\d{4}\b", "", name)), name


def test_holiday_names_in_english():
    assert CAL.holiday_name(date(2025, 5, 2), "en") == "Swapped day off (worked on Saturday 26/04/2025)"
    assert CAL.holiday_name(date(2025, 1, 29), "en") == "Lunar New Year"


def test_a_deadline_at_the_end_of_a_day_can_be_written_on_the_next_working_day():
    # 17:00 Fri 7/2/2025 and 07:00 Mon 10/2/2025 are the same working-time instant.
    assert CAL.deadline_dates(dt("2025-02-07T17:00")) == {date(2025, 2, 7), date(2025, 2, 10)}
    assert CAL.deadline_dates(dt("2025-02-07T15:00")) == {date(2025, 2, 7)}


def test_count_start_and_lunch_break():
    assert CAL.count_start(dt("2025-03-09T10:00")) == dt("2025-03-10T07:00")     # Sunday
    assert CAL.count_start(dt("2025-03-10T12:15")) == dt("2025-03-10T13:30")     # lunch
    assert CAL.count_start(dt("2025-03-10T06:00")) == dt("2025-03-10T07:00")
    assert CAL.count_start(dt("2025-03-10T18:00")) == dt("2025-03-11T07:00")
    assert CAL.count_start(dt("2025-03-10T15:59"), 60) == dt("2025-03-10T15:59")
    assert CAL.count_start(dt("2025-03-10T16:00"), 60) == dt("2025-03-11T07:00")
    # 4 h from 10:00 crosses lunch: 1.5 h in the morning, 2.5 h from 13:30 -> 16:00
    assert CAL.add_working_hours(dt("2025-03-10T10:00"), 4) == dt("2025-03-10T16:00")


def test_working_hours_between():
    # Fri 24/1/2025 15:00 -> Fri 7/2/2025 15:00 spans exactly 5 working days.
    assert CAL.working_hours_between(dt("2025-01-24T15:00"), dt("2025-02-07T15:00")) == 40
    assert CAL.working_hours_between(dt("2025-02-07T15:00"), dt("2025-01-24T15:00")) == -40


def test_user_calendar_saturday_mornings_and_a_half_day(tmp_path):
    f = tmp_path / "cal.json"
    f.write_text(json.dumps({
        "weekly": {"sat": ["07:00-11:30"]},
        "changes": [{"date": "2025-12-31", "type": "half_day", "sessions": ["07:00-11:30"],
                     "name": "Nghỉ chiều 31/12", "source": "Quyết định của UBND tỉnh (giả định cho kiểm thử)"},
                    {"date": "2025-03-14", "type": "day_off", "name": "Nghỉ theo quyết định tỉnh",
                     "source": "test"}]}), encoding="utf-8")
    cal = Calendar.from_file(f)
    # Fri 7/3/2025 16:00 + 8 h: 1 h Fri, 4.5 h Sat morning, 2.5 h Mon 10/3 -> 09:30
    assert cal.add_working_hours(dt("2025-03-07T16:00"), 8) == dt("2025-03-10T09:30")
    # Wed 31/12/2025 10:00 + 4 h: 1.5 h to 11:30 (afternoon off), Thu 1/1/2026 is New Year,
    # Fri 2/1 is swapped off (CV 12729/VPCP-KGVX), Sat 3/1 07:00 (this file's Saturday mornings)
    # + 2.5 h -> 09:30
    assert cal.add_working_hours(dt("2025-12-31T10:00"), 4) == dt("2026-01-03T09:30")
    assert not cal.is_working_day(date(2025, 3, 14)) and cal.holiday_name(date(2025, 3, 14)) == "Nghỉ theo quyết định tỉnh"
    assert cal.is_working_day(date(2025, 12, 31)) and cal.day_note(date(2025, 12, 31)) == "Nghỉ chiều 31/12"
    # built-in swaps still apply under a user file
    assert not cal.is_working_day(date(2025, 5, 2))


@pytest.mark.parametrize("content, fragment", [
    ("{not json", "không đọc được"),
    (json.dumps({"changes": [{"date": "2025-13-01", "type": "day_off", "source": "x"}]}), "không hợp lệ"),
    (json.dumps({"changes": [{"date": "2025-01-02", "type": "day_off"}]}), "source"),
    (json.dumps({"sessions": ["13:30-17:00", "07:00-11:30"]}), "sessions must be ordered"),
    (json.dumps({"weekly": {"someday": []}}), "invalid calendar file"),
])
def test_bad_calendar_files_give_bilingual_errors(tmp_path, content, fragment):
    f = tmp_path / "bad.json"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(CalendarError) as err:
        Calendar.from_file(f)
    assert fragment in str(err.value) and "/" in str(err.value)


def test_missing_calendar_file():
    with pytest.raises(CalendarError, match="not found"):
        Calendar.from_file("/nonexistent/cal.json")


def test_out_of_range_dates_are_errors_not_crashes():
    with pytest.raises(CalendarError):
        CAL.add_working_days(dt("1999-12-31T10:00"), 1)
    with pytest.raises(CalendarError):
        CAL.add_working_days(dt("2199-12-31T10:00"), 1000)


@pytest.mark.parametrize("text, value, unit", [
    ("8 giờ làm việc", 8, "working_hour"), ("15 ngày", 15, "day"), ("05 ngày làm việc", 5, "working_day"),
    ("5 working_day", 5, "working_day"), ("15 (mười lăm) ngày làm việc kể từ ngày nhận đủ hồ sơ", 15, "working_day"),
    ("0,5 ngày làm việc", 0.5, "working_day"), ("02 tháng", 2, "month"), ("24 giờ", 24, "hour"),
    ("Không quá 03 NGÀY LÀM VIỆC", 3, "working_day"), ("2 tuần", 14, "day"), ("8 working hours", 8, "working_hour"),
])
def test_parse_duration(text, value, unit):
    d = parse_duration(text)
    assert (d.value, d.unit) == (value, unit)


@pytest.mark.parametrize("text", ["", "ngày làm việc", "năm ngày", "0 ngày", "5 năm"])
def test_parse_duration_rejects(text):
    with pytest.raises(DurationError):
        parse_duration(text)


# ---------------------------------------------------------------------------- properties

moments = st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2026, 12, 31, 23, 59))
HALF_SAT = Calendar(weekly={"sat": ["07:30-11:30"]})


@settings(max_examples=300, deadline=None)
@given(moment=moments, minutes=st.integers(min_value=0, max_value=60 * 8 * 60))
def test_adding_then_counting_working_time_returns_what_was_added(moment, minutes):
    moment = moment.replace(microsecond=0)
    for cal in (CAL, HALF_SAT):
        due = cal.add_working_hours(moment, minutes / 60)
        assert cal.working_seconds_between(moment, due) == minutes * 60
        assert due >= moment or minutes == 0


@settings(max_examples=200, deadline=None)
@given(moment=moments, days=st.integers(min_value=1, max_value=40), cutoff=st.sampled_from([0, 60]))
def test_adding_working_days_counts_back(moment, days, cutoff):
    moment = moment.replace(microsecond=0)
    due = CAL.add_working_days(moment, days, late_cutoff_minutes=cutoff)
    start = CAL.count_start(moment, cutoff)
    assert CAL.working_hours_between(start, due) == days * 8
    assert CAL.is_working_day(due.date())
    # counted from the start of a working day, N days end on the Nth day (17:00); from inside
    # office hours, on the Nth working day after, at the same clock time
    at_day_start = CAL.working_seconds(start) == CAL.working_seconds(datetime.combine(start.date(), time()))
    first = start.date() if at_day_start else start.date() + timedelta(days=1)
    assert CAL.working_days_between(first, due.date()) == days


@settings(max_examples=200, deadline=None)
@given(moment=moments, a=st.integers(0, 20000), b=st.integers(0, 20000))
def test_adding_is_monotonic(moment, a, b):
    lo, hi = sorted((a, b))
    assert CAL.add_working_hours(moment, lo / 60) <= CAL.add_working_hours(moment, hi / 60)


# ---------------------------------------------------------------------------- command line

def test_cli_due_text_and_json(capsys):
    from cli import main
    assert main(["due", "--from", "2025-01-24T15:00", "--in", "05 ngày làm việc"]) == 0
    out = capsys.readouterr().out
    assert "07/02/2025 15:00 (Thứ Sáu / Friday)" in out and "Tết Nguyên Đán" in out
    assert main(["due", "--from", "20250124164500", "--in", "8 giờ làm việc", "--late-cutoff", "60",
                 "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["counting_starts"] == "2025-02-03T07:00:00" and got["due"] == "2025-02-03T17:00:00"
    assert got["same_deadline_dates"] == ["2025-02-03", "2025-02-04"] and got["working_hours"] == 8


def test_cli_workdays(capsys):
    from cli import main
    assert main(["workdays", "2025-01-20", "2025-02-10", "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["working_days"] == 11 and got["calendar_days"] == 22
    assert {d["date"] for d in got["days_off"] if d["name"] not in ("Thứ Bảy", "Chủ nhật")} == \
        {"2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01"}   # Sat 1/2 is mùng 4 Tết
    assert main(["workdays", "2025-01-24T15:00", "2025-02-07T15:00"]) == 0
    assert "40 (= 5 ngày làm việc" in capsys.readouterr().out


def test_cli_user_calendar_and_errors(tmp_path, capsys):
    from cli import main
    f = tmp_path / "cal.json"
    f.write_text(json.dumps({"changes": [{"date": "2025-02-03", "type": "day_off", "name": "Nghỉ thêm",
                                          "source": "test"}]}), encoding="utf-8")
    assert main(["due", "--from", "2025-01-24T15:00", "--in", "5 ngày làm việc", "--calendar", str(f)]) == 0
    assert "10/02/2025 15:00" in capsys.readouterr().out        # one more day off moves it to Mon 10/2
    for argv in (["due", "--from", "2025-02-30", "--in", "5 ngày"], ["due", "--from", "2025-01-01", "--in", "sớm"],
                 ["due", "--from", "2025-01-01", "--in", "5 ngày", "--calendar", str(tmp_path / "no.json")],
                 ["workdays", "2025-02-10", "2025-01-20"], ["due", "--from", "1999-01-04", "--in", "5 ngày làm việc"]):
        assert main(argv) == 2, argv
    err = capsys.readouterr().err
    assert "Traceback" not in err and "/" in err


def test_cli_calendar_from_tthc_toml(tmp_path, monkeypatch, capsys):
    from cli import main
    (tmp_path / "lich.json").write_text(json.dumps({"changes": [
        {"date": "2025-02-03", "type": "day_off", "name": "Nghỉ thêm", "source": "test"}]}), encoding="utf-8")
    (tmp_path / "tthc.toml").write_text('calendar = "lich.json"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["workdays", "2025-02-03", "2025-02-07", "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["working_days"] == 4 and got["calendar"].endswith("lich.json")


# A period typed on the command line (tthc tasks --within): the shorthand and the words of a
# duration, both from schemas/lexicons/duration_units.json.
PERIODS = [("7", 7, "day"), ("7d", 7, "day"), ("2w", 14, "day"), ("10wd", 10, "working_day"), ("10 WD", 10, "working_day"),
           ("7 ngày", 7, "day"), ("7 Ngày", 7, "day"), ("2 tuần", 14, "day"), ("5 ngày làm việc", 5, "working_day"),
           ("3 working days", 3, "working_day")]


@pytest.mark.parametrize("text, value, unit", PERIODS)
def test_periods_on_the_command_line(text, value, unit):
    from commands.register import within_arg
    assert within_arg(text) == (value, unit)


@pytest.mark.parametrize("text", ["7x", "ngày", "7 ngày abc", "3 giờ", "2 tháng", "nửa ngày", "", "12345"])
def test_periods_that_are_not_days_are_refused(text):
    import argparse

    from commands.register import within_arg
    with pytest.raises(argparse.ArgumentTypeError):
        within_arg(text)
