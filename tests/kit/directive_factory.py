"""Hand-built `Directive` objects for the check tests, shaped like the parser's output contract
(extract/model.py: header fields, `parts` with located Spans, tasks, deadlines, references).

`directive(kind, **changes)` gives a clean, well-formed document of one type; `changes` edit it:
header fields by name, `parts={"number": "Số: /UBND-VX"}` replaces a component's printed text
(None removes the component; every zone is located, so a removed part is confidently absent; pass
`zones=` to say otherwise), and lists (tasks, deadlines, references, self_references) replace
the defaults.
"""
from __future__ import annotations

import copy

from extract.directive.zones import confident_zones
from extract.model import Deadline, Directive, Reference, Signer, Span, Task

# Line numbers of each component in the imagined page 1 (page 2 for the closing).
_LINES = {"issuer": 2, "national_title": 2, "motto": 3, "number": 5, "place_date": 5,
          "doc_title": 7, "subject": 8, "recipients": 10, "body": 14,
          "cc": 40, "authority": 41, "position": 42, "signer_name": 45}


def span(text: str, line: int, page: int = 1) -> Span:
    return Span(text=text, start=0, end=len(text), page=page, line=line)


_BASE = {
    "issuer": "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN",
    "national_title": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "motto": "Độc lập - Tự do - Hạnh phúc",
    "body": "Thực hiện Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ ...",
    "cc": "Nơi nhận:\n- Như trên;\n- Lưu: VT, VX.",
}

# kind -> (doc_title or None, number line, subject, authority, position, name, recipients)
KINDS = {
    "Công văn": (None, "Số: 1520/UBND-VX", "V/v tăng cường công tác cải cách thủ tục hành chính",
                 "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An",
                 "Kính gửi:\n- Các Sở, ban, ngành cấp tỉnh;\n- UBND các huyện, thành phố."),
    "Chỉ thị": ("CHỈ THỊ", "Số: 05/CT-UBND", "Về tăng cường kỷ luật, kỷ cương hành chính",
                None, "CHỦ TỊCH", "Trần Quốc Bình", None),
    "Kế hoạch": ("KẾ HOẠCH", "Số: 2945/KH-UBND", "Triển khai số hóa hồ sơ, kết quả giải quyết thủ tục hành chính năm 2024",
                 "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Cúc", None),
    "Quyết định": ("QUYẾT ĐỊNH", "Số: 846/QĐ-UBND", "Về việc công bố danh mục thủ tục hành chính",
                   "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phạm Minh Đức", None),
    "Thông báo": ("THÔNG BÁO", "Số: 112/TB-UBND", "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về cải cách hành chính",
                  "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Hoàng Văn Em", None),
    "Báo cáo": ("BÁO CÁO", "Số: 210/BC-UBND", "Kết quả thực hiện cải cách thủ tục hành chính quý I năm 2024",
                "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Võ Thị Giang",
                "Kính gửi: Văn phòng Chính phủ."),
}


def directive(kind: str = "Công văn", **changes) -> Directive:
    title, number_line, subject, authority, position, name, recipients = KINDS[kind]
    number = number_line.split(":", 1)[1].strip().replace(" ", "")
    texts = dict(_BASE, number=number_line, place_date="Ninh Thuận, ngày 20 tháng 10 năm 2022",
                 subject=subject, position=position, signer_name=name)
    if title:
        texts["doc_title"] = title
    if authority:
        texts["authority"] = authority
    if recipients:
        texts["recipients"] = recipients
    for key, text in (changes.pop("parts", None) or {}).items():
        if text is None:
            texts.pop(key, None)
        else:
            texts[key] = text
    parts = {k: span(v, _LINES[k], page=2 if _LINES[k] >= 40 else 1) for k, v in texts.items()}
    d = Directive(
        doc_type=kind, issuer=texts.get("issuer"), number=number, symbol=number.split("/", 1)[1],
        place="Ninh Thuận", date="2022-10-20",
        subject=subject.removeprefix("V/v ") if "subject" in texts else None,
        recipients=["Các Sở, ban, ngành cấp tỉnh"] if recipients and "recipients" in texts else [],
        signer=Signer(name=texts.get("signer_name"), position=texts.get("position"),
                      authority=(texts.get("authority") or "").splitlines()[-1] if texts.get("authority") else None),
        cc=["Như trên", "Lưu: VT, VX"] if "cc" in texts else [],
        tasks=[Task(section="1", text="Sở Nội vụ chủ trì rà soát quy trình nội bộ",
                    assignees=["Sở Nội vụ"], deadlines=[0], span=span("1. Sở Nội vụ chủ trì ...", 16))],
        deadlines=[Deadline(text="trước ngày 30/11/2022", kind="date", date="2022-11-30", section="1",
                            assignees=["Sở Nội vụ"], span=span("... trước ngày 30/11/2022.", 17))],
        references=[Reference(type="Nghị định", number="61/2018/NĐ-CP", date="2018-04-23",
                              issuer="Chính phủ", spans=[span("Nghị định số 61/2018/NĐ-CP", 14)])],
        parts=parts,
        zones=confident_zones(parts),
    )
    for key, value in changes.items():
        if not hasattr(d, key):
            raise AttributeError(key)
        setattr(d, key, copy.deepcopy(value))
    return d
