"""Read a digitized dossier package (a folder or a .zip holding manifest.json and the
files it names) into a Dossier: the manifest as written, its components and results
with their files resolved, and facts about every named file (size, SHA-256, type by
content, PDF pages, scan resolution and colour, blank pages).

Everything here establishes facts; whether they break a rule is for checks/. Only what
cannot be represented as a fact becomes a finding here: a package that cannot be read
safely (zip bomb, paths escaping the package, symlinks, encrypted or duplicate entries,
non-UTF-8 names) or a manifest that is not a JSON object.

Safety: nothing is extracted outside a private temporary folder, links are never
followed, declared and actual sizes are bounded, and no file is read into memory above
`limits.in_memory_bytes` (big files are hashed in a stream; above
`limits.max_analyse_bytes` they are not parsed at all).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

import schemas
from extract.model import Component, Dossier, FileFacts, Finding, PageFacts
from extract.procedures import lookup

MANIFEST = "manifest.json"
_CHUNK = 1 << 20
_MAX_PAGES = 2000                      # pages analysed per PDF; page_count still says all


@lru_cache(maxsize=1)
def thresholds() -> dict:
    return schemas.load_json("digitization.json")


@dataclass
class DossierOptions:
    limits: dict = field(default_factory=dict)          # overrides of digitization.json "limits"
    # Reads the signatures of a PDF result (bytes or a path) into facts for Component.signed;
    # wired by cli.py to extract/pdfsig.py when that module exists.
    signature_reader: Callable[[Any], Any] | None = None

    def limit(self, name: str) -> int:
        return int(self.limits.get(name, thresholds()["limits"][name]))


# --------------------------------------------------------------------------- paths

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DRIVE = re.compile(r"^[A-Za-z]:")


def nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def clean_path(raw: str) -> str:
    """A package path as the manifest or an archive writes it, with '\\' read as '/' and
    './' and empty segments dropped (letters and normalization untouched)."""
    parts = [p for p in raw.strip().replace("\\", "/").split("/") if p not in ("", ".")]
    return "/".join(parts)


def is_unsafe(raw: str) -> bool:
    """'..' segments, absolute paths and drive letters escape the package."""
    text = raw.strip().replace("\\", "/")
    return (text.startswith("/") or bool(_DRIVE.match(text))
            or any(seg == ".." for seg in text.split("/")))


def _ignored(name: str) -> bool:
    for pattern in thresholds()["ignored_names"]:
        if pattern.endswith("/"):
            if name.startswith(pattern) or f"/{pattern}" in f"/{name}":
                return True
        elif name.rsplit("/", 1)[-1] == pattern:
            return True
    return False


# --------------------------------------------------------------------------- packages

@dataclass
class Entry:
    name: str                      # NFC, '/' separated, package-relative
    raw: str                       # as stored
    size: int
    ref: Any                       # file path (folder) or ZipInfo (zip)
    blocked: str | None = None     # why it must not be read: symlink | encrypted | duplicate | limit | special


class FolderPackage:
    kind = "folder"

    def __init__(self, root: Path):
        self.root = root

    def __enter__(self):
        return self

    def __exit__(self, *_):
        return False

    def scan(self, opts: DossierOptions) -> tuple[dict[str, Entry], list[Finding], list[str]]:
        entries: dict[str, Entry] = {}
        findings: list[Finding] = []
        ignored: list[str] = []
        limit = opts.limit("max_entries")
        stack = [(str(self.root), "")]
        count = 0
        while stack:
            folder, prefix = stack.pop()
            try:
                children = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
            except OSError:
                continue
            for child in children:
                raw = prefix + child.name
                if _has_surrogates(raw):
                    shown = os.fsencode(raw).decode("utf-8", "replace")
                    findings.append(Finding.of("DOSSIER.NON_UTF8_NAME", evidence=shown, location={"file": shown}))
                    continue
                if child.is_symlink():
                    findings.append(Finding.of("DOSSIER.SYMLINK", evidence=raw, location={"file": raw}))
                    if not child.is_dir():      # a linked file is kept, blocked, so it is not also "missing"
                        entries.setdefault(nfc(raw), Entry(name=nfc(raw), raw=raw, size=0, ref=child.path,
                                                           blocked="symlink"))
                    continue
                if child.is_dir(follow_symlinks=False):
                    stack.append((child.path, raw + "/"))
                    continue
                count += 1
                if count > limit:
                    findings.append(_limit(f"hơn {limit} tệp", f"more than {limit} files"))
                    return entries, findings, ignored
                name = nfc(raw)
                if _ignored(name):
                    ignored.append(name)
                    continue
                st = child.stat(follow_symlinks=False)
                entry = Entry(name=name, raw=raw, size=st.st_size, ref=child.path,
                              blocked=None if stat.S_ISREG(st.st_mode) else "special")
                if name in entries:           # NFC and NFD spellings of one name side by side
                    entries[name].blocked = "duplicate"
                    findings.append(Finding.of("DOSSIER.DUPLICATE_ENTRY", evidence=name, count=2, location={"file": name}))
                    continue
                entries[name] = entry
        return entries, findings, ignored

    def open(self, entry: Entry):
        return open(entry.ref, "rb")

    def local_path(self, entry: Entry) -> str | None:
        return str(entry.ref)


class ZipPackage:
    kind = "zip"

    def __init__(self, path: Path):
        self.path = path
        self.zf = zipfile.ZipFile(path)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.zf.close()
        return False

    def scan(self, opts: DossierOptions) -> tuple[dict[str, Entry], list[Finding], list[str]]:
        entries: dict[str, Entry] = {}
        findings: list[Finding] = []
        ignored: list[str] = []
        infos = self.zf.infolist()
        if len(infos) > opts.limit("max_entries"):
            return {}, [_limit(f"{len(infos)} tệp, giới hạn {opts.limit('max_entries')}",
                               f"{len(infos)} entries, limit {opts.limit('max_entries')}")], []
        total = sum(i.file_size for i in infos)
        if total > opts.limit("max_total_uncompressed_bytes"):
            return {}, [_limit(f"tổng dung lượng giải nén {_mb(total)} MB, giới hạn {_mb(opts.limit('max_total_uncompressed_bytes'))} MB",
                               f"{_mb(total)} MB uncompressed in total, limit {_mb(opts.limit('max_total_uncompressed_bytes'))} MB")], []
        seen: dict[str, int] = {}
        for info in infos:
            raw = info.filename
            if not info.flag_bits & 0x800 and not raw.isascii():
                # No UTF-8 flag: zipfile decoded cp437. Many tools write UTF-8 without the flag.
                try:
                    raw = raw.encode("cp437").decode("utf-8")
                except (UnicodeEncodeError, UnicodeDecodeError):
                    shown = info.filename.encode("cp437", "replace").decode("cp1258", "replace")
                    findings.append(Finding.of("DOSSIER.NON_UTF8_NAME", evidence=shown, location={"file": shown}))
                    continue
            if raw.endswith("/") or info.is_dir():
                continue
            if is_unsafe(raw):
                findings.append(Finding.of("DOSSIER.UNSAFE_PATH", evidence=raw, where="của một tệp trong .zip",
                                           where_en=".zip entry list", location={"file": raw}))
                continue
            name = nfc(clean_path(raw))
            if _ignored(name):
                ignored.append(name)
                continue
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                entries[name].blocked = "duplicate"
                continue
            entry = Entry(name=name, raw=clean_path(raw), size=info.file_size, ref=info)
            mode = (info.external_attr >> 16) & 0o170000
            if mode == stat.S_IFLNK:
                entry.blocked = "symlink"
                findings.append(Finding.of("DOSSIER.SYMLINK", evidence=raw, location={"file": raw}))
            elif info.flag_bits & 0x1:
                entry.blocked = "encrypted"
                findings.append(Finding.of("DOSSIER.ENCRYPTED_ENTRY", evidence=raw, location={"file": raw}))
            elif (info.file_size >= opts.limit("ratio_min_bytes")
                  and info.file_size > opts.limit("max_entry_ratio") * max(info.compress_size, 1)):
                entry.blocked = "limit"
                ratio = info.file_size // max(info.compress_size, 1)
                findings.append(_limit(f"tệp {raw} nén với tỷ lệ {ratio}:1, giới hạn {opts.limit('max_entry_ratio')}:1",
                                       f"entry {raw} is compressed {ratio}:1, limit {opts.limit('max_entry_ratio')}:1",
                                       location={"file": raw}))
            entries[name] = entry
        for name, n in seen.items():
            if n > 1:
                findings.append(Finding.of("DOSSIER.DUPLICATE_ENTRY", evidence=name, count=n, location={"file": name}))
        return entries, findings, ignored

    def open(self, entry: Entry):
        return self.zf.open(entry.ref)

    def local_path(self, entry: Entry) -> str | None:
        return None


def _ext(name: str) -> str:
    return os.path.splitext(name.rsplit("/", 1)[-1])[1].lower()


def _rel(rel_dir: str, name: str) -> str:
    return name if rel_dir in (".", "") else f"{rel_dir.replace(os.sep, '/')}/{name}"


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _mb(n: int) -> str:
    return f"{n / 1048576:.0f}" if n >= 10 * 1048576 else f"{n / 1048576:.1f}"


def _limit(detail: str, detail_en: str, location: dict | None = None) -> Finding:
    return Finding.of("DOSSIER.LIMIT_EXCEEDED", detail=detail, detail_en=detail_en, location=location)


# --------------------------------------------------------------------------- file type

_ZIP_KINDS = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("ppt/presentation.xml", "pptx"),
              ("content.xml", "odf"))


def sniff(head: bytes) -> str:
    """What a file is from its first bytes (never from its name)."""
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "tiff"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"BM") and len(head) > 14:
        return "bmp"
    if head.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n") or head.startswith(b"\xff\x4f\xff\x51"):
        return "jp2"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith((b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b")):
        return "archive"
    if head.startswith(b"MZ"):
        return "executable"
    if b"\x00" in head:
        return "unknown"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<?xml") or text.startswith(b"<"):
        return "xml" if text.startswith(b"<?xml") else "text"
    try:
        head.decode("utf-8")
        return "text"
    except UnicodeDecodeError as exc:
        return "text" if exc.start >= len(head) - 4 else "unknown"


def _refine_zip(src: bytes | str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(src) if isinstance(src, bytes) else src) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    for marker, kind in _ZIP_KINDS:
        if marker in names:
            return kind
    return "zip"


# --------------------------------------------------------------------------- file facts

class _Unreadable(Exception):
    def __init__(self, detail: str, detail_en: str):
        super().__init__(detail_en)
        self.detail, self.detail_en = detail, detail_en


def file_facts(pkg, entry: Entry, opts: DossierOptions, tmpdir: "_LazyTemp",
               keep: Callable[[bytes | str], None] | None = None, hash_big: bool = True) -> FileFacts:
    """Hash, sniff and analyse one package file. `keep` receives the bytes (or a
    temporary path) of PDFs while they are open, for readers such as signatures. A file
    over the analysis limit is only sniffed, and hashed (in a stream) if `hash_big`."""
    ff = FileFacts(path=entry.name, size=entry.size, ext=_ext(entry.name),
                   raw_name=entry.raw if entry.raw != entry.name else None)
    if entry.blocked:
        ff.problem = "blocked"
        return ff
    if entry.size == 0:
        ff.kind, ff.problem = "empty", "empty"
        return ff
    try:
        if entry.size > opts.limit("max_analyse_bytes"):
            if hash_big:
                ff.sha256, head, _ = _stream(pkg, entry, None)
            else:
                with pkg.open(entry) as fh:
                    head = fh.read(2048)
            ff.kind, ff.problem = sniff(head), "too_large"
            return ff
        if entry.size <= opts.limit("in_memory_bytes"):
            with pkg.open(entry) as fh:
                data = fh.read(entry.size + 1)
            ff.sha256 = hashlib.sha256(data).hexdigest()
            src: bytes | str = data
            head = data[:2048]
        else:
            local = pkg.local_path(entry)
            target = None if local else tmpdir.file("entry.bin")
            ff.sha256, head, _ = _stream(pkg, entry, target)
            src = local or target
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, ValueError) as exc:
        ff.problem, ff.detail, ff.detail_en = "unreadable", f"lỗi khi giải nén hoặc đọc tệp ({_short(exc)})", \
            f"error while extracting or reading the file ({_short(exc)})"
        return ff
    ff.kind = sniff(head)
    if ff.kind == "zip":
        ff.kind = _refine_zip(src)
    try:
        if ff.kind == "pdf":
            _pdf_facts(ff, src)
            if keep is not None and ff.problem is None:
                keep(src)
        elif ff.kind in ("jpeg", "png", "tiff", "gif", "bmp", "webp"):
            _image_facts(ff, src)
    except _Unreadable as exc:
        ff.problem, ff.detail, ff.detail_en = "unreadable", exc.detail, exc.detail_en
    return ff


def _stream(pkg, entry: Entry, target: str | None) -> tuple[str, bytes, int]:
    """SHA-256 in 1 MB chunks, optionally copying to `target`; memory stays flat."""
    digest, head, n = hashlib.sha256(), b"", 0
    out = open(target, "wb") if target else None
    try:
        with pkg.open(entry) as fh:
            while chunk := fh.read(_CHUNK):
                if not head:
                    head = chunk[:2048]
                digest.update(chunk)
                n += len(chunk)
                if out:
                    out.write(chunk)
    finally:
        if out:
            out.close()
    return digest.hexdigest(), head, n


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


# ----- PDF

_IMAGE_XOBJECT = re.compile(rb"/Subtype\s*/Image\b")
_EMPTY_PAGE_TREE = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b|/Count\s+0\b[^>]*?/Type\s*/Pages\b")

def _pdf_facts(ff: FileFacts, src: bytes | str) -> None:
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
        raise _Unreadable(f"PDF hỏng hoặc bị cắt cụt ({_short(exc)})", f"corrupt or truncated PDF ({_short(exc)})")
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
        raise _Unreadable(f"không đọc được trang PDF ({_short(exc)})", f"a PDF page cannot be read ({_short(exc)})")
    finally:
        pdf.close()


def _pdf_page(pdf, page, number: int) -> PageFacts:
    """Scans are pages covered by images; their resolution is pixels over displayed size,
    their colour comes from the JPEG header or the image colour space."""
    import pypdfium2.raw as c

    th = thresholds()
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
    from PIL import Image

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

    th = thresholds()["blank"]
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


def _image_facts(ff: FileFacts, src: bytes | str) -> None:
    from PIL import Image

    th = thresholds()["blank"]
    try:
        im = Image.open(io.BytesIO(src) if isinstance(src, bytes) else src)
        width, height = im.size
        mode = _pil_mode(im)
        dpi = im.info.get("dpi")
        frames = getattr(im, "n_frames", 1)
    except Image.DecompressionBombError as exc:
        raise _Unreadable(f"ảnh quá lớn ({_short(exc)})", f"image too large ({_short(exc)})")
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for bad input
        raise _Unreadable(f"ảnh hỏng ({_short(exc)})", f"corrupt image ({_short(exc)})")
    if _truncated(ff.kind, src, ff.size):
        raise _Unreadable("ảnh bị cắt cụt (thiếu phần kết thúc tệp)", "truncated image (the end of the file is missing)")
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

    th = thresholds()["blank"]
    gray = picture.convert("L")
    if gray.width > 400:
        gray = gray.reduce(max(gray.width // 300, 1))
    a = np.asarray(gray, dtype=np.int16)
    if a.size == 0:
        return True
    paper = np.percentile(a, 90)
    ink = float((a < paper - th["ink_delta"]).mean())
    return ink < th["max_ink_fraction"]


# --------------------------------------------------------------------------- manifest

_LISTS = (("TaiLieuNop", "component", "TenTepDinhKem", ("MaThanhPhanHoSo",), "DuongDanTaiTepTin"),
          ("DanhSachGiayToKetQua", "result", "TenGiayTo", ("MaGiayToKetQua", "MaThanhPhanHoSo"), "DuongDanTepTinKetQua"))

_JSON_ERRORS = {
    "Expecting value": ("thiếu giá trị", "expecting a value"),
    "Expecting ',' delimiter": ("thiếu dấu phẩy", "expecting ','"),
    "Expecting ':' delimiter": ("thiếu dấu hai chấm", "expecting ':'"),
    "Expecting property name enclosed in double quotes": ("tên thuộc tính phải nằm trong dấu nháy kép",
                                                          "property names must be in double quotes"),
    "Unterminated string starting at": ("chuỗi chưa có dấu nháy đóng", "unterminated string"),
    "Extra data": ("có dữ liệu thừa sau đối tượng JSON", "extra data after the JSON value"),
    "Invalid control character at": ("ký tự điều khiển không hợp lệ trong chuỗi", "invalid control character in a string"),
    "Invalid \\escape": ("ký tự thoát (\\) không hợp lệ", "invalid escape"),
}
_JSON_KINDS = {list: ("mảng (array)", "an array"), str: ("chuỗi", "a string"), int: ("số", "a number"),
               float: ("số", "a number"), bool: ("giá trị đúng/sai", "a boolean"), type(None): ("null", "null")}


def parse_manifest(data: bytes) -> tuple[Any, Finding | None]:
    """The manifest value, or a finding saying why it cannot be read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, Finding.of("DOSSIER.MANIFEST_UNREADABLE", location={"file": MANIFEST},
                                detail=f"không phải văn bản UTF-8 (byte thứ {exc.start})",
                                detail_en=f"not UTF-8 text (byte {exc.start})")
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        vi, en = _JSON_ERRORS.get(exc.msg, (exc.msg, exc.msg))
        return None, Finding.of("DOSSIER.MANIFEST_UNREADABLE", location={"file": MANIFEST, "line": exc.lineno, "column": exc.colno},
                                detail=f"JSON sai cú pháp ở dòng {exc.lineno}, cột {exc.colno}: {vi}",
                                detail_en=f"invalid JSON at line {exc.lineno}, column {exc.colno}: {en}")
    except RecursionError:
        return None, Finding.of("DOSSIER.MANIFEST_UNREADABLE", location={"file": MANIFEST},
                                detail="JSON lồng nhau quá sâu", detail_en="JSON nested too deeply")


