"""The task register on SQLite and on PostgreSQL (the same tests, parametrized on the engine):
idempotent adds, corrected versions, one transaction per document, the clerk's questions,
progress with history, schema versions, and the command line end to end on 20 directives in
every input form."""
from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from commands.pipeline import DirectiveSettings, read_directive
from extract.calendar import default_calendar
from register import Register, RegisterError, TaskQuery, entry_from
from register.schema import LATEST, schema_version
from tests.kit.databases import database_fixture
from tests.kit.register_kit import DOC_A, DOC_B, RECEIVED_B, Spec, office_batch, write_form


db_url = database_fixture()




def _entry(spec: Spec, folder: Path, received: date | None = None, stem: str | None = None):
    path = write_form(spec, folder, "txt", stem)
    result = read_directive(str(path), DirectiveSettings())
    return entry_from(result, default_calendar(), received)


@pytest.fixture
def loaded(db_url, tmp_path):
    reg = Register.open(db_url)
    reg.add(_entry(DOC_A, tmp_path))
    reg.add(_entry(DOC_B, tmp_path, RECEIVED_B))
    yield reg
    reg.close()


def _dues(rows) -> list[tuple[str, str]]:
    return sorted((r["assignee"], r["due_date"].isoformat()) for r in rows)


# --------------------------------------------------------------------------- adding

def test_adding_a_document_again_changes_nothing(db_url, tmp_path):
    with Register.open(db_url) as reg:
        first = reg.add(_entry(DOC_A, tmp_path))
        again = reg.add(_entry(DOC_A, tmp_path / "copy"))           # the same bytes from another folder
        assert (first.action, again.action) == ("added", "unchanged")
        assert again.document_id == first.document_id
        assert len(reg.items(TaskQuery())) == first.items == 3
        assert len(reg.documents()) == 1


def test_a_corrected_version_replaces_the_earlier_one_and_keeps_progress(db_url, tmp_path):
    with Register.open(db_url) as reg:
        reg.add(_entry(DOC_A, tmp_path))
        done_id = next(r["id"] for r in reg.items() if r["assignee"] == "Sở Tài chính")
        reg.set_status(done_id, "done", "đã bố trí")
        fixed = Spec(number=DOC_A.number, day=DOC_A.day, subject=DOC_A.subject, items=(
            DOC_A.items[0], DOC_A.items[1],
            "Sở Nội vụ tổng hợp kết quả đánh giá chỉ số cải cách hành chính, hoàn thành trước ngày 20/01/2026.",
            "Sở Tư pháp rà soát các quy định về chứng thực điện tử, hoàn thành trước ngày 31/12/2025."))
        outcome = reg.add(_entry(fixed, tmp_path, stem="101-sua"))
        assert (outcome.action, outcome.revision) == ("replaced", 2)
        assert (outcome.kept, outcome.new, outcome.removed) == (3, 1, 0)
        rows = reg.items(TaskQuery(status="all"))
        assert _dues(rows) == [("Sở Nội vụ", "2026-01-20"), ("Sở Thông tin và Truyền thông", "2025-12-08"),
                               ("Sở Tài chính", "2025-12-05"), ("Sở Tư pháp", "2025-12-31")]
        kept = next(r for r in rows if r["id"] == done_id)
        assert (kept["status"], kept["note"]) == ("done", "đã bố trí")
        actions = [h["action"] for h in reg.history(document_id=kept["document_id"])]
        assert actions == ["added", "done", "replaced"]
        assert len(reg.documents()) == 1


