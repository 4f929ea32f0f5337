"""End to end: `parse()` on the project's own sample directives (tests/samples/directives, each
written to exercise a tricky form) and on documents that are not directives."""
from pathlib import Path

import pytest

from extract.directive import parse
from extract.load import load
from tests.kit.docbuild import document

SAMPLES = Path(__file__).parent / "samples"


def parsed(name: str):
    return parse(load(SAMPLES / "directives" / name))


def tasks(d) -> dict[str, list[str]]:
    return {t.section: t.assignees for t in d.tasks}


def deadlines(d) -> list[tuple]:
    return [(x.section, x.kind, x.date or x.recurrence or (x.duration or {}).get("unit")) for x in d.deadlines]


def test_interleaved_header_blank_number_footnote_in_a_bullet():
    d = parsed("cv_interleaved_blank_number.txt")
    assert d.document_dict() == {
        "doc_type": "Công văn", "issuer": "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
        "issuer_normalized": "UBND tỉnh Khánh Hòa", "number": None, "symbol": "UBND-KSTT",
        "place": "Khánh Hòa", "date": None, "date_partial": {"year": 2024, "month": 7},
        "subject": "triển khai thực hiện Kế hoạch số 45/KH-UBND ngày 12/6/2024 về chuyển đổi số trong giải quyết TTHC",
        "recipients": ["Các Sở, ban, ngành thuộc tỉnh", "UBND các huyện, thị xã, thành phố"],
        "signer": {"name": "Trần Văn Minh", "position": "CHÁNH VĂN PHÒNG", "authority": "TL. CHỦ TỊCH"},
        "cc": ["Như trên", "CT, các PCT UBND tỉnh", "Lưu: VT, KSTT"]}
    both = ["Các Sở, ban, ngành thuộc tỉnh", "UBND các huyện, thị xã, thành phố"]
    assert tasks(d) == {"1.b1": both, "1.b2": both, "2.a": ["Sở Thông tin và Truyền thông"],
                        "2.b": ["Sở Thông tin và Truyền thông"], "3": ["Văn phòng UBND tỉnh"]}
    # the bullet 1.b2 goes on after the footnote: its monthly report is its own deadline
    assert deadlines(d) == [("1.b1", "date", "2024-08-15"), ("1.b2", "recurring", "monthly"),
                            ("2.a", "month", "2024-09-30"), ("2.b", "date", "2024-12-20")]
    by = {t.section: t for t in d.tasks}
    assert by["1.b2"].deadlines == [1] and by["1.b2"].references == ["45/2020/NĐ-CP"]
    assert {r.number: r.mentions for r in d.references} == {"45/KH-UBND": 3, "45/2020/NĐ-CP": 1}
    assert d.parts["number"].text == "Số: /UBND-KSTT"
    assert d.parts["place_date"].text == "Khánh Hòa, ngày tháng 7 năm 2024"
    assert "doc_title" not in d.parts
    assert (d.parts["number"].page, d.parts["number"].line) == (1, 3)


def test_chi_thi_with_tm_closing_and_closing_sentence():
    d = parsed("ct_tm_closing.txt")
    assert (d.doc_type, d.number, d.date) == ("Chỉ thị", "08/CT-UBND", "2024-03-05")
    assert d.subject == "tăng cường kỷ luật, kỷ cương trong giải quyết thủ tục hành chính trên địa bàn tỉnh"
    assert (d.signer.authority, d.signer.position, d.signer.name) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Thị Hương")
    heads = ["các sở, ban, ngành", "UBND các huyện, thành phố"]
    assert tasks(d) == {"1.a": heads, "1.b": heads, "1.c": heads, "2": ["Sở Nội vụ"], "3": ["Văn phòng UBND tỉnh"]}
    assert deadlines(d) == [("1.b", "quarter", "2024-06-30"), ("1.c", "recurring", "monthly"),
                            ("2", "before_month", "2024-11-30")]
    assert d.parts["doc_title"].text == "CHỈ THỊ"
    assert not any("hiệu lực" in t.text for t in d.tasks)


