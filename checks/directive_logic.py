"""Internal-logic checks of a parsed directive (REF.* and DEADLINE.* codes): self-references
that disagree with the document's own number or date, cited numbers that are malformed or
point to replaced documents, deadlines before the date of issue, on a day off or already past,
and tasks nobody is assigned to.

Deadlines on a day off need a calendar: `ctx.options["calendar"]`, any object with
`is_working_day(date) -> bool` and `holiday_name(date) -> str | None` (extract/calendar.py's
Calendar in the CLI). Without one, extract.calendar.default_calendar() is used.
"""
from __future__ import annotations

import re
from datetime import date

from checks.directive_format import FORMAT, lookalike_params
from checks.registry import check
from extract.calendar import default_calendar
from extract.directive.dates import find_dates
from extract.directive.grammar import folded_alternatives
from extract.directive.references import low_skeleton
from extract.model import Deadline, Directive, Finding, Reference, section_display
from extract.normalize import fold, fold_confusables, number_key
from schemas import built_from_data, load_json, rule

_YEAR_TYPES = {fold(t) for t in FORMAT["year_numbered_types"]["types"]}
_YEAR_SYMBOLS = [re.compile(p) for p in FORMAT["year_numbered_types"]["symbol_patterns"]]
_WEEKDAYS = {5: ("thứ Bảy", "a Saturday"), 6: ("Chủ nhật", "a Sunday")}
# "ngày" before a printed date, as written or OCRed (schemas/lexicons/calendar_words.json)
_DAY_WORD = re.compile(r"^(?:" + "|".join(map(re.escape, load_json("lexicons", "calendar_words.json")["keywords"]["day"]))
                       + r")\s*", re.I)
DATED_KINDS = ("date", "month", "before_month", "quarter", "year")   # kinds whose `date` is a due day


def _iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def issued_on_or_after(d: Directive) -> tuple[date | None, str | None]:
    """The earliest day the document can have been issued, and how to print it: the date
    itself, else the first day of the month or year that is printed (blank day)."""
    full = d.issued
    if full:
        return full, _dmy(full)
    part = d.date_partial or {}
    year, month = part.get("year"), part.get("month")
    try:
        if year and month:
            return date(int(year), int(month), 1), f"{int(month):02d}/{year}"
        if year:
            return date(int(year), 1, 1), str(year)
    except (TypeError, ValueError):
        pass
    return None, None


def _where(ref: Reference, printed: str | None = None) -> tuple[dict | None, str | None]:
    """Location and text of a reference's mention: the one printed as `printed` when given
    (a number can be typed right in one mention and wrong in another), else the first."""
    span = ref.spans[0] if ref.spans else None
    if printed:
        key = re.sub(r"\s+", " ", printed)
        span = next((s for s in ref.spans if key in re.sub(r"\s+", " ", s.text)), span)
    return (span.location if span else None), (" ".join(span.text.split()) if span else None)


# --------------------------------------------------------------------------- references

def _symbol(number: str) -> str:
    """'16/2022/QĐ-UBND' -> 'QĐ-UBND'; '4560/UBND-PVHCC' -> 'UBND-PVHCC'."""
    return re.sub(r"^\d*/(?:\d{4}/)?", "", re.sub(r"\s+", "", number))


@check("ref.self", applies_to="directive", codes=["REF.SELF_MISMATCH", "REF.SELF_DATE_MISMATCH"])
def self_references(d: Directive, ctx) -> list[Finding]:
    """A mention of the document itself ('Kèm theo Công văn số …') carries its own number and date."""
    out = []
    own_date = d.issued
    for ref in d.self_references:
        where, evidence = _where(ref)
        printed = ref.printed or ref.number
        if d.number:
            mismatch = number_key(ref.number) != number_key(d.number)
        else:   # own sequence number blank: only the symbol can be compared
            mismatch = bool(_symbol(ref.number)) and number_key(_symbol(ref.number)) != number_key(d.symbol or "")
        if mismatch and (d.number or d.symbol):
            out.append(Finding.of("REF.SELF_MISMATCH", location=where, evidence=evidence or printed,
                                  printed=printed, own=d.number or f"…/{d.symbol}"))
        ref_date = _iso(ref.date)
        if ref_date and own_date and ref_date != own_date:
            out.append(Finding.of("REF.SELF_DATE_MISMATCH", location=where, evidence=evidence or printed,
                                  ref_date=_as_printed(ref_date, evidence), own_date=_dmy(own_date)))
    return out


_LONG_YEAR = re.compile(r"[0-9]{5}")


def _as_printed(day: date, evidence: str | None) -> str:
    """The cited date as the message shows it: dd/mm/yyyy, or the printed date itself when its year is
    printed with a digit too many ('20/11/20225' is read as 2022, its first four digits; the message
    quotes what is on the page, never the reading)."""
    for dm in find_dates(evidence or ""):
        if dm.value == day and _LONG_YEAR.search(dm.text):
            return _DAY_WORD.sub("", dm.text)
    return _dmy(day)