def test_each_document_is_its_own_transaction(db_url, tmp_path, monkeypatch):
    """A failure while storing the second document (after some of its rows were written) leaves
    the first whole and nothing of the second."""
    import register.store as store
    a, b = _entry(DOC_A, tmp_path), _entry(DOC_B, tmp_path, RECEIVED_B)
    with Register.open(db_url) as reg:
        reg.add(a)
        real = store.Register._write_tasks

        def write_then_fail(self, conn, *args):
            real(self, conn, *args)
            raise OSError("disk full")
        monkeypatch.setattr(store.Register, "_write_tasks", write_then_fail)
        with pytest.raises(OSError):
            reg.add(b)
        monkeypatch.setattr(store.Register, "_write_tasks", real)
        assert [d["number"] for d in reg.documents()] == ["101/UBND-KSTT"]
        assert {r["number"] for r in reg.items(TaskQuery(status="all"))} == {"101/UBND-KSTT"}
        assert reg.add(b).action == "added"


def test_tasks_store_assignees_coordinators_and_references(loaded):
    rows = loaded.items(TaskQuery(directive="102/UBND-KSTT", status="all"))
    finance = next(r for r in rows if r["assignee"] == "Sở Tài chính")
    assert finance["coordinators"] == ["Sở Nội vụ"]
    assert finance["issued"] == date(2025, 11, 10) and finance["section"] == "1"
    assert "rà soát thủ tục hành chính về ngân sách" in finance["task"]


# --------------------------------------------------------------------------- questions

@pytest.mark.parametrize("asked", ["1520/QĐ-UBND", "1520/qđ-ubnd", "1520/QD-UBND", "1520 / QĐ-UBND", "1520"])
def test_a_directive_is_found_by_its_number_however_the_clerk_types_the_d(db_url, tmp_path, asked):
    """SQL lower() folds ASCII only: "QĐ" must still match "qđ", and "QD" typed without the stroke."""
    numbered = Spec(number="1520/QĐ-UBND", day=date(2025, 12, 1), subject="triển khai số hóa hồ sơ", items=DOC_A.items)
    with Register.open(db_url) as reg:
        reg.add(_entry(numbered, tmp_path))
        reg.add(_entry(DOC_B, tmp_path, RECEIVED_B))
        rows = reg.items(TaskQuery(directive=asked, status="all"))
        assert {r["number"] for r in rows} == {"1520/QĐ-UBND"} and len(rows) == 3


@pytest.mark.parametrize("asked", ["Sở TT&TT", "STTTT", "sở thông tin và truyền thông", "Sở Thông tin và Truyền thông",
                                   "Thông tin và Truyền thông"])
def test_assignee_is_matched_on_canonical_names(loaded, asked):
    rows = loaded.items(TaskQuery(assignee=asked, status="all"))
    assert [(r["assignee"], r["due_date"]) for r in rows] == [("Sở Thông tin và Truyền thông", date(2025, 12, 8))]


@pytest.mark.parametrize("query, expected", [
    # what is due for Sở Tài chính in the next 7 days (as of Monday 01/12/2025)
    (TaskQuery(assignee="Sở Tài chính", due_from=date(2025, 12, 1), due_to=date(2025, 12, 8), status="open",
               as_of=date(2025, 12, 1)), [("Sở Tài chính", "2025-12-05")]),
    # what is overdue as of 31/12/2025: the quarterly report due that very day is not
    (TaskQuery(status="overdue", as_of=date(2025, 12, 31)),
     [("Sở TT&TT*", "2025-12-08"), ("Sở Tài chính", "2025-11-28"), ("Sở Tài chính", "2025-12-05"),
      ("Sở Tư pháp", "2025-11-24")]),
    (TaskQuery(status="overdue", as_of=date(2025, 12, 1)),
     [("Sở Tài chính", "2025-11-28"), ("Sở Tư pháp", "2025-11-24")]),
    (TaskQuery(due_to=date(2025, 12, 31), status="open", as_of=date(2025, 12, 1)),
     [("Sở TT&TT*", "2025-12-08"), ("Sở Tài chính", "2025-11-28"), ("Sở Tài chính", "2025-12-05"),
      ("Sở Tư pháp", "2025-11-24"), ("Văn phòng Ủy ban nhân dân tỉnh", "2025-12-31")]),
    (TaskQuery(directive="102/UBND-KSTT", status="all"),
     [("Sở Tài chính", "2025-11-28"), ("Sở Tư pháp", "2025-11-24"), ("Văn phòng Ủy ban nhân dân tỉnh", "2025-12-31"),
      ("Văn phòng Ủy ban nhân dân tỉnh", "2026-03-31"), ("Văn phòng Ủy ban nhân dân tỉnh", "2026-06-30"),
      ("Văn phòng Ủy ban nhân dân tỉnh", "2026-09-30")]),
    (TaskQuery(directive="102", status="all", assignee="Sở Tư pháp"), [("Sở Tư pháp", "2025-11-24")]),
    (TaskQuery(status="done"), []),
])
def test_the_clerks_questions(loaded, query, expected):
    expected = [("Sở Thông tin và Truyền thông" if a == "Sở TT&TT*" else a, d) for a, d in expected]
    assert _dues(loaded.items(query)) == sorted(expected)


