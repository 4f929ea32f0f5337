"""Report writers over generic result dicts: text (rich), JUnit XML, SARIF 2.1.0 (validated
against the official OASIS schema in tests/data/)."""
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from checks.registry import rule_table
from extract.model import Finding
from report.findings_text import count, format_location, write_findings_text
from report.junit import build_junit, reaches, write_junit
from report.sarif import build_sarif, write_sarif

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def sarif_errors(log: dict) -> list[str]:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(log)]


def f(code, location=None, evidence=None, **params):
    return Finding.of(code, location=location, evidence=evidence, **params).to_dict()


RESULTS = [
    {"source": "samples/directives/cong-van-so-ngay-trong.txt", "kind": "directive",
     "findings": [f("ND30.NUMBER_BLANK", {"page": 1, "line": 7}, "Số: /UBND-PVHCC"),
                  f("ND30.DATE_DAY_BLANK", {"page": 1, "line": 10}, "Ninh Thuận, ngày tháng 7 năm 2024"),
                  f("ND30.SUBJECT_TRAILING_PERIOD", {"page": 1, "line": 8}, "V/v ... xã.")]},
    {"source": "samples/directives/cong-van-clean.txt", "kind": "directive", "findings": []},
    {"source": "thư mục/không có.pdf", "kind": "directive",
     "findings": [f("INPUT.NOT_FOUND", evidence="thư mục/không có.pdf")]},
    {"source": "dossiers/HS-001.zip", "kind": "dossier",
     "findings": [f("DEADLINE.PAST", {"pointer": "/TaiLieuNop/0"}, "x", deadline="01/01/2024", as_of="02/01/2024")]},
]


# --------------------------------------------------------------------------- text

def test_text_groups_by_file_and_summarises():
    out = io.StringIO()
    write_findings_text(RESULTS, out, lang="vi")
    text = out.getvalue()
    positions = [text.index(r["source"]) for r in RESULTS]
    assert positions == sorted(positions)
    assert "ND30.NUMBER_BLANK" in text and "tr.1, dòng 7" in text and "không có phát hiện nào" in text
    # inputs by their worst finding, then findings by severity: totals never read as counts of files
    assert "4 tệp: 2 có lỗi, 0 chỉ có cảnh báo, 2 không có lỗi hay cảnh báo\nPhát hiện: 3 lỗi, 1 cảnh báo, 1 thông tin" in text
    # errors come before warnings inside a file
    assert text.index("ND30.NUMBER_BLANK") < text.index("ND30.SUBJECT_TRAILING_PERIOD")


def test_text_in_english():
    out = io.StringIO()
    write_findings_text(RESULTS, out, lang="en")
    text = out.getvalue()
    assert "The sequence number of the document is blank" in text and "p.1, line 7" in text
    assert "4 files: 2 with errors, 0 with warnings only, 2 without errors or warnings\nFindings: 3 errors, 1 warning, 1 info" in text
    assert "no findings" in text


@pytest.mark.parametrize("location, lang, shown", [
    ({"page": 2, "line": 14}, "en", "p.2, line 14"),
    ({"page": 2, "line": 14}, "vi", "tr.2, dòng 14"),
    ({"pointer": "/TaiLieuNop/0"}, "vi", "mục TaiLieuNop thứ 1"),          # counted from 1, as on paper
    ({"pointer": "/TaiLieuNop/1/TepDinhKem/0"}, "vi", "mục TaiLieuNop thứ 2 › TepDinhKem thứ 1"),
    ({"pointer": "/NgayHenTra"}, "en", "at NgayHenTra"),
    # the file first, then where in it
    ({"line": 42, "column": 3, "file": "manifest.json", "pointer": "/TaiLieuNop/2"}, "vi",
     "tệp manifest.json, dòng 42, cột 3, mục TaiLieuNop thứ 3"),
    ({"page": 1, "file": "ket-qua/ket-qua.pdf", "pointer": "/DanhSachGiayToKetQua/0"}, "en",
     "file ket-qua/ket-qua.pdf, p.1, at DanhSachGiayToKetQua #1"),
    # the manifest's root object, never an empty "mục "
    ({"file": "manifest.json", "pointer": "/"}, "vi", "tệp manifest.json, mục gốc của tệp"),
    ({"pointer": ""}, "en", "at the file's root"),
    # a PDF signature's field and revision in words, not key=value
    ({"file": "kq.pdf", "pointer": "/DanhSachGiayToKetQua/0", "field": "Signature1", "revision": 2}, "vi",
     "tệp kq.pdf, mục DanhSachGiayToKetQua thứ 1, chữ ký Signature1, phiên bản 2"),
    ({"field": "Signature1", "revision": 2}, "en", "signature Signature1, revision 2"),
    ({"page": 3, "sheet": "A"}, "vi", "tr.3, sheet=A"),                    # a key without words stays key=value
    (None, "vi", "—"),
])
def test_locations_read_as_words(location, lang, shown):
    assert format_location(location, lang) == shown


