"""Human-readable findings: per file, one block per finding (level, code, place, then the
message), coloured by severity and within 80 columns, then a summary line.

Generic over result dicts {"source", "kind", "findings": [Finding.to_dict(), ...]}, so `tthc check`
(directives) and `tthc validate` (dossiers) print the same way. Records go through report/safe.py:
identifiers masked, control characters shown as escapes instead of acting on the terminal.
"""
from __future__ import annotations

from typing import IO, Iterable

from report.safe import printable, public
from report.vi import text_width

SEVERITY_ORDER = ("error", "warning", "info")
COLORS = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LABELS = {"vi": {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"},
          "en": {"error": "error", "warning": "warning", "info": "info"}}
_TEXT = {
    "vi": {"severity": "Mức", "code": "Mã", "where": "Vị trí", "message": "Nội dung", "clean": "không có phát hiện nào",
           "page": "tr.", "line": "d.", "column": "c.", "files": "tệp", "evidence": "Bằng chứng"},
    "en": {"severity": "Severity", "code": "Code", "where": "Location", "message": "Message", "clean": "no findings",
           "page": "p.", "line": "l.", "column": "col.", "files": "files", "evidence": "Evidence"},
}


def count(results: Iterable[dict]) -> dict:
    """{"files": n, "error": n, "warning": n, "info": n, "files_with_findings": n}."""
    out = {"files": 0, "files_with_findings": 0, **{s: 0 for s in SEVERITY_ORDER}}
    for r in results:
        out["files"] += 1
        findings = r.get("findings") or []
        out["files_with_findings"] += bool(findings)
        for f in findings:
            if f.get("severity") in out:
                out[f["severity"]] += 1
    return out


def format_location(location: dict | None, lang: str = "vi") -> str:
    """{"page": 1, "line": 8} -> "tr.1 d.8" / "p.1 l.8"; other keys (a dossier's JSON pointer,
    a file inside a package) follow as key=value."""
    if not location:
        return "—"
    t = _TEXT[lang]
    parts = []
    if location.get("page") is not None:
        parts.append(f"{t['page']}{location['page']}")
    if location.get("line") is not None:
        parts.append(f"{t['line']}{location['line']}")
    if location.get("column") is not None:
        parts.append(f"{t['column']}{location['column']}")
    shown = ("page", "line", "column", "end_line", "end_column")
    parts += [f"{k}={v}" for k, v in location.items() if k not in shown and v is not None]
    return " ".join(parts) or "—"


def _sort_key(f: dict):
    loc = f.get("location") or {}
    rank = SEVERITY_ORDER.index(f["severity"]) if f.get("severity") in SEVERITY_ORDER else 3
    return (rank, loc.get("page") or 0, loc.get("line") or 0, f.get("code", ""))


def summary_line(totals: dict, lang: str = "vi") -> str:
    labels = LABELS[lang]
    plural = lambda n, s: "s" if lang == "en" and n != 1 and s != "info" else ""   # noqa: E731
    parts = [f"{totals[s]} {labels[s]}{plural(totals[s], s)}" for s in SEVERITY_ORDER]
    files = _TEXT[lang]["files"] if totals["files"] != 1 or lang == "vi" else "file"
    return f"{totals['files']} {files}: " + ", ".join(parts)


def write_findings_text(results: list[dict], out: IO[str], lang: str = "vi", width: int | None = None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.padding import Padding

    t, labels = _TEXT[lang], LABELS[lang]
    console = Console(file=out, highlight=False, width=width or text_width(out))
    for r in results:
        r = public(r)
        findings = sorted(r.get("findings") or [], key=_sort_key)
        worst = findings[0]["severity"] if findings else None
        console.rule(characters="─")
        console.print(f"[{COLORS.get(worst, 'green')}]{escape(printable(str(r.get('source'))))}")
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
            console.print(f"[{COLORS.get(sev, '')}]{labels.get(sev, sev)}[/] [bold]{escape(printable(f.get('code', '')))}[/]  "
                          f"{escape(printable(format_location(f.get('location'), lang)))}")
            console.print(Padding(escape(printable(message)), (0, 0, 0, 4)))
    totals = count(results)
    worst = next((s for s in SEVERITY_ORDER if totals[s]), None)
    console.print(f"[{COLORS.get(worst, 'green')}]{summary_line(totals, lang)}[/]")
