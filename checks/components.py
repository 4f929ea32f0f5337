"""Dossier manifest and components: the manifest against its schema, the files it names
against the package, the components against the procedure catalog, digitization flags
and results of finished dossiers. Subjects are extract.model.Dossier objects."""
from __future__ import annotations

import json
import re
from datetime import datetime
from functools import lru_cache

import schemas
from checks.registry import Context, check
from extract.dossier.timeline import plausible, plausible_years
from extract.model import Component, Dossier, Finding
from extract.normalize import fold, strip_accents
from schemas import built_from_data

MANIFEST = "manifest.json"


# --------------------------------------------------------------------------- schema

@built_from_data
def validator():
    """One validator per process (building it costs far more than validating)."""
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("dvc-datetime")
    def _dvc(value) -> bool:
        return not isinstance(value, str) or dvc_datetime_ok(value)

    @checker.checks("date-time-local")
    def _iso(value) -> bool:
        return not isinstance(value, str) or _iso_ok(value)

    return jsonschema.Draft202012Validator(_inline_refs(schemas.load_json("dossier.schema.json")), format_checker=checker)


def _inline_refs(schema: dict) -> dict:
    """The schema with every local "$ref": "#/$defs/x" replaced by the definition
    (the manifest schema is not recursive). Reference lookups were most of the cost."""
    defs = schema.get("$defs", {})

    def walk(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                merged = {**defs[ref.split("/")[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
                return walk(merged)
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return {k: walk(v) for k, v in schema.items() if k != "$defs"}


def dvc_datetime_ok(value: str) -> bool:
    """yyyyMMddHHmmss names a real moment in the plausible years (strptime is 40x slower for
    the same answer)."""
    if len(value) != 14 or not value.isdigit():
        return False
    try:
        plausible(datetime(int(value[:4]), int(value[4:6]), int(value[6:8]), int(value[8:10]), int(value[10:12]),
                           int(value[12:])))
        return True
    except ValueError:
        return False


def _iso_ok(value: str) -> bool:
    try:
        moment = datetime.fromisoformat(value)
        plausible(moment.replace(tzinfo=None))
        return True
    except ValueError:
        return False


def _iso_real(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
        return True
    except ValueError:
        return False


def _real_date(value) -> bool:
    """A 14-digit value naming a real calendar moment (whatever its year)."""
    try:
        datetime(int(value[:4]), int(value[4:6]), int(value[6:8]), int(value[8:10]), int(value[10:12]), int(value[12:]))
        return True
    except ValueError:
        return False


@built_from_data
def fast_validator():
    """jsonschema-rs, when installed, answers "valid?" some 14x faster; every invalid
    manifest still goes through jsonschema for its readable, complete error list.
    tests/test_dossier_schema.py checks that both agree."""
    try:
        import jsonschema_rs
    except ImportError:
        return None

    def dvc(value: str) -> bool:
        return dvc_datetime_ok(value)

    def iso(value: str) -> bool:
        return _iso_ok(value)

    return jsonschema_rs.validator_for(schemas.load_json("dossier.schema.json"), validate_formats=True,
                                       formats={"dvc-datetime": dvc, "date-time-local": iso})


def _pointer(path) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _node(schema: dict, root: dict) -> dict:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return {**root["$defs"][ref.split("/")[-1]], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _field_schema(path: list, root: dict) -> dict:
    """The schema of the manifest field at an instance path (titles, x-personal)."""
    node = root
    for part in path:
        node = _node(node, root)
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
    return _node(node, root)


def _shown(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = f"\"{text}\"" if isinstance(value, str) else text
    return text if len(text) <= 80 else text[:77] + "...\""


def schema_findings(manifest: dict) -> list[Finding]:
    fast = fast_validator()
    if fast is not None and fast.is_valid(manifest):
        return []
    root = schemas.load_json("dossier.schema.json")
    words = schemas.load_json("schema_messages.json")
    kw, types = words["keywords"], words["types"]
    out = []
    errors = sorted(validator().iter_errors(manifest), key=lambda e: ([str(p) for p in e.absolute_path], e.validator))
    for err in errors:
        path = list(err.absolute_path)
        value = err.instance
        if err.validator == "required":
            m = re.match(r"^'(.+)' is a required property$", err.message)
            name = m.group(1) if m else "?"
            path = path + [name]
            value = None
        field = _field_schema(path, root)
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        pointer = _pointer(path) or "/"
        shown = _shown(value) if value is not None else ""
        if field.get("x-personal") and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            from extract.dossier.personal import mask
            shown = f"\"{mask(str(value), field['x-personal'])}\""
        params = {"value": shown, "hint": "", "hint_en": "", "years": "%d–%d" % plausible_years()}
        v = err.validator
        if v == "anyOf" and err.schema.get("anyOf") in (root["$defs"]["ngay"]["anyOf"], root["$defs"]["ngayHoacIso"]["anyOf"]):
            v = "date_invalid" if isinstance(value, str) and re.fullmatch(r"[0-9]{14}", value) else "date"
            if v == "date_invalid" and _real_date(value):
                v = "date_implausible"
        elif v == "format":
            v = "date_implausible" if isinstance(value, str) and _iso_real(value) else "date_invalid"
        elif v == "type":
            expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
            actual = _json_type(value)
            params.update(expected=" hoặc ".join(types.get(t, [t, t])[0] for t in expected),
                          expected_en=" or ".join(types.get(t, [t, t])[1] for t in expected),
                          actual=types[actual][0], actual_en=types[actual][1])
            if "string" in expected and isinstance(value, (int, float, bool)) and not field.get("x-personal"):
                wanted = json.dumps(_as_text(value), ensure_ascii=False)
                params.update(hint=f"; ghi {wanted}", hint_en=f"; write {wanted}")
        elif v in ("enum", "const"):
            allowed = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
            params["allowed"] = ", ".join(json.dumps(a, ensure_ascii=False) for a in allowed)
            if not isinstance(value, str) and value is not None and _as_text(value) in allowed:
                # 4 where the code table wants "4": the fix is the type, not the value
                actual = _json_type(value)
                v = "enum_string"
                params.update(wanted=json.dumps(_as_text(value), ensure_ascii=False),
                              actual=types[actual][0], actual_en=types[actual][1])
        elif v == "pattern":
            hint = words["hints"].get(key, ["", ""])
            params.update(hint=hint[0], hint_en=hint[1])
        elif v in ("maxLength", "minimum", "minItems"):
            params.update(limit=err.validator_value, length=len(value) if isinstance(value, str) else "")
        if v not in kw:
            v = "other"
            params["message"] = err.message[:160]
        vi, en = kw[v]
        title = field.get("title")
        out.append(Finding.of(
            "DOSSIER.SCHEMA", location={"file": MANIFEST, "pointer": pointer},
            evidence=shown or None,
            field=f"{title} ({pointer})" if title else pointer, field_en=pointer,
            detail=vi.format(**params), detail_en=en.format(**params)))
    return out


def _as_text(value) -> str:
    """The string a sync record writes for a scalar: 4 -> "4", 4.0 -> "4", True -> "true"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), "string")


@check("DOSSIER.SCHEMA", applies_to="dossier", codes=["DOSSIER.SCHEMA"])
def check_schema(d: Dossier, ctx: Context) -> list[Finding]:
    """manifest.json follows schemas/dossier.schema.json (the national portal's sync record)."""
    return schema_findings(d.manifest) if isinstance(d.manifest, dict) else []


# --------------------------------------------------------------------------- files

@check("DOSSIER.FILES", applies_to="dossier",
       codes=["DOSSIER.FILE_MISSING", "DOSSIER.REMOTE_FILE", "DOSSIER.UNSAFE_PATH", "DOSSIER.ORPHAN_FILE",
              "DOSSIER.HASH_MISMATCH", "DOSSIER.NAME_NORMALIZATION"])
def check_files(d: Dossier, ctx: Context) -> list[Finding]:
    """Every file the manifest names is in the package (same SHA-256 when declared), and
    every file of the package is named."""
    from extract.dossier.package import clean_path

    if not isinstance(d.manifest, dict):
        return []
    out: list[Finding] = []
    named: set[str] = {MANIFEST}
    reported: set[str] = set()
    for comp in d.components + d.results:
        if comp.path:
            named.add(comp.path)
        if comp.deleted:
            continue
        loc = {"pointer": comp.pointer, "file": comp.path or comp.declared_path}
        label = comp.name or comp.pointer
        if comp.file_status == "missing":
            hint = (f" (trong gói có {comp.hint}, khác chữ hoa/thường)", f" (the package has {comp.hint}, differing in letter case)") \
                if comp.hint else ("", "")
            out.append(Finding.of("DOSSIER.FILE_MISSING", evidence=comp.declared_path, location=loc, name=label,
                                  hint=hint[0], hint_en=hint[1]))
        elif comp.file_status == "remote":
            out.append(Finding.of("DOSSIER.REMOTE_FILE", evidence=comp.declared_path, location=loc, name=label))
        elif comp.file_status == "unsafe":
            out.append(Finding.of("DOSSIER.UNSAFE_PATH", evidence=comp.declared_path, location=loc,
                                  where="trong manifest.json", where_en="manifest.json"))
        elif comp.file_status == "ok":
            facts = d.files.get(comp.path)
            if facts is None:
                continue
            if comp.sha256 and facts.sha256 and re.fullmatch(r"[0-9a-fA-F]{64}", comp.sha256) \
                    and comp.sha256.lower() != facts.sha256:
                out.append(Finding.of("DOSSIER.HASH_MISMATCH", evidence=comp.path, location=loc,
                                      expected=comp.sha256.lower(), actual=facts.sha256))
            stored = facts.raw_name or facts.path
            if clean_path(comp.declared_path or "") != stored and comp.path not in reported:
                reported.add(comp.path)
                out.append(Finding.of("DOSSIER.NAME_NORMALIZATION", evidence=comp.path, location=loc))
    for path in sorted(d.files):
        if path not in named and d.files[path].problem != "blocked":   # blocked: reported on reading
            out.append(Finding.of("DOSSIER.ORPHAN_FILE", evidence=path, location={"file": path}))
    return out


@check("DOSSIER.PROCEDURE", applies_to="dossier", codes=["DOSSIER.UNKNOWN_PROCEDURE"])
def check_procedure(d: Dossier, ctx: Context) -> list[Finding]:
    """MaTTHC names a procedure of the catalog (schemas/procedures/)."""
    from extract.dossier.procedures import national_code

    if not isinstance(d.manifest, dict) or d.procedure is not None:
        return []
    code = d.manifest.get("MaTTHC")
    if not isinstance(code, str) or national_code(code) is None:
        return []                               # a malformed code is a schema error already
    return [Finding.of("DOSSIER.UNKNOWN_PROCEDURE", evidence=code, location={"file": MANIFEST, "pointer": "/MaTTHC"})]


# --------------------------------------------------------------------------- components

@built_from_data
def abbreviations() -> dict[str, dict]:
    """schemas/lexicons/abbreviations.json by matching key ("cccd", "qsdd"): the entry, with
    `key` the long form's matching key."""
    out = {}
    for entry in schemas.load_json("lexicons", "abbreviations.json")["abbreviations"]:
        key = _plain_key(entry["abbr"])
        out[key] = {**entry, "key": _plain_key(entry["long"])}
    return out


def _plain_key(text: str) -> str:
    t = strip_accents(fold(text or ""))
    return " ".join(re.sub(r"[^\w]+", " ", t).split())


@lru_cache(maxsize=4096)
def name_key(text: str | None) -> str:
    """Matching key for component names: folded, without accents or punctuation, with the
    abbreviations officers type written out ("Bản sao CCCD" -> "ban sao can cuoc cong dan")."""
    table = abbreviations()
    return " ".join(table[w]["key"] if w in table else w for w in _plain_key(text or "").split())


def explain_abbreviations(text: str | None) -> list[tuple[str, str]]:
    """The abbreviations in `text` with their long forms: [("CCCD", "căn cước công dân")]."""
    table = abbreviations()
    seen, out = set(), []
    for word in re.findall(r"\w+", text or ""):
        entry = table.get(_plain_key(word))
        if entry and entry["abbr"] not in seen:
            seen.add(entry["abbr"])
            out.append((word, entry["long"]))
    return out


def name_score(a: str, b: str) -> float:
    """Similarity of two name keys, 0..100. Containment only counts when the shorter
    name is most of the longer one, so 'văn bản ủy quyền' does not match every
    longer name that mentions it."""
    from rapidfuzz import fuzz

    if not a or not b:
        return 0.0
    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 0.6 * len(long_):
        score = max(score, fuzz.partial_ratio(short, long_))
    return score


def _catalog(d: Dossier) -> list[dict]:
    """The procedure's components that apply to this dossier's case. Entries are read with
    .get: a hand-made or partial catalog entry is judged as far as it goes, never a crash."""
    comps = (d.procedure or {}).get("components")
    return [c for c in comps if isinstance(c, dict) and _applies(c, d)] if isinstance(comps, list) else []


def _key(c: dict) -> str:
    return str(c.get("code") or c.get("name") or id(c))


def _names(c: dict) -> list[str]:
    aliases = c.get("aliases") if isinstance(c.get("aliases"), list) else []
    return [n for n in [c.get("name"), *aliases] if isinstance(n, str) and n]


def _applies(comp: dict, d: Dossier) -> bool:
    cases = comp.get("cases")
    if not cases:
        return True
    m = d.manifest or {}
    wanted = {str(m.get("MaTruongHop") or ""), str(m.get("TenTruongHop") or "")} - {""}
    return not wanted or not isinstance(cases, list) or bool(wanted & {str(c) for c in cases})


def match_components(d: Dossier, threshold: float) -> tuple[dict[str, list[Component]], list[Component], list[tuple[Component, dict, float]]]:
    """Catalog component code -> manifest entries matching it (by code, else by name scoring at
    least `threshold`, the DigitizationPolicy's name_match_threshold carried in the Context);
    the entries matching nothing; and the entries matched by name with their score."""
    catalog = _catalog(d)
    by_code = {}
    for c in catalog:
        extra_codes = c.get("codes") if isinstance(c.get("codes"), list) else []
        for code in [c.get("code"), *extra_codes]:
            if isinstance(code, str) and code.strip():
                by_code[code.strip().casefold()] = c
    keys = [(c, [name_key(n) for n in _names(c)]) for c in catalog]
    keys = [(c, names) for c, names in keys if names]
    matched: dict[str, list[Component]] = {}
    extra: list[Component] = []
    by_name: list[tuple[Component, dict, float]] = []
    seen: set[str] = set()
    for comp in d.components:
        if comp.deleted or comp.pointer in seen:
            continue
        seen.add(comp.pointer)                  # one manifest entry, however many files
        hit = by_code.get((comp.code or "").casefold()) if comp.code else None
        if hit is None:
            key = name_key(comp.name)
            best, score = None, 0.0
            for cat, names in keys:
                s = max(name_score(key, n) for n in names)
                if s > score:
                    best, score = cat, s
            if best is not None and score >= threshold:
                hit = best
                by_name.append((comp, best, round(score)))
        if hit is None:
            extra.append(comp)
        else:
            matched.setdefault(_key(hit), []).append(comp)
    return matched, extra, by_name


def _unverified_note(verified: bool) -> dict:
    if verified:
        return {"note": "", "note_en": ""}
    return {"note": " (dữ kiện danh mục chưa được xác minh ở nguồn gốc)",
            "note_en": " (the catalog fact is not confirmed in a primary source)"}


@check("COMPONENT.REQUIRED", applies_to="dossier",
       codes=["COMPONENT.MISSING", "COMPONENT.ONE_OF_MISSING", "COMPONENT.EXTRA", "COMPONENT.NO_CODE", "COMPONENT.COPIES"])
def check_required(d: Dossier, ctx: Context) -> list[Finding]:
    """Every mandatory component of the procedure is present, alternatives are satisfied,
    copy counts (when declared) suffice; unexpected components are reported as info. Each
    finding says what to fix: the catalog component and the field to fill, the entry of the
    manifest that is probably the missing component, the abbreviations it read."""
    if not isinstance(d.manifest, dict) or not d.procedure:
        return []
    proc = d.procedure
    label = " ".join(str(x) for x in (proc.get("code"), f"({proc['name']})" if proc.get("name") else None) if x) \
        or str(d.manifest.get("MaTTHC") or "?")
    matched, extra, by_name = match_components(d, ctx.digitization_policy.name_match_threshold)
    out: list[Finding] = []
    catalog = _catalog(d)
    for c in catalog:
        if c.get("one_of") or not c.get("mandatory") or c.get("condition") or c.get("form") == "present":
            continue
        if _key(c) not in matched:
            verified = c.get("verified", True)
            name = c.get("name") or _key(c)
            out.append(Finding.of("COMPONENT.MISSING", severity=None if verified else "warning",
                                  location={"file": MANIFEST, "pointer": "/TaiLieuNop"}, evidence=name,
                                  procedure=label, component=name, **_unverified_note(verified),
                                  **_missing_fix([c], extra)))
    groups = proc.get("groups") if isinstance(proc.get("groups"), dict) else {}
    for key, group in groups.items():
        members = [c for c in catalog if c.get("one_of") == key]
        if not isinstance(group, dict) or not group.get("mandatory") or group.get("condition") or not members:
            continue
        if not any(_key(c) in matched for c in members):
            verified = all(c.get("verified", True) for c in members)
            names = "; ".join(f"\"{c.get('name') or _key(c)}\"" for c in members)
            out.append(Finding.of("COMPONENT.ONE_OF_MISSING", severity=None if verified else "warning",
                                  location={"file": MANIFEST, "pointer": "/TaiLieuNop"}, evidence=group.get("name") or key,
                                  group=group.get("name") or key, alternatives=names, **_unverified_note(verified),
                                  **_missing_fix(members, extra)))
    for comp, cat, score in by_name:
        code = cat.get("code") or ""
        out.append(Finding.of("COMPONENT.NO_CODE", evidence=comp.name, location={"file": MANIFEST, "pointer": comp.pointer},
                              matched=cat.get("name"), score=score, **_abbreviation_note(comp.name),
                              fix=f" Cách sửa: ghi MaThanhPhanHoSo \"{code}\" cho mục này." if code else "",
                              fix_en=f" To fix: set MaThanhPhanHoSo to \"{code}\" on this entry." if code else ""))
    for comp in extra:
        out.append(Finding.of("COMPONENT.EXTRA", evidence=comp.name or comp.pointer,
                              location={"file": MANIFEST, "pointer": comp.pointer}, procedure=label,
                              **_abbreviation_note(comp.name), **_extra_fix(comp, catalog)))
    cat_by_key = {_key(c): c for c in catalog}
    for code, comps in matched.items():
        c = cat_by_key[code]
        for comp in comps:
            for key, need, kind, kind_en in (("SoBanChinh", c.get("original"), "bản chính", "originals"),
                                             ("SoBanSao", c.get("copies"), "bản sao", "copies")):
                have = _count(comp.raw.get(key))
                need = _count(need)
                if have is not None and need is not None and have < need:
                    out.append(Finding.of("COMPONENT.COPIES", evidence=f"{key}={comp.raw.get(key)}",
                                          location={"file": MANIFEST, "pointer": f"{comp.pointer}/{key}"},
                                          component=comp.name, declared=have, required=need, kind=kind, kind_en=kind_en,
                                          fix=f" Cách sửa: nhận đủ {need} {kind} rồi ghi {key} = \"{need}\", hoặc yêu "
                                              f"cầu bổ sung.",
                                          fix_en=f" To fix: receive {need} {kind_en}, then set {key} to \"{need}\", or "
                                                 f"request a supplement."))
    return out


SUGGEST_THRESHOLD = 70       # below the match threshold (85), yet close enough to name as a suggestion; unrelated
                             # names score up to about 60 (tests/test_component_messages.py)


def _closest(name: str | None, candidates: list[dict]) -> tuple[dict | None, int]:
    key = name_key(name)
    best, score = None, 0.0
    for c in candidates:
        s = max((name_score(key, name_key(n)) for n in _names(c)), default=0.0)
        if s > score:
            best, score = c, s
    return best, round(score)


def _missing_fix(components: list[dict], extra: list[Component]) -> dict:
    """What to do about a missing component (or group): add an entry with its code, or give the
    code to the unmatched entry that is probably it."""
    first = components[0]
    code, name = first.get("code") or "", first.get("name") or _key(first)
    guess, guess_score, target = None, 0, first
    for comp in extra:
        cat, score = _closest(comp.name, components)
        if cat is not None and score > guess_score:
            guess, guess_score, target = comp, score, cat
    if guess is not None and guess_score >= SUGGEST_THRESHOLD:
        tcode = target.get("code") or ""
        return {"fix": f" Cách sửa: nếu mục \"{guess.name}\" ({guess.pointer}) chính là \"{target.get('name')}\" "
                       f"(giống {guess_score}%), ghi MaThanhPhanHoSo \"{tcode}\" cho mục đó; nếu không, thêm vào "
                       f"TaiLieuNop một mục có MaThanhPhanHoSo \"{tcode}\".",
                "fix_en": f" To fix: if the entry \"{guess.name}\" ({guess.pointer}) is \"{target.get('name')}\" "
                          f"({guess_score}% similar), set its MaThanhPhanHoSo to \"{tcode}\"; otherwise add an entry "
                          f"to TaiLieuNop with MaThanhPhanHoSo \"{tcode}\"."}
    return {"fix": f" Cách sửa: thêm vào TaiLieuNop một mục có MaThanhPhanHoSo \"{code}\" và TenTepDinhKem "
                   f"\"{name}\", kèm tệp đã số hóa.",
            "fix_en": f" To fix: add an entry to TaiLieuNop with MaThanhPhanHoSo \"{code}\" and TenTepDinhKem "
                      f"\"{name}\", with its digitized file."}


def _extra_fix(comp: Component, catalog: list[dict]) -> dict:
    cat, score = _closest(comp.name, catalog)
    if cat is None or score < SUGGEST_THRESHOLD:
        return {"fix": " Cách sửa: kiểm tra MaTTHC của hồ sơ và tên thành phần; thành phần không có trong danh mục "
                       "thì không cần sửa.",
                "fix_en": " To fix: check the dossier's MaTTHC and the component's name; a component outside the "
                          "catalog needs no change."}
    code = cat.get("code") or ""
    return {"fix": f" Thành phần gần nhất trong danh mục: \"{cat.get('name')}\" ({code}, giống {score}%); nếu đúng là "
                   f"thành phần này, ghi MaThanhPhanHoSo \"{code}\".",
            "fix_en": f" Closest catalog component: \"{cat.get('name')}\" ({code}, {score}% similar); if it is that "
                      f"component, set MaThanhPhanHoSo to \"{code}\"."}


def _abbreviation_note(name: str | None) -> dict:
    pairs = explain_abbreviations(name)
    if not pairs:
        return {"abbr": "", "abbr_en": ""}
    text = ", ".join(f"{a} = {long}" for a, long in pairs)
    return {"abbr": f" (đã đọc {text})", "abbr_en": f" (read as {text})"}


def _count(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


@check("COMPONENT.DIGITIZED", applies_to="dossier",
       codes=["COMPONENT.DIGITIZED_NO_FILE", "COMPONENT.NOT_DIGITIZED", "COMPONENT.DIGITIZED_FLAG"])
def check_digitized(d: Dossier, ctx: Context) -> list[Finding]:
    """A component marked digitized has a file; every component has an electronic copy;
    the dossier-level flag agrees with its components."""
    if not isinstance(d.manifest, dict):
        return []
    out: list[Finding] = []
    entries: dict[str, list[Component]] = {}
    for comp in d.components:
        if not comp.deleted:
            entries.setdefault(comp.pointer, []).append(comp)
    digitized = 0
    for pointer, parts in entries.items():
        comp = parts[0]
        has_file = any(p.declared_path for p in parts)
        if comp.digitized:
            digitized += 1
        if has_file:
            continue
        loc = {"file": MANIFEST, "pointer": pointer}
        if comp.digitized:
            out.append(Finding.of("COMPONENT.DIGITIZED_NO_FILE", evidence=comp.name or pointer, location=loc))
        else:
            out.append(Finding.of("COMPONENT.NOT_DIGITIZED", evidence=comp.name or pointer, location=loc))
    flag = d.manifest.get("HoSoCoThanhPhanSoHoa")
    if flag in ("0", "1") and (flag == "1") != (digitized > 0):
        out.append(Finding.of("COMPONENT.DIGITIZED_FLAG", evidence=f"HoSoCoThanhPhanSoHoa=\"{flag}\"",
                              location={"file": MANIFEST, "pointer": "/HoSoCoThanhPhanSoHoa"},
                              declared=flag, actual=digitized))
    return out


@check("COMPONENT.RESULT", applies_to="dossier", codes=["COMPONENT.RESULT_MISSING"])
def check_result(d: Dossier, ctx: Context) -> list[Finding]:
    """A finished dossier (TrangThaiHoSo of the group "finished" in schemas/codes.json: 9, 10)
    carries its electronic result."""
    if not isinstance(d.manifest, dict):
        return []
    status = d.manifest.get("TrangThaiHoSo")
    if not isinstance(status, str) or schemas.codes("TrangThaiHoSo").get(status, {}).get("group") != "finished":
        return []
    result = (d.procedure or {}).get("result")
    if isinstance(result, dict) and result.get("electronic") is False:
        return []
    results = [r for r in d.results if not r.deleted]
    loc = {"file": MANIFEST, "pointer": "/DanhSachGiayToKetQua"}
    if not results:
        detail = ("không có giấy tờ kết quả nào trong DanhSachGiayToKetQua", "DanhSachGiayToKetQua lists no result document")
    elif not any(r.declared_path for r in results):
        detail = ("giấy tờ kết quả không có tệp điện tử (DuongDanTepTinKetQua trống)",
                  "its result documents have no electronic file (DuongDanTepTinKetQua is empty)")
    else:
        return []
    return [Finding.of("COMPONENT.RESULT_MISSING", evidence=f"TrangThaiHoSo=\"{status}\"", location=loc,
                       status=status, detail=detail[0], detail_en=detail[1])]
