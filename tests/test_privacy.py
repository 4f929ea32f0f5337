"""Personal data masked in every output, and outputs that survive hostile strings (issue 12).

The masking is table-driven: every example of schemas/data/personal_identifiers.json is masked
and every non-example left alone; the applicant's own data is found in any case, with or
without accents, in NFC or NFD, with any separators. Then one hostile batch goes through
`tthc validate` in every format (json, jsonl, text, junit, sarif, xlsx, csv) and the summary
on stderr: no identifier appears in any of them, in any spelling; JUnit stays well-formed XML,
spreadsheets hold formulas as text, NUL and control characters crash nothing.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

import cli
import schemas
from extract.dossier.personal import mask_record, mask_text, personal_values
from tests.kit import dossier_kit as kit

TABLE = schemas.load_json("data", "personal_identifiers.json")["patterns"]
EXAMPLES = [(p["kind"], e) for p in TABLE for e in p["examples"]]
NON_EXAMPLES = [(p["kind"], e) for p in TABLE for e in p["not"]]


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("kind, value", EXAMPLES)
def test_every_identifier_shape_is_masked(kind, value):
    for context in ("{}", "Số: {}.", "tệp cccd-{}.pdf", "{}_hoso", "(liên hệ {})"):
        text = context.format(value)
        masked = mask_text(text)
        assert masked != text
        if kind == "email":
            assert value.split("@")[0] not in masked and "***@" in masked
        else:
            assert digits(value)[:-3] not in digits(masked), masked
            assert masked.endswith(context.format(value)[-1]) or masked.endswith(value[-3:])


@pytest.mark.parametrize("kind, value", NON_EXAMPLES)
def test_what_is_no_identifier_is_left_alone(kind, value):
    assert mask_text(f"x {value} y") == f"x {value} y"


@pytest.mark.parametrize("text", [
    "000.00.04.H12-240315-0023", "1.001193.000.00.00.H12", "2024-03-15T17:00:00", "20240315090000",
    "ket-qua/ket-qua.pdf", "/DanhSachGiayToKetQua/0", "Phường A",
    "sha256 " + "3a0912345678b" + "f" * 51,                       # a hash that happens to hold a phone shape
    "found 209\u202f715\u202f220",                                 # our own numbers, grouped with narrow spaces
])
def test_codes_dates_paths_and_hashes_are_not_identifiers(text):
    assert mask_text(text) == text


APPLICANT = {"SoGiayToChuHoSo": "001299887766", "ChuHoSo": "Nguyễn Văn Ánh", "SoDienThoai": "0987654321",
             "Email": "anh.nguyen@example.vn"}


@pytest.mark.parametrize("text, hidden", [
    ("Hồ sơ của Nguyễn Văn Ánh", "Ánh"),
    ("HỒ SƠ CỦA NGUYỄN VĂN ÁNH", "ÁNH"),
    ("ho-so-nguyen-van-anh.pdf", "anh.pdf"),
    ("Nguyen_Van_Anh.pdf", "Anh"),
    (unicodedata.normalize("NFD", "giấy tờ Nguyễn Văn Ánh.pdf"), "Ánh"),
    ("liên hệ anh.nguyen@example.vn", "anh.nguyen"),
])
def test_the_applicants_name_and_email_are_masked_in_any_spelling(text, hidden):
    masked = mask_text(text, personal_values(APPLICANT))
    assert hidden not in masked and unicodedata.is_normalized("NFC", masked)


def test_a_record_is_masked_in_every_field_but_its_keys():
    record = {"source": "/ho-so/001299887766/goi.zip", "MaHoSo": "H12-001299887766", "DonViXuLy": "Phường A 0912.345.678",
              "findings": [{"code": "DOSSIER.SCHEMA", "message": "SĐT +84 987 654 321", "location": {"file": "cccd 0012 9988 7766.jpg"}}],
              "001299887766": "key kept"}
    masked = mask_record(record, personal_values(APPLICANT))
    flat = json.dumps(masked, ensure_ascii=False)
    assert "001299887766" in flat.split('"key kept"')[0][-20:]                        # the key itself
    values = json.dumps([v for k, v in masked.items() if k != "001299887766"], ensure_ascii=False)
    for secret in ("001299887766", "912345678", "987654321"):
        assert secret[:-3] not in digits(values)


# --------------------------------------------------------------------------- every output format

OTHER_ID = "079188001234"                 # another person's CCCD, in a component's file name
UNIT = "=HYPERLINK(\"http://x.invalid/?\"&A1,\"Phường B\") 0912.345.678"
SECRETS = ["001299887766", "0987654321", "0912345678", "0901234567", OTHER_ID, "anh.nguyen"]


def hostile_batch(root: Path) -> Path:
    """Packages whose folder and zip names, MaHoSo, DonViXuLy, file names (NFC and NFD) and
    manifest strings carry identifiers, formulas, NUL and control characters."""
    batch = root / "lo-ho-so"
    for n, (name, unit) in enumerate([("hs 001299887766", UNIT), ("sdt +84 901 234 567", "Phường A")], 1):
        m = kit.base_manifest("1.001193", n, status="4", unit=unit)
        m.update(SoGiayToChuHoSo="001299887766", ChuHoSo="Nguyễn Văn Ánh", SoDienThoai="0987654321",
                 Email="anh.nguyen@example.vn", MaHoSo=f"H12-001299887766-{n}")
        m["DinhDanhCHS"][0]["SoDinhDanh"] = "001299887766"
        m["TrichYeuHoSo"] = "Nhập\x00lỗi\x07\x1b[31m đỏ\ud800"[:-1] + "\u0085"
        form = kit.text_pdf("TỜ KHAI", ["Dòng một"])
        files = {"tp/to-khai.pdf": form,
                 unicodedata.normalize("NFD", "tp/giấy-tờ-nguyễn-văn-ánh.pdf"): form,
                 f"tp/cccd-{OTHER_ID}.pdf": form}
        m["TaiLieuNop"] += [kit.component("@SUM(1+1)*cmd|' /C calc'!A0", "tp/to-khai.pdf", "1.001193.TP01", form),
                            kit.component("-2+3 giấy chứng sinh", "tp/thiếu\x07\x00.pdf", "1.001193.TP02")]
        m["KenhThucHien"] = "1\x00\x1b"
        if n == 1:
            kit.write_folder(batch / name, m, files)
        else:
            kit.write_zip(batch / f"{name}.zip", m, files)
    return batch


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("privacy")
    batch = hostile_batch(root)
    out: dict[str, str] = {}
    import contextlib
    for fmt in ("json", "jsonl", "text", "junit", "sarif", "xlsx", "csv"):
        target = root / f"out.{fmt}"
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = cli.main(["validate", str(batch), "--format", fmt, "-o", str(target), "--no-progress",
                             "--as-of", "2024-03-15"])
        assert code == 1, err.getvalue()
        out[f"stderr ({fmt})"] = err.getvalue()
        if fmt == "xlsx":
            with zipfile.ZipFile(target) as z:
                out[fmt] = "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
            out["xlsx path"] = str(target)
        else:
            out[fmt] = target.read_text(encoding="utf-8")
    return out


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text", "junit", "sarif", "xlsx", "csv", "stderr (text)"])
def test_no_identifier_in_any_output(fmt, outputs):
    text = unicodedata.normalize("NFC", outputs[fmt])
    flat = digits(text)
    for secret in SECRETS:
        if secret.isdigit():
            assert secret[:-3] not in flat, (fmt, secret)
        else:
            assert secret not in text, (fmt, secret)
    for name in ("Nguyễn Văn Ánh", "nguyễn-văn-ánh", "NGUYỄN VĂN ÁNH"):
        assert name.casefold() not in text.casefold(), (fmt, name)


def test_junit_is_well_formed_and_keeps_escaped_controls(outputs):
    root = ET.fromstring(outputs["junit"].encode("utf-8"))
    assert root.tag == "testsuites" and len(root.findall(".//testcase")) == 2
    assert "\\x00" in outputs["junit"] and "\\x07" in outputs["junit"] and "\\x1b" in outputs["junit"]


def test_sarif_and_json_are_json(outputs):
    json.loads(outputs["sarif"])
    json.loads(outputs["json"])
    for line in outputs["jsonl"].splitlines():
        json.loads(line)


def test_spreadsheets_hold_formulas_as_text(outputs):
    from openpyxl import load_workbook

    wb = load_workbook(outputs["xlsx path"])
    risky = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value and c.value[0] in "=+-@"]
    assert risky, "the batch puts formula-like text in the sheets"
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    assert "<f>" not in outputs["xlsx"]                                   # no formula anywhere in the file
    rows = list(csv.reader(io.StringIO(outputs["csv"].lstrip("\ufeff"))))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c and c[0] in "=+-@\t\r"]
    assert any(c.startswith("'=HYPERLINK") for c in cells)


@pytest.mark.parametrize("value", ["\x00", "a\x00b", "\x01\x02\x1f", "\ud800", "\ufffe", "x\x0by"])
def test_control_characters_never_crash_a_writer(value, tmp_path):
    from report.junit import write_junit
    from report.summary import Summary
    from report.xlsx import write_xlsx

    record = {"source": f"goi{value}", "kind": "dossier", "MaHoSo": value, "DonViXuLy": value,
              "findings": [{"code": "DOSSIER.SCHEMA", "severity": "error", "message": value, "message_en": value,
                            "location": {"file": value}, "evidence": value}]}
    summary = Summary()
    summary.add(record)
    write_xlsx([record], summary, tmp_path / "x.xlsx")
    buf = io.StringIO()
    write_junit([record], buf)
    ET.fromstring(buf.getvalue().encode("utf-8", "surrogatepass"))


def test_resume_matches_masked_records_to_their_inputs(tmp_path):
    """A masked `source` cannot name its input again: `source_id` (a digest of the path) does,
    so --resume skips what is done and the output keeps one record per package."""
    import contextlib

    batch = hostile_batch(tmp_path)
    out = tmp_path / "out.jsonl"
    for extra in ([], ["--resume"]):
        with contextlib.redirect_stderr(io.StringIO()):
            assert cli.main(["validate", str(batch), "-o", str(out), "--no-progress", "--as-of", "2024-03-15",
                             *extra]) == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2 and len({r["source_id"] for r in records}) == 2
    assert all("001299887766" not in r["source"] and "901 234 567" not in r["source"] for r in records)


# --------------------------------------------------------------------------- the register, calendar, procedures

# A directive read from folders and a file whose names hold a CCCD and phone numbers (one in
# NFD), an officer's note with another phone and another person's CCCD. (A directive has no
# applicant, so there is no name to look for: names are masked in dossiers.) The
# directive's own words are a public document and stay as issued: an enterprise's tax code and
# an amount of a budget table, shaped like identifiers, are kept (report/safe.py says why).
REGISTER_SECRETS = ["001299887766", "0912345678", "0901234567", "0987654321", OTHER_ID]
PUBLIC_WORDS = ["0312345678", "113.000.000"]


@pytest.fixture(scope="module")
def register_outputs(tmp_path_factory):
    import contextlib

    from tests.kit.register_kit import DOC_A, write_form

    root = tmp_path_factory.mktemp("so-theo-doi")
    spec = type(DOC_A)(number=DOC_A.number, day=DOC_A.day, subject=DOC_A.subject, items=(
        "Sở Tài chính tham mưu bố trí 113.000.000 cho Công ty ABC (MST: 0312345678), hoàn thành trước ngày 5/12/2025.",
        *DOC_A.items[1:]))
    folder = root / "hs cccd 001299887766" / unicodedata.normalize("NFD", "văn bản gửi ông Bình 0901.234.567")
    write_form(spec, folder, "txt", stem="cong-van sdt 0912.345.678")
    db = root / "tthc.db"
    out: dict[str, str] = {}

    def run(name: str, *argv) -> None:
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = cli.main([str(a) for a in argv])
        assert code == 0, (name, stdout.getvalue(), stderr.getvalue())
        out[f"{name} (stdout)"], out[f"{name} (stderr)"] = stdout.getvalue(), stderr.getvalue()

    run("register add", "register", "add", folder.parent, "--db", db, "--executor", "serial", "--no-progress")
    run("register add again", "register", "add", folder.parent, "--db", db, "--executor", "serial", "--no-progress")
    run("tasks done", "tasks", "done", "1", "--note", f"đã gọi anh Bình 0987 654 321, CCCD {OTHER_ID}", "--db", db)
    run("tasks history", "tasks", "history", "1", "--db", db)
    common = ["--status", "all", "--as-of", "31/12/2025", "--db", db]
    for fmt in ("text", "json", "csv"):
        run(f"tasks {fmt}", "tasks", "--format", fmt, *common)
    run("tasks xlsx", "tasks", "--format", "xlsx", "-o", root / "viec.xlsx", *common)
    with zipfile.ZipFile(root / "viec.xlsx") as z:
        out["tasks xlsx"] = html.unescape("\n".join(z.read(n).decode("utf-8") for n in z.namelist()
                                                     if n.endswith(".xml")))      # openpyxl writes &#236; for ì
    run("tasks ics", "tasks", "--format", "ics", "-o", root / "han.ics", *common)
    out["tasks ics"] = (root / "han.ics").read_text(encoding="utf-8")
    run("tasks ics per assignee", "tasks", "--format", "ics", "--per-assignee", "-o", root / "lich", *common)
    out["tasks ics per assignee"] = "\n".join(p.read_text(encoding="utf-8") for p in sorted((root / "lich").iterdir()))
    run("report html", "report", "--html", root / "bao-cao.html", "--as-of", "31/12/2025", "--db", db)
    out["report html"] = (root / "bao-cao.html").read_text(encoding="utf-8")
    return out


def _unfolded(text: str) -> str:
    """NFC, with iCalendar's folded lines and escaped commas joined again."""
    return unicodedata.normalize("NFC", text.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";"))


