"""Batch summary of `tthc validate`: per processing unit (DonViXuLy) and per procedure,
how many dossiers, how many with errors or warnings, and the most frequent findings.
Built incrementally from result dicts, so a batch of any size needs no more memory
than the number of units, procedures and codes."""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Iterable

from report.safe import printable, public
from report.tasks import shorten
from report.vi import text_width

UNKNOWN = ("(không rõ)", "(unknown)")
NAME_WIDTH = 40            # characters of a procedure's name in the text tables
SEVERITY_RANK = {"error": 2, "warning": 1, "info": 0}


@dataclass
class Group:
    """Dossiers counted by their worst finding, as `tthc check`/`validate` text counts inputs: with
    errors, with warnings only; the rest have neither (so the counts add up to `dossiers`)."""
    dossiers: int = 0
    with_errors: int = 0
    warnings_only: int = 0
    codes: Counter = field(default_factory=Counter)       # code -> findings
    severity: dict = field(default_factory=dict)          # code -> its most severe level seen
    dossiers_with: Counter = field(default_factory=Counter)   # code -> dossiers with it

    def add(self, severities: set[str], codes: Iterable[str], levels: dict[str, str] | None = None) -> None:
        self.dossiers += 1
        self.with_errors += "error" in severities
        self.warnings_only += "warning" in severities and "error" not in severities
        codes = list(codes)
        self.codes.update(codes)
        self.dossiers_with.update(set(codes))
        for code, level in (levels or {}).items():
            if SEVERITY_RANK.get(level, -1) > SEVERITY_RANK.get(self.severity.get(code), -1):
                self.severity[code] = level

    def ranked(self) -> list[tuple[str, int]]:
        """Every code, errors first, then warnings, then info; by count within a level."""
        return sorted(self.codes.items(), key=lambda kv: (-SEVERITY_RANK.get(self.severity.get(kv[0]), -1),
                                                          -kv[1], kv[0]))

    def top(self, n: int = 5) -> list[tuple[str, int]]:
        return self.ranked()[:n]

    def to_dict(self) -> dict:
        return {"dossiers": self.dossiers, "with_errors": self.with_errors, "warnings_only": self.warnings_only,
                "top_findings": [{"code": c, "severity": self.severity.get(c), "count": n} for c, n in self.top()]}


@dataclass
class Summary:
    total: Group = field(default_factory=Group)
    units: dict[str, Group] = field(default_factory=dict)
    procedures: dict[str, Group] = field(default_factory=dict)
    procedure_names: dict[str, str] = field(default_factory=dict)
    on_time: Counter = field(default_factory=Counter)     # class -> dossiers, by the correct due date
    portal_differs: int = 0                               # dossiers the portal's stored due date classes otherwise

    def add(self, result: dict) -> None:
        t = result.get("on_time")
        if isinstance(t, dict) and t.get("class"):
            self.on_time[t["class"]] += 1
            self.portal_differs += t.get("portal_class") not in (None, t["class"])
        findings = result.get("findings") or []
        severities = {f.get("severity") for f in findings}
        codes = [f.get("code") for f in findings]
        levels: dict[str, str] = {}
        for f in findings:
            if SEVERITY_RANK.get(f.get("severity"), -1) > SEVERITY_RANK.get(levels.get(f.get("code")), -1):
                levels[f.get("code")] = f.get("severity")
        self.total.add(severities, codes, levels)
        unit = result.get("DonViXuLy") or UNKNOWN[0]
        self.units.setdefault(unit, Group()).add(severities, codes, levels)
        proc = result.get("procedure") or {}
        key = proc.get("code") or result.get("MaTTHC") or UNKNOWN[0]
        if proc.get("name"):
            self.procedure_names[key] = proc["name"]
        self.procedures.setdefault(key, Group()).add(severities, codes, levels)

    def to_dict(self) -> dict:
        return {"total": self.total.to_dict(), "on_time": dict(sorted(self.on_time.items())),
                "portal_class_differs": self.portal_differs,
                "units": {k: g.to_dict() for k, g in sorted(self.units.items())},
                "procedures": {k: {**g.to_dict(), "name": self.procedure_names.get(k)}
                               for k, g in sorted(self.procedures.items())}}


