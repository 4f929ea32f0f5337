import unicodedata

import pytest

from extract.normalize import canonical_tones, clean_text, fold, strip_accents

TONES = [
    ("hoà", "hòa"), ("Hoà", "Hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("CỘNG HOÀ", "CỘNG HÒA"),
    ("Uỷ ban", "Ủy ban"), ("Thuỵ", "Thụy"),
    # unchanged: q+u, a final consonant, already canonical
    ("quý", "quý"), ("quỳ", "quỳ"), ("hoàng", "hoàng"), ("tuyển", "tuyển"), ("hòa", "hòa"), ("ủy", "ủy"),
]


@pytest.mark.parametrize("given,expected", TONES)
def test_canonical_tones(given, expected):
    assert canonical_tones(given) == expected


def test_fold_unifies_nfd_tones_case_and_eth():
    nfd = unicodedata.normalize("NFD", "Ủy ban nhân dân TỈNH  Hoà Bình")
    assert fold(nfd) == fold("UỶ BAN NHÂN DÂN tỉnh Hòa Bình")
    assert fold("\u00d0ảng") == fold("Đảng")


def test_clean_text_removes_markup_but_keeps_text():
    raw = "**ỦY BAN**  \n## 2. Sở:\nngày 20/9/2023<sup>5</sup> *(chi tiết)* <b>x</b> <a href='u'>link</a>"
    assert clean_text(raw, markup=True) == "ỦY BAN\n2. Sở:\nngày 20/9/2023⁵ (chi tiết) x link"


def test_clean_text_repairs_pdfium_hyphen_and_spaces():
    assert clean_text("120/QĐ\x02UBND-HC\r\nSố:\u00a0 12") == "120/QĐ-UBND-HC\nSố: 12"
    assert clean_text("1977/UBND\x02\r\nTTHC") == "1977/UBND-TTHC"


def test_output_is_nfc():
    out = clean_text(unicodedata.normalize("NFD", "Thủ tướng Chính phủ"))
    assert out == unicodedata.normalize("NFC", out)
    assert strip_accents("Đường") == "Duong"


def test_table_cells_keep_their_columns():
    # one tab per cell boundary: an empty cell between two tabs stays (the lead column of a row)
    assert clean_text("1\tRà soát\t\t\tNăm 2025") == "1\tRà soát\t\t\tNăm 2025"
    assert clean_text("\tmẫu đơn  \t ") == "\tmẫu đơn\t"
    assert clean_text("STT  \t  Nội dung") == "STT\tNội dung"


# --------------------------------------------------------------------------- the keys moved here (issue 13)

@pytest.mark.parametrize("text, key", [
    ("Nguyễn Văn Ánh", "nguyen van anh"),
    ("ĐẶNG THỊ Đào", "dang thi dao"),
    ("Trần Thị Bích-Ngọc", "tran thi bich-ngoc"),
    ("Иван Йода", "иван иода"),            # any script: the masking of personal data sees it too
])
def test_skeleton_any_script_keeps_one_character_per_character(text, key):
    from extract.normalize import skeleton_any_script
    assert skeleton_any_script(text) == key and len(key) == len(text)


@pytest.mark.parametrize("text, key", [
    ("Đường", "duong"),
    ("KHOẺ", "khoe"),
    ("hòa", "hoa"),
    (unicodedata.normalize("NFD", "Thủy"), "thuy"),   # decomposed input too
    ("Sở Tài chính", "so tai chinh"),
])
def test_without_marks(text, key):
    from extract.normalize import without_marks
    assert without_marks(text) == key


@pytest.mark.parametrize("a, b, same", [
    ("2623/QĐ-TTg", "2623/QD-TTG", True),
    ("61 / 2018 /NĐ-CP", "61/2018/nđ-cp", True),
    ("Số 12/KH-UBND", "12/KH-UBND", False),      # the label is not part of a number
    ("12/KH-UBND", "21/KH-UBND", False),
])
def test_one_number_key_for_the_checks_and_the_register(a, b, same):
    from checks import directive_logic
    from extract.normalize import number_key
    from register import entry
    assert (number_key(a) == number_key(b)) is same
    assert directive_logic.number_key is number_key and entry.number_key is number_key
