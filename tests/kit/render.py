"""Fixture renderer: directives in the corpus's Markdown-ish form -> real-format PDFs, scans,
TIFFs, and the broken files the bad-input tests need. Used by tests, benches and
samples/make_samples.py, so every fixture is made by code (nothing binary is committed).

The layout follows Decree 30/2020 Phụ lục I as far as a test needs it: A4, margins
20/20/30/15 mm, Liberation Serif 13 pt (metric-compatible with Times New Roman and, in
fonts-liberation2, with every Vietnamese glyph), the two-column header, the two-column
closing, page numbers centred in the top margin from page 2 on. Finding the header and
closing blocks in free text is heuristic: good enough for test tooling, not a parser.
"""
from __future__ import annotations

import html
import io
import re
import struct
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
MARGINS = {"top": 20 * MM, "bottom": 20 * MM, "left": 30 * MM, "right": 15 * MM}
FONT = "LiberationSerif"
FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation",
             "/usr/local/share/fonts", "/usr/share/fonts")
DOC_TITLES = ("CHỈ THỊ", "KẾ HOẠCH", "QUYẾT ĐỊNH", "THÔNG BÁO", "BÁO CÁO", "HƯỚNG DẪN",
              "CÔNG ĐIỆN", "CHƯƠNG TRÌNH", "TỜ TRÌNH", "NGHỊ QUYẾT", "PHƯƠNG ÁN", "ĐỀ ÁN")
AUTHORITY = re.compile(r"^(KT\.|TM\.|Q\.|TL\.|TUQ\.|CHỦ TỊCH|PHÓ CHỦ TỊCH|GIÁM ĐỐC|PHÓ GIÁM ĐỐC|"
                       r"CHÁNH VĂN PHÒNG|TRƯỞNG|BỘ TRƯỞNG)")
PLACE_DATE = re.compile(r"^[^,\d]{2,40}, ngày\b.*\bnăm\b", re.I)


# --------------------------------------------------------------------------- text PDF

def _register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    styles = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}
    for suffix, style in styles.items():
        path = _font_file(f"LiberationSerif-{style}.ttf")
        pdfmetrics.registerFont(TTFont(FONT + suffix, str(path)))
    for bold, italic, suffix in ((0, 0, ""), (1, 0, "-Bold"), (0, 1, "-Italic"), (1, 1, "-BoldItalic")):
        addMapping(FONT, bold, italic, FONT + suffix)


def _font_file(name: str) -> Path:
    for d in FONT_DIRS:
        hits = sorted(Path(d).rglob(name)) if Path(d).is_dir() else []
        for hit in hits:
            if "liberation2" in str(hit) or _has_vietnamese(hit):
                return hit
    raise RuntimeError(f"{name} with Vietnamese glyphs not found: install fonts-liberation2 "
                       "(fonts-liberation v1 lacks ạ ở ư ơ)")


def _has_vietnamese(path: Path) -> bool:
    from reportlab.pdfbase.ttfonts import TTFontFile
    try:
        return ord("ạ") in TTFontFile(str(path)).charToGlyph
    except Exception:  # noqa: BLE001 - an unreadable font is simply not a candidate
        return False


@dataclass
class _Parts:
    issuer: list[str] = field(default_factory=list)
    national: list[str] = field(default_factory=list)
    number: list[str] = field(default_factory=list)
    subject: list[str] = field(default_factory=list)
    place_date: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    body: list[list[str]] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    signer: list[list[str]] = field(default_factory=list)
    appendix: list[list[str]] = field(default_factory=list)


def _blocks(text: str) -> list[list[str]]:
    out, cur = [], []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if line.strip():
            cur.append(line.strip() if "\t" not in line else line)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _plain(line: str) -> str:
    t = re.sub(r"<[^>]+>", "", line).replace("\\*", "*")
    return re.sub(r"^#+\s*", "", t).replace("**", "").strip("* ").strip()


