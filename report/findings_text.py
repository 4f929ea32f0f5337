"""Human-readable findings: per file, one block per finding (level, code, place, then the
message), coloured by severity and within 80 columns, then a summary line.

Generic over result dicts {"source", "kind", "findings": [Finding.to_dict(), ...]}, so `tthc check`
(directives) and `tthc validate` (dossiers) print the same way. Records go through report/safe.py:
identifiers masked, control characters shown as escapes instead of acting on the terminal.
"""
from __future__ import annotations

from typing import IO, Iterable

from report.safe import printable, public
from report.vi import text_width, wrap

SEVERITY_ORDER = ("error", "warning", "info")
COLORS = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LABELS = {"vi": {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"},
          "en": {"error": "error", "warning": "warning", "info": "info"}}
_TEXT = {
    "vi": {"severity": "Mức", "code": "Mã", "where": "Vị trí", "message": "Nội dung", "clean": "không có phát hiện nào",
           "page": "tr.", "line": "dòng ", "column": "cột ", "file": "tệp ", "pointer": "mục ", "evidence": "Bằng chứng",
           "field": "chữ ký ", "revision": "phiên bản ", "root": "gốc của tệp",
           "inputs": {"directive": "văn bản", "dossier": "hồ sơ"}, "input": "tệp", "with_error": "có lỗi",
           "with_warning": "chỉ có cảnh báo", "clean_inputs": "không có lỗi hay cảnh báo", "findings": "Phát hiện"},
    "en": {"severity": "Severity", "code": "Code", "where": "Location", "message": "Message", "clean": "no findings",
           "page": "p.", "line": "line ", "column": "col. ", "file": "file ", "pointer": "at ", "evidence": "Evidence",
           "field": "signature ", "revision": "revision ", "root": "the file's root",
           "inputs": {"directive": "documents", "dossier": "dossiers"}, "input": "files", "with_error": "with errors",
           "with_warning": "with warnings only", "clean_inputs": "without errors or warnings", "findings": "Findings"},
}


def count(results: Iterable[dict]) -> dict:
    """{"files": n, "error": n, "warning": n, "info": n, "files_with_findings": n, "with_error": n,
    "with_warning": n, "kinds": {kind: n}}: findings by severity, and inputs by their worst finding."""
    out = {"files": 0, "files_with_findings": 0, "with_error": 0, "with_warning": 0, "kinds": {},
           **{s: 0 for s in SEVERITY_ORDER}}
    for r in results:
        out["files"] += 1
        out["kinds"][r.get("kind")] = out["kinds"].get(r.get("kind"), 0) + 1
        findings = r.get("findings") or []
        out["files_with_findings"] += bool(findings)
        severities = {f.get("severity") for f in findings}
        out["with_error"] += "error" in severities
        out["with_warning"] += "warning" in severities and "error" not in severities
        for f in findings:
            if f.get("severity") in out:
                out[f["severity"]] += 1
    return out


def pointer_words(pointer: str, lang: str = "vi") -> str:
    """A manifest's JSON pointer as an officer reads it: "/TaiLieuNop/1/TepDinhKem/0" ->
    "TaiLieuNop thứ 2 › TepDinhKem thứ 1" (items counted from 1, as on paper); the root "/" ->
    "gốc của tệp" ("the file's root")."""
    steps: list[str] = []
    for part in str(pointer).strip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if part.isdigit() and steps:
            steps[-1] += f" thứ {int(part) + 1}" if lang == "vi" else f" #{int(part) + 1}"
        elif part:
            steps.append(part)
    return " › ".join(steps) or _TEXT[lang]["root"]


# The order a reader looks for a place: which file, then where in it; a PDF signature's field
# and the revision (incremental save) it belongs to, in words too.
LOCATION_KEYS = ("file", "page", "line", "column", "pointer", "field", "revision")


def format_location(location: dict | None, lang: str = "vi") -> str:
    """{"page": 1, "line": 8} -> "tr.1, dòng 8" / "p.1, line 8"; the file first ("tệp manifest.json,
    dòng 42, cột 3"), a manifest's JSON pointer in words ("mục TaiLieuNop thứ 2"), a signature
    field and revision in words ("chữ ký Signature1, phiên bản 2"); other keys as key=value."""
    if not location:
        return "—"
    t = _TEXT[lang]
    parts = []
    for key in LOCATION_KEYS:
        value = location.get(key)
        if value is None or value == "" and key != "pointer":
            continue
        parts.append(t[key] + (pointer_words(value, lang) if key == "pointer" else str(value)))
    shown = LOCATION_KEYS + ("end_line", "end_column")
    parts += [f"{k}={v}" for k, v in location.items() if k not in shown and v is not None]
    return ", ".join(parts) or "—"


def document_line(document: dict | None, lang: str = "vi") -> str:
    """What a directive is, under its file name: "Chỉ thị số 12/CT-UBND ngày 26/11/2025 — ỦY BAN
    NHÂN DÂN TỈNH ĐẮK LẮK"; the parts the reader did not find are left out ("" when none is)."""
    if not document:
        return ""
    from report.vi import vi_date
    vi = lang == "vi"
    parts = [document.get("doc_type") or ""]
    if document.get("number"):
        parts.append(("số " if vi else "") + document["number"])
    if document.get("date"):
        parts.append(("ngày " if vi else "of ") + vi_date(document["date"]))
    line = " ".join(p for p in parts if p)
    issuer = " ".join(str(document.get("issuer") or "").split())
    return f"{line} — {issuer}" if line and issuer else line or issuer


def _sort_key(f: dict):
    loc = f.get("location") or {}
    rank = SEVERITY_ORDER.index(f["severity"]) if f.get("severity") in SEVERITY_ORDER else 3
    return (rank, loc.get("page") or 0, loc.get("line") or 0, f.get("code", ""))


def summary_line(totals: dict, lang: str = "vi") -> str:
    """Two lines: inputs by their worst finding ("60 hồ sơ: 31 có lỗi, 22 chỉ có cảnh báo, 7 không có
    phát hiện"), then findings by severity ("Phát hiện: 37 lỗi, 23 cảnh báo, 5 thông tin"), so that
    the totals never read as counts of files."""
    t, labels = _TEXT[lang], LABELS[lang]
    plural = lambda n, s: "s" if lang == "en" and n != 1 and s != "info" else ""   # noqa: E731
    kinds = [k for k in (totals.get("kinds") or {}) if k]
    noun = t["inputs"].get(kinds[0], t["input"]) if len(kinds) == 1 else t["input"]
    if lang == "en" and totals["files"] == 1:
        noun = noun.rstrip("s")
    errors, warnings = totals.get("with_error", 0), totals.get("with_warning", 0)
    clean = totals["files"] - errors - warnings
    inputs = f"{totals['files']} {noun}: {errors} {t['with_error']}, {warnings} {t['with_warning']}, {clean} {t['clean_inputs']}"
    findings = f"{t['findings']}: " + ", ".join(f"{totals[s]} {labels[s]}{plural(totals[s], s)}" for s in SEVERITY_ORDER)
    return inputs + "\n" + findings


def write_findings_text(results: list[dict], out: IO[str], lang: str = "vi", width: int | None = None) -> None:
    from rich.cells import cell_len
    from rich.console import Console
    from rich.markup import escape

    t, labels = _TEXT[lang], LABELS[lang]
    console = Console(file=out, highlight=False, width=width or text_width(out))
    for r in results:
        r = public(r)
        findings = sorted(r.get("findings") or [], key=_sort_key)
        worst = findings[0]["severity"] if findings else None
        console.rule(characters="─")
        console.print(f"[{COLORS.get(worst, 'green')}]{escape(printable(str(r.get('source'))))}")
        heading = document_line(r.get("document"), lang)
        if heading:
            console.print(escape(wrap(printable(heading), "  ", console.width, first="")), soft_wrap=True)
        if r.get("tasks"):
            from report.tasks import task_table
            console.print(task_table(r["tasks"], lang))
        if not findings:
            console.print(f"[green]✓ {t['clean']}[/]")
            continue
        for f in findings:
            # one block per finding (level, code, place; then the message, indented), so a long
            # message wraps whole in 80 columns instead of in a narrow table cell
            sev = f.get("severity", "info")
            message = f.get("message" if lang == "vi" else "message_en") or f.get("message") or ""
            where = format_location(f.get("location"), lang) if f.get("location") else ""
            head = f"{labels.get(sev, sev)} {printable(f.get('code', ''))}"
            place = printable(where)
            # the place on the same line when it fits, else whole on the next lines (never cut
            # inside "mục TaiLieuNop thứ 2")
            inline = bool(place) and cell_len(f"{head}  {place}") <= console.width
            console.print(f"[{COLORS.get(sev, '')}]{labels.get(sev, sev)}[/] [bold]{escape(printable(f.get('code', '')))}[/]"
                          + (f"  {escape(place)}" if inline else ""))
            if place and not inline:
                console.print(escape(wrap(place, "  ", console.width)), soft_wrap=True)
            console.print(escape(wrap(printable(message), "    ", console.width)), soft_wrap=True)
    totals = count(results)
    worst = next((s for s in SEVERITY_ORDER if totals[s]), None)
    console.print(f"[{COLORS.get(worst, 'green')}]{summary_line(totals, lang)}[/]")