def manifest_entries(manifest: dict) -> list[Component]:
    """Components and results as the manifest declares them (one per file when a path
    lists several files joined by '##', as provincial systems store them)."""
    out: list[Component] = []
    for list_name, role, name_key, code_keys, path_key in _LISTS:
        items = manifest.get(list_name)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            code = next((item[k].strip() for k in code_keys if isinstance(item.get(k), str) and item[k].strip()), None)
            name = item.get(name_key) if isinstance(item.get(name_key), str) else None
            digitized = {"1": True, "0": False}.get(str(item.get("DuocSoHoa"))) if "DuocSoHoa" in item else None
            sha = item.get("sha256") if isinstance(item.get("sha256"), str) else None
            declared = item.get(path_key) if isinstance(item.get(path_key), str) else ""
            parts = [p for p in declared.split("##") if p.strip()] or [None]
            for part in parts:
                out.append(Component(
                    code=code, name=nfc(name) if name else name, path=None, role=role, digitized=digitized,
                    sha256=sha, pointer=f"/{list_name}/{i}", raw=item, declared_path=part,
                    deleted=str(item.get("IsDeleted")) == "1",
                    issuer=item.get("CoQuanBanHanh") if isinstance(item.get("CoQuanBanHanh"), str) else None,
                    issued=item.get("NgayBanHanh") if isinstance(item.get("NgayBanHanh"), str) else None))
    return out


