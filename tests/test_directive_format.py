"""Decree 30/2020 format checks (checks/directive_format.py) on hand-built directives.

Each row is (what changes, document kind, changes, the exact set of codes every check reports):
a clean document of each kind reports nothing, and each variant triggers exactly its code, so
every check is seen both firing and staying quiet.
"""
import pytest

from checks.registry import Context, run_checks
from extract.model import Signer
from tests.kit.directive_factory import KINDS, directive


def codes(d, **ctx):
    return sorted(f.code for f in run_checks("directive", d, Context(**ctx)))


def found(d, code):
    return [f for f in run_checks("directive", d, Context()) if f.code == code]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_clean_document_of_each_type_reports_nothing(kind):
    assert codes(directive(kind)) == []


CASES = [
    # --- mandatory components (Điều 8.2)
    ("no national title", "Công văn", {"parts": {"national_title": None}}, ["ND30.MISSING_NATIONAL_TITLE"]),
    ("no motto", "Kế hoạch", {"parts": {"motto": None}}, ["ND30.MISSING_NATIONAL_TITLE"]),
    ("no issuer", "Công văn", {"parts": {"issuer": None}, "issuer": None}, ["ND30.MISSING_ISSUER"]),
    ("no Số line", "Công văn", {"parts": {"number": None}, "number": None, "symbol": None}, ["ND30.MISSING_NUMBER"]),
    ("no place/date", "Chỉ thị", {"parts": {"place_date": None}, "date": None}, ["ND30.MISSING_PLACE_DATE"]),
    ("typed document without its heading", "Kế hoạch",
     {"parts": {"doc_title": None}}, ["ND30.MISSING_DOC_TITLE"]),
    ("no body", "Thông báo", {"parts": {"body": None}}, ["ND30.MISSING_BODY"]),
    ("no signer name", "Công văn", {"parts": {"signer_name": None},
                                   "signer": Signer(position="PHÓ CHỦ TỊCH", authority="KT. CHỦ TỊCH")},
     ["ND30.MISSING_SIGNER"]),
    ("no Nơi nhận", "Quyết định", {"parts": {"cc": None}, "cc": []}, ["ND30.MISSING_CC"]),
    ("công văn without Kính gửi", "Công văn", {"parts": {"recipients": None}, "recipients": []},
     ["ND30.KINH_GUI_MISSING"]),
    ("chỉ thị needs no Kính gửi", "Chỉ thị", {"recipients": []}, []),
    # --- number and symbol (Phụ lục I, II.3; Phụ lục III)
    ("blank number (gold 000)", "Công văn", {"parts": {"number": "Số: /UBND-PVHCC"}, "number": None,
                                            "symbol": "UBND-PVHCC"}, ["ND30.NUMBER_BLANK"]),
    ("blank number with dots", "Quyết định", {"parts": {"number": "Số: ......./QĐ-UBND"}, "number": None}, ["ND30.NUMBER_BLANK"]),
    ("number below 10 without zero", "Chỉ thị", {"parts": {"number": "Số: 5/CT-UBND"}, "number": "5/CT-UBND"},
     ["ND30.NUMBER_LEADING_ZERO"]),
    ("number 05 is fine", "Chỉ thị", {"parts": {"number": "Số: 05/CT-UBND"}}, []),
    ("hand-stamp space before the slash is not a finding", "Công văn",
     {"parts": {"number": "Số: 4560 /UBND-PVHCC"}, "number": "4560/UBND-PVHCC"}, []),
    ("spaces inside the symbol", "Công văn", {"parts": {"number": "Số: 1520/UBND - VX"}}, ["ND30.NUMBER_SPACES"]),
    ("a Cyrillic Х in the symbol", "Công văn", {"parts": {"number": "Số: 1520/UBND-VХ"}}, ["ND30.NUMBER_LOOKALIKE"]),
    ("công văn symbol without drafting unit", "Công văn", {"parts": {"number": "Số: 1520/UBND"}, "number": "1520/UBND"},
     ["ND30.SYMBOL_MALFORMED"]),
    ("công văn carrying a type abbreviation", "Công văn",
     {"parts": {"number": "Số: 1520/KH-UBND"}, "number": "1520/KH-UBND"}, ["ND30.SYMBOL_TYPE_IN_CONG_VAN"]),
    ("văn bản hợp nhất of a quyết định: the heading is the consolidated text's (92/VBHN-BQP)", "Quyết định",
     {"parts": {"number": "Số: 92/VBHN-BQP"}, "number": "92/VBHN-BQP"}, []),
    ("a law's number has no type abbreviation (Luật 60/2024/QH15)", "Quyết định",
     {"doc_type": "Luật", "parts": {"doc_title": "LUẬT", "number": "Số: 60/2024/QH15"}, "number": "60/2024/QH15"},
     []),
    ("a quyết định's symbol still needs its issuer", "Quyết định",
     {"parts": {"number": "Số: 60/2024/QĐ"}, "number": "60/2024/QĐ"}, ["ND30.SYMBOL_MALFORMED"]),
    ("kế hoạch numbered as a quyết định", "Kế hoạch",
     {"parts": {"number": "Số: 2945/QĐ-UBND"}, "number": "2945/QĐ-UBND"}, ["ND30.SYMBOL_TYPE_MISMATCH"]),
    ("quy định must use QyĐ, not QĐ", "Quyết định",
     {"parts": {"doc_title": "QUY ĐỊNH", "number": "Số: 12/QĐ-UBND"}, "doc_type": "Quy định", "number": "12/QĐ-UBND"},
     ["ND30.SYMBOL_TYPE_MISMATCH"]),
    ("quy định with QyĐ", "Quyết định",
     {"parts": {"doc_title": "QUY ĐỊNH", "number": "Số: 12/QyĐ-UBND"}, "doc_type": "Quy định", "number": "12/QyĐ-UBND"},
     []),
    ("tờ trình with TTr", "Kế hoạch",
     {"parts": {"doc_title": "TỜ TRÌNH", "number": "Số: 77/TTr-SNV"}, "doc_type": "Tờ trình", "number": "77/TTr-SNV"}, []),
    ("legal-normative decision with its year", "Quyết định",
     {"parts": {"number": "Số: 16/2022/QĐ-UBND"}, "number": "16/2022/QĐ-UBND"}, []),
    # --- place and date (Phụ lục I, II.4)
    ("blank day (gold 000)", "Công văn", {"parts": {"place_date": "Ninh Thuận, ngày   tháng 7 năm 2024"},
                                         "date": None, "date_partial": {"year": 2024, "month": 7}, "deadlines": []},
     ["ND30.DATE_DAY_BLANK"]),
    ("blank day and month", "Công văn", {"parts": {"place_date": "Đồng Tháp, ngày    tháng    năm 2024"},
                                        "date": None, "date_partial": {"year": 2024}, "deadlines": []},
     ["ND30.DATE_DAY_BLANK", "ND30.DATE_MONTH_BLANK"]),
    ("day below 10 without zero", "Kế hoạch", {"parts": {"place_date": "Ninh Thuận, ngày 5 tháng 10 năm 2022"}},
     ["ND30.DATE_LEADING_ZERO"]),
    ("month 1 without zero", "Kế hoạch", {"parts": {"place_date": "Hà Nội, ngày 05 tháng 1 năm 2020"}},
     ["ND30.DATE_LEADING_ZERO"]),
    ("month 01 is right", "Kế hoạch", {"parts": {"place_date": "Hà Nội, ngày 05 tháng 01 năm 2020"}}, []),
    ("month 6 needs no zero", "Kế hoạch", {"parts": {"place_date": "Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019"}}, []),
    ("month 03 zero-padded", "Kế hoạch", {"parts": {"place_date": "Hà Nội, ngày 15 tháng 03 năm 2024"}},
     ["ND30.DATE_MONTH_ZERO_PADDED"]),
    ("31 February", "Báo cáo", {"parts": {"place_date": "Hà Nội, ngày 31 tháng 02 năm 2024"}}, ["ND30.DATE_INVALID"]),
    ("numeric date", "Báo cáo", {"parts": {"place_date": "Hà Nội, 15/3/2024"}}, ["ND30.DATE_FORMAT"]),
    ("OCR without accents still reads", "Báo cáo", {"parts": {"place_date": "Ha Noi, ngay 15 thang 3 nam 2024"}}, []),
    # --- subject (Điều 8.2.đ; Phụ lục I, II.5)
    ("no subject", "Kế hoạch", {"parts": {"subject": None}, "subject": None}, ["ND30.SUBJECT_MISSING"]),
    ("công văn subject without V/v", "Công văn", {"parts": {"subject": "Tăng cường cải cách hành chính"}},
     ["ND30.SUBJECT_NO_VV"]),
    ("subject with stray period (gold 001 prints one)", "Công văn",
     {"parts": {"subject": "V/v đẩy mạnh cải cách thủ tục hành chính\nphục vụ người dân, doanh nghiệp."}},
     ["ND30.SUBJECT_TRAILING_PERIOD"]),
    # --- signing authority (Phụ lục I, II.7)
    ("head signs in person, no marker (gold 002)", "Công văn",
     {"parts": {"authority": None, "position": "CHỦ TỊCH"}}, []),
    ("K/T instead of KT.", "Công văn", {"parts": {"authority": "K/T CHỦ TỊCH"}}, ["ND30.AUTHORITY_INVALID"]),
    ("KT. over the head himself", "Công văn", {"parts": {"position": "CHỦ TỊCH"}}, ["ND30.KT_NOT_DEPUTY"]),
    ("KT. over another head's deputy", "Công văn",
     {"parts": {"authority": "KT. GIÁM ĐỐC", "position": "PHÓ CHỦ TỊCH"}}, ["ND30.KT_TITLE_MISMATCH"]),
    ("OCR lost a tone mark of the deputy's title", "Công văn",
     {"parts": {"authority": "KT. CHỦ TỊCH", "position": "PHÓ CHỦ TICH"}}, []),
    ("OCR lost the marks of the head's title", "Công văn",
     {"parts": {"authority": "KT. CHU TICH", "position": "PHÓ CHỦ TỊCH"}}, []),
    ("KT. over the head himself, read by OCR", "Công văn",
     {"parts": {"authority": "KT. CHỦ TỊCH", "position": "CHỦ TICH"}}, ["ND30.KT_NOT_DEPUTY"]),
    ("KT. over another head's deputy, read by OCR", "Công văn",
     {"parts": {"authority": "KT. GIÁM ĐÔC", "position": "PHÓ CHỦ TICH"}}, ["ND30.KT_TITLE_MISMATCH"]),
    ("KT. BỘ TRƯỞNG / THỨ TRƯỞNG", "Công văn",
     {"parts": {"authority": "KT. BỘ TRƯỞNG", "position": "THỨ TRƯỞNG", "number": "Số: 45/BNV-VP"},
      "number": "45/BNV-VP"}, []),
    # a head holding two offices: a deputy of either office signs (VPCP thông báo 623, 627, 636, 641/TB-VPCP)
    ("KT. BỘ TRƯỞNG, CHỦ NHIỆM / PHÓ CHỦ NHIỆM", "Thông báo",
     {"parts": {"authority": "KT. BỘ TRƯỞNG, CHỦ NHIỆM", "position": "PHÓ CHỦ NHIỆM"}}, []),
    ("KT. BỘ TRƯỞNG, CHỦ NHIỆM / THỨ TRƯỞNG", "Thông báo",
     {"parts": {"authority": "KT. BỘ TRƯỞNG, CHỦ NHIỆM", "position": "THỨ TRƯỞNG"}}, []),
    ("KT. CHỦ TỊCH, TRƯỞNG BAN / PHÓ TRƯỞNG BAN", "Quyết định",
     {"parts": {"authority": "KT. CHỦ TỊCH, TRƯỞNG BAN", "position": "PHÓ TRƯỞNG BAN"}}, []),
    ("KT. BỘ TRƯỞNG, CHỦ NHIỆM / PHÓ GIÁM ĐỐC", "Thông báo",
     {"parts": {"authority": "KT. BỘ TRƯỞNG, CHỦ NHIỆM", "position": "PHÓ GIÁM ĐỐC"}}, ["ND30.KT_TITLE_MISMATCH"]),
    ("KT. BỘ TRƯỞNG, CHỦ NHIỆM / CHỦ NHIỆM himself", "Thông báo",
     {"parts": {"authority": "KT. BỘ TRƯỞNG, CHỦ NHIỆM", "position": "CHỦ NHIỆM"}}, ["ND30.KT_NOT_DEPUTY"]),
    # the issuer's own initials head a công văn's symbol: <issuer>-<unit>, not a type (Cục Thuế 5330/CT-CS)
    ("Cục Thuế công văn CT-CS", "Công văn",
     {"parts": {"number": "Số: 5330/CT-CS", "issuer": "BỘ TÀI CHÍNH\nCỤC THUẾ"}, "number": "5330/CT-CS",
      "issuer": "BỘ TÀI CHÍNH CỤC THUẾ", "issuer_normalized": "Cục Thuế"}, []),
    ("công văn of another issuer numbered CT-", "Công văn",
     {"parts": {"number": "Số: 5330/CT-UBND"}, "number": "5330/CT-UBND"}, ["ND30.SYMBOL_TYPE_IN_CONG_VAN"]),
    ("TM. before a personal title", "Quyết định",
     {"parts": {"authority": "TM. CHỦ TỊCH", "position": "CHỦ TỊCH"}}, ["ND30.TM_NOT_COLLECTIVE"]),
]


