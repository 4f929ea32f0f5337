"""Build real-format DOCX directives in code: a borderless two-column header, Word's
automatic list numbering (decimal and letters), a bordered data table, footnotes, and a
two-column closing. Used by tests and by samples/make_samples.py."""
from __future__ import annotations

import io
import re

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


def _number(paragraph, num_id: str, level: int, styled: bool = False) -> None:
    """Number a paragraph: directly (w:numPr), or through its paragraph style where the level has
    one (STYLED_LEVELS); a restart on a styled level keeps the style and adds the new instance."""
    ppr = paragraph._p.get_or_add_pPr()
    if styled and level in STYLED_LEVELS:
        ppr.insert(0, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="{STYLED_LEVELS[level][0]}"/>'))
        if num_id == str(FIRST_NUM):      # the instance the style names: nothing more to say
            return
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


# --------------------------------------------------------------------------- real documents

# One outline for a document's body, as a drafter sets it up in Word: each level prints one kind
# of label. Levels that a document does not use stay unused.
OUTLINE = (("decimal", "Điều %1."), ("upperRoman", "%2."), ("decimal", "%3."), ("decimal", "%3.%4."),
           ("decimal", "(%5)"), ("lowerLetter", "%6)"), ("bullet", "-"), ("bullet", "+"), ("bullet", "\uf0b7"))
_LABELS = (  # plain-text label -> (level, value or parent/value), first match wins
    (re.compile(r"^Điều\s+(\d{1,3})\.\s+"), 0),
    (re.compile(r"^([IVXLC]{1,6})\.\s+"), 1),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.\s+"), 3),
    (re.compile(r"^(\d{1,2})\.\s+"), 2),
    (re.compile(r"^\((\d{1,2})\)\s+"), 4),
    (re.compile(r"^([a-z])\)\s+"), 5),
    (re.compile(r"^(-)\s+"), 6),
    (re.compile(r"^(\+)\s+"), 7),
    (re.compile(r"^(•)\s+"), 8),
)
OUTLINE_ID, ROWS_ID = 20, 21            # abstractNumIds: the body outline, the TT column of tables
FIRST_NUM = 30                          # numIds from here on are the renderer's
STYLED_LEVELS = {0: ("VBDieu", "VB Điều"), 1: ("VBMuc", "VB Mục"), 2: ("VBKhoan", "VB Khoản")}


def _roman_value(text: str) -> int | None:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(text):
        v = vals[ch]
        total += -v if i + 1 < len(text) and vals[text[i + 1]] > v else v
    return total if _to_roman(total) == text else None


def _to_roman(n: int) -> str:
    out = ""
    for v, s in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


class _Lists:
    """Word's numbering for one rendered document: the numbering.xml definitions, and a model of
    Word's counters (kept here, apart from the product's loader) to decide, label by label, whether
    automatic numbering prints exactly what the document prints. Where it does, the paragraph gets
    a w:numPr and the typed label goes; where the count must jump (a plan restarting at I., a
    list resuming at 5) a new w:num restarts the definition with a startOverride, as Word's "Restart
    numbering" and "Set numbering value" do; where Word cannot print the label (đ), it stays typed,
    as drafters type it."""

    def __init__(self, doc):
        self.root = doc.part.numbering_part.element        # Word's own unused definitions stay
        levels = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            + ('<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr>' if text == "\uf0b7" else "")
            + f'<w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>' for i, (fmt, text) in enumerate(OUTLINE))
        self.root.append(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{OUTLINE_ID}">'
                                   f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'))
        self.root.append(parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ROWS_ID}"><w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/>'
            '<w:lvlJc w:val="center"/></w:lvl></w:abstractNum>'))
        self.next_id = FIRST_NUM
        self.outline = self._new(OUTLINE_ID)
        # Articles, parts and clauses numbered by their paragraph styles, as drafting templates do.
        styles = doc.styles.element
        for level, (sid, name) in STYLED_LEVELS.items():
            styles.append(parse_xml(
                f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{sid}">'
                f'<w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
                f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{self.outline}"/></w:numPr></w:pPr>'
                f'</w:style>'))
        self.counters = {OUTLINE_ID: [None] * 9, ROWS_ID: [None] * 9}
        self.rows = None
        self.restarts = 0

    def _new(self, aid: int, level: int | None = None, start: int | None = None) -> str:
        num_id = str(self.next_id)
        self.next_id += 1
        over = (f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                if level is not None else "")
        self.root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>'
                                   f'{over}</w:num>'))
        return num_id

    def _count(self, aid: int, level: int, value: int | None) -> str | None:
        """The numId that prints `value` at `level` next (None: Word cannot)."""
        counters = self.counters[aid]
        expected = 1 if counters[level] is None else counters[level] + 1
        if value is None or value < 1:
            return None
        if value == expected:
            num_id = self.outline if aid == OUTLINE_ID else self.rows
        else:
            num_id = self._new(aid, level, value)
            self.restarts += 1
            if aid == ROWS_ID:
                self.rows = num_id
        counters[level] = value
        for deeper in range(level + 1, 9):
            counters[deeper] = None
        return num_id

    def body_label(self, plain: str) -> tuple[str, int, int] | None:
        """(numId, ilvl, length of the typed label to drop) for a paragraph's plain text."""
        for pattern, level in _LABELS:
            m = pattern.match(plain)
            if not m:
                continue
            if level >= 6:
                return self.outline, level, m.end()
            if level == 3:                                   # "2.1." under the "2." in force
                parent = self.counters[OUTLINE_ID][2]
                if int(m.group(1)) != (parent if parent is not None else 1):
                    return None
                value = int(m.group(2))
            elif level == 1:
                value = _roman_value(m.group(1))
            elif level == 5:
                value = ord(m.group(1)) - ord("a") + 1
            else:
                value = int(m.group(1))
            num_id = self._count(OUTLINE_ID, level, value)
            return (num_id, level, m.end()) if num_id else None
        return None

    def row_label(self, cell: str) -> str | None:
        """The numId for a TT cell holding the next row number (a table starts its own count)."""
        if not re.fullmatch(r"\d{1,3}", cell.strip()):
            return None
        if self.rows is None:
            self.rows = self._new(ROWS_ID, 0, 1)
            self.counters[ROWS_ID][0] = None
        return self._count(ROWS_ID, 0, int(cell))

    def new_table(self) -> None:
        self.rows = None
        self.counters[ROWS_ID] = [None] * 9


