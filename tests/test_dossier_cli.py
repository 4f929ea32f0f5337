"""`tthc validate`: output formats, exit codes, streaming and --resume, the summary, the
parallel batch, and personal data masked in every format. In-process (cli.main)."""
import json
import os
from pathlib import Path

import pytest

import tthc
from commands import dossiers
from commands.executors import ProcessExecutor
from tests.kit import dossier_kit as kit

ROOT = Path(__file__).resolve().parents[1]
FORM = kit.text_pdf("TỜ KHAI", ["Dòng một", "Dòng hai"])
SCAN = kit.scan_pdf([(kit.scan_image("GIẤY CHỨNG SINH", ["Dòng một"], dpi=200), 200)])
ID, PHONE = "001299887766", "0987654321"


def make(folder: Path, number: int, fault: str | None = None, unit: str = "Phường A") -> Path:
    m = kit.base_manifest("1.001193", number, status="4", unit=unit)
    m["SoGiayToChuHoSo"] = ID
    m["SoDienThoai"] = PHONE
    m["DinhDanhCHS"][0]["SoDinhDanh"] = ID
    files = {"tp/to-khai.pdf": FORM, "tp/chung-sinh.pdf": SCAN}
    m["TaiLieuNop"] += [kit.component("Tờ khai đăng ký khai sinh theo mẫu", "tp/to-khai.pdf", "1.001193.TP01", FORM),
                        kit.component("Giấy chứng sinh", "tp/chung-sinh.pdf", "1.001193.TP02", SCAN)]
    if fault == "personal":                 # the applicant's ID in a file name, the phone in a schema error
        files[f"cccd-{ID}.jpg"] = kit.jpeg_bytes(kit.scan_image("CCCD", []), 200)
        m["SoDienThoai"] = int(PHONE)
    elif fault == "info":
        m["TaiLieuNop"][1].pop("MaThanhPhanHoSo")
    elif fault == "error":
        del files["tp/chung-sinh.pdf"]
    return kit.write_folder(folder / f"hs-{number:02d}", m, files)


# The kit's dossiers are received on 15/3/2024 and still in process: judged on that day they
# are within their time (tests/test_timeline.py covers the timeline).
AS_OF = "2024-03-15"


@pytest.fixture
def run(tthc_cli):
    """`tthc validate ... --no-progress --as-of AS_OF`."""
    return lambda *args: tthc_cli("validate", *args, "--no-progress", "--as-of", AS_OF)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    make(root, 1)
    make(root, 2, "personal", unit="Phường B")
    make(root, 3, "info")
    make(root, 4, "error", unit="Phường B")
    return root


def test_formats_exit_codes_and_summary(batch, tmp_path, run):
    r = run(batch, "--format", "json", "-o", tmp_path / "out.json")
    assert r.code == 1, r.err
    results = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [Path(x["source"]).name for x in results] == ["hs-01", "hs-02", "hs-03", "hs-04"]
    assert not (tmp_path / "out.json.partial.jsonl").exists()
    by = {Path(x["source"]).name: sorted(f["code"] for f in x["findings"]) for x in results}
    assert by == {"hs-01": [], "hs-02": ["DOSSIER.ORPHAN_FILE", "DOSSIER.SCHEMA"], "hs-03": ["COMPONENT.NO_CODE"],
                  "hs-04": ["DOSSIER.FILE_MISSING"]}
    first = results[0]
    assert first["kind"] == "dossier" and first["MaTTHC"].startswith("1.001193") and first["DonViXuLy"] == "Phường A"
    assert first["procedure"] == {"code": "1.001193", "name": "Thủ tục đăng ký khai sinh"}
    assert "Tổng cộng: 4 hồ sơ, 2 có lỗi" in r.err
    assert "Theo đơn vị xử lý" in r.err and "Phường B" in r.err and "Theo thủ tục" in r.err
    assert run(batch / "hs-01").code == 0
    assert run(batch / "hs-03").code == 0
    assert run(batch / "hs-03", "--fail-on", "info").code == 1
    assert run(batch / "hs-04", "--fail-on", "never").code == 0
    r = run(batch / "hs-04", "--disable", "DOSSIER.FILES")
    assert r.code == 0 and json.loads(r.out)["findings"] == []


def test_jsonl_streams_one_line_per_dossier_to_stdout(batch, run):
    r = run(batch, "--no-summary")
    lines = [json.loads(line) for line in r.out.splitlines()]
    assert sorted(Path(x["source"]).name for x in lines) == ["hs-01", "hs-02", "hs-03", "hs-04"]
    assert r.err == ""


