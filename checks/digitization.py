"""Digitization quality of the files of a dossier, from the facts extract/dossier.py read:
type by content, readability, scan resolution and colour, PDF version, blank pages and
duplicates. A scanned result is judged by the verified rules of Decree 30/2020 (errors);
components by the same thresholds as unconfirmed warnings (schemas/digitization.json, read through
the DigitizationPolicy the Context carries)."""
from __future__ import annotations

from checks.registry import Context, check
from extract.model import Component, Dossier, FileFacts, Finding

# Extensions that match a kind found by content.
EXTENSIONS = {
    "pdf": {".pdf"}, "jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"}, "png": {".png"}, "tiff": {".tif", ".tiff"},
    "gif": {".gif"}, "bmp": {".bmp"}, "webp": {".webp"}, "jp2": {".jp2", ".j2k", ".jpf", ".jpx"},
    "docx": {".docx", ".docm"}, "xlsx": {".xlsx", ".xlsm"}, "pptx": {".pptx"}, "odf": {".odt", ".ods", ".odp"},
    "zip": {".zip"}, "doc": {".doc", ".xls", ".ppt", ".msg"}, "xml": {".xml"},
    "text": {".txt", ".csv", ".md", ".json", ".html", ".htm"}, "archive": {".rar", ".7z", ".gz", ".tgz"},
    "executable": {".exe", ".dll"},
}
KIND_NAMES = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "pdf": "PDF", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)",
              "doc": "Office 97-2003", "zip": "ZIP", "text": "văn bản thuần", "xml": "XML", "unknown": "không xác định"}
MODES = {"gray": ("xám (grayscale)", "grayscale"), "bilevel": ("đen trắng (1 bit)", "black-and-white (1-bit)")}


def named_files(d: Dossier) -> list[tuple[FileFacts, Component, str]]:
    """Each readable named file once, with the first entry naming it and its profile:
    'result' when any result names it, else 'component'."""
    first: dict[str, Component] = {}
    roles: dict[str, str] = {}
    for comp in d.components + d.results:
        if comp.deleted or comp.file_status != "ok" or comp.path not in d.files:
            continue
        first.setdefault(comp.path, comp)
        if comp.role == "result":
            roles[comp.path] = "result"
    return [(d.files[p], c, roles.get(p, "component")) for p, c in first.items()]


def _where(facts: FileFacts, pages: list[int]) -> tuple[str, str]:
    if facts.kind != "pdf":
        return "Ảnh", "The image"
    listed = ", ".join(str(p) for p in pages)
    return f"Trang {listed}", (f"Page {listed}" if len(pages) == 1 else f"Pages {listed}")


def _kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind.upper())


@check("DIGI.FILE", applies_to="dossier",
       codes=["DIGI.EMPTY_FILE", "DIGI.UNREADABLE", "DIGI.ENCRYPTED", "DIGI.NO_PAGES", "DIGI.TYPE_NOT_ALLOWED",
              "DIGI.EXTENSION_MISMATCH", "DIGI.RESULT_NOT_PDF", "DOSSIER.FILE_TOO_LARGE"])
def check_file(d: Dossier, ctx: Context) -> list[Finding]:
    """Each named file opens, has content and pages, and is of an accepted type by content."""
    th = ctx.digitization_policy
    out: list[Finding] = []
    for facts, comp, role in named_files(d):
        loc = {"pointer": comp.pointer, "file": facts.path}
        base = {"evidence": facts.path, "location": loc, "name": comp.name or comp.pointer}
        problem = facts.problem
        if problem == "blocked":
            continue                            # reported when the package was read
        if problem == "empty":
            out.append(Finding.of("DIGI.EMPTY_FILE", **base))
            continue
        if problem == "too_large":
            limit = th.limits["max_analyse_bytes"]
            out.append(Finding.of("DOSSIER.FILE_TOO_LARGE", evidence=facts.path, location=loc,
                                  size_mb=round(facts.size / 1048576), limit_mb=round(limit / 1048576)))
        if problem == "unreadable" and facts.kind == "unknown":     # no type to judge: unreadable says it
            out.append(Finding.of("DIGI.UNREADABLE", detail=facts.detail, detail_en=facts.detail_en, **base))
            continue
        if facts.kind not in ("unknown", "empty") and facts.ext and facts.ext not in EXTENSIONS.get(facts.kind, set()):
            out.append(Finding.of("DIGI.EXTENSION_MISMATCH", evidence=facts.path, location=loc, ext=facts.ext,
                                  kind=_kind_name(facts.kind)))
        if role == "result" and th.profiles["result"]["pdf_required"] and facts.kind != "pdf":
            out.append(Finding.of("DIGI.RESULT_NOT_PDF", kind=_kind_name(facts.kind), **base))
        elif role == "component" and facts.kind not in th.allowed_kinds["component"]:
            allowed = ", ".join(_kind_name(k) for k in th.allowed_kinds["component"])
            out.append(Finding.of("DIGI.TYPE_NOT_ALLOWED", kind=_kind_name(facts.kind), allowed=allowed, **base))
        if problem == "encrypted":
            out.append(Finding.of("DIGI.ENCRYPTED", **base))
        elif problem == "unreadable":
            out.append(Finding.of("DIGI.UNREADABLE", detail=facts.detail, detail_en=facts.detail_en, **base))
        elif problem == "no_pages":
            out.append(Finding.of("DIGI.NO_PAGES", **base))
    return out


