"""Plain writers shared by every command: output streams, JSON, JSON Lines, and the
human-readable summary of `tthc ingest --format text`. Records go through report/safe.py
(identifiers masked; a directive's own text is kept as issued)."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from report.safe import printable, public
from report.vi import number, text_width, wrap


@contextmanager
def open_out(path: str | None) -> Iterator[IO[str]]:
    """stdout for None or '-', else the file (parent folders created)."""
    if not path or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with p.open("w", encoding="utf-8", newline="\n") as fh:
        yield fh


def write_jsonl_line(out: IO[str], record: dict) -> None:
    """One record per line, flushed at once so an interrupted batch keeps what it wrote."""
    out.write(json.dumps(public(record), ensure_ascii=False) + "\n")
    out.flush()


def write_json(value, out: IO[str]) -> None:
    """A record or a list of records as indented JSON."""
    json.dump(public(value), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_json_per_file(results: list[dict], folder: Path) -> None:
    """One <stem>.json per input (the layout ../shared/tools/score_directive.py expects)."""
    names: dict[str, str] = {}
    for r in results:
        write_json_file(r, folder, names)


def write_json_file(record: dict, folder: Path, names: dict[str, str]) -> None:
    """<stem>.json of one input, written as soon as it is done. Inputs with the same stem get a
    numeric suffix instead of overwriting each other (`names`: source -> file name so far)."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(public(record["source"])).stem or "input"
    used = set(names.values())
    name, n = stem, 1
    while name in used:
        n += 1
        name = f"{stem}.{n}"
    names[record["source"]] = name
    (folder / f"{name}.json").write_text(json.dumps(public(record), ensure_ascii=False, indent=2) + "\n",
                                         encoding="utf-8")


METHODS = {"text": ("lớp chữ PDF", "PDF text layer"), "ocr": ("nhận dạng ảnh (OCR)", "OCR"),
           "docx": ("tệp Word (DOCX)", "Word file (DOCX)"), "plain": ("văn bản thuần", "plain text"),
           "mixed": ("lớp chữ và OCR", "text layer and OCR"), "portal": ("văn bản cổng thông tin", "portal text")}
def _word(table: dict, key, lang: str) -> str:
    if key is None or key == "":
        return "—"
    pair = table.get(key)
    return (pair[0] if lang == "vi" else pair[1]) if pair else str(key)


def write_ingest_text(results: list[dict], out: IO[str], lang: str = "vi") -> None:
    from rich.console import Console
    from rich.markup import escape

    from report.findings_text import LABELS

    console = Console(file=out, width=text_width(out), force_terminal=False if out is not sys.stdout else None)
    for r in results:
        r = public(r)
        ex = r.get("extraction") or {}
        console.rule(characters="─")
        console.print(f"[bold]{escape(printable(r['source']))}")
        conf = ex.get("ocr_confidence")
        console.print(f"{'Cách đọc' if lang == 'vi' else 'Method'}: {_word(METHODS, ex.get('method'), lang)}  "
                      f"{'Số trang' if lang == 'vi' else 'Pages'}: {ex.get('pages') if ex.get('pages') is not None else '—'}  "
                      + (f"OCR: {conf:.0%}  " if conf is not None else "")
                      + number(ex.get("seconds") or 0, lang) + (" giây" if lang == "vi" else " s"))
        doc = r.get("document")
        if doc:
            from report.vi import vi_date
            head: list[tuple[str, str]] = []
            labels = {"doc_type": ("Loại", "Type"), "number": ("Số", "Number"), "date": ("Ngày", "Date"),
                      "issuer": ("Cơ quan", "Issuer"), "subject": ("Trích yếu", "Subject")}
            for key, (vi, en) in labels.items():
                value = doc.get(key)
                if key == "date" and value:          # dd/mm/yyyy in both languages, as in every message
                    value = vi_date(value)
                head.append((vi if lang == "vi" else en, str(value or "—")))
            signer = doc.get("signer") or {}
            head.append(("Người ký" if lang == "vi" else "Signer",
                         " / ".join(x for x in (signer.get("authority"), signer.get("position"), signer.get("name")) if x)
                         or "—"))
            for label, value in head:           # label, then the value wrapped under itself
                console.print(escape(wrap(printable(value), " " * 12, console.width, first=f"{label:<11} ")),
                              soft_wrap=True)
        if r.get("tasks"):
            from report.tasks import task_table
            deadlines = r.get("deadlines") or []
            console.print(task_table([{**task, "deadlines": [deadlines[i] for i in task.get("deadlines", [])
                                                             if 0 <= i < len(deadlines)]}
                                      for task in r["tasks"]], lang))
        if r.get("references"):
            console.print(("Văn bản viện dẫn: " if lang == "vi" else "References: ")
                          + escape(printable(", ".join(x["number"] for x in r["references"]))))
        for f in r.get("findings", []):
            msg = f["message"] if lang == "vi" else f["message_en"]
            color = {"error": "red", "warning": "yellow"}.get(f["severity"], "cyan")
            console.print(f"[{color}]{LABELS[lang].get(f['severity'], f['severity'])}[/] [bold]{escape(f['code'])}[/]")
            console.print(escape(wrap(printable(msg), "    ", console.width)), soft_wrap=True)
        if not doc and not r.get("findings"):
            console.print(escape(printable(r.get("text", "")[:500])))