def test_xlsx_has_vietnamese_headers_with_english_summary_and_findings(batch, tmp_path, run):
    """The workbook is sent upward: Vietnamese headers and sheet names with the English beside them;
    the summary counts dossiers by their worst finding (errors, warnings only), as the text does."""
    from openpyxl import load_workbook
    r = run(batch, "--format", "xlsx", "-o", tmp_path / "out.xlsx")
    assert r.code == 1, r.err
    wb = load_workbook(tmp_path / "out.xlsx", read_only=True)
    assert wb.sheetnames == ["Tổng hợp - Summary", "Theo mã phát hiện - By code", "Hồ sơ - Dossiers",
                             "Phát hiện - Findings"]
    rows = list(wb["Phát hiện - Findings"].values)
    assert rows[0][:5] == ("Mức độ / Severity", "Mã phát hiện / Code", "Tên phát hiện / Title", "Nội dung / Message",
                           "Mã hồ sơ / Dossier code")
    assert sorted(row[1] for row in rows[1:]) == ["COMPONENT.NO_CODE", "DOSSIER.FILE_MISSING", "DOSSIER.ORPHAN_FILE", "DOSSIER.SCHEMA"]
    assert {row[0] for row in rows[1:]} <= {"Lỗi", "Cảnh báo", "Thông tin"}
    summary = list(wb["Tổng hợp - Summary"].values)
    assert summary[0][3:6] == ("Số hồ sơ / Dossiers", "Có lỗi / With errors", "Chỉ có cảnh báo / Warnings only")
    # 4 dossiers, 2 with errors (one of them also has the batch's one warning), none with warnings only
    assert summary[1][0] == "Tổng cộng" and summary[1][3:6] == (4, 2, 0)
    for sheet in wb:
        head = next(sheet.values)
        assert all(" / " in h for h in head), (sheet.title, head)
    assert len(list(wb["Hồ sơ - Dossiers"].values)) == 5
    assert run(batch, "--format", "xlsx").code == 2


def test_xlsx_can_be_sent_as_it_is(batch, tmp_path, run):
    """Widths, a frozen header and a filter on every sheet; errors first; titles next to codes;
    the on-time class and due date of every dossier; a summary ranked by severity, then count."""
    from openpyxl import load_workbook
    from schemas import rule
    run(batch, "--format", "xlsx", "-o", tmp_path / "out.xlsx")
    wb = load_workbook(tmp_path / "out.xlsx")
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}", ws.title
        widths = [ws.column_dimensions[ws.cell(1, c).column_letter].width for c in range(1, ws.max_column + 1)]
        assert all(w and 6 <= w <= 60 for w in widths), (ws.title, widths)
        assert all(ws.cell(1, c).font.bold for c in range(1, ws.max_column + 1))
    levels = [row[0] for row in wb["Phát hiện - Findings"].iter_rows(min_row=2, values_only=True)]
    order = {"Lỗi": 0, "Cảnh báo": 1, "Thông tin": 2}
    assert levels == sorted(levels, key=order.get) and levels[0] == "Lỗi"
    for row in wb["Phát hiện - Findings"].iter_rows(min_row=2, values_only=True):
        assert row[2] == rule(row[1])["title"]                          # the title next to the code
    head = [c.value.split(" / ")[0] for c in wb["Hồ sơ - Dossiers"][1]]       # the Vietnamese half
    for name in ("Trạng thái (mã)", "Trạng thái", "Tiến độ", "Hạn xử lý đúng", "Ngày hẹn trả ghi trên hồ sơ"):
        assert name in head
    dossiers = [dict(zip(head, row)) for row in wb["Hồ sơ - Dossiers"].iter_rows(min_row=2, values_only=True)]
    assert [d["Số lỗi"] for d in dossiers] == sorted((d["Số lỗi"] for d in dossiers), reverse=True)
    timed = [d for d in dossiers if d["Tiến độ"]]
    assert timed and all(hasattr(d["Hạn xử lý đúng"], "year") for d in timed)       # real dates
    due_cell = next(c for c in wb["Hồ sơ - Dossiers"][2] if hasattr(c.value, "year"))
    assert due_cell.number_format == "dd/mm/yyyy hh:mm"
    from schemas import codes as code_table
    assert {(d["Trạng thái (mã)"], d["Trạng thái"]) for d in dossiers} == {("4", code_table("TrangThaiHoSo")["4"]["name"])}
    codes = [row for row in wb["Theo mã phát hiện - By code"].iter_rows(min_row=2, values_only=True)]
    ranks = [(order[row[0]], -row[3]) for row in codes]
    assert ranks == sorted(ranks)                                        # severity, then count