def _split(text: str) -> _Parts:
    """Find header, title, body, closing and appendix blocks (heuristics, see module doc)."""
    parts, blocks = _Parts(), _blocks(text)
    i = 0
    seen_national = False
    while i < len(blocks):
        block = blocks[i]
        first = _plain(block[0])
        if "CỘNG HÒA XÃ HỘI" in first.upper() or first.startswith("Độc lập"):
            parts.national += block
            seen_national = True
        elif first.startswith("Số") and re.match(r"^Số\s*:", first):
            for line in block:
                (parts.subject if parts.subject or _plain(line).startswith("V/v") else parts.number).append(line)
        elif first.startswith("V/v"):
            parts.subject += block
        elif PLACE_DATE.match(first):
            parts.place_date += block
        elif not seen_national:
            parts.issuer += block
        else:
            break
        i += 1
    if i < len(blocks) and _plain(blocks[i][0]).upper() in DOC_TITLES:
        parts.title = blocks[i]
        i += 1
    closing = next((j for j in range(i, len(blocks)) if _plain(blocks[j][0]).startswith("Nơi nhận")), None)
    if closing is None:
        parts.body = blocks[i:]
        return parts
    parts.body = blocks[i:closing]
    j = closing + 1
    parts.cc = list(blocks[closing][1:])
    while j < len(blocks) and all(_plain(x).startswith(("-", "+")) for x in blocks[j]):
        parts.cc += blocks[j]
        j += 1
    while j < len(blocks):                       # authority, position, notes, then the name
        block = blocks[j]
        parts.signer.append(block)
        j += 1
        if _is_name(_plain(block[-1])):
            break
    parts.appendix = blocks[j:]
    return parts


def _is_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and (w[1:].islower() or len(w) == 1) for w in words)


_EMPH = [(re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*", re.S), r"<b><i>\1</i></b>"),
         (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S), r"<b>\1</b>"),
         (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])", re.S), r"<i>\1</i>")]
_KEEP_TAGS = re.compile(r"&lt;(/?)(b|i|u|sup|sub|br\s*/?)&gt;", re.I)


def _inline(line: str, emphasis: bool = True) -> str:
    """Markdown/HTML residue of the corpus -> ReportLab paragraph markup. Newlines become
    line breaks (emphasis may span them); `emphasis=False` drops `*`/`**` and <b>/<i>, for
    the parts whose typography the decree fixes."""
    t = re.sub(r"^#+\s+", "", line.replace("\\*", "\x00"), flags=re.M)
    if not emphasis:
        t = re.sub(r"</?(?:b|i|strong|em)>", "", t, flags=re.I)
        t = re.sub(r"\*+", "", t)
    t = re.sub(r"<a\s[^>]*>(.*?)</a>", r"\1", t, flags=re.I)
    t = re.sub(r"<(?!/?(?:b|i|u|sup|sub|br)\b)[^>]*>", "", t, flags=re.I)
    t = html.escape(html.unescape(t), quote=False)
    t = re.sub(r" {2,}", lambda m: "&nbsp;" * len(m.group()), t)      # a blank left to fill in
    t = _KEEP_TAGS.sub(lambda m: f"<{m.group(1)}{m.group(2).lower().replace(' ', '')}>", t)
    t = re.sub(r"<br/?>", "<br/>", t)
    t = re.sub(r"<sup>", '<super size="7.5" rise="4.3">', t).replace("</sup>", "</super>")   # as Word: 58%, raised 33%
    for pattern, repl in _EMPH:
        t = pattern.sub(repl, t)
    return t.replace("\n", "<br/>").replace("\x00", "*")