_MARK = re.compile(r"(\*\*|\*)")
_TAGS = re.compile(r"<[^>]+>")


def _spans(text: str) -> list[tuple[str, bool, bool]]:
    """Inline emphasis of the corpus text (** bold, * italic) as (text, bold, italic) runs."""
    text = _TAGS.sub("", text).replace("\\*", "\x00")
    out, bold, italic = [], False, False
    for piece in _MARK.split(text):
        if piece == "**":
            bold = not bold
        elif piece == "*":
            italic = not italic
        elif piece:
            out.append((piece.replace("\x00", "*"), bold, italic))
    return out


def _drop(spans: list[tuple[str, bool, bool]], n: int) -> list[tuple[str, bool, bool]]:
    """The runs without their first n characters of text (a label Word will print)."""
    out = []
    for text, b, i in spans:
        if n > 0:
            cut = min(n, len(text))
            text, n = text[cut:], n - cut
            if not text:
                continue
        out.append((text, b, i))
    if out:
        out[0] = (out[0][0].lstrip(), out[0][1], out[0][2])
    return out


def _write(paragraph, text: str, bold: bool = False, italic: bool = False, size: float | None = None) -> None:
    for piece, b, i in _spans(text):
        run = paragraph.add_run(piece)
        run.bold = bold or b
        run.italic = italic or i
        if size:
            run.font.size = Pt(size)


def _plain_text(text: str) -> str:
    return " ".join("".join(s for s, _, _ in _spans(text)).split())


def _cell_lines(cell, lines: list[tuple[str, dict]], first: bool = True) -> None:
    for text, fmt in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = fmt.get("align", 1)
        if fmt.get("num"):
            _number(p, *fmt["num"])
        _write(p, text, bold=fmt.get("bold", False), italic=fmt.get("italic", False), size=fmt.get("size"))