@pytest.mark.parametrize("what,kind,changes,expected", CASES, ids=[c[0] for c in CASES])
def test_format_checks(what, kind, changes, expected):
    assert codes(directive(kind, **changes)) == sorted(expected)


def test_gold_number_blank_is_located_on_the_number_line():
    d = directive(parts={"number": "Số: /UBND-PVHCC"}, number=None)
    [f] = found(d, "ND30.NUMBER_BLANK")
    assert f.location == d.parts["number"].location and f.evidence == "Số: /UBND-PVHCC"
    assert f.severity == "error" and "/UBND-PVHCC" in f.message and f.message_en


def test_gold_day_blank_is_located_on_the_place_date_line():
    d = directive(parts={"place_date": "Ninh Thuận, ngày   tháng 7 năm 2024"}, date=None,
                  date_partial={"year": 2024, "month": 7})
    [f] = found(d, "ND30.DATE_DAY_BLANK")
    assert f.location == d.parts["place_date"].location
    assert f.evidence == "Ninh Thuận, ngày tháng 7 năm 2024"


def test_disabling_a_code_or_family_silences_it():
    d = directive("Chỉ thị", parts={"number": "Số: 5/CT-UBND", "place_date": "Hà Nội, ngày 5 tháng 3 năm 2024"},
                  number="5/CT-UBND")
    assert codes(d) == ["ND30.DATE_LEADING_ZERO", "ND30.NUMBER_LEADING_ZERO"]
    assert codes(d, disabled=frozenset({"ND30.DATE_LEADING_ZERO"})) == ["ND30.NUMBER_LEADING_ZERO"]
    assert codes(d, disabled=frozenset({"ND30"})) == []
    assert codes(d, disabled=frozenset({"nd30.date"})) == ["ND30.NUMBER_LEADING_ZERO"]