def _styles():
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=FONT, fontSize=13, leading=15.6, alignment=TA_JUSTIFY,
                          firstLineIndent=10 * MM, spaceAfter=6)
    return {
        "body": base,
        "list": ParagraphStyle("list", parent=base, firstLineIndent=0, leftIndent=10 * MM, spaceAfter=2,
                               alignment=TA_LEFT),
        "hard": ParagraphStyle("hard", parent=base, alignment=TA_LEFT),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0),
        "center12": ParagraphStyle("center12", parent=base, alignment=TA_CENTER, firstLineIndent=0,
                                   fontSize=12.5, leading=15, spaceAfter=0),
        "title": ParagraphStyle("title", parent=base, alignment=TA_CENTER, firstLineIndent=0,
                                fontSize=14, leading=17, spaceAfter=0, spaceBefore=6),
        "right_italic": ParagraphStyle("ri", parent=base, alignment=TA_CENTER, firstLineIndent=0,
                                       fontName=FONT + "-Italic", spaceAfter=0),
        "cc": ParagraphStyle("cc", parent=base, fontSize=11, leading=13, firstLineIndent=0,
                             alignment=TA_LEFT, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=base, fontSize=12, leading=14, firstLineIndent=0,
                               alignment=TA_LEFT, spaceAfter=0),
    }


def _para(text: str, style):
    from reportlab.platypus import Paragraph
    try:
        return Paragraph(text, style)
    except ValueError:                           # unbalanced markup: draw the plain text
        return Paragraph(html.escape(re.sub(r"<[^>]+>", "", text), quote=False), style)


def _lines(block: list[str], bold: bool = False) -> str:
    """A block with hard line breaks; `bold` sets the decree's typography instead of the source's."""
    if bold:
        return f"<b>{_inline(chr(10).join(block), emphasis=False)}</b>"
    return _inline("\n".join(block))


def _table(rows: list[list[str]], st):
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Table, TableStyle

    width = PAGE_W - MARGINS["left"] - MARGINS["right"]
    ncols = max(len(r) for r in rows)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    # Each column at least as wide as its longest word; the rest shared by amount of text.
    pad = 8
    words = [max((stringWidth(w, FONT + "-Bold", 12) for r in rows for w in _plain(r[c]).split()), default=0) + pad
             for c in range(ncols)]
    lengths = [min(max(len(_plain(r[c])) for r in rows), 80) + 1 for c in range(ncols)]
    spare = max(width - sum(words), 0)
    widths = [words[c] + spare * lengths[c] / sum(lengths) for c in range(ncols)]
    data = [[_para(_inline(cell.strip()), st["cell"]) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=0)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TOPPADDING", (0, 0), (-1, -1), 2),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return table


def _flow(blocks: list[list[str]], st, appendix: bool = False) -> list:
    from reportlab.platypus import Spacer

    out = []
    for block in blocks:
        if any("\t" in line for line in block):
            rows = [line.split("\t") for line in block]
            out += [_table(rows, st), Spacer(1, 6)]
            continue
        first = _plain(block[0])
        if appendix and (first.isupper() or block[0].startswith(("**", "*(", "(", "<b>"))):
            out.append(_para(_lines(block), st["center"]))
            out.append(Spacer(1, 6))
        elif first.startswith("Kính gửi"):
            out.append(_para(_lines(block[:1]), st["center"]))
        elif all(_plain(x).startswith(("-", "+")) for x in block):
            out += [_para(_inline(x), st["list"]) for x in block]
        elif len(block) > 1:
            out.append(_para(_lines(block), st["hard"]))
        else:
            out.append(_para(_inline(block[0]), st["body"]))
    return out


def _header(parts: _Parts, st) -> list:
    from reportlab.platypus import Table, TableStyle

    width = PAGE_W - MARGINS["left"] - MARGINS["right"]
    issuer_lines = [x for b in [parts.issuer] for x in b]
    # The governing body (first line) is not bold, the issuing body is; "ỦY BAN NHÂN DÂN /
    # TỈNH X" is one name and bold throughout.
    plain_first = len(issuer_lines) > 1 and not _plain(issuer_lines[0]).upper().startswith("ỦY BAN NHÂN DÂN")
    issuer = [_para(_inline(x, emphasis=False) if (i == 0 and plain_first) else _lines([x], bold=True),
                    st["center12"]) for i, x in enumerate(issuer_lines)]
    national = [_para(_lines([x], bold=True), st["center12"] if i == 0 else st["center"])
                for i, x in enumerate(parts.national)]
    left = [_para(_inline("\n".join(parts.number), emphasis=False), st["center"])]
    if parts.subject:
        left.append(_para(_inline("\n".join(parts.subject), emphasis=False), st["center12"]))
    right = [_para(_inline("\n".join(parts.place_date), emphasis=False), st["right_italic"])] \
        if parts.place_date else []
    table = Table([[issuer, national], [left, right]], colWidths=[width * 0.42, width * 0.58])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 1), (-1, 1), 8)]))
    return [table]