def _resolve(comp: Component, entries: dict[str, Entry]) -> None:
    raw = comp.declared_path
    if raw is None:
        comp.file_status = "none"
        return
    if _URL.match(raw.strip()):
        comp.file_status = "remote"
        return
    if is_unsafe(raw):
        comp.file_status = "unsafe"
        return
    name = nfc(clean_path(raw))
    comp.path = name
    entry = entries.get(name)
    if entry is None:
        comp.file_status = "missing"
        folded = name.casefold()
        comp.hint = next((e for e in entries if e.casefold() == folded), None)
    else:
        comp.file_status = "blocked" if entry.blocked else "ok"


# --------------------------------------------------------------------------- the loader

def load_dossier(path: str, options: DossierOptions | None = None) -> Dossier:
    """Read one package. Never raises for bad input: problems become findings."""
    opts = options or DossierOptions()
    dossier = Dossier(source=path)
    p = Path(path)
    if not p.exists():
        dossier.findings.append(Finding.of("INPUT.NOT_FOUND", evidence=path))
        return dossier
    try:
        if p.is_dir():
            pkg: Any = FolderPackage(p)
        elif zipfile.is_zipfile(p):
            pkg = ZipPackage(p)
        else:
            dossier.findings.append(Finding.of(
                "DOSSIER.NOT_A_PACKAGE", evidence=path,
                detail="không phải thư mục cũng không phải tệp .zip", detail_en="neither a folder nor a .zip file"))
            return dossier
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError) as exc:
        dossier.findings.append(Finding.of("DOSSIER.NOT_A_PACKAGE", evidence=path,
                                           detail=f"tệp .zip hỏng ({_short(exc)})", detail_en=f"corrupt .zip ({_short(exc)})"))
        return dossier
    dossier.package = pkg.kind
    with pkg, _LazyTemp() as tmpdir:
        entries, findings, dossier.ignored = pkg.scan(opts)
        dossier.findings.extend(findings)
        if any(f.code == "DOSSIER.LIMIT_EXCEEDED" and not f.location for f in findings):
            return dossier                      # the whole package is over a limit: stop here
        for name, entry in entries.items():
            dossier.files[name] = FileFacts(path=name, size=entry.size, ext=_ext(name),
                                            raw_name=entry.raw if entry.raw != name else None,
                                            problem="blocked" if entry.blocked else None)
        manifest = _read_manifest(pkg, entries, opts, dossier)
        if manifest is None:
            return dossier
        dossier.manifest = manifest
        dossier.procedure = lookup(manifest.get("MaTTHC"))
        for comp in manifest_entries(manifest):
            _resolve(comp, entries)
            (dossier.results if comp.role == "result" else dossier.components).append(comp)
        readers: dict[str, Any] = {}
        live = [c for c in dossier.components + dossier.results if c.file_status == "ok" and not c.deleted]
        declared = {c.path for c in live if c.sha256}     # huge files are hashed only to verify a declared hash
        for comp in live:
            if comp.path in readers:
                continue
            keep = None
            if comp.role == "result" and opts.signature_reader is not None:
                keep = _signature_keeper(opts.signature_reader, comp.path, readers)
            dossier.files[comp.path] = file_facts(pkg, entries[comp.path], opts, tmpdir, keep,
                                                  hash_big=comp.path in declared)
            readers.setdefault(comp.path, None)
        for comp in dossier.results:
            comp.signed = readers.get(comp.path) if comp.path else None
    return dossier


