"""What a scan shows of the signing: the seal (ND30.SEAL_NOT_SEEN), from facts the loader and
parser recorded (Directive.seals, scan_colour). Wording and legal basis: schemas/rules/nd30.json."""
from __future__ import annotations

from checks.registry import check
from extract.model import Directive, Finding


@check("nd30.seal", applies_to="directive", codes=["ND30.SEAL_NOT_SEEN"])
def seal(d: Directive, ctx) -> list[Finding]:
    """A colour scan of a signed directive with no seal on any page: a warning (the scan may
    have lost it), never an error. A gray scan says nothing: a red seal would not show."""
    signed = d.signer.name or "signer_name" in d.parts
    if not d.scan_colour or not signed or d.seals:
        return []
    span = d.parts.get("signer_name") or d.parts.get("position")
    return [Finding.of("ND30.SEAL_NOT_SEEN", location=span.location if span else None,
                       evidence=d.signer.name or (span.text if span else None))]