def _closing(parts: _Parts, st) -> list:
    from reportlab.platypus import Spacer, Table, TableStyle

    width = PAGE_W - MARGINS["left"] - MARGINS["right"]
    left = [_para("<b><i>Nơi nhận:</i></b>", st["cc"])] + \
        [_para(_inline(x, emphasis=False), st["cc"]) for x in parts.cc]
    right = []
    for k, block in enumerate(parts.signer):
        last = k == len(parts.signer) - 1
        if last:
            right.append(Spacer(1, 16 * MM))
        if last and len(block) > 1:             # a scribble or note above the name
            right.append(_para(_inline("\n".join(block[:-1])), st["center"]))
            block = block[-1:]
        bold = last or bool(AUTHORITY.match(_plain(block[0])))
        right.append(_para(_lines(block, bold=True) if bold else _inline("\n".join(block)), st["center"]))
    table = Table([[left, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [Spacer(1, 6), table]


def directive_pdf(text: str) -> bytes:
    """A real-format directive PDF with a text layer from Markdown-ish text (see module doc)."""
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer

    _register_fonts()
    st = _styles()
    parts = _split(text)
    story = _header(parts, st) if (parts.issuer or parts.national) else []
    if parts.title:
        story += [Spacer(1, 8)] + [_para(_lines([x], bold=True), st["title"]) for x in parts.title]
    story.append(Spacer(1, 10))
    story += _flow(parts.body, st)
    if parts.signer or parts.cc:
        story += _closing(parts, st)
    if parts.appendix:
        story += [PageBreak()] + _flow(parts.appendix, st, appendix=True)

    def page_number(canvas, doc):
        canvas.setFont(FONT, 13)
        canvas.drawCentredString(PAGE_W / 2, PAGE_H - 12 * MM, str(doc.page))

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=(PAGE_W, PAGE_H), topMargin=MARGINS["top"],
                            bottomMargin=MARGINS["bottom"], leftMargin=MARGINS["left"],
                            rightMargin=MARGINS["right"], title="tthc-check fixture",
                            author="tthc-check", invariant=1)
    doc.build(story, onLaterPages=page_number)
    return buf.getvalue()


# --------------------------------------------------------------------------- scans

def story_pdf(items: list[tuple[str, object]], decree_margins: bool = True) -> bytes:
    """A PDF typeset from (kind, value) items, for loader tests that need a page laid out a certain
    way: ("space", points), ("break", None), ("table", (rows, column widths)) drawn as a ruled grid
    whose rows may split over pages, or (style name of _styles(), text) for a paragraph. A4, with
    Decree 30's margins or ReportLab's default inch."""
    from reportlab.lib import colors
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_fonts()
    st = _styles()
    story = []
    for kind, value in items:
        if kind == "space":
            story.append(Spacer(1, value))
        elif kind == "break":
            story.append(PageBreak())
        elif kind == "table":
            rows, widths = value
            table = Table([[_para(c, st["cell"]) for c in r] for r in rows], colWidths=widths, splitInRow=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
        else:
            story.append(_para(value, st[kind]))
    buf = io.BytesIO()
    margins = dict(topMargin=MARGINS["top"], bottomMargin=MARGINS["bottom"], leftMargin=MARGINS["left"],
                   rightMargin=MARGINS["right"]) if decree_margins else {}
    SimpleDocTemplate(buf, pagesize=(PAGE_W, PAGE_H), **margins).build(story)
    return buf.getvalue()


def rasterize(pdf: bytes, dpi: int = 300, *, noisy: bool = False, seed: int = 0) -> list[Image.Image]:
    """Render every page to a grayscale image. `noisy` imitates an office scanner: per-page
    skew of ±0.5–1.5°, slight blur, grey paper and lower contrast, Gaussian noise, dust specks
    and a JPEG q60 round trip. Deterministic for a given seed."""
    import pypdfium2 as pdfium

    pdf_doc = pdfium.PdfDocument(pdf)
    images = []
    try:
        for i in range(len(pdf_doc)):
            page = pdf_doc[i]
            img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            if noisy:
                img = _degrade(img, np.random.default_rng(seed * 1000 + i), dpi)
            img.info["dpi"] = (dpi, dpi)
            images.append(img)
    finally:
        pdf_doc.close()
    return images


def _degrade(img: Image.Image, rng: np.random.Generator, dpi: int) -> Image.Image:
    angle = float(rng.uniform(0.5, 1.5) * rng.choice([-1, 1]))
    paper = int(rng.integers(222, 236))
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.4, 0.8)) * dpi / 300))
    a = np.asarray(img, dtype=np.float32)
    ink = float(rng.uniform(25, 55))
    a = ink + a * (paper - ink) / 255.0                       # grey paper, lower contrast
    a += rng.normal(0, float(rng.uniform(6, 10)), a.shape)
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(out)
    h, w = a.shape
    for _ in range(int(rng.integers(40, 120))):                # dust specks
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        r = float(rng.uniform(0.5, 2.2)) * dpi / 300
        draw.ellipse((x - r, y - r, x + r, y + r), fill=int(rng.integers(40, 140)))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=60)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def scanned_pdf(images: list[Image.Image], dpi: int = 300, quality: int = 80) -> bytes:
    """An image-only PDF (one JPEG per page, passed through as DCT), page size from `dpi`."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for img in images:
        jpeg = io.BytesIO()
        img.convert("L" if img.mode in ("L", "1") else "RGB").save(jpeg, "JPEG", quality=quality, dpi=(dpi, dpi))
        w, h = img.width * 72 / dpi, img.height * 72 / dpi
        c.setPageSize((w, h))
        c.drawImage(ImageReader(io.BytesIO(jpeg.getvalue())), 0, 0, width=w, height=h)
        c.showPage()
    c.save()
    return buf.getvalue()


def tiff(images: list[Image.Image], dpi: int = 300) -> bytes:
    """A (multi-page) TIFF, Deflate-compressed, with the resolution recorded."""
    buf = io.BytesIO()
    first, rest = images[0], list(images[1:])
    first.save(buf, "TIFF", save_all=True, append_images=rest, compression="tiff_adobe_deflate",
               dpi=(dpi, dpi))
    return buf.getvalue()


# --------------------------------------------------------------------------- broken input

def truncated(data: bytes, keep: float = 0.5) -> bytes:
    """The first `keep` fraction of a file (a download cut short)."""
    return data[: max(1, int(len(data) * keep))]


def encrypted_pdf(text: str = "Tài liệu mật", password: str = "secret") -> bytes:
    """A PDF that needs a user password to open (reportlab standard encryption)."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    _register_fonts()
    buf = io.BytesIO()
    enc = pdfencrypt.StandardEncryption(password, ownerPassword=password + "-owner", strength=128)
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), encrypt=enc, invariant=1)
    c.setFont(FONT, 13)
    c.drawString(MARGINS["left"], PAGE_H - 40 * MM, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height (a decompression bomb's header): costs
    nothing to make, and only decoding it would allocate the pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)          # 8-bit grayscale
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def tiff_claiming(width: int, height: int) -> bytes:
    """A minimal little-endian TIFF whose first IFD claims width x height."""
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1),
               (262, 3, 1, 1), (273, 4, 1, 8), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, 16)]
    ifd_offset = 8 + 16
    ifd = struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        ifd += struct.pack("<HHI", tag, typ, count) + (struct.pack("<HH", value, 0) if typ == 3
                                                       else struct.pack("<I", value))
    return b"II*\x00" + struct.pack("<I", ifd_offset) + b"\x00" * 16 + ifd + b"\x00\x00\x00\x00"


