"""`tthc calendar YEAR`: what the working-day calendar believes for a year — every day off
and every swapped working day with the announcement it comes from — as text (Vietnamese
with English alongside, dd/mm/yyyy, 80 columns), JSON (ISO dates) or iCalendar. The notes on
the sources (where each was read, what it says; claims not adopted) are printed in the
language asked for: `evidence`, `where`... in Vietnamese, `evidence_en`, `where_en`... in
English (--lang en), a note written in one language only being printed as written."""
from __future__ import annotations

import json
from datetime import date
from typing import IO

from report.vi import vi_date, weekday_en, weekday_vi, wrap


def _labels() -> dict:
    from schemas import load_json
    return load_json("calendar", "labels.json")


def _week(sessions: dict) -> str:
    """{"mon": [...], ..., "sat": []} -> "Thứ Hai-Thứ Sáu 07:00-11:30, 13:30-17:00; Thứ Bảy, Chủ nhật nghỉ / off"."""
    from extract.calendar import WEEKDAY_VI, WEEKDAYS
    groups: list[tuple[list[str], list[str]]] = []
    for key, name in zip(WEEKDAYS, WEEKDAY_VI):
        value = sessions.get(key) or []
        if groups and groups[-1][1] == value:
            groups[-1][0].append(name)
        else:
            groups.append(([name], value))
    parts = []
    for names, value in groups:
        who = names[0] if len(names) == 1 else f"{names[0]}-{names[-1]}"
        parts.append(f"{who} {', '.join(value)}" if value else f"{who} nghỉ / off")
    return "; ".join(parts)


def cite(c: dict, lang: str = "vi") -> str:
    """"8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ: Công văn ... về ..." from a
    citation dict; a citation the user wrote as text is given as written."""
    head = []
    if c.get("number"):
        head.append(("số " if lang == "vi" else "no. ") + c["number"])
    if c.get("date"):
        head.append(_partial_date(c["date"], lang))
    if c.get("issuer"):
        head.append(("của " if lang == "vi" else "by ") + c["issuer"])
    title = c.get("title") or c.get("id") or ""
    return f"{' '.join(head)}: {title}" if head else title


def _partial_date(text: str, lang: str = "vi") -> str:
    """2024-11-26 -> "ngày 26/11/2024"; 2024-11 -> "tháng 11/2024"; 2024 -> "năm 2024"."""
    bits = str(text).split("-")
    words = {3: ("ngày", "of"), 2: ("tháng", "of"), 1: ("năm", "of")}.get(len(bits), ("", ""))
    return f"{words[0] if lang == 'vi' else words[1]} {'/'.join(reversed(bits))}".strip()


def note(item: dict, key: str, lang: str = "vi") -> str:
    """The Vietnamese note `key` of a source or claim, or its English `key_en` for lang en."""
    text = item.get(f"{key}_en") if lang == "en" else None
    return text or item.get(key) or ""


def _verified(value, lang: str) -> str:
    word = _labels()["verified"]["null" if value is None else str(bool(value)).lower()]
    return word[0] if lang == "vi" else word[1]