def test_rules_before_decree_30_took_effect_are_not_applied():
    from datetime import date
    d = directive("Chỉ thị", parts={"number": "Số: 5/CT-UBND"}, number="5/CT-UBND")
    assert codes(d, subject_date=date(2019, 6, 1)) == []
    assert codes(d, subject_date=date(2020, 3, 5)) == ["ND30.NUMBER_LEADING_ZERO"]


def test_a_parser_that_locates_no_component_gets_no_missing_component_findings():
    d = directive(parts={k: None for k in list(directive().parts)})
    assert [c for c in codes(d) if "MISSING" in c] == []


def test_blank_year():
    d = directive(parts={"place_date": "Hà Nội, ngày 05 tháng 01 năm"}, deadlines=[])
    assert codes(d) == ["ND30.DATE_YEAR_BLANK"]


def test_every_rule_of_these_families_is_exercised_by_a_test():
    """Each ND30/REF/DEADLINE code appears in some test's expectations (fired at least once)."""
    from pathlib import Path
    import schemas
    here = Path(__file__).parent
    text = "".join((here / name).read_text(encoding="utf-8")
                   for name in ("test_directive_format.py", "test_directive_logic.py", "test_scans.py"))
    own = [c for c in schemas.rules() if c.split(".")[0] in ("ND30", "REF", "DEADLINE")]
    assert [c for c in own if f'"{c}"' not in text] == []