def png_bytes(img: Image.Image, dpi: int | None = 300, exif_orientation: int | None = None,
              fmt: str = "PNG") -> bytes:
    """Encode an image (PNG or JPEG), optionally with DPI metadata and an EXIF orientation."""
    buf = io.BytesIO()
    kwargs = {}
    if dpi:
        kwargs["dpi"] = (dpi, dpi)
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        kwargs["exif"] = exif.tobytes()
    if fmt == "JPEG":
        kwargs["quality"] = 90
    img.save(buf, fmt, **kwargs)
    return buf.getvalue()


def page_texts(pdf: bytes) -> list[str]:
    """The text layer of every page (pypdfium2), as drawn: the ground truth of what is on it."""
    import pypdfium2 as pdfium

    pdf_doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for i in range(len(pdf_doc)):
            tp = pdf_doc[i].get_textpage()
            out.append(tp.get_text_range().replace("\r\n", "\n").replace("\x02", "-"))
            tp.close()
        return out
    finally:
        pdf_doc.close()


# --------------------------------------------------------------------------- test material

SAMPLE_DIRECTIVE = """**ỦY BAN NHÂN DÂN
TỈNH AN GIANG**

**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc**

Số: 152/UBND-KSTT
V/v số hóa hồ sơ thủ tục hành chính

An Giang, ngày 05 tháng 3 năm 2025

Kính gửi:

- Các sở, ban, ngành tỉnh;
- UBND các huyện, thị xã, thành phố.

Thực hiện Nghị định số 107/2021/NĐ-CP ngày 06/12/2021 của Chính phủ<sup>1</sup> và Công văn số 6249/VPCP-KSTT ngày 20/9/2023<sup>2</sup>, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:

1. Các sở, ban, ngành hoàn thành số hóa hồ sơ **trước ngày 30/6/2025** và báo cáo kết quả định kỳ hằng tháng.

2. Sở Khoa học và Công nghệ kiểm tra, tiếp nhận hồ sơ trực tuyến trong vòng 08 giờ làm việc./.

<sup>1</sup> Nghị định về thực hiện thủ tục hành chính trên môi trường điện tử.

<sup>2</sup> Công văn của Văn phòng Chính phủ.

**Nơi nhận:**

- Như trên;
- Lưu: VT, KSTT.

**KT. CHỦ TỊCH
PHÓ CHỦ TỊCH**

**Trần Văn Nam**
"""