def test_relative_deadlines_say_their_anchor(loaded):
    rows = {r["assignee"]: r for r in loaded.items(TaskQuery(status="all")) if r["occurrence"] in (None, 1)}
    assert (rows["Sở Thông tin và Truyền thông"]["anchor"], rows["Sở Thông tin và Truyền thông"]["anchor_date"]) == \
        ("issued", date(2025, 12, 1))
    assert (rows["Sở Tư pháp"]["anchor"], rows["Sở Tư pháp"]["anchor_date"]) == ("received", RECEIVED_B)
    assert "12/11/2025" in rows["Sở Tư pháp"]["basis"]
    assert rows["Sở Tài chính"]["anchor"] == "stated"


# --------------------------------------------------------------------------- progress

def test_done_and_reopen_keep_a_history(loaded):
    item = loaded.items(TaskQuery(assignee="Sở Tư pháp"))[0]
    changed, row = loaded.set_status(item["id"], "done", "đã nhận báo cáo")
    assert changed and row["status"] == "done" and row["note"] == "đã nhận báo cáo"
    assert loaded.items(TaskQuery(status="overdue", as_of=date(2025, 12, 31), assignee="Sở Tư pháp")) == []
    changed, _ = loaded.set_status(item["id"], "done")
    assert not changed
    changed, row = loaded.set_status(item["id"], "open", "báo cáo thiếu số liệu")
    assert changed and row["status"] == "open"
    steps = [(h["action"], h["note"]) for h in loaded.history(item_id=item["id"])]
    assert steps == [("done", "đã nhận báo cáo"), ("reopened", "báo cáo thiếu số liệu")]
    assert all(h["at"] is not None for h in loaded.history(item_id=item["id"]))
    with pytest.raises(RegisterError):
        loaded.set_status(999999, "done")


# --------------------------------------------------------------------------- schema versions

def test_the_schema_is_versioned_and_a_newer_one_is_refused(db_url):
    with Register.open(db_url) as reg:
        assert reg.applied == list(range(1, LATEST + 1)) and reg.schema_version() == LATEST
    with Register.open(db_url) as reg:
        assert reg.applied == []
        with reg.engine.begin() as conn:
            conn.execute(schema_version.insert().values(version=LATEST + 1, description="future",
                                                        applied_at=date(2030, 1, 1)))
    with pytest.raises(RegisterError, match="newer than this tthc"):
        Register.open(db_url)


COMMUNES = Spec(number="103/UBND-KSTT", day=date(2025, 12, 1), subject="số hóa hồ sơ cấp xã", items=(
    "UBND cấp xã rà soát hồ sơ tồn đọng, hoàn thành trước ngày 15/12/2025.",
    "Ủy ban nhân dân cấp xã báo cáo kết quả số hóa trước ngày 31/12/2025.",
    "VP UBND tỉnh tổng hợp, báo cáo trước ngày 10/01/2026.",
))


