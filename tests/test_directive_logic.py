"""Internal-logic checks (checks/directive_logic.py): self-references, cited numbers, replaced
documents, deadlines and tasks, on hand-built directives. Each check is seen firing and quiet."""
from datetime import date

import pytest

from checks.directive_logic import replaced_documents
from extract.calendar import default_calendar
from checks.registry import Context, run_checks
from extract.model import Deadline, Reference, Task
from tests.kit.directive_factory import directive, span


class FakeCalendar:
    """Weekends plus the days given, nothing else (no dependency on holiday data)."""

    def __init__(self, holidays=None):
        self.holidays = holidays or {}

    def is_working_day(self, day):
        return day.weekday() < 5 and day not in self.holidays

    def holiday_name(self, day):
        return self.holidays.get(day)


def run(d, **ctx):
    ctx.setdefault("options", {"calendar": FakeCalendar()})
    return run_checks("directive", d, Context(**ctx))


def codes(d, **ctx):
    return sorted(f.code for f in run(d, **ctx))


def ref(number, type="Nghị định", printed=None, line=20, date_=None):
    return Reference(type=type, number=number, printed=printed, date=date_,
                     spans=[span(f"{type} số {printed or number}", line)])


def deadline(iso, kind="date", text=None, line=30):
    return Deadline(text=text or f"chậm nhất ngày {iso}", kind=kind, date=iso, section="1",
                    assignees=["Sở Nội vụ"], span=span(text or iso, line))


# --------------------------------------------------------------------------- self-references

GOLD_003_MENTION = "Kèm theo Công văn số 270 /UBND-TTHC ngày 04/10/2023 của UBND tỉnh"


def gold_003(**changes):
    self_ref = Reference(type="Công văn", number="270/UBND-TTHC", printed="270 /UBND-TTHC", date="2023-10-04",
                         spans=[span(GOLD_003_MENTION, 3, page=3)])
    fields = dict(parts={"number": "Số: 2707 /UBND-TTHC",
                         "place_date": "Sóc Trăng, ngày 04 tháng 10 năm 2023"},
                  number="2707/UBND-TTHC", symbol="UBND-TTHC", date="2023-10-04",
                  self_references=[self_ref], deadlines=[])
    fields.update(changes)
    return directive(**fields)


def test_gold_003_self_reference_mismatch_at_the_mention():
    [f] = run(gold_003())
    assert f.code == "REF.SELF_MISMATCH" and f.severity == "error"
    assert f.location == {"page": 3, "line": 3} and f.evidence == GOLD_003_MENTION
    assert "270 /UBND-TTHC" in f.message and "2707/UBND-TTHC" in f.message_en


def test_matching_self_reference_is_quiet_gold_004():
    good = Reference(type="Công văn", number="2707/UBND-TTHC", date="2023-10-04", spans=[span("Kèm theo ...", 3)])
    assert codes(gold_003(self_references=[good])) == []


def test_self_reference_with_another_date():
    other_day = Reference(type="Công văn", number="2707/UBND-TTHC", date="2023-10-05", spans=[span("...", 3)])
    assert codes(gold_003(self_references=[other_day])) == ["REF.SELF_DATE_MISMATCH"]


def test_blank_own_number_compares_only_the_symbol():
    base = dict(parts={"number": "Số: /UBND-TTHC"}, number=None, symbol="UBND-TTHC")
    same_symbol = Reference(type="Công văn", number="270/UBND-TTHC", spans=[span("...", 3)])
    other_symbol = Reference(type="Công văn", number="270/UBND-HCC", spans=[span("...", 3)])
    assert "REF.SELF_MISMATCH" not in codes(gold_003(self_references=[same_symbol], **base))
    assert "REF.SELF_MISMATCH" in codes(gold_003(self_references=[other_symbol], **base))


# --------------------------------------------------------------------------- cited numbers

@pytest.mark.parametrize("reference,expected", [
    (ref("45/2020/NĐ-CP"), []),
    (ref("4560/UBND-PVHCC", type="Công văn", printed="4560 /UBND-PVHCC"), []),     # hand-stamp space
    (ref("45/2020/NĐ-CP", printed="45/2020/NĐ- CP"), ["REF.NUMBER_SPACES"]),
    (ref("1977/UBND-TTHC", type="Công văn", printed="1977/UBND - TTHC"), ["REF.NUMBER_SPACES"]),
    (ref("66/NQ-CP", type="Nghị quyết", printed="66/NQ-СР"), ["REF.NUMBER_LOOKALIKE"]),   # Cyrillic С, Р
    (ref("45/NĐ-CP"), ["REF.NUMBER_NO_YEAR"]),
    (ref("01/TT-VPCP", type="Thông tư"), ["REF.NUMBER_NO_YEAR"]),
    (ref("20/QH15", type="Luật"), ["REF.NUMBER_NO_YEAR"]),
    (ref("131/NQ-CP", type="Nghị quyết"), []),                # individual resolutions carry no year
    (ref("766/QĐ-TTg", type="Quyết định"), []),
    (ref("7548/TB-VPCP", type="Thông báo"), []),
], ids=lambda v: v.printed or v.number if isinstance(v, Reference) else "-".join(v) or "clean")
def test_reference_numbers(reference, expected):
    assert codes(directive(references=[reference])) == expected


