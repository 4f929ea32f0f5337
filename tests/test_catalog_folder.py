"""A province extends the catalog without editing installed files: `--catalog DIR` (or
`catalog` in tthc.toml) adds procedures or replaces shipped ones, and component_codes.json
maps its own component codes; `tthc procedures list|show` print what is required."""
import json
from pathlib import Path

import pytest

import schemas
from tests.kit import dossier_kit as kit
from tests.kit.sample_dossiers import valid

SHIPPED = json.loads(schemas.path("procedures", "1.001193.json").read_text(encoding="utf-8"))


def _renamed(proc: dict, code: str, name: str) -> dict:
    """A copy of a shipped entry under another national code (a province's own procedure)."""
    text = json.dumps(proc, ensure_ascii=False).replace(proc["code"], code)
    out = json.loads(text)
    out["name"] = name
    return out


def _dossier(tmp_path: Path, name: str, code: str = "1.001193", component_codes: dict | None = None) -> Path:
    m, files = valid("1.001193", 41)
    if code != "1.001193":
        m["MaTTHC"] = m["MaTTHC"].replace("1.001193", code)
        for c in m["TaiLieuNop"]:
            c["MaThanhPhanHoSo"] = c["MaThanhPhanHoSo"].replace("1.001193", code)
    for c in m["TaiLieuNop"]:
        if component_codes and c["MaThanhPhanHoSo"] in component_codes:
            c["MaThanhPhanHoSo"] = component_codes[c["MaThanhPhanHoSo"]]
    return kit.write_folder(tmp_path / name, m, files)


def _validate(argv: list[str], capsys) -> tuple[int, list[dict]]:
    from cli import main
    code = main(["validate", *argv, "--format", "json", "--disable", "SIG", "--no-summary"])
    out = capsys.readouterr().out
    return code, (json.loads(out) if out.strip() else [])


def _codes(record: dict) -> set[str]:
    return {f["code"] for f in record["findings"]}


def test_a_provinces_own_procedure_is_used_by_validate(tmp_path, capsys):
    folder = tmp_path / "danh-muc"
    folder.mkdir()
    (folder / "1.999001.json").write_text(json.dumps(_renamed(SHIPPED, "1.999001", "Thủ tục riêng của tỉnh"),
                                                     ensure_ascii=False), encoding="utf-8")
    pkg = _dossier(tmp_path, "ho-so", code="1.999001")
    code, records = _validate([str(pkg)], capsys)
    assert "DOSSIER.UNKNOWN_PROCEDURE" in _codes(records[0])           # not in the shipped catalog
    code, records = _validate([str(pkg), "--catalog", str(folder)], capsys)
    assert code == 0 and records[0]["procedure"] == {"code": "1.999001", "name": "Thủ tục riêng của tỉnh"}
    assert not {c for c in _codes(records[0]) if c.startswith(("DOSSIER.", "COMPONENT.", "TIME."))}


