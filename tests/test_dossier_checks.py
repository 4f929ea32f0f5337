"""Component and digitization checks, on dossiers built in code."""
from dataclasses import replace

import pytest

from checks.components import match_components, name_key, name_score
from checks.registry import Context, run_checks
from extract.dossier.package import load_dossier
from extract.dossier.filefacts import jpeg_components
from tests.kit import dossier_kit as kit

LINES = ["Họ, chữ đệm, tên: Nguyễn Văn Bình", "Nơi cư trú: tổ dân phố 3"] * 8
FORM = kit.text_pdf("TỜ KHAI", LINES)


def scan(dpi=200, colour=True, pages=1, blank=False, version=(1, 4), engine="reportlab"):
    img = kit.scan_image("GIẤY CHỨNG SINH", LINES, dpi=dpi, colour=colour, blank=blank, seed=dpi)
    return kit.scan_pdf([(img, dpi)] * pages, version=version, engine=engine)


def build(tmp_path, components, results=(), status="10", **extra):
    """components/results: (name, code, path, bytes or None)."""
    m = kit.base_manifest("1.001193", 5, status=status)
    m.update(extra)
    files = {}
    for name, code, path, data in components:
        m["TaiLieuNop"].append(kit.component(name, path, code))
        if path and data is not None:
            files[path] = data
    for name, path, data in results:
        m["DanhSachGiayToKetQua"].append(kit.result(name, path, "UBND phường", kit.datetime(2024, 3, 15, 14)))
        if path and data is not None:
            files[path] = data
    return load_dossier(str(kit.write_folder(tmp_path / "d", m, files)))


# The timeline and signature families judge dates and signatures; tests/test_timeline.py and
# tests/test_dossier_samples.py cover them on dossiers.
OTHER_FAMILIES = frozenset({"TIME", "SIG"})


def findings(d, disabled=frozenset(), **ctx):
    return run_checks("dossier", d, Context(disabled=OTHER_FAMILIES | disabled, **ctx))


def codes(d, **ctx):
    return sorted(f.code for f in findings(d, **ctx))


OK_COMPONENTS = [("Tờ khai đăng ký khai sinh theo mẫu", "1.001193.TP01", "tp/1.pdf", FORM),
                 ("Giấy chứng sinh", "1.001193.TP02", "tp/2.pdf", None)]
RESULT = [("Giấy khai sinh", "kq/1.pdf", kit.text_pdf("GIẤY KHAI SINH", LINES[:3]))]


def ok(tmp_path, **changes):
    comps = [list(c) for c in OK_COMPONENTS]
    comps[1][3] = changes.pop("scan", None) or scan()
    return build(tmp_path, [tuple(c) for c in comps], changes.pop("results", RESULT), **changes)


def variant(tmp_path, *, components=None, results=None, **manifest):
    """The valid dossier (OK_COMPONENTS with a 200 dpi colour scan, one signed-off result) with
    the given change: other components, other results, or manifest fields."""
    if components is None:
        components = [OK_COMPONENTS[0], ("Giấy chứng sinh", "1.001193.TP02", "tp/2.pdf", scan())]
    return build(tmp_path, components, RESULT if results is None else results, **manifest)


def _grey_scan_pdf():
    return scan(dpi=150, colour=False)


def _blank_second_page():
    return kit.scan_pdf([(kit.scan_image("GIẤY CHỨNG SINH", LINES, dpi=200), 200),
                         (kit.scan_image("", [], dpi=200, blank=True), 200)])


def _birth_certificate(path, data):
    return [OK_COMPONENTS[0], ("Giấy chứng sinh", "1.001193.TP02", path, data)]


