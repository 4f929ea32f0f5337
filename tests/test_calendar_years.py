"""The public-sector calendar of every year 2019-2026 against the announcements, and
`tthc calendar YEAR` in text, JSON and iCalendar.

KNOWN_WINDOWS is written by hand from the announcements as read (schemas/calendar/
vn_workday_changes.json names where each was read); it does not come from the data file,
so a wrong row, a missing swap or a `holidays` release that changes a rule fails here.
"""
import json
import re
from datetime import date, timedelta

import pytest

from extract.calendar import Calendar, builtin_data

CAL = Calendar()

# (year, occasion, first day off, last day off, make-up Saturdays, first working day after)
KNOWN_WINDOWS = [
    # 2019: TB 3238/TB-LĐTBXH
    (2019, "New Year, Mon 31/12 swapped", "2018-12-29", "2019-01-01", ["2019-01-05"], "2019-01-02"),
    (2019, "Tết Kỷ Hợi, 9 days", "2019-02-02", "2019-02-10", [], "2019-02-11"),
    (2019, "30/4-1/5, Mon 29/4 swapped", "2019-04-27", "2019-05-01", ["2019-05-04"], "2019-05-02"),
    (2019, "2/9 on a Monday, one day (Labour Code 2012)", "2019-08-31", "2019-09-02", [], "2019-09-03"),
    # 2020
    (2020, "New Year, one day", "2020-01-01", "2020-01-01", [], "2020-01-02"),
    (2020, "Tết Canh Tý, Thu 23/1 to Wed 29/1", "2020-01-23", "2020-01-29", [], "2020-01-30"),
    (2020, "30/4-1/5 Thu-Fri", "2020-04-30", "2020-05-03", [], "2020-05-04"),
    (2020, "2/9 Wednesday, one day", "2020-09-02", "2020-09-02", [], "2020-09-03"),
    # 2021: CV 9895/VPCP-KGVX
    (2021, "Tết Tân Sửu, 10/2 to 16/2", "2021-02-10", "2021-02-16", [], "2021-02-17"),
    (2021, "30/4 Fri, 1/5 Sat -> nghỉ bù Mon 3/5", "2021-04-30", "2021-05-03", [], "2021-05-04"),
    (2021, "2/9 Thu + Fri 3/9", "2021-09-02", "2021-09-05", [], "2021-09-06"),
    # 2022: CV 245/VPCP-KGVX
    (2022, "New Year Sat -> nghỉ bù Mon 3/1", "2022-01-01", "2022-01-03", [], "2022-01-04"),
    (2022, "Tết Nhâm Dần 31/1 to 4/2 with weekends", "2022-01-29", "2022-02-06", [], "2022-02-07"),
    (2022, "30/4 Sat, 1/5 Sun -> Mon 2/5, Tue 3/5", "2022-04-30", "2022-05-03", [], "2022-05-04"),
    (2022, "2/9 Fri + Thu 1/9", "2022-09-01", "2022-09-04", [], "2022-09-05"),
    # 2023: CV 8056/VPCP-KGVX
    (2023, "New Year Sun -> nghỉ bù Mon 2/1", "2022-12-31", "2023-01-02", [], "2023-01-03"),
    (2023, "Tết Quý Mão 20/1 to 26/1", "2023-01-20", "2023-01-26", [], "2023-01-27"),
    (2023, "Giỗ Tổ Sat 29/4, 30/4 Sun -> Tue 2/5, Wed 3/5", "2023-04-29", "2023-05-03", [], "2023-05-04"),
    (2023, "2/9 Sat + Fri 1/9 + nghỉ bù Mon 4/9", "2023-09-01", "2023-09-04", [], "2023-09-05"),
    # 2024: CV 8662/VPCP-KGVX, CV 2450/VPCP-KGVX
    (2024, "Tết Giáp Thìn 8/2 to 14/2", "2024-02-08", "2024-02-14", [], "2024-02-15"),
    (2024, "30/4-1/5, Mon 29/4 swapped", "2024-04-27", "2024-05-01", ["2024-05-04"], "2024-05-02"),
    (2024, "2/9 Mon + Tue 3/9", "2024-08-31", "2024-09-03", [], "2024-09-04"),
    # 2025: CV 8726/VPCP-KGVX, TB 6150/TB-BLĐTBXH
    (2025, "Tết Ất Tỵ 25/1 to 2/2, no swap", "2025-01-25", "2025-02-02", [], "2025-02-03"),
    (2025, "30/4-1/5, Fri 2/5 swapped", "2025-04-30", "2025-05-04", ["2025-04-26"], "2025-05-05"),
    (2025, "2/9 Tue + Mon 1/9", "2025-08-30", "2025-09-02", [], "2025-09-03"),
    # 2026: CV 12729/VPCP-KGVX; Tết as reported; 2/9 unverified
    (2026, "New Year, Fri 2/1 swapped", "2026-01-01", "2026-01-04", ["2026-01-10"], "2026-01-05"),
    (2026, "Tết Bính Ngọ 14/2 to 22/2", "2026-02-14", "2026-02-22", [], "2026-02-23"),
    (2026, "Giỗ Tổ Sun 26/4 -> nghỉ bù Mon 27/4", "2026-04-25", "2026-04-27", [], "2026-04-28"),
    (2026, "30/4 Thu, 1/5 Fri", "2026-04-30", "2026-05-03", [], "2026-05-04"),
    (2026, "2/9 Wed + Tue 1/9, Mon 31/8 swapped (unverified)", "2026-08-29", "2026-09-02", ["2026-08-22"], "2026-09-03"),
]


