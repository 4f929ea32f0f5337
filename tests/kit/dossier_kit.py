"""Building blocks for dossier packages made in code: born-digital PDFs, scans (JPEG and
PNG images, image-only PDFs), manifests, and packages as folders or .zip files, including
the malformed ones the validator must survive. Used by samples/make_dossiers.py,
bench/make_dossiers.py and the tests; needs reportlab (a dev dependency)."""
from __future__ import annotations

import hashlib
import io
import json
import random
import zipfile
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONTS = ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
MM = 72 / 25.4
A4, A5, A6 = (210, 297), (148, 210), (105, 148)
ZIP_TIME = (2024, 1, 1, 0, 0, 0)          # fixed timestamps: reproducible archives


@lru_cache(maxsize=1)
def font_file() -> str:
    for f in FONTS:
        if Path(f).exists():
            return f
    raise FileNotFoundError("no Vietnamese TrueType font (apt-get install fonts-liberation2)")


@lru_cache(maxsize=1)
def _register_font() -> str:
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics

    rl_config.useA85 = 0                 # binary streams, as scanners and office suites write them
    from reportlab.pdfbase.ttfonts import TTFont
    pdfmetrics.registerFont(TTFont("KitSerif", font_file()))
    return "KitSerif"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- documents

def text_pdf(title: str, lines: list[str], pages: int = 1, version: tuple[int, int] = (1, 4),
             encrypt: str | None = None) -> bytes:
    """A born-digital A4 PDF with a Vietnamese text layer (font embedded)."""
    from reportlab.pdfgen import canvas

    font = _register_font()
    buf = io.BytesIO()
    kw = {"encrypt": encrypt} if encrypt else {}
    c = canvas.Canvas(buf, pagesize=(A4[0] * MM, A4[1] * MM), pdfVersion=version, invariant=1, **kw)
    for page in range(pages):
        c.setFont(font, 14)
        c.drawCentredString(A4[0] * MM / 2, A4[1] * MM - 70, title)
        c.setFont(font, 12)
        for i, line in enumerate(lines):
            c.drawString(85, A4[1] * MM - 110 - i * 18, line)
        if pages > 1:
            c.drawCentredString(A4[0] * MM / 2, 40, str(page + 1))
        c.showPage()
    c.save()
    return buf.getvalue()


