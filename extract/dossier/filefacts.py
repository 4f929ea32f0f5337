"""What a file of a dossier is and looks like, from its bytes: its kind by content, and
for PDFs and images the facts the digitization checks judge (pages, whether a page is a
scan, its resolution and colour, blank pages). Cheap on purpose: a batch reads tens of
thousands of files, so nothing is decoded unless a page may be blank, and born-digital
PDFs without images are not even parsed page by page.
"""
from __future__ import annotations

import io
import re
from typing import Iterator

import schemas
from extract.library_errors import explain
from extract.model import FileFacts, PageFacts

_MAX_PAGES = 2000                      # pages analysed per PDF; page_count still says all


def _th() -> dict:
    return schemas.load_json("digitization.json")


class Unreadable(Exception):
    """The file cannot be read; details in Vietnamese and English."""

    def __init__(self, detail: str, detail_en: str):
        super().__init__(detail_en)
        self.detail, self.detail_en = detail, detail_en


# --------------------------------------------------------------------------- kind

# ----- PDF

_IMAGE_XOBJECT = re.compile(rb"/Subtype\s*/Image\b")
_EMPTY_PAGE_TREE = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b|/Count\s+0\b[^>]*?/Type\s*/Pages\b")

def pdf_facts(ff: FileFacts, src: bytes | str) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    try:
        pdf = pdfium.PdfDocument(src)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == c.FPDF_ERR_PASSWORD:
            ff.problem = "encrypted"
            return
        if isinstance(src, bytes) and _EMPTY_PAGE_TREE.search(src):
            ff.problem = "no_pages"         # pdfium refuses a document whose page tree is empty
            return
        raise Unreadable(f"PDF hỏng hoặc bị cắt cụt ({explain(exc).vi})", f"corrupt or truncated PDF ({explain(exc).en})")
    try:
        ff.pdf_version = pdf.get_version()
        n = len(pdf)
        ff.page_count = n
        if n == 0:
            ff.problem = "no_pages"
            return
        if isinstance(src, bytes) and not _IMAGE_XOBJECT.search(src):
            # No image XObject anywhere (stream dictionaries are never inside object
            # streams, so this search sees them all): no page can be a scan, and
            # parsing pages (fonts!) would cost a millisecond each for nothing.
            for i in range(min(n, _MAX_PAGES)):
                w, h = pdf.get_page_size(i)
                ff.pages.append(PageFacts(number=i + 1, width=round(w, 1), height=round(h, 1)))
            return
        for i in range(min(n, _MAX_PAGES)):
            page = pdf[i]
            try:
                ff.pages.append(_pdf_page(pdf, page, i + 1))
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise Unreadable(f"không đọc được trang PDF ({explain(exc).vi})", f"a PDF page cannot be read ({explain(exc).en})")
    finally:
        pdf.close()


def _pdf_page(pdf, page, number: int) -> PageFacts:
    """Scans are pages covered by images; their resolution is pixels over displayed size,
    their colour comes from the JPEG header or the image colour space."""
    import pypdfium2.raw as c

    th = _th()
    width, height = page.get_size()
    facts = PageFacts(number=number, width=round(width, 1), height=round(height, 1))
    area = max(width * height, 1.0)
    n_top = c.FPDFPage_CountObjects(page)
    if n_top <= 0:
        facts.blank = True
        return facts
    images = list(_images(page, n_top))
    covered = sum(img[3] for img in images) / area
    if covered < th["scan_coverage"]:
        return facts
    facts.scan = True
    main = [img for img in images if img[3] >= 0.1 * area]
    dpis = []
    for obj, px_w, px_h, _a, disp_w, disp_h in main:
        if disp_w > 0 and disp_h > 0:
            dpis.append(min(px_w / (disp_w / 72.0), px_h / (disp_h / 72.0)))
    facts.dpi = round(min(dpis), 1) if dpis else None
    biggest = max(main, key=lambda img: img[3])
    mode, raw = _pdf_image_mode(page, biggest[0])
    facts.mode, facts.colour = mode, mode == "colour" if mode else None
    if len(main) == 1:
        facts.blank = _pdf_image_blank(pdf, page, biggest, raw)
    return facts