def _assert_no_secret(text: str, where: str, secrets: list[str]) -> None:
    flat = digits(text)
    for secret in secrets:
        assert secret[:-3] not in flat, (where, secret)


@pytest.mark.parametrize("output", [
    "register add (stdout)", "register add again (stdout)", "tasks done (stdout)", "tasks history (stdout)",
    "tasks text (stdout)", "tasks json (stdout)", "tasks csv (stdout)", "tasks xlsx", "tasks ics",
    "tasks ics per assignee", "report html"])
def test_no_identifier_in_any_register_output(output, register_outputs):
    text = _unfolded(register_outputs[output])
    _assert_no_secret(text, output, REGISTER_SECRETS)
    for name, value in register_outputs.items():                  # and nothing on stderr either
        if name.endswith("(stderr)"):
            _assert_no_secret(_unfolded(value), name, REGISTER_SECRETS)


@pytest.mark.parametrize("output", ["tasks json (stdout)", "tasks csv (stdout)", "tasks xlsx", "tasks ics",
                                    "report html"])
def test_the_directives_own_words_are_kept_as_issued(output, register_outputs):
    text = _unfolded(register_outputs[output])
    for words in PUBLIC_WORDS:
        assert words in text, (output, words)
    assert "đã gọi anh Bình *********321" in text, output                          # the note, its number masked