# Any text in any component, any number: the checks judge, they never crash (a crash would be an
# INTERNAL.CHECK_FAILED finding).
from hypothesis import given, settings, strategies as st  # noqa: E402

_TEXT = st.text(alphabet=st.sampled_from(list("Số:/ -.KTMQLUBNDĐHquyếtđịnhngàytháng0123456789\n…")), max_size=40)


@settings(max_examples=150, deadline=None)
@given(number=_TEXT, place_date=_TEXT, subject=_TEXT, authority=_TEXT, position=_TEXT, title=_TEXT,
       own=st.one_of(st.none(), _TEXT), kind=st.sampled_from(sorted(KINDS)))
def test_checks_never_crash(number, place_date, subject, authority, position, title, own, kind):
    from extract.model import Deadline, Reference
    from tests.kit.directive_factory import span
    d = directive(kind, parts={"number": number, "place_date": place_date, "subject": subject,
                               "authority": authority, "position": position, "doc_title": title},
                  number=own, date=None, date_partial={"year": "x"},
                  references=[Reference(type=title or None, number=number, printed=place_date)],
                  self_references=[Reference(type=None, number=subject, date=place_date, spans=[span(subject, 1)])],
                  deadlines=[Deadline(text=subject, kind="date", date=place_date)])
    found = codes(d)
    assert "INTERNAL.CHECK_FAILED" not in found


