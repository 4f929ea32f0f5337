"""The one runner of tthc: every batch command (ingest, check, validate, signatures) and the
Python API (`import tthc`) go through here.

- settings: typed, resolved one way for every command (commands/settings.py);
- inputs: the same walk and the same rule for what is missing or empty in every command:
  a named path that does not exist, or that holds no input, is exit 2 with a message (the other
  inputs are still done); a file that exists but cannot be read is a finding of its record;
- subjects: one function per kind of subject (directive, dossier, signatures) that turns one
  input into its typed record, and one crash record per kind;
- executors (commands/executors.py): serial, local processes or Dask, chosen by the settings;
- a batch: records streamed to a journal as each finishes (an interrupted run keeps what was
  written; --resume skips it), the exit code from `fail_on`, and the writers' input in order.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from commands.settings import (  # noqa: F401 - the runner's public names
    DirectiveSettings, DossierSettings, FAIL_ON, Settings, SignatureSettings, UsageError, resolve,
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
DOCUMENT_EXTENSIONS = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".docx", ".txt", ".md"})
PDF_EXTENSIONS = frozenset({".pdf"})


class Terminated(BaseException):
    """SIGTERM, turned into an exception so the batch stops like on Ctrl-C: workers stopped,
    the journal left with whole lines only."""


# --------------------------------------------------------------------------- inputs

@dataclass
class Inputs:
    items: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)           # named paths that do not exist
    empty: list[str] = field(default_factory=list)             # named folders that hold no input
    skipped_packages: list[str] = field(default_factory=list)  # dossier packages met by a directive walk

    def problems(self) -> list[str]:
        """The messages that make the exit code 2 (after the other inputs are done)."""
        out = [f"không tìm thấy / no such file or folder: {p}" for p in self.missing]
        out += [f"không có tệp nào để xử lý trong / no input in: {p}" for p in self.empty]
        return out


def find_documents(paths: Iterable[str], extensions: frozenset[str] = DOCUMENT_EXTENSIONS) -> Inputs:
    """Files given by name always; folders walked (sorted, hidden names skipped) for files of
    the known types. Dossier packages met on the way (folders with manifest.json) are not
    entered: their files belong to a dossier (`tthc validate`)."""
    found = Inputs()
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            found.missing.append(raw)
        elif not p.is_dir():
            found.items.append(raw)
        else:
            before = len(found.items)
            found.items.extend(_walk_documents(p, extensions, found.skipped_packages))
            if len(found.items) == before:
                found.empty.append(raw)
    return found


PAGES = "\n"          # an item that is several page images read as one document: their paths so joined


def one_document(paths: Iterable[str]) -> Inputs:
    """--one-document: the page images named (a folder: its images in natural name order) as ONE
    item, read as one document (extract.load.page_images)."""
    from extract.load import page_images
    found = Inputs(missing=[p for p in paths if not Path(p).exists()])
    pages = [str(p) for p in page_images([p for p in paths if Path(p).exists()])]
    if pages:
        found.items.append(PAGES.join(pages))
    return found


def _walk_documents(root: Path, extensions: frozenset[str], packages: list[str]) -> Iterator[str]:
    try:
        children = sorted(os.scandir(root), key=lambda c: c.name)
    except OSError:
        return
    for child in children:
        if child.name.startswith("."):
            continue
        path = root / child.name                 # "a/b.pdf", also under "." (not "./a/b.pdf")
        if child.is_dir(follow_symlinks=False):
            if (path / "manifest.json").is_file():
                packages.append(str(path))
            else:
                yield from _walk_documents(path, extensions, packages)
        elif child.is_file() and path.suffix.lower() in extensions:
            yield str(path)


def find_dossiers(paths: Iterable[str]) -> Inputs:
    """Dossier packages: a folder holding manifest.json, a .zip, and, inside a batch folder, a
    folder of files without a manifest (its record says so: DOSSIER.NO_MANIFEST). A path given
    by name is a package unless it is a folder of packages."""
    found = Inputs()
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            found.missing.append(raw)
        elif p.is_dir() and not (p / "manifest.json").exists():
            packages = list(_walk_packages(p))
            if packages:
                found.items.extend(packages)
            elif _below(p, _is_file):
                found.items.append(raw)
            else:
                found.empty.append(raw)
        else:
            found.items.append(raw)
    return found


def _walk_packages(root: Path) -> Iterator[str]:
    try:
        children = sorted((c for c in os.scandir(root) if not c.name.startswith(".")), key=lambda c: c.name)
    except OSError:
        return
    for child in children:
        path = root / child.name
        if child.is_dir(follow_symlinks=False):
            if (path / "manifest.json").exists():
                yield str(path)
            elif _below(path, _is_package):
                yield from _walk_packages(path)
            elif _below(path, _is_file):
                yield str(path)         # files (maybe only in subfolders) and no package: a package without its manifest
        elif child.is_file(follow_symlinks=False) and child.name.lower().endswith(".zip"):
            yield str(path)


def _is_package(entry: os.DirEntry) -> bool:
    return entry.name == "manifest.json" or (entry.name.lower().endswith(".zip") and entry.is_file(follow_symlinks=False))


def _is_file(entry: os.DirEntry) -> bool:
    return not entry.is_dir(follow_symlinks=False)


def _below(folder: Path, test: Callable[[os.DirEntry], bool]) -> bool:
    """Whether any entry under `folder` (hidden names skipped, links never followed) passes `test`."""
    stack = [folder]
    while stack:
        try:
            entries = [e for e in os.scandir(stack.pop()) if not e.name.startswith(".")]
        except OSError:
            continue
        if any(test(e) for e in entries):
            return True
        stack.extend(Path(e.path) for e in entries if e.is_dir(follow_symlinks=False))
    return False


# --------------------------------------------------------------------------- per-process resources

@lru_cache(maxsize=8)
def calendar_for(path: str | None):
    """The working-day calendar of a run: built-in, plus the user's file (built once per process)."""
    from extract.calendar import Calendar, default_calendar
    return Calendar.from_file(path) if path else default_calendar()