def test_personal_data_never_printed_in_any_format(batch, tmp_path, run):
    from openpyxl import load_workbook
    outputs = []
    for fmt, name in (("json", "o.json"), ("jsonl", "o.jsonl"), ("xlsx", "o.xlsx")):
        r = run(batch / "hs-02", "--format", fmt, "-o", tmp_path / name)
        outputs.append(r.out + r.err)
        if fmt == "xlsx":
            wb = load_workbook(tmp_path / name, read_only=True)
            outputs.append(" ".join(str(c) for ws in wb for row in ws.values for c in row if c is not None))
        else:
            outputs.append((tmp_path / name).read_text(encoding="utf-8"))
    outputs.append(run(batch / "hs-02", "--lang", "en").out)
    text = "\n".join(outputs)
    assert ID not in text and PHONE not in text and PHONE.lstrip("0") not in text
    assert f"cccd-{'*' * 9}766.jpg" in text                          # still recognisable, not identifying
    for fmt in dossiers.EXTERNAL_WRITERS:                                  # the other formats get masked results too
        r = run(batch / "hs-02", "--format", fmt, "-o", tmp_path / f"o.{fmt}")
        if r.code != 2:
            assert ID not in (tmp_path / f"o.{fmt}").read_text(encoding="utf-8")


def test_external_formats_run_or_name_their_missing_writer(batch, tmp_path, run):
    import importlib
    for fmt, (module, name) in dossiers.EXTERNAL_WRITERS.items():
        r = run(batch / "hs-01", "--format", fmt, "-o", tmp_path / f"o.{fmt}")
        try:
            available = hasattr(importlib.import_module(module), name)
        except ImportError:
            available = False
        if available:
            assert r.code == 0, r.err
        else:
            assert r.code == 2 and f"{module}.{name}" in r.err


def test_resume_skips_done_dossiers_and_repairs_a_cut_line(batch, tmp_path, run):
    out = tmp_path / "journal.jsonl"
    from datetime import date
    done = tthc.validate(batch / "hs-01", as_of=date.fromisoformat(AS_OF))[0].to_dict()
    done["marker"] = "from the first run"
    with out.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps(done, ensure_ascii=False) + "\n")
        fh.write('{"source": "' + str(batch / "hs-02") + '", "kind": "doss')      # cut by a crash
    r = run(batch, "-o", out, "--resume")
    assert r.code == 1, r.err
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    names = [Path(x["source"]).name for x in records]
    assert sorted(names) == ["hs-01", "hs-02", "hs-03", "hs-04"] and names[0] == "hs-01"
    assert records[0]["marker"] == "from the first run"
    assert "Tổng cộng: 4 hồ sơ" in r.err                          # the summary counts resumed records too
    # another format: the journal is OUT.partial.jsonl until the final file is written
    partial = tmp_path / "final.json.partial.jsonl"
    partial.write_text(json.dumps(done, ensure_ascii=False) + "\n", encoding="utf-8")
    r = run(batch, "--format", "json", "-o", tmp_path / "final.json", "--resume")
    final = json.loads((tmp_path / "final.json").read_text(encoding="utf-8"))
    assert len(final) == 4 and final[0]["marker"] == "from the first run" and not partial.exists()
    assert run(batch, "--resume").code == 2                      # --resume needs -o


def test_two_workers_give_the_same_results(batch, tmp_path, run):
    run(batch, "-o", tmp_path / "w1.jsonl")
    run(batch, "-o", tmp_path / "w2.jsonl", "--workers", "2")

    def load(p):
        return {Path(r["source"]).name: sorted(f["code"] for f in r["findings"])
                for r in map(json.loads, p.read_text(encoding="utf-8").splitlines())}
    assert load(tmp_path / "w1.jsonl") == load(tmp_path / "w2.jsonl")


def _crash_on_b(item: str, settings: dict) -> dict:
    if item == "b":
        os._exit(3)                         # a native crash: the worker process dies
    return {"source": item, "findings": []}


def _failed(item: str, code: str, params: dict) -> dict:
    return {"source": item, "findings": [{"code": code}]}


