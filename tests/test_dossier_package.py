"""Reading packages safely: every kind of bad input is a finding, never a crash, and big
files are never read into memory."""
import json
import os
import tracemalloc
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import pytest

import tthc
from commands.pipeline import find_dossiers
from extract.dossier.package import DossierOptions, clean_path, is_unsafe, load_dossier
from extract.sniff import kind_of as sniff
from extract.dossier.personal import mask, personal_values, redact
from tests.kit import dossier_kit as kit

# The kit's dossiers are received on 15/3/2024 and still in process: judged on that day they
# are within their time, so only the package faults under test are reported.
RECEIVED = date(2024, 3, 15)
IN_TIME = {"as_of": RECEIVED}


def validate_one(path: str, settings: dict) -> dict:
    """One dossier through the public API, as the record `tthc validate` writes."""
    return tthc.validate(path, **settings)[0].to_dict()
FORM = kit.text_pdf("TỜ KHAI", ["Dòng một", "Dòng hai"])
SCAN = kit.scan_pdf([(kit.scan_image("GIẤY CHỨNG SINH", ["Dòng một"], dpi=200), 200)])


def codes(dossier_or_result) -> list[str]:
    findings = dossier_or_result["findings"] if isinstance(dossier_or_result, dict) else dossier_or_result.findings
    return sorted(f["code"] if isinstance(f, dict) else f.code for f in findings)


def simple(form_path: str = "tp/to-khai.pdf") -> tuple[dict, dict]:
    """A complete birth-registration dossier still in process (no result due)."""
    m = kit.base_manifest("1.001193", 3, status="4")
    files = {form_path: FORM, "tp/chung-sinh.pdf": SCAN}
    m["TaiLieuNop"].append(kit.component("Tờ khai đăng ký khai sinh theo mẫu", form_path, "1.001193.TP01", FORM))
    m["TaiLieuNop"].append(kit.component("Giấy chứng sinh", "tp/chung-sinh.pdf", "1.001193.TP02", SCAN))
    return m, files


def test_a_simple_dossier_is_clean(tmp_path):
    assert codes(validate_one(str(kit.write_folder(tmp_path / "ok", *simple())), IN_TIME)) == []


def test_missing_path_and_not_a_package(tmp_path):
    assert codes(load_dossier(str(tmp_path / "nope"))) == ["INPUT.NOT_FOUND"]
    (tmp_path / "x.zip").write_bytes(b"PK\x03\x04 broken")
    assert codes(load_dossier(str(tmp_path / "x.zip"))) == ["DOSSIER.NOT_A_PACKAGE"]
    (tmp_path / "plain.txt").write_text("hello")
    assert codes(load_dossier(str(tmp_path / "plain.txt"))) == ["DOSSIER.NOT_A_PACKAGE"]


def test_manifest_problems(tmp_path):
    assert codes(load_dossier(str(kit.write_folder(tmp_path / "a", None, {"x.pdf": FORM})))) == ["DOSSIER.NO_MANIFEST"]
    d = load_dossier(str(kit.write_folder(tmp_path / "b", b'{"MaHoSo": "1",\n  "MaTTHC" "x"}', {})))
    assert codes(d) == ["DOSSIER.MANIFEST_UNREADABLE"]
    assert d.findings[0].location == {"file": "manifest.json", "line": 2, "column": 12}
    assert "dòng 2, cột 12" in d.findings[0].message and "thiếu dấu hai chấm" in d.findings[0].message
    assert codes(load_dossier(str(kit.write_folder(tmp_path / "c", b"\xff\xfe{}", {})))) == ["DOSSIER.MANIFEST_UNREADABLE"]
    d = load_dossier(str(kit.write_folder(tmp_path / "d", b'"just a string"', {})))
    assert codes(d) == ["DOSSIER.MANIFEST_NOT_OBJECT"] and "chuỗi" in d.findings[0].message
    m, f = simple()
    bom = b"\xef\xbb\xbf" + json.dumps(m, ensure_ascii=False).encode()
    assert load_dossier(str(kit.write_folder(tmp_path / "e", bom, f))).manifest["MaHoSo"] == m["MaHoSo"]
    big = kit.write_folder(tmp_path / "f", b" " * 2000 + json.dumps(m).encode(), f)
    assert codes(load_dossier(str(big), DossierOptions(limits={"max_manifest_bytes": 1000}))) == ["DOSSIER.MANIFEST_UNREADABLE"]