@pytest.mark.parametrize("pointer, shown", [
    ("/TaiLieuNop/2", "TaiLieuNop thứ 3"), ("/NgayHenTra", "NgayHenTra"), (None, None),
])
def test_the_spreadsheet_places_a_finding_in_words(pointer, shown):
    """The findings sheet an officer sends upward says "TaiLieuNop thứ 3", as the text output does,
    not the JSON pointer "/TaiLieuNop/2" (which stays in JSON and SARIF)."""
    from report.xlsx import FINDING_COLUMNS, sorted_findings
    record = {"MaHoSo": "H1", "source": "h1", "findings": [
        {"code": "DOSSIER.SCHEMA", "severity": "error", "message": "m", "message_en": "m",
         "location": {"file": "manifest.json", **({"pointer": pointer} if pointer else {})}}]}
    row = sorted_findings([record])[0]
    column = [c.header for c in FINDING_COLUMNS].index("Vị trí trong manifest")
    assert row[column] == shown


@pytest.mark.parametrize("document, lang, shown", [
    ({"doc_type": "Chỉ thị", "number": "12/CT-UBND", "date": "2025-11-26", "issuer": "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK"}, "vi",
     "Chỉ thị số 12/CT-UBND ngày 26/11/2025 — ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK"),
    ({"doc_type": "Kế hoạch", "number": "48/KH-UBND", "date": "2025-03-05", "issuer": "UBND TỈNH NINH THUẬN"}, "en",
     "Kế hoạch 48/KH-UBND of 05/03/2025 — UBND TỈNH NINH THUẬN"),
    ({"doc_type": "Công văn", "number": None, "date": None, "issuer": "SỞ TƯ PHÁP"}, "vi", "Công văn — SỞ TƯ PHÁP"),
    ({"doc_type": None, "number": None, "date": None, "issuer": None}, "vi", ""),
    (None, "vi", ""),
])
def test_a_directive_is_named_under_its_file(document, lang, shown):
    """`tthc check` text: the clerk sees which directive a block is about, not only a file name
    ("vb-den-0412.pdf"); dd/mm/yyyy, Vietnamese words; what the reader did not find is left out."""
    from report.findings_text import document_line
    assert document_line(document, lang) == shown
    out = io.StringIO()
    write_findings_text([{"source": "vb-den-0412.pdf", "kind": "directive", "document": document, "findings": []}],
                        out, lang=lang)
    lines = out.getvalue().splitlines()
    assert lines[1] == "vb-den-0412.pdf" and (lines[2] == shown if shown else "không có" in lines[2] or "no findings" in lines[2])


LONG_PLACE = {"file": "ket-qua/ket-qua.pdf", "pointer": "/DanhSachGiayToKetQua/0", "field": "Signature1", "revision": 2}


@pytest.mark.parametrize("location, lang, inline", [
    ({"page": 1, "line": 8}, "vi", True),
    ({"file": "manifest.json", "pointer": "/NgayHenTra"}, "vi", True),
    (LONG_PLACE, "vi", False),
    (LONG_PLACE, "en", False),
])
def test_a_long_place_goes_whole_on_its_own_line(location, lang, inline):
    """In 80 columns the place of a finding is never cut in the middle ("mục TaiLieuNop thứ" / "2"):
    it stays after the code when it fits, else it is wrapped whole under it."""
    out = io.StringIO()
    result = {"source": "hs-1", "kind": "dossier", "findings": [f("SIG.MODIFIED_AFTER_SIGNING", location, "x")]}
    write_findings_text([result], out, lang=lang, width=80)
    lines = out.getvalue().splitlines()
    head = next(i for i, line in enumerate(lines) if "SIG.MODIFIED_AFTER_SIGNING" in line)
    place = format_location(location, lang)
    assert all(len(line) <= 80 for line in lines)
    if inline:
        assert lines[head].endswith(place)
    else:
        assert lines[head].rstrip().endswith("SIG.MODIFIED_AFTER_SIGNING")
        block = " ".join(line.strip() for line in lines[head + 1:head + 3])
        assert block.startswith(place)


def test_counts():
    assert count(RESULTS) == {"files": 4, "files_with_findings": 3, "error": 3, "warning": 1, "info": 1,
                              "with_error": 2, "with_warning": 0, "kinds": {"directive": 3, "dossier": 1}}


# --------------------------------------------------------------------------- junit

def test_junit_one_testcase_per_file_one_failure_per_error():
    root = build_junit(RESULTS, fail_on="error")
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == [r["source"] for r in RESULTS]
    failures = [[x.get("type") for x in c.findall("failure")] for c in cases]
    assert failures == [["ND30.NUMBER_BLANK", "ND30.DATE_DAY_BLANK"], [], ["INPUT.NOT_FOUND"], []]
    suite = root.find("testsuite")
    assert suite.get("tests") == "4" and suite.get("failures") == "2" and root.get("failures") == "2"
    # every finding is in system-out, failing or not
    assert "ND30.SUBJECT_TRAILING_PERIOD" in cases[0].find("system-out").text
    assert cases[1].find("system-out") is None