# (what changes in the valid dossier, the codes the component and digitization checks give).
# The timeline and signature families are judged in tests/test_timeline.py and tests/test_signatures.py.
SCENARIOS = [
    ("valid as it is", lambda: {}, []),
    ("matched by name, and a component the catalog does not list",
     lambda: {"components": [("Tờ khai (mẫu của tỉnh)", "1.001193.TP01", "tp/1.pdf", FORM),
                             ("giay chung sinh", "", "tp/2.pdf", scan()),
                             ("Sổ hộ khẩu", "HK01", "tp/3.pdf", kit.text_pdf("SỔ HỘ KHẨU", LINES))]},
     ["COMPONENT.EXTRA", "COMPONENT.NO_CODE"]),
    ("the form missing, the alternative of the group given",
     lambda: {"components": [("Giấy cam đoan về việc sinh", "1.001193.TP04", "tp/2.pdf", scan())]},
     ["COMPONENT.MISSING"]),
    ("no member of a mandatory group", lambda: {"components": [OK_COMPONENTS[0]]}, ["COMPONENT.ONE_OF_MISSING"]),
    ("digitization flag off on a finished dossier without results",
     lambda: {"HoSoCoThanhPhanSoHoa": "0", "results": []}, ["COMPONENT.DIGITIZED_FLAG", "COMPONENT.RESULT_MISSING"]),
    ("a result listed without its file", lambda: {"results": [("Giấy khai sinh", None, None)]},
     ["COMPONENT.RESULT_MISSING"]),
    ("still in process: no result due", lambda: {"TrangThaiHoSo": "4", "results": []}, []),
    ("a component listed without its file",
     lambda: {"components": _birth_certificate(None, None)}, ["COMPONENT.DIGITIZED_NO_FILE"]),
    ("a component scanned at 150 dpi in grey", lambda: {"components": _birth_certificate("tp/2.pdf", _grey_scan_pdf())},
     ["DIGI.LOW_RESOLUTION", "DIGI.NOT_COLOUR"]),
    ("a result scanned at 150 dpi in grey",
     lambda: {"results": [("Giấy khai sinh", "kq/1.pdf", scan(dpi=150, colour=False, pages=2))]},
     ["DIGI.RESULT_LOW_RESOLUTION", "DIGI.RESULT_NOT_COLOUR"]),
    ("a component scanned at 300 dpi", lambda: {"components": _birth_certificate("tp/2.pdf", scan(dpi=300))}, []),
    ("a blank second page", lambda: {"components": _birth_certificate("tp/2.pdf", _blank_second_page())},
     ["DIGI.BLANK_PAGE"]),
    ("a blank JPEG", lambda: {"components": _birth_certificate(
        "tp/2.jpg", kit.jpeg_bytes(kit.scan_image("", [], dpi=200, blank=True), 200))}, ["DIGI.BLANK_PAGE"]),
    ("a PNG scan", lambda: {"components": _birth_certificate(
        "tp/2.png", kit.png_bytes(kit.scan_image("GIẤY CHỨNG SINH", LINES, dpi=200), 200))}, []),
    ("one DOCX twice, once named .pdf",
     lambda: {"components": [("Tờ khai đăng ký khai sinh theo mẫu", "1.001193.TP01", "tp/1.pdf", kit.docx_bytes("Tờ khai")),
                             ("Giấy chứng sinh", "1.001193.TP02", "tp/2.docx", kit.docx_bytes("Tờ khai"))]},
     ["DIGI.DUPLICATE_FILE", "DIGI.EXTENSION_MISMATCH", "DIGI.TYPE_NOT_ALLOWED", "DIGI.TYPE_NOT_ALLOWED"]),
    ("a truncated JPEG", lambda: {"components": _birth_certificate(
        "tp/2.jpg", kit.jpeg_bytes(kit.scan_image("X", LINES), 200)[:-4000])}, ["DIGI.UNREADABLE"]),
    ("a result that is a PNG", lambda: {"results": [("Giấy khai sinh", "kq/1.png", kit.png_bytes(kit.scan_image("KQ", LINES), 200))]},
     ["DIGI.RESULT_NOT_PDF"]),
]


@pytest.mark.parametrize("change, expected", [s[1:] for s in SCENARIOS], ids=[s[0] for s in SCENARIOS])
def test_dossier_scenarios(tmp_path, change, expected):
    assert codes(variant(tmp_path, **change())) == expected


# (a scenario above, what is disabled, the codes left)
DISABLED = [
    ("a component scanned at 150 dpi in grey", {"DIGI.NOT_COLOUR"}, ["DIGI.LOW_RESOLUTION"]),
    ("a component scanned at 150 dpi in grey", {"DIGI"}, []),
    ("a component scanned at 150 dpi in grey", {"DIGI.SCAN"}, []),
    ("digitization flag off on a finished dossier without results", {"COMPONENT.RESULT"}, ["COMPONENT.DIGITIZED_FLAG"]),
]