def catalog_for(folder: str | None) -> dict:
    """The procedure catalog of a run: shipped, plus the user's folder (read once per process)."""
    from extract.dossier.procedures import catalog
    return catalog(folder)


def trust_for(settings: Settings):
    """The trust store of a run (roots, CRLs, records of existence): extract/signatures/pki.py
    reads the files once per process and keeps them while they are unchanged (an edited CRL is
    read again, also by the long-lived workers of a Dask cluster)."""
    from extract.signatures.pki import load_trust_store
    return load_trust_store(settings.trust_roots, settings.crl, settings.existence_records)


def signature_policy_for(settings: Settings, *, required: bool = False):
    """The SignaturePolicy of a run (schemas/policies.py), carried in every Context: the trust
    store, and for `tthc signatures` the validation time, whether a signature is required and
    the expected signer. A small frozen object over the kept trust store."""
    from schemas.policies import SignaturePolicy
    return SignaturePolicy(trust=trust_for(settings), at=getattr(settings, "at", None), required=required,
                           expected_org=getattr(settings, "expected_org", None))


def prepare(settings: Settings) -> None:
    """Check once, in the main process, what every worker will load: a bad calendar file or
    trust folder is a usage error (exit 2), not a finding per input."""
    from extract.calendar import CalendarError
    try:
        calendar_for(settings.calendar)
    except CalendarError as exc:
        raise UsageError(str(exc)) from None
    if hasattr(settings, "catalog"):           # only the settings that use the procedures catalog
        from extract.dossier.procedures import CatalogError
        try:
            catalog_for(settings.catalog)
        except CatalogError as exc:
            raise UsageError(str(exc)) from None
    if settings.trust_roots or settings.crl or settings.existence_records:
        from extract.signatures.pki import TrustStoreError
        try:
            trust_for(settings)
        except TrustStoreError as exc:
            raise UsageError(str(exc)) from None


# --------------------------------------------------------------------------- subjects