def needs_year(ref: Reference) -> bool:
    if ref.type and fold(ref.type) in _YEAR_TYPES:
        return True
    return any(p.search(_symbol(ref.number)) for p in _YEAR_SYMBOLS)


@check("ref.numbers", applies_to="directive", codes=["REF.NUMBER_SPACES", "REF.NUMBER_NO_YEAR",
                                                      "REF.NUMBER_LOOKALIKE"])
def reference_numbers(d: Directive, ctx) -> list[Finding]:
    """Cited numbers are written without spaces (a hand-stamp space before the first '/' is
    accepted) and with Latin letters only, and legal documents carry their year (NN/YYYY/…)."""
    out = []
    for ref in d.references:
        printed = ref.printed or ref.number
        where, evidence = _where(ref, printed)
        params = lookalike_params(printed)
        if params:
            out.append(Finding.of("REF.NUMBER_LOOKALIKE", location=where, evidence=evidence,
                                  printed=printed, number=fold_confusables(ref.number), **params))
        # The hand-stamp space ("270 /UBND-TTHC") is practice, not an error: not reported.
        if re.search(r"\s", re.sub(r"^(\d+)\s+/", r"\1/", printed.strip())):
            out.append(Finding.of("REF.NUMBER_SPACES", location=where, evidence=evidence,
                                  printed=printed, number=ref.number))
        if needs_year(ref) and not re.match(r"^\d+/\d{4}/", ref.number):
            out.append(Finding.of("REF.NUMBER_NO_YEAR", location=where, evidence=evidence,
                                  type=ref.type or "Văn bản", printed=printed))
    return out


@built_from_data
def replaced_documents() -> dict[str, dict]:
    return {number_key(r["number"]): r for r in load_json("data", "replaced_documents.json")["documents"]}


@check("ref.replaced", applies_to="directive", codes=["REF.REPLACED", "REF.REPLACED_UNVERIFIED"])
def replaced_references(d: Directive, ctx) -> list[Finding]:
    """A document issued on or after a replacement took effect should not cite the replaced
    document (schemas/data/replaced_documents.json); not reported when it also cites the new one."""
    issued, _ = issued_on_or_after(d)
    issued = issued or ctx.as_of
    if issued is None:
        return []
    cited = {number_key(r.number) for r in d.references}
    out = []
    for ref in d.references:
        row = replaced_documents().get(number_key(ref.number))
        if not row or issued < date.fromisoformat(row["effective_from"]):
            continue
        if number_key(row["replaced_by"]) in cited:
            continue
        where, evidence = _where(ref)
        out.append(Finding.of("REF.REPLACED" if row["verified"] else "REF.REPLACED_UNVERIFIED",
                              location=where, evidence=evidence, type=ref.type or row["type"],
                              number=ref.number, replaced_by=f"{row.get('replaced_by_type', '')} {row['replaced_by']}".strip(),
                              effective_from=_dmy(date.fromisoformat(row["effective_from"])), basis=row["basis"]))
    return out


# --------------------------------------------------------------------------- deadlines and tasks

def _day_off_reason(calendar, day: date) -> tuple[str, str]:
    name = calendar.holiday_name(day)
    if name:
        return f"ngày nghỉ lễ, tết ({name})", f"a public holiday ({name})"
    if day.weekday() in _WEEKDAYS:
        return _WEEKDAYS[day.weekday()]
    return "ngày nghỉ (hoán đổi ngày làm việc)", "a day off (working-day swap)"


@built_from_data
def _boundary_words() -> list[str]:
    """'trước': a named day right after it is the exclusive end of a period (rule data)."""
    words = rule("DEADLINE.NON_WORKING_DAY")["parameters"]["boundary_words"]
    return [" ".join(low_skeleton(w).split()) for w in words]


@built_from_data
def _relaying_types() -> set[str]:
    """'thông báo': a notice relays deadlines a meeting set before it was issued (rule data)."""
    return {fold(t) for t in rule("DEADLINE.BEFORE_ISSUE")["parameters"]["relaying_types"]}


@built_from_data
def _calendar_words() -> dict[str, str]:
    """'ngày', 'tháng' as the accent-free skeleton spells them (deadline_cues.json pattern_words.scanning)."""
    scanning = load_json("lexicons", "deadline_cues.json")["pattern_words"]["scanning"]
    return {name: folded_alternatives(scanning[name]) for name in ("day", "month")}


def is_boundary_day(dl: Deadline, due: date) -> bool:
    """'trước ngày 01/01/2026', 'trước 20/6': the named day bounds the period and is not its
    last day. 'trước 17 giờ ngày 20/7' is a time on the day itself."""
    skel = " ".join(low_skeleton(dl.text).split())
    words = _calendar_words()
    day = rf"(?:{words['day']}\s*)?0?{due.day}(?![0-9])\s*(?:[/.-]|{words['month']})"
    return any(re.search(rf"(?<![a-z]){re.escape(w)}\s+{day}", skel) for w in _boundary_words())