def _days(first: str, last: str):
    a, b = date.fromisoformat(first), date.fromisoformat(last)
    return [a + timedelta(days=i) for i in range((b - a).days + 1)]


@pytest.mark.parametrize("year, what, first, last, make_up, back", KNOWN_WINDOWS,
                         ids=[f"{w[0]} {w[1]}" for w in KNOWN_WINDOWS])
def test_each_year_on_its_announced_windows(year, what, first, last, make_up, back):
    off = [d for d in _days(first, last) if CAL.is_working_day(d)]
    assert not off, f"{what}: {off} should be days off"
    day_before = date.fromisoformat(first) - timedelta(days=1)
    assert CAL.next_working_day(date.fromisoformat(last)) == date.fromisoformat(back), what
    assert CAL.is_working_day(CAL.previous_working_day(day_before, include=True))
    for saturday in make_up:
        assert CAL.is_working_day(date.fromisoformat(saturday)), f"{what}: {saturday} is a make-up working day"


def test_every_year_2019_2026_has_its_windows():
    years = {w[0] for w in KNOWN_WINDOWS}
    assert years == set(range(2019, 2027))
    data_years = {w["year"] for w in builtin_data()["windows"]}
    assert data_years >= set(range(2019, 2027))


@pytest.mark.parametrize("window", builtin_data()["windows"],
                         ids=[f"{w['year']}-{w['occasion']}" for w in builtin_data()["windows"]])
def test_the_data_windows_agree_with_the_computed_calendar(window):
    assert [d for d in _days(window["from"], window["to"]) if CAL.is_working_day(d)] == []
    for saturday in window.get("working_days") or ():
        assert CAL.is_working_day(date.fromisoformat(saturday))


def test_every_row_and_window_cites_a_written_up_source():
    data = builtin_data()
    sources = data["sources"]
    for item in data["changes"] + data["windows"]:
        assert item["source"] in sources, item
    for key, s in sources.items():
        assert s["title"] and s.get("where") and s.get("evidence") is not None, key
        if s.get("kind") == "announcement":
            assert s.get("issuer") and s.get("date"), key
    # a swap is two rows that name each other
    rows = {r["date"]: r for r in data["changes"]}
    for r in data["changes"]:
        if r.get("swap_with"):
            assert rows[r["swap_with"]]["swap_with"] == r["date"], r


def test_15_february_2025_is_not_a_working_day_and_why():
    # Issue 15 asked for it; the announcements say the five Tết days were Mon 27/1 to Fri 31/1
    # with no swap (schemas/calendar/vn_workday_changes.json "not_adopted").
    assert not CAL.is_working_day(date(2025, 2, 15))
    assert CAL.working_days_between(date(2025, 1, 20), date(2025, 2, 17)) == 16
    assert any("15/02/2025" in n["claim"] for n in builtin_data()["not_adopted"])


def _readme_calendar_example() -> tuple[str, list[str]]:
    """The file and the commands of README's calendar example, as written there."""
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- calendar-example:")[1].split("<!-- /calendar-example -->")[0]
    data = section.split("```json\n")[1].split("```")[0]
    commands = re.findall(r"^tthc (.+?)(?:\s+#.*)?$", section.split("```sh\n")[1].split("```")[0], re.M)
    return data, commands