def layout_docx(layout) -> bytes:
    """The DOCX a drafter makes of a document laid out as Decree 30 prescribes (a Layout of
    tests/kit/real_render.py): A4, Times New Roman 13-14, the header and the closing as borderless
    two-column tables, the type heading, Kính gửi, the body with Word's automatic numbering at
    several levels (Điều / I. / 1. / 1.1. / (1) / a) / - / + / •, restarted where the document restarts),
    task tables as bordered Word tables whose TT column is numbered by Word, the Nơi nhận list as
    bullets inside the closing table, the appendix on a new page with its own count, page numbers
    from page 2 in the header."""
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    style.paragraph_format.space_after = Pt(6)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = 1
    number._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple>'))
    lists = _Lists(doc)

    header = doc.add_table(rows=2, cols=2)
    _no_borders(header)
    issuer = [(x, {"bold": k == len(layout.issuer) - 1 or len(layout.issuer) == 1, "size": 13})
              for k, x in enumerate(layout.issuer)] + [("-------", {"size": 13})]
    _cell_lines(header.cell(0, 0), issuer)
    _cell_lines(header.cell(0, 1), [(NATIONAL_LINES[0], {"bold": True, "size": 13}),
                                    (NATIONAL_LINES[1], {"bold": True}), ("---------------", {})])
    _cell_lines(header.cell(1, 0), [(layout.number, {"size": 13})] + [(x, {"size": 12}) for x in layout.subject])
    _cell_lines(header.cell(1, 1), [(layout.place_date, {"italic": True})] if layout.place_date else [("", {})])

    if layout.heading:
        p = doc.add_paragraph()
        p.alignment = 1
        _write(p, layout.heading[0], bold=True)
        for line in layout.heading[1:]:
            p = doc.add_paragraph()
            p.alignment = 1
            _write(p, line, bold=True)
    if layout.recipients:
        if len(layout.recipients) == 1:
            p = doc.add_paragraph()
            p.alignment = 1
            _write(p, f"Kính gửi: {layout.recipients[0]}")
        else:
            p = doc.add_paragraph()
            p.alignment = 1
            _write(p, "Kính gửi:")
            for line in layout.recipients:
                p = doc.add_paragraph()
                p.paragraph_format.left_indent = Mm(40)
                _body_paragraph(p, line, lists)
    _blocks_docx(doc, layout.body, lists)

    if layout.signer_name or layout.cc:
        closing = doc.add_table(rows=1, cols=2)
        _no_borders(closing)
        cc = [("Nơi nhận:", {"bold": True, "italic": True, "align": 0, "size": 12})]
        for line in layout.cc:
            m = re.match(r"^-\s+", _plain_text(line))
            cc.append((_plain_text(line)[m.end():] if m else line,
                       {"align": 0, "size": 11, **({"num": (lists.outline, 6)} if m else {})}))
        _cell_lines(closing.cell(0, 0), cc)
        sign = [(x, {"bold": True}) for x in layout.signer] + [("", {})] * 3 + [(layout.signer_name, {"bold": True})]
        _cell_lines(closing.cell(0, 1), sign)
    if layout.appendix:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _blocks_docx(doc, layout.appendix, lists)
    buf = io.BytesIO()
    doc.core_properties.title = getattr(layout, "source", "") or "tthc-check fixture"
    doc.save(buf)
    return buf.getvalue()


NATIONAL_LINES = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def _body_paragraph(p, text: str, lists: _Lists, bold: bool = False) -> None:
    spans = _spans(text)
    plain = "".join(s for s, _, _ in spans).lstrip()
    lead = len("".join(s for s, _, _ in spans)) - len(plain)
    label = lists.body_label(plain)
    if label:
        num_id, level, length = label
        _number(p, num_id, level, styled=True)
        spans = _drop(spans, lead + length)
    for piece, b, i in spans:
        run = p.add_run(piece)
        run.bold = bold or b
        run.italic = i


def _blocks_docx(doc, blocks, lists: _Lists) -> None:
    from docx.shared import Mm
    for block in blocks:
        if block.kind == "table":
            rows = block.rows
            ncols = max(len(r) for r in rows)
            table = doc.add_table(rows=len(rows), cols=ncols)
            table.style = "Table Grid"
            lists.new_table()
            for r, row in enumerate(rows):
                for c in range(ncols):
                    value = row[c] if c < len(row) else ""
                    p = table.cell(r, c).paragraphs[0]
                    num_id = lists.row_label(value) if c == 0 else None
                    if num_id:
                        _number(p, num_id, 0)
                        p.alignment = 1
                    else:
                        _write(p, value, size=12)
            doc.add_paragraph()
            continue
        p = doc.add_paragraph()
        if block.kind == "heading":
            p.alignment = 1
            _body_paragraph(p, block.text, lists, bold=True)
        else:
            p.alignment = 3                               # justified
            p.paragraph_format.first_line_indent = Mm(10)
            _body_paragraph(p, block.text, lists)
