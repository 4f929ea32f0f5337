"""Personal data of the applicant (fields marked "x-personal" in the manifest schema) is
never printed unmasked: every finding of a dossier is redacted before it is written."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import schemas
from extract.model import Finding


@lru_cache(maxsize=1)
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
    domain, names their initials: enough to tell records apart, not to identify anyone."""
    value = value.strip()
    if kind == "email" and "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if kind == "name":
        return " ".join(f"{w[:1]}." for w in value.split())
    keep = 3 if len(value) > 5 else 0
    return "*" * (len(value) - keep) + value[len(value) - keep:]


def redact(text: str, personal: list[tuple[str, str]]) -> str:
    for value, kind in sorted(personal, key=lambda vk: -len(vk[0])):
        if value.casefold() in text.casefold():
            text = re.sub(re.escape(value), mask(value, kind), text, flags=re.IGNORECASE)
    return text


def redact_finding(finding: Finding, personal: list[tuple[str, str]]) -> Finding:
    if not personal:
        return finding
    finding.message = redact(finding.message, personal)
    finding.message_en = redact(finding.message_en, personal)
    if finding.evidence:
        finding.evidence = redact(finding.evidence, personal)
    if finding.location:
        finding.location = {k: redact(v, personal) if isinstance(v, str) else v for k, v in finding.location.items()}
    return finding