def read_directive(path: str, settings: DirectiveSettings, ocr_workers: int = 1, brief: bool = False):
    """load -> parse -> checks for one directive file (plus its PDF signatures when trust roots
    are set). Never raises: an unexpected error is an INTERNAL.ERROR record."""
    try:
        result = _read_directive(path, settings, ocr_workers)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch
        result = failed_record("directive", path, "INTERNAL.ERROR", {"evidence": f"{type(exc).__name__}: {exc}"})
    if brief:
        result.tasks_in_short = result.task_summaries()
        result.header_in_short = result.header_summary()
        result.document = _brief_document(result.document)
        result.directive = None
    return result


def _brief_document(doc):
    """What `tthc check` keeps of a loaded document: its extraction facts, not its text."""
    if doc is None:
        return None
    from extract.model import Document
    pages = [type(p)(number=p.number, method=p.method, ocr_confidence=p.ocr_confidence) for p in doc.pages]
    return Document(source=doc.source, pages=pages, seconds=doc.seconds, kind=doc.kind)


def _read_directive(path: str, settings: DirectiveSettings, ocr_workers: int):
    from checks.registry import Context, run_checks
    from extract.directive import parse
    from extract.load import LoadOptions, load
    from extract.model import DirectiveResult

    target = path.split(PAGES) if PAGES in path else path
    doc = load(target, LoadOptions(dpi=settings.dpi, force_ocr=settings.force_ocr, ocr_workers=ocr_workers,
                                 limits=settings.limits))
    findings = list(doc.findings)
    directive = None
    if doc.pages and not any(f.severity == "error" for f in doc.findings):
        directive = parse(doc)
        findings.extend(directive.findings)
        if directive.is_directive:
            ctx = Context(as_of=settings.as_of, disabled=frozenset(settings.disable),
                          subject_date=directive.issued,
                          options={"document": doc, "calendar": calendar_for(settings.calendar)})
            findings.extend(run_checks("directive", directive, ctx))
    if doc.kind == "pdf" and settings.trust_roots and doc.pages:
        findings.extend(_pdf_signature_findings(path, settings))
    return DirectiveResult(source=doc.source, document=doc, directive=directive,
                           findings=[f for f in findings if settings.enabled(f.code)])


def _pdf_signature_findings(path: str, settings: Settings) -> list:
    """`tthc check` with trust roots also judges a PDF's digital signatures (an unsigned
    directive is no finding here; the loader already reported an unreadable file)."""
    from checks.registry import Context, run_checks
    from extract.signatures.pdfsig import read_signatures

    ctx = Context(disabled=frozenset(settings.disable), signature_policy=signature_policy_for(settings))
    return [f for f in run_checks("pdf", read_signatures(path), ctx) if not f.code.startswith("INPUT.")]


def validate_dossier(path: str, settings: DossierSettings):
    """read package -> checks for one dossier. Never raises (INTERNAL.ERROR record instead)."""
    try:
        return _validate_dossier(path, settings)
    except Exception as exc:  # noqa: BLE001 - one bad dossier must not stop a batch
        return failed_record("dossier", path, "INTERNAL.ERROR", {"evidence": f"{type(exc).__name__}: {exc}"})