@check("DIGI.SCAN", applies_to="dossier",
       codes=["DIGI.LOW_RESOLUTION", "DIGI.NOT_COLOUR", "DIGI.PDF_VERSION", "DIGI.RESULT_LOW_RESOLUTION",
              "DIGI.RESULT_NOT_COLOUR", "DIGI.RESULT_PDF_VERSION", "DIGI.DPI_UNKNOWN", "DIGI.BLANK_PAGE"])
def check_scan(d: Dossier, ctx: Context) -> list[Finding]:
    """Scanned pages meet the resolution and colour rules, scanned PDFs the version rule;
    blank pages are flagged. One finding per file and rule, listing the pages."""
    th = ctx.digitization_policy
    out: list[Finding] = []
    for facts, comp, role in named_files(d):
        if facts.problem is not None or not facts.pages:
            continue
        profile = th.profiles[role]
        prefix = "DIGI.RESULT_" if role == "result" else "DIGI."
        loc = {"pointer": comp.pointer, "file": facts.path}
        base = {"evidence": facts.path, "location": loc, "name": comp.name or comp.pointer}
        scans = [p for p in facts.pages if p.scan]
        if scans and facts.kind == "pdf" and facts.pdf_version and facts.pdf_version < profile["pdf_min_version"]:
            out.append(Finding.of(prefix + "PDF_VERSION", version=_version(facts.pdf_version),
                                  min_version=_version(profile["pdf_min_version"]), **base))
        low = [p for p in scans if p.dpi is not None and p.dpi < profile["min_dpi"] - th.dpi_tolerance]
        if low:
            where, where_en = _where(facts, [p.number for p in low])
            out.append(Finding.of(prefix + "LOW_RESOLUTION", where=where, where_en=where_en,
                                  dpi=float(min(p.dpi for p in low)), min_dpi=profile["min_dpi"],
                                  **{**base, "location": {**loc, "page": low[0].number}}))
        if facts.kind != "pdf" and scans and scans[0].dpi is None:
            out.append(Finding.of("DIGI.DPI_UNKNOWN", **base))
        grey = [p for p in scans if p.colour is False] if profile["colour"] else []
        if grey:
            where, where_en = _where(facts, [p.number for p in grey])
            mode, mode_en = MODES.get(grey[0].mode, (grey[0].mode, grey[0].mode))
            out.append(Finding.of(prefix + "NOT_COLOUR", where=where, where_en=where_en, mode=mode, mode_en=mode_en,
                                  **{**base, "location": {**loc, "page": grey[0].number}}))
        blank = [p for p in facts.pages if p.blank]
        if blank:
            where, where_en = _where(facts, [p.number for p in blank])
            out.append(Finding.of("DIGI.BLANK_PAGE", where=where, where_en=where_en,
                                  **{**base, "location": {**loc, "page": blank[0].number}}))
    return out


def _version(v: int) -> str:
    return f"{v // 10}.{v % 10}"


@check("DIGI.DUPLICATE", applies_to="dossier", codes=["DIGI.DUPLICATE_FILE"])
def check_duplicates(d: Dossier, ctx: Context) -> list[Finding]:
    """No file is attached under two manifest entries (same SHA-256)."""
    first: dict[str, Component] = {}
    out: list[Finding] = []
    seen_pointers: set[tuple[str, str]] = set()
    for comp in d.components + d.results:
        if comp.deleted or comp.file_status != "ok":
            continue
        facts = d.files.get(comp.path)
        if facts is None or not facts.sha256 or facts.problem == "empty":
            continue
        if (comp.pointer, facts.sha256) in seen_pointers:
            continue                            # the same entry listing one file twice
        seen_pointers.add((comp.pointer, facts.sha256))
        other = first.setdefault(facts.sha256, comp)
        if other is comp:
            continue
        files = other.path if other.path == comp.path else f"{other.path} = {comp.path}"
        out.append(Finding.of("DIGI.DUPLICATE_FILE", evidence=files,
                              location={"pointer": comp.pointer, "file": comp.path},
                              name=comp.name or comp.pointer, other=other.name or other.pointer))
    return out
