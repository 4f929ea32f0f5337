"""SARIF 2.1.0 (OASIS) for code-scanning dashboards (GitHub code scanning, GitLab, Azure DevOps,
VS Code SARIF viewer). One run; the driver lists every rule of the catalog with its legal basis;
each finding is a result with its message in Vietnamese and English and, when known, the page
and line of the file.

Generic over result dicts {"source", "kind", "findings": [Finding.to_dict(), ...]}; the rule table
(`checks.registry.rule_table()`) is passed in by cli.py so report/ imports no checks. Records go
through report/safe.py (identifiers masked); JSON itself escapes every control character.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import IO
from urllib.parse import quote

from report.safe import public

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"


def _name(code: str) -> str:
    """'ND30.NUMBER_BLANK' -> 'NumberBlank' (SARIF reportingDescriptor.name)."""
    tail = code.split(".", 1)[-1]
    return "".join(w.capitalize() for w in tail.split("_"))


def _help(rule: dict) -> dict:
    verified = rule.get("verified", True)
    basis_vi = f"Căn cứ: {rule['basis']}" + ("" if verified else " (CHƯA XÁC MINH)")
    basis_en = f"Legal basis: {rule['basis']}" + ("" if verified else " (UNVERIFIED)")
    vi = [rule.get("help") or rule["title"], basis_vi]
    en = [rule.get("help_en") or rule["title_en"], basis_en]
    if rule.get("effective_from") or rule.get("effective_to"):
        span = f"{rule.get('effective_from') or '…'} → {rule.get('effective_to') or '…'}"
        vi.append(f"Áp dụng: {span}")
        en.append(f"In force: {span}")
    text = "\n".join(vi) + "\n\n" + "\n".join(en)
    markdown = "\n\n".join(vi) + "\n\n---\n\n" + "\n\n".join(en)
    return {"text": text, "markdown": markdown}


def rule_descriptor(rule: dict, lang: str = "vi") -> dict:
    title, other = (rule["title"], rule["title_en"]) if lang == "vi" else (rule["title_en"], rule["title"])
    family = rule.get("family") or rule["code"].split(".")[0]
    props = {"tags": [family, "verified" if rule.get("verified", True) else "unverified"],
             "basis": rule["basis"], "verified": rule.get("verified", True), "family": family,
             "title": rule["title"], "title_en": rule["title_en"]}
    for key in ("check", "effective_from", "effective_to", "applies_to"):
        if rule.get(key):
            props[key] = rule[key]
    return {"id": rule["code"], "name": _name(rule["code"]),
            "shortDescription": {"text": title},
            "fullDescription": {"text": f"{title} / {other}"},
            "help": _help(rule),
            "defaultConfiguration": {"level": LEVELS.get(rule["severity"], "warning")},
            "properties": props}


def artifact_location(source: str, root: Path) -> dict:
    """A path under `root` (the working directory) becomes a relative URI from %SRCROOT%, as
    code-scanning dashboards expect; anything else an absolute file: URI."""
    path = Path(os.path.normpath(Path(source).absolute()))
    try:
        return {"uri": quote(path.relative_to(root).as_posix()), "uriBaseId": SRCROOT}
    except ValueError:
        return {"uri": path.as_uri()}


def _region(f: dict) -> dict | None:
    """startLine (and, when known, startColumn, endLine, endColumn: a dossier finding's place in
    manifest.json) of a finding, 1-based as SARIF counts them."""
    loc = f.get("location") or {}
    line = loc.get("line")
    if not isinstance(line, int) or line < 1:
        return None
    region = {"startLine": line}
    for key, name in (("column", "startColumn"), ("end_line", "endLine"), ("end_column", "endColumn")):
        if isinstance(loc.get(key), int) and loc[key] >= 1:
            region[name] = loc[key]
    if f.get("evidence"):
        region["snippet"] = {"text": f["evidence"]}
    if loc.get("page") is not None:
        region["properties"] = {"page": loc["page"]}
    return region


def _inner_file(record: dict, f: dict) -> str | None:
    """A file inside a dossier folder the finding is about (manifest.json, a component's file),
    so the result points at that file, not at the folder. A zip's files stay inside the zip."""
    loc = f.get("location") or {}
    inner = loc.get("file")
    if record.get("package") != "folder" or not isinstance(inner, str) or not inner:
        return None
    if inner.startswith(("/", "\\")) or ".." in inner.replace("\\", "/").split("/"):
        return None
    return inner


def _fingerprint(source: str, f: dict) -> str:
    key = json.dumps([source, f.get("code"), f.get("location"), f.get("evidence")], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def build_sarif(results: list[dict], rules: list[dict], lang: str = "vi", version: str = "0",
                root: Path | None = None, exit_code: int | None = None) -> dict:
    root = Path(os.path.normpath((root or Path.cwd()).absolute()))
    descriptors = [rule_descriptor(r, lang) for r in rules]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    artifacts, out = [], []
    indexes: dict[str, int] = {}

    def artifact(path: str) -> dict:
        where = artifact_location(path, root)
        key = where["uri"]
        if key not in indexes:
            indexes[key] = len(artifacts)
            artifacts.append({"location": where, "roles": ["analysisTarget"]})
        return {**where, "index": indexes[key]}

    for r in results:
        r = public(r)
        source = str(r.get("source"))
        whole = artifact(source)
        for f in r.get("findings") or []:
            code = f.get("code", "INTERNAL.ERROR")
            message = f.get("message" if lang == "vi" else "message_en") or f.get("message") or code
            inner = _inner_file(r, f)
            physical = {"artifactLocation": artifact(os.path.join(source, inner)) if inner else whole}
            region = _region(f)
            if region:
                physical["region"] = region
            location = {"physicalLocation": physical}
            pointer = (f.get("location") or {}).get("pointer")
            if isinstance(pointer, str) and pointer:
                location["logicalLocations"] = [{"fullyQualifiedName": pointer, "kind": "member"}]
            result = {"ruleId": code, "level": LEVELS.get(f.get("severity"), "warning"),
                      "message": {"text": message},
                      "locations": [location],
                      "partialFingerprints": {"tthcFinding/v1": _fingerprint(source, f)},
                      "properties": {"message_vi": f.get("message"), "message_en": f.get("message_en"),
                                     "severity": f.get("severity"), "kind": r.get("kind"),
                                     "location": f.get("location"), "evidence": f.get("evidence")}}
            if code in index:
                result["ruleIndex"] = index[code]
            out.append(result)
    invocation = {"executionSuccessful": True}
    if exit_code is not None:
        invocation["exitCode"] = exit_code
    run = {"tool": {"driver": {"name": "tthc-check", "version": version, "semanticVersion": version,
                               "language": lang, "rules": descriptors}},
           "invocations": [invocation],
           "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri() + "/"}},
           "artifacts": artifacts,
           "language": lang,
           "columnKind": "unicodeCodePoints",
           "results": out}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def write_sarif(results: list[dict], rules: list[dict], out: IO[str], lang: str = "vi",
                version: str = "0", exit_code: int | None = None) -> None:
    json.dump(build_sarif(results, rules, lang=lang, version=version, exit_code=exit_code),
              out, ensure_ascii=False, indent=2)
    out.write("\n")
