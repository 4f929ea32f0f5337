"""Vietnamese output uses Vietnamese words (TEAM_BRIEF, issue 10): a task label is data and keeps
the gold convention ('appendix 1.1', CONVENTIONS §7), but every text a reader of Vietnamese sees
shows it through extract.model.section_display as 'Phụ lục 1.1'. English output may say
'appendix'. One case per output: the check messages in every format of `tthc check`, the task
table, and the register's table, CSV, XLSX, ICS calendar and HTML report."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from extract.model import section_display
from report.html import render_html
from report.ics import calendar_of
from report.tasks import task_table, write_tasks_csv, write_tasks_text, write_tasks_xlsx

# A quyết định whose attached plan is a task table (its rows are 'appendix III.1' …) and whose
# rows with a period and no body give DEADLINE.TASK_NO_ASSIGNEE naming them.
PLAN = Path(__file__).resolve().parent / "corpus" / "real" / "001c610b2efdcf0c.txt"


@pytest.mark.parametrize("label, lang, shown", [
    ("appendix 1.1", "vi", "Phụ lục 1.1"),
    ("appendix IV.1.3.b1", "vi", "Phụ lục IV.1.3.b1"),
    ("appendix Điều 4.1.a", "vi", "Phụ lục Điều 4.1.a"),
    ("appendix I'.1", "vi", "Phụ lục I'.1"),
    ("appendix 1.1", "en", "appendix 1.1"),
    ("II.1.b2", "vi", "II.1.b2"),
    ("Điều 3", "vi", "Điều 3"),
    ("", "vi", ""),
    (None, "vi", ""),
])
def test_section_display(label, lang, shown):
    assert section_display(label, lang) == shown


def _check(tthc_cli, fmt: str, lang: str = "vi") -> str:
    return tthc_cli("check", "--no-progress", "--format", fmt, "--lang", lang, PLAN).out


def _messages(fmt: str, out: str) -> list[str]:
    """What a reader of each format reads as the finding's text."""
    if fmt == "json":
        data = json.loads(out)
        records = data if isinstance(data, list) else data.get("results") or data.get("files") or [data]
        return [f["message"] for r in records for f in r.get("findings", [])]
    if fmt == "jsonl":
        return [f["message"] for line in out.splitlines() if line.strip()
                for f in json.loads(line).get("findings", [])]
    if fmt == "sarif":
        return [r["message"]["text"] for run in json.loads(out)["runs"] for r in run["results"]]
    if fmt == "junit":
        root = ET.fromstring(out)
        return [(e.get("message") or "") + " " + (e.text or "") for e in root.iter()
                if e.tag in ("failure", "error", "system-out")]
    return [out]


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "junit", "sarif"])
def test_check_output_in_vietnamese_says_phu_luc(tthc_cli, isolated_cwd, fmt):
    jsonl = _check(tthc_cli, "jsonl")
    record = json.loads(jsonl.splitlines()[0])
    assert any(t["section"].startswith("appendix ") for t in record["tasks"])          # the data keeps the label
    unassigned = [f for f in record["findings"] if f["code"] == "DEADLINE.TASK_NO_ASSIGNEE"]
    assert unassigned and "appendix" in unassigned[0]["message_en"]                    # English may say it
    messages = _messages(fmt, _check(tthc_cli, fmt))
    assert messages and any("Phụ lục" in m for m in messages)
    assert not [m for m in messages if "appendix" in m.lower()]


def test_check_text_in_english_keeps_appendix(tthc_cli, isolated_cwd):
    assert "appendix" in _check(tthc_cli, "text", "en")


@pytest.fixture
def isolated_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)          # no tthc.toml of the machine
    return tmp_path


def _item(**changes) -> dict:
    base = {"id": 3, "item_key": "1#1|sở tài chính|0.0", "doc_key": "ubnd|1/ubnd|2025-11-01", "status": "open",
            "overdue": False, "days_left": 5, "due_date": date(2025, 12, 1), "assignee": "Sở Tài chính",
            "coordinators": [], "task": "Hoàn thiện hạ tầng công nghệ thông tin", "section": "appendix III.1",
            "number": "2820/QĐ-UBND", "issued": date(2025, 11, 1), "document_id": 1, "doc_type": "Quyết định",
            "issuer_normalized": "UBND thành phố Hồ Chí Minh", "subject": "ban hành kế hoạch",
            "deadline_text": "trước ngày 01/12/2025", "basis": "ngày ghi trong văn bản", "note": None,
            "status_at": None, "recurrence": None, "occurrence": None}
    return {**base, **changes}


def _text_table(items):
    out = io.StringIO()
    write_tasks_text(items, out, as_of=date(2025, 11, 20), width=200)
    return out.getvalue()


def _csv(items):
    out = io.StringIO()
    write_tasks_csv(items, out)
    return "\n".join(";".join(r) for r in csv.reader(io.StringIO(out.getvalue(), newline="")))


def _xlsx(items, tmp_path):
    from openpyxl import load_workbook
    path = tmp_path / "viec.xlsx"
    write_tasks_xlsx(items, path, as_of=date(2025, 11, 20))
    wb = load_workbook(path)
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)


def _ics(items):
    ical = calendar_of(items, name="Việc cần theo dõi").to_ical().decode("utf-8")
    return ical.replace("\r\n ", "").replace("\\n", "\n").replace("\\,", ",")     # unfolded, unescaped


def _html(items):
    return render_html(items, [], as_of=date(2025, 11, 20))


def _task_table(items):
    from rich.console import Console
    out = io.StringIO()
    Console(file=out, width=200).print(task_table([{"section": i["section"], "text": i["task"],
                                                    "assignees": [i["assignee"]], "deadlines": []} for i in items]))
    return out.getvalue()


@pytest.mark.parametrize("writer", ["text", "csv", "xlsx", "ics", "html", "task_table"])
def test_register_outputs_say_phu_luc(writer, tmp_path):
    items = [_item(), _item(id=4, section="appendix Điều 6.6"), _item(id=5, section="II.2")]
    out = {"text": _text_table, "csv": _csv, "ics": _ics, "html": _html, "task_table": _task_table,
           "xlsx": lambda it: _xlsx(it, tmp_path)}[writer](items)
    assert "Phụ lục III.1" in out and "Phụ lục Điều 6.6" in out
    assert "appendix" not in out.lower()