@pytest.mark.parametrize("scenario, disabled, expected", DISABLED)
def test_disabled_checks_and_codes(tmp_path, scenario, disabled, expected):
    change = next(s[1] for s in SCENARIOS if s[0] == scenario)
    assert codes(variant(tmp_path, **change()), disabled=frozenset(disabled)) == expected


def test_name_matching_tolerates_accents_case_and_wording():
    key = name_key
    assert name_score(key("TỜ KHAI ĐĂNG KÝ KHAI SINH"), key("Tờ khai đăng ký khai sinh theo mẫu")) >= 85
    assert name_score(key("To khai dang ky khai sinh"), key("Tờ khai đăng ký khai sinh")) == 100
    assert name_score(key("Giấy chứng sinh (bản chính)"), key("Giấy chứng sinh")) >= 85
    assert name_score(key("Giấy chứng sinh"), key("Giấy cam đoan về việc sinh")) < 85
    # containment alone is not a match: a short catalog name inside a long unrelated one
    assert name_score(key("Văn bản ủy quyền"), key("Bản sao văn bản ủy quyền của thành viên hộ gia đình cho một thành viên")) < 85


def test_components_matched_by_code_else_by_name(tmp_path):
    d = build(tmp_path, [("Tờ khai (mẫu của tỉnh)", "1.001193.TP01", "tp/1.pdf", FORM),
                         ("giay chung sinh", "", "tp/2.pdf", scan()),
                         ("Sổ hộ khẩu", "HK01", "tp/3.pdf", kit.text_pdf("SỔ HỘ KHẨU", LINES))], RESULT)
    matched, extra, by_name = match_components(d, Context().digitization_policy.name_match_threshold)
    assert set(matched) == {"1.001193.TP01", "1.001193.TP02"}
    assert [c.name for c in extra] == ["Sổ hộ khẩu"]
    assert [(c.name, cat["code"]) for c, cat, _ in by_name] == [("giay chung sinh", "1.001193.TP02")]


def test_the_name_match_threshold_comes_from_the_policy_in_the_context(tmp_path):
    """checks/components.py reads no data file: a variant DigitizationPolicy carried in the
    Context decides what a name match is."""
    d = build(tmp_path, [OK_COMPONENTS[0], ("giay chung sinh", "", "tp/2.pdf", scan())], RESULT)
    policy = Context().digitization_policy
    assert codes(d) == ["COMPONENT.NO_CODE"]
    strict = replace(policy, name_match_threshold=101)          # no name can score above 100
    assert codes(d, digitization_policy=strict) == ["COMPONENT.EXTRA", "COMPONENT.ONE_OF_MISSING"]


def test_a_missing_group_names_its_alternatives(tmp_path):
    found = findings(build(tmp_path, [OK_COMPONENTS[0]], RESULT))
    assert [f.code for f in found] == ["COMPONENT.ONE_OF_MISSING"] and found[0].severity == "error"
    assert "Giấy chứng sinh" in found[0].message and "Giấy cam đoan về việc sinh" in found[0].message


def test_conditional_and_presented_components_are_not_required(tmp_path):
    proc_codes = codes(ok(tmp_path))
    assert "COMPONENT.MISSING" not in proc_codes                   # TP06 (mang thai hộ), TP07 (xuất trình), TP08 (ủy quyền)


def test_unconfirmed_catalog_facts_lower_the_severity(tmp_path):
    m = kit.base_manifest("1.001612", 9, status="4")
    m["HoSoCoThanhPhanSoHoa"] = "0"
    d = load_dossier(str(kit.write_folder(tmp_path / "hkd", m, {})))
    found = findings(d)
    assert {f.code for f in found} == {"COMPONENT.MISSING"}
    assert all(f.severity == "warning" and "chưa được xác minh" in f.message for f in found)


def test_a_missing_result_is_a_warning_while_the_catalog_fact_is_unconfirmed(tmp_path):
    f = findings(ok(tmp_path, results=[("Giấy khai sinh", None, None)]))
    assert [x.code for x in f] == ["COMPONENT.RESULT_MISSING"] and f[0].severity == "warning"
    assert "chưa được xác minh" in f[0].message