@pytest.mark.parametrize("asked", ["UBND cấp xã", "Ủy ban nhân dân cấp xã", "UBND CẤP XÃ"])
def test_abbreviated_and_written_out_names_are_one_body(db_url, tmp_path, asked):
    with Register.open(db_url) as reg:
        reg.add(_entry(COMMUNES, tmp_path))
        rows = reg.items(TaskQuery(assignee=asked, status="all"))
        assert _dues(rows) == [("UBND cấp xã", "2025-12-15"), ("Ủy ban nhân dân cấp xã", "2025-12-31")]


def test_a_version_1_register_gets_its_body_keys_rewritten_and_keeps_progress(db_url, tmp_path, monkeypatch):
    """A register written before abbreviations were expanded (schema 1, keys folded only) is brought to
    the latest schema when opened: the clerk's question finds both spellings, and a corrected version of
    the document still maps onto the stored items (the done item stays done, nothing duplicated)."""
    import register.entry as entry_module
    import register.schema as schema_module
    import register.store as store_module
    from extract.normalize import fold

    def old_key(name):
        return " ".join(fold(entry_module.body_name(name)).split())
    with monkeypatch.context() as old:
        old.setattr(schema_module, "MIGRATIONS", schema_module.MIGRATIONS[:1])
        old.setattr(schema_module, "LATEST", 1)
        old.setattr(store_module, "LATEST", 1, raising=False)
        old.setattr(entry_module, "body_key", old_key)
        old.setattr(store_module, "body_key", old_key)
        with Register.open(db_url) as reg:
            reg.add(_entry(COMMUNES, tmp_path))
            first = next(r for r in reg.items(TaskQuery(status="all")) if r["assignee"] == "UBND cấp xã")
            reg.set_status(first["id"], "done", "xong")
            assert reg.schema_version() == 1
            stored = len(reg.items(TaskQuery(status="all")))
    with Register.open(db_url) as reg:
        assert reg.applied == list(range(2, LATEST + 1))
        rows = reg.items(TaskQuery(assignee="Ủy ban nhân dân cấp xã", status="all"))
        assert len(rows) == 2
        fixed = Spec(number=COMMUNES.number, day=COMMUNES.day, subject=COMMUNES.subject,
                     items=COMMUNES.items + ("Sở Nội vụ hướng dẫn nghiệp vụ trước ngày 20/12/2025.",))
        outcome = reg.add(_entry(fixed, tmp_path, stem="103-sua"))
        assert (outcome.action, outcome.kept, outcome.new, outcome.removed) == ("replaced", stored, 1, 0)
        kept = next(r for r in reg.items(TaskQuery(status="all")) if r["id"] == first["id"])
        assert (kept["status"], kept["note"]) == ("done", "xong")


# --------------------------------------------------------------------------- the command line

def _cli(*argv) -> tuple[int, str, str]:
    import contextlib
    import io

    import cli
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def twenty_directives(tmp_path_factory):
    """20 directives: 17 text, 1 text PDF, 1 DOCX, 1 scan."""
    return office_batch(tmp_path_factory.mktemp("van-ban"), 20, forms={"pdf": 1, "docx": 1, "scan": 1})


