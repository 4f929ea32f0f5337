"""Policies: the rule parameters of a family as frozen objects, built once from data (in the
pyHanko style of `SignatureValidationSpec`) and carried in the checks' Context.

- `TimelinePolicy` (schemas/timeline.json): the due-date cut-offs, the online-intake window, the
  supplement and apology limits, the on-time class labels;
- `DigitizationPolicy` (schemas/digitization.json): resolution and colour profiles, blank-page
  and scan thresholds, package limits, the name-match threshold;
- `SignaturePolicy`: what a signature is judged against: the trust store and CRLs, the
  algorithms policy data (schemas/data/signature_policy.json), a validation time, whether a
  signature is required and by whom. A wrapper: checks/signatures.py keeps its own internals.

`timeline_policy()`, `digitization_policy()` and `signature_policy()` give the one instance built
from the data files; `dataclasses.replace(policy, online_intake_hours=4)` gives a variant.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Mapping

from schemas import DATA


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


@dataclass(frozen=True)
class TimelinePolicy:
    due_cutoffs_minutes: tuple[float, ...]
    online_intake_hours: float
    online_intake_cutoff_minutes: float
    supplement_request_max_working_days: int
    apology_min_working_days_before_due: int
    class_labels: Mapping[str, Mapping[str, str]]            # class -> {label, label_en}

    def __post_init__(self) -> None:        # a variant made with dataclasses.replace(…, online_intake_hours=4)
        for name, kind in (("online_intake_hours", float), ("online_intake_cutoff_minutes", float),
                           ("supplement_request_max_working_days", int), ("apology_min_working_days_before_due", int)):
            object.__setattr__(self, name, kind(getattr(self, name)))
        object.__setattr__(self, "due_cutoffs_minutes", tuple(float(x) for x in self.due_cutoffs_minutes))

    @classmethod
    def from_data(cls, data: Mapping) -> "TimelinePolicy":
        p = {name: entry["value"] for name, entry in data["parameters"].items()}
        return cls(due_cutoffs_minutes=tuple(float(x) for x in p["due_cutoffs_minutes"]),
                   online_intake_hours=float(p["online_intake_hours"]),
                   online_intake_cutoff_minutes=float(p["online_intake_cutoff_minutes"]),
                   supplement_request_max_working_days=int(p["supplement_request_max_working_days"]),
                   apology_min_working_days_before_due=int(p["apology_min_working_days_before_due"]),
                   class_labels=_frozen(data["classes"]["labels"]))

    def class_label(self, key: str, lang: str = "vi") -> str:
        entry = self.class_labels[key]
        return entry["label_en"] if lang == "en" else entry["label"]


@dataclass(frozen=True)
class DigitizationPolicy:
    profiles: Mapping[str, Any]
    allowed_kinds: Mapping[str, Any]
    dpi_tolerance: float
    scan_coverage: float
    blank: Mapping[str, Any]
    limits: Mapping[str, Any]
    ignored_names: tuple[str, ...]
    name_match_threshold: float

    @classmethod
    def from_data(cls, data: Mapping) -> "DigitizationPolicy":
        return cls(profiles=_frozen(data["profiles"]), allowed_kinds=_frozen(data["allowed_kinds"]),
                   dpi_tolerance=data["dpi_tolerance"], scan_coverage=data["scan_coverage"],
                   blank=_frozen(data["blank"]), limits=_frozen(data["limits"]),
                   ignored_names=tuple(data["ignored_names"]), name_match_threshold=data["name_match_threshold"])


@dataclass(frozen=True)
class SignaturePolicy:
    """What a signature is judged against, built once per run (commands/pipeline.py
    signature_policy_for) and carried in the Context; checks/signatures.py reads it there. The
    trust store is loaded once, not per file. A wrapper: the verdict logic stays in checks/signatures.py."""
    trust: Any = None                          # extract.signatures.pki.TrustStore (None: nothing trusted)
    algorithms: Mapping[str, Any] = field(
        default_factory=lambda: DATA.built("signature_algorithms", lambda: _frozen(DATA.json("data", "signature_policy.json"))))
    at: datetime | None = None                 # validate at this time instead of now
    required: bool = False                     # an unsigned PDF is SIG.MISSING
    expected_org: str | None = None            # the agency that must have signed


def timeline_policy() -> TimelinePolicy:
    return DATA.built("timeline_policy", lambda: TimelinePolicy.from_data(DATA.json("timeline.json")))


def signature_policy() -> SignaturePolicy:
    """The policy without trust: nothing is trusted, no signature required."""
    return DATA.built("signature_policy", SignaturePolicy)


def digitization_policy() -> DigitizationPolicy:
    return DATA.built("digitization_policy", lambda: DigitizationPolicy.from_data(DATA.json("digitization.json")))