def fair_cer(ocr_text: str, truth: str) -> float:
    """Character error rate that does not count reading order: each OCR line claims the part
    of the truth it matches best (longest lines first, a claimed part is not claimed twice,
    so text the page repeats is matched once each); errors are the edits inside the claimed
    parts plus the truth characters no line claimed. So a block read in another order (the
    two-column header, table cells) is not an error — characters misread, lost or added
    are. Whitespace collapsed; NFKC makes superscript markers plain digits on both sides."""
    errors, length = fair_errors(ocr_text, truth)
    return errors / length


def fair_errors(ocr_text: str, truth: str) -> tuple[int, int]:
    """(errors, truth length without spaces) behind fair_cer, for micro-averaging."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    def norm(s: str) -> str:
        return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s)).strip()

    ref = norm(truth)
    free = list(ref)
    errors = 0
    pieces = (norm(x) for x in re.split(r"[\n\t\f]", ocr_text))                 # tabs part table cells
    for line in sorted((x for x in pieces if x), key=len, reverse=True):
        al = fuzz.partial_ratio_alignment(line, "".join(free))
        if al is None or al.score == 0:
            errors += len(line.replace(" ", ""))
            continue
        text = "".join(free)
        cost, _, start, end = min((Levenshtein.distance(line, text[s:e]), s - e, s, e)   # settle the edges,
                                  for s in range(max(0, al.dest_start - 3), al.dest_start + 4)  # widest on ties
                                  for e in range(max(s + 1, al.dest_end - 3), min(len(text), al.dest_end + 3) + 1))
        errors += cost
        free[start:end] = "\x00" * (end - start)
    errors += sum(1 for c in free if c not in "\x00 ")
    return errors, max(1, len(ref.replace(" ", "")))
