"""Build real-format DOCX directives in code: a borderless two-column header, Word's
automatic list numbering (decimal and letters), a bordered data table, footnotes, and a
two-column closing. Used by tests and by samples/make_samples.py."""
from __future__ import annotations

import io

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

NUMBERING = f"""<w:abstractNum {nsdecls('w')} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
</w:abstractNum>"""


def _add_numbering(doc) -> str:
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _number(paragraph, num_id: str, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _no_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = parse_xml(f'<w:tblBorders {nsdecls("w")}>'
                        + "".join(f'<w:{side} w:val="nil"/>' for side in
                                  ("top", "left", "bottom", "right", "insideH", "insideV"))
                        + "</w:tblBorders>")
    tblpr.append(borders)


def _footnote_part(doc, notes: list[str]) -> None:
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:footnote>'
        for i, text in enumerate(notes, start=1))
    xml = (f'<w:footnotes {nsdecls("w")}>'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
           f"{body}</w:footnotes>")
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                xml.encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)


def _footnote_ref(paragraph, note_id: int) -> None:
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{note_id}"/>'))
    rpr = run._r.get_or_add_rPr()
    rpr.append(parse_xml(f'<w:vertAlign {nsdecls("w")} w:val="superscript"/>'))


def directive_docx(spec: dict) -> bytes:
    """spec keys: issuer (list of lines), number, place_date, subject, recipients (list),
    preamble, items: list of (level, text, footnote|None) with level 0 = "1.", 1 = "a)",
    2 = bullet; table (list of rows) optional; footnotes (list of str); cc (list),
    authority, position, signer."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    header = doc.add_table(rows=2, cols=2)
    _no_borders(header)
    left, right = header.rows[0].cells
    left.text = spec["issuer"][0]
    for line in spec["issuer"][1:]:
        left.add_paragraph(line)
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    left2, right2 = header.rows[1].cells
    left2.text = f"Số: {spec['number']}"
    left2.add_paragraph(f"V/v {spec['subject']}")
    right2.text = spec["place_date"]
    doc.add_paragraph("Kính gửi:")
    for i, r in enumerate(spec["recipients"]):
        end = "." if i == len(spec["recipients"]) - 1 else ";"
        doc.add_paragraph(f"- {r}{end}")
    doc.add_paragraph(spec["preamble"])
    num_id = _add_numbering(doc)
    if spec.get("footnotes"):
        _footnote_part(doc, spec["footnotes"])
    for level, text, note in spec["items"]:
        p = doc.add_paragraph(text)
        _number(p, num_id, level)
        if note:
            _footnote_ref(p, note)
    if spec.get("table"):
        t = doc.add_table(rows=len(spec["table"]), cols=len(spec["table"][0]))
        t.style = "Table Grid"
        for r, row in enumerate(spec["table"]):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    closing = doc.add_table(rows=1, cols=2)
    _no_borders(closing)
    cc, sign = closing.rows[0].cells
    cc.text = "Nơi nhận:"
    for i, line in enumerate(spec["cc"]):
        cc.add_paragraph(f"- {line}{'.' if i == len(spec['cc']) - 1 else ';'}")
    sign.text = spec["authority"]
    sign.add_paragraph(spec["position"])
    sign.add_paragraph("")
    sign.add_paragraph(spec["signer"])
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


SAMPLE = {
    "issuer": ["ỦY BAN NHÂN DÂN", "TỈNH HÀ NAM"],
    "number": "1234/UBND-KSTT",
    "place_date": "Hà Nam, ngày 05 tháng 3 năm 2024",
    "subject": "tăng cường số hóa hồ sơ thủ tục hành chính",
    "recipients": ["Các Sở, ban, ngành tỉnh", "Ủy ban nhân dân các huyện, thành phố"],
    "preamble": "Thực hiện Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:",
    "items": [
        (0, "Các Sở, ban, ngành tỉnh:", None),
        (1, "Số hóa 100% hồ sơ tiếp nhận, hoàn thành trước ngày 30/6/2024.", 1),
        (1, "Báo cáo kết quả định kỳ hằng tháng.", None),
        (0, "Giao Sở Thông tin và Truyền thông:", None),
        (1, "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh.", None),
        (2, "Hoàn thành chậm nhất trong quý III năm 2024.", None),
    ],
    "footnotes": ["Theo Công văn số 12/VPCP-KSTT ngày 02/01/2024 của Văn phòng Chính phủ."],
    "table": [["TT", "Nội dung", "Đơn vị thực hiện"], ["1", "Rà soát quy trình nội bộ", "Sở Nội vụ"]],
    "cc": ["Như trên", "CT, các PCT UBND tỉnh", "Lưu: VT, KSTT"],
    "authority": "KT. CHỦ TỊCH",
    "position": "PHÓ CHỦ TỊCH",
    "signer": "Trần Văn Minh",
}


# --------------------------------------------------------------------------- numbering cases

def numbered_docx(numbering: str, paragraphs: list, styles: str = "") -> bytes:
    """A DOCX whose numbering.xml holds exactly `numbering` (w:abstractNum and w:num elements,
    without the namespace declaration), `styles` added to styles.xml (w:style elements), and
    the given paragraphs. Each paragraph is (text, numId|None, ilvl|None, style id|None), or
    ("table", [[cell paragraphs, ...], ...]) for a bordered table whose cells hold paragraphs of
    the same shape."""
    doc = Document()
    root = doc.part.numbering_part.element
    for child in list(root):
        root.remove(child)
    for el in parse_xml(f"<w:numbering {nsdecls('w')}>{numbering}</w:numbering>"):
        root.append(el)
    if styles:
        style_root = doc.styles.element
        for el in parse_xml(f"<w:styles {nsdecls('w')}>{styles}</w:styles>"):
            style_root.append(el)
    for spec in paragraphs:
        if spec[0] == "table":
            rows = spec[1]
            table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell_paragraphs in enumerate(row):
                    cell = table.cell(r, c)
                    first = True
                    for para in cell_paragraphs:
                        p = cell.paragraphs[0] if first else cell.add_paragraph()
                        first = False
                        _fill(p, *para)
            continue
        _fill(doc.add_paragraph(), *spec)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _fill(paragraph, text: str, num_id=None, level=None, style=None) -> None:
    paragraph.add_run(text)
    ppr = paragraph._p.get_or_add_pPr()
    if style:
        ppr.insert(0, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="{style}"/>'))
    if num_id is not None or level is not None:
        inner = (f'<w:ilvl w:val="{level}"/>' if level is not None else "") + \
                (f'<w:numId w:val="{num_id}"/>' if num_id is not None else "")
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}>{inner}</w:numPr>'))


def abstract_num(aid: int, *levels: tuple, link: str | None = None) -> str:
    """A w:abstractNum; each level is (numFmt, lvlText[, start[, extra XML inside w:lvl]])."""
    body = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{lv[2] if len(lv) > 2 else 1}"/><w:numFmt w:val="{lv[0]}"/>'
        f'<w:lvlText w:val="{lv[1]}"/>{lv[3] if len(lv) > 3 else ""}</w:lvl>'
        for i, lv in enumerate(levels))
    link_xml = f'<w:numStyleLink w:val="{link}"/>' if link else ""
    return f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>{link_xml}{body}</w:abstractNum>'


def num(num_id: int, aid: int, **starts: int) -> str:
    """A w:num; starts: lvl0=1 … as lvlOverride/startOverride."""
    over = "".join(f'<w:lvlOverride w:ilvl="{k[3:]}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                   for k, v in starts.items())
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{over}</w:num>'
