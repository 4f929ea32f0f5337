"""Look-alike letters and stray spaces in numbers: read as the number they stand for, kept as printed,
and reported (REF.NUMBER_LOOKALIKE, ND30.NUMBER_LOOKALIKE, REF.NUMBER_SPACES). Rows are the forms the
real corpus and CONVENTIONS.md §7 show."""
import pytest

from checks.registry import Context, run_checks
from extract.directive import parse
from extract.normalize import confusables_in, fold_confusables
from tests.kit.docbuild import document

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "{number}\nNinh Thuận, ngày 20 tháng 10 năm 2022\nQUYẾT ĐỊNH\nVề việc công bố thủ tục hành chính\n")
BODY = "Căn cứ {cited};\nĐiều 1. Sở Nội vụ thực hiện Quyết định này./.\n"


def run(number: str = "Số: 12/QĐ-UBND", cited: str = "Nghị định số 61/2018/NĐ-CP"):
    d = parse(document(HEAD.format(number=number) + BODY.format(cited=cited)))
    return d, run_checks("directive", d, Context(disabled=frozenset({"DEADLINE", "REF.REPLACED",
                                                                      "REF.REPLACED_UNVERIFIED"})))


@pytest.mark.parametrize("cited, number, printed, code", [
    ("Nghị quyết số 66/NQ-СР ngày 01/4/2024 của Chính phủ", "66/NQ-CP", "66/NQ-СР", "REF.NUMBER_LOOKALIKE"),
    ("Nghị định số 137/2020/NĐ-СР ngày 27 tháng 11 năm 2020", "137/2020/NĐ-CP", "137/2020/NĐ-СР",
     "REF.NUMBER_LOOKALIKE"),
    ("Quyết định số 3470/QĐ- UBND ngày 02/10/2024", "3470/QĐ-UBND", "3470/QĐ- UBND", "REF.NUMBER_SPACES"),
    ("Nghị định số 45/2020/NĐ -CP", "45/2020/NĐ-CP", "45/2020/NĐ -CP", "REF.NUMBER_SPACES"),
    ("Nghị định số 61/2018/NĐ-CP", "61/2018/NĐ-CP", None, None),
], ids=["Cyrillic С and Р", "Cyrillic in a decree number", "space after the hyphen", "space before the hyphen",
        "clean"])
def test_cited_number_read_as_the_number_kept_as_printed(cited, number, printed, code):
    d, found = run(cited=cited)
    [ref] = d.references
    assert (ref.number, ref.printed) == (number, printed)
    codes = [f.code for f in found if f.code.startswith("REF.NUMBER")]
    assert codes == ([code] if code else [])
    if code:
        f = next(f for f in found if f.code == code)
        assert printed in f.evidence and number in f.message_en


def test_the_documents_own_number_with_lookalikes():
    d, found = run(number="Số: 12/QĐ-UBNР")
    assert d.number == "12/QĐ-UBNP"
    [f] = [f for f in found if f.code == "ND30.NUMBER_LOOKALIKE"]
    assert f.severity == "warning" and "Kirin" in f.message and "12/QĐ-UBNP" in f.message


@pytest.mark.parametrize("text, folded, letters", [
    ("66/NQ-СР", "66/NQ-CP", ["С", "Р"]),
    ("ΝĐ-CP", "NĐ-CP", ["Ν"]),
    ("Nghị định", "Nghị định", []),
])
def test_folding_keeps_length_and_finds_the_letters(text, folded, letters):
    assert fold_confusables(text) == folded and len(folded) == len(text)
    assert confusables_in(text) == letters
