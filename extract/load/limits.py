"""Resource limits of the loaders: what one hostile file may cost.

Every limit is a field of `Limits`, set in tthc.toml under `[limits]` with the same name
(the runner reads that table and passes a Limits in LoadOptions.limits). The defaults are
chosen so that real documents never reach them (a directive is 1-50 pages, an A3 page at
300 dpi is 17 million pixels, the longest of the 300 real directives is 0.8 MB of text, a
Word file inflates to a few MB) and so that a hostile one stays well under 1 GB of memory
(measured, tests/test_limits.py and the note of issue 12): a page rendered at the pixel limit
is 50 MB in grey and peaks at about 460 MB with tesseract reading it; 10 MB of text peaks at
about 300 MB through the whole directive parser; the inflated-bytes limit bounds what
python-docx reads into memory.

A limit that is reached is a finding (INPUT.LIMIT_EXCEEDED) that names the limit, its value
and how to raise it; what fits under the limit is still read.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

from extract.model import Finding


@dataclass(frozen=True)
class Limits:
    page_pixels: int = 50_000_000         # pixels of one rendered page (OCR renders at --dpi; bigger pages render smaller)
    image_pixels: int = 100_000_000       # pixels of one image (PNG, JPEG, TIFF page), from its header: a bigger one is refused
    pages: int = 500                      # pages read from one document; the rest is left out
    text_bytes: int = 10_000_000          # bytes of text read from one text file, text layer or DOCX
    zip_inflated_bytes: int = 200_000_000  # bytes a DOCX (or other zip container) may inflate to, all members together
    zip_ratio: int = 200                  # inflated : compressed ratio of one member of at least 1 MB
    file_seconds: float = 600.0           # seconds per file: enforced by the runner's executor, not by the loaders
    # A dossier package (folder or ZIP; extract/dossier/package.py): a package over these is refused whole
    package_files: int = 10_000           # files in one package
    package_inflated_bytes: int = 4 << 30  # bytes a ZIP package inflates to, all entries together (4 GiB)
    manifest_bytes: int = 16 << 20        # bytes of a package's manifest.json (16 MiB)

    @classmethod
    def from_mapping(cls, values: dict | None) -> "Limits":
        """A Limits from the [limits] table of tthc.toml (unknown keys are a ValueError that
        names the known ones; values must be positive numbers)."""
        values = dict(values or {})
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"[limits]: unknown limit(s) {', '.join(unknown)}; known: {', '.join(known)}")
        out = {}
        for name, value in values.items():
            kind = float if known[name].type in ("float", float) else int
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"[limits] {name} must be a positive number, not {value!r}")
            out[name] = kind(value)
        return replace(cls(), **out)


DEFAULT_LIMITS = Limits()

# What each limit measures, for the finding (Vietnamese, English).
MEASURES = {
    "page_pixels": ("điểm ảnh của một trang khi kết xuất", "rendered pixels of one page"),
    "image_pixels": ("điểm ảnh của một ảnh", "pixels of one image"),
    "pages": ("số trang đọc từ một tài liệu", "pages read from one document"),
    "text_bytes": ("số byte văn bản đọc từ một tệp", "bytes of text read from one file"),
    "zip_inflated_bytes": ("tổng số byte sau giải nén của tệp nén (DOCX, ZIP)", "bytes a zip container (DOCX, ZIP) inflates to"),
    "zip_ratio": ("tỷ lệ nén của một thành phần trong tệp nén", "compression ratio of one zip member"),
    "file_seconds": ("số giây xử lý một tệp", "seconds spent on one file"),
    "package_files": ("số tệp trong một gói hồ sơ", "files in one dossier package"),
    "package_inflated_bytes": ("tổng số byte sau giải nén của một gói hồ sơ ZIP", "bytes a ZIP dossier package inflates to"),
    "manifest_bytes": ("số byte của manifest.json", "bytes of manifest.json"),
}


def grouped(value) -> str:
    """Thousands apart by a narrow no-break space (never read as an ID number's groups)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    return f"{int(value):,}".replace(",", "\u202f")


def exceeded(name: str, limit, found, *, done: str, done_en: str, evidence: str | None = None,
             location: dict | None = None, refused: bool = False) -> Finding:
    """INPUT.LIMIT_EXCEEDED naming the limit, what was found, what was done and how to raise it.
    `refused`: nothing of the file was read (an error); otherwise part was read (a warning)."""
    vi, en = MEASURES[name]
    raised = limit * 4 if isinstance(limit, int) else limit * 4.0
    return Finding.of("INPUT.LIMIT_EXCEEDED", severity="error" if refused else "warning", evidence=evidence,
                      location=location, limit=name, value=grouped(limit), found=grouped(found), measure=vi,
                      measure_en=en, done=done, done_en=done_en, raised=grouped(raised).replace("\u202f", "_"))


RATIO_MIN_BYTES = 1 << 20         # members smaller than this are never judged by their ratio


def zip_over_limit(path, limits: Limits = DEFAULT_LIMITS) -> tuple[str, int, int, str] | None:
    """Whether a zip container (DOCX, XLSX, ...) would inflate past the limits, judged from its
    central directory before anything is inflated: (limit name, limit, found, member) or None.
    The sizes a member declares are what zipfile reads at most, so they bound the memory."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if total > limits.zip_inflated_bytes:
        biggest = max(infos, key=lambda i: i.file_size)
        return "zip_inflated_bytes", limits.zip_inflated_bytes, total, biggest.filename
    for i in infos:
        if i.file_size >= RATIO_MIN_BYTES and i.file_size > limits.zip_ratio * max(i.compress_size, 1):
            return "zip_ratio", limits.zip_ratio, i.file_size // max(i.compress_size, 1), i.filename
    return None


def zip_finding(over: tuple[str, int, int, str], source: str) -> Finding:
    name, limit, found, member = over
    return exceeded(name, limit, found, evidence=source, refused=True,
                    done=f"không giải nén, không đọc (thành phần lớn nhất: {member})",
                    done_en=f"nothing was inflated or read (largest member: {member})")
