"""What a file really is, from its first bytes (never from its extension). One sniffer for
directives (extract/load) and for the files of a dossier package (extract/filefacts.py)."""
from __future__ import annotations

import io
from pathlib import Path

EXTENSIONS = {
    "pdf": {".pdf"},
    "png": {".png"},
    "jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"},
    "tiff": {".tif", ".tiff"},
    "docx": {".docx"},
    "text": {".txt", ".md", ".markdown", ".text", ""},
    "zip": {".zip"},
}
_ZIP_KINDS = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("ppt/presentation.xml", "pptx"),
              ("content.xml", "odf"))
HEAD = 2048


def kind_of(head: bytes) -> str:
    """pdf | png | jpeg | tiff | gif | webp | bmp | jp2 | zip | doc | archive | executable |
    xml | text | empty | unknown, from the first bytes of a file."""
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
        return "doc"                                  # legacy Word/OLE2
    if head.startswith((b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b")):
        return "archive"
    if head.startswith(b"MZ"):
        return "executable"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"                                 # UTF-16 with its byte-order mark
    if b"\x00" in head:
        return "unknown"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml"):
        return "xml"
    try:
        head.decode("utf-8")
        return "text"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:               # cut inside a multi-byte character
            return "text"
    try:
        head.decode("cp1258")                         # legacy Windows Vietnamese
        return "text"
    except UnicodeDecodeError:
        return "unknown"


def zip_kind(src: bytes | str | Path) -> str:
    """docx | xlsx | pptx | odf for Office/OpenDocument packages, else zip."""
    import zipfile                  # here: a text file's check never opens a package (start-up, bench/real_corpus.py)
    try:
        with zipfile.ZipFile(io.BytesIO(src) if isinstance(src, bytes) else src) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    for marker, kind in _ZIP_KINDS:
        if marker in names:
            return kind
    return "zip"


def sniff(path: Path) -> str:
    """The kind of a file on disk (a zip is looked into for Office documents)."""
    with path.open("rb") as fh:
        head = fh.read(HEAD)
    kind = kind_of(head)
    return zip_kind(path) if kind == "zip" else kind


def extension_matches(path: Path, kind: str) -> bool:
    return path.suffix.lower() in EXTENSIONS.get(kind, set())
