"""The service-index figures a batch of dossiers gives (Bộ chỉ số 766): counters per
processing unit, procedure or reception month, and the rates defined in
schemas/service_index.json (formulas are data; their official status is UNVERIFIED, so they
are reported as rates with their formula, never as scores).

Records are classified as the national portal counts them: by the due date written on the
dossier, compared by date (checks/timeline.py `classify`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from checks.timeline import FINISHED_CLASSES, classify
from extract.dossier.timeline import timeline_of
from schemas import load_json

GROUPINGS = ("unit", "procedure", "month", "none")
UNKNOWN = {"unit": "(không rõ đơn vị / unknown unit)", "procedure": "(không rõ thủ tục / unknown procedure)",
           "month": "(chưa tiếp nhận / not received)", "none": "Tất cả / all"}
CHANNEL_COUNTERS = {"1": "truc_tiep", "2": "truc_tuyen", "3": "buu_chinh"}


def definitions() -> dict:
    return load_json("service_index.json")


def counter_names() -> list[str]:
    return list(definitions()["counters"])


@dataclass
class Stats:
    by: str
    as_of: date
    groups: dict[str, Counter] = field(default_factory=dict)
    total: Counter = field(default_factory=Counter)
    unreadable_dates: int = 0

    def add(self, record: dict) -> None:
        t = timeline_of(record)
        if t.bad_dates:
            self.unreadable_dates += 1
        names = tally(t, classify(t, self.as_of, t.due))
        key = group_key(t, self.by)
        c = self.groups.get(key)
        if c is None:
            c = self.groups[key] = Counter()
        for n in names:
            c[n] += 1
            self.total[n] += 1

    def rows(self) -> list[dict]:
        """One row per group, sorted by key, each with its counters and rates."""
        return [row(k, self.groups[k]) for k in sorted(self.groups)]

    def to_dict(self) -> dict:
        d = definitions()
        return {
            "by": self.by, "as_of": self.as_of.isoformat(), "status": d["status"], "basis": d["basis"],
            "classification": d["classification"],
            "classification_vi": d.get("classification_vi"),
            "counters": {k: {"label": v["label"], "label_en": v["label_en"], "definition": v["definition"]}
                         for k, v in d["counters"].items()},
            "rates": [{k: r[k] for k in ("key", "label", "label_en", "formula", "formula_en", "basis")} for r in d["rates"]],
            "groups": self.rows(), "total": row("Tổng cộng / total", self.total),
            "records_with_unreadable_dates": self.unreadable_dates,
        }


def compute(records: Iterable[dict], by: str = "unit", as_of: date | None = None) -> Stats:
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}")
    stats = Stats(by=by, as_of=as_of or date.today())
    for record in records:
        stats.add(record)
    return stats


def group_key(t, by: str) -> str:
    if by == "unit":
        return t.unit or UNKNOWN["unit"]
    if by == "procedure":
        return t.procedure or UNKNOWN["procedure"]
    if by == "month":
        m = t.received or t.submitted
        return m.strftime("%Y-%m") if m else UNKNOWN["month"]
    return UNKNOWN["none"]


def tally(t, cls: str) -> list[str]:
    """The counters one record adds to (schemas/service_index.json "counters")."""
    names = ["tong_ho_so", cls]
    if cls in ("chua_tiep_nhan", "khong_tiep_nhan"):
        return names
    names.append("tiep_nhan")
    channel = CHANNEL_COUNTERS.get(t.channel or "")
    if channel:
        names.append(channel)
    if t.has_fee or t.paid_online:
        names.append("co_nghia_vu_tai_chinh")
    if t.paid_online:
        names.append("thanh_toan_truc_tuyen")
    if t.digitized:
        names.append("so_hoa")
    if t.reused:
        names.append("tai_su_dung")
    if cls in FINISHED_CLASSES:
        names.append("da_xu_ly")
        if t.results_with_file:
            names.append("ket_qua_dien_tu")
    return names


def rates(c: Counter) -> dict[str, float | None]:
    out = {}
    for r in definitions()["rates"]:
        den = sum(c[k] for k in r["denominator"])
        num = sum(c[k] for k in r["numerator"])
        out[r["key"]] = round(num / den * 100, 2) if den else None
    return out


def row(key: str, c: Counter) -> dict:
    return {"group": key, **{n: c.get(n, 0) for n in counter_names()}, **rates(c)}