def test_ke_hoach_with_roman_parts_and_appendix_table():
    d = parsed("kh_roman_appendix.txt")
    assert (d.doc_type, d.number, d.issuer_normalized) == ("Kế hoạch", "112/KH-STTTT",
                                                           "Sở Thông tin và Truyền thông tỉnh Đồng Nai")
    assert (d.signer.authority, d.signer.position) == (None, "GIÁM ĐỐC")
    phong = ["Phòng Bưu chính, Viễn thông và Công nghệ thông tin"]
    assert tasks(d) == {"II.1.a": phong, "II.1.b": phong, "II.2.b1": ["Văn phòng Sở"], "II.2.b2": ["Văn phòng Sở"],
                        "III": ["Thanh tra Sở"], "appendix 1.1": phong, "appendix 1.2": phong,
                        "appendix 2.1": ["Văn phòng Sở", "Thanh tra Sở"],
                        "appendix 2.2": ["Trung tâm Công nghệ thông tin và Truyền thông"]}
    assert ("II.2.b1", "recurring", "quarterly") in deadlines(d)
    assert ("appendix 1.2", "date", "2024-06-30") in deadlines(d)
    # the appendix caption cites the document itself: a self-reference, not a reference
    assert [r.number for r in d.references] == ["766/QĐ-TTg"]
    assert [r.number for r in d.self_references] == ["112/KH-STTTT"]


def test_quyet_dinh_articles():
    d = parsed("qd_articles.txt")
    assert (d.doc_type, d.number, d.subject) == ("Quyết định", "1523/QĐ-UBND",
                                                 "giao nhiệm vụ kiểm tra công tác cải cách hành chính năm 2023")
    # Điều 3 lists the executing bodies ('… chịu trách nhiệm thi hành Quyết định này'): no task (CONVENTIONS §7)
    assert tasks(d) == {"Điều 1": ["Sở Nội vụ"]}
    assert deadlines(d) == [("Điều 1", "date", "2023-12-31")]
    assert {r.number for r in d.references} == {"61/2018/NĐ-CP", "245/TTr-SNV"}


def test_lost_line_breaks_and_ocr_number():
    d = parsed("cv_lost_breaks_ocr.txt")
    assert (d.number, d.subject, d.recipients) == ("1250/UBND-TTHC", "tăng cường công tác kiểm soát TTHC",
                                                   ["Sở Tư pháp tỉnh Quảng Ngãi"])
    assert tasks(d) == {"1.a": ["Sở Tư pháp"], "1.b": ["Sở Tư pháp"], "2": ["Sở Tài chính"]}
    assert deadlines(d) == [("1.b", "date", "2023-05-25")]
    assert [f.code for f in d.findings] == ["PARSE.NUMBER_REPAIRED"]
    assert (d.signer.authority, d.signer.position, d.signer.name) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Đặng Văn Minh")


def test_cong_van_without_numbered_items():
    d = parsed("cv_paragraphs.txt")
    assert d.subject == "báo cáo tình hình thực hiện Chỉ thị số 01/CT-TTg"
    assert tasks(d) == {"p2": ["Sở Kế hoạch và Đầu tư"]}           # p1 is the paragraph before (DECISIONS 8)
    assert deadlines(d) == [("p2", "date", "2024-02-20")]
    assert d.signer.authority == "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"


@pytest.mark.parametrize("path", ["other/form_don_de_nghi.txt", "other/prose.txt"])
def test_not_a_directive(path):
    d = parse(load(SAMPLES / path))
    assert not d.is_directive
    assert (d.tasks, d.deadlines, d.references) == ([], [], [])
    assert [f.code for f in d.findings] == ["PARSE.NOT_A_DIRECTIVE"]


@pytest.mark.parametrize("pages", [("",), ("\n\n",), ("   ", "")])
def test_empty_pages(pages):
    d = parse(document(*pages))
    assert not d.is_directive and d.tasks == []


def test_low_confidence_page_is_in_the_locations():
    """Fields parsed from an OCRed page carry that page (OCR.LOW_CONFIDENCE names it)."""
    first = (SAMPLES / "directives" / "qd_articles.txt").read_text(encoding="utf-8").split("QUYẾT ĐỊNH:\n")
    doc = document(first[0] + "QUYẾT ĐỊNH:", first[1], method="ocr", confidence=0.6)
    d = parse(doc)
    by = {t.section: t for t in d.tasks}
    assert by["Điều 1"].span.page == 2 and by["Điều 1"].to_dict()["location"] == {"page": 2, "line": 1}
    assert d.deadlines[0].to_dict()["location"]["page"] == 2
    assert d.parts["number"].page == 1