def test_a_clerk_adds_twenty_directives_asks_marks_and_exports(db_url, tmp_path, twenty_directives):
    from icalendar import Calendar

    folder = twenty_directives[0].parent
    code, out, err = _cli("register", "add", folder, "--db", db_url, "--received", "22/12/2025")
    assert code == 0, out + err
    assert out.count("đã thêm / added") == 20
    assert re.search(r"sổ có (\d+) việc / the register holds \1 items", out), out   # count in both halves
    with Register.open(db_url) as reg:
        every = reg.items(TaskQuery(status="all"))
        forms = {Path(r["source"]).suffix for r in every}
    assert forms == {".txt", ".pdf", ".docx"} and len({r["document_id"] for r in every}) == 20

    code, out, _ = _cli("register", "add", folder, "--db", db_url)
    assert code == 0 and out.count("không đổi / unchanged") == 20
    with Register.open(db_url) as reg:
        assert len(reg.items(TaskQuery(status="all"))) == len(every)

    # what is due for Sở Tài chính in the next 7 days (asked three days before its first December deadline)
    as_of = min(r["due_date"] for r in every if r["assignee"] == "Sở Tài chính" and r["due_date"]
                and r["due_date"] >= date(2025, 12, 1)) - timedelta(days=3)
    expected = sorted(r["id"] for r in every if r["assignee"] == "Sở Tài chính" and r["due_date"]
                      and as_of <= r["due_date"] <= as_of + timedelta(days=7))
    code, out, _ = _cli("tasks", "--db", db_url, "--assignee", "Sở Tài chính", "--due-within", "7d",
                        "--as-of", as_of.strftime("%d/%m/%Y"), "--format", "json")
    assert code == 0
    got = json.loads(out)
    assert sorted(i["id"] for i in got["items"]) == expected and expected
    code, text, _ = _cli("tasks", "--db", db_url, "--assignee", "Sở Tài chính", "--due-within", "7d",
                         "--as-of", as_of.strftime("%d/%m/%Y"))
    assert "Sở Tài chính" in text and "Hạn" in text and f"{len(expected)} việc" in text

    # what is overdue as of 31/12/2025
    overdue = sorted(r["id"] for r in every if r["due_date"] and r["due_date"] < date(2025, 12, 31))
    code, out, _ = _cli("tasks", "--db", db_url, "--overdue", "--as-of", "31/12/2025", "--format", "json")
    assert sorted(i["id"] for i in json.loads(out)["items"]) == overdue and overdue

    # mark tasks done: they leave the overdue list and the history says when
    code, out, _ = _cli("tasks", "done", *overdue[:2], "--note", "đã có báo cáo", "--db", db_url)
    assert code == 0 and out.count("đã đánh dấu xong") == 2
    tasks_by_id = {r["id"]: " ".join(r["task"].split()) for r in every}
    for item_id, line in zip(overdue[:2], out.splitlines()):
        shown = line.split(": ", 2)[2].rsplit(" (", 1)[0]          # "<id>: <what> — <assignee>: <task> (<number>); …"
        whole = tasks_by_id[item_id]
        assert shown == whole or (shown.endswith("…") and whole.startswith(shown[:-1])
                                  and whole[len(shown) - 1] in " ,;:."), (shown, whole)   # never cut mid-word
    code, out, _ = _cli("tasks", "--db", db_url, "--overdue", "--as-of", "31/12/2025", "--format", "json")
    assert sorted(i["id"] for i in json.loads(out)["items"]) == overdue[2:]
    code, out, _ = _cli("tasks", "history", overdue[0], "--db", db_url)
    assert "đánh dấu xong — đã có báo cáo" in out
    code, out, _ = _cli("tasks", "reopen", overdue[1], "--db", db_url)
    assert code == 0 and "đã mở lại" in out

    # an ICS file a calendar parser accepts, and one per assignee
    ics = tmp_path / "han.ics"
    code, _, err = _cli("tasks", "--db", db_url, "--status", "all", "--format", "ics", "-o", ics)
    assert code == 0, err
    cal = Calendar.from_ical(ics.read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == sum(1 for r in every if r["due_date"])
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert all(e.walk("VALARM") or str(e["STATUS"]) == "CANCELLED" for e in events)
    code, out, _ = _cli("tasks", "--db", db_url, "--status", "all", "--format", "ics", "--per-assignee",
                        "-o", tmp_path / "theo-don-vi")
    files = sorted((tmp_path / "theo-don-vi").glob("*.ics"))
    assert code == 0 and "so-tai-chinh.ics" in [f.name for f in files]
    per = Calendar.from_ical((tmp_path / "theo-don-vi" / "so-tai-chinh.ics").read_bytes())
    assert {str(e["CATEGORIES"].cats[0]) for e in per.walk("VEVENT")} == {"Sở Tài chính"}

    # the HTML report
    html = tmp_path / "bao-cao.html"
    code, _, err = _cli("report", "--html", html, "--db", db_url, "--as-of", "31/12/2025")
    assert code == 0, err
    page = html.read_text(encoding="utf-8")
    assert "Sở Tài chính" in page and "quá hạn" in page and "http" not in page.split("<body>")[1]


def test_an_interrupted_add_keeps_what_was_stored(db_url, tmp_path, monkeypatch):
    import commands.register as command
    folder = tmp_path / "lo"
    paths = [write_form(s, folder, "txt") for s in (DOC_A, DOC_B,
                                                    Spec(number="103/UBND-KSTT", day=date(2025, 12, 2),
                                                         subject="x", items=DOC_A.items[:1]))]
    real, calls = command._store, []

    def stop_at_third(*args):
        calls.append(args)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args)
    monkeypatch.setattr(command, "_store", stop_at_third)
    code, _, err = _cli("register", "add", *paths, "--db", db_url)
    assert code == 130 and "2 văn bản đã lưu" in err
    with Register.open(db_url) as reg:
        assert sorted(d["number"] for d in reg.documents()) == ["101/UBND-KSTT", "102/UBND-KSTT"]
    # run again: the stored files are not read again, the third is added
    monkeypatch.setattr(command, "_store", real)
    code, out, _ = _cli("register", "add", *paths, "--db", db_url)
    assert code == 0 and out.count("không đọc lại") == 2 and out.count("đã thêm / added") == 1
    # a receipt date given now is a reason to read a stored file again
    code, out, _ = _cli("register", "add", paths[1], "--db", db_url, "--received", "12/11/2025")
    assert code == 0 and "đã thay thế / replaced" in out
    with Register.open(db_url) as reg:
        (row,) = reg.items(TaskQuery(assignee="Sở Tư pháp", status="all"))
        assert (row["due_date"], row["anchor"]) == (date(2025, 11, 24), "received")


