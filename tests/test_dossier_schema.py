"""The manifest schema: portal field names, readable errors with JSON pointers, the fast
validator agrees with jsonschema, every field documented in schemas/README.md."""
import copy
import re

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schemas
from checks.components import fast_validator, schema_findings, validator
from tests.kit import dossier_kit as kit

RAW_JSONSCHEMA = re.compile(r"is not one of|is not of type|does not match|is a required property|is too long")


def manifest() -> dict:
    m = kit.base_manifest("1.001193", 7)
    m["TaiLieuNop"].append(kit.component("Tờ khai đăng ký khai sinh theo mẫu", "tp/01.pdf", "1.001193.TP01", b"x"))
    m["DanhSachGiayToKetQua"].append(kit.result("Giấy khai sinh", "kq/kq.pdf", "UBND phường", kit.datetime(2024, 3, 15, 14)))
    m["DanhSachLePhi"] = [{"TenPhiLePhi": "Lệ phí", "MaPhiLePhi": "1", "HinhThucThu": "1", "Gia": "8000", "LoaiPhiLePhi": "1"}]
    m["DanhSachHoSoBoSung"] = [{"HoSoBoSungId": 3, "NgayBoSung": "2024-03-15T10:00:00", "NgayHenTraMoi": None,
                                "TrangThaiBoSung": True, "NoiDungBoSung": "Bổ sung tờ khai"}]
    return m


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(schemas.load_json("dossier.schema.json"))


def test_a_portal_style_manifest_is_valid():
    m = manifest()
    assert schema_findings(m) == []
    assert validator().is_valid(m)


def _errors(m):
    return {f.location["pointer"]: f for f in schema_findings(m)}


def test_errors_carry_pointers_and_readable_vietnamese():
    m = manifest()
    m["TrangThaiHoSo"] = "11"
    m["KenhThucHien"] = 2
    m["NgayTiepNhan"] = "15/03/2024"
    m["NgayHenTra"] = "20240230170000"
    m["TaiLieuNop"][0]["DuocSoHoa"] = "yes"
    del m["MaHoSo"]
    m["TrichYeuHoSo"] = "x" * 1001
    m["DanhSachLePhi"][0]["Gia"] = "8.000đ"
    errors = _errors(m)
    assert set(errors) == {"/TrangThaiHoSo", "/KenhThucHien", "/NgayTiepNhan", "/NgayHenTra",
                           "/TaiLieuNop/0/DuocSoHoa", "/MaHoSo", "/TrichYeuHoSo", "/DanhSachLePhi/0/Gia"}
    for f in errors.values():
        assert f.code == "DOSSIER.SCHEMA" and f.severity == "error"
        assert not RAW_JSONSCHEMA.search(f.message) and not RAW_JSONSCHEMA.search(f.message_en)
    assert errors["/TrangThaiHoSo"].message.startswith("Trạng thái hồ sơ (/TrangThaiHoSo): giá trị \"11\" không thuộc bảng mã")
    assert "yyyyMMddHHmmss" in errors["/NgayTiepNhan"].message
    assert "không phải ngày giờ có thật" in errors["/NgayHenTra"].message
    assert errors["/MaHoSo"].message == "Mã hồ sơ (/MaHoSo): thiếu trường bắt buộc"
    assert "1001 ký tự" in errors["/TrichYeuHoSo"].message
    assert "phải là chuỗi" in errors["/KenhThucHien"].message or "không thuộc bảng mã" in errors["/KenhThucHien"].message


def test_personal_values_are_masked_in_schema_evidence():
    m = manifest()
    m["SoGiayToChuHoSo"] = 1234567890123
    m["Email"] = 42
    m["DinhDanhCHS"][0]["SoDinhDanh"] = 1234567890
    errors = _errors(m)
    for pointer in ("/SoGiayToChuHoSo", "/DinhDanhCHS/0/SoDinhDanh"):
        f = errors[pointer]
        assert "123456789" not in (f.evidence or "") + f.message
        assert f.evidence.endswith("890\"") or f.evidence.endswith("123\"")


# Mutations that keep the manifest JSON-like: the two validators must agree on each.
_FIELDS = ["MaHoSo", "MaTTHC", "TrangThaiHoSo", "KenhThucHien", "NgayTiepNhan", "NgayHenTra", "HinhThuc",
           "HoSoCoThanhPhanSoHoa", "SoDienThoai", "TaiLieuNop", "DanhSachLePhi", "DinhDanhCHS"]
_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 20), st.sampled_from(
    ["", "1", "10", "11", "2", "abc", "20240315090000", "20241315090000", "2024-03-15T09:00:00",
     "1.001193", "1.001193.000.00.00.H12", "x" * 60]), st.lists(st.just({}), max_size=2), st.just({"a": 1}))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.dictionaries(st.sampled_from(_FIELDS), _VALUES, max_size=3),
       drop=st.lists(st.sampled_from(_FIELDS), max_size=2))
def test_fast_validator_agrees_with_jsonschema(changes, drop):
    fast = fast_validator()
    if fast is None:
        pytest.skip("jsonschema-rs is not installed: only the reference validator runs")
    m = manifest()
    m.update(copy.deepcopy(changes))
    for key in drop:
        m.pop(key, None)
    assert fast.is_valid(m) == validator().is_valid(m)


def test_readme_documents_every_manifest_field_and_code_table():
    readme = schemas.path("README.md").read_text(encoding="utf-8")
    root = schemas.load_json("dossier.schema.json")
    names = set()

    def collect(node):
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for v in node.values():
                collect(v)
        elif isinstance(node, list):
            for v in node:
                collect(v)
    collect(root)
    missing = sorted(n for n in names if f"`{n}`" not in readme)
    assert not missing, f"not documented in schemas/README.md: {missing}"
    for table in ("TrangThaiHoSo", "KenhThucHien", "LoaiDoiTuong", "DuocTaiSuDung", "HinhThuc"):
        assert f"### `{table}`" in readme


def test_code_tables_have_one_source():
    """schemas/codes.json is the code table every module reads; the schema's enums, the README
    tables and the finished statuses agree with it."""
    root = schemas.load_json("dossier.schema.json")
    status = schemas.codes("TrangThaiHoSo")
    assert root["properties"]["TrangThaiHoSo"]["enum"] == list(status)
    assert root["$defs"]["quaTrinhXuLy"]["properties"]["TrangThai"]["enum"] == list(status)
    channels = schemas.codes("KenhThucHien")
    assert [c for c in root["properties"]["KenhThucHien"]["enum"] if c] == list(channels)
    assert schemas.load_json("codes.json")["KenhThucHien"]["online"] in channels
    readme = schemas.path("README.md").read_text(encoding="utf-8")
    for code, row in status.items():
        assert f"| `\"{code}\"` | {row['name']}" in readme, code
    assert {c for c, row in status.items() if row["group"] == "finished"} == {"9", "10"}
