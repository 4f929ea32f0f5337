"""Human-readable report of `tthc signatures --format text`: one table of signatures per
file, then its findings. Formats the JSON results (masked and made printable by
report/safe.py); judges nothing."""
from __future__ import annotations

import sys

from report.findings_text import LABELS
from report.safe import printable, public
from report.vi import text_width, vi_date, wrap

VERDICTS = {
    "valid": ("hợp lệ", "valid", "green"),
    "valid_with_warnings": ("hợp lệ, có cảnh báo", "valid, with warnings", "yellow"),
    "invalid": ("KHÔNG hợp lệ", "NOT valid", "red"),
    "indeterminate": ("không xác định", "indeterminate", "yellow"),
    "unsigned": ("không có chữ ký", "unsigned", "red"),
    "unreadable": ("không đọc được", "unreadable", "red"),
}
SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "dim"}
SOURCES = {"timestamp": ("dấu thời gian", "timestamp"), "document_timestamp": ("dấu thời gian tài liệu", "document timestamp"),
           "record": ("bản ghi tin cậy", "trusted record"), "validation": ("lúc kiểm tra, không có bằng chứng", "validation time, no proof")}


def _verdict(v: str | None, lang: str) -> str:
    vi, en, style = VERDICTS.get(v or "", (v, v, "white"))
    return f"[{style}]{vi if lang == 'vi' else en}[/]"


def write_signatures_text(results: list[dict], out, lang: str = "vi", show_info: bool = False) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    def t(vi: str, en: str) -> str:
        return vi if lang == "vi" else en

    console = Console(file=out, width=text_width(out), force_terminal=False if out is not sys.stdout else None)
    for r in results:
        r = public(r)
        console.rule(characters="─")
        console.print(f"[bold]{escape(printable(r['source']))}[/] — {_verdict(r.get('verdict'), lang)}")
        sigs = r.get("signatures") or []
        if sigs:
            table = Table(show_lines=False)
            for vi, en in (("#", "#"), ("Trường", "Field"), ("Người ký", "Signer"), ("Tổ chức", "Organization"),
                           ("Thời điểm dùng để kiểm tra", "Judged at"), ("Kết luận", "Verdict")):
                table.add_column(t(vi, en))
            for s in sigs:
                signer = s.get("signer") or {}
                src = SOURCES.get(s.get("time_source") or "", ("", ""))
                when = (vi_date(s["validated_at"]) if lang == "vi" else s["validated_at"]) if s.get("validated_at") else "—"
                kind = t(" (dấu thời gian)", " (timestamp)") if s.get("kind") == "timestamp" else ""
                table.add_row(str(s["index"]), escape(s["field"] + kind), escape(signer.get("common_name") or "—"),
                              escape(", ".join(signer.get("organization") or []) or "—"),
                              f"{when} ({t(*src)})" if src[0] else when, _verdict(s.get("verdict"), lang))
            console.print(table)
        shown = [f for f in r.get("findings", []) if show_info or f["severity"] != "info"]
        for f in shown:
            style = SEVERITY_STYLE.get(f["severity"], "white")
            msg = f["message"] if lang == "vi" else f["message_en"]
            level = LABELS[lang].get(f["severity"], f["severity"])
            # as `tthc check` prints a finding: level and code, then the message wrapped under it
            console.print(f"  [{style}]{level}[/] [bold]{escape(f['code'])}[/]")
            console.print(escape(wrap(printable(msg), "    ", console.width)), soft_wrap=True)
        hidden = len(r.get("findings", [])) - len(shown)
        if hidden:
            console.print(f"  [dim]{t(f'(+{hidden} thông tin; thêm --verbose để xem)', f'(+{hidden} info; add --verbose to see them)')}[/]")
