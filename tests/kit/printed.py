"""What a directive's text visibly prints, decided independently of the reader (extract/): plain
patterns over the text with its markup ('**', '*', '|', tags) removed and a portal's metadata block and
trailing notices cut off. bench/real_corpus.py and tests/test_real_corpus.py judge the reader's absence
findings against it: an absence finding whose part this check sees printed is a false one.

  Quốc hiệu     the exact string "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"; Tiêu ngữ "Độc lập - Tự do - Hạnh phúc"
  number        a "Số: <digits>/<symbol>" (or "Luật số: …") in the head of the document
  place, date   "<Place>, ngày D tháng M năm YYYY" in the head of the document
  type heading  a line that is a document type in capitals ("QUYẾT ĐỊNH", "KẾ HOẠCH", …)
  subject       a "V/v" / "Về việc" line, or the line under the type heading
  issuer        a capitalised line above the Quốc hiệu
  Kính gửi      "Kính gửi" in the first half of the document
  Nơi nhận      "Nơi nhận"
  signer        a line of 2-6 capitalised words ("Nguyễn Lộc Hà"; a surname wrapped onto the line above
                joins it) right under a capitalised title line; the signer's position: that title line,
                when it carries no TM./KT./TL./TUQ./Q. marker (MISSING_SIGNER is judged on the part it names)
Deliberately simple and separate from extract/: a second opinion, not the reader again.
"""
from __future__ import annotations

import re
import unicodedata

ABSENCE = ("ND30.MISSING_NATIONAL_TITLE", "ND30.MISSING_ISSUER", "ND30.MISSING_NUMBER",
           "ND30.MISSING_PLACE_DATE", "ND30.MISSING_DOC_TITLE", "ND30.MISSING_BODY", "ND30.MISSING_SIGNER",
           "ND30.MISSING_CC", "ND30.SUBJECT_MISSING", "ND30.KINH_GUI_MISSING")


_TAG = re.compile(r"<[^>]+>")
_CHROME_HEAD_LAST = re.compile(r"^(?:Tình trạng|Ngày công báo|Số công báo|Ngày hiệu lực)\s*:", re.I)
_CHROME_TAIL = ("Văn bản liên quan", "Chú thích:", "FILE ĐƯỢC ĐÍNH KÈM", "Văn bản này chưa cập nhật nội dung",
                "Rà chuột vào nội dụng")
_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy",
          "uỹ": "ũy", "uỵ": "ụy", "OÀ": "ÒA", "UỶ": "ỦY"}
_LOOKALIKE = str.maketrans("АВСЕНКМОРТХасеорхі", "ABCEHKMOPTXaceopxi")
TYPE_HEADINGS = ("QUYẾT ĐỊNH", "KẾ HOẠCH", "CHỈ THỊ", "THÔNG BÁO", "NGHỊ QUYẾT", "NGHỊ ĐỊNH", "THÔNG TƯ",
                 "CÔNG ĐIỆN", "BÁO CÁO", "TỜ TRÌNH", "LUẬT", "HƯỚNG DẪN", "QUY CHẾ", "QUY ĐỊNH",
                 "CHƯƠNG TRÌNH", "ĐỀ ÁN", "PHƯƠNG ÁN", "KẾT LUẬN", "LỆNH", "THÔNG TƯ LIÊN TỊCH")
TITLE_WORDS = ("CHỦ TỊCH", "GIÁM ĐỐC", "BỘ TRƯỞNG", "THỦ TƯỚNG", "TRƯỞNG BAN", "CHỦ NHIỆM", "THỨ TRƯỞNG",
               "CHÁNH", "CỤC TRƯỞNG", "TỔNG GIÁM ĐỐC", "BÍ THƯ", "TRƯỞNG", "THƯ KÝ", "TỔNG KIỂM TOÁN",
               "VIỆN TRƯỞNG", "CHÁNH ÁN", "ỦY VIÊN", "PHÓ")
_UP = "A-ZÀ-ỸĐ"


def _tone(text: str) -> str:
    for a, b in _TONES.items():
        text = text.replace(a, b)
    return text


def printed_lines(raw: str) -> list[str]:
    """The text's lines without markup, portal metadata block and trailing notices; blank lines dropped."""
    t = unicodedata.normalize("NFC", raw).replace("\r", "")
    lines = []
    for line in t.split("\n"):
        line = _TAG.sub(" ", line).replace("*", "").replace("|", " ").replace("\u00a0", " ")
        line = re.sub(r"^#+\s*", "", line)
        line = " ".join(line.split())
        if line:
            lines.append(line)
    head = lines[:80]
    if any(x.startswith("Số hiệu:") for x in head):
        last = max((i for i, x in enumerate(head) if _CHROME_HEAD_LAST.match(x)), default=None)
        if last is not None:
            lines = lines[last + 2:]          # the label and its value
    for i, x in enumerate(lines):
        if i > 20 and any(x.startswith(m) for m in _CHROME_TAIL):
            lines = lines[:i]
            break
    return lines