def test_zip_bomb_limits(tmp_path):
    m, f = simple()
    f["tp/zeros.bin"] = b"\0" * (3 << 20)
    z = kit.write_zip(tmp_path / "bomb.zip", m, f)
    d = load_dossier(str(z))
    assert codes(d) == ["DOSSIER.LIMIT_EXCEEDED"]                     # ratio of one entry
    assert d.files["tp/zeros.bin"].problem == "blocked"
    d = load_dossier(str(z), DossierOptions(limits={"max_total_uncompressed_bytes": 1 << 20}))
    assert codes(d) == ["DOSSIER.LIMIT_EXCEEDED"] and d.manifest is None   # the whole package refused
    d = load_dossier(str(z), DossierOptions(limits={"max_entries": 2}))
    assert codes(d) == ["DOSSIER.LIMIT_EXCEEDED"] and d.manifest is None


def test_paths_escaping_the_package(tmp_path):
    for raw in ("../x.pdf", "/etc/passwd", "C:/Windows/x.pdf", "c:\\x.pdf", "a/../../x.pdf", "..\\x.pdf"):
        assert is_unsafe(raw), raw
    for raw in ("a/b.pdf", "./a.pdf", "a\\b.pdf", "a..b.pdf", "..a.pdf"):
        assert not is_unsafe(raw), raw
    assert clean_path(".\\tp\\\\a.pdf") == "tp/a.pdf"
    m, f = simple()
    entries = list(f.items()) + [("../evil.pdf", FORM), ("/abs.pdf", FORM), ("D:/x.pdf", FORM)]
    d = load_dossier(str(kit.write_zip(tmp_path / "z.zip", m, entries)))
    assert codes(d) == ["DOSSIER.UNSAFE_PATH"] * 3
    assert set(d.files) == {"manifest.json", "tp/to-khai.pdf", "tp/chung-sinh.pdf"}
    m["TaiLieuNop"][0]["DuongDanTaiTepTin"] = "../../etc/passwd"
    r = validate_one(str(kit.write_folder(tmp_path / "f", m, {"tp/chung-sinh.pdf": SCAN})), IN_TIME)
    assert codes(r) == ["DOSSIER.UNSAFE_PATH"]