@pytest.mark.parametrize("argv", [
    ["calendar", "2025", "--format", "text"], ["calendar", "2025", "--format", "json"],
    ["calendar", "2025", "--format", "ics"],
    ["procedures", "list"], ["procedures", "list", "--format", "json"],
    ["procedures", "show", "1.999001"], ["procedures", "show", "1.999001", "--format", "json"],
])
def test_paths_of_a_users_calendar_and_catalog_are_masked(argv, tmp_path, capsys):
    """What a user's own files put in an output: the calendar file's and catalog folder's paths."""
    folder = tmp_path / "cccd 001299887766" / "sdt +84 912 345 678"
    folder.mkdir(parents=True)
    calendar = folder.parent / "lich.json"
    calendar.write_text(json.dumps({"changes": [{"date": "2025-02-15", "type": "working_day", "source": "tinh",
                                                 "name": "Làm bù theo thông báo của tỉnh"}]}), encoding="utf-8")
    shipped = json.loads(schemas.path("procedures", "1.001193.json").read_text(encoding="utf-8"))
    own = json.loads(json.dumps(shipped, ensure_ascii=False).replace("1.001193", "1.999001"))
    (folder / "1.999001.json").write_text(json.dumps(own, ensure_ascii=False), encoding="utf-8")
    extra = ["--calendar", str(calendar)] if argv[0] == "calendar" else ["--catalog", str(folder)]
    assert cli.main(argv + extra) == 0
    captured = capsys.readouterr()
    text = _unfolded(captured.out + captured.err)
    assert "lich.json" in text or "1.999001" in text                 # the user's file is named, masked
    _assert_no_secret(text, " ".join(argv), ["001299887766", "0912345678", "84912345678"])