def _images(page, n_top: int) -> Iterator[tuple]:
    """(object, px_w, px_h, displayed area, displayed w, displayed h) for every image on
    the page, descending into form XObjects with their transformation."""
    import ctypes
    import pypdfium2.raw as c

    stack = [(None, n_top, (1.0, 0.0, 0.0, 1.0), 0)]
    while stack:
        form, count, (fa, fb, fc, fd), depth = stack.pop()
        for i in range(count):
            obj = c.FPDFPage_GetObject(page, i) if form is None else c.FPDFFormObj_GetObject(form, i)
            if not obj:
                continue
            kind = c.FPDFPageObj_GetType(obj)
            if kind not in (c.FPDF_PAGEOBJ_IMAGE, c.FPDF_PAGEOBJ_FORM):
                continue
            m = c.FS_MATRIX()
            if not c.FPDFPageObj_GetMatrix(obj, m):
                continue
            # compose with the enclosing form: [x y] * M_obj * M_form
            a, b = m.a * fa + m.b * fc, m.a * fb + m.b * fd
            cc, d = m.c * fa + m.d * fc, m.c * fb + m.d * fd
            if kind == c.FPDF_PAGEOBJ_FORM:
                if depth < 4:
                    stack.append((obj, c.FPDFFormObj_CountObjects(obj), (a, b, cc, d), depth + 1))
                continue
            w, h = ctypes.c_uint(), ctypes.c_uint()
            if not c.FPDFImageObj_GetImagePixelSize(obj, w, h):
                continue
            disp_w, disp_h = (a * a + b * b) ** 0.5, (cc * cc + d * d) ** 0.5
            yield obj, w.value, h.value, abs(a * d - b * cc), disp_w, disp_h


def _image_filters(obj) -> list[str]:
    import ctypes
    import pypdfium2.raw as c

    out = []
    for i in range(c.FPDFImageObj_GetImageFilterCount(obj)):
        n = c.FPDFImageObj_GetImageFilter(obj, i, None, 0)
        buf = ctypes.create_string_buffer(n)
        c.FPDFImageObj_GetImageFilter(obj, i, buf, n)
        out.append(buf.value.decode("latin-1"))
    return out


def _raw_image_data(obj, decode_simple: bool = False) -> memoryview:
    """The image stream as stored; with decode_simple, after undoing simple filters
    (ASCII85, Flate in front of DCT), which leaves a JPEG as a JPEG. A view on one
    buffer: scans are hundreds of kilobytes and are only ever read a little."""
    import ctypes
    import pypdfium2.raw as c

    fn = c.FPDFImageObj_GetImageDataDecoded if decode_simple else c.FPDFImageObj_GetImageDataRaw
    n = fn(obj, None, 0)
    buf = (ctypes.c_ubyte * n)()
    fn(obj, buf, n)
    return memoryview(buf).cast("B")


def _pdf_image_mode(page, obj) -> tuple[str | None, memoryview | None]:
    """colour | gray | bilevel, and the raw stream when it is a JPEG (read anyway).
    pdfium's metadata call decodes the whole image, so JPEG headers are read first."""
    import pypdfium2.raw as c

    filters = _image_filters(obj)
    last = filters[-1] if filters else ""
    if last in ("CCITTFaxDecode", "JBIG2Decode"):
        return "bilevel", None
    if last == "DCTDecode":
        raw = _raw_image_data(obj, decode_simple=len(filters) > 1)
        components = jpeg_components(raw)
        if components is not None:
            return {1: "gray", 3: "colour", 4: "colour"}.get(components, "colour"), raw
    meta = c.FPDF_IMAGEOBJ_METADATA()
    if not c.FPDFImageObj_GetImageMetadata(obj, page, meta):
        return None, None
    if meta.bits_per_pixel == 1:
        return "bilevel", None
    if meta.colorspace in (c.FPDF_COLORSPACE_DEVICEGRAY, c.FPDF_COLORSPACE_CALGRAY):
        return "gray", None
    if meta.colorspace == c.FPDF_COLORSPACE_ICCBASED and meta.bits_per_pixel <= 8:
        return "gray", None
    return "colour", None


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def jpeg_components(data: bytes | memoryview) -> int | None:
    """Number of colour components in a JPEG's frame header (1 grey, 3 YCbCr/RGB,
    4 CMYK), read from the markers without decoding anything; None if not found."""
    if len(data) < 4 or data[0] != 0xFF or data[1] != 0xD8:
        return None
    i, n = 2, min(len(data), 1 << 20)
    while i + 4 <= n:
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:                  # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = data[i + 2] << 8 | data[i + 3]
        if marker in _SOF:
            return data[i + 9] if i + 9 < n else None
        if marker == 0xDA:                  # start of scan before any frame header
            return None
        i += 2 + length
    return None


