"""Check gold files against their source texts (the conventions' script check).

Usage: python tests/kit/gold_check.py FILE.json...   (source: tests/corpus/real/<file>)
Every header string, reference number, deadline text and assignee must occur in the
normalised source (markup '**', '*', '|' removed, whitespace collapsed); numbers compared
without spaces. Prints ERROR lines (structure) and WARN lines (strings not found) per file.
"""
import json, re, sys, unicodedata
from pathlib import Path

REAL = Path(__file__).resolve().parents[1] / "corpus" / "real"
KINDS = {"date", "month", "before_month", "quarter", "recurring", "duration", "year"}
RECUR = {"daily", "weekly", "monthly", "quarterly", "yearly"}
UNITS = {"working_hour", "working_day", "day", "hour", "month", "week", "year"}
KEYS = ["file", "doc_type", "issuer", "issuer_normalized", "number", "symbol", "place", "date",
        "date_partial", "subject", "recipients", "signer", "cc", "references", "deadlines", "tasks", "findings"]


def norm_src(t):
    t = unicodedata.normalize("NFC", t)
    t = re.sub(r"<[^>]+>", " ", t)
    t = t.replace("**", " ").replace("*", " ").replace("|", " ")
    return re.sub(r"\s+", " ", t)


def fold(t):
    t = unicodedata.normalize("NFD", t.lower()).replace("đ", "d")
    return re.sub(r"\s+", " ", "".join(c for c in t if unicodedata.category(c) != "Mn"))


def main(paths):
    bad = 0
    for p in paths:
        p = Path(p)
        g = json.loads(p.read_text(encoding="utf-8"))
        errs, warns = [], []
        raw = p.read_text(encoding="utf-8")
        if unicodedata.normalize("NFC", raw) != raw:
            errs.append("file is not NFC")
        for k in KEYS:
            if k not in g:
                errs.append(f"missing key {k}")
        src_file = REAL / g.get("file", p.stem + ".txt")
        if not src_file.exists():
            src_file = REAL.parent / "texts" / g.get("file", p.stem + ".txt")
        if not src_file.exists():
            errs.append(f"no source {src_file}")
            print(p.name, errs); bad += 1; continue
        src = norm_src(src_file.read_text(encoding="utf-8"))
        nospace = re.sub(r"\s+", "", src)
        fsrc = fold(src)

        def has(s, what):
            if s and fold(" ".join(str(s).split())) not in fsrc:
                warns.append(f"{what} not in source: {s!r}")

        for k in ("issuer", "place", "subject"):
            has(g.get(k), k)
        if g.get("number") and re.sub(r"\s", "", g["number"]) not in nospace:
            warns.append(f"number not in source: {g['number']}")
        if g.get("date") and not re.fullmatch(r"\d{4}-\d\d-\d\d", g["date"]):
            errs.append(f"bad date {g['date']}")
        s = g.get("signer") or {}
        has(s.get("name"), "signer.name"); has(s.get("position"), "signer.position")
        for r in g.get("recipients") or []:
            has(r, "recipient")
        for c in g.get("cc") or []:
            has(c, "cc")
        nums = set()
        for r in g.get("references") or []:
            n = r.get("number")
            if not n or re.sub(r"\s", "", n) not in nospace:
                warns.append(f"reference not in source: {n}")
            if n in nums:
                warns.append(f"duplicate reference {n}")
            nums.add(n)
            if r.get("date") and not re.fullmatch(r"\d{4}-\d\d-\d\d", r["date"]):
                errs.append(f"bad ref date {r}")
        sections = {}
        for t in g.get("tasks") or []:
            sec = t.get("section")
            if sec in sections:
                errs.append(f"duplicate task section {sec}")
            sections[sec] = t
            for a in t.get("assignees") or []:
                has(a, f"assignee of {sec}")
            for a in t.get("coordinators") or []:
                has(a, f"coordinator of {sec}")
        for d in g.get("deadlines") or []:
            k = d.get("kind")
            if k not in KINDS:
                errs.append(f"bad kind {k} in {d.get('section')}")
            if d.get("section") not in sections:
                errs.append(f"deadline section {d.get('section')} is not a task section")
            elif sorted(d.get("assignees") or []) != sorted(sections[d["section"]].get("assignees") or []):
                errs.append(f"deadline {d.get('section')} assignees differ from its task's")
            has(d.get("text"), f"deadline text of {d.get('section')}")
            if k == "recurring" and d.get("recurrence") not in RECUR:
                errs.append(f"bad recurrence {d}")
            if k == "duration":
                du = d.get("duration") or {}
                if du.get("unit") not in UNITS or not isinstance(du.get("value"), (int, float)):
                    errs.append(f"bad duration {d}")
            if k in ("date", "month", "before_month", "quarter", "year") and not re.fullmatch(r"\d{4}-\d\d-\d\d", d.get("date") or ""):
                errs.append(f"kind {k} needs an ISO date: {d}")
        for e in errs:
            print(f"{p.name}: ERROR {e}")
        for w in warns:
            print(f"{p.name}: WARN {w}")
        print(f"{p.name}: {len(g.get('tasks') or [])} tasks, {len(g.get('deadlines') or [])} deadlines, "
              f"{len(g.get('references') or [])} refs; {len(errs)} errors, {len(warns)} warnings")
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
