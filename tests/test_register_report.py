"""`tthc report --html` opened in a real browser (Debian's chromium, headless, over the DevTools
protocol: tests/kit/browser.py), on a phone's screen and a desktop's: the elements are there,
the filters work, nothing is loaded from the network, the console has no error, and the page
does not overflow a phone's width. Screenshots are kept next to the report."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from commands.pipeline import DirectiveSettings, read_directive
from extract.calendar import default_calendar
from register import Register, TaskQuery, entry_from
from report.html import render_html
from tests.kit.browser import Chromium, chromium_binary
from tests.kit.databases import database_fixture
from tests.kit.register_kit import DOC_A, DOC_B, RECEIVED_B, write_form

db_url = database_fixture()
AS_OF = date(2025, 12, 31)


@pytest.fixture(scope="module")
def browser():
    if not chromium_binary():
        pytest.fail("chromium is not installed: `make sysdeps` installs Debian's chromium for this test")
    with Chromium() as b:
        yield b


@pytest.fixture
def report(db_url, tmp_path):
    """The report of DOC_A and DOC_B as of 31/12/2025, with one item done."""
    import cli
    with Register.open(db_url) as reg:
        for spec, received in ((DOC_A, None), (DOC_B, RECEIVED_B)):
            result = read_directive(str(write_form(spec, tmp_path / "in", "txt")), DirectiveSettings())
            reg.add(entry_from(result, default_calendar(), received))
        done = reg.items(TaskQuery(assignee="Sở Nội vụ"))[0]["id"]
        reg.set_status(done, "done", "đã gửi báo cáo")
        rows = reg.items(TaskQuery(status="all", as_of=AS_OF))
    out = tmp_path / "bao-cao.html"
    assert cli.main(["report", "--html", str(out), "--db", db_url, "--as-of", "31/12/2025"]) == 0
    return out, rows


def _visible(page, selector: str) -> int:
    return page.evaluate(f"Array.from(document.querySelectorAll({selector!r}))"
                         ".filter(e => e.offsetParent !== null).length")


def _choose(page, select_id: str, value: str) -> None:
    page.evaluate(f"(() => {{ const s = document.getElementById({select_id!r}); s.value = {value!r}; "
                  f"s.dispatchEvent(new Event('change')); }})()")


def test_the_report_in_a_phone_browser(browser, report):
    path, rows = report
    page = browser.open(path, width=390, height=844, mobile=True, scale=2)
    shot = page.screenshot(path.with_suffix(".phone.png"))
    assert page.errors() == []
    assert [u for u in page.requests if not u.startswith("file://")] == []
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert shot.stat().st_size > 20_000
    from PIL import Image
    assert Image.open(shot).size[0] == 390 * 2

    assignees = sorted({r["assignee"] for r in rows})
    groups = page.evaluate("Array.from(document.querySelectorAll('details.group > summary'))"
                           ".map(s => s.childNodes[0].textContent.trim())")
    assert sorted(groups) == assignees
    overdue = [r for r in rows if r["overdue"]]
    first_group = page.evaluate("document.querySelector('details.group').dataset.assignee")
    first_name = groups[0]
    assert any(r["assignee"] == first_name for r in overdue), "the groups with overdue items come first"
    assert first_group
    assert _visible(page, "#by-assignee li.item") == len(rows)
    assert page.evaluate("document.querySelectorAll('ol.timeline > li.day').length") == \
        len({r["due_date"] for r in rows if r["due_date"]})
    assert page.evaluate("document.querySelectorAll('tr.doc').length") == 2
    assert page.evaluate("document.getElementById('as-of').textContent") == "31/12/2025"
    assert page.evaluate("Array.from(document.querySelectorAll('#totals b')).map(b => b.textContent)") == \
        [str(len(rows)), str(sum(r["status"] == "open" for r in rows)), str(len(overdue)),
         str(sum(r["status"] == "done" for r in rows))]
    assert "built-in" not in page.evaluate("document.body.innerText")

    # the filters run in the page
    _choose(page, "f-status", "overdue")
    assert _visible(page, "#by-assignee li.item") == len(overdue)
    assert page.evaluate("document.getElementById('shown').textContent") == \
        f"Đang hiện {len(overdue)} / {len(rows)} việc"
    _choose(page, "f-status", "done")
    assert _visible(page, "#by-assignee li.item") == 1
    _choose(page, "f-status", "")
    page.evaluate("(() => { const t = document.getElementById('f-text'); t.value = 'chung thuc'; "
                  "t.dispatchEvent(new Event('input')); })()")       # typed without accents
    assert _visible(page, "#by-assignee li.item") == sum("chứng thực" in r["task"] for r in rows) == 1
    assert page.errors() == []


def test_the_report_on_a_desktop(browser, report):
    path, rows = report
    page = browser.open(path, width=1280, height=900)
    page.screenshot(path.with_suffix(".desktop.png"))
    assert page.errors() == []
    assert _visible(page, "#by-assignee li.item") == len(rows)
    _choose(page, "f-directive", str(rows[0]["document_id"]))
    assert _visible(page, "#by-assignee li.item") == sum(r["document_id"] == rows[0]["document_id"] for r in rows)
    assert _visible(page, "tr.doc") == 1


def test_text_from_documents_is_never_markup(tmp_path, browser):
    """Task text is the document's text: shown as text, never run."""
    item = {"id": 1, "status": "open", "overdue": True, "days_left": -3, "due_date": date(2025, 12, 1),
            "assignee": "Sở <b>Tài</b> chính", "task": "<script>console.error('chạy')</script><img src=x onerror=alert(1)>",
            "section": "1", "number": "1/UBND", "issued": date(2025, 11, 1), "document_id": 1, "coordinators": [],
            "deadline_text": "trước ngày 1/12/2025", "basis": "", "note": None}
    out = tmp_path / "r.html"
    out.write_text(render_html([item], [{"id": 1, "number": "1/UBND", "items": 1}], as_of=date(2025, 12, 4)),
                   encoding="utf-8")
    page = browser.open(out, width=390, height=844, mobile=True)
    assert page.errors() == [] and page.requests == [out.resolve().as_uri()]
    assert "<script>" in page.evaluate("document.querySelector('li.item .text').textContent")


def test_the_report_is_stamped_in_vietnam_time_like_the_register(monkeypatch):
    """The register's history and 'Cập nhật lúc' are in Vietnam time (UTC+7); the report's 'lập lúc' too,
    whatever the server's own time zone (a UTC server printed 14:37 next to history at 21:37)."""
    from datetime import datetime as real_datetime, timezone
    import report.html as html

    class At(real_datetime):
        @classmethod
        def now(cls, tz=None):
            moment = real_datetime(2026, 12, 3, 14, 37, tzinfo=timezone.utc)
            return moment.astimezone(tz) if tz else moment.replace(tzinfo=None)
    monkeypatch.setattr(html, "datetime", At)
    context = html.build_context([], [], as_of=date(2026, 12, 3), title="t")
    assert context["generated"].startswith("03/12/2026 21:37")