def test_a_dying_worker_costs_only_its_own_item():
    items = ["a", "b", "c", "d", "e", "f"]
    with ProcessExecutor(2) as executor:
        results = [r for _, r in executor.map(_crash_on_b, items, {}, failed=_failed, chunk=3)]
    by = {r["source"]: r for r in results}
    assert sorted(by) == items
    assert [f["code"] for f in by["b"]["findings"]] == ["INTERNAL.ERROR"]
    assert all(by[i]["findings"] == [] for i in items if i != "b")


def test_usage_errors(tmp_path, run, tthc_cli):
    r = run(tmp_path / "empty-folder-that-does-not-exist", "--fail-on", "never")
    assert r.code == 2 and "empty-folder-that-does-not-exist" in r.err and r.out == ""
    (tmp_path / "empty").mkdir()
    r = run(tmp_path / "empty")
    assert r.code == 2 and "no input in" in r.err
    r = tthc_cli("validate", "--help")
    assert r.code == 0 and "--resume" in r.out and "Validates digitized dossier packages" in r.out


SAMPLES = ROOT / "samples" / "dossiers"
PKI = ROOT / "samples" / "pki"
TRUST = ["--trust-roots", PKI, "--crl", PKI / "test-intermediate.TEST-ONLY.crl"]


def codes_of(r) -> list[str]:
    return sorted(f["code"] for line in r.out.splitlines() for f in json.loads(line)["findings"])


@pytest.fixture
def validate(tthc_cli):
    """The CLI without the fixed --as-of of run(): samples are judged as `make demo` does."""
    return lambda *args: tthc_cli("validate", *args, "--no-progress", "--no-summary")


def test_calendar_option_changes_the_due_date(tmp_path, validate):
    # hop-le-1.001612: received Fri 15/3/2024 09:00, 03 working days -> due Wed 20/3 09:00. A
    # province that gives Mon 18/3 off moves the right due date to Thu 21/3.
    cal = tmp_path / "lich.json"
    cal.write_text(json.dumps({"changes": [{"date": "2024-03-18", "type": "day_off", "name": "Nghỉ theo quyết định tỉnh",
                                            "source": "kiểm thử"}]}), encoding="utf-8")
    assert codes_of(validate(SAMPLES / "hop-le-1.001612", *TRUST)) == []
    r = validate(SAMPLES / "hop-le-1.001612", *TRUST, "--calendar", cal)
    assert codes_of(r) == ["TIME.DUE_MISMATCH"] and "2024-03-21" in r.out
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    r = validate(SAMPLES / "hop-le-1.001612", "--calendar", bad)
    assert r.code == 2 and "Traceback" not in r.err


def test_trust_roots_and_the_note_without_them(tmp_path, validate):
    r = validate(SAMPLES / "hop-le-1.001193", *TRUST)
    assert r.code == 0 and codes_of(r) == [] and r.err == ""
    r = validate(SAMPLES / "hop-le-1.001193")
    assert r.code == 1 and codes_of(r) == ["SIG.UNTRUSTED"] and "--trust-roots" in r.err
    r = validate(SAMPLES / "hop-le-1.001193", "--disable", "SIG")
    assert r.code == 0 and codes_of(r) == [] and r.err == ""
    r = validate(SAMPLES / "hop-le-1.001193", "--trust-roots", tmp_path / "none")
    assert r.code == 2 and "Traceback" not in r.err


def test_the_rules_in_force_on_the_reception_day_apply(tmp_path, validate):
    """Late without an apology: an error under Decree 61/2018 (received 2024), a warning under
    its unconfirmed carry-over into Decree 118/2025 (the same dossier received 74 weeks later)."""
    import re
    import shutil
    from datetime import datetime, timedelta
    assert codes_of(validate(SAMPLES / "tre-han-khong-xin-loi", *TRUST)) == ["TIME.FINISHED_LATE", "TIME.LATE_NO_APOLOGY"]
    moved = tmp_path / "tre-han-2025"
    shutil.copytree(SAMPLES / "tre-han-khong-xin-loi", moved)
    manifest = moved / "manifest.json"

    def later(match):
        return (datetime.strptime(match.group(0), "%Y%m%d%H%M%S") + timedelta(weeks=74)).strftime("%Y%m%d%H%M%S")
    manifest.write_text(re.sub(r"\b20\d{12}\b", later, manifest.read_text(encoding="utf-8")), encoding="utf-8")
    r = validate(moved, "--disable", "SIG", "--as-of", "2025-12-31")
    assert codes_of(r) == ["TIME.FINISHED_LATE", "TIME.LATE_NO_APOLOGY_ND118"]
    assert r.code == 0                     # both are warnings