def test_no_year_is_a_warning_that_says_its_basis_is_unverified():
    from schemas import rule
    [f] = run(directive(references=[ref("45/NĐ-CP")]))
    assert f.severity == "warning" and rule(f.code)["verified"] is False


# --------------------------------------------------------------------------- replaced documents

def test_every_replaced_row_is_valid_and_sourced():
    import jsonschema
    import schemas
    data = schemas.load_json("data", "replaced_documents.json")
    jsonschema.Draft202012Validator(schemas.load_json("data", "replaced_documents.schema.json"),
                                    format_checker=jsonschema.FormatChecker()).validate(data)
    assert all(r["basis"] and r["source"].startswith("DOMAIN.md") for r in data["documents"])
    assert replaced_documents()


@pytest.mark.parametrize("number,issued,extra,expected", [
    ("110/2004/NĐ-CP", "2021-05-04", [], ["REF.REPLACED"]),                 # replaced by 30/2020 (VERIFIED)
    ("110/2004/NĐ-CP", "2019-05-04", [], []),                               # before the replacement
    ("110/2004/NĐ-CP", "2021-05-04", ["30/2020/NĐ-CP"], []),               # cites the new one too
    ("61/2018/NĐ-CP", "2025-08-01", [], ["REF.REPLACED_UNVERIFIED"]),      # 118/2025: UNVERIFIED date
    ("61/2018/NĐ-CP", "2024-11-04", [], []),                                # gold 004 cites it in 2024
    ("01/2018/TT-VPCP", "2025-09-15", [], ["REF.REPLACED_UNVERIFIED"]),
])
def test_replaced_documents(number, issued, extra, expected):
    refs = [ref(number)] + [ref(n, line=21) for n in extra]
    d = directive(references=refs, date=issued, deadlines=[])
    assert codes(d) == expected


def test_replaced_unverified_message_says_so_in_both_languages():
    d = directive(references=[ref("61/2018/NĐ-CP")], date="2025-08-01", deadlines=[])
    [f] = run(d)
    assert f.severity == "warning" and "chưa xác minh" in f.message and "unverified" in f.message_en
    assert "118/2025/NĐ-CP" in f.message


def test_replacement_judged_on_a_partly_blank_date():
    d = directive(references=[ref("110/2004/NĐ-CP")], date=None, date_partial={"year": 2024, "month": 7},
                  deadlines=[])
    assert codes(d) == ["REF.REPLACED"]


# --------------------------------------------------------------------------- deadlines

def test_deadline_before_issue_date():
    d = directive(date="2022-10-20", deadlines=[deadline("2022-09-30")])
    [f] = run(d)
    assert f.code == "DEADLINE.BEFORE_ISSUE" and f.severity == "error"
    assert f.location == {"page": 1, "line": 30} and "20/10/2022" in f.message


def test_deadline_on_or_after_issue_date_is_quiet():
    assert codes(directive(date="2022-10-20", deadlines=[deadline("2022-10-20"), deadline("2022-11-30")])) == []


def test_deadline_before_a_partial_issue_month():
    d = directive(date=None, date_partial={"year": 2024, "month": 7}, deadlines=[deadline("2024-06-28")])
    assert codes(d) == ["DEADLINE.BEFORE_ISSUE"]
    same_month = directive(date=None, date_partial={"year": 2024, "month": 7}, deadlines=[deadline("2024-07-02")])
    assert codes(same_month) == []


def test_deadline_on_weekend_or_holiday_is_a_warning():
    cal = FakeCalendar({date(2022, 11, 21): "Ngày nghỉ thử"})
    d = directive(deadlines=[deadline("2022-11-26"), deadline("2022-11-21"), deadline("2022-11-22")])
    found = run(d, options={"calendar": cal})
    assert [f.code for f in found] == ["DEADLINE.NON_WORKING_DAY"] * 2
    assert all(f.severity == "warning" for f in found)
    assert "thứ Bảy" in found[0].message and "Saturday" in found[0].message_en
    assert "Ngày nghỉ thử" in found[1].message


