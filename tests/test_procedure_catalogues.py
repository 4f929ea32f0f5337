"""A quyết định that publishes administrative procedures, or approves their internal processing
steps, attaches a description of the procedures as regulated: names, legal basis, 'Trình tự thực
hiện' steps ('Bước 1 …'), 'Thời hạn giải quyết'. None of it is a task or a deadline for anyone
(gold DECISIONS D42); the decision's own articles can still assign tasks ('Điều 2. Giao Sở …').
On the 300 real documents, 40 such decisions gave 494 appendix tasks and 158 deadlines before."""
import json
from pathlib import Path

import pytest

import tthc
from extract.directive.sections import publishes_procedures

REAL = Path(__file__).parent / "corpus" / "real"


@pytest.mark.parametrize("subject, publishes", [
    # subjects as printed in the real documents (tests/corpus/real)
    ("CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH VÀ BỊ BÃI BỎ LĨNH VỰC HOẠT ĐỘNG KHOA HỌC VÀ CÔNG NGHỆ", True),
    ("CÔNG BỐ THỦ TỤC HÀNH CHÍNH NỘI BỘ TRONG LĨNH VỰC PHỔ BIẾN, GIÁO DỤC PHÁP LUẬT", True),
    ("CÔNG BỐ BỔ SUNG DANH MỤC THỦ TỤC HÀNH CHÍNH LĨNH VỰC ĐỊA CHẤT VÀ KHOÁNG SẢN", True),
    ("CÔNG BỐ DANH MỤC 01 THỦ TỤC HÀNH CHÍNH CẤP XÃ MỚI BAN HÀNH VÀ PHÊ DUYỆT 01 QUY TRÌNH NỘI BỘ", True),
    ("CÔNG BỐ DANH MỤC THỦ TỤC HÀNH MỚI BAN HÀNH, BỊ BÃI BỎ VÀ PHÊ DUYỆT QUY TRÌNH NỘI BỘ", True),   # as printed
    ("PHÊ DUYỆT QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN QUYẾT ĐỊNH CỦA UBND TỈNH", True),
    ("PHÊ DUYỆT DANH MỤC VÀ QUY TRÌNH NỘI BỘ THỦ TỤC HÀNH CHÍNH CÔNG NHẬN KẾT QUẢ THĂM DÒ KHOÁNG SẢN", True),
    ("Công bố danh mục thủ tục hành chính được sửa đổi, bổ sung trong lĩnh vực chứng thực", True),
    # other kinds: their appendices can hold tasks
    ("BAN HÀNH DANH MỤC THỦ TỤC HÀNH CHÍNH THỰC HIỆN KHÔNG PHỤ THUỘC VÀO ĐỊA GIỚI HÀNH CHÍNH", False),
    ("THÔNG QUA PHƯƠNG ÁN ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN QUẢN LÝ CỦA NGÀNH Y TẾ", False),
    ("ỦY QUYỀN CHO CHÁNH VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH CÔNG BỐ THỦ TỤC HÀNH CHÍNH", False),
    ("BAN HÀNH QUY CHẾ QUẢN LÝ, VẬN HÀNH VÀ KHAI THÁC HỆ THỐNG THÔNG TIN GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", False),
    ("Công bố danh mục dự án kêu gọi đầu tư năm 2026", False),          # a catalogue, not of procedures
    ("TĂNG CƯỜNG CẢI CÁCH THỦ TỤC HÀNH CHÍNH, NÂNG CAO CHẤT LƯỢNG PHỤC VỤ NGƯỜI DÂN", False),
    (None, False),
])
def test_which_subjects_publish_procedures(subject, publishes):
    assert publishes_procedures(subject) is publishes


def _read(name: str) -> dict:
    return json.loads(json.dumps(tthc.ingest(str(REAL / name))[0].to_dict()))


@pytest.mark.parametrize("name, body_tasks", [
    ("1b479d81b4a8f42e.txt", 0),     # gold D42: Điều 1 publishes, Điều 2 in force, Điều 3 executing bodies
    ("04e4130eb91f3242.txt", 2),     # Điều 2 gives Sở Khoa học và Công nghệ a task with 'chậm nhất 03 ngày'
    ("77dca8a7aeea79a1.txt", 9),     # 'Bước 1 … Bước 7' internal steps in the appendix
    ("ca6ff32db1f99d30.txt", 0),
    ("82483d7fa7f7a186.txt", 3),     # PHÊ DUYỆT QUY TRÌNH NỘI BỘ
])
def test_a_procedure_catalogue_gives_no_appendix_task_or_deadline(name, body_tasks):
    result = _read(name)
    assert [t["section"] for t in result["tasks"] if t["section"].startswith("appendix")] == []
    assert [d["section"] for d in result["deadlines"] if (d["section"] or "").startswith("appendix")] == []
    assert len(result["tasks"]) == body_tasks


def test_a_decision_that_publishes_a_list_to_be_received_anywhere_keeps_its_article_tasks():
    # 'BAN HÀNH DANH MỤC THỦ TỤC HÀNH CHÍNH THỰC HIỆN KHÔNG PHỤ THUỘC VÀO ĐỊA GIỚI HÀNH CHÍNH': a different kind,
    # whose articles assign tasks (Điều 2: Sở Nội vụ, UBND các xã, phường); its appendix table 'Tên thủ tục hành
    # chính | Cách thức, địa điểm thực hiện' lists procedures and where to file them, no task (tables.py catalogue,
    # DECISIONS D30): before, its rows were tasks 'assigned' to 'Nộp hồ sơ trực tiếp hoặc qua dịch vụ bưu chính …'
    result = _read("128b34e0abc1c504.txt")
    assert {t["section"].split(".")[0] for t in result["tasks"]} == {"Điều 2", "Điều 3"}
    assert not any(a.startswith("Nộp hồ sơ") for t in result["tasks"] for a in t["assignees"])