def test_summary_ranks_errors_before_frequent_info():
    from report.summary import Summary
    s = Summary()
    for i in range(6):
        s.add({"DonViXuLy": "UBND xã A", "findings": [{"code": "COMPONENT.NO_CODE", "severity": "info"}] * 3
               + ([{"code": "COMPONENT.MISSING", "severity": "error"}] if i == 0 else [])
               + ([{"code": "DIGI.LOW_RESOLUTION", "severity": "warning"}] if i < 2 else [])})
    assert [c for c, _ in s.total.top()] == ["COMPONENT.MISSING", "DIGI.LOW_RESOLUTION", "COMPONENT.NO_CODE"]
    assert s.to_dict()["total"]["top_findings"][0] == {"code": "COMPONENT.MISSING", "severity": "error", "count": 1}


@pytest.mark.parametrize("worst, errors, warnings_only", [
    (["error", "warning"], 1, 0),            # a dossier with an error counts once, with the errors
    (["warning", "info"], 0, 1),
    (["info"], 0, 0),
    ([], 0, 0),
])
def test_the_summary_counts_dossiers_by_their_worst_finding(worst, errors, warnings_only):
    """The stderr summary and the xlsx count dossiers as the text summary on stdout does (with
    errors, warnings only): an officer adding up a unit's row never gets more than its dossiers."""
    from report.findings_text import count
    from report.summary import Summary
    record = {"DonViXuLy": "UBND xã A", "findings": [{"code": f"X.{s.upper()}", "severity": s} for s in worst]}
    s = Summary()
    s.add(record)
    unit = s.units["UBND xã A"]
    assert (unit.dossiers, unit.with_errors, unit.warnings_only) == (1, errors, warnings_only)
    text = count([record])
    assert (text["with_error"], text["with_warning"]) == (errors, warnings_only)


def test_the_summary_shortens_a_long_procedure_name_in_80_columns():
    import io
    from report.summary import Summary, write_summary_text
    name = "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất trong các trường hợp chuyển đổi"
    s = Summary()
    s.add({"DonViXuLy": "UBND xã A", "procedure": {"code": "1.013831", "name": name}, "findings": []})
    out = io.StringIO()
    write_summary_text(s, out)
    text = out.getvalue()
    assert "1.013831" in text and "chuyển đổi" not in text and "…" in text          # cut at a word
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "Tổng cộng: 1 hồ sơ, 0 có lỗi, 0 chỉ có cảnh báo" in text


def test_sarif_points_at_the_manifest_line_and_column(batch, tmp_path, run):
    from tests.test_reports import sarif_errors
    r = run(batch, "--format", "sarif", "-o", tmp_path / "out.sarif")
    log = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert sarif_errors(log) == []
    run_ = log["runs"][0]
    schema = [x for x in run_["results"] if x["ruleId"] == "DOSSIER.SCHEMA"]
    assert schema, r.err
    for result in schema:
        loc = result["locations"][0]
        art = loc["physicalLocation"]["artifactLocation"]
        assert art["uri"].endswith("/manifest.json")
        assert run_["artifacts"][art["index"]]["location"]["uri"] == art["uri"]
        region = loc["physicalLocation"]["region"]
        pointer = loc["logicalLocations"][0]["fullyQualifiedName"]
        from urllib.parse import unquote, urlparse
        uri = art["uri"] if "uriBaseId" not in art else run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] + art["uri"]
        manifest = Path(unquote(urlparse(uri).path))
        line = manifest.read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
        key = pointer.rsplit("/", 1)[-1]
        assert line[region["startColumn"] - 1:].startswith(f'"{key}"'), (pointer, line)


@pytest.mark.parametrize("pointer, expected", [
    ("/MaHoSo", (2, 3)), ("/TaiLieuNop/1", (6, 5)), ("/TaiLieuNop/1/TenTepDinhKem", (6, 6)),
    ("/KhongCo", (1, 1)), ("/TaiLieuNop/9", (4, 3)),
])
def test_pointers_are_placed_at_their_member_or_nearest_parent(pointer, expected):
    from extract.dossier.positions import place, positions
    raw = ('{\n  "MaHoSo": "X",\n  "TrangThaiHoSo": 4,\n  "TaiLieuNop": [\n    {"TenTepDinhKem": "a"},\n'
           '    {"TenTepDinhKem": "b"}\n  ]\n}\n').encode()
    got = place(pointer, positions(raw))
    assert (got["line"], got["column"]) == expected