def test_every_span_points_at_its_text():
    doc = load(SAMPLES / "directives" / "cv_interleaved_blank_number.txt")
    d = parse(doc)
    text = doc.text
    for span in d.parts.values():      # interleaved columns: the range also covers the other column
        words = span.text.split()
        assert text[span.start:].startswith(words[0]) and text[:span.end].endswith(words[-1])
    for dl in d.deadlines:
        assert " ".join(text[dl.span.start:dl.span.end].split()) == dl.text


def test_sentences_of_an_unnumbered_body_are_tasks():
    text = (SAMPLES / "directives" / "cv_paragraphs.txt").read_text(encoding="utf-8").replace(
        "trước ngày 20/02/2024./.",
        "trước ngày 20/02/2024. Giao Sở Tài chính bố trí kinh phí theo Quyết định số 12/QĐ-UBND ngày "
        "02/01/2024 của UBND TP. Hồ Chí Minh. Đề nghị các cơ quan, đơn vị phối hợp thực hiện./.")
    d = parse(document(text))
    # one paragraph that directs two bodies is one task with both (DECISIONS 2), labelled by its place (8)
    assert tasks(d) == {"p2": ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"]}
    assert deadlines(d) == [("p2", "date", "2024-02-20")]
    assert "Giao Sở Tài chính" in d.tasks[0].text and d.tasks[0].references == ["12/QĐ-UBND"]


@pytest.mark.parametrize("body, expected", [
    # a body directed without 'giao' / 'đề nghị' (1a814c71716d3047, a Văn phòng Chính phủ notice)
    ("Ngày 31 tháng 10 năm 2025, Văn phòng Chính phủ nhận văn bản số 16/CV-HHTACN của Hiệp hội.\n"
     "Bộ Nông nghiệp và Môi trường chủ trì, phối hợp với Bộ Tư pháp và các cơ quan có liên quan nghiên cứu kiến "
     "nghị của Hiệp hội.\nVăn phòng Chính phủ thông báo để Bộ Nông nghiệp và Môi trường biết, thực hiện./.",
     {"p2": ["Bộ Nông nghiệp và Môi trường"]}),
    # a role before the body (2c71d790ecdeb8d1)
    ("Xét báo cáo của Ủy ban nhân dân tỉnh Hưng Yên, Phó Thủ tướng Chính phủ có ý kiến như sau:\n"
     "Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên khẩn trương làm việc với các địa phương có liên quan.\n"
     "Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.",
     {"p2": ["Ủy ban nhân dân tỉnh Hưng Yên"]}),
    # a reply that only reports names nobody; its request does (66b33234a2c7e4bf)
    ("Cục Thuế nhận được công văn số 400/HTI-QLDN1 ngày 14/8/2025 của Thuế tỉnh Hà Tĩnh về hóa đơn.\n"
     "Căn cứ Điều 2 Luật Thuế giá trị gia tăng, Cục Thuế thống nhất với quan điểm xử lý của Thuế tỉnh Hà Tĩnh.\n"
     "Đề nghị Thuế tỉnh Hà Tĩnh căn cứ quy định của pháp luật hiện hành để hướng dẫn đơn vị thực hiện.\n"
     "Cục Thuế có ý kiến để Thuế tỉnh Hà Tĩnh được biết./.",
     {"p3": ["Thuế tỉnh Hà Tĩnh"]}),
])
def test_paragraphs_of_an_unnumbered_body(body, expected):
    text = (SAMPLES / "directives" / "cv_paragraphs.txt").read_text(encoding="utf-8")
    start = text.index("Ủy ban nhân dân tỉnh nhận được")
    end = text.index("Nơi nhận:")
    d = parse(document(text[:start] + body + "\n" + text[end:]))
    assert tasks(d) == expected


TESTS = Path(__file__).resolve().parent
SCORER = TESTS / "kit" / "score_directive.py"


def test_corpus_texts_meet_the_targets(tmp_path):
    """The issue's targets on the real corpus texts, scored by the shared scorer."""
    import json
    import subprocess
    import sys

    import tthc
    for record in tthc.ingest(sorted(str(p) for p in (TESTS / "corpus" / "texts").glob("*.txt"))):
        path, result = Path(record.source), record.to_dict()
        (tmp_path / f"{path.stem}.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCORER), "--gold-dir", str(TESTS / "gold" / "seed"), "--pred-dir",
                          str(tmp_path), "--json"], capture_output=True, text=True, check=True)
    scores = json.loads(out.stdout)["scores"]
    for metric in ("header.number", "header.symbol", "header.date", "header.place", "header.signer"):
        assert scores[metric]["accuracy"] == 1.0, metric
    assert scores["subject"]["accuracy"] >= 0.95 and scores["recipients"]["f1"] >= 0.95
    assert scores["references"]["f1"] >= 0.97
    assert scores["ref_dates"]["accuracy"] >= 0.95 and scores["ref_articles"]["accuracy"] >= 0.95
    assert scores["deadlines"]["f1"] >= 0.95 and scores["task_assignees"]["f1"] >= 0.90


