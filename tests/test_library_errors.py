"""Library errors read in Vietnamese in the Vietnamese message, in the library's words in the
English one (schemas/lexicons/library_errors.json through extract/library_errors.py).

Every case provokes the error from the library itself with a broken input, so a library that
changes its wording fails here instead of leaking English into Vietnamese messages."""
from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import zipfile
import zlib

import pytest

import schemas
from extract.library_errors import explain, explain_text

FALLBACK = schemas.load_json("lexicons", "library_errors.json")["fallback"]


def _pdfium_garbage():
    import pypdfium2 as pdfium
    pdfium.PdfDocument(b"%PDF-1.4\ngarbage\n")


def _pdfminer(data: bytes):
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    PDFDocument(PDFParser(io.BytesIO(data)))


def _zip(entries: dict[str, bytes], method=zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _zip_bad_crc():
    data = bytearray(_zip({"a.txt": b"hello world " * 10}))
    data[data.find(b"hello")] = ord("j")
    zipfile.ZipFile(io.BytesIO(bytes(data))).read("a.txt")


def _zip_bad_header():
    data = bytearray(_zip({"a.txt": b"hello world " * 10}))
    data[0:4] = b"XXXX"
    zipfile.ZipFile(io.BytesIO(bytes(data))).read("a.txt")


def _zip_bad_deflate():
    data = bytearray(_zip({"a.txt": bytes(range(256)) * 50}, zipfile.ZIP_DEFLATED))
    start = data.find(b"a.txt") + 10
    data[start:start + 195] = b"\x00" * 195
    zipfile.ZipFile(io.BytesIO(bytes(data))).read("a.txt")


def _image(data: bytes):
    from PIL import Image
    Image.open(io.BytesIO(data)).load()


def _truncated_png() -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (300, 300), "white").save(buf, "PNG")
    return buf.getvalue()[: len(buf.getvalue()) // 2]


_EMPTY_TYPES = b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def _docx(data: bytes):
    import docx
    docx.Document(io.BytesIO(data))


def _xls(tmp_path):
    import openpyxl
    path = tmp_path / "bang.xls"
    path.write_bytes(b"garbage")
    openpyxl.load_workbook(path)


def _os_error(code: int):
    raise OSError(code, os.strerror(code))


def _csv_field_limit():
    list(csv.reader(io.StringIO('"' + "a" * (csv.field_size_limit() + 10) + '"')))


CASES = [
    # (what breaks, how the library is made to raise, the English it says, the Vietnamese we show)
    ("PDFium on a file that is not a PDF", lambda tmp: _pdfium_garbage(), "Data format error", "không đúng cấu trúc PDF"),
    ("pdfminer on a truncated PDF", lambda tmp: _pdfminer(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog"), "Unexpected EOF",
     "bị cắt cụt"),
    ("pdfminer without a /Root", lambda tmp: _pdfminer(b"%PDF-1.4\ngarbage\n"), "No /Root object",
     "không có đối tượng gốc"),
    ("zlib: invalid block type", lambda tmp: zlib.decompress(b"\x07", -15), "invalid block type", "dữ liệu nén"),
    ("zlib: truncated stream", lambda tmp: zlib.decompress(zlib.compress(b"abc" * 100)[:10]), "truncated stream",
     "dữ liệu nén bị cắt cụt"),
    ("zipfile: not a zip", lambda tmp: zipfile.ZipFile(io.BytesIO(b"not a zip")), "File is not a zip file",
     "không phải tệp ZIP hợp lệ"),
    ("zipfile: bad CRC", lambda tmp: _zip_bad_crc(), "Bad CRC-32", "tệp 'a.txt' trong gói ZIP sai mã kiểm tra CRC-32"),
    ("zipfile: bad local header", lambda tmp: _zip_bad_header(), "Bad magic number", "phần đầu của một tệp"),
    ("zipfile: corrupt deflate data", lambda tmp: _zip_bad_deflate(), "while decompressing", "dữ liệu nén"),
    ("Pillow: not an image", lambda tmp: _image(b"garbage"), "cannot identify image file", "không nhận dạng được"),
    ("Pillow: truncated PNG", lambda tmp: _image(_truncated_png()), "truncated", "ảnh bị cắt cụt"),
    ("python-docx: a zip that is no Word file", lambda tmp: _docx(_zip({"[Content_Types].xml": _EMPTY_TYPES})),
     "officeDocument", "không phải tệp Word hợp lệ"),
    ("openpyxl: an old .xls", _xls, "old .xls file format", "Excel cũ (.xls)"),
    ("OS: no such file", lambda tmp: open(tmp / "khong-co.pdf", "rb"), "No such file or directory",
     "không có tệp hoặc thư mục này"),
    ("OS: a folder opened as a file", lambda tmp: open(tmp, "rb"), "Is a directory", "là thư mục"),
    ("OS: permission denied", lambda tmp: _os_error(errno.EACCES), "Permission denied", "không có quyền truy cập"),
    ("OS: disk full", lambda tmp: _os_error(errno.ENOSPC), "No space left on device", "hết chỗ trống"),
    ("codec: not UTF-8", lambda tmp: b"ab\xff".decode("utf-8"), "can't decode byte 0xff",
     "không giải mã được byte 0xff ở vị trí 2 theo bảng mã utf-8"),
    ("csv: a cell over the field limit", lambda tmp: _csv_field_limit(), "field larger than field limit",
     "một ô dài hơn giới hạn"),
    ("json: a cut object", lambda tmp: json.loads('{"MaHoSo": '), "Expecting value",
     "JSON sai cú pháp ở dòng 1, cột 12: thiếu giá trị"),
]


@pytest.mark.parametrize("what, provoke, english, vietnamese", CASES, ids=[c[0] for c in CASES])
def test_library_error_reads_in_vietnamese(tmp_path, what, provoke, english, vietnamese):
    with pytest.raises(BaseException) as caught:
        provoke(tmp_path)
    said = explain(caught.value)
    assert vietnamese in said.vi, said
    assert not said.vi.startswith(FALLBACK), said
    assert english.casefold() not in said.vi.casefold(), said      # no English inside the Vietnamese
    assert english.casefold() in said.en.casefold() or english in str(caught.value), said


def test_an_error_not_in_the_table_is_quoted_not_hidden():
    said = explain(ValueError("a brand new failure"))
    assert said.vi == f"{FALLBACK} ValueError: a brand new failure"
    assert said.en == "ValueError: a brand new failure"


@pytest.mark.parametrize("text, vietnamese", [
    ("PdfReadError: EOF marker not found", "không thấy dấu kết thúc %EOF"),
    ("PdfiumError: Failed to load page.", "không tải được trang"),
    ("ValueError: unheard of", FALLBACK),
])
def test_an_error_kept_as_text_is_explained(text, vietnamese):
    assert vietnamese in explain_text(text).vi


def test_long_library_texts_are_cut():
    said = explain(ValueError("x" * 1000))
    assert len(said.vi) <= 160 and len(said.en) <= 160 and said.en.endswith("...")


def test_the_table_is_well_formed():
    data = schemas.load_json("lexicons", "library_errors.json")
    for entry in data["patterns"]:
        pattern = re.compile(entry["pattern"], re.IGNORECASE)
        placeholders = set(re.findall(r"\{(\w+)\}", entry["vi"]))
        assert placeholders <= set(pattern.groupindex), entry
        assert entry["vi"] and entry["vi"] != entry["pattern"], entry
    for name in data["errno"]:
        assert hasattr(errno, name), name
    for vi, en in data["json"].values():
        assert vi and en


@pytest.mark.parametrize("name, data, code, english", [
    ("hong.pdf", b"%PDF-1.4\ngarbage\n", "INPUT.CORRUPT_PDF", "No /Root object"),
    ("cat-cut.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "INPUT.CORRUPT_PDF", "Unexpected EOF"),
])
def test_loader_findings_carry_both_languages(tmp_path, name, data, code, english):
    from extract.load import LoadOptions, load
    path = tmp_path / name
    path.write_bytes(data)
    found = [f for f in load(path, LoadOptions(cache=False)).findings if f.code == code]
    assert found, load(path).findings
    assert english not in found[0].message and english in found[0].message_en
    assert "{" not in found[0].message_en


def test_a_corrupt_entry_of_a_dossier_reads_in_vietnamese(tmp_path):
    from extract.dossier.package import load_dossier
    manifest = json.dumps({"MaHoSo": "H1", "TaiLieuNop": [
        {"TenTepDinhKem": "Tờ khai", "IsDeleted": "0", "DuocSoHoa": "1", "DuongDanTaiTepTin": "a.pdf"}]}).encode()
    data = bytearray(_zip({"manifest.json": manifest, "a.pdf": bytes(range(256)) * 50}, zipfile.ZIP_DEFLATED))
    start = data.find(b"a.pdf") + 10             # the manifest stays readable; a.pdf's deflate data breaks
    data[start:start + 195] = b"\x00" * 195
    path = tmp_path / "ho-so.zip"
    path.write_bytes(bytes(data))
    facts = load_dossier(str(path)).files["a.pdf"]
    assert facts.problem == "unreadable"
    assert "dữ liệu nén" in facts.detail and "decompressing" not in facts.detail
    assert "decompressing" in facts.detail_en


def test_a_cut_tiff_is_a_finding_without_library_warnings(tmp_path, recwarn):
    """Pillow warns "Corrupt EXIF data" on a cut TIFF; the clerk sees the finding, not the warning."""
    from PIL import Image
    from extract.load import LoadOptions, load
    buf = io.BytesIO()
    Image.new("L", (400, 300), 255).save(buf, "TIFF", dpi=(300, 300))
    path = tmp_path / "ke-hoach.tif"
    path.write_bytes(buf.getvalue()[:60])
    found = [f for f in load(path, LoadOptions(cache=False)).findings if f.code == "INPUT.UNREADABLE"]
    assert found and "không nhận dạng được định dạng ảnh" in found[0].message
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]