def test_scan_resolution_and_colour_use_the_profile_of_the_role(tmp_path):
    d = ok(tmp_path, scan=scan(dpi=150, colour=False))
    found = {f.code: f for f in findings(d)}
    assert set(found) == {"DIGI.LOW_RESOLUTION", "DIGI.NOT_COLOUR"}
    assert all(f.severity == "warning" for f in found.values())     # components: basis unconfirmed
    assert found["DIGI.LOW_RESOLUTION"].location["page"] == 1 and "150 dpi" in found["DIGI.LOW_RESOLUTION"].message
    d = ok(tmp_path / "r", results=[("Giấy khai sinh", "kq/1.pdf", scan(dpi=150, colour=False, pages=2))])
    found = {f.code: f for f in findings(d)}
    assert set(found) == {"DIGI.RESULT_LOW_RESOLUTION", "DIGI.RESULT_NOT_COLOUR"}
    assert all(f.severity == "error" for f in found.values())       # results: Decree 30/2020, verified
    assert "Trang 1, 2" in found["DIGI.RESULT_LOW_RESOLUTION"].message


def test_rules_in_force_follow_the_dossier_date(tmp_path):
    from datetime import date
    d = ok(tmp_path, results=[("Giấy khai sinh", "kq/1.pdf", scan(dpi=150))])
    assert codes(d, subject_date=date(2024, 3, 15)) == ["DIGI.RESULT_LOW_RESOLUTION"]
    assert codes(d, subject_date=date(2019, 6, 1)) == []            # before Decree 30/2020 took effect


def test_born_digital_pages_are_not_judged_as_scans(tmp_path):
    """A logo on a text page is not a scan; PDF 1.3 matters only for scans."""
    from reportlab.pdfgen import canvas
    import io
    from reportlab.lib.utils import ImageReader
    logo = kit.jpeg_bytes(kit.scan_image("LOGO", [], dpi=72, paper=(30, 30), colour=False), 72)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pdfVersion=(1, 3))
    c.drawImage(ImageReader(io.BytesIO(logo)), 50, 700, 60, 60)
    c.drawString(50, 650, "Born-digital page with a small grey logo")
    c.showPage()
    c.save()
    d = ok(tmp_path, results=[("Giấy khai sinh", "kq/1.pdf", buf.getvalue())])
    assert codes(d) == []
    page = d.files["kq/1.pdf"].pages[0]
    assert page.scan is False and page.blank is False


def test_pdf_scans_from_scanners_and_from_office_tools_agree(tmp_path):
    for engine in ("reportlab", "pillow"):
        facts = ok(tmp_path / engine, scan=scan(dpi=200, engine=engine)).files["tp/2.pdf"]
        page = facts.pages[0]
        assert page.scan and page.mode == "colour" and page.dpi == pytest.approx(200, abs=1), engine


def test_blank_pages_in_pdfs_and_images(tmp_path):
    blank = kit.scan_image("", [], dpi=200, blank=True)
    text = kit.scan_image("GIẤY CHỨNG SINH", LINES, dpi=200)
    two = kit.scan_pdf([(text, 200), (blank, 200)])
    d = ok(tmp_path, scan=two)
    f = findings(d)
    assert [x.code for x in f] == ["DIGI.BLANK_PAGE"] and f[0].location["page"] == 2


def test_a_truncated_file_says_so(tmp_path):
    truncated_jpeg = kit.jpeg_bytes(kit.scan_image("X", LINES), 200)[:-4000]
    d = build(tmp_path / "b", [OK_COMPONENTS[0], ("Giấy chứng sinh", "1.001193.TP02", "tp/2.jpg", truncated_jpeg)], RESULT)
    f = findings(d)
    assert [x.code for x in f] == ["DIGI.UNREADABLE"] and "cắt cụt" in f[0].message


def test_jpeg_components_from_the_frame_header():
    assert jpeg_components(kit.jpeg_bytes(kit.scan_image("X", []), 200)) == 3
    assert jpeg_components(kit.jpeg_bytes(kit.scan_image("X", [], colour=False), 200)) == 1
    assert jpeg_components(b"not a jpeg") is None
    assert jpeg_components(b"\xff\xd8\xff\xe0\x00\x10") is None