def _validate_dossier(path: str, settings: DossierSettings):
    from checks.registry import Context, run_checks
    from extract.dossier.ontime import analyse_dossier
    from extract.dossier.package import DossierOptions, load_dossier
    from extract.dossier.personal import mask_record, mask_text, personal_values, redact_finding
    from extract.dossier.positions import locate
    from report.journal import source_key
    from extract.model import DossierResult
    from schemas.policies import timeline_policy
    from extract.signatures.pdfsig import read_signatures

    start = time.perf_counter()
    dossier = load_dossier(path, DossierOptions(signature_reader=read_signatures, catalog=settings.catalog,
                                                run_limits=settings.limits))
    findings = list(dossier.findings)
    on_time = None
    if isinstance(dossier.manifest, dict):
        calendar, policy = calendar_for(settings.calendar), timeline_policy()
        facts = analyse_dossier(dossier, calendar, settings.as_of, policy)      # dossier.timeline, for the checks
        # The rules in force on the reception day apply (the _ND118 regime switch relies on it).
        ctx = Context(as_of=settings.as_of, disabled=frozenset(settings.disable), subject_date=facts.t.reception_day,
                      options={"calendar": calendar}, timeline_policy=policy,
                      signature_policy=signature_policy_for(settings))
        findings.extend(run_checks("dossier", dossier, ctx))
        on_time = facts.on_time()
    # The applicant's data (and every identifier-shaped number) is masked in every field of the
    # record, the package's own path included; source_id, a digest of the path, stays matchable.
    personal = personal_values(dossier.manifest)
    findings = [redact_finding(f, personal) for f in findings if settings.enabled(f.code)]
    locate(findings, dossier.manifest_raw)
    m = dossier.manifest if isinstance(dossier.manifest, dict) else {}
    proc = dossier.procedure

    def masked(value):
        return mask_text(value, personal) if isinstance(value, str) else value

    return DossierResult(
        source=mask_text(path, personal), source_id=source_key(path), code=masked(_text(m.get("MaHoSo"))),
        procedure_code=masked(_text(m.get("MaTTHC"))), unit=masked(_text(m.get("DonViXuLy"))),
        status=masked(_text(m.get("TrangThaiHoSo"))),
        procedure=mask_record({"code": proc["code"], "name": proc["name"]}, personal) if proc else None,
        package=dossier.package,
        components=len({c.pointer for c in dossier.components if not c.deleted}),
        results=len({c.pointer for c in dossier.results if not c.deleted}), files=len(dossier.files),
        on_time=on_time, seconds=round(time.perf_counter() - start, 4), findings=findings)


def assess_signatures(path: str, settings: SignatureSettings):
    """Signature facts and verdicts of one PDF, typed (SignaturesResult of SignatureResults, with
    Finding objects). Never raises (INTERNAL.ERROR record instead)."""
    from checks.signatures import assess_with
    from extract.model import SignatureResult, SignaturesResult
    from extract.signatures.pdfsig import read_signatures
    try:
        policy = signature_policy_for(settings, required=not settings.allow_unsigned)
        assessed = assess_with(read_signatures(path), policy)
        facts = assessed.to_dict()
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch
        return failed_record("signatures", path, "INTERNAL.ERROR", {"evidence": f"{type(exc).__name__}: {exc}"})
    signatures = [SignatureResult.from_dict(d, [f for f in v.findings if settings.enabled(f.code)])
                  for v, d in zip(assessed.signatures, facts.pop("signatures"))]
    source = facts.pop("source")
    for key in ("kind", "verdict", "findings"):
        facts.pop(key, None)
    return SignaturesResult(source=source, verdict=assessed.verdict, signatures=signatures, facts=facts,
                            findings=[f for f in assessed.findings if settings.enabled(f.code)])


def failed_record(kind: str, source: str, code: str, params: dict):
    """The record of an input that crashed, killed its worker or ran out of time: the shape
    of its subject's record, with one finding."""
    from extract.model import DirectiveResult, DossierResult, Finding, SignaturesResult
    cls = {"directive": DirectiveResult, "dossier": DossierResult, "signatures": SignaturesResult}[kind]
    params = dict(params)
    evidence = params.pop("evidence", None)
    return cls.failed(source, Finding.of(code, evidence=evidence, **params))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Subject:
    """One kind of input and how a batch of it runs."""
    kind: str                                   # directive | dossier | signatures
    one: Callable                               # (path, settings) -> record
    find: Callable[[Iterable[str]], Inputs]
    label: str                                  # progress bar
    preload: tuple[str, ...] = ()               # modules the worker server imports once
    small: bool = False                         # items take milliseconds: send them in chunks

    def failed(self, source: str, code: str, params: dict):
        return failed_record(self.kind, source, code, params)


