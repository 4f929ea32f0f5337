"""Every procedure of the shipped catalog validates clean on a complete dossier built from its
own catalog entry (its mandatory components, one member of each mandatory group, the due
date its processing time gives): a catalog entry the checks cannot satisfy fails here. The
hop-le-<code> samples do the same with scans and signatures for the first five procedures."""
import json
from datetime import date

import pytest

from checks.registry import Context, run_checks
from extract.dossier.package import load_dossier
from extract.dossier.procedures import catalog
from tests.kit import dossier_kit as kit

CODES = sorted(catalog())


def complete_dossier(tmp_path, code: str):
    proc = catalog()[code]
    m = kit.base_manifest(code, 3, status="4")
    files = {}
    needed = [c for c in proc["components"] if c.get("mandatory") and not c.get("condition")
              and not c.get("one_of") and c.get("form") != "present"]
    groups = proc.get("groups") or {}
    for key, group in groups.items():
        members = [c for c in proc["components"] if c.get("one_of") == key]
        if group.get("mandatory") and not group.get("condition") and members:
            needed.append(members[0])
    if not needed:          # only papers shown at the counter: the clerk files a scan of what was shown
        needed = [c for c in proc["components"] if c.get("mandatory") and c.get("form") == "present"]
    for i, comp in enumerate(needed, 1):
        path = f"thanh-phan/{i:02d}.pdf"
        files[path] = kit.text_pdf(comp["name"].upper()[:60], ["Nội dung giấy tờ mẫu do tthc-check tạo."])
        m["TaiLieuNop"].append(kit.component(comp["name"], path, comp["code"], files[path]))
    return load_dossier(str(kit.write_folder(tmp_path / code, m, files)))


@pytest.mark.parametrize("code", CODES)
def test_a_complete_dossier_of_each_catalog_procedure_is_clean(tmp_path, code):
    d = complete_dossier(tmp_path, code)
    assert d.procedure and d.procedure["code"] == code
    # in process on the day it was received (kit.base_manifest: 15/03/2024), so nothing is overdue
    findings = run_checks("dossier", d, Context(as_of=date(2024, 3, 15), disabled=frozenset({"SIG", "DIGI"})))
    assert [(f.code, f.message) for f in findings if f.severity in ("error", "warning")] == []


@pytest.mark.parametrize("field, at_least", [
    ("Hộ tịch", 9),            # khai sinh, kết hôn, khai tử, nhận cha mẹ con, giám hộ, thay đổi/cải chính,
                               # xác nhận tình trạng hôn nhân, đăng ký lại khai sinh, trích lục
    ("Chứng thực", 5),         # bản sao, chữ ký, giao dịch, di chúc, bản sao giao dịch đã chứng thực
    ("Thành lập và hoạt động của hộ kinh doanh", 3),     # thành lập, thay đổi, tạm ngừng
    ("Đất đai", 2),            # đăng ký biến động, đăng ký và cấp GCN lần đầu
    ("Hoạt động xây dựng", 1),  # giấy phép xây dựng nhà ở riêng lẻ
])
def test_the_catalog_covers_the_common_one_stop_fields(field, at_least):
    assert sum(p["field"] == field for p in catalog().values()) >= at_least


def test_the_catalog_ships_twenty_procedures():
    assert len(catalog()) >= 20


@pytest.mark.parametrize("code", CODES)
def test_procedures_show_prints_every_component_and_source(code, capsys):
    from cli import main
    assert main(["procedures", "show", code, "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    proc = catalog()[code]
    assert [c["code"] for c in shown["components"]] == [c["code"] for c in proc["components"]]
    assert set(shown["sources"]) == set(proc["sources"])