def test_a_usage_error_naming_a_path_is_masked(tmp_path, capsys):
    missing = tmp_path / "hs 001299887766" / "sdt 0912 345 678.zip"
    assert cli.main(["validate", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "sdt" in err
    _assert_no_secret(err, "usage error", ["001299887766", "0912345678"])


# --------------------------------------------------------------------------- directives and signed files

DIRECTIVE_SECRETS = ["0912345678", "001299887766", "123456789", "079188001234", "C1234567"]


@pytest.fixture(scope="module")
def named_inputs(tmp_path_factory):
    """A directive and a signed PDF whose folder and file names carry identifiers: a phone with
    dots, a CCCD and a CMND with spaces, a passport number; the directive's name in NFD."""
    folder = tmp_path_factory.mktemp("ten-tep") / "sdt 0912.345.678"
    folder.mkdir()
    root = Path(cli.__file__).resolve().parent
    directive = folder / unicodedata.normalize("NFD", "công văn cccd 001 299 887 766 hộ chiếu C1234567.txt")
    directive.write_bytes((root / "samples" / "directives" / "ke-hoach-clean.txt").read_bytes())
    signed = folder / "ky cmnd 123 456 789 079188001234.pdf"
    signed.write_bytes((root / "samples" / "dossiers" / "hop-le-1.001193" / "ket-qua" / "ket-qua.pdf").read_bytes())
    return {"directive": directive, "signed": signed, "folder": folder}


# (name, argv; "{x}" is a path of named_inputs; "{out}" an output folder)
DIRECTIVE_OUTPUTS = [
    *[(f"check {fmt}", ["check", "{directive}", "--format", fmt, "--executor", "serial", "--no-progress"])
      for fmt in ("text", "json", "jsonl", "junit", "sarif")],
    ("check a folder, sarif", ["check", "{folder}", "--format", "sarif", "--executor", "serial", "--no-progress"]),
    ("ingest json", ["ingest", "{directive}", "--format", "json"]),
    ("ingest text", ["ingest", "{directive}", "--format", "text"]),
    ("ingest -o FOLDER (the files' names)", ["ingest", "{directive}", "-o", "{out}"]),
    ("signatures text", ["signatures", "{signed}", "--no-progress"]),
    ("signatures json", ["signatures", "{signed}", "--format", "json", "--no-progress"]),
]


@pytest.mark.parametrize("name, argv", DIRECTIVE_OUTPUTS, ids=[c[0] for c in DIRECTIVE_OUTPUTS])
def test_no_identifier_in_the_outputs_of_directives_and_signed_files(name, argv, named_inputs, tmp_path, capsys):
    """The outputs of check, ingest and signatures name their input, masked: stdout, stderr and
    the names of files written."""
    (tmp_path / "ra").mkdir()
    paths = {k: str(v) for k, v in named_inputs.items()} | {"out": str(tmp_path / "ra")}
    code = cli.main([a.format(**paths) for a in argv])
    assert code in (0, 1), name
    captured = capsys.readouterr()
    text = captured.out + captured.err
    if "-o" in argv:
        text += "\n".join(p.name + "\n" + p.read_text(encoding="utf-8") for p in (tmp_path / "ra").iterdir())
    text = unicodedata.normalize("NFC", html.unescape(text))
    assert "cccd" in text or "cmnd" in text, name                         # the input is named, masked
    joined = re.sub(r"(?<=\d)[ .\-](?=\d)", "", text)                     # any spelling: spaces, dots
    for secret in DIRECTIVE_SECRETS:
        assert secret[:-3] not in joined, (name, secret)
