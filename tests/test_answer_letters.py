"""A công văn that answers a question (a tax or customs office replying to a company or a provincial
office, a ministry replying to voters' petitions) or a notice of an advance ruling explains the law:
its quoted articles, 'Căn cứ …' and 'Trường hợp …' paragraphs and its closing ('Cục Thuế trả lời để
Thuế tỉnh … biết và thực hiện') are no tasks; a paragraph that asks a named body to act stays a task
of that body (gold DECISIONS D32, A41, resolution 25; issue 10). On the 300 real documents (held-out v2
excluded) 31 such letters gave 166 tasks before, nearly all law or explanation; 13 remain, each a request."""
import json
from pathlib import Path

import pytest

import tthc
from extract.directive.sections import answers_a_letter, asks_a_body

REAL = Path(__file__).parent / "corpus" / "real"


@pytest.mark.parametrize("doc_type, subject, opening, answers", [
    # openings and subjects as printed in the real documents (tests/corpus/real)
    ("Công văn", "tiền thuê đất", "Kính gửi: Thuế tỉnh Lào Cai. Cục Thuế nhận được công văn số 545/CCTKV.VIII-CNTK "
     "ngày 02/6/2025 của Chi cục thuế Khu vực VIII về tiền thuê đất. Về vấn đề này, Cục Thuế có ý kiến như sau:", True),
    ("Công văn", "trả lãi tiền vay cho cổ đông", "Ngày 18/11/2025, Thuế tỉnh Vĩnh Long có nhận được Công văn số "
     "144/2025/CV-BSGBTr ngày 17/11/2025 của CÔNG TY CỔ PHẦN BIA SÀI GÒN – BẾN TRE vướng mắc về việc vay tiền", True),
    ("Công văn", "hướng dẫn thủ tục hải quan", "Trả lời công văn số 1025-CVHQ ngày 10/10/2025 của Công ty TNHH "
     "Sunrise Apparel Việt Nam về việc thủ tục hải quan, Cục Hải quan có ý kiến như sau:", True),
    ("Công văn", "Chính sách thuế TNCN", "Cục Thuế nhận được câu hỏi mã số 220725-17 của độc giả gửi qua Cổng "
     "Thông tin điện tử Bộ Tài chính phản ánh về chính sách thuế thu nhập cá nhân", True),
    ("Công văn", "trả lời bổ sung kiến nghị của cử tri gửi trước Kỳ họp thứ 10, Quốc hội Khóa XV", "", True),
    ("Thông báo", "VỀ KẾT QUẢ XÁC ĐỊNH TRƯỚC MÃ SỐ", "Căn cứ Luật Hải quan ngày 23/6/2014;", True),
    # near-misses: not answers
    ("Công văn", "triển khai thực hiện Chỉ thị số 20/CT-TTg", "Thực hiện Công văn số 123/BNV-CCVC của Bộ Nội vụ, "
     "Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành thực hiện các nội dung sau:", False),
    ("Thông báo", "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp giao ban", "Ngày 20/11/2025, Chủ tịch "
     "Ủy ban nhân dân tỉnh chủ trì cuộc họp; sau khi nghe báo cáo, Chủ tịch kết luận như sau:", False),
    ("Quyết định", "BAN HÀNH QUY CHẾ TIẾP NHẬN, XỬ LÝ, GIẢI QUYẾT VÀ TRẢ LỜI KIẾN NGHỊ CỦA CỬ TRI", "", False),
    ("Quyết định", "trả lời kiến nghị", "", False),                   # only công văn and thông báo answer
    ("Công văn", "tăng cường công tác giải quyết thủ tục hành chính", "Trong thời hạn 05 ngày làm việc kể từ ngày "
     "nhận được văn bản, Sở Tư pháp có văn bản đề nghị cơ quan bổ sung thông tin.", False),   # no question asked
    (None, None, "", False),
])
def test_which_letters_answer(doc_type, subject, opening, answers):
    assert answers_a_letter(doc_type, subject, opening) is answers


@pytest.mark.parametrize("text, asks", [
    ("Đề nghị Thuế tỉnh Đắk Lắk căn cứ hồ sơ thuê đất của doanh nghiệp để thực hiện.", True),
    ("Về thủ tục hải quan: đề nghị Công ty nghiên cứu quy định tại Điều 67 Thông tư số 38/2015/TT-BTC.", True),
    ("Căn cứ quy định trên, đề nghị Thuế tỉnh Phú Thọ căn cứ hồ sơ thực tế để xử lý.", True),
    ("Trường hợp còn vướng mắc thì đề nghị Công ty liên hệ với Chi cục Hải quan khu vực để được hướng dẫn.", True),
    ("Về việc xử phạt vi phạm hành chính Đề nghị Thuế tỉnh Phú Thọ rà soát các văn bản", True),   # title run in
    ("Thông tư số 39/2018/TT-BTC. Đề nghị doanh nghiệp căn cứ quy định nêu trên để thực hiện.", True),
    ("Cục Thuế trả lời để Thuế tỉnh Đắk Lắk biết và thực hiện.", False),                  # the closing (D32)
    ("Căn cứ khoản 2 Điều 49 Luật Quản lý thuế: “Cơ quan quản lý thuế yêu cầu Người nộp thuế bổ sung”.", False),
    ("Theo đề nghị của Công ty tại công văn số 01/KGL, hàng hóa thuộc diện kiểm tra chuyên ngành.", False),
    ("Hồ sơ đề nghị xác định trước mã số gồm đơn đề nghị và mẫu hàng hóa.", False),
    ("Trả lời công văn số 2025-005 của Công ty TNHH Sunny Automotive Vina, đề nghị hướng dẫn việc kê khai.", False),
])
def test_which_paragraphs_ask_a_body(text, asks):
    assert asks_a_body(text) is asks


def _tasks(name: str) -> list[tuple[str, list[str]]]:
    result = json.loads(json.dumps(tthc.ingest(str(REAL / name))[0].to_dict()))
    return [(t["section"], t["assignees"]) for t in result["tasks"]]


@pytest.mark.parametrize("name, tasks", [
    ("de1ea1a30ca1e0bc.txt", []),                                  # gold D32
    ("edfc0349ad13b2bf.txt", []),                                  # gold A41
    ("31a15f59ab505674.txt", []),                                  # quoted decrees, closing 'trả lời để … biết'
    ("9ca435f010e53248.txt", []),                                  # customs reply that explains only
    ("93cafb7b0f4df375.txt", []),                                  # advance ruling: goods described, code given
    ("1871c6bc374a0bc4.txt", ["p4"]),                              # 'Đề nghị Thuế tỉnh Đắk Lắk căn cứ hồ sơ …'
    ("29825a0f7313b49a.txt", ["1", "2", "3"]),                     # 'Về thủ tục hải quan: đề nghị Công ty …'
    ("8aae102c2f6087de.txt", ["p4"]),                              # 'Đề nghị Công ty nghiên cứu … để thực hiện'
    ("cc57a4285d4110ae.txt", ["p2"]),                              # '…, đề nghị Thuế tỉnh Nghệ An báo cáo …
])
def test_an_answering_letter_keeps_only_its_requests(name, tasks):
    kept = _tasks(name)
    assert [section for section, _ in kept] == tasks
    assert all(assignees for _, assignees in kept)               # each request names who is asked


def test_the_request_stays_with_the_body_asked():
    assert _tasks("1871c6bc374a0bc4.txt") == [("p4", ["Thuế tỉnh Đắk Lắk"])]