def test_a_province_that_worked_15_february_2025_adds_it_in_its_own_file(tmp_path, capsys, monkeypatch):
    """README's example, run as written from a temp folder, then the same in JSON."""
    import shlex
    from cli import main
    data, commands = _readme_calendar_example()
    (tmp_path / "lich-tinh.json").write_text(data, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [c.split()[0] for c in commands] == ["workdays", "calendar"]
    outputs = []
    for command in commands:
        assert main(shlex.split(command)) == 0, command
        outputs.append(capsys.readouterr().out)
    assert "Ngày làm việc / working days: 17 trên" in outputs[0], outputs[0]
    assert re.search(r"15/02/2025 Thứ Bảy .*\[TB-TINH\]", " ".join(outputs[1].split()))
    assert main(["workdays", "2025-01-20", "2025-02-17", "--format", "json"]) == 0          # built in: 16
    assert json.loads(capsys.readouterr().out)["working_days"] == 16
    assert main(["workdays", "2025-01-20", "2025-02-17", "--calendar", "lich-tinh.json", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["working_days"] == 17
    assert main(["calendar", "2025", "--calendar", "lich-tinh.json", "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)
    row = next(d for d in got["days"] if d["date"] == "2025-02-15")
    assert row["working"] and row["source"] == "TB-TINH" and row["citation"]["issuer"] == "UBND tỉnh"


def test_calendar_command_text_lists_every_swap_with_its_source(capsys):
    from cli import main
    assert main(["calendar", "2025"]) == 0
    out = capsys.readouterr().out
    assert "26/04/2025 Thứ Bảy   làm bù" in out and "02/05/2025 Thứ Sáu   ngày nghỉ" in out
    assert "[LDTBXH-6150-2024]" in out and "6150/TB-BLĐTBXH" in out and "8726/VPCP-KGVX" in out
    assert "2025-" not in out                        # dd/mm/yyyy in text
    assert max(len(line) for line in out.splitlines()) <= 80


def test_calendar_command_json_is_iso_and_marks_unverified(capsys):
    from cli import main
    assert main(["calendar", "2026", "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)
    by_date = {d["date"]: d for d in got["days"]}
    assert by_date["2026-01-10"]["kind"] == "working_day" and by_date["2026-01-10"]["working"]
    assert by_date["2026-01-02"]["citation"]["number"] == "12729/VPCP-KGVX"
    assert by_date["2026-08-31"]["verified"] is False               # only a Q&A page was found
    assert by_date["2026-11-24"]["verified"] is False               # the Labour Code amendment was not read
    assert by_date["2026-02-17"]["source"] == "TET-2026" and by_date["2026-02-17"]["verified"] is True


def test_calendar_command_ics_is_valid_icalendar(tmp_path):
    from icalendar import Calendar as ICal

    from cli import main
    out = tmp_path / "lich-2024.ics"
    assert main(["calendar", "2024", "--format", "ics", "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert b"\r\n" in raw
    cal = ICal.from_ical(raw)
    events = {e.decoded("dtstart"): e for e in cal.walk("VEVENT")}
    assert date(2024, 5, 4) in events and date(2024, 4, 29) in events
    assert str(events[date(2024, 5, 4)]["transp"]) == "OPAQUE"          # a make-up day is busy
    assert "2450/VPCP-KGVX" in str(events[date(2024, 4, 29)]["description"])
    assert len({str(e["uid"]) for e in events.values()}) == len(events)


@pytest.mark.parametrize("argv", [["calendar", "1999"], ["calendar", "năm-nay"], ["calendar"]])
def test_calendar_command_bad_year_is_exit_2(argv, capsys):
    from cli import main
    assert main(argv) == 2
    assert "Traceback" not in capsys.readouterr().err



def _flat(text: str) -> str:
    """Text without any white space, so that wrapping at 80 columns does not matter."""
    return "".join(text.split())


@pytest.mark.parametrize("year", range(2019, 2027))
@pytest.mark.parametrize("lang, mine, theirs", [("vi", "", "_en"), ("en", "_en", "")])
def test_notes_on_the_sources_are_in_the_language_asked_for(year, lang, mine, theirs, capsys):
    """Vietnamese text output gives each source's notes in Vietnamese (`where`, `evidence`);
    --lang en gives the English ones (`where_en`, `evidence_en`), for every year."""
    from cli import main
    assert main(["calendar", str(year), "--lang", lang]) == 0
    out = _flat(capsys.readouterr().out)
    shown = [s for key, s in builtin_data()["sources"].items() if f"[{key}]" in out]
    assert shown
    for s in shown:
        for field in ("where", "evidence"):
            printed = s.get(field + mine) or s[field]          # a note in one language only is printed as written
            assert _flat(printed) in out
            if s.get(field + theirs) and s[field + theirs] != printed:
                assert _flat(s[field + theirs]) not in out


@pytest.mark.parametrize("source", sorted(builtin_data()["sources"]))
def test_every_built_in_source_note_has_both_languages(source):
    s = builtin_data()["sources"][source]
    assert s["evidence"] and s["evidence_en"] and s["where"]
    english = re.compile(r"\b(the|which|was|were|cited|quoting|only|found|proposal|page|package's|swap|weekends)\b")
    assert not english.search(s["evidence"]), english.search(s["evidence"])
    assert not english.search(s["where"]), english.search(s["where"])


def test_the_claim_not_adopted_is_said_in_vietnamese(capsys):
    from cli import main
    assert main(["calendar", "2025"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "15/02/2025 vẫn là ngày thứ Bảy nghỉ" in out and "stays a Saturday off" not in out
    assert main(["calendar", "2025", "--lang", "en"]) == 0
    assert "stays a Saturday off" in " ".join(capsys.readouterr().out.split())