# --------------------------------------------------------------------------- the reader's number, not a second parse

@pytest.mark.parametrize("printed, number, codes_", [
    ("846/QĐ-UBND", "846/QĐ-UBND", []),
    ("846/QĐĐ-UBND", "846/QĐ-UBND", ["PARSE.NUMBER_REPAIRED"]),            # OCR doubled a letter: the reader repaired it
    ("846/KH-UBND", "846/KH-UBND", ["ND30.SYMBOL_TYPE_MISMATCH"]),         # a plan's symbol on a decision
    ("846 /QĐ-UBND", "846/QĐ-UBND", []),                                  # the hand-stamp space before "/" is practice
    ("846/ QĐ-UBND", "846/QĐ-UBND", ["ND30.NUMBER_SPACES"]),              # how it is printed is still read from the page
    ("8/QĐ-UBND", "8/QĐ-UBND", ["ND30.NUMBER_LEADING_ZERO"]),
])
def test_the_number_check_judges_the_number_the_reader_parsed(tmp_path, printed, number, codes_):
    """checks/directive_format.py takes the sequence number and symbol from Directive.number_parts
    (the reader's parse, after its OCR repair), so the check and the record never disagree on
    what the number is; the printed line is read only for how it is written."""
    from pathlib import Path

    from checks.directive_format import number_and_symbol
    from extract.directive import parse
    from extract.load import load

    text = (Path(__file__).resolve().parents[1] / "samples" / "directives" / "quyet-dinh-clean.txt").read_text(encoding="utf-8")
    (tmp_path / "qd.txt").write_text(text.replace("Số: 846/QĐ-UBND", f"Số: {printed}", 1), encoding="utf-8")
    d = parse(load(str(tmp_path / "qd.txt")))
    assert d.number == number and d.number_parts.number == number and d.issued.isoformat() == d.date
    found_ = [f.code for f in d.findings if f.code.startswith("PARSE.NUMBER")] + \
        [f.code for f in number_and_symbol(d, Context())]
    assert sorted(found_) == codes_