@pytest.mark.parametrize("argv, message", [
    (["tasks", "--db", "{missing}"], "chưa có sổ theo dõi"),
    (["tasks", "done", "5", "--db", "{missing}"], "chưa có sổ theo dõi"),
    (["tasks", "--db", "postgresql://nobody:secret@127.0.0.1:1/none"], "cannot open the register"),
    (["tasks", "--db", "{db}", "--format", "xlsx"], "needs -o FILE"),
    (["tasks", "--db", "{db}", "--overdue", "--status", "done"], "--overdue contradicts"),
])
def test_usage_errors_exit_2_with_a_message(tmp_path, argv, message):
    db = tmp_path / "so.db"
    Register.open(str(db)).close()
    argv = [a.format(missing=tmp_path / "khong-co.db", db=db) for a in argv]
    code, out, err = _cli(*argv)
    assert code == 2 and message in err and "secret" not in err


@pytest.mark.parametrize("toml, given, expected", [
    (None, None, "tthc.db"),
    ('db = "so/theo-doi.db"\n', None, "{here}/so/theo-doi.db"),                 # relative to the config file
    ('db = "postgresql://van-phong@db/tthc"\n', None, "postgresql://van-phong@db/tthc"),
    ('db = "so/theo-doi.db"\n', "khac.db", "khac.db"),                           # the command line wins
])
def test_the_database_comes_from_tthc_toml_or_the_command_line(tmp_path, monkeypatch, toml, given, expected):
    from commands.settings import RegisterSettings, resolve
    if toml:
        (tmp_path / "tthc.toml").write_text(toml, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    settings = resolve(RegisterSettings, {"db": given})
    assert settings.db == expected.format(here=tmp_path.resolve())


@pytest.mark.parametrize("count, english", [(0, "0 items"), (1, "1 item"), (2, "2 items"), (123, "123 items")])
def test_item_counts_read_as_english_counts(count, english):
    from report.tasks import items_en
    assert items_en(count) == english