SUBJECTS = {
    "ingest": Subject("directive", read_directive, find_documents, "Đọc văn bản / ingest"),
    "check": Subject("directive", partial(read_directive, brief=True), find_documents, "Kiểm tra văn bản / check"),
    "validate": Subject("dossier", validate_dossier, find_dossiers, "Kiểm tra hồ sơ / validate",
                        preload=("commands.pipeline", "extract.dossier.package", "checks.components",
                                 "checks.digitization", "checks.timeline", "extract.dossier.ontime", "checks.signatures", "extract.calendar",
                                 "pypdfium2", "PIL.Image", "PIL.JpegImagePlugin", "PIL.PngImagePlugin", "numpy",
                                 "rapidfuzz", "jsonschema"),
                        small=True),
    "signatures": Subject("signatures", assess_signatures, partial(find_documents, extensions=PDF_EXTENSIONS),
                          "Kiểm tra chữ ký / signatures"),
}


# --------------------------------------------------------------------------- running

def stream(command: str, items: list[str], settings: Settings, progress: bool = False) -> Iterator[tuple[int, Any]]:
    """(index, typed record) for every item, as each finishes, on the executor the settings
    choose. One directive and several workers: the workers OCR its pages instead."""
    from commands.executors import make_executor
    from report.progress import progress_bar

    subject = SUBJECTS[command]
    fn = subject.one
    kind = settings.executor_kind
    if subject.kind == "directive" and len(items) == 1 and settings.workers > 1 and kind == "process":
        fn, kind = partial(fn, ocr_workers=settings.workers), "serial"
    chunk = max(1, min(16, len(items) // (8 * settings.workers))) if subject.small else 1
    with progress_bar(len(items), subject.label, enabled=progress) as advance, \
            make_executor(kind, settings.workers, scheduler=settings.scheduler, preload=subject.preload) as executor:
        for i, record in executor.map(fn, items, settings, failed=subject.failed,
                                      seconds=settings.limits.file_seconds, chunk=chunk):
            advance()
            yield i, record


def worst(records: Iterable[dict]) -> int:
    return max((SEVERITY_RANK.get(f.get("severity"), -1) for r in records for f in r.get("findings") or []), default=-1)


def worst_of(record: dict) -> int:
    return max((SEVERITY_RANK.get(f.get("severity"), -1) for f in record.get("findings") or []), default=-1)


def exit_code(worst_rank: int, fail_on: str) -> int:
    """1 when a finding reached `fail_on`, else 0 (`never`: always 0)."""
    limit = SEVERITY_RANK.get(fail_on)
    return EXIT_FINDINGS if limit is not None and worst_rank >= limit else EXIT_OK


@dataclass
class Outcome:
    """What a batch gives its writers: every record (dicts, in input order, also those of a
    resumed journal), and the exit code."""
    records: list[dict]
    exit_code: int
    inputs: Inputs


def run_batch(command: str, inputs: Inputs, settings: Settings, *, journal: Path | None = None,
              resume: bool = False, keep: bool = True, on_record: Callable[[dict], None] | None = None,
              progress: bool = False, to_dict: Callable[[Any], dict] | None = None) -> Outcome:
    """Run a batch: each record written to `journal` (JSON Lines, flushed per line) as it
    finishes; with `resume`, inputs already in the journal are skipped and their records kept.
    `keep`: return the records (from memory, or read back from the journal) in input order.
    `on_record(dict)` sees every new record as it finishes (streaming writers, summaries)."""
    from report.journal import done_sources, read_journal, source_key

    if not inputs.items:
        raise UsageError("; ".join(inputs.problems()) or "không có đầu vào / no input")
    prepare(settings)
    to_dict = to_dict or (lambda r: r.to_dict())
    done = done_sources(journal) if (resume and journal) else set()
    todo = [i for i in inputs.items if source_key(i) not in done]
    kept: list[dict] = []
    rank = -1
    if journal and resume:
        for record in read_journal(journal):
            rank = max(rank, worst_of(record))
            if on_record:
                on_record(record, resumed=True)
    out = _open_journal(journal, "a" if resume else "w") if journal else None
    try:
        for _, record in (stream(command, todo, settings, progress) if todo else ()):
            d = to_dict(record)
            # The record's source is masked on output (a path may hold an ID number): a digest
            # of the real path matches it to its input for ordering and --resume.
            d.setdefault("source_id", source_key(d["source"]))
            rank = max(rank, worst_of(d))
            if out is not None:
                write_line(out, d, journal)
            elif keep:
                kept.append(d)
            if on_record:
                on_record(d, resumed=False)
    finally:
        if out is not None:
            _close_journal(out, journal)
    records = []
    if keep:
        records = list(read_journal(journal)) if journal else kept
        order = {source_key(s): n for n, s in enumerate(inputs.items)}
        records.sort(key=lambda r: order.get(r.get("source_id") or source_key(r["source"]), len(order)))
    code = exit_code(rank, settings.fail_on)
    if inputs.missing or inputs.empty:
        code = EXIT_USAGE
    return Outcome(records=records, exit_code=code, inputs=inputs)


class OutputError(UsageError):
    """An output that cannot be written (a folder, a read-only place, a full disk): exit 2."""

    @classmethod
    def of(cls, where, exc: OSError) -> "OutputError":
        """The system's reason in Vietnamese, then in its own words ("hết chỗ trống / No space left")."""
        from extract.library_errors import explain
        said = explain(exc)
        return cls(f"không ghi được {where}: {said.vi} / cannot write {where}: {said.en}")


def _open_journal(path: Path, mode: str):
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open(mode, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise OutputError.of(path, exc) from None


def _close_journal(out, where: Path) -> None:
    """Close the journal. What is left in its buffer and cannot be written (a full disk) is an
    output error, unless an error is already on its way out: that one is kept (a close that
    fails after a failed write, or after Ctrl-C, says nothing new)."""
    try:
        out.close()
    except OSError as exc:
        if sys.exc_info()[1] is None:
            raise OutputError.of(where, exc) from None


def write_line(out, record: dict, where: Path | str | None = None) -> None:
    """One JSON line, masked (report/safe.py), flushed; an output error is exit 2."""
    import json

    from report.safe import public
    try:
        out.write(json.dumps(public(record), ensure_ascii=False) + "\n")
        out.flush()
    except OSError as exc:
        raise OutputError.of(where or 'stdout', exc) from None


def say(message: str) -> None:
    print(message, file=sys.stderr)


# --------------------------------------------------------------------------- the runner of the API

@dataclass
class Run:
    """The typed outcome of one API call: a record per input (in input order), the settings it
    ran with, what was missing, and the exit code the command line would give."""
    command: str
    results: list
    settings: Settings
    missing: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    exit_code: int = EXIT_OK

    def __iter__(self):
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, i):
        return self.results[i]

    @property
    def findings(self) -> list:
        return [f for r in self.results for f in r.findings]

    def to_dicts(self) -> list[dict]:
        return [r.to_dict() for r in self.results]


def run(command: str, paths: str | os.PathLike | Iterable[str | os.PathLike], settings: Settings) -> Run:
    """Run one command over `paths` with resolved `settings`, in memory (no journal). Raises
    UsageError when there is no input at all; a missing path is listed in `missing` and
    makes the exit code 2, as on the command line."""
    items = [os.fspath(paths)] if isinstance(paths, (str, os.PathLike)) else [os.fspath(p) for p in paths]
    inputs = SUBJECTS[command].find(items)
    if not inputs.items:
        raise UsageError("; ".join(inputs.problems()) or "không có đầu vào / no input")
    prepare(settings)
    records: list = [None] * len(inputs.items)
    rank = -1
    for i, record in stream(command, inputs.items, settings):
        records[i] = record
        rank = max([rank, *(SEVERITY_RANK.get(f.severity, -1) for f in record.findings)])
    code = EXIT_USAGE if (inputs.missing or inputs.empty) else exit_code(rank, settings.fail_on)
    return Run(command=command, results=records, settings=settings, missing=inputs.missing, empty=inputs.empty,
               exit_code=code)