# Kinds of the real corpus end to end (short reconstructions of tests/gold/real/dev documents).
HEAD_QD = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 2820/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "Độc lập - Tự do - Hạnh phúc\nThành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025\n\nQUYẾT ĐỊNH\n"
           "Ban hành Kế hoạch triển khai Đề án\n\nQUYẾT ĐỊNH:\n\n"
           "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai Đề án.\n\n"
           "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n\n"
           "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn Dũng\n\n")


def test_a_plan_attached_to_a_quyet_dinh_is_an_outline_of_its_own():       # 001c610b2efdcf0c, 86367f2ddb2225cd
    text = HEAD_QD + (
        "KẾ HOẠCH\nTRIỂN KHAI ĐỀ ÁN\n(Kèm theo Quyết định số 2820/QĐ-UBND ngày 19 tháng 11 năm 2025)\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n- Quán triệt, triển khai có hiệu quả Đề án.\n\n"
        "II. NHIỆM VỤ\n\n1. Tổ chức tuyên truyền, phổ biến pháp luật\n\n"
        "- Cơ quan thực hiện: Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ.\n\n"
        "- Thời gian thực hiện: năm 2026 - 2027.\n\n"
        "2. Sở Khoa học và Công nghệ\n\nChủ trì xây dựng hạ tầng.\n\nTăng cường kiểm tra an toàn thông tin.\n")
    d = parse(document(text))
    tasks = {t.section: t for t in d.tasks}
    assert tasks["appendix II.1"].assignees == ["Sở Tư pháp"]
    assert tasks["appendix II.1"].coordinators == ["Sở Nội vụ"]
    assert [tasks[f"appendix II.2.p{k}"].assignees for k in (1, 2)] == [["Sở Khoa học và Công nghệ"]] * 2
    assert not any(s.startswith("appendix I.") for s in tasks)                  # Mục đích holds no task
    [dl] = [x for x in d.deadlines if x.section == "appendix II.1"]
    assert (dl.kind, dl.date) == ("year", "2027-12-31")


# An item's title line over a paragraph that opens with an assign verb: the paragraph says who acts
# (24c7124ec6b2bf61 III.1); a statement under a title assigns nobody (1a434d0a7e14dc93 Điều 9.1).
@pytest.mark.parametrize("item, assignees", [
    ("1. Công tác tham mưu, chỉ đạo triển khai\n\nĐề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành phố và các tổ "
     "chức thành viên, Thủ trưởng sở, ban, ngành thành phố và Chủ tịch Ủy ban nhân dân xã, phường tổ chức quán "
     "triệt sâu rộng Chương trình.",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", "các tổ chức thành viên", "sở, ban, ngành thành phố",
      "Ủy ban nhân dân xã, phường"]),
    ("1. Thẩm quyền đánh giá, xếp loại\n\nỦy ban nhân dân thành phố ban hành Quyết định đánh giá, xếp loại công "
     "tác dân vận.", []),
])
def test_title_over_an_assigning_paragraph(item, assignees):
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 12/KH-UBND\nHà Nội, ngày 20 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Phòng, chống ma túy\nI. MỤC ĐÍCH\nNâng cao nhận thức.\nII. NHIỆM VỤ\n" + item + "\n2. Tổ chức sơ kết.\n")
    d = parse(document(text))
    assert tasks(d)["II.1"] == assignees