# DEADLINE.NON_WORKING_DAY fires on a named LAST day ('ngày X', 'chậm nhất ngày X', 'đến (hết) ngày X',
# 'trước 17 giờ ngày X'), never on the boundary of 'trước ngày X' (the last day is the day before X),
# nor on a day whose year the text does not print and the reader moved to the next year
# (schemas/rules/deadline.json, DEADLINE.NON_WORKING_DAY help and parameters).
DAY_OFF_CASES = [
    ("trước ngày 01 tháng 01 năm 2026", "2026-01-01", False),        # 86367f2ddb2225cd (2623/QĐ-TTg), Tết
    ("trước ngày 01/01/2027", "2027-01-01", False),                  # ef57df9384270c6e
    ("trước ngày 20/6", "2026-06-20", False),                        # fd4c4d6ec377c4d2, a Saturday
    ("Trước ngày 30/11/2025", "2025-11-30", False),                  # c5d930a5fc8373cd, a Sunday
    ("chậm nhất trước ngày 13 tháng 12 năm 2025", "2025-12-13", False),
    ("chậm nhất ngày 30 tháng 11", "2025-11-30", True),              # 72f18ee047b71e9a, a Sunday
    ("đến hết ngày 28/02/2027", "2027-02-28", True),                 # a Sunday (not the end of a window)
    ("hạn chót ngày 01/01/2026", "2026-01-01", True),
    ("trước 17 giờ ngày 20/6/2026", "2026-06-20", True),             # a time ON the day: it is the last day
    ("chậm nhất ngày 15/8", "2026-08-15", False),                    # yearless, moved to 2026: weekday of a guess
]


@pytest.mark.parametrize("text,iso,fires", DAY_OFF_CASES, ids=[c[0] for c in DAY_OFF_CASES])
def test_non_working_day_fires_on_a_last_day_only(text, iso, fires):
    cal = FakeCalendar({date(2026, 1, 1): "Tết Dương lịch", date(2027, 1, 1): "Tết Dương lịch"})
    d = directive(date="2025-11-24", deadlines=[deadline(iso, text=text)])
    found = [f.code for f in run(d, options={"calendar": cal})]
    assert ("DEADLINE.NON_WORKING_DAY" in found) is fires, found


def test_non_working_day_is_quiet_on_the_end_of_a_window():
    # 27009faffc98b8aa: 'Kể từ ngày Quyết định được ban hành đến hết ngày 28/02/2027' (a Sunday): the
    # authorization holds through that day; nothing is due on it.
    window = deadline("2027-02-28", text="đến hết ngày 28/02/2027")
    window.window_end = True
    d = directive(date="2025-11-24", deadlines=[window])
    assert "DEADLINE.NON_WORKING_DAY" not in [f.code for f in run(d)]


# A day printed without its year: its year was inferred, so it is never 'before the date of issue'.
YEARLESS_CASES = [
    ("trước ngày 15/11", "2026-11-15", "2025-11-22", ["DEADLINE.YEAR_INFERRED"]),   # a161f65b93293a7b
    ("Trước ngày 15 tháng 8", "2026-08-15", "2025-11-24", ["DEADLINE.YEAR_INFERRED"]),
    ("trước ngày 15/11", "2025-11-15", "2025-11-22", ["DEADLINE.YEAR_INFERRED"]),   # another reader's year: no accusation
    ("đến ngày 15/12", "2025-12-15", "2025-11-18", []),                             # 31fb08f34535fce3: the year of issue
    ("trước ngày 15/11/2025", "2025-11-15", "2025-11-22", ["DEADLINE.BEFORE_ISSUE"]),  # printed: judged
]


@pytest.mark.parametrize("text,iso,issued,expected", YEARLESS_CASES, ids=[c[0] + " " + c[1] for c in YEARLESS_CASES])
def test_yearless_days_are_never_before_issue(text, iso, issued, expected):
    d = directive(date=issued, deadlines=[deadline(iso, text=text)])
    found = [f for f in run(d) if f.code.startswith("DEADLINE.") and f.code != "DEADLINE.NON_WORKING_DAY"]
    assert [f.code for f in found] == expected
    if expected == ["DEADLINE.YEAR_INFERRED"]:
        assert found[0].severity == "info" and "không ghi năm" in found[0].message and "no year" in found[0].message_en


def test_a_notice_relays_deadlines_set_before_it_was_issued():
    # 50f694478a35aefd: a Thông báo of 18/11/2025 relays a meeting's 'trước ngày 15 tháng 11 năm 2025'.
    dl = [deadline("2025-11-14", text="trước ngày 14 tháng 11 năm 2025")]
    [notice] = [f for f in run(directive("Thông báo", date="2025-11-18", deadlines=dl)) if f.code.startswith("DEADLINE.")]
    [order] = [f for f in run(directive("Công văn", date="2025-11-18", deadlines=dl)) if f.code.startswith("DEADLINE.")]
    assert notice.code == order.code == "DEADLINE.BEFORE_ISSUE"
    assert (notice.severity, order.severity) == ("info", "error")


