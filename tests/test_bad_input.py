"""Every kind of bad input gives an INPUT.* finding with a Vietnamese and an English
message, never a traceback, and a batch goes on with the next file."""
import io
import json
import unicodedata
import zipfile

import pytest
from reportlab.pdfgen import canvas

import cli
from extract.load import load


def pdf_bytes(text="Số: 12/UBND-VX", encrypt=None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    c.drawString(72, 720, text * 3)
    c.showPage()
    c.save()
    return buf.getvalue()


def zero_page_pdf() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def cp1258(text: str) -> bytes:
    """Legacy Windows Vietnamese: base letters precomposed, tone marks combining."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return out


def make(tmp_path, name, content):
    p = tmp_path / name
    p.write_bytes(content)
    return p


CASES = [
    ("empty.pdf", b"", "INPUT.EMPTY"),
    ("truncated.pdf", pdf_bytes()[:300], "INPUT.CORRUPT_PDF"),
    ("encrypted.pdf", pdf_bytes(encrypt="secret"), "INPUT.ENCRYPTED"),
    ("zero.pdf", zero_page_pdf(), "INPUT.NO_PAGES"),
    ("random.bin", bytes(range(256)) * 8, "INPUT.UNSUPPORTED"),
    ("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "INPUT.UNSUPPORTED"),
    ("broken.docx", b"PK\x03\x04" + b"\x00" * 100, "INPUT.UNSUPPORTED"),
]


@pytest.mark.parametrize("name,content,code", CASES, ids=[c[0] for c in CASES])
def test_bad_file_gives_input_finding(tmp_path, name, content, code):
    doc = load(make(tmp_path, name, content))
    codes = [f.code for f in doc.findings]
    assert code in codes, codes
    finding = next(f for f in doc.findings if f.code == code)
    assert finding.severity == "error" and finding.message and finding.message_en
    assert finding.message != finding.message_en
    assert not doc.pages


def test_zip_that_is_not_docx_is_unsupported(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "x")
    doc = load(make(tmp_path, "a.docx", buf.getvalue()))
    assert [f.code for f in doc.findings] == ["INPUT.UNSUPPORTED"]


def test_missing_path_and_directory(tmp_path):
    assert [f.code for f in load(tmp_path / "nope.pdf").findings] == ["INPUT.NOT_FOUND"]
    assert [f.code for f in load(tmp_path).findings] == ["INPUT.UNREADABLE"]


def test_extension_that_lies_is_read_by_content(tmp_path):
    doc = load(make(tmp_path, "scan.png", pdf_bytes("Ninh Thuan, ngay 20 thang 10 nam 2022")))
    assert doc.kind == "pdf" and doc.pages
    assert [f.code for f in doc.findings] == ["INPUT.EXTENSION_MISMATCH"]
    assert doc.findings[0].severity == "warning"
    text = make(tmp_path, "note.pdf", "Số: 12/UBND-VX\n".encode())
    doc = load(text)
    assert doc.kind == "text" and doc.pages[0].lines[0].text == "Số: 12/UBND-VX"


def test_legacy_vietnamese_encoding_text(tmp_path):
    doc = load(make(tmp_path, "old.txt", cp1258("Ủy ban nhân dân tỉnh")))
    assert doc.pages[0].lines[0].text == "Ủy ban nhân dân tỉnh"


def test_batch_goes_on_after_bad_files(tmp_path, capsys):
    good = make(tmp_path, "good.txt", "Số: 12/UBND-VX\n".encode())
    bad = make(tmp_path, "bad.pdf", pdf_bytes()[:200])
    rc = cli.main(["ingest", str(bad), str(tmp_path / "missing.pdf"), str(good), "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert rc == 2 and "missing.pdf" in err              # never silent: a missing path is exit 2 with a message
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["source"] for r in records] == [str(bad), str(good)]      # ... and the other files are done
    assert records[0]["findings"][0]["code"] == "INPUT.CORRUPT_PDF"
    assert records[1]["text"].startswith("Số: 12/UBND-VX")
    assert cli.main(["ingest", str(bad), "--format", "jsonl"]) == 1      # a broken file is an error finding
    assert cli.main(["ingest", str(bad), "--format", "jsonl", "--fail-on", "never"]) == 0


def test_directory_is_walked_for_documents(tmp_path, capsys):
    sub = tmp_path / "in" / "nested"
    sub.mkdir(parents=True)
    make(sub, "a.txt", b"x")
    make(tmp_path / "in", "b.pdf", pdf_bytes())
    make(tmp_path / "in", "notes.json", b"{}")            # not a document type: skipped
    rc = cli.main(["ingest", str(tmp_path / "in"), "--format", "jsonl", "--fail-on", "never"])
    assert rc == 0
    sources = [json.loads(line)["source"] for line in capsys.readouterr().out.splitlines()]
    assert [s.rsplit("/", 1)[-1] for s in sources] == ["b.pdf", "a.txt"]
