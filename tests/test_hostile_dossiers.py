"""Nothing silent when reading hostile dossier packages (issue 12): repeated manifest keys,
special files, damaged deflate data, implausible dates and a package folder that lost its
manifest are findings; none crashes a check or loses the dossier's other findings."""
from __future__ import annotations

import json
import os
import zipfile
from datetime import date

import pytest

import tthc
from commands.pipeline import find_dossiers
from extract.dossier.package import load_dossier, parse_manifest
from extract.dossier.timeline import ImplausibleDate, parse_moment
from tests.kit import dossier_kit as kit

RECEIVED = date(2024, 3, 15)
IN_TIME = {"as_of": RECEIVED}
FORM = kit.text_pdf("TỜ KHAI", ["Dòng một", "Dòng hai"])


def simple() -> tuple[dict, dict]:
    m = kit.base_manifest("1.001193", 3, status="4")
    files = {"tp/to-khai.pdf": FORM, "tp/chung-sinh.pdf": FORM}
    m["TaiLieuNop"].append(kit.component("Tờ khai đăng ký khai sinh theo mẫu", "tp/to-khai.pdf", "1.001193.TP01", FORM))
    m["TaiLieuNop"].append(kit.component("Giấy chứng sinh", "tp/chung-sinh.pdf", "1.001193.TP02", FORM))
    return m, files


def validate_one(path: str, settings: dict) -> dict:
    """One dossier through the public API, as the record `tthc validate` writes."""
    return tthc.validate(path, **settings)[0].to_dict()


def codes(result) -> list[str]:
    findings = result["findings"] if isinstance(result, dict) else result.findings
    return sorted(f["code"] if isinstance(f, dict) else f.code for f in findings)


# --------------------------------------------------------------------------- repeated keys

@pytest.mark.parametrize("text, expected", [
    (b'{"MaTTHC": "1", "MaTTHC": "2"}', [("/", "MaTTHC", 2)]),
    (b'{"a": {"x": 1, "x": 2, "x": 3}}', [("/a", "x", 3)]),
    (b'{"TaiLieuNop": [{"k": 1}, {"k": 1, "k": 2}]}', [("/TaiLieuNop/1", "k", 2)]),
    (b'{"a/b": {"~": 1, "~": 1}, "c": 1, "c": 2}', [("/", "c", 2), ("/a~1b", "~", 2)]),
    (b'{"MaTTHC": "1", "MaHoSo": "2"}', []),
])
def test_repeated_keys_are_findings_with_their_object(text, expected):
    found = []
    value, problem = parse_manifest(text, found)
    assert problem is None and isinstance(value, dict)
    assert [(f.location["pointer"], f.evidence, int(f.message_en.split(" times")[0].rsplit(" ", 1)[1]))
            for f in found] == expected
    assert all(f.code == "DOSSIER.DUPLICATE_KEY" and f.severity == "error" for f in found)


def test_a_repeated_key_keeps_the_dossiers_other_findings(tmp_path):
    m, f = simple()
    m["TaiLieuNop"].pop(0)
    f.pop("tp/to-khai.pdf")
    raw = json.dumps(m, ensure_ascii=False).encode().replace(b'"TrangThaiHoSo": "4"', b'"TrangThaiHoSo": "2", "TrangThaiHoSo": "4"')
    result = validate_one(str(kit.write_folder(tmp_path / "p", raw, f)), IN_TIME)
    assert codes(result) == ["COMPONENT.MISSING", "DOSSIER.DUPLICATE_KEY"]


# --------------------------------------------------------------------------- special files

def test_a_fifo_in_a_package_is_refused_and_never_opened(tmp_path):
    m, f = simple()
    folder = kit.write_folder(tmp_path / "p", m, {k: v for k, v in f.items() if k != "tp/chung-sinh.pdf"})
    os.mkfifo(folder / "tp" / "chung-sinh.pdf")            # opening it would block forever
    result = validate_one(str(folder), IN_TIME)
    special = [x for x in result["findings"] if x["code"] == "DOSSIER.SPECIAL_FILE"]
    assert len(special) == 1 and "FIFO" in special[0]["message_en"] and special[0]["location"] == {"file": "tp/chung-sinh.pdf"}
    assert codes(result) == ["DOSSIER.SPECIAL_FILE"]


def test_a_fifo_manifest_and_a_fifo_package(tmp_path):
    m, f = simple()
    folder = kit.write_folder(tmp_path / "p", None, f)
    os.mkfifo(folder / "manifest.json")
    assert codes(validate_one(str(folder), IN_TIME)) == ["DOSSIER.MANIFEST_UNREADABLE", "DOSSIER.SPECIAL_FILE"]
    pipe = tmp_path / "goi.zip"
    os.mkfifo(pipe)
    d = load_dossier(str(pipe))
    assert codes(d) == ["DOSSIER.NOT_A_PACKAGE"] and "never opened" in d.findings[0].message_en


