"""Component names as officers type them (abbreviations), and findings that say what to fix:
the closest catalog component, the field to fill, the expected type and value."""
import pytest

from checks.components import check_required, explain_abbreviations, match_components, name_key, schema_findings
from checks.registry import Context
from extract.dossier.package import manifest_entries
from extract.dossier.procedures import lookup
from extract.model import Dossier
from tests.kit import dossier_kit as kit


def dossier(code: str, entries: list[tuple[str, str | None]]) -> Dossier:
    """A dossier of procedure `code` whose TaiLieuNop has (name, MaThanhPhanHoSo) entries."""
    m = kit.base_manifest(code, 7)
    m["TaiLieuNop"] = [kit.component(name, f"tp/{i}.pdf", ccode) for i, (name, ccode) in enumerate(entries)]
    return Dossier(source="mem", manifest=m, components=manifest_entries(m), procedure=lookup(code))


def by_code(findings) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in findings:
        out.setdefault(f.code, []).append(f)
    return out


# (procedure, name typed with abbreviations, catalog component it is)
ABBREVIATED = [
    ("1.001612", "Bản sao CCCD của chủ hộ", "1.001612.TP02"),
    ("1.001612", "Bản sao CCCD của chủ hộ kinh doanh", "1.001612.TP02"),
    ("1.001612", "Giấy đề nghị đăng ký HKD", "1.001612.TP01"),
    ("1.009994", "Bản sao GCN QSDĐ", "1.009994.TP02"),
    ("1.009994", "Bản sao GCN QSDD", "1.009994.TP02"),
    ("1.009994", "Đơn đề nghị cấp GPXD", "1.009994.TP01"),
    ("2.000635", "CCCD", "2.000635.TP03"),
]


@pytest.mark.parametrize("procedure, typed, expected", ABBREVIATED, ids=[c[1] for c in ABBREVIATED])
def test_abbreviations_match_the_catalog_long_forms(procedure, typed, expected):
    d = dossier(procedure, [(typed, None)])
    matched, extra, by_name = match_components(d, Context().digitization_policy.name_match_threshold)
    assert not extra and [c.get("code") for _, c, _ in by_name] == [expected]


@pytest.mark.parametrize("typed, unrelated", [
    ("Bản sao CCCD của chủ hộ", "Bản vẽ thiết kế xây dựng"),
    ("Bản sao GCN QSDĐ", "Giấy khai sinh"),
])
def test_abbreviations_do_not_make_unrelated_names_match(typed, unrelated):
    from checks.components import name_score
    assert name_score(name_key(typed), name_key(unrelated)) < 60


def test_the_issue_case_is_neither_missing_nor_extra_and_says_the_code_to_write():
    d = dossier("1.001612", [("Giấy đề nghị đăng ký hộ kinh doanh", "1.001612.TP01"), ("Bản sao CCCD của chủ hộ", None)])
    got = by_code(check_required(d, Context()))
    assert set(got) == {"COMPONENT.NO_CODE"}
    message = got["COMPONENT.NO_CODE"][0].message
    assert "CCCD = căn cước công dân" in message and 'ghi MaThanhPhanHoSo "1.001612.TP02"' in message
    assert 'set MaThanhPhanHoSo to "1.001612.TP02"' in got["COMPONENT.NO_CODE"][0].message_en


def test_missing_component_names_the_field_and_code_to_add():
    d = dossier("1.001612", [("Bản sao CCCD của chủ hộ", "1.001612.TP02")])
    f = by_code(check_required(d, Context()))["COMPONENT.MISSING"][0]
    assert 'thêm vào TaiLieuNop một mục có MaThanhPhanHoSo "1.001612.TP01"' in f.message
    assert "TenTepDinhKem \"Giấy đề nghị đăng ký hộ kinh doanh\"" in f.message
    assert "add an entry to TaiLieuNop" in f.message_en


def test_missing_component_points_at_the_entry_that_is_probably_it():
    # "Đơn xin đăng ký kinh doanh" is below the match threshold for TP01 but close to it
    d = dossier("1.001612", [("Bản sao CCCD của chủ hộ", "1.001612.TP02"), ("Đơn xin đăng ký kinh doanh", "KHAC")])
    got = by_code(check_required(d, Context()))
    missing = got["COMPONENT.MISSING"][0]
    assert 'nếu mục "Đơn xin đăng ký kinh doanh" (/TaiLieuNop/1)' in missing.message
    assert 'ghi MaThanhPhanHoSo "1.001612.TP01" cho mục đó' in missing.message
    extra = got["COMPONENT.EXTRA"][0]
    assert 'Thành phần gần nhất trong danh mục: "Giấy đề nghị đăng ký hộ kinh doanh" (1.001612.TP01' in extra.message


def test_an_unrelated_extra_component_gets_no_false_suggestion():
    d = dossier("1.001193", [("Tờ khai đăng ký khai sinh theo mẫu", "1.001193.TP01"),
                             ("Giấy chứng sinh", "1.001193.TP02"), ("Ảnh chụp sổ tiết kiệm", None)])
    extra = by_code(check_required(d, Context()))["COMPONENT.EXTRA"][0]
    assert "gần nhất" not in extra.message and "kiểm tra MaTTHC" in extra.message


def test_explain_abbreviations_keeps_the_typed_spelling():
    assert explain_abbreviations("bản sao cccd và GCN QSDĐ") == [
        ("cccd", "căn cước công dân"), ("GCN", "giấy chứng nhận"), ("QSDĐ", "quyền sử dụng đất")]
    assert explain_abbreviations("Giấy khai sinh") == []


@pytest.mark.parametrize("field, value, vi, en", [
    ("TrangThaiHoSo", 4, 'phải là chuỗi "4", không phải số nguyên 4', 'must be the string "4"'),
    ("KenhThucHien", 2, 'phải là chuỗi "2"', 'must be the string "2"'),
    ("TrangThaiHoSo", "11", 'giá trị "11" không thuộc bảng mã', 'not in the code table'),
    ("TrangThaiHoSo", 4.0, 'phải là chuỗi "4"', 'must be the string "4"'),
    ("MaHoSo", 123, 'phải là chuỗi (đang là số nguyên); ghi "123"', 'must be a string (it is an integer); write "123"'),
])
def test_schema_messages_say_the_expected_type_and_value(field, value, vi, en):
    m = kit.base_manifest("1.001193", 8)
    m[field] = value
    f = next(f for f in schema_findings(m) if f.location["pointer"] == f"/{field}")
    assert vi in f.message and en in f.message_en


def test_a_personal_field_of_the_wrong_type_never_echoes_its_value():
    m = kit.base_manifest("1.001193", 9)
    m["SoGiayToChuHoSo"] = 1234567890
    f = next(f for f in schema_findings(m) if f.location["pointer"] == "/SoGiayToChuHoSo")
    assert "1234567890" not in f.message + f.message_en + str(f.evidence)