class _LazyTemp:
    """A private temporary folder, created only when a big zip entry needs one."""

    def __init__(self):
        self._dir: tempfile.TemporaryDirectory | None = None

    def __enter__(self):
        return self

    def __exit__(self, *_):
        if self._dir is not None:
            self._dir.cleanup()
        return False

    def file(self, name: str) -> str:
        if self._dir is None:
            self._dir = tempfile.TemporaryDirectory(prefix="tthc-dossier-")
        return os.path.join(self._dir.name, name)


def _signature_keeper(reader, path: str, readers: dict) -> Callable:
    def keep(src):
        try:
            readers[path] = reader(src)
        except Exception as exc:  # noqa: BLE001 - a reader failure is recorded, never raised
            readers[path] = {"error": f"{type(exc).__name__}: {exc}"}
    return keep


def _read_manifest(pkg, entries: dict[str, Entry], opts: DossierOptions, dossier: Dossier) -> dict | None:
    entry = entries.get(MANIFEST)
    if entry is None:
        dossier.findings.append(Finding.of("DOSSIER.NO_MANIFEST", evidence=dossier.source))
        return None
    if entry.blocked:
        dossier.findings.append(Finding.of("DOSSIER.MANIFEST_UNREADABLE", location={"file": MANIFEST},
                                           detail=f"tệp bị chặn ({entry.blocked})", detail_en=f"the entry is blocked ({entry.blocked})"))
        return None
    if entry.size > opts.limit("max_manifest_bytes"):
        dossier.findings.append(Finding.of(
            "DOSSIER.MANIFEST_UNREADABLE", location={"file": MANIFEST},
            detail=f"quá lớn ({_mb(entry.size)} MB, giới hạn {_mb(opts.limit('max_manifest_bytes'))} MB)",
            detail_en=f"too large ({_mb(entry.size)} MB, limit {_mb(opts.limit('max_manifest_bytes'))} MB)"))
        return None
    try:
        with pkg.open(entry) as fh:
            data = fh.read(opts.limit("max_manifest_bytes") + 1)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, ValueError) as exc:
        dossier.findings.append(Finding.of("DOSSIER.MANIFEST_UNREADABLE", location={"file": MANIFEST},
                                           detail=f"lỗi khi đọc ({_short(exc)})", detail_en=f"read error ({_short(exc)})"))
        return None
    value, problem = parse_manifest(data)
    if problem:
        dossier.findings.append(problem)
        return None
    if not isinstance(value, dict):
        vi, en = _JSON_KINDS.get(type(value), ("giá trị khác", "another value"))
        dossier.findings.append(Finding.of("DOSSIER.MANIFEST_NOT_OBJECT", location={"file": MANIFEST}, kind=vi, kind_en=en))
        return None
    return value