@pytest.mark.parametrize("fail_on,failing_cases", [("warning", 2), ("info", 3), ("never", 0)])
def test_junit_failures_follow_fail_on(fail_on, failing_cases):
    root = build_junit(RESULTS, fail_on=fail_on)
    assert sum(bool(c.findall("failure")) for c in root.iter("testcase")) == failing_cases
    assert reaches("warning", "warning") and not reaches("info", "warning") and not reaches("error", "never")


@pytest.mark.parametrize("results", [[], [{"source": "a.txt", "kind": "directive", "findings": []}]])
def test_junit_valid_with_zero_files_or_findings(results):
    out = io.StringIO()
    write_junit(results, out)
    root = ET.fromstring(out.getvalue().split("\n", 1)[1])
    assert root.tag == "testsuites" and root.get("failures") == "0"
    assert len(root.findall("./testsuite/testcase")) == len(results)


def test_junit_failure_carries_both_languages_and_evidence():
    case = build_junit(RESULTS[:1]).find("./testsuite/testcase")
    body = case.find("failure").text
    assert "Số của văn bản để trống" in body and "sequence number" in body and "Số: /UBND-PVHCC" in body


# --------------------------------------------------------------------------- sarif

def test_sarif_validates_and_carries_rule_metadata():
    rules = rule_table()
    log = build_sarif(RESULTS, rules, lang="vi", version="0.1.0")
    assert sarif_errors(log) == []
    run = log["runs"][0]
    descriptors = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(descriptors) == {r["code"] for r in rules}
    blank = descriptors["ND30.NUMBER_BLANK"]
    assert blank["defaultConfiguration"]["level"] == "error"
    assert "Nghị định 30/2020/NĐ-CP" in blank["help"]["text"] and blank["properties"]["verified"] is True
    unverified = descriptors["REF.NUMBER_NO_YEAR"]
    assert unverified["defaultConfiguration"]["level"] == "warning" and "UNVERIFIED" in unverified["help"]["text"]
    assert descriptors["DEADLINE.PAST"]["defaultConfiguration"]["level"] == "note"


def test_sarif_results_locations_and_messages():
    log = build_sarif(RESULTS, rule_table(), lang="vi")
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [x["code"] for r in RESULTS for x in r["findings"]]
    first = results[0]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 7 and region["properties"]["page"] == 1
    assert region["snippet"]["text"] == "Số: /UBND-PVHCC"
    assert first["level"] == "error" and first["message"]["text"].startswith("Số của văn bản để trống")
    assert first["properties"]["message_en"].startswith("The sequence number")
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"]
    uri = first["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == "samples/directives/cong-van-so-ngay-trong.txt" and uri["uriBaseId"] == "%SRCROOT%"
    not_found = results[3]["locations"][0]["physicalLocation"]
    assert "region" not in not_found and "%C3%B4ng" in not_found["artifactLocation"]["uri"]   # "không" encoded
    en = build_sarif(RESULTS, rule_table(), lang="en")["runs"][0]["results"][0]
    assert en["message"]["text"].startswith("The sequence number")


def test_sarif_lists_every_checked_file_as_an_artifact():
    run = build_sarif(RESULTS, rule_table())["runs"][0]
    assert len(run["artifacts"]) == len(RESULTS)
    assert run["artifacts"][1]["location"]["uri"] == "samples/directives/cong-van-clean.txt"


@pytest.mark.parametrize("results", [[], [{"source": "a.txt", "kind": "directive", "findings": []}]])
def test_sarif_valid_with_zero_files_or_findings(results):
    out = io.StringIO()
    write_sarif(results, rule_table(), out, exit_code=0)
    log = json.loads(out.getvalue())
    assert sarif_errors(log) == [] and log["runs"][0]["results"] == []


def test_sarif_schema_rejects_a_broken_log():
    # The validation above can fail: a result without a message is not SARIF.
    log = build_sarif(RESULTS, rule_table())
    del log["runs"][0]["results"][0]["message"]
    log["runs"][0]["results"][1]["level"] = "fatal"
    assert len(sarif_errors(log)) == 2


def test_absolute_path_outside_the_working_folder_is_a_file_uri(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    log = build_sarif([{"source": "/somewhere/else/x.pdf", "kind": "directive",
                        "findings": [f("INPUT.NOT_FOUND", evidence="x")]}], rule_table())
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == \
        {"uri": "file:///somewhere/else/x.pdf", "index": 0}
    assert sarif_errors(log) == []


def test_the_on_time_line_accounts_for_every_dossier():
    """An officer adds the numbers up: dossiers without an on-time class (unreadable manifest, no dates)
    are counted on the line too, never left out."""
    from report.summary import Summary, on_time_line
    summary = Summary()
    for cls in ("dung_han", "dung_han", "tre_han", "tra_lai", "khong_xac_dinh", None, None):
        summary.add({"kind": "dossier", "findings": [], "on_time": {"class": cls} if cls else None})
    line = on_time_line(summary, "vi")
    assert "đúng hạn 2" in line and "trễ hạn 1" in line and "không đọc được hồ sơ 2" in line
    assert "rút hồ sơ / trả lại 1" in line and "không xác định (thiếu hoặc sai ngày) 1" in line
    assert sum(int(n) for n in __import__("re").findall(r"\b(\d+)\b", line)) == 7