def write_calendar_text(result: dict, out: IO[str], lang: str = "vi") -> None:
    labels = _labels()
    kinds, occasions = labels["kinds"], labels["occasions"]
    year = result["year"]
    out.write(wrap(f"Lịch ngày làm việc năm {year} / working-day calendar {year} ({result['calendar']})") + "\n")
    out.write(wrap("Buổi làm việc / office sessions: " + _week(result["sessions"])) + "\n\n")
    out.write("Ngày nghỉ và ngày làm bù / days off and make-up working days:\n")
    for d in result["days"]:
        day = date.fromisoformat(d["date"])
        kind = kinds.get(d["kind"], [d["kind"], d["kind"]])
        head = f"  {vi_date(day)} {weekday_vi(day):<9} {kind[0]:<13} "
        mark = "" if d["verified"] else (" (chưa xác minh / unverified)" if d["verified"] is False else
                                         " (do người dùng khai / user's file)")
        name = d["name"] if d["name_en"] in ("", d["name"]) else f"{d['name']} / {d['name_en']}"
        out.write(wrap(f"{name} [{d['source']}]{mark}", indent=" " * len(head), first=head) + "\n")
    if result["windows"]:
        out.write("\nCác đợt nghỉ đã công bố / announced holiday periods:\n")
        for w in result["windows"]:
            occ = occasions.get(w["occasion"], [w["occasion"], w["occasion"]])
            span = vi_date(w["from"]) if w["from"] == w["to"] else f"{vi_date(w['from'])} - {vi_date(w['to'])}"
            extra = ""
            if w.get("working_days"):
                extra = "; làm bù / make-up days " + ", ".join(vi_date(x) for x in w["working_days"])
            out.write(wrap(f"{occ[0]} / {occ[1]}: {span}{extra} [{w['source']}]", indent="    ", first="  ") + "\n")
    out.write("\nNguồn / sources:\n")
    for key, c in result["sources"].items():
        out.write(wrap(f"[{key}] {cite(c)} - {_verified(c.get('verified'), 'vi')} / "
                       f"{_verified(c.get('verified'), 'en')}", indent="      ", first="  ") + "\n")
        if c.get("where"):
            out.write(wrap(f"đọc tại / read at: {note(c, 'where', lang)}", indent="      ", first="      ") + "\n")
        if c.get("evidence"):
            out.write(wrap(note(c, "evidence", lang), indent="      ", first="      ") + "\n")
    for n in result.get("not_adopted") or ():
        out.write("\nKhông áp dụng / not adopted:\n")
        out.write(wrap(f"{note(n, 'claim', lang)}: {note(n, 'decision', lang)}. {note(n, 'evidence', lang)}",
                       indent="    ", first="  ") + "\n")
    out.write("\n" + wrap("Thông báo mới sau phiên bản này: thêm vào tệp lịch riêng (--calendar FILE, "
                          "xem schemas/calendar/README.md) / announcements after this release: add them "
                          "to your calendar file (--calendar FILE, see schemas/calendar/README.md)") + "\n")


def calendar_events(result: dict, lang: str = "vi") -> list:
    from report.ics_events import IcsEvent
    labels = _labels()
    out = []
    for d in result["days"]:
        day = date.fromisoformat(d["date"])
        c = result["sources"].get(d["source"]) or {"title": d["source"]}
        kind = labels["kinds"].get(d["kind"], [d["kind"], d["kind"]])
        status = _verified(d["verified"], "vi") + " / " + _verified(d["verified"], "en")
        desc = (f"{kind[0]} / {kind[1]} ({weekday_vi(day)} / {weekday_en(day)})\n"
                f"{d['name_en']}\nNguồn / source: {cite(c)} [{d['source']}] - {status}")
        if c.get("where"):
            desc += f"\n{note(c, 'where', lang)}"
        out.append(IcsEvent(uid=f"{d['date']}-{d['kind']}@tthc-check.calendar", start=day, summary=d["name"],
                            description=desc, categories=(kind[0],), busy=d["working"],
                            extra={"X-TTHC-SOURCE": d["source"] or ""}))
    return out


def write_calendar(result: dict, fmt: str, out: IO[str], lang: str = "vi") -> None:
    """Every string goes through report/safe.py first: a user's calendar file names itself by its
    path, which may hold an identifier."""
    from report.safe import public_config
    result = public_config(result)
    if fmt == "json":
        json.dump(result, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "ics":
        from report.ics_events import write_events
        write_events(calendar_events(result, lang), out, name=f"Lịch ngày làm việc {result['year']} (tthc-check)",
                  description=f"Ngày nghỉ và ngày làm bù năm {result['year']} / days off and make-up days "
                              f"({result['calendar']})")
    else:
        write_calendar_text(result, out, lang)