def _pdf_image_blank(pdf, page, img: tuple, raw: memoryview | None) -> bool:
    import pypdfium2 as pdfium
    from PIL import Image

    th = _th()["blank"]
    obj, px_w, px_h = img[0], img[1], img[2]
    if raw is None:
        raw = _raw_image_data(obj)
    if len(raw) > th["candidate_bytes_per_pixel"] * max(px_w * px_h, 1):
        return False
    try:
        if bytes(raw[:3]) == b"\xff\xd8\xff":
            picture = Image.open(io.BytesIO(raw.tobytes()))
            picture.draft("L", (max(px_w // 8, 1), max(px_h // 8, 1)))
        else:
            picture = pdfium.PdfObject(obj, page=page, pdf=pdf).get_bitmap(render=False).to_pil()
        return _ink_blank(picture)
    except Exception:  # noqa: BLE001 - an undecodable image is not called blank
        return False


# ----- images

_COLOUR_MODES = {"RGB", "RGBA", "RGBX", "CMYK", "YCbCr", "LAB", "HSV"}


def _pil_mode(im) -> str:
    if im.mode in _COLOUR_MODES:
        return "colour"
    if im.mode == "1":
        return "bilevel"
    if im.mode in ("P", "PA"):
        palette = im.getpalette() or []
        rgb = zip(palette[0::3], palette[1::3], palette[2::3])
        return "colour" if any(r != g or g != b for r, g, b in rgb) else "gray"
    return "gray"


def image_facts(ff: FileFacts, src: bytes | str) -> None:
    from PIL import Image

    th = _th()["blank"]
    try:
        im = Image.open(io.BytesIO(src) if isinstance(src, bytes) else src)
        width, height = im.size
        mode = _pil_mode(im)
        dpi = im.info.get("dpi")
        frames = getattr(im, "n_frames", 1)
    except Image.DecompressionBombError as exc:
        raise Unreadable(f"ảnh quá lớn ({explain(exc).vi})", f"image too large ({explain(exc).en})")
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for bad input
        raise Unreadable(f"ảnh hỏng ({explain(exc).vi})", f"corrupt image ({explain(exc).en})")
    if _truncated(ff.kind, src, ff.size):
        raise Unreadable("ảnh bị cắt cụt (thiếu phần kết thúc tệp)", "truncated image (the end of the file is missing)")
    ff.page_count = frames
    facts = PageFacts(number=1, width=width, height=height, scan=True, mode=mode, colour=mode == "colour")
    try:
        x, y = float(dpi[0]), float(dpi[1])
        facts.dpi = round(min(x, y), 1) if x > 1 and y > 1 else None
    except (TypeError, ValueError, IndexError):
        facts.dpi = None
    if ff.size <= th["candidate_bytes_per_pixel"] * max(width * height, 1):
        try:
            if ff.kind == "jpeg":
                im.draft("L", (max(width // 8, 1), max(height // 8, 1)))
            facts.blank = _ink_blank(im)
        except Exception:  # noqa: BLE001 - an undecodable image is not called blank
            facts.blank = False
    ff.pages.append(facts)


def _truncated(kind: str, src: bytes | str, size: int) -> bool:
    """JPEG and PNG files end with a fixed marker; scanners' truncated uploads do not."""
    if kind not in ("jpeg", "png"):
        return False
    if isinstance(src, bytes):
        tail = src[-1024:]
    else:
        with open(src, "rb") as fh:
            fh.seek(max(size - 1024, 0))
            tail = fh.read()
    return (b"\xff\xd9" not in tail) if kind == "jpeg" else (b"IEND" not in tail)


def _ink_blank(picture) -> bool:
    import numpy as np

    th = _th()["blank"]
    gray = picture.convert("L")
    if gray.width > 400:
        gray = gray.reduce(max(gray.width // 300, 1))
    a = np.asarray(gray, dtype=np.int16)
    if a.size == 0:
        return True
    paper = np.percentile(a, 90)
    ink = float((a < paper - th["ink_delta"]).mean())
    return ink < th["max_ink_fraction"]