def _name_line(line: str) -> bool:
    words = line.rstrip(".").split()
    return 2 <= len(words) <= 6 and all(w[:1].isupper() and (w[1:].islower() or len(w) == 1) and w.isalpha()
                                       for w in words)


def _title_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and any(w in line for w in TITLE_WORDS)


def visible(raw: str) -> dict:
    """What the text prints, by the simple patterns above: {part: value or True}; absent parts absent."""
    lines = printed_lines(raw)
    flat = _tone(" ".join(lines))
    head = flat[:4000]
    out: dict = {}
    qh = flat.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    if qh >= 0:
        out["national_title"] = True
        before = flat[:qh]
        if re.search(rf"[{_UP}]{{2,}}(?:\s+[{_UP}]{{2,}})*", before):
            out["issuer"] = True
    if re.search(r"Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc", flat):
        out["motto"] = True
    m = re.search(r"(?:^|\s)(?:Luật\s+)?[Ss]ố\s*:\s*(\d+)\s*/\s*([\w&/.-]+(?:\s*-\s*[\w&]+)*)", head)
    if m:
        symbol = re.sub(r"\s+", "", m.group(2))
        out["number"] = f"{m.group(1)}/{symbol}".rstrip(".")
    m = re.search(rf"[{_UP}][^\s,]*(?:\s+[^\s,]+){{0,5}},\s*ngày\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+(\d{{4}})",
                  head)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        out["place_date"] = f"{y:04d}-{mo:02d}-{d:02d}"
    for i, line in enumerate(lines[:120]):
        bare = line.rstrip(":").strip()
        if bare in TYPE_HEADINGS:
            out["doc_title"] = bare
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if nxt and not re.match(r"(?:Căn cứ|Kính gửi|Thực hiện|Điều \d)", nxt) and len(nxt.split()) >= 2 \
                    and not _title_line(nxt):
                out["subject"] = True
            break
    if re.search(r"(?:^|\s)(?:V/v|V/V|Về việc|VỀ VIỆC)\s", " ".join(lines[:60])):
        out["subject"] = True
    if "Kính gửi" in flat[:max(len(flat) // 2, 1500)]:
        out["recipients"] = True
    if "Nơi nhận" in flat:
        out["cc"] = True
    if len(flat) > 300:
        out["body"] = True
    for i, line in enumerate(lines):
        if not _name_line(line):
            continue
        name, top = line.rstrip("."), i
        if i and re.fullmatch(r"[A-ZÀ-ỸĐ][a-zà-ỹđ]+", lines[i - 1]) and lines[i - 1][0].isupper():
            name, top = f"{lines[i - 1]} {name}", i - 1          # '**Vũ' / 'Chiến Thắng**': one name wrapped
        if any(_title_line(p) for p in lines[max(0, top - 3):top]):
            out["signer"] = name
            above = lines[top - 1] if top else ""
            if _title_line(above) and not re.match(r"(?:TM|KT|TL|TUQ|Q)\s*\.", above):
                out["signer_position"] = True
            break
    return out


def fold_number(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text or "").translate(_LOOKALIKE)).casefold()


def fold_name(text: str | None) -> str:
    return " ".join(_tone(unicodedata.normalize("NFC", text or "")).casefold().split())


def false_absences(findings: list[dict], seen: dict) -> list[str]:
    """Absence findings the text contradicts, as 'CODE: why'."""
    out = []
    for f in findings:
        code, msg = f["code"], f.get("message") or ""
        why = None
        if code == "ND30.MISSING_SIGNER":
            if "họ tên" in msg and "signer" in seen:
                why = f"signer name printed ({seen['signer']})"
            elif "chức vụ" in msg and "signer_position" in seen:
                why = "signer's position printed above the name"
        elif code == "ND30.MISSING_NATIONAL_TITLE":
            if "Quốc hiệu" in msg and "national_title" in seen:
                why = "Quốc hiệu printed"
            elif "Tiêu ngữ" in msg and "motto" in seen:
                why = "Tiêu ngữ printed"
        else:
            part = {"ND30.MISSING_ISSUER": "issuer", "ND30.MISSING_NUMBER": "number",
                    "ND30.MISSING_PLACE_DATE": "place_date", "ND30.MISSING_DOC_TITLE": "doc_title",
                    "ND30.MISSING_BODY": "body", "ND30.MISSING_CC": "cc",
                    "ND30.SUBJECT_MISSING": "subject", "ND30.KINH_GUI_MISSING": "recipients"}.get(code)
            if part and part in seen:
                why = f"{part} printed ({seen[part]})" if seen[part] is not True else f"{part} printed"
        if why:
            out.append(f"{code}: {why}")
    return out
