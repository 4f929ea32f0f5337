"""What a file really is, from its first bytes (never from its extension)."""
from __future__ import annotations

import zipfile
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


def sniff(path: Path) -> str:
    """pdf | png | jpeg | tiff | docx | zip | text | doc | unknown"""
    with path.open("rb") as fh:
        head = fh.read(2048)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "tiff"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError):
            return "unknown"
        return "docx" if "word/document.xml" in names else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"                                  # legacy Word/OLE2
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in head:
        return "unknown"
    try:
        head.decode("utf-8")
        return "text"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:               # cut inside a multi-byte character
            return "text"
        try:
            head.decode("cp1258")
            return "text"
        except UnicodeDecodeError:
            return "unknown"


def extension_matches(path: Path, kind: str) -> bool:
    return path.suffix.lower() in EXTENSIONS.get(kind, set())
