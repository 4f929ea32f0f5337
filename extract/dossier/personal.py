"""Personal data is never printed unmasked, in any field of any output.

Two nets, both table-driven:
- the applicant's own data, as the manifest gives it (fields marked "x-personal" in the
  manifest schema: ID numbers, name, phone, e-mail), found again wherever it appears: in any
  letter case, with or without Vietnamese accents, in composed (NFC) or decomposed (NFD)
  Unicode, with spaces, dots, dashes or underscores between its parts (so also in file and
  folder names);
- the shapes of identifiers, whoever they belong to (schemas/data/personal_identifiers.json):
  CCCD, CMND, passport, tax and phone numbers written with spaces, dots, dashes or +84, and
  e-mail addresses.

`mask_text` masks one string, `mask_record` every string of a result record (its keys and
its public document content excepted), `redact_finding` a Finding. IDs and phone numbers
keep their last 3 characters, e-mails their first letter and domain, names their initials:
enough to tell records apart, not to identify anyone.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterable

import schemas
from extract.model import Finding
from extract.normalize import skeleton_any_script
from schemas import built_from_data

# Fields of a directive record that are the text of a public document, kept as issued.
PUBLIC_CONTENT = frozenset({"text", "document", "tasks", "deadlines", "references"})
_HEX_RUN = re.compile(r"[0-9A-Fa-f]{16,}")


@built_from_data
def _personal_fields() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Top-level and list-item fields marked x-personal in the manifest schema."""
    schema = schemas.load_json("dossier.schema.json")
    top = {k: v["x-personal"] for k, v in schema["properties"].items() if "x-personal" in v}
    nested: dict[str, dict[str, str]] = {}
    for k, v in schema["properties"].items():
        props = v.get("items", {}).get("properties", {})
        marked = {pk: pv["x-personal"] for pk, pv in props.items() if "x-personal" in pv}
        if marked:
            nested[k] = marked
    return top, nested


def personal_values(manifest: dict | None) -> list[tuple[str, str]]:
    """(value, kind) for every personal datum of the applicant in the manifest."""
    if not isinstance(manifest, dict):
        return []
    top, nested = _personal_fields()

    def text(v) -> str | None:        # personal data typed as a number is still personal
        return str(v) if isinstance(v, (str, int)) and not isinstance(v, bool) else None

    out = [(text(manifest.get(k)), kind) for k, kind in top.items()]
    for list_name, fields in nested.items():
        items = manifest.get(list_name)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                out.extend((text(item.get(k)), kind) for k, kind in fields.items())
    return [(unicodedata.normalize("NFC", v.strip()), kind) for v, kind in out if v and len(v.strip()) >= 3]


def mask(value: str, kind: str) -> str:
    """IDs and phone numbers keep their last 3 characters, e-mail its first letter and
    domain, names their initials."""
    value = value.strip()
    if kind == "email" and "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if kind == "name":
        words = [w for w in re.split(r"[\s._\-]+", value) if w]
        return (" " if " " in value else "").join(f"{w[:1]}." for w in words)
    keep = 3 if len(value) > 5 else 0
    return "*" * (len(value) - keep) + value[len(value) - keep:]


# --------------------------------------------------------------------------- matching

_SEP = r"[\s._\-]*"


@lru_cache(maxsize=4096)
def _value_pattern(value: str, kind: str) -> re.Pattern | None:
    """A pattern over the skeleton matching `value` with any separators between its parts."""
    skeleton = skeleton_any_script(unicodedata.normalize("NFC", value))
    if kind == "name":
        words = [w for w in re.split(r"[\s._\-]+", skeleton) if w]
        if not words:
            return None
        return re.compile(r"(?<![\w])" + r"[\s._\-]+".join(re.escape(w) for w in words) + r"(?![\w])")
    if kind == "email":
        return re.compile(re.escape(skeleton))
    chars = [c for c in skeleton if c.isalnum()]
    if len(chars) < 3:
        return None
    edge = r"\d" if all(c.isdigit() for c in chars) else r"0-9a-z"       # a number may touch letters
    edge = edge if edge == r"\d" else f"[{edge}]"
    return re.compile(f"(?<!{edge})" + _SEP.join(re.escape(c) for c in chars) + f"(?!{edge})")


@built_from_data
def identifier_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """(kind, pattern) for every shape of schemas/data/personal_identifiers.json, in its order;
    a pattern never starts or ends inside a run of digits."""
    table = schemas.load_json("data", "personal_identifiers.json")["patterns"]
    return tuple((p["kind"], re.compile(r"(?<!\d)(?:" + p["regex"] + r")(?!\d)")) for p in table)


def identifier_spans(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) of identifier-shaped strings, earlier shapes first."""
    taken: list[tuple[int, int, str]] = []
    for kind, pattern in identifier_patterns():
        for m in pattern.finditer(text):
            start, end = m.span()
            if _inside_hex(text, start, end) or any(s < end and start < e for s, e, _ in taken):
                continue
            taken.append((start, end, kind))
    return sorted(taken)


def _inside_hex(text: str, start: int, end: int) -> bool:
    for m in _HEX_RUN.finditer(text, max(0, start - 64), min(len(text), end + 64)):
        if m.start() <= start and end <= m.end():
            return True
    return False


def mask_text(text: str, personal: Iterable[tuple[str, str]] = ()) -> str:
    """`text` (as NFC) with the applicant's data and every identifier-shaped number masked."""
    if not text:
        return text
    text = unicodedata.normalize("NFC", text)
    for value, kind in sorted(personal, key=lambda vk: -len(vk[0])):
        pattern = _value_pattern(value, kind)
        if pattern is None:
            continue
        skeleton = skeleton_any_script(text)
        spans = [m.span() for m in pattern.finditer(skeleton)]
        for start, end in reversed(spans):
            text = text[:start] + mask(text[start:end], kind) + text[end:]
    out, last = [], 0
    for start, end, kind in identifier_spans(text):
        out.append(text[last:start])
        out.append(mask(text[start:end], "email" if kind == "email" else "id"))
        last = end
    out.append(text[last:])
    return "".join(out)


def mask_record(value: Any, personal: Iterable[tuple[str, str]] = (), keep: frozenset = frozenset()) -> Any:
    """Every string of a JSON-like value masked (dict keys and the fields named in `keep` left
    as they are)."""
    personal = tuple(personal)
    if isinstance(value, str):
        return mask_text(value, personal)
    if isinstance(value, dict):
        return {k: (v if k in keep else mask_record(v, personal, keep)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_record(v, personal, keep) for v in value]
    return value


def redact(text: str, personal: list[tuple[str, str]]) -> str:
    return mask_text(text, personal)


def redact_finding(finding: Finding, personal: list[tuple[str, str]]) -> Finding:
    finding.message = mask_text(finding.message, personal)
    finding.message_en = mask_text(finding.message_en, personal)
    if finding.evidence:
        finding.evidence = mask_text(finding.evidence, personal)
    if finding.location:
        finding.location = mask_record(finding.location, personal)
    return finding