def _year_inferred(dl: Deadline) -> bool:
    """A named day printed without its year: the extractor inferred the year."""
    return dl.kind == "date" and not re.search(r"(?:19|20)[0-9]{2}", dl.span.text if dl.span else dl.text)


@check("deadline.dates", applies_to="directive",
       codes=["DEADLINE.BEFORE_ISSUE", "DEADLINE.YEAR_INFERRED", "DEADLINE.NON_WORKING_DAY", "DEADLINE.PAST"])
def deadline_dates(d: Directive, ctx) -> list[Finding]:
    """Deadlines not before the date of issue; a named last day falls on a working day; due days
    already past at --as-of (info). A day printed without its year is never reported as before
    the date of issue: its year was inferred, and when the inference moved it past the year of
    issue the finding says so (info) and the weekday of a guessed year is not judged."""
    calendar = ctx.options.get("calendar") or default_calendar()
    issued, issued_text = issued_on_or_after(d)
    out = []
    for dl in d.deadlines:
        due = _iso(dl.date)
        if due is None or dl.kind not in DATED_KINDS:
            continue
        where = dl.span.location if dl.span else None
        params = dict(location=where, evidence=dl.text, deadline=_dmy(due))
        inferred = _year_inferred(dl)
        moved = inferred and issued is not None and due.year != issued.year
        if inferred and issued and (moved or due < issued):
            out.append(Finding.of("DEADLINE.YEAR_INFERRED", issued=issued_text, day_month=due.strftime("%d/%m"),
                                  issue_year=issued.year, **params))
        elif issued and due < issued:
            relayed = fold(d.doc_type or "") in _relaying_types()
            out.append(Finding.of("DEADLINE.BEFORE_ISSUE", issued=issued_text, severity="info" if relayed else None,
                                  **params))
        # Only a last day the text names: month, quarter and "before month" ends are conventions,
        # "trước ngày X" ends the day before X, a window "từ … đến ngày X" holds through X, and a
        # guessed year has no weekday to judge.
        if dl.kind == "date" and not moved and not dl.window_end and not is_boundary_day(dl, due) \
                and not calendar.is_working_day(due):
            reason, reason_en = _day_off_reason(calendar, due)
            out.append(Finding.of("DEADLINE.NON_WORKING_DAY", reason=reason, reason_en=reason_en, **params))
        if ctx.as_of and due < ctx.as_of:
            out.append(Finding.of("DEADLINE.PAST", as_of=_dmy(ctx.as_of), **params))
    return out


@check("deadline.assignees", applies_to="directive", codes=["DEADLINE.TASK_NO_ASSIGNEE"])
def task_assignees(d: Directive, ctx) -> list[Finding]:
    """A duty nobody is named to carry out: ONE finding per document, naming every such task.

    Not every task without an assignee is a gap: a plan's content, solution or roadmap bullets
    under no assignee heading are legitimately unassigned (CONVENTIONS.md §7; its organisation
    part assigns them as a whole), and articles of a quyết định are the decision itself. A task
    is a gap when it carries a deadline (someone must finish by then, and nobody is named), or
    when its sibling items each name their own actor (the document assigns item by item, and this
    one was left out)."""
    decision = fold(d.doc_type) in ("quyết định", "quy định", "quy chế")
    siblings: dict[str, list] = {}
    for task in d.tasks:
        siblings.setdefault(_parent_label(task.section), []).append(task)
    gaps = []
    for task in d.tasks:
        if task.assignees or (decision and fold(task.section).startswith("điều")):
            continue
        others = [t for t in siblings[_parent_label(task.section)] if t is not task]
        assigned_one_by_one = len(others) >= 2 and sum(bool(t.assignees) for t in others) >= 0.5 * len(others)
        if task.deadlines or assigned_one_by_one:
            gaps.append(task)
    if not gaps:
        return []
    first = gaps[0]
    text = " ".join(first.text.split())
    def sections(lang: str) -> str:
        return ", ".join(section_display(t.section, lang) for t in gaps[:12]) + (", …" if len(gaps) > 12 else "")
    return [Finding.of("DEADLINE.TASK_NO_ASSIGNEE", location=first.span.location if first.span else None,
                       evidence=text if len(text) <= 160 else text[:157] + "…",
                       section=section_display(first.section), section_en=section_display(first.section, "en"),
                       count=len(gaps), sections=sections("vi"), sections_en=sections("en"))]


def _parent_label(section: str) -> str:
    """'II.1.b2' -> 'II.1'; 'appendix 3' -> 'appendix'; '2' -> ''."""
    head, dot, _ = section.rpartition(".")
    if dot:
        return head
    return section.split(" ")[0] if " " in section else ""