def test_catalog_from_tthc_toml_overrides_a_shipped_procedure(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "danh-muc"
    folder.mkdir()
    mine = json.loads(json.dumps(SHIPPED))
    mine["components"][0]["mandatory"] = False                         # the province does not require the form
    mine["components"][0]["condition"] = "theo quy định của tỉnh"
    (folder / "khai-sinh.json").write_text(json.dumps(mine, ensure_ascii=False), encoding="utf-8")
    m, files = valid("1.001193", 42)
    del files[m["TaiLieuNop"][0]["DuongDanTaiTepTin"]]
    m["TaiLieuNop"].pop(0)
    pkg = kit.write_folder(tmp_path / "thieu-to-khai", m, files)
    _, records = _validate([str(pkg)], capsys)
    assert "COMPONENT.MISSING" in _codes(records[0])
    (tmp_path / "tthc.toml").write_text('catalog = "danh-muc"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, records = _validate(["thieu-to-khai"], capsys)
    assert "COMPONENT.MISSING" not in _codes(records[0])


def test_component_code_mapping_matches_provincial_codes(tmp_path, capsys):
    provincial = {"1.001193.TP01": "HT-KS-01", "1.001193.TP02": "HT-KS-02"}
    pkg = _dossier(tmp_path, "ma-tinh", component_codes=provincial)
    _, records = _validate([str(pkg)], capsys)
    assert "COMPONENT.NO_CODE" in _codes(records[0])                   # matched by name only
    folder = tmp_path / "danh-muc"
    folder.mkdir()
    (folder / "component_codes.json").write_text(json.dumps({
        "source": "Quyết định công bố TTHC của tỉnh (giả định cho kiểm thử)",
        "mappings": [{"procedure": "1.001193", "code": "HT-KS-01", "component": "1.001193.TP01"},
                     {"procedure": "1.001193", "code": "HT-KS-02", "component": "1.001193.TP02"}]}), encoding="utf-8")
    code, records = _validate([str(pkg), "--catalog", str(folder)], capsys)
    assert code == 0 and not {c for c in _codes(records[0]) if c.startswith("COMPONENT.")}


@pytest.mark.parametrize("files, fragment", [
    ({"x.json": "{không phải json"}, "không đọc được: JSON sai cú pháp ở dòng 1"),
    ({"x.json": "{không phải json"}, "cannot read: invalid JSON at line 1"),
    ({"x.json": json.dumps({"code": "1.999002", "name": "Thiếu trường"})}, "is a required property"),
    ({"1.999003.json": json.dumps({**SHIPPED, "code": "1.999003", "processing_time": [
        {**SHIPPED["processing_time"][0], "source": "S99"}]}, ensure_ascii=False)}, "source S99"),
    ({"component_codes.json": json.dumps({"mappings": [
        {"procedure": "1.001193", "code": "A", "component": "1.001193.TP99"}]})}, "1.001193.TP99"),
    ({"component_codes.json": json.dumps({"mappings": [
        {"procedure": "1.888888", "code": "A", "component": "1.888888.TP01"}]})}, "1.888888"),
    ({}, "no .json file"),
])
def test_a_bad_catalog_folder_is_exit_2_with_a_bilingual_message(tmp_path, capsys, files, fragment):
    from cli import main
    folder = tmp_path / "danh-muc"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    pkg = _dossier(tmp_path, "ho-so")
    for argv in (["validate", str(pkg), "--catalog", str(folder)], ["procedures", "list", "--catalog", str(folder)]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert fragment in err and " / " in err and "Traceback" not in err


def test_missing_catalog_folder(capsys):
    from cli import main
    assert main(["procedures", "list", "--catalog", "/khong/co/thu-muc"]) == 2
    assert "catalog folder not found" in capsys.readouterr().err


def test_procedures_list_and_show(tmp_path, capsys):
    from cli import main
    assert main(["procedures", "list"]) == 0
    out = capsys.readouterr().out
    assert "1.001193" in out and "Thủ tục đăng ký khai sinh" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert main(["procedures", "show", "1.001193.000.00.00.H12"]) == 0
    out = capsys.readouterr().out
    assert "Tờ khai đăng ký khai sinh theo mẫu" in out and "[S1+S3]" in out and "Luật Hộ tịch" in out
    assert "[S1] (chưa xác minh / unverified)" in " ".join(out.split())   # TP08 is marked
    # 80 columns, but for a line that is one long address
    assert max(len(line) for line in out.splitlines() if " " in line.strip()) <= 80
    folder = tmp_path / "danh-muc"
    folder.mkdir()
    (folder / "component_codes.json").write_text(json.dumps({"mappings": [
        {"procedure": "1.001193", "code": "HT-KS-01", "component": "1.001193.TP01", "source": "QĐ tỉnh"}]}),
        encoding="utf-8")
    assert main(["procedures", "show", "1.001193", "--catalog", str(folder), "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)
    tp01 = got["components"][0]
    assert "HT-KS-01" in tp01["codes"] and tp01["mapped_codes"][0]["source"] == "QĐ tỉnh"
    assert main(["procedures", "show", "9.999999"]) == 2
    assert "1.001193" in capsys.readouterr().err                        # lists what exists


def _readme_catalog_example() -> tuple[dict[str, str], list[str]]:
    """The files and the commands of README's "Adding a procedure and a code mapping, step by
    step", as written there."""
    import re
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- catalog-example:")[1].split("<!-- /catalog-example -->")[0]
    files = dict(re.findall(r"`(danh-muc/[^`]+)`[^`]*?:\n\n *```json\n(.*?)```", section, re.S))
    commands = re.findall(r"^ *tthc (.+)$", section.split("```sh")[1].split("```")[0], re.M)
    return files, commands


def _installed_catalog() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in schemas.path("procedures").iterdir()}


def test_the_readme_example_adds_a_procedure_and_a_code_mapping_from_a_temp_folder(tmp_path, capsys,
                                                                                  monkeypatch):
    import shlex
    from cli import main
    files, commands = _readme_catalog_example()
    assert set(files) == {"danh-muc/1.999001.json", "danh-muc/component_codes.json"}
    assert [c.split()[:2] for c in commands] == [["procedures", "list"], ["procedures", "show"],
                                                 ["validate", "ho-so/"]]
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    # the province's dossier writes its own component codes (XN-01, XN-02) for its own procedure
    m = kit.base_manifest("1.999001", 7)
    data = {}
    for i, (code, name) in enumerate((("XN-01", "Tờ khai xác nhận theo mẫu"),
                                      ("XN-02", "Bản sao CCCD của người yêu cầu")), 1):
        data[f"thanh-phan/{i:02d}.pdf"] = kit.text_pdf(name.upper(), [f"Thành phần số {i}"])
        m["TaiLieuNop"].append(kit.component(name, f"thanh-phan/{i:02d}.pdf", code, data[f"thanh-phan/{i:02d}.pdf"]))
    issued = kit.finished_at(m)
    result = kit.sign(kit.text_pdf("GIẤY XÁC NHẬN", ["Cơ quan cấp: UBND phường Mẫu Sơn"]), "UBND phường Mẫu Sơn", issued)
    data["ket-qua/ket-qua.pdf"] = result
    m["DanhSachGiayToKetQua"].append(kit.result("Giấy xác nhận", "ket-qua/ket-qua.pdf", "UBND phường Mẫu Sơn",
                                                issued, result))
    kit.write_folder(tmp_path / "ho-so", m, data)
    monkeypatch.chdir(tmp_path)
    before = _installed_catalog()

    outputs = []
    for command in commands:                                            # as the README writes them
        code = main(shlex.split(command))
        outputs.append(capsys.readouterr().out)
        assert code in ((0,) if command.startswith("procedures") else (0, 1)), (command, code)
    assert "1.999001" in outputs[0] and "21 thủ tục" in outputs[0] and "danh-muc" in outputs[0]
    assert "Xác nhận ví dụ của tỉnh" in outputs[1] and "XN-01" in outputs[1] and "XN-02" in outputs[1]
    assert "(chưa xác minh / unverified)" in " ".join(outputs[1].split())          # TP02 is marked

    _, records = _validate(["ho-so", "--catalog", "danh-muc"], capsys)
    assert records[0]["procedure"] == {"code": "1.999001", "name": "Xác nhận ví dụ của tỉnh"}
    assert not {c for c in _codes(records[0]) if c.startswith(("DOSSIER.", "COMPONENT.", "TIME."))}
    _, records = _validate(["ho-so"], capsys)                           # without the folder: unknown
    assert "DOSSIER.UNKNOWN_PROCEDURE" in _codes(records[0])
    assert main(["procedures", "show", "1.001193", "--catalog", "danh-muc", "--format", "json"]) == 0
    tp01 = json.loads(capsys.readouterr().out)["components"][0]
    assert tp01["code"] == "1.001193.TP01" and "HT-KS-01" in tp01["codes"]     # a shipped one mapped too
    assert _installed_catalog() == before                               # nothing installed was edited


def test_a_catalog_folder_is_known_by_where_it_is(tmp_path, monkeypatch):
    """Two offices' folders with the same relative name, read from two working directories in one
    process (a library user, a test run), are two catalogs."""
    from extract.dossier.procedures import catalog
    names = []
    for office in ("a", "b"):
        folder = tmp_path / office / "danh-muc"
        folder.mkdir(parents=True)
        proc = json.loads(schemas.path("procedures", "1.001193.json").read_text(encoding="utf-8")
                          .replace("1.001193", "1.999009"))
        proc["name"] = f"Thủ tục của văn phòng {office}"
        (folder / "thu-tuc.json").write_text(json.dumps(proc, ensure_ascii=False), encoding="utf-8")
        monkeypatch.chdir(tmp_path / office)
        names.append(catalog("danh-muc")["1.999009"]["name"])
    assert names == ["Thủ tục của văn phòng a", "Thủ tục của văn phòng b"]
