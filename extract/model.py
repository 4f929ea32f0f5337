"""Plain data that flows through the pipeline: load -> normalize -> parse -> checks -> report.

Everything here is a dataclass with a `to_dict()` that gives the JSON of the output
contract (../shared/design/ARCHITECTURE.md). No behaviour beyond small conveniences.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass, field
from typing import Any

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


# --------------------------------------------------------------------------- findings

@dataclass
class Finding:
    """One problem. `code` is stable (family prefix + name); messages come from the
    rules catalog in schemas/rules/ so wording and legal basis live in data."""
    code: str
    severity: str
    message: str
    message_en: str
    location: dict[str, Any] | None = None
    evidence: str | None = None

    @classmethod
    def of(cls, code: str, *, location: dict | None = None, evidence: str | None = None,
           severity: str | None = None, **params: Any) -> "Finding":
        """Build a finding from the rules catalog; `params` fill the message templates."""
        from schemas import rule  # data only; keeps extract free of checks/report

        r = rule(code)
        values = {"evidence": evidence or "", **params}
        return cls(code=code, severity=severity or r["severity"],
                   message=_fill(r["message"], _vietnamese_times(_numbers(values, "vi"))),
                   message_en=_fill(r["message_en"], _numbers(values, "en")),
                   location=location, evidence=evidence)

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "message_en": self.message_en, "location": self.location, "evidence": self.evidence}


_ISO_MOMENT = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-]\d{2}:\d{2}|Z)")


def _vietnamese_times(values: dict) -> dict:
    """Moments the code computed ("2024-03-18T10:00:00+07:00", a signing or validation time) read
    as a Vietnamese reader writes them, "18/03/2024 10:00:00 (+07:00)"; the English message keeps
    ISO 8601. The evidence (text quoted from the input) is never rewritten."""
    def vi(m: re.Match) -> str:
        y, mo, d, h, mi, sec, zone = m.groups()
        return f"{d}/{mo}/{y} {h}:{mi}:{sec} ({'UTC' if zone == 'Z' else zone})"
    return {k: (_ISO_MOMENT.sub(vi, v) if isinstance(v, str) and k != "evidence" else v) for k, v in values.items()}


def number_text(value: float, lang: str = "vi") -> str:
    """A measure the code computed (hours, working days, dpi) as its reader writes it: at most one
    decimal, none when whole; a decimal comma in Vietnamese ("7,5 giờ", "10 giờ"), a point in English."""
    rounded = round(float(value), 1) + 0.0          # + 0.0: never "-0"
    text = f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"
    return text.replace(".", ",") if lang == "vi" else text


def _numbers(values: dict, lang: str) -> dict:
    """Float parameters written for `lang` (integers and text are left as they are)."""
    return {k: number_text(v, lang) if isinstance(v, float) else v for k, v in values.items()}


def _fill(template: str, values: dict) -> str:
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


# --------------------------------------------------------------------------- documents

@dataclass
class Line:
    text: str
    page: int                      # 1-based
    number: int                    # 1-based within the page
    bbox: tuple[float, float, float, float] | None = None   # x0, top, x1, bottom in points
    confidence: float | None = None                          # OCR mean word confidence 0..1
    # A layout-table cell printed empty beside the cell this line opens ('left'/'right'): the copy lost
    # what that cell held (a legal portal's text). Set by the loader; None when there is none.
    beside_empty: str | None = None


@dataclass
class Table:
    page: int
    rows: list[list[str]]
    bbox: tuple[float, float, float, float] | None = None


@dataclass
class Seal:
    """A seal (red stamp) seen on a scanned page: where it is, in page coordinates (pixels)."""
    page: int
    bbox: tuple[float, float, float, float]      # x0, top, x1, bottom
    over_signer: bool | None = None              # lies over the signer's block (set by the parser)

    def to_dict(self) -> dict:
        return {"page": self.page, "bbox": [round(x, 1) for x in self.bbox], "over_signer": self.over_signer}


@dataclass
class Page:
    number: int
    method: str                    # text | ocr | docx | plain
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    ocr_confidence: float | None = None
    width: float | None = None     # points (PDF) or pixels (image)
    height: float | None = None
    dpi: float | None = None
    dpi_assumed: bool = False      # image without usable resolution metadata: dpi is a default
    colour: bool | None = None     # a scan in colour (a red seal would show), None when not a scan
    seals: list[Seal] = field(default_factory=list)   # red stamps seen on a colour scan

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class Document:
    source: str
    pages: list[Page] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0
    kind: str | None = None        # pdf | image | docx | text, as sniffed from the content
    # What the source says about the document beside it (a legal portal's metadata table: number,
    # type, issuer, signer, date as the portal lists them). Corroboration only, never document text.
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def method(self) -> str | None:
        methods = {p.method for p in self.pages}
        if not methods:
            return None
        if len(methods) == 1:
            return methods.pop()
        return "mixed"

    @property
    def ocr_confidence(self) -> float | None:
        confs = [p.ocr_confidence for p in self.pages if p.ocr_confidence is not None]
        return round(sum(confs) / len(confs), 4) if confs else None

    @property
    def text(self) -> str:
        """Whole text; pages separated by a form feed (the output contract)."""
        return "\f".join(p.text for p in self.pages)

    def line_starts(self) -> list[tuple[int, int, int]]:
        """(offset in self.text, page, line) for every line, in order."""
        out, offset = [], 0
        for pi, page in enumerate(self.pages):
            if pi:
                offset += 1                      # the form feed
            for li, line in enumerate(page.lines):
                if li:
                    offset += 1                  # the newline
                out.append((offset, page.number, line.number))
                offset += len(line.text)
        return out

    def locator(self) -> "Locator":
        return Locator(self.line_starts())

    def extraction(self) -> dict:
        out = {"method": self.method, "pages": len(self.pages),
               "ocr_confidence": self.ocr_confidence, "seconds": round(self.seconds, 3)}
        if any(p.colour is not None for p in self.pages):
            out["scan_colour"] = any(p.colour for p in self.pages)
            out["seals"] = [s.to_dict() for p in self.pages for s in p.seals]
        if self.metadata:
            out["source_metadata"] = dict(self.metadata)
        return out


class Locator:
    """Maps a character offset in Document.text to {"page", "line"}."""

    def __init__(self, starts: list[tuple[int, int, int]]):
        self._offsets = [s[0] for s in starts]
        self._starts = starts

    def __call__(self, offset: int) -> dict | None:
        if not self._starts:
            return None
        i = max(0, bisect.bisect_right(self._offsets, offset) - 1)
        _, page, line = self._starts[i]
        return {"page": page, "line": line}


# --------------------------------------------------------------------------- directives

@dataclass
class Span:
    """A piece of the document text with where it came from (for evidence and location)."""
    text: str
    start: int                     # char offsets in Document.text
    end: int
    page: int | None = None
    line: int | None = None

    @property
    def location(self) -> dict:
        return {"page": self.page, "line": self.line}


@dataclass
class Zone:
    """One zone of a directive's layout (Decree 30/2020, Phụ lục I: ô 1-9) and how sure the reader is.
    `found`: the part was located (its text is in `span`). `confident`: for a found part, it was
    located by the evidence of the kind (anchors, table cell, position in the header); for a part
    not found, the place where it belongs was located, so its absence is a fact. A part neither
    found nor confidently absent is unknown: no finding may say it is missing."""
    name: str
    found: bool
    confident: bool
    span: Span | None = None
    evidence: str = ""             # what the judgment rests on

    @property
    def absent(self) -> bool:
        return not self.found and self.confident

    @property
    def unknown(self) -> bool:
        return not self.found and not self.confident

    def to_dict(self) -> dict:
        return {"found": self.found, "confident": self.confident,
                "location": self.span.location if self.span else None, "evidence": self.evidence}


@dataclass
class Signer:
    name: str | None = None
    position: str | None = None
    authority: str | None = None   # "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", ... or None

    def to_dict(self) -> dict:
        return {"name": self.name, "position": self.position, "authority": self.authority}


@dataclass
class Reference:
    type: str | None
    number: str                    # exactly as printed, spaces removed
    date: str | None = None        # ISO
    issuer: str | None = None
    articles: list[str] = field(default_factory=list)
    mentions: int = 1
    spans: list[Span] = field(default_factory=list)
    printed: str | None = None     # number as printed, when it differs (spaces, repairs)
    repaired_from: str | None = None   # OCR repair: the value before repair
    # How the issuer was found: "mention" (`… số X của <issuer>`) or "context" (`của <issuer> tại
    # … số X`); merging prefers a stated issuer. Not part of the JSON output.
    issuer_via: str | None = None
    # The mention is the caption of an attachment ("Kèm theo Công văn số …"): a likely self-reference.
    attachment_caption: bool = False

    def to_dict(self) -> dict:
        d = {"type": self.type, "number": self.number, "date": self.date, "issuer": self.issuer,
             "articles": list(self.articles), "mentions": self.mentions}
        if self.spans:
            d["location"] = self.spans[0].location
        if self.printed and self.printed != self.number:
            d["printed"] = self.printed
        if self.repaired_from:
            d["repaired_from"] = self.repaired_from
        return d


@dataclass
class Deadline:
    text: str
    kind: str                      # date | month | before_month | quarter | year | recurring | duration
    date: str | None = None
    recurrence: str | None = None  # daily | weekly | monthly | quarterly | yearly
    duration: dict | None = None   # {"value": 8, "unit": "working_hour"}
    section: str | None = None
    assignees: list[str] = field(default_factory=list)
    span: Span | None = None
    # The day ends a window ('từ ngày 20/11 đến ngày 03/12', 'Kể từ ngày ký đến hết ngày 28/02/2027'):
    # the period holds through it; not in the output contract, read by the checks.
    window_end: bool = False

    def to_dict(self) -> dict:
        d = {"section": self.section, "text": self.text, "kind": self.kind, "date": self.date,
             "recurrence": self.recurrence, "duration": self.duration,
             "assignees": list(self.assignees)}
        if self.span:
            d["location"] = self.span.location
        return d


def _section_prefixes() -> dict[str, dict[str, str]]:
    from schemas import load_json  # data only; kept by schemas.DATA
    return load_json("lexicons", "section_labels.json")["prefixes"]


def section_display(section: str | None, lang: str = "vi") -> str:
    """A task label as a reader of `lang` sees it: 'appendix 1.1' -> 'Phụ lục 1.1' (vi) or
    'appendix 1.1' (en). The label itself (Task.section, JSON, the register) keeps the gold
    convention; every message, table, sheet, calendar and page shows it through here."""
    text = section or ""
    for prefix, words in _section_prefixes().items():
        if text.startswith(prefix):
            return words.get(lang, words["en"]) + text[len(prefix):]
    return text


@dataclass
class Task:
    section: str
    text: str
    assignees: list[str] = field(default_factory=list)
    deadlines: list[int] = field(default_factory=list)     # indexes into Directive.deadlines
    references: list[str] = field(default_factory=list)    # reference numbers
    span: Span | None = None
    coordinators: list[str] = field(default_factory=list)  # bodies that 'phối hợp', never assignees

    def to_dict(self) -> dict:
        return {"section": self.section, "assignees": list(self.assignees),
                "coordinators": list(self.coordinators), "text": self.text,
                "deadlines": list(self.deadlines), "references": list(self.references),
                "location": self.span.location if self.span else None}


@dataclass
class Directive:
    """A parsed directive. Header values follow the output contract; `parts` keeps the
    located text of each layout component so checks can cite evidence without re-reading."""
    doc_type: str | None = None
    issuer: str | None = None
    issuer_normalized: str | None = None
    number: str | None = None
    symbol: str | None = None
    # The number as the reader parsed it (extract.directive.numbers.NumberParts: seq, year, parts,
    # form, type_abbr), after any OCR repair; checks read it instead of parsing the "Số:" line again.
    number_parts: Any = None
    place: str | None = None
    date: str | None = None
    date_partial: dict | None = None
    subject: str | None = None
    recipients: list[str] = field(default_factory=list)
    signer: Signer = field(default_factory=Signer)
    cc: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    # Layout components by name: national_title, motto, issuer, number, place_date,
    # doc_title, subject, recipients, body, authority, position, signer_name, cc.
    parts: dict[str, Span] = field(default_factory=dict)
    # The zones of the layout, by name (extract/directive/zones.py): found or not, and how sure.
    zones: dict[str, Zone] = field(default_factory=dict)
    # Mentions of this document itself ("Kèm theo Công văn số ... "), kept out of references.
    self_references: list[Reference] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    is_directive: bool = True
    # Scans: the seals seen on the pages (whether each lies over the signer block), whether the
    # scan was in colour (a seal would have shown), and whether the input was one page image
    # (then a closing elsewhere is not on it: not a missing component).
    seals: list[Seal] = field(default_factory=list)
    scan_colour: bool | None = None
    single_page_image: bool = False

    @property
    def issued(self) -> "datetime.date | None":
        """The date of issue as the reader parsed it (None when a part is blank or unreadable)."""
        import datetime
        try:
            return datetime.date.fromisoformat(self.date) if self.date else None
        except ValueError:
            return None

    def document_dict(self) -> dict:
        return {"doc_type": self.doc_type, "issuer": self.issuer,
                "issuer_normalized": self.issuer_normalized, "number": self.number,
                "symbol": self.symbol, "place": self.place, "date": self.date,
                "date_partial": self.date_partial, "subject": self.subject,
                "recipients": list(self.recipients), "signer": self.signer.to_dict(),
                "cc": list(self.cc)}


# --------------------------------------------------------------------------- dossiers

@dataclass
class PageFacts:
    """What one page of a dossier file looks like (a PDF page, or an image / TIFF frame)."""
    number: int                    # 1-based
    width: float | None = None     # points (PDF) or pixels (image)
    height: float | None = None
    scan: bool = False             # the page is a picture (scan, photo), not born-digital text
    dpi: float | None = None       # effective resolution of the scan: min of x and y
    colour: bool | None = None     # the scan is a colour image
    mode: str | None = None        # colour | gray | bilevel
    blank: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class FileFacts:
    """Facts about one file of a package, read once by extract/dossier.py."""
    path: str                      # package-relative, NFC, "/" separated
    size: int = 0
    sha256: str | None = None
    kind: str = "unknown"          # by content: pdf | jpeg | png | tiff | gif | bmp | webp | docx | xlsx | zip | doc | xml | text | empty | unknown
    ext: str = ""                  # lower-case extension with the dot
    pdf_version: int | None = None # 14 for PDF 1.4
    page_count: int | None = None
    pages: list[PageFacts] = field(default_factory=list)
    problem: str | None = None     # empty | encrypted | unreadable | no_pages | too_large | blocked
    detail: str | None = None      # Vietnamese detail of the problem
    detail_en: str | None = None
    raw_name: str | None = None    # the name as stored, when it is not NFC

    def to_dict(self) -> dict:
        d = asdict(self)
        d["pages"] = [p.to_dict() for p in self.pages]
        return d


@dataclass
class Component:
    """One file-bearing entry of a dossier manifest (submitted component or result)."""
    code: str | None               # MaThanhPhanHoSo / MaGiayToKetQua
    name: str | None               # TenTepDinhKem / TenGiayTo
    path: str | None               # DuongDanTaiTepTin / DuongDanTepTinKetQua, inside the package (NFC)
    role: str = "component"        # component | result
    digitized: bool | None = None  # DuocSoHoa
    sha256: str | None = None      # declared SHA-256 (tthc-check extension)
    pointer: str = ""              # JSON pointer into the manifest
    raw: dict = field(default_factory=dict)
    signed: Any = None             # signature facts of a PDF (extract/pdfsig.py), when read
    declared_path: str | None = None  # the path exactly as the manifest writes it
    file_status: str = "none"      # ok | missing | remote | unsafe | blocked | none (no path)
    deleted: bool = False          # IsDeleted = "1": kept for the record, never judged
    issuer: str | None = None      # results: CoQuanBanHanh (issuing agency, extension)
    issued: str | None = None      # results: NgayBanHanh, yyyyMMddHHmmss (extension)
    hint: str | None = None        # missing file: a package file that differs only in letter case


@dataclass
class Dossier:
    source: str                    # folder or zip path
    manifest: dict | None = None
    components: list[Component] = field(default_factory=list)
    results: list[Component] = field(default_factory=list)
    files: dict[str, Any] = field(default_factory=dict)   # package-relative path -> FileFacts
    procedure: dict | None = None  # the procedure catalog entry for MaTTHC, when known
    findings: list[Finding] = field(default_factory=list)
    package: str | None = None     # folder | zip
    ignored: list[str] = field(default_factory=list)      # package files never judged (OS litter)
    timeline: Any = None           # extract.dossier.ontime.Analysis, kept by the runner for the checks
    manifest_raw: bytes | None = field(default=None, repr=False)   # manifest.json as read (line/column of findings)

    def entries(self) -> list[Component]:
        """Components and results that are not soft-deleted."""
        return [c for c in self.components + self.results if not c.deleted]

    def date(self, name: str):
        """A manifest date field (yyyyMMddHHmmss, Vietnam local time) as a naive datetime, or None."""
        from datetime import datetime
        value = (self.manifest or {}).get(name)
        if not isinstance(value, str) or len(value) != 14 or not value.isdigit():
            return None
        try:
            return datetime.strptime(value, "%Y%m%d%H%M%S")
        except ValueError:
            return None


def to_jsonable(obj: Any) -> Any:
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if hasattr(obj, "__dataclass_fields__"):
        return asdict(obj)
    return obj


# --------------------------------------------------------------------------- results of a run

def _findings(findings: list) -> list[dict]:
    return [f.to_dict() if isinstance(f, Finding) else f for f in findings]


@dataclass
class DirectiveResult:
    """One input of `tthc ingest` / `tthc check`: the output contract of
    ../shared/design/ARCHITECTURE.md (schemas/directive.schema.json)."""
    source: str
    document: Document | None = None           # what was loaded (None when loading crashed)
    directive: Directive | None = None         # None when the file is not a directive
    findings: list[Finding] = field(default_factory=list)
    kind: str = "directive"
    tasks_in_short: list[dict] | None = None   # kept by `tthc check`, which drops the Directive itself
    header_in_short: dict | None = None        # likewise: what the document is (header_summary)

    @classmethod
    def failed(cls, source: str, finding: Finding) -> "DirectiveResult":
        return cls(source=source, findings=[finding])

    def to_dict(self) -> dict:
        d, doc = self.directive, self.document
        return {
            "source": self.source, "kind": self.kind,
            "extraction": doc.extraction() if doc is not None else None,
            "text": doc.text if doc is not None else "",
            "document": d.document_dict() if d is not None and d.is_directive else None,
            "tasks": [t.to_dict() for t in d.tasks] if d else [],
            "deadlines": [x.to_dict() for x in d.deadlines] if d else [],
            "references": [r.to_dict() for r in d.references] if d else [],
            "zones": {name: z.to_dict() for name, z in d.zones.items()} if d else {},
            "findings": _findings(self.findings),
        }

    def brief(self) -> dict:
        """The record of `tthc check`: where it came from, what the document is (header_summary),
        what was found, and each task in short (section, text cut at 200 characters, assignees,
        deadlines) for the text output."""
        doc = self.document
        return {"source": self.source, "kind": self.kind,
                "extraction": doc.extraction() if doc is not None else None,
                "document": self.header_in_short if self.header_in_short is not None else self.header_summary(),
                "findings": _findings(self.findings),
                "tasks": self.tasks_in_short if self.tasks_in_short is not None else self.task_summaries()}

    def header_summary(self) -> dict | None:
        """What the document is, for the heading of its findings: type, number, date (ISO), issuer."""
        d = self.directive
        if d is None or not d.is_directive:
            return None
        return {"doc_type": d.doc_type, "number": d.number, "date": d.date, "issuer": d.issuer}

    def task_summaries(self, width: int = 200) -> list[dict]:
        d = self.directive
        if d is None or not d.is_directive:
            return []
        out = []
        for t in d.tasks:
            text = " ".join(t.text.split())
            dls = [d.deadlines[i] for i in t.deadlines if 0 <= i < len(d.deadlines)]
            out.append({"section": t.section, "text": text if len(text) <= width else text[:width - 1] + "…",
                        "assignees": list(t.assignees),
                        "deadlines": [{"text": x.text, "kind": x.kind, "date": x.date, "recurrence": x.recurrence}
                                      for x in dls]})
        return out


@dataclass(frozen=True)
class OnTime:
    """A dossier's on-time class by the correct due date, and the class the portal gives it
    by the due date written on the dossier (they differ when that date is wrong)."""
    klass: str
    label: str
    label_en: str
    due: str | None
    due_on_dossier: str | None
    portal_class: str
    as_of: str

    def to_dict(self) -> dict:
        return {"class": self.klass, "label": self.label, "label_en": self.label_en, "due": self.due,
                "due_on_dossier": self.due_on_dossier, "portal_class": self.portal_class, "as_of": self.as_of}


@dataclass
class DossierResult:
    """One dossier package of `tthc validate`. Its strings are masked (the applicant's data and
    every identifier-shaped number, extract/dossier/personal.py), `source` too: `source_id`, a
    digest of the real path, is what matches the record to its input."""
    source: str
    source_id: str | None = None               # digest of the real path (report.journal.source_key)
    code: str | None = None                    # MaHoSo
    procedure_code: str | None = None          # MaTTHC
    unit: str | None = None                    # DonViXuLy
    status: str | None = None                  # TrangThaiHoSo
    procedure: dict | None = None              # {"code", "name"} of the catalog entry
    package: str | None = None                 # folder | zip
    components: int = 0
    results: int = 0
    files: int = 0
    on_time: OnTime | None = None
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    kind: str = "dossier"

    @classmethod
    def failed(cls, source: str, finding: Finding) -> "DossierResult":
        return cls(source=source, findings=[finding])

    def to_dict(self) -> dict:
        return {"source": self.source, **({"source_id": self.source_id} if self.source_id else {}),
                "kind": self.kind, "MaHoSo": self.code, "MaTTHC": self.procedure_code,
                "DonViXuLy": self.unit, "TrangThaiHoSo": self.status, "procedure": self.procedure,
                "package": self.package, "components": self.components, "results": self.results,
                "files": self.files, "on_time": self.on_time.to_dict() if self.on_time else None,
                "seconds": self.seconds, "findings": _findings(self.findings)}


@dataclass
class SignatureResult:
    """One signature of a PDF as `tthc signatures` reports it (schemas/signatures_result.schema.json,
    "signatures" items): the verdict and what it rests on, typed; the signature's facts (field,
    revision, byte range, coverage, signer and certificate facts) as the reader gives them."""
    verdict: str                               # valid | valid_with_warnings | invalid | indeterminate
    validated_at: str | None = None            # the best signature time the certificate was judged at
    time_source: str | None = None             # timestamp | document_timestamp | record | validation
    proof: str | None = None                   # what proves the time (a field name, a record's label)
    validation_time: str | None = None
    intact: bool | None = None
    trusted: bool | None = None
    modification: str | None = None            # pyHanko ModificationLevel name
    trust_anchor: str | None = None
    revocation: str | None = None              # checked | revoked | revoked_later | unchecked
    pyhanko: str | None = None                 # pyHanko's one-line summary
    findings: list[Finding] = field(default_factory=list)
    facts: dict = field(default_factory=dict)  # index, field, kind, subfilter, revision, byte_range, signer, ...

    VERDICT_KEYS = ("verdict", "validated_at", "time_source", "proof", "validation_time", "intact", "trusted",
                    "modification", "trust_anchor", "revocation", "pyhanko")

    @classmethod
    def from_dict(cls, record: dict, findings: list[Finding]) -> "SignatureResult":
        """From the validator's record of one signature (facts first, then the verdict keys)."""
        facts = {k: v for k, v in record.items() if k not in cls.VERDICT_KEYS and k != "findings"}
        return cls(**{k: record.get(k) for k in cls.VERDICT_KEYS}, findings=list(findings), facts=facts)

    @property
    def field(self) -> str | None:
        """The signature field's name ("Signature1")."""
        return self.facts.get("field")

    @property
    def signer(self) -> dict | None:
        """The signer's certificate facts (subject, organization, serial, validity, usages)."""
        return self.facts.get("signer")

    def to_dict(self) -> dict:
        return {**self.facts, **{k: getattr(self, k) for k in self.VERDICT_KEYS}, "findings": _findings(self.findings)}


@dataclass
class SignaturesResult:
    """One PDF of `tthc signatures` (schemas/signatures_result.schema.json): the file's verdict,
    its findings, and every signature's verdict and facts (SignatureResult)."""
    source: str
    verdict: str = "unreadable"                # valid | valid_with_warnings | invalid | indeterminate | unsigned | unreadable
    signatures: list[SignatureResult] = field(default_factory=list)
    facts: dict = field(default_factory=dict)  # size, revisions, lenient, trailing_bytes, empty_fields, removed, dss
    findings: list[Finding] = field(default_factory=list)
    kind: str = "signatures"

    @classmethod
    def failed(cls, source: str, finding: Finding) -> "SignaturesResult":
        return cls(source=source, findings=[finding])

    def to_dict(self) -> dict:
        return {**self.facts, "source": self.source, "kind": self.kind, "verdict": self.verdict,
                "signatures": [s.to_dict() for s in self.signatures], "findings": _findings(self.findings)}
