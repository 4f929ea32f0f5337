"""Write samples/dossiers/: one valid dossier per catalogued procedure and one dossier per
failure kind, with expected.json listing the finding codes that

    tthc validate samples/dossiers --trust-roots samples/pki --crl samples/pki/test-intermediate.TEST-ONLY.crl

must report for each (tests/test_dossier_samples.py compares). Every dossier's dates follow
its procedure's processing time on the working-day calendar (dossier_kit.schedule), and its
electronic result is signed by the issuing agency with the TEST-ONLY sample PKI
(samples/pki) when the result is issued. Deterministic: run it again and the files come out
byte-identical.

    python samples/make_dossiers.py [OUT]        (default: samples/dossiers; the script calls build)
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.kit import dossier_kit as kit  # noqa: E402

RECEIVED = datetime(2024, 3, 15, 9, 0, 0)           # a Friday

# Per procedure: the components of a complete dossier (code, name, kind of file) and its result.
VALID = {
    "1.001193": ([("1.001193.TP01", "Tờ khai đăng ký khai sinh theo mẫu", "form"),
                  ("1.001193.TP02", "Giấy chứng sinh", "scan")],
                 ("Giấy khai sinh", "UBND phường Mẫu Sơn")),
    "2.000815": ([("2.000815.TP01", "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao và bản sao cần chứng thực", "scan")],
                 ("Bản sao được chứng thực từ bản chính", "UBND phường Mẫu Sơn")),
    "2.000635": ([("2.000635.TP01", "Tờ khai cấp bản sao trích lục hộ tịch theo mẫu", "form")],
                 ("Bản sao trích lục hộ tịch", "UBND phường Mẫu Sơn")),
    "1.001612": ([("1.001612.TP01", "Giấy đề nghị đăng ký hộ kinh doanh", "form"),
                  ("1.001612.TP02", "Giấy tờ pháp lý của cá nhân đối với chủ hộ kinh doanh", "scan")],
                 ("Giấy chứng nhận đăng ký hộ kinh doanh", "Phòng Tài chính - Kế hoạch huyện Mẫu Sơn")),
    "1.009994": ([("1.009994.TP01", "Đơn đề nghị cấp giấy phép xây dựng", "form"),
                  ("1.009994.TP02", "Bản sao một trong những giấy tờ chứng minh quyền sử dụng đất theo quy định của pháp luật về đất đai", "scan"),
                  ("1.009994.TP03", "Bản vẽ thiết kế xây dựng", "form")],
                 ("Giấy phép xây dựng", "UBND huyện Mẫu Sơn")),
    # Since 01/07/2025 (two-level local government) the commune handles what follows.
    "1.000656": ([("1.000656.TP01", "Tờ khai đăng ký khai tử theo mẫu", "form"),
                  ("1.000656.TP02", "Giấy báo tử hoặc giấy tờ khác thay giấy báo tử", "scan")],
                 ("Trích lục khai tử", "UBND phường Mẫu Sơn")),
    "1.000894": ([("1.000894.TP01", "Tờ khai đăng ký kết hôn theo mẫu", "form")],
                 ("Giấy chứng nhận kết hôn", "UBND phường Mẫu Sơn")),
    "1.001022": ([("1.001022.TP01", "Tờ khai đăng ký nhận cha, mẹ, con theo mẫu", "form"),
                  ("1.001022.TP02", "Chứng cứ chứng minh quan hệ cha con hoặc mẹ con", "scan")],
                 ("Trích lục đăng ký nhận cha, mẹ, con", "UBND phường Mẫu Sơn")),
    "1.004837": ([("1.004837.TP01", "Tờ khai đăng ký giám hộ theo mẫu", "form"),
                  ("1.004837.TP02", "Văn bản cử người giám hộ", "scan")],
                 ("Trích lục đăng ký giám hộ", "UBND phường Mẫu Sơn")),
    "1.004859": ([("1.004859.TP01", "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch theo mẫu", "form"),
                  ("1.004859.TP02", "Giấy tờ liên quan làm căn cứ thay đổi, cải chính, bổ sung hộ tịch", "scan")],
                 ("Trích lục thay đổi, cải chính, bổ sung hộ tịch", "UBND phường Mẫu Sơn")),
    "1.004873": ([("1.004873.TP01", "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu", "form")],
                 ("Giấy xác nhận tình trạng hôn nhân", "UBND phường Mẫu Sơn")),
    "1.004884": ([("1.004884.TP01", "Tờ khai đăng ký lại khai sinh theo mẫu", "form"),
                  ("1.004884.TP02", "Bản sao toàn bộ hồ sơ, giấy tờ của người yêu cầu hoặc hồ sơ, giấy tờ, tài liệu khác "
                                    "có thông tin liên quan đến nội dung khai sinh", "scan")],
                 ("Giấy khai sinh (đăng ký lại)", "UBND phường Mẫu Sơn")),
    "2.000884": ([("2.000884.TP01", "Giấy tờ, văn bản mà mình sẽ yêu cầu chứng thực chữ ký", "scan"),
                  ("2.000884.TP02", "Giấy chứng minh nhân dân, Căn cước công dân hoặc Hộ chiếu còn giá trị sử dụng", "scan")],
                 ("Giấy tờ, văn bản đã được chứng thực chữ ký", "UBND phường Mẫu Sơn")),
    "2.001035": ([("2.001035.TP01", "Dự thảo hợp đồng, giao dịch", "form"),
                  ("2.001035.TP02", "Bản sao giấy tờ tùy thân còn giá trị sử dụng của người yêu cầu chứng thực", "scan")],
                 ("Hợp đồng, giao dịch được chứng thực", "UBND phường Mẫu Sơn")),
    "2.001019": ([("2.001019.TP01", "Dự thảo di chúc", "form"),
                  ("2.001019.TP02", "Bản sao giấy tờ tùy thân còn giá trị sử dụng của người lập di chúc", "scan")],
                 ("Di chúc được chứng thực", "UBND phường Mẫu Sơn")),
    "2.000942": ([("2.000942.TP90", "Giấy chứng minh nhân dân, Căn cước công dân hoặc Hộ chiếu còn giá trị sử dụng", "scan")],
                 ("Bản sao có chứng thực từ bản chính giao dịch đã được chứng thực", "UBND phường Mẫu Sơn")),
    "2.000720": ([("2.000720.TP01", "Thông báo thay đổi nội dung đăng ký hộ kinh doanh", "form")],
                 ("Giấy chứng nhận đăng ký hộ kinh doanh", "UBND phường Mẫu Sơn")),
    "1.001570": ([("1.001570.TP01", "Thông báo về việc tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo "
                                    "của hộ kinh doanh", "form")],
                 ("Giấy xác nhận về việc hộ kinh doanh đăng ký tạm ngừng kinh doanh", "UBND phường Mẫu Sơn")),
    "1.013831": ([("1.013831.TP01", "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 18)", "form"),
                  ("1.013831.TP02", "Giấy chứng nhận đã cấp", "scan"),
                  ("1.013831.TP03", "Hợp đồng, văn bản về việc chuyển đổi, chuyển nhượng, thừa kế, tặng cho, góp vốn "
                                    "đã công chứng hoặc chứng thực", "scan")],
                 ("Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
                  "Văn phòng đăng ký đất đai Mẫu Sơn")),
    "1.012787": ([("1.012787.TP01", "Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 15)", "form")],
                 ("Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", "UBND phường Mẫu Sơn")),
}
# Dossier numbers of the valid samples: the first five keep 1-5; the numbers from 6 to 99 belong
# to the failure samples below, so the others take 100 + their place.
NUMBERS = {code: (n if n <= 5 else 100 + n) for n, code in enumerate(VALID, 1)}
LINES = ["Họ, chữ đệm, tên người yêu cầu: Nguyễn Thị Mẫu", "Nơi cư trú: phường Mẫu Sơn",
         "Đề nghị cơ quan giải quyết theo quy định.", "Tôi cam đoan nội dung trên là đúng sự thật."]


def form(title: str) -> bytes:
    return kit.text_pdf(title.upper()[:60], LINES)


def scan(title: str, seed: int, dpi: int = 200, colour: bool = True, blank_second: bool = False,
         version: tuple[int, int] = (1, 4)) -> bytes:
    pages = [(kit.scan_image(title, LINES, dpi=dpi, colour=colour, seed=seed), dpi)]
    if blank_second:
        pages.append((kit.scan_image(title, [], dpi=dpi, colour=colour, blank=True), dpi))
    return kit.scan_pdf(pages, version=version)


def valid(code: str, number: int, received: datetime = RECEIVED, status: str = "10",
          channel: str = "1") -> tuple[dict, dict[str, bytes]]:
    """A complete, clean dossier of one procedure: manifest and files; a finished one carries
    its result, signed by the issuing agency when processing finished."""
    comps, (res_name, issuer) = VALID[code]
    m = kit.base_manifest(code, number, received=received, status=status, channel=channel)
    files: dict[str, bytes] = {}
    for i, (ccode, name, kind) in enumerate(comps, 1):
        data = form(name) if kind == "form" else scan(name, seed=number * 10 + i)
        path = f"thanh-phan/{i:02d}-{ccode.split('.')[-1].lower()}.pdf"
        files[path] = data
        m["TaiLieuNop"].append(kit.component(name, path, ccode, data))
    if status in ("9", "10"):
        issued = kit.finished_at(m)
        data = kit.sign(kit.text_pdf(res_name.upper(), [f"Cơ quan cấp: {issuer}", "Số: 123/GKS"]), issuer, issued)
        files["ket-qua/ket-qua.pdf"] = data
        m["DanhSachGiayToKetQua"].append(kit.result(res_name, "ket-qua/ket-qua.pdf", issuer, issued, data))
    return m, files


def set_result(m: dict, files: dict[str, bytes], data: bytes, path: str = "ket-qua/ket-qua.pdf") -> None:
    """Replace the result file (and its declared hash)."""
    files[path] = data
    m["DanhSachGiayToKetQua"][0].update(DuongDanTepTinKetQua=path, sha256=kit.sha256(data))


def issuer_of(m: dict) -> str:
    return m["DanhSachGiayToKetQua"][0]["CoQuanBanHanh"]


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


def step(m: dict, when: datetime, status: str, text: str) -> dict:
    actor = "Lãnh đạo đơn vị" if status == "9" else "Cán bộ một cửa"
    return kit.history_step(m["MaHoSo"], when, status, text, actor)


def khai_sinh(number: int) -> tuple[dict, dict[str, bytes]]:
    return valid("1.001193", number)


def samples() -> dict[str, tuple]:
    """name -> (writer, expected codes). Writers take the destination path."""
    out: dict[str, tuple] = {}

    def folder(name, manifest, files, expected):
        out[name] = (lambda dest: kit.write_folder(dest, manifest, files), expected)

    for code, number in NUMBERS.items():
        folder(f"hop-le-{code}", *valid(code, number), [])
    m, f = valid("1.009994", 6)
    out["hop-le-nen-zip.zip"] = (lambda dest, m=m, f=f: kit.write_zip(dest, m, f), [])

    # --- components against the catalog
    m, f = khai_sinh(10)
    del f[m["TaiLieuNop"][0]["DuongDanTaiTepTin"]]
    m["TaiLieuNop"].pop(0)
    folder("thieu-thanh-phan", m, f, ["COMPONENT.MISSING"])

    m, f = khai_sinh(11)
    del f[m["TaiLieuNop"][1]["DuongDanTaiTepTin"]]
    m["TaiLieuNop"].pop(1)
    folder("thieu-giay-chung-sinh", m, f, ["COMPONENT.ONE_OF_MISSING"])

    m, f = khai_sinh(12)
    data = scan("Giấy xác nhận của trường học", 121)
    f["thanh-phan/03-khac.pdf"] = data
    m["TaiLieuNop"].append(kit.component("Giấy xác nhận của trường học", "thanh-phan/03-khac.pdf", None, data))
    folder("thanh-phan-ngoai-danh-muc", m, f, ["COMPONENT.EXTRA"])

    m, f = khai_sinh(13)
    item = m["TaiLieuNop"][1]
    del item["MaThanhPhanHoSo"]
    item["TenTepDinhKem"] = "Giay chung sinh (ban chinh)"
    folder("doi-chieu-theo-ten", m, f, ["COMPONENT.NO_CODE"])

    m, f = khai_sinh(14)
    m["MaTTHC"] = "1.999999.000.00.00.H12"
    folder("thu-tuc-chua-co", m, f, ["DOSSIER.UNKNOWN_PROCEDURE"])

    m, f = valid("1.009994", 15)
    m["TaiLieuNop"][2]["SoBanSao"] = "1"
    folder("thieu-so-ban", m, f, ["COMPONENT.COPIES"])

    # --- manifest
    m, f = khai_sinh(20)
    m["NgayTiepNhan"] = "2024-03-15 09:00"
    m["TrangThaiHoSo"] = "11"
    m["KenhThucHien"] = "4"
    m["NgayHenTra"] = "20240231170000"
    m["SoDienThoai"] = 912345678
    folder("sai-luoc-do", m, f, ["DOSSIER.SCHEMA"] * 5)

    m, f = khai_sinh(21)
    del m["MaTTHC"]
    folder("thieu-ma-thu-tuc", m, f, ["DOSSIER.SCHEMA"])

    m, f = khai_sinh(22)
    broken = json.dumps(m, ensure_ascii=False, indent=1).encode().replace(b'"TrangThaiHoSo": "10",', b'"TrangThaiHoSo": "10"', 1)
    folder("json-hong", broken, f, ["DOSSIER.MANIFEST_UNREADABLE"])

    folder("manifest-la-mang", b'[{"MaHoSo": "000.00.04.H12-240315-0023"}]', {"a.pdf": form("A")},
           ["DOSSIER.MANIFEST_NOT_OBJECT"])

    m, f = khai_sinh(23)       # the procedure code twice: readers differ in which one they take
    code = json.dumps(m["MaTTHC"]).encode()
    twice = json.dumps(m, ensure_ascii=False, indent=1).encode().replace(
        b'"MaTTHC": ' + code + b",", b'"MaTTHC": ' + code + b',\n "MaTTHC": ' + code + b",", 1)
    assert twice.count(b'"MaTTHC"') == 2
    folder("khoa-trung-lap", twice, f, ["DOSSIER.DUPLICATE_KEY"])

    m, f = khai_sinh(25)       # a due date in year 9999: reported, and no rule counts from it
    m["NgayHenTra"] = "99991231170000"
    folder("ngay-ngoai-khoang", m, f, ["DOSSIER.SCHEMA"])

    m, f = khai_sinh(24)
    out["thieu-manifest.zip"] = (lambda dest, f=f: kit.write_zip(dest, None, f), ["DOSSIER.NO_MANIFEST"])

    out["khong-phai-zip.zip"] = (lambda dest: dest.write_bytes(b"Day khong phai tep zip\n"), ["DOSSIER.NOT_A_PACKAGE"])

    # --- files against the package
    m, f = khai_sinh(30)
    del f[m["TaiLieuNop"][1]["DuongDanTaiTepTin"]]
    folder("thieu-tep", m, f, ["DOSSIER.FILE_MISSING"])

    m, f = khai_sinh(31)
    f[f"cccd-{m['SoGiayToChuHoSo']}.jpg"] = kit.jpeg_bytes(kit.scan_image("CĂN CƯỚC", LINES[:2], seed=311), 200)
    folder("tep-thua", m, f, ["DOSSIER.ORPHAN_FILE"])

    m, f = khai_sinh(32)
    m["TaiLieuNop"][0]["sha256"] = "0" * 64
    folder("sai-ma-bam", m, f, ["DOSSIER.HASH_MISMATCH"])

    m, f = khai_sinh(33)
    del f[m["TaiLieuNop"][1]["DuongDanTaiTepTin"]]
    m["TaiLieuNop"][1]["DuongDanTaiTepTin"] = "https://dichvucong.example.invalid/files/giay-chung-sinh.pdf"
    folder("tep-tren-mang", m, f, ["DOSSIER.REMOTE_FILE"])

    m, f = khai_sinh(34)
    m["TaiLieuNop"][1]["DuongDanTaiTepTin"] = "../ngoai-goi/giay-chung-sinh.pdf"
    del f["thanh-phan/02-tp02.pdf"]
    folder("duong-dan-ra-ngoai", m, f, ["DOSSIER.UNSAFE_PATH"])

    m, f = khai_sinh(35)
    entries = list(f.items()) + [("../../thoat-ra.pdf", form("X")), ("C:/Windows/x.pdf", form("Y"))]
    out["zip-duong-dan-ra-ngoai.zip"] = (lambda dest, m=m, e=entries: kit.write_zip(dest, m, e), ["DOSSIER.UNSAFE_PATH"] * 2)

    m, f = khai_sinh(36)
    bomb = b"\0" * (8 << 20)
    m["TaiLieuNop"].append(kit.component("Tệp nén bất thường", "thanh-phan/03-bom.pdf"))
    f["thanh-phan/03-bom.pdf"] = bomb
    out["zip-bom-giai-nen.zip"] = (lambda dest, m=m, f=f: kit.write_zip(dest, m, f),
                                   ["COMPONENT.EXTRA", "DOSSIER.LIMIT_EXCEEDED"])

    m, f = khai_sinh(37)
    path = m["TaiLieuNop"][1]["DuongDanTaiTepTin"]
    f.pop(path)

    def symlinked(dest, m=m, f=f, path=path):
        kit.write_folder(dest, m, f)
        os.symlink("../../../../../../../../etc/hostname", dest / path)     # points out of the package
    out["lien-ket-tuong-trung"] = (symlinked, ["DOSSIER.SYMLINK"])

    m, f = khai_sinh(38)
    enc = m["TaiLieuNop"][1]["DuongDanTaiTepTin"]

    def encrypted(dest, m=m, f=f, enc=enc):
        kit.write_zip(dest, m, f, compression=0)
        kit.mark_zip_encrypted(dest, enc)
    out["zip-tep-ma-hoa.zip"] = (encrypted, ["DOSSIER.ENCRYPTED_ENTRY"])

    m, f = khai_sinh(39)
    dup = list(f.items()) + [(m["TaiLieuNop"][0]["DuongDanTaiTepTin"], form("Bản khác"))]
    out["zip-trung-ten.zip"] = (lambda dest, m=m, e=dup: kit.write_zip(dest, m, e), ["DOSSIER.DUPLICATE_ENTRY"])

    m, f = khai_sinh(40)
    raw_name = "ph\xe1-l\xfbc.pdf".encode("latin-1")          # cp1258 bytes, not UTF-8

    def non_utf8(dest, m=m, f=f):
        kit.write_zip(dest, m, list(f.items()) + [("XXXXXXXXXXX", form("Phụ lục"))])
        kit.patch_zip_name(dest, "XXXXXXXXXXX", raw_name + b"\x20" * (11 - len(raw_name)))
    out["zip-ten-khong-utf8.zip"] = (non_utf8, ["DOSSIER.NON_UTF8_NAME"])

    m, f = khai_sinh(41)
    nfc_name = "thanh-phan/giấy-chứng-sinh.pdf"
    data = f.pop(m["TaiLieuNop"][1]["DuongDanTaiTepTin"])
    m["TaiLieuNop"][1]["DuongDanTaiTepTin"] = nfc_name
    f[unicodedata.normalize("NFD", nfc_name)] = data
    folder("ten-tep-nfd", m, f, ["DOSSIER.NAME_NORMALIZATION"])

    # --- file contents and digitization quality
    m, f = khai_sinh(50)
    path = m["TaiLieuNop"][0]["DuongDanTaiTepTin"]
    f[path] = kit.docx_bytes("Tờ khai đăng ký khai sinh")
    m["TaiLieuNop"][0]["sha256"] = kit.sha256(f[path])
    folder("sai-dinh-dang", m, f, ["DIGI.EXTENSION_MISMATCH", "DIGI.TYPE_NOT_ALLOWED"])

    m, f = khai_sinh(51)
    path = m["TaiLieuNop"][1]["DuongDanTaiTepTin"]
    f[path] = f[path][: len(f[path]) // 3]
    m["TaiLieuNop"][1]["sha256"] = kit.sha256(f[path])
    folder("pdf-hong", m, f, ["DIGI.UNREADABLE"])

    m, f = khai_sinh(26)       # deflate data of one zip entry damaged: that file is unreadable, the rest is judged
    path = m["TaiLieuNop"][1]["DuongDanTaiTepTin"]

    def damaged(dest, m=m, f=f, path=path):
        kit.write_zip(dest, m, f)
        kit.damage_zip_entry(dest, path)
    out["zip-du-lieu-nen-hong.zip"] = (damaged, ["DIGI.UNREADABLE"])

    m, f = khai_sinh(52)
    path = m["TaiLieuNop"][0]["DuongDanTaiTepTin"]
    f[path] = kit.text_pdf("TỜ KHAI", LINES, encrypt="mat-khau")
    m["TaiLieuNop"][0]["sha256"] = kit.sha256(f[path])
    folder("pdf-co-mat-khau", m, f, ["DIGI.ENCRYPTED"])

    m, f = khai_sinh(62)
    path = m["TaiLieuNop"][0]["DuongDanTaiTepTin"]
    f[path] = kit.empty_pdf()
    m["TaiLieuNop"][0]["sha256"] = kit.sha256(f[path])
    folder("pdf-khong-co-trang", m, f, ["DIGI.NO_PAGES"])

    m, f = khai_sinh(63)
    path = m["TaiLieuNop"][1]["DuongDanTaiTepTin"]
    f[path] = scan("Giấy chứng sinh", 631, version=(1, 3))
    m["TaiLieuNop"][1]["sha256"] = kit.sha256(f[path])
    folder("thanh-phan-pdf-cu", m, f, ["DIGI.PDF_VERSION"])

    m, f = khai_sinh(53)
    path = m["TaiLieuNop"][1]["DuongDanTaiTepTin"]
    f[path] = b""
    m["TaiLieuNop"][1]["sha256"] = kit.sha256(b"")
    folder("tep-rong", m, f, ["DIGI.EMPTY_FILE"])

    m, f = khai_sinh(54)
    path = m["TaiLieuNop"][1]["DuongDanTaiTepTin"]
    f[path] = scan("Giấy chứng sinh", 541, dpi=150)
    m["TaiLieuNop"][1]["sha256"] = kit.sha256(f[path])
    folder("quet-do-phan-giai-thap", m, f, ["DIGI.LOW_RESOLUTION"])

    m, f = khai_sinh(55)
    path = m["TaiLieuNop"][1]["DuongDanTaiTepTin"]
    f[path] = scan("Giấy chứng sinh", 551, colour=False)
    m["TaiLieuNop"][1]["sha256"] = kit.sha256(f[path])
    folder("quet-anh-xam", m, f, ["DIGI.NOT_COLOUR"])

    m, f = khai_sinh(56)       # a scanned result, signed by the body that digitized it
    set_result(m, f, kit.sign(scan("GIẤY KHAI SINH", 561, dpi=150, colour=False), issuer_of(m), kit.finished_at(m)))
    folder("ket-qua-quet-kem", m, f, ["DIGI.RESULT_LOW_RESOLUTION", "DIGI.RESULT_NOT_COLOUR"])

    m, f = khai_sinh(57)
    del f["ket-qua/ket-qua.pdf"]
    f["ket-qua/ket-qua.jpg"] = kit.jpeg_bytes(kit.scan_image("GIẤY KHAI SINH", LINES, seed=571), 200)
    m["DanhSachGiayToKetQua"][0].update(DuongDanTepTinKetQua="ket-qua/ket-qua.jpg", sha256=kit.sha256(f["ket-qua/ket-qua.jpg"]))
    folder("ket-qua-khong-phai-pdf", m, f, ["DIGI.RESULT_NOT_PDF"])

    m, f = khai_sinh(58)       # an old scan, unsigned: signing would make it PDF 1.7 (PAdES)
    set_result(m, f, scan("GIẤY KHAI SINH", 581, version=(1, 3)))
    folder("ket-qua-pdf-cu", m, f, ["DIGI.RESULT_PDF_VERSION", "SIG.MISSING"])

    m, f = khai_sinh(59)
    path = m["TaiLieuNop"][1]["DuongDanTaiTepTin"]
    f[path] = scan("Giấy chứng sinh", 591, blank_second=True)
    m["TaiLieuNop"][1]["sha256"] = kit.sha256(f[path])
    folder("trang-trang", m, f, ["DIGI.BLANK_PAGE"])

    m, f = khai_sinh(60)
    path = m["TaiLieuNop"][1]["DuongDanTaiTepTin"]
    del f[path]
    f["thanh-phan/02-chung-sinh.png"] = kit.png_bytes(kit.scan_image("Giấy chứng sinh", LINES, dpi=200, seed=601), None)
    m["TaiLieuNop"][1].update(DuongDanTaiTepTin="thanh-phan/02-chung-sinh.png", sha256=kit.sha256(f["thanh-phan/02-chung-sinh.png"]))
    folder("anh-khong-ghi-dpi", m, f, ["DIGI.DPI_UNKNOWN"])

    m, f = khai_sinh(61)
    m["TaiLieuNop"].append(kit.component("Giấy tờ chứng minh nhân thân của người đi đăng ký khai sinh",
                                         m["TaiLieuNop"][1]["DuongDanTaiTepTin"], "1.001193.TP07"))
    folder("tep-trung-lap", m, f, ["DIGI.DUPLICATE_FILE"])

    # --- digitization flags and results
    m, f = khai_sinh(70)
    del f["ket-qua/ket-qua.pdf"]
    m["DanhSachGiayToKetQua"] = []
    folder("da-giai-quyet-thieu-ket-qua", m, f, ["COMPONENT.RESULT_MISSING"])

    m, f = khai_sinh(71)
    m["TaiLieuNop"].append(kit.component("Văn bản ủy quyền", None, "1.001193.TP08", digitized="1"))
    folder("so-hoa-khong-co-tep", m, f, ["COMPONENT.DIGITIZED_NO_FILE"])

    m, f = khai_sinh(72)
    m["TaiLieuNop"].append(kit.component("Văn bản ủy quyền", None, "1.001193.TP08", digitized="0"))
    folder("chua-so-hoa", m, f, ["COMPONENT.NOT_DIGITIZED"])

    m, f = khai_sinh(73)
    m["HoSoCoThanhPhanSoHoa"] = "0"
    folder("co-so-hoa-sai", m, f, ["COMPONENT.DIGITIZED_FLAG"])

    # Still in process, so no result is expected (no COMPONENT.RESULT_MISSING); received in
    # 2024 for a same-day procedure, it is overdue on any later reference date.
    m, f = valid("1.001193", 74, status="4")
    folder("dang-xu-ly-chua-co-ket-qua", m, f, ["TIME.LATE_NO_APOLOGY", "TIME.OVERDUE_OPEN"])

    timeline_samples(folder)
    signature_samples(folder)
    return out


def timeline_samples(folder) -> None:
    """Timeline faults (issue 7), each on an otherwise valid dossier of 1.001612 (03 ngày làm
    việc) or 1.001193 (same day, before 15:00)."""
    # Late without an apology: received Fri 15/3/2024 09:00, due Wed 20/3 09:00, finished Fri 22/3.
    m, f = valid("1.001612", 80)
    finished, returned = at("2024-03-22 10:00"), at("2024-03-22 14:00")
    m.update(NgayKetThucXuLy=kit.dvc_time(finished), NgayTra=kit.dvc_time(returned))
    m["QuaTrinhXuLy"][2:] = [step(m, finished, "9", "Phê duyệt, ký kết quả giải quyết"),
                             step(m, returned, "10", "Trả kết quả cho công dân")]
    m["DanhSachGiayToKetQua"][0]["NgayBanHanh"] = kit.dvc_time(finished)
    set_result(m, f, kit.sign(kit.text_pdf("GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH", LINES), issuer_of(m), finished))
    folder("tre-han-khong-xin-loi", m, f, ["TIME.FINISHED_LATE", "TIME.LATE_NO_APOLOGY"])

    # The due date counted in calendar days ("03 ngày") where the procedure says working days:
    # received Thu 14/3/2024 09:00, 3 days -> Sun 17/3, moved to Mon 18/3; the right due date is
    # Tue 19/3. Finished Tue 19/3 08:00: late by the stored date, on time in truth.
    m, f = valid("1.001612", 81, received=at("2024-03-14 09:00"))
    finished, returned = at("2024-03-19 08:00"), at("2024-03-19 09:00")
    m.update(NgayHenTra=kit.dvc_time(at("2024-03-18 09:00")), NgayKetThucXuLy=kit.dvc_time(finished),
             NgayTra=kit.dvc_time(returned))
    m["QuaTrinhXuLy"][2:] = [step(m, finished, "9", "Phê duyệt, ký kết quả giải quyết"),
                             step(m, returned, "10", "Trả kết quả cho công dân")]
    m["DanhSachGiayToKetQua"][0]["NgayBanHanh"] = kit.dvc_time(finished)
    set_result(m, f, kit.sign(kit.text_pdf("GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH", LINES), issuer_of(m), finished))
    folder("hen-tra-tinh-ngay-lich", m, f, ["TIME.DUE_DAY_UNIT_CONFUSED"])

    # Online, submitted Fri 15/3/2024 16:45 (last office hour: counted from Mon 18/3 07:00, so
    # due for intake Mon 17:00), received only Tue 19/3 09:00.
    m, f = valid("1.001193", 82, received=at("2024-03-19 09:00"), channel="2")
    m["NgayNopHoSo"] = kit.dvc_time(at("2024-03-15 16:45"))
    folder("truc-tuyen-tiep-nhan-muon", m, f, ["TIME.ONLINE_INTAKE_LATE"])

    # Two requests to supplement while processing: received Mon 11/3/2024 09:00; asked Tue 12/3,
    # completed Wed 13/3 09:00; asked again Wed 13/3 15:00, completed Thu 14/3 09:00. The three
    # working days restart from the complete supplement: due Tue 19/3 09:00.
    m, f = valid("1.001612", 83, received=at("2024-03-11 09:00"))
    rounds = [(at("2024-03-12 10:00"), at("2024-03-13 09:00"), at("2024-03-14 09:00"), at("2024-03-18 09:00")),
              (at("2024-03-13 15:00"), at("2024-03-14 09:00"), at("2024-03-18 09:00"), at("2024-03-19 09:00"))]
    m["DanhSachHoSoBoSung"] = [
        {"HoSoBoSungId": str(i), "NguoiYeuCauBoSung": "Cán bộ thẩm định", "NoiDungBoSung": what,
         "NgayBoSung": kit.dvc_time(asked), "NgayTiepNhanBoSung": kit.dvc_time(done),
         "NgayHenTraTruoc": kit.dvc_time(before), "NgayHenTraMoi": kit.dvc_time(after), "TrangThaiBoSung": "1"}
        for i, ((asked, done, before, after), what) in enumerate(zip(rounds, (
            "Bổ sung bản sao giấy tờ pháp lý của chủ hộ kinh doanh",
            "Bổ sung biên bản họp thành viên hộ gia đình")), 1)]
    finished, returned = at("2024-03-18 09:00"), at("2024-03-18 10:00")
    m.update(NgayHenTra=kit.dvc_time(rounds[-1][3]), NgayKetThucXuLy=kit.dvc_time(finished), NgayTra=kit.dvc_time(returned))
    m["QuaTrinhXuLy"] = [step(m, at("2024-03-11 09:00"), "2", "Tiếp nhận hồ sơ"),
                         step(m, at("2024-03-12 10:00"), "5", "Yêu cầu bổ sung hồ sơ"),
                         step(m, at("2024-03-13 09:00"), "4", "Công dân bổ sung hồ sơ"),
                         step(m, at("2024-03-13 15:00"), "5", "Yêu cầu bổ sung hồ sơ lần 2"),
                         step(m, at("2024-03-14 09:00"), "4", "Công dân bổ sung hồ sơ"),
                         step(m, finished, "9", "Phê duyệt, ký kết quả giải quyết"),
                         step(m, returned, "10", "Trả kết quả cho công dân")]
    m["DanhSachGiayToKetQua"][0]["NgayBanHanh"] = kit.dvc_time(finished)
    set_result(m, f, kit.sign(kit.text_pdf("GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH", LINES), issuer_of(m), finished))
    folder("bo-sung-hai-lan", m, f, ["TIME.SUPPLEMENT_REPEATED"])


def signature_samples(folder) -> None:
    """Signature faults of the electronic result (issue 6), on valid birth registrations."""
    from tests.kit.pki import change_page_text

    result_pdf = kit.text_pdf("GIẤY KHAI SINH", ["Cơ quan cấp: UBND phường Mẫu Sơn", "Số: 123/GKS"])

    m, f = khai_sinh(90)
    set_result(m, f, result_pdf)
    folder("ket-qua-chua-ky", m, f, ["SIG.MISSING"])

    m, f = khai_sinh(91)
    set_result(m, f, kit.sign(result_pdf, "UBND phường Hòa Bình", kit.finished_at(m)))
    folder("ket-qua-ky-sai-co-quan", m, f, ["SIG.SIGNER_MISMATCH"])

    m, f = khai_sinh(92)       # page text changed in an incremental update after signing
    set_result(m, f, change_page_text(kit.sign(result_pdf, issuer_of(m), kit.finished_at(m)), "SỐ 999/GKS",
                                      reproducible=True))
    folder("ket-qua-sua-sau-khi-ky", m, f, ["SIG.MODIFIED_AFTER_SIGNING"])

    m, f = khai_sinh(93)       # signed two days after the result was handed over
    set_result(m, f, kit.sign(result_pdf, issuer_of(m), at("2024-03-18 10:00")))
    folder("ky-ngoai-thoi-gian-xu-ly", m, f, ["SIG.TIME_OUTSIDE_WINDOW"])


def build(out_dir: Path) -> dict[str, list[str]]:
    if out_dir.exists():
        for child in out_dir.iterdir():
            if child.name in ("README.md",):
                continue
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    out_dir.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, (writer, codes) in samples().items():
        writer(out_dir / name)
        expected[name] = sorted(codes)
    (out_dir / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return expected


SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples" / "dossiers"