def test_a_device_entry_in_a_zip_is_refused(tmp_path):
    m, f = simple()
    z = kit.write_zip(tmp_path / "p.zip", m, f)
    with zipfile.ZipFile(z, "a") as zf:
        info = zipfile.ZipInfo("tp/thiet-bi", (2024, 3, 15, 8, 0, 0))
        info.external_attr = (0o020644 << 16)              # a character device
        zf.writestr(info, b"")
    result = validate_one(str(z), IN_TIME)
    assert "DOSSIER.SPECIAL_FILE" in codes(result)
    assert [x for x in result["findings"] if x["code"] == "DOSSIER.SPECIAL_FILE"][0]["location"] == {"file": "tp/thiet-bi"}


# --------------------------------------------------------------------------- damaged deflate data

def test_damaged_deflate_data_is_that_files_finding_only(tmp_path):
    m, f = simple()
    m["TaiLieuNop"].pop(0)
    f.pop("tp/to-khai.pdf")
    z = kit.write_zip(tmp_path / "p.zip", m, f)
    kit.damage_zip_entry(z, "tp/chung-sinh.pdf")
    result = validate_one(str(z), IN_TIME)
    assert codes(result) == ["COMPONENT.MISSING", "DIGI.UNREADABLE"]          # nothing lost, no INTERNAL.ERROR
    unreadable = [x for x in result["findings"] if x["code"] == "DIGI.UNREADABLE"][0]
    assert "decompressing" in unreadable["message_en"]


def test_damaged_deflate_data_of_the_manifest(tmp_path):
    z = kit.write_zip(tmp_path / "p.zip", *simple())
    kit.damage_zip_entry(z, "manifest.json")
    d = load_dossier(str(z))
    assert codes(d) == ["DOSSIER.MANIFEST_UNREADABLE"] and "read error" in d.findings[0].message_en


# --------------------------------------------------------------------------- implausible dates

@pytest.mark.parametrize("value", ["99991231170000", "00010101080000", "19891231235959", "21010101000000",
                                   "0001-01-01T08:00:00+07:00", "31/12/9999"])
def test_dates_outside_the_plausible_years_are_unreadable(value):
    with pytest.raises(ImplausibleDate):
        parse_moment(value)


@pytest.mark.parametrize("value", ["19900101000000", "21001231235959", "2024-03-15T08:00:00"])
def test_dates_inside_the_plausible_years_are_read(value):
    assert parse_moment(value) is not None


@pytest.mark.parametrize("field, value, status", [
    ("NgayHenTra", "99991231170000", "4"),           # a due date in 9999: never INTERNAL.CHECK_FAILED
    ("NgayTiepNhan", "00010101080000", "10"),        # a reception in year 1: never "on time"
    ("NgayKetThucXuLy", "99991231170000", "10"),
])
def test_implausible_dossier_dates_are_findings_and_never_on_time(field, value, status, tmp_path):
    from tests.kit.sample_dossiers import valid

    m, f = valid("1.001193", 99, status=status)
    m[field] = value
    result = validate_one(str(kit.write_folder(tmp_path / "p", m, f)), {"disable": ["SIG"]})
    schema = [x for x in result["findings"] if x["code"] == "DOSSIER.SCHEMA"]
    assert len(schema) == 1 and f"/{field}" in schema[0]["message_en"] and "plausible years 1990–2100" in schema[0]["message_en"]
    assert not [x for x in result["findings"] if x["code"].startswith("INTERNAL.")]
    assert result["on_time"]["class"] == "khong_xac_dinh"


# --------------------------------------------------------------------------- a package without its manifest

def test_a_package_folder_without_manifest_in_a_batch_is_a_finding(tmp_path):
    m, f = simple()
    kit.write_folder(tmp_path / "batch" / "p1", m, f)
    kit.write_folder(tmp_path / "batch" / "p2-mat-manifest", None, f)          # its files are in tp/
    kit.write_folder(tmp_path / "batch" / "2024" / "03" / "p3", m, f)
    kit.write_folder(tmp_path / "batch" / "2024" / "03" / "p4-mat-manifest", None, {"a.pdf": FORM})
    kit.write_folder(tmp_path / "batch" / "2024" / "rong" / "khong-co-gi", None, {})
    found = sorted(os.path.relpath(p, tmp_path / "batch") for p in find_dossiers([str(tmp_path / "batch")]).items)
    assert found == ["2024/03/p3", "2024/03/p4-mat-manifest", "p1", "p2-mat-manifest"]
    result = validate_one(str(tmp_path / "batch" / "p2-mat-manifest"), IN_TIME)
    assert codes(result) == ["DOSSIER.NO_MANIFEST"]