def write_summary_text(summary: Summary, out: IO[str] | None = None, lang: str = "vi") -> None:
    """Rich tables: the whole batch, then per unit and per procedure."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    out = out or sys.stderr
    console = Console(file=out, width=text_width(out))
    vi = lang == "vi"
    t = summary.total
    console.print(("Tổng cộng: {n} hồ sơ, {e} có lỗi, {w} chỉ có cảnh báo" if vi else
                   "Total: {n} dossiers, {e} with errors, {w} with warnings only").format(
                       n=t.dossiers, e=t.with_errors, w=t.warnings_only))
    line = on_time_line(summary, lang)
    if line:
        console.print(line)
    for title, groups, names in ((("Theo đơn vị xử lý", "By processing unit"), summary.units, {}),
                                 (("Theo thủ tục", "By procedure"), summary.procedures, summary.procedure_names)):
        # one frequent finding per line, never cut (a code is what the reader looks up); the
        # unit's name wraps instead, counts are right-aligned
        table = Table(title=title[0] if vi else title[1], show_lines=True)
        for i, col in enumerate((("Đơn vị / thủ tục", "Unit / procedure"), ("Hồ sơ", "Dossiers"),
                                 ("Có lỗi", "With errors"), ("Chỉ có cảnh báo", "Warnings only"),
                                 ("Phát hiện thường gặp", "Most frequent findings"))):
            table.add_column(col[0] if vi else col[1], justify="right" if i in (1, 2, 3) else "left",
                             no_wrap=i == 4, overflow="fold" if i == 0 else "ellipsis", ratio=2 if i == 0 else None)
        for key, g in sorted(groups.items()):
            # a procedure's name is cut at a word (the whole name is in the xlsx and JSON): in 80
            # columns a 300-character name would take 30 lines of a narrow column
            label = public(f"{key} {shorten(names[key], NAME_WIDTH)}" if key in names else key)
            table.add_row(escape(printable(label)), str(g.dossiers), str(g.with_errors), str(g.warnings_only),
                          "\n".join(f"{c} ×{n}" for c, n in g.top()) or "—")
        console.print(table)


# The on-time classes a reader looks for, in this order (labels: schemas/timeline.json).
ON_TIME_SHOWN = ("truoc_han", "dung_han", "tre_han", "dang_xu_ly_trong_han", "qua_han", "tam_dung")


def on_time_line(summary: Summary, lang: str = "vi") -> str | None:
    """One line: how many dossiers fall in each on-time class by the due date the procedure
    gives (not the one written on the dossier), and how many the portal counts otherwise."""
    if not summary.on_time:
        return None
    from schemas import load_json
    labels = load_json("timeline.json")["classes"]["labels"]
    key = "label" if lang == "vi" else "label_en"
    order = list(ON_TIME_SHOWN) + [c for c in labels if c not in ON_TIME_SHOWN]      # every class, shown first
    parts = [f"{labels[c][key].lower()} {summary.on_time[c]}" for c in order if summary.on_time.get(c)]
    unclassed = summary.total.dossiers - sum(summary.on_time.values())
    if unclassed > 0:                      # no on-time record = the package could not be read; every dossier is counted
        parts.append(f"không đọc được hồ sơ {unclassed}" if lang == "vi"
                     else f"dossier not readable {unclassed}")
    head = ("Tiến độ (theo thời hạn của thủ tục): " if lang == "vi" else "Progress (by the procedures' processing times): ")
    tail = (f"; Cổng DVC tính khác ở {summary.portal_differs} hồ sơ vì ngày hẹn trả sai" if lang == "vi" else
            f"; the portal counts {summary.portal_differs} dossiers otherwise because of a wrong due date") \
        if summary.portal_differs else ""
    return head + ", ".join(parts) + tail