def test_symlinks_are_never_followed(tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(FORM)
    m, f = simple()
    folder = kit.write_folder(tmp_path / "p", m, {"tp/chung-sinh.pdf": SCAN})
    os.symlink(secret, folder / "tp" / "to-khai.pdf")
    os.symlink(tmp_path, folder / "loop")
    r = validate_one(str(folder), IN_TIME)
    assert codes(r) == ["DOSSIER.SYMLINK", "DOSSIER.SYMLINK"]
    z = kit.write_zip(tmp_path / "s.zip", m, {"tp/chung-sinh.pdf": SCAN})
    kit.zip_symlink(z, "tp/to-khai.pdf", "/etc/passwd")
    assert codes(validate_one(str(z), IN_TIME)) == ["DOSSIER.SYMLINK"]


def test_encrypted_duplicate_and_non_utf8_entries(tmp_path):
    m, f = simple()
    z = kit.write_zip(tmp_path / "e.zip", m, f, compression=zipfile.ZIP_STORED)
    kit.mark_zip_encrypted(z, "tp/to-khai.pdf")
    assert codes(validate_one(str(z), IN_TIME)) == ["DOSSIER.ENCRYPTED_ENTRY"]
    z = kit.write_zip(tmp_path / "d.zip", m, list(f.items()) + [("tp/to-khai.pdf", b"other")])
    assert codes(validate_one(str(z), IN_TIME)) == ["DOSSIER.DUPLICATE_ENTRY"]
    nfd = unicodedata.normalize("NFD", "tp/tờ-khai.pdf")
    z = kit.write_zip(tmp_path / "n.zip", m, list(f.items()) + [("tp/tờ-khai.pdf", FORM), (nfd, b"x")])
    d = load_dossier(str(z))
    assert codes(d) == ["DOSSIER.DUPLICATE_ENTRY"] and "có 2 tệp cùng tên" in d.findings[0].message
    raw = "\xe1nh-01.pdf".encode("latin-1")          # cp1258 "ánh": not UTF-8
    z = kit.write_zip(tmp_path / "u.zip", m, list(f.items()) + [("X" * len(raw), FORM)])
    kit.patch_zip_name(z, "X" * len(raw), raw)
    assert codes(validate_one(str(z), IN_TIME)) == ["DOSSIER.NON_UTF8_NAME"]
    # UTF-8 names written without the UTF-8 flag (common in older tools) are read as UTF-8
    raw = "ảnh-01.pdf".encode("utf-8")
    z = kit.write_zip(tmp_path / "v.zip", m, list(f.items()) + [("Y" * len(raw), FORM)])
    kit.patch_zip_name(z, "Y" * len(raw), raw)
    assert "ảnh-01.pdf" in load_dossier(str(z)).files


def test_nfc_and_nfd_names_are_the_same_file(tmp_path):
    name = "tp/tờ-khai-đăng-ký.pdf"
    m, f = simple(name)
    m["TaiLieuNop"][0]["DuongDanTaiTepTin"] = unicodedata.normalize("NFD", name)
    r = validate_one(str(kit.write_folder(tmp_path / "a", m, f)), IN_TIME)
    assert codes(r) == ["DOSSIER.NAME_NORMALIZATION"]
    m["TaiLieuNop"][0]["DuongDanTaiTepTin"] = name
    z = kit.write_zip(tmp_path / "b.zip", m, {unicodedata.normalize("NFD", name): FORM, "tp/chung-sinh.pdf": SCAN})
    assert codes(validate_one(str(z), IN_TIME)) == ["DOSSIER.NAME_NORMALIZATION"]


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as fh:                     # sparse: no disk used
        fh.write(b"%PDF-1.4\n")
        fh.truncate(size)


def test_a_2gb_file_is_never_read_into_memory(tmp_path):
    m, f = simple()
    folder = kit.write_folder(tmp_path / "big", m, f)
    _sparse(folder / "tp" / "scan-2gb.pdf", 2 * 1024 ** 3 + 1)
    m["TaiLieuNop"].append(kit.component("Giấy chứng sinh", "tp/scan-2gb.pdf", "1.001193.TP02"))
    (folder / "manifest.json").write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    tracemalloc.start()
    d = load_dossier(str(folder))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    facts = d.files["tp/scan-2gb.pdf"]
    assert facts.size == 2 * 1024 ** 3 + 1 and facts.kind == "pdf" and facts.problem == "too_large"
    assert facts.sha256 is None                     # no declared hash to verify: not even read through
    assert peak < 32 << 20
    from checks.registry import Context, run_checks
    assert [f.code for f in run_checks("dossier", d, Context(as_of=RECEIVED))] == ["DOSSIER.FILE_TOO_LARGE"]


def test_a_declared_hash_of_a_huge_file_is_verified_in_a_stream(tmp_path):
    m, f = simple()
    folder = kit.write_folder(tmp_path / "big", m, f)
    _sparse(folder / "tp" / "scan.pdf", 300 << 20)
    item = kit.component("Giấy chứng sinh", "tp/scan.pdf", "1.001193.TP02")
    item["sha256"] = "0" * 64
    m["TaiLieuNop"].append(item)
    (folder / "manifest.json").write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    tracemalloc.start()
    d = load_dossier(str(folder), DossierOptions(limits={"max_analyse_bytes": 100 << 20}))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 32 << 20 and len(d.files["tp/scan.pdf"].sha256) == 64
    from checks.registry import Context, run_checks
    assert sorted(f.code for f in run_checks("dossier", d, Context(as_of=RECEIVED))) == ["DOSSIER.FILE_TOO_LARGE", "DOSSIER.HASH_MISMATCH"]


def test_big_zip_entries_are_streamed_through_a_temporary_file(tmp_path):
    img = kit.scan_image("GIẤY CHỨNG SINH", ["dòng"], dpi=150)
    scan = kit.scan_pdf([(img, 150)])
    m, f = simple()
    f["tp/chung-sinh.pdf"] = scan
    z = kit.write_zip(tmp_path / "b.zip", m, f, compression=zipfile.ZIP_STORED)
    small = load_dossier(str(z))
    streamed = load_dossier(str(z), DossierOptions(limits={"in_memory_bytes": 1000}))
    assert small.files["tp/chung-sinh.pdf"].to_dict() == streamed.files["tp/chung-sinh.pdf"].to_dict()
    assert streamed.files["tp/chung-sinh.pdf"].pages[0].dpi == pytest.approx(150, abs=1)


def test_multi_file_components_and_remote_paths(tmp_path):
    m, f = simple()
    m["TaiLieuNop"][0]["DuongDanTaiTepTin"] = "tp/to-khai.pdf##tp/trang-2.pdf"
    del m["TaiLieuNop"][0]["sha256"]
    d = load_dossier(str(kit.write_folder(tmp_path / "a", m, {**f, "tp/trang-2.pdf": b"%PDF-1.4 x"})))
    assert [c.path for c in d.components] == ["tp/to-khai.pdf", "tp/trang-2.pdf", "tp/chung-sinh.pdf"]
    m["TaiLieuNop"][0]["DuongDanTaiTepTin"] = "https://dvc.example.invalid/f/1.pdf"
    assert load_dossier(str(kit.write_folder(tmp_path / "b", m, {}))).components[0].file_status == "remote"


def test_sniff_by_content():
    assert sniff(b"%PDF-1.7\n") == "pdf"
    assert sniff(b"\xff\xd8\xff\xe0") == "jpeg"
    assert sniff(b"\x89PNG\r\n\x1a\n") == "png"
    assert sniff(b"PK\x03\x04") == "zip"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") == "doc"
    assert sniff(b"MZ\x90\x00") == "executable"
    assert sniff("Tờ khai".encode()) == "text"
    assert sniff(b"") == "empty"


def test_masking_rules():
    assert mask("001234567890", "id") == "*********890"
    assert mask("0912345678", "phone") == "*******678"
    assert mask("an.nguyen@example.vn", "email") == "a***@example.vn"
    assert mask("Nguyễn Văn An", "name") == "N. V. A."
    personal = personal_values({"SoGiayToChuHoSo": "001234567890", "ChuHoSo": "Nguyễn Văn An",
                                "DinhDanhCHS": [{"LoaiDinhDanh": "1", "SoDinhDanh": 1234567}]})
    text = redact("Tệp cccd-001234567890.pdf của NGUYỄN VĂN AN, định danh 1234567", personal)
    assert "001234567890" not in text and "NGUYỄN VĂN AN" not in text and "1234567" not in text


def test_walker(tmp_path):
    m, f = simple()
    kit.write_folder(tmp_path / "a" / "p1", m, f)
    kit.write_zip(tmp_path / "a" / "p2.zip", m, f)
    kit.write_folder(tmp_path / "a" / "deeper" / "p3", m, f)
    kit.write_folder(tmp_path / "a" / "folder-of-files", None, {"x.pdf": FORM})
    kit.write_folder(tmp_path / "a" / ".hidden" / "p4", m, f)
    kit.write_folder(tmp_path / "a" / "only-folders" / "empty", None, {})
    found = [Path(p).relative_to(tmp_path / "a").as_posix() for p in find_dossiers([str(tmp_path / "a")]).items]
    # a folder of files without a manifest inside a batch is a package without its manifest, not silence
    assert found == ["deeper/p3", "folder-of-files", "p1", "p2.zip"]
    missing = find_dossiers([str(tmp_path / "missing")])
    assert missing.items == [] and missing.missing == [str(tmp_path / "missing")]
    (tmp_path / "empty").mkdir()
    assert find_dossiers([str(tmp_path / "empty")]).empty == [str(tmp_path / "empty")]
    # named explicitly and holding no package: a package whose manifest is missing
    named = str(tmp_path / "a" / "folder-of-files")
    assert find_dossiers([named]).items == [named]
    assert codes(validate_one(named, IN_TIME)) == ["DOSSIER.NO_MANIFEST"]