def test_month_and_quarter_ends_are_not_judged_as_named_days():
    # 31/3/2024 is a Sunday, but "trong quý I năm 2024" names no day.
    d = directive(date="2024-01-05", deadlines=[deadline("2024-03-31", kind="quarter", text="trong quý I năm 2024")])
    assert codes(d) == []


def test_default_calendar_knows_vietnamese_holidays_and_swaps():
    cal = default_calendar()
    assert not cal.is_working_day(date(2024, 9, 2)) and cal.holiday_name(date(2024, 9, 2))
    assert cal.is_working_day(date(2024, 5, 4))           # Saturday worked in exchange for 29/4/2024
    assert not cal.is_working_day(date(2024, 4, 29))
    d = directive(date="2024-08-01", deadlines=[deadline("2024-09-02")])
    [f] = run_checks("directive", d, Context())          # no calendar in ctx: the fallback is used
    assert f.code == "DEADLINE.NON_WORKING_DAY" and "Quốc khánh" in f.message


def test_deadline_past_only_with_as_of():
    d = directive(deadlines=[deadline("2022-11-30")])
    assert codes(d) == []
    assert codes(d, as_of=date(2022, 12, 1)) == ["DEADLINE.PAST"]
    assert codes(d, as_of=date(2022, 11, 30)) == []
    [f] = run(d, as_of=date(2023, 1, 2))
    assert f.severity == "info" and "02/01/2023" in f.message


def test_recurring_and_duration_deadlines_have_no_due_day():
    d = directive(deadlines=[Deadline(text="định kỳ hàng tháng", kind="recurring", recurrence="monthly"),
                             Deadline(text="trong 05 ngày làm việc", kind="duration",
                                      duration={"value": 5, "unit": "working_day"})])
    assert codes(d, as_of=date(2030, 1, 1)) == []


# --------------------------------------------------------------------------- tasks

def task(section, text, assignees=(), deadlines=(), line=22):
    return Task(section=section, text=text, assignees=list(assignees), deadlines=list(deadlines),
                span=span(text[:20], line))


# Which unassigned tasks are a gap (CONVENTIONS §7: content bullets under no assignee heading are
# legitimately unassigned). Shapes of real documents (tests/gold/real/dev).
NO_ASSIGNEE = [
    ("a plan's content bullets, no heading names an actor (001c610b2efdcf0c II.1.b1-b2): legitimate",
     [task("II.1.b1", "Xây dựng, nâng cấp hạ tầng công nghệ thông tin."),
      task("II.1.b2", "Đầu tư trang thiết bị, máy chủ, hệ thống lưu trữ.")], 0),
    ("a dated duty with nobody named (samples ke-hoach-dvc-truc-tuyen II; 2957e4f4f0e41373 V.2)",
     [task("II", "Các cơ quan, đơn vị báo cáo định kỳ hằng quý.", deadlines=[0])], 1),
    ("items that each name their actor, one left out (samples ke-hoach-ky-hieu-sai 1-3)",
     [task("1", "Các Sở rà soát.", ["Các Sở, ban, ngành cấp tỉnh"]),
      task("2", "Văn phòng tổng hợp.", ["Văn phòng Ủy ban nhân dân tỉnh"]),
      task("3", "Tổ chức tập huấn nghiệp vụ.")], 1),
    ("many gaps give ONE finding, not one per bullet (62f25a030c183151 III.4.b1-b3)",
     [task(f"III.4.b{i}", "Giai đoạn khẩn cấp: tổ chức lực lượng.", deadlines=[i]) for i in range(1, 4)], 1),
    ("articles of a quyết định are the decision itself",
     [task("Điều 1", "Công bố kèm theo Quyết định này danh mục thủ tục hành chính.", deadlines=[0])], 0),
]


@pytest.mark.parametrize("name, tasks, expected", NO_ASSIGNEE, ids=[c[0] for c in NO_ASSIGNEE])
def test_task_without_assignee(name, tasks, expected):
    kind = "Quyết định" if tasks[0].section.startswith("Điều") else "Kế hoạch"
    found = [f for f in run(directive(kind, tasks=tasks, deadlines=[])) if f.code == "DEADLINE.TASK_NO_ASSIGNEE"]
    assert len(found) == expected


def test_one_finding_names_every_gap_and_shows_the_first():
    tasks = [task(f"III.4.b{i}", f"Giai đoạn {i}: tổ chức lực lượng.", deadlines=[0], line=20 + i) for i in (1, 2, 3)]
    [f] = run(directive("Kế hoạch", tasks=tasks, deadlines=[]))
    assert f.location == {"page": 1, "line": 21} and f.severity == "warning"
    assert "III.4.b1, III.4.b2, III.4.b3" in f.message and f.message.startswith("3 nhiệm vụ")
    assert f.evidence == "Giai đoạn 1: tổ chức lực lượng."