def scan_image(title: str, lines: list[str], dpi: int = 200, paper: tuple[int, int] = A6, colour: bool = True,
               blank: bool = False, seed: int = 0) -> Image.Image:
    """A scanned sheet: tinted paper, printed text, a red stamp when in colour."""
    rnd = random.Random(seed)
    w, h = round(paper[0] / 25.4 * dpi), round(paper[1] / 25.4 * dpi)
    tint = (250, 248, 240) if colour else (248, 248, 248)
    img = Image.new("RGB", (w, h), tint)
    if not blank:
        draw = ImageDraw.Draw(img)
        size = max(dpi * 11 // 72, 8)
        font = ImageFont.truetype(font_file(), size)
        bold = ImageFont.truetype(font_file(), size + size // 4)
        margin = dpi * 12 // 25
        draw.text((w // 2, margin), title, font=bold, fill=(20, 20, 40), anchor="mt")
        y = margin + size * 3
        for line in lines:
            if y > h - margin - size:
                break
            draw.text((margin + rnd.randint(0, 3), y), line, font=font, fill=(25, 25, 45))
            y += int(size * 1.5)
        if colour:
            r = dpi * 15 // 25
            cx, cy = w - margin - r, h - margin - r
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(200, 30, 30), width=max(dpi // 50, 2))
    return img if colour else img.convert("L")


def jpeg_bytes(img: Image.Image, dpi: int | None, quality: int = 70) -> bytes:
    buf = io.BytesIO()
    kw = {"dpi": (dpi, dpi)} if dpi else {}
    img.save(buf, "JPEG", quality=quality, **kw)
    return buf.getvalue()


def png_bytes(img: Image.Image, dpi: int | None) -> bytes:
    buf = io.BytesIO()
    kw = {"dpi": (dpi, dpi)} if dpi else {}
    img.save(buf, "PNG", optimize=False, **kw)
    return buf.getvalue()


def scan_pdf(pages: list[tuple[Image.Image, int]], version: tuple[int, int] = (1, 4), quality: int = 70,
             engine: str = "reportlab") -> bytes:
    """An image-only PDF: each page is one JPEG placed at its scan size (100 %).
    engine="pillow" writes what scanner software writes (images only, no font
    resources); reportlab's pages carry a font resource and take any PDF version."""
    if engine == "pillow":
        first, dpi = pages[0]
        buf = io.BytesIO()
        first.save(buf, "PDF", resolution=dpi, quality=quality,
                   save_all=len(pages) > 1, append_images=[img for img, _ in pages[1:]])
        return buf.getvalue()
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    _register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pdfVersion=version, invariant=1)
    for img, dpi in pages:
        pw, ph = img.width / dpi * 72, img.height / dpi * 72
        c.setPageSize((pw, ph))
        c.drawImage(ImageReader(io.BytesIO(jpeg_bytes(img, None, quality))), 0, 0, pw, ph)
        c.showPage()
    c.save()
    return buf.getvalue()


def empty_pdf() -> bytes:
    """A well-formed PDF whose page tree holds no page."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def docx_bytes(text: str) -> bytes:
    """A minimal Word file (a zip with word/document.xml), for wrong-type faults."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        _zput(zf, "[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        _zput(zf, "word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>'.encode())
    return buf.getvalue()


# --------------------------------------------------------------------------- manifests

def dvc_time(moment: datetime) -> str:
    return moment.strftime("%Y%m%d%H%M%S")


def schedule(code: str, received: datetime, status: str = "10") -> dict:
    """The dates a correct provincial system writes for a dossier of procedure `code` received
    at `received`: the due date from the catalog's processing time on the working-day calendar
    (the same-day rule when the catalog has one), a finish one working day before the due date
    (halfway to it when less than a day is given), the hand-over one working hour after the
    finish, and the processing history (QuaTrinhXuLy) up to `status`."""
    from extract.calendar import default_calendar
    from extract.dossier.durations import from_catalog
    from extract.dossier.procedures import lookup

    cal = default_calendar()
    proc = lookup(code) or {}
    rows = [r for r in proc.get("processing_time", []) if not r.get("case")] or proc.get("processing_time") or [
        {"value": 5, "unit": "working_day"}]
    duration = from_catalog(rows[0])
    if duration.same_day_before:
        due = cal.same_day_due(received, duration.same_day_before)
    else:
        due = cal.add(received, duration.value, duration.unit)
    span = cal.working_hours_between(received, due)
    finished = cal.add_working_hours(received, span / 2 if span <= cal.hours_per_day else span - cal.hours_per_day)
    returned = cal.add_working_hours(finished, 1)
    start = cal.count_start(received)
    steps = [(received, "2", "Tiếp nhận hồ sơ", "Cán bộ một cửa"),
             (cal.add_working_hours(start, 1), "4", "Chuyển phòng chuyên môn thẩm định", "Cán bộ một cửa"),
             (finished, "9", "Phê duyệt, ký kết quả giải quyết", "Lãnh đạo đơn vị"),
             (returned, "10", "Trả kết quả cho công dân", "Cán bộ một cửa")]
    order = ["2", "4", "9", "10"]
    keep = order[: order.index(status) + 1] if status in order else ["2"]
    return {"due": due, "finished": finished if status in ("9", "10") else None,
            "returned": returned if status == "10" else None,
            "history": [step for step in steps if step[1] in keep]}


def base_manifest(code: str, number: int, status: str = "10", received: datetime | None = None,
                  unit: str = "UBND phường Mẫu Sơn", unit_code: str = "000.00.04.H12", channel: str = "1") -> dict:
    """A manifest in the portal's sync format, without components or results, whose dates and
    history are consistent (`schedule`)."""
    received = received or datetime(2024, 3, 15, 9, 0, 0)
    plan = schedule(code, received, status)
    ma_ho_so = f"{unit_code}-{received:%y%m%d}-{number:04d}"
    return {
        "MaHoSo": ma_ho_so,
        "MaTTHC": f"{code}.000.00.00.{unit_code.split('.')[-1]}",
        "KenhThucHien": channel,
        "SoGiayToChuHoSo": f"0012{number:08d}",
        "ChuHoSo": "Nguyễn Thị Mẫu",
        "LoaiDoiTuong": "1",
        "SoDienThoai": f"09{number:08d}",
        "Email": f"mau{number}@example.invalid",
        "TrichYeuHoSo": "Hồ sơ mẫu do tthc-check tạo",
        "NgayNopHoSo": dvc_time(received),
        "NgayTiepNhan": dvc_time(received),
        "NgayHenTra": dvc_time(plan["due"]),
        "TrangThaiHoSo": status,
        "NgayKetThucXuLy": dvc_time(plan["finished"]) if plan["finished"] else "",
        "NgayTra": dvc_time(plan["returned"]) if plan["returned"] else "",
        "DonViXuLy": unit,
        "HoSoCoThanhPhanSoHoa": "1",
        "DinhDanhCHS": [{"LoaiDinhDanh": "1", "SoDinhDanh": f"0012{number:08d}"}],
        "TaiLieuNop": [],
        "DanhSachGiayToKetQua": [],
        "QuaTrinhXuLy": [history_step(ma_ho_so, *step) for step in plan["history"]],
    }


def history_step(ma_ho_so: str, moment: datetime, status: str, text: str,
                 actor: str = "Cán bộ một cửa") -> dict:
    return {"MaHoSo": ma_ho_so, "NguoiXuLy": actor, "ThoiDiemXuLy": dvc_time(moment), "NoiDungXuLy": text,
            "TrangThai": status}


def finished_at(m: dict) -> datetime | None:
    """NgayKetThucXuLy of a manifest as a datetime (the moment a result is issued and signed)."""
    value = m.get("NgayKetThucXuLy")
    return datetime.strptime(value, "%Y%m%d%H%M%S") if value else None


def sign(data: bytes, org: str, when: datetime, signer: str = "valid") -> bytes:
    """`data` signed with the committed TEST-ONLY sample PKI (samples/pki) as `org` at `when`
    (Vietnam time) and timestamped at that moment by the sample TSA (PAdES B-T, as signing
    tools in use do: the timestamp is the proof of when it was signed), reproducibly. Needs
    the tests package (tests/kit/pki.py)."""
    from datetime import timezone
    from tests.kit.pki import sign_pdf

    moment = when.replace(tzinfo=timezone(timedelta(hours=7)))
    return sign_pdf(data, signer, org=org, when=moment, timestamp_at=moment, reproducible=True)


def component(name: str, path: str | None, code: str | None = None, data: bytes | None = None,
              digitized: str = "1") -> dict:
    item = {"TenTepDinhKem": name, "IsDeleted": "0", "DuocSoHoa": digitized}
    if code:
        item["MaThanhPhanHoSo"] = code
    if path is not None:
        item["DuongDanTaiTepTin"] = path
    if data is not None:
        item["sha256"] = sha256(data)
    return item


def result(name: str, path: str | None, issuer: str, issued: datetime, data: bytes | None = None) -> dict:
    item = {"TenGiayTo": name, "SoKyHieu": "123/GKS", "NgayBanHanh": dvc_time(issued), "CoQuanBanHanh": issuer}
    if path is not None:
        item["DuongDanTepTinKetQua"] = path
    if data is not None:
        item["sha256"] = sha256(data)
    return item


# --------------------------------------------------------------------------- packages

def write_folder(dest: Path, manifest: dict | bytes | None, files: dict[str, bytes]) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    if manifest is not None:
        data = manifest if isinstance(manifest, bytes) else json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        (dest / "manifest.json").write_bytes(data)
    for name, data in files.items():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return dest


def write_zip(dest: Path, manifest: dict | bytes | None, files: dict[str, bytes] | list[tuple[str, bytes]],
              compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A .zip package. `files` may be a list to write duplicate or unsafe names as given."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    items = list(files.items()) if isinstance(files, dict) else list(files)
    with zipfile.ZipFile(dest, "w", compression) as zf:
        if manifest is not None:
            data = manifest if isinstance(manifest, bytes) else json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            _zput(zf, "manifest.json", data)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")         # duplicate names are the point of some fixtures
            for name, data in items:
                _zput(zf, name, data)
    return dest


def _zput(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.compress_type = zf.compression
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def zip_symlink(dest: Path, name: str, target: str) -> None:
    """Add a symbolic-link entry to an existing .zip."""
    with zipfile.ZipFile(dest, "a") as zf:
        info = zipfile.ZipInfo(name, ZIP_TIME)
        info.external_attr = (0o120777 << 16)
        zf.writestr(info, target)


def patch_zip_name(dest: Path, placeholder: str, raw: bytes) -> None:
    """Rewrite an entry name in place with raw (non-UTF-8) bytes of the same length."""
    data = dest.read_bytes()
    old = placeholder.encode("ascii")
    assert len(old) == len(raw) and data.count(old) == 2
    dest.write_bytes(data.replace(old, raw))


def damage_zip_entry(dest: Path, name: str) -> None:
    """Overwrite the start of one entry's deflate data with bytes that are no deflate block
    (headers and sizes kept): inflating it is a zlib error."""
    data = bytearray(dest.read_bytes())
    target = name.encode()
    pos = data.find(b"PK\x03\x04")
    while pos != -1:
        n = int.from_bytes(data[pos + 26:pos + 28], "little")
        extra = int.from_bytes(data[pos + 28:pos + 30], "little")
        if bytes(data[pos + 30:pos + 30 + n]) == target:
            start = pos + 30 + n + extra
            data[start:start + 8] = b"\xff" * 8          # BTYPE 11: a reserved (invalid) block type
            break
        pos = data.find(b"PK\x03\x04", pos + 4)
    dest.write_bytes(bytes(data))


def mark_zip_encrypted(dest: Path, name: str) -> None:
    """Set the 'encrypted' flag of one entry in its local and central headers."""
    data = bytearray(dest.read_bytes())
    target = name.encode()
    for sig, flag_at, name_len_at, name_at in ((b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)):
        pos = data.find(sig)
        while pos != -1:
            n = int.from_bytes(data[pos + name_len_at:pos + name_len_at + 2], "little")
            if bytes(data[pos + name_at:pos + name_at + n]) == target:
                flags = int.from_bytes(data[pos + flag_at:pos + flag_at + 2], "little") | 0x1
                data[pos + flag_at:pos + flag_at + 2] = flags.to_bytes(2, "little")
            pos = data.find(sig, pos + 4)
    dest.write_bytes(bytes(data))
