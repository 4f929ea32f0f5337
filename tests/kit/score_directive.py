#!/usr/bin/env python3
# Vendored unchanged from ../shared/tools/score_directive.py (the team's scorer), so gold tests run on a clean clone.
"""Score directive extraction output against hand-made gold files.

Usage:
  score_directive.py GOLD.json PRED.json            one document
  score_directive.py --gold-dir G --pred-dir P      every G/<name>.json with a P/<name>.json
  add --json to print the scores as JSON instead of a table

PRED is the JSON that `tthc ingest FILE --format json` writes (the output contract in
../design/ARCHITECTURE.md). GOLD follows ../corpus/gold/CONVENTIONS.md.

Metrics (micro-averaged over documents in directory mode):
  header.<field>        exact match after normalization (number, symbol, place, date, signer)
  subject               1 if similarity >= 0.95
  recipients            F1, names matched fuzzily
  references            F1 keyed by document number; ref_dates / ref_articles over matched refs
  deadlines             F1 keyed by (date) for dated kinds, (recurrence) for recurring,
                        (value, unit) for durations; deadline_assignees over matched ones
  task_assignees        F1 over (section, assignee) pairs
Only the standard library is used.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

TONE_FIXES = {  # old-style tone placement -> one canonical form, for matching only
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
ABBREVIATIONS = [
    (r"\bubnd\b", "ủy ban nhân dân"),
    (r"\bhđnd\b", "hội đồng nhân dân"),
    (r"\bsở tt&tt\b", "sở thông tin và truyền thông"),
    (r"\bsở tt và tt\b", "sở thông tin và truyền thông"),
    (r"\btttt\b", "thông tin và truyền thông"),
    (r"\bvpcp\b", "văn phòng chính phủ"),
    (r"\bvp ubnd\b", "văn phòng ủy ban nhân dân"),
    (r"\btp\.?\b", "thành phố"),
    (r"\bcqcm\b", "cơ quan chuyên môn"),
]


def norm(text: str | None) -> str:
    """Normalize for comparison: NFC, lower case, canonical tone marks, no punctuation."""
    if text is None:
        return ""
    t = unicodedata.normalize("NFC", str(text)).lower()
    for old, new in TONE_FIXES.items():
        t = t.replace(old, new)
    for pattern, repl in ABBREVIATIONS:
        t = re.sub(pattern, repl, t)
    t = re.sub(r"[\"'“”‘’(){}\[\].,;:!?*_<>]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


CONFUSABLES = str.maketrans("АВСЕНКМОРТХасеорхі", "ABCEHKMOPTXaceopxi")  # Cyrillic look-alikes in printed numbers


def norm_number(text: str | None) -> str:
    if not text:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", str(text)).translate(CONFUSABLES)).casefold()


def norm_section(label: str | None) -> str:
    t = norm(label).replace("phụ lục", "appendix").replace("danh mục", "appendix")
    t = re.sub(r"[\s)]+", "", t)
    return t.rstrip(".")


def similar(a: str, b: str) -> float:
    a, b = norm(a), norm(b)
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b).ratio()


def f1_counts(gold: list, pred: list, same) -> tuple[int, int, int, list[tuple]]:
    """Greedy one-to-one matching. Returns (tp, n_gold, n_pred, matched pairs)."""
    unused = list(range(len(pred)))
    pairs = []
    for g in gold:
        for k in unused:
            if same(g, pred[k]):
                pairs.append((g, pred[k]))
                unused.remove(k)
                break
    return len(pairs), len(gold), len(pred), pairs


def fuzzy_name(a: str, b: str) -> bool:
    na, nb = norm(a), norm(b)
    if not na or not nb:
        return False
    return na == nb or SequenceMatcher(None, na, nb).ratio() >= 0.85


def deadline_key(d: dict) -> tuple:
    kind = (d.get("kind") or "").lower()
    if kind == "recurring":
        return ("recurring", (d.get("recurrence") or "").lower())
    if kind == "duration":
        dur = d.get("duration") or {}
        value = dur.get("value")
        try:
            value = float(value)
        except (TypeError, ValueError):
            pass
        return ("duration", value, (dur.get("unit") or "").lower())
    return ("date", d.get("date"))


class Tally:
    def __init__(self) -> None:
        self.tp: Counter = Counter()
        self.gold: Counter = Counter()
        self.pred: Counter = Counter()
        self.right: Counter = Counter()
        self.total: Counter = Counter()

    def f1(self, name: str, tp: int, n_gold: int, n_pred: int) -> None:
        self.tp[name] += tp
        self.gold[name] += n_gold
        self.pred[name] += n_pred

    def acc(self, name: str, ok: bool) -> None:
        self.right[name] += int(bool(ok))
        self.total[name] += 1

    def table(self) -> dict:
        out = {}
        for name in sorted(self.total):
            out[name] = {"accuracy": self.right[name] / self.total[name], "n": self.total[name]}
        for name in sorted(self.gold.keys() | self.pred.keys()):
            tp, g, p = self.tp[name], self.gold[name], self.pred[name]
            prec = tp / p if p else (1.0 if not g else 0.0)
            rec = tp / g if g else (1.0 if not p else 0.0)
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            out[name] = {"precision": prec, "recall": rec, "f1": f1, "gold": g, "pred": p, "tp": tp}
        return out


def score_one(gold: dict, pred: dict, tally: Tally) -> None:
    doc = pred.get("document") or {}
    signer = doc.get("signer") or {}
    gsigner = gold.get("signer") or {}
    tally.acc("header.number", norm_number(doc.get("number")) == norm_number(gold.get("number")))
    tally.acc("header.symbol", norm_number(doc.get("symbol")) == norm_number(gold.get("symbol")))
    tally.acc("header.date", (doc.get("date") or None) == (gold.get("date") or None))
    tally.acc("header.place", norm(doc.get("place")) == norm(gold.get("place")))
    tally.acc("header.signer", norm(signer.get("name")) == norm(gsigner.get("name")))
    tally.acc("subject", similar(doc.get("subject") or "", gold.get("subject") or "") >= 0.95)

    tp, g, p, _ = f1_counts(gold.get("recipients") or [], doc.get("recipients") or [], fuzzy_name)
    tally.f1("recipients", tp, g, p)

    grefs = gold.get("references") or []
    prefs = pred.get("references") or []
    tp, g, p, pairs = f1_counts(grefs, prefs, lambda a, b: norm_number(a.get("number")) == norm_number(b.get("number")))
    tally.f1("references", tp, g, p)
    for gr, pr in pairs:
        if gr.get("date"):
            tally.acc("ref_dates", gr.get("date") == pr.get("date"))
        garts = {str(a) for a in gr.get("articles") or []}
        parts = {str(a) for a in pr.get("articles") or []}
        if garts or parts:
            tally.acc("ref_articles", garts == parts)

    gdl = gold.get("deadlines") or []
    pdl = pred.get("deadlines") or []
    tp, g, p, pairs = f1_counts(gdl, pdl, lambda a, b: deadline_key(a) == deadline_key(b))
    tally.f1("deadlines", tp, g, p)
    for gd, pd in pairs:
        ga, pa = gd.get("assignees") or [], pd.get("assignees") or []
        if ga:
            hit, _, _, _ = f1_counts(ga, pa, fuzzy_name)
            tally.acc("deadline_assignees", hit == len(ga) and len(pa) == len(ga))

    def pairs_of(tasks: list) -> list[tuple[str, str]]:
        return [(norm_section(t.get("section")), a) for t in tasks for a in (t.get("assignees") or [])]

    gpairs, ppairs = pairs_of(gold.get("tasks") or []), pairs_of(pred.get("tasks") or [])
    tp, g, p, _ = f1_counts(gpairs, ppairs, lambda a, b: a[0] == b[0] and fuzzy_name(a[1], b[1]))
    tally.f1("task_assignees", tp, g, p)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="?")
    ap.add_argument("pred", nargs="?")
    ap.add_argument("--gold-dir")
    ap.add_argument("--pred-dir")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    tally = Tally()
    docs = []
    if args.gold_dir:
        for gpath in sorted(Path(args.gold_dir).glob("*.json")):
            ppath = Path(args.pred_dir) / gpath.name
            docs.append(gpath.stem)
            pred = json.loads(ppath.read_text(encoding="utf-8")) if ppath.exists() else {}
            score_one(json.loads(gpath.read_text(encoding="utf-8")), pred, tally)
    elif args.gold and args.pred:
        docs.append(Path(args.gold).stem)
        score_one(json.loads(Path(args.gold).read_text(encoding="utf-8")),
                  json.loads(Path(args.pred).read_text(encoding="utf-8")), tally)
    else:
        ap.error("give GOLD PRED, or --gold-dir and --pred-dir")

    table = tally.table()
    if args.json:
        print(json.dumps({"documents": docs, "scores": table}, ensure_ascii=False, indent=2))
    else:
        print(f"{len(docs)} document(s)")
        for name, row in table.items():
            if "f1" in row:
                print(f"{name:22s} F1 {row['f1']:.3f}  P {row['precision']:.3f}  R {row['recall']:.3f}"
                      f"  (gold {row['gold']}, pred {row['pred']}, tp {row['tp']})")
            else:
                print(f"{name:22s} acc {row['accuracy']:.3f}  (n {row['n']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
