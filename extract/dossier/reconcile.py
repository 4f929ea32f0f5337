"""Reconcile two exports of the same dossiers (the province's system and the national
portal): match by MaHoSo; list dossiers present on one side only, status and date
differences, dossiers late on one side but on time on the other; and per-unit totals side
by side — the table a province sends when its figures and the portal's disagree.

Dates are compared as moments, so "20250207150000" and "2025-02-07T15:00:00" are equal.
Both sides are classified the portal's way (by their own NgayHenTra, compared by date) on
the same reference date. Personal fields are never compared nor copied into the result.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable

from extract.dossier.ontime import FINISHED_CLASSES, IN_TIME_CLASSES, LATE_CLASSES, classify
from extract.normalize import fold
from extract.dossier.timeline import timeline_of

# (sync field, Timeline attribute, kind)
FIELDS = (("TrangThaiHoSo", "status", "code"), ("NgayTiepNhan", "received", "date"),
          ("NgayHenTra", "due", "date"), ("NgayKetThucXuLy", "finished", "date"),
          ("NgayTra", "returned", "date"), ("KenhThucHien", "channel", "code"),
          ("DonViXuLy", "unit", "text"), ("MaTTHC", "procedure", "code"))
UNIT_COUNTERS = ("ho_so", "tiep_nhan", "da_xu_ly", "dung_han", "tre_han", "qua_han")
NO_UNIT = "(không rõ đơn vị / unknown unit)"


@dataclass(slots=True)
class Side:
    status: str | None
    received: datetime | None
    due: datetime | None
    finished: datetime | None
    returned: datetime | None
    channel: str | None
    unit: str | None
    procedure: str | None
    cls: str


def summarize(record: dict, as_of: date) -> tuple[str | None, Side]:
    t = timeline_of(record, scalars_only=True)
    return t.code, Side(t.status, t.received, t.due, t.finished, t.returned, t.channel, t.unit, t.procedure,
                        classify(t, as_of, t.due))


def _show(value) -> str | None:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return value


def _brief(code: str, s: Side) -> dict:
    return {"MaHoSo": code, "DonViXuLy": s.unit, "MaTTHC": s.procedure, "TrangThaiHoSo": s.status,
            "NgayTiepNhan": _show(s.received), "NgayHenTra": _show(s.due), "class": s.cls}


def differences(left: Side, right: Side) -> list[dict]:
    out = []
    for name, attr, kind in FIELDS:
        a, b = getattr(left, attr), getattr(right, attr)
        same = a == b or (kind == "text" and fold(a) == fold(b))
        if not same:
            out.append({"field": name, "left": _show(a), "right": _show(b)})
    return out


class _SideTally:
    def __init__(self):
        self.units: dict[str, Counter] = {}

    def add(self, unit: str, s: Side) -> None:
        c = self.units.setdefault(unit, Counter())
        c["ho_so"] += 1
        if s.cls not in ("chua_tiep_nhan", "khong_tiep_nhan"):
            c["tiep_nhan"] += 1
        if s.cls in FINISHED_CLASSES:
            c["da_xu_ly"] += 1
        if s.cls in ("truoc_han", "dung_han"):
            c["dung_han"] += 1
        if s.cls in ("tre_han", "qua_han"):
            c[s.cls] += 1


def _unit_row(c: Counter) -> dict:
    row = {k: c.get(k, 0) for k in UNIT_COUNTERS}
    row["ty_le_dung_han"] = round(row["dung_han"] / row["da_xu_ly"] * 100, 2) if row["da_xu_ly"] else None
    return row


def _by_code(records: Iterable[dict], as_of: date) -> tuple[dict[str, Side], list[str], int]:
    """One side's summaries by dossier code (the last occurrence wins), the codes seen twice, and
    how many records had no code."""
    by_code: dict[str, Side] = {}
    duplicates: list[str] = []
    without_code = 0
    for rec in records:
        code, s = summarize(rec, as_of)
        if not code:
            without_code += 1
            continue
        if code in by_code:
            duplicates.append(code)
        by_code[code] = s
    return by_code, duplicates, without_code


def reconcile(left: Iterable[dict], right: Iterable[dict], as_of: date | None = None,
              names: tuple[str, str] = ("left", "right")) -> dict:
    """Compare two record streams, each held as a compact summary per dossier code."""
    as_of = as_of or date.today()
    held, dup_left, no_code_left = _by_code(left, as_of)
    seen, dup_right, no_code_right = _by_code(right, as_of)

    lt, rt = _SideTally(), _SideTally()
    per_unit: dict[str, Counter] = {}
    only_left, only_right, diffs, disagree = [], [], [], []

    def unit_of(s: Side) -> str:
        return s.unit or NO_UNIT

    for code in sorted(held):
        a = held[code]
        b = seen.get(code)
        u = unit_of(a)
        lt.add(u, a)
        if b is None:
            only_left.append(_brief(code, a))
            per_unit.setdefault(u, Counter())["only_left"] += 1
            continue
        rt.add(u, b)                                   # matched: counted under the left unit
        d = differences(a, b)
        if d:
            diffs.append({"MaHoSo": code, "DonViXuLy": a.unit, "fields": d})
            per_unit.setdefault(u, Counter())["differences"] += 1
        late_a, late_b = a.cls in LATE_CLASSES, b.cls in LATE_CLASSES
        if (late_a and b.cls in IN_TIME_CLASSES) or (late_b and a.cls in IN_TIME_CLASSES):
            disagree.append({"MaHoSo": code, "DonViXuLy": a.unit, "left_class": a.cls, "right_class": b.cls,
                             "late_on": names[0] if late_a else names[1],
                             "NgayHenTra": [_show(a.due), _show(b.due)],
                             "NgayKetThucXuLy": [_show(a.finished), _show(b.finished)]})
            per_unit.setdefault(u, Counter())["on_time_disagreements"] += 1
    for code in sorted(set(seen) - set(held)):
        b = seen[code]
        u = unit_of(b)
        rt.add(u, b)
        only_right.append(_brief(code, b))
        per_unit.setdefault(u, Counter())["only_right"] += 1

    units = sorted(set(lt.units) | set(rt.units))
    unit_rows = [{"unit": u, "left": _unit_row(lt.units.get(u, Counter())), "right": _unit_row(rt.units.get(u, Counter())),
                  **{k: per_unit.get(u, Counter()).get(k, 0)
                     for k in ("only_left", "only_right", "differences", "on_time_disagreements")}}
                 for u in units]
    total_l, total_r = sum(lt.units.values(), Counter()), sum(rt.units.values(), Counter())
    return {
        "as_of": as_of.isoformat(), "names": list(names),
        "left": {"records": len(held), "duplicates": dup_left, "without_code": no_code_left},
        "right": {"records": len(seen), "duplicates": dup_right, "without_code": no_code_right},
        "matched": len(held) - len(only_left),
        "only_left": only_left, "only_right": only_right, "differences": diffs,
        "on_time_disagreements": disagree, "units": unit_rows,
        "total": {"left": _unit_row(total_l), "right": _unit_row(total_r), "only_left": len(only_left),
                  "only_right": len(only_right), "differences": len(diffs), "on_time_disagreements": len(disagree)},
    }


def has_differences(result: dict) -> bool:
    t = result["total"]
    return bool(t["only_left"] or t["only_right"] or t["differences"] or t["on_time_disagreements"]
                or result["left"]["duplicates"] or result["right"]["duplicates"])