# --------------------------------------------------------------------------- personal data

@lru_cache(maxsize=1)
def _personal_fields() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Top-level and list-item fields marked x-personal in the manifest schema."""
    schema = schemas.load_json("dossier.schema.json")
    top = {k: v["x-personal"] for k, v in schema["properties"].items() if "x-personal" in v}
    nested: dict[str, dict[str, str]] = {}
    for k, v in schema["properties"].items():
        props = v.get("items", {}).get("properties", {})
        marked = {pk: pv["x-personal"] for pk, pv in props.items() if "x-personal" in pv}
        if marked:
            nested[k] = marked
    return top, nested


def personal_values(manifest: dict | None) -> list[tuple[str, str]]:
    """(value, kind) for every personal datum of the applicant in the manifest."""
    if not isinstance(manifest, dict):
        return []
    top, nested = _personal_fields()
    def text(v) -> str | None:        # personal data typed as a number is still personal
        return str(v) if isinstance(v, (str, int)) and not isinstance(v, bool) else None

    out = [(text(manifest.get(k)), kind) for k in top for kind in [top[k]]]
    for list_name, fields in nested.items():
        items = manifest.get(list_name)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                out.extend((text(item.get(k)), kind) for k, kind in fields.items())
    return [(nfc(v.strip()), kind) for v, kind in out if v and len(v.strip()) >= 3]


def mask(value: str, kind: str) -> str:
    """IDs and phone numbers keep their last 3 characters, e-mail its first letter and
    domain, names their initials: enough to tell records apart, not to identify anyone."""
    value = value.strip()
    if kind == "email" and "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if kind == "name":
        return " ".join(f"{w[:1]}." for w in value.split())
    keep = 3 if len(value) > 5 else 0
    return "*" * (len(value) - keep) + value[len(value) - keep:]


def redact(text: str, personal: list[tuple[str, str]]) -> str:
    for value, kind in sorted(personal, key=lambda vk: -len(vk[0])):
        if value.casefold() in text.casefold():
            text = re.sub(re.escape(value), mask(value, kind), text, flags=re.IGNORECASE)
    return text


def redact_finding(finding: Finding, personal: list[tuple[str, str]]) -> Finding:
    if not personal:
        return finding
    finding.message = redact(finding.message, personal)
    finding.message_en = redact(finding.message_en, personal)
    if finding.evidence:
        finding.evidence = redact(finding.evidence, personal)
    if finding.location:
        finding.location = {k: redact(v, personal) if isinstance(v, str) else v for k, v in finding.location.items()}
    return finding
