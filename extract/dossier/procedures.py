"""The procedure catalog: one JSON file per procedure under schemas/procedures/ (the shipped
catalog), plus a province's own folder given with `--catalog DIR` or `catalog = "DIR"` in
tthc.toml. Both follow schemas/procedure.schema.json; a procedure of the folder adds to the
shipped catalog, or replaces the shipped entry with the same code. The folder may also hold
`component_codes.json` (schemas/component_codes.schema.json): the province's own
MaThanhPhanHoSo values mapped to catalog component codes, so a dossier that uses them is
matched by code. Nothing installed is edited.

The shipped files are trusted (the tests validate them); a user's folder is validated when
it is loaded, and any problem is a CatalogError naming the file and the field.
"""
from __future__ import annotations

import copy
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import schemas
from schemas import built_from_data

# Local procedure codes carry a unit suffix: 1.003560.000.00.00.H56 -> 1.003560
_NATIONAL = re.compile(r"^\s*([0-9]\.[0-9]{6})(?:\.|\s*$)")
MAPPING_FILE = "component_codes.json"


class CatalogError(ValueError):
    """A user catalog folder that cannot be used; the message is Vietnamese / English."""


@built_from_data
def _shipped() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for entry in sorted(schemas.path("procedures").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            proc = json.loads(entry.read_text(encoding="utf-8"))
            proc["_origin"] = "tthc-check"
            out[proc["code"]] = proc
    return out


def catalog(folder: str | None = None) -> dict[str, dict]:
    """Every catalogued procedure by national code: the shipped ones, then `folder`'s
    (added or replacing), with the folder's component code mapping applied. Read once per process
    and folder; the folder is known by its absolute path (no file-system call here: this runs for
    every dossier), so a relative name given from another working directory is another folder."""
    if not folder:
        return _shipped()
    return _catalog(os.path.abspath(folder))


@lru_cache(maxsize=8)
def _catalog(folder: str) -> dict[str, dict]:
    out = dict(_shipped())
    procedures, mappings = read_folder(folder)
    for code, proc in procedures.items():
        out[code] = proc
    if mappings:
        out = _apply_mappings(out, mappings, folder)
    return out


def national_code(ma_tthc: object) -> str | None:
    """The national part of a procedure code, or None when it does not look like one."""
    if not isinstance(ma_tthc, str):
        return None
    m = _NATIONAL.match(ma_tthc)
    return m.group(1) if m else None


def lookup(ma_tthc: object, folder: str | None = None) -> dict | None:
    code = national_code(ma_tthc)
    return catalog(folder).get(code) if code else None


# --------------------------------------------------------------------------- a user's folder

def _validator(name: str):
    import jsonschema
    return jsonschema.Draft202012Validator(schemas.load_json(name))


def _problems(validator, data, where: str) -> list[str]:
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    return [f"  {where}: {'/'.join(str(p) for p in e.absolute_path) or '(gốc/root)'}: {e.message}" for e in errors[:10]]


def read_folder(folder: str) -> tuple[dict[str, dict], list[dict]]:
    """The procedures and component code mappings of a user's catalog folder."""
    root = Path(folder)
    if not root.is_dir():
        raise CatalogError(f"không tìm thấy thư mục danh mục / catalog folder not found: {folder}")
    procedures: dict[str, dict] = {}
    mappings: list[dict] = []
    problems: list[str] = []
    validator = _validator("procedure.schema.json")
    files = sorted(p for p in root.iterdir() if p.suffix.lower() == ".json" and p.is_file())
    for p in files:
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"  {p.name}: không đọc được / cannot read: {exc}")
            continue
        if p.name == MAPPING_FILE:
            found = _problems(_validator("component_codes.schema.json"), data, p.name)
            problems += found
            if not found:
                mappings += [{**m, "_file": p.name, "_source": m.get("source") or data.get("source")}
                             for m in data["mappings"]]
            continue
        found = _problems(validator, data, p.name)
        if not found:
            found = _reference_problems(data, p.name)
        problems += found
        if found:
            continue
        if data["code"] in procedures:
            problems.append(f"  {p.name}: mã thủ tục {data['code']} đã có trong tệp khác / procedure code "
                            f"{data['code']} is already in another file")
            continue
        data["_origin"] = str(p)
        procedures[data["code"]] = data
    if problems:
        raise CatalogError(f"danh mục thủ tục không hợp lệ / invalid procedure catalog {folder}:\n"
                           + "\n".join(problems[:30]))
    if not procedures and not mappings:
        raise CatalogError(f"thư mục danh mục không có tệp .json nào / the catalog folder holds no .json file: {folder}")
    return procedures, mappings


def _reference_problems(proc: dict, where: str) -> list[str]:
    """What the schema cannot see: sources named but not listed, duplicate component codes,
    one-of groups that do not exist."""
    out = []
    listed = set(proc.get("sources") or {})
    refs = [proc.get("code_source")] + [r.get("source") for r in proc["processing_time"]]
    refs += [c.get("source") for c in proc["components"]] + [f.get("source") for f in proc["fees"]]
    refs.append(proc["result"].get("source"))
    for ref in filter(None, refs):
        for key in ref.split("+"):
            if key not in listed:
                out.append(f"  {where}: nguồn {key} không có trong 'sources' / source {key} is not in 'sources'")
    codes = [c["code"] for c in proc["components"]]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        out.append(f"  {where}: mã thành phần trùng / duplicate component code {code}")
    groups = proc.get("groups") or {}
    for c in proc["components"]:
        if c.get("one_of") and c["one_of"] not in groups:
            out.append(f"  {where}: nhóm {c['one_of']} không có trong 'groups' / group {c['one_of']} is not in 'groups'")
    return sorted(set(out))


def _apply_mappings(procs: dict[str, dict], mappings: list[dict], folder: str) -> dict[str, dict]:
    """Each mapped provincial code joins the `codes` of its catalog component (copies of the
    entries, so the shipped catalog stays as it is)."""
    out = dict(procs)
    problems = []
    for m in mappings:
        proc = out.get(m["procedure"])
        if proc is None:
            problems.append(f"  {m['_file']}: thủ tục {m['procedure']} không có trong danh mục / procedure "
                            f"{m['procedure']} is not in the catalog")
            continue
        if proc is procs.get(m["procedure"]):
            proc = out[m["procedure"]] = copy.deepcopy(proc)
        comp = next((c for c in proc["components"] if c["code"] == m["component"]), None)
        if comp is None:
            problems.append(f"  {m['_file']}: thành phần {m['component']} không thuộc thủ tục {m['procedure']} / "
                            f"component {m['component']} is not a component of {m['procedure']}")
            continue
        codes = comp.setdefault("codes", [])
        if m["code"] not in codes:
            codes.append(m["code"])
        comp.setdefault("_mapped", []).append({"code": m["code"], "source": m.get("_source"), "file": m["_file"]})
    if problems:
        raise CatalogError(f"bảng chuyển mã thành phần không hợp lệ / invalid component code mapping in {folder}:\n"
                           + "\n".join(problems[:30]))
    return out


def origin(proc: dict) -> str:
    """Where a catalog entry comes from: "tthc-check" (shipped) or the user's file."""
    return proc.get("_origin") or "tthc-check"
