"""Read a digitized dossier package (a folder or a .zip holding manifest.json and the
files it names) into a Dossier: the manifest as written, its components and results
with their files resolved, and facts about every named file (size, SHA-256, type by
content, PDF pages, scan resolution and colour, blank pages).

Everything here establishes facts; whether they break a rule is for checks/. Only what
cannot be represented as a fact becomes a finding here: a package that cannot be read
safely (zip bomb, paths escaping the package, symlinks, special files such as FIFOs and
devices, encrypted or duplicate entries, non-UTF-8 names), a manifest that is not a JSON
object, or one whose objects repeat a key.

Safety: nothing is extracted outside a private temporary folder, links are never
followed, declared and actual sizes are bounded, and no file is read into memory above
`limits.in_memory_bytes` (big files are hashed in a stream; above
`limits.max_analyse_bytes` they are not parsed at all).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import schemas
from schemas import built_from_data
from extract.library_errors import explain, explain_json
from extract.dossier.filefacts import Unreadable, image_facts, pdf_facts
from extract.sniff import kind_of as sniff, zip_kind as refine_zip
from extract.model import Component, Dossier, FileFacts, Finding, number_text
from extract.dossier.procedures import lookup
from extract.load.limits import DEFAULT_LIMITS, Limits

MANIFEST = "manifest.json"
_CHUNK = 1 << 20


@built_from_data
def thresholds() -> dict:
    return schemas.load_json("digitization.json")


# The package's safety limits a user sets in tthc.toml [limits] (extract/load/limits.Limits), by
# the names this module reads them; the other limits are thresholds of schemas/digitization.json.
USER_LIMITS = {"max_entries": "package_files", "max_total_uncompressed_bytes": "package_inflated_bytes",
               "max_entry_ratio": "zip_ratio", "max_manifest_bytes": "manifest_bytes"}


@dataclass
class DossierOptions:
    limits: dict = field(default_factory=dict)          # overrides by name (of USER_LIMITS or digitization.json)
    run_limits: Limits = DEFAULT_LIMITS                 # the [limits] of tthc.toml
    # Reads the signatures of a PDF result (bytes or a path) into facts for Component.signed;
    # wired by cli.py to extract/pdfsig.py when that module exists.
    signature_reader: Callable[[Any], Any] | None = None
    # A user's catalog folder (--catalog DIR) on top of the shipped procedure catalog.
    catalog: str | None = None

    def limit(self, name: str) -> int:
        if name in self.limits:
            return int(self.limits[name])
        if name in USER_LIMITS:
            return int(getattr(self.run_limits, USER_LIMITS[name]))
        return int(thresholds()["limits"][name])


# --------------------------------------------------------------------------- paths

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DRIVE = re.compile(r"^[A-Za-z]:")


def nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def clean_path(raw: str) -> str:
    """A package path as the manifest or an archive writes it, with '\\' read as '/' and
    './' and empty segments dropped (letters and normalization untouched)."""
    parts = [p for p in raw.strip().replace("\\", "/").split("/") if p not in ("", ".")]
    return "/".join(parts)


def is_unsafe(raw: str) -> bool:
    """'..' segments, absolute paths and drive letters escape the package."""
    text = raw.strip().replace("\\", "/")
    return (text.startswith("/") or bool(_DRIVE.match(text))
            or any(seg == ".." for seg in text.split("/")))


def _ignored(name: str) -> bool:
    for pattern in thresholds()["ignored_names"]:
        if pattern.endswith("/"):
            if name.startswith(pattern) or f"/{pattern}" in f"/{name}":
                return True
        elif name.rsplit("/", 1)[-1] == pattern:
            return True
    return False


# --------------------------------------------------------------------------- packages

@dataclass
class Entry:
    name: str                      # NFC, '/' separated, package-relative
    raw: str                       # as stored
    size: int
    ref: Any                       # file path (folder) or ZipInfo (zip)
    blocked: str | None = None     # why it must not be read: symlink | encrypted | duplicate | limit | special


class FolderPackage:
    kind = "folder"

    def __init__(self, root: Path):
        self.root = root

    def __enter__(self):
        return self

    def __exit__(self, *_):
        return False

    def scan(self, opts: DossierOptions) -> tuple[dict[str, Entry], list[Finding], list[str]]:
        entries: dict[str, Entry] = {}
        findings: list[Finding] = []
        ignored: list[str] = []
        limit = opts.limit("max_entries")
        stack = [(str(self.root), "")]
        count = 0
        while stack:
            folder, prefix = stack.pop()
            try:
                children = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
            except OSError:
                continue
            for child in children:
                raw = prefix + child.name
                if _has_surrogates(raw):
                    shown = os.fsencode(raw).decode("utf-8", "replace")
                    findings.append(Finding.of("DOSSIER.NON_UTF8_NAME", evidence=shown, location={"file": shown}))
                    continue
                if child.is_symlink():
                    findings.append(Finding.of("DOSSIER.SYMLINK", evidence=raw, location={"file": raw}))
                    if not child.is_dir():      # a linked file is kept, blocked, so it is not also "missing"
                        entries.setdefault(nfc(raw), Entry(name=nfc(raw), raw=raw, size=0, ref=child.path,
                                                           blocked="symlink"))
                    continue
                if child.is_dir(follow_symlinks=False):
                    stack.append((child.path, raw + "/"))
                    continue
                count += 1
                if count > limit:
                    findings.append(_limit(f"hơn {limit} tệp", f"more than {limit} files", "max_entries", limit))
                    return entries, findings, ignored
                name = nfc(raw)
                if _ignored(name):
                    ignored.append(name)
                    continue
                st = child.stat(follow_symlinks=False)
                entry = Entry(name=name, raw=raw, size=st.st_size, ref=child.path,
                              blocked=None if stat.S_ISREG(st.st_mode) else "special")
                if entry.blocked:
                    findings.append(_special(raw, st.st_mode))
                if name in entries:           # NFC and NFD spellings of one name side by side
                    entries[name].blocked = "duplicate"
                    findings.append(Finding.of("DOSSIER.DUPLICATE_ENTRY", evidence=name, count=2, location={"file": name}))
                    continue
                entries[name] = entry
        return entries, findings, ignored

    def open(self, entry: Entry):
        return open(entry.ref, "rb")

    def local_path(self, entry: Entry) -> str | None:
        return str(entry.ref)


class ZipPackage:
    kind = "zip"

    def __init__(self, path: Path):
        self.path = path
        self.zf = zipfile.ZipFile(path)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.zf.close()
        return False

    def scan(self, opts: DossierOptions) -> tuple[dict[str, Entry], list[Finding], list[str]]:
        entries: dict[str, Entry] = {}
        findings: list[Finding] = []
        ignored: list[str] = []
        infos = self.zf.infolist()
        if len(infos) > opts.limit("max_entries"):
            return {}, [_limit(f"{len(infos)} tệp, giới hạn {opts.limit('max_entries')}",
                               f"{len(infos)} entries, limit {opts.limit('max_entries')}", "max_entries",
                               opts.limit("max_entries"))], []
        total = sum(i.file_size for i in infos)
        if total > opts.limit("max_total_uncompressed_bytes"):
            return {}, [_limit(f"tổng dung lượng giải nén {_mb(total)} MB, giới hạn {_mb(opts.limit('max_total_uncompressed_bytes'))} MB",
                               f"{_mb(total, 'en')} MB uncompressed in total, limit {_mb(opts.limit('max_total_uncompressed_bytes'), 'en')} MB",
                               "max_total_uncompressed_bytes", opts.limit("max_total_uncompressed_bytes"))], []
        seen: dict[str, int] = {}
        for info in infos:
            raw = info.filename
            if not info.flag_bits & 0x800 and not raw.isascii():
                # No UTF-8 flag: zipfile decoded cp437. Many tools write UTF-8 without the flag.
                try:
                    raw = raw.encode("cp437").decode("utf-8")
                except (UnicodeEncodeError, UnicodeDecodeError):
                    shown = info.filename.encode("cp437", "replace").decode("cp1258", "replace")
                    findings.append(Finding.of("DOSSIER.NON_UTF8_NAME", evidence=shown, location={"file": shown}))
                    continue
            if raw.endswith("/") or info.is_dir():
                continue
            if is_unsafe(raw):
                findings.append(Finding.of("DOSSIER.UNSAFE_PATH", evidence=raw, where="của một tệp trong .zip",
                                           where_en=".zip entry list", location={"file": raw}))
                continue
            name = nfc(clean_path(raw))
            if _ignored(name):
                ignored.append(name)
                continue
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                entries[name].blocked = "duplicate"
                continue
            entry = Entry(name=name, raw=clean_path(raw), size=info.file_size, ref=info)
            mode = (info.external_attr >> 16) & 0o170000
            if mode == stat.S_IFLNK:
                entry.blocked = "symlink"
                findings.append(Finding.of("DOSSIER.SYMLINK", evidence=raw, location={"file": raw}))
            elif mode in _SPECIAL_KINDS:
                entry.blocked = "special"
                findings.append(_special(raw, mode))
            elif info.flag_bits & 0x1:
                entry.blocked = "encrypted"
                findings.append(Finding.of("DOSSIER.ENCRYPTED_ENTRY", evidence=raw, location={"file": raw}))
            elif (info.file_size >= opts.limit("ratio_min_bytes")
                  and info.file_size > opts.limit("max_entry_ratio") * max(info.compress_size, 1)):
                entry.blocked = "limit"
                ratio = info.file_size // max(info.compress_size, 1)
                findings.append(_limit(f"tệp {raw} nén với tỷ lệ {ratio}:1, giới hạn {opts.limit('max_entry_ratio')}:1",
                                       f"entry {raw} is compressed {ratio}:1, limit {opts.limit('max_entry_ratio')}:1",
                                       "max_entry_ratio", opts.limit("max_entry_ratio"), location={"file": raw}))
            entries[name] = entry
        for name, n in seen.items():
            if n > 1:
                findings.append(Finding.of("DOSSIER.DUPLICATE_ENTRY", evidence=name, count=n, location={"file": name}))
        return entries, findings, ignored

    def open(self, entry: Entry):
        return self.zf.open(entry.ref)

    def local_path(self, entry: Entry) -> str | None:
        return None


def _ext(name: str) -> str:
    return os.path.splitext(name.rsplit("/", 1)[-1])[1].lower()


def _rel(rel_dir: str, name: str) -> str:
    return name if rel_dir in (".", "") else f"{rel_dir.replace(os.sep, '/')}/{name}"


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _mb(n: int, lang: str = "vi") -> str:
    """Megabytes as the message's reader writes them: "1,5" in Vietnamese, "1.5" in English."""
    return number_text(n / 1048576, lang) if n < 10 * 1048576 else f"{n / 1048576:.0f}"


_SPECIAL_KINDS = {stat.S_IFIFO: ("ống dẫn FIFO", "a FIFO pipe"), stat.S_IFCHR: ("tệp thiết bị ký tự", "a character device"),
                  stat.S_IFBLK: ("tệp thiết bị khối", "a block device"), stat.S_IFSOCK: ("socket", "a socket")}


def _special(raw: str, mode: int) -> Finding:
    vi, en = _SPECIAL_KINDS.get(stat.S_IFMT(mode), ("loại tệp đặc biệt", "a special file"))
    return Finding.of("DOSSIER.SPECIAL_FILE", evidence=raw, location={"file": raw}, kind=vi, kind_en=en)


def _limit(detail: str, detail_en: str, name: str, value: int, location: dict | None = None) -> Finding:
    """DOSSIER.LIMIT_EXCEEDED, naming the [limits] entry of tthc.toml that raises it."""
    return Finding.of("DOSSIER.LIMIT_EXCEEDED", detail=detail, detail_en=detail_en, location=location,
                      limit=USER_LIMITS[name], raised=f"{value * 4:_}")


# --------------------------------------------------------------------------- file facts

def file_facts(pkg, entry: Entry, opts: DossierOptions, tmpdir: "_LazyTemp",
               keep: Callable[[bytes | str], None] | None = None, hash_big: bool = True) -> FileFacts:
    """Hash, sniff and analyse one package file. `keep` receives the bytes (or a
    temporary path) of PDFs while they are open, for readers such as signatures. A file
    over the analysis limit is only sniffed, and hashed (in a stream) if `hash_big`."""
    ff = FileFacts(path=entry.name, size=entry.size, ext=_ext(entry.name),
                   raw_name=entry.raw if entry.raw != entry.name else None)
    if entry.blocked:
        ff.problem = "blocked"
        return ff
    if entry.size == 0:
        ff.kind, ff.problem = "empty", "empty"
        return ff
    try:
        if entry.size > opts.limit("max_analyse_bytes"):
            if hash_big:
                ff.sha256, head, _ = _stream(pkg, entry, None)
            else:
                with pkg.open(entry) as fh:
                    head = fh.read(2048)
            ff.kind, ff.problem = sniff(head), "too_large"
            return ff
        if entry.size <= opts.limit("in_memory_bytes"):
            with pkg.open(entry) as fh:
                data = fh.read(entry.size + 1)
            ff.sha256 = hashlib.sha256(data).hexdigest()
            src: bytes | str = data
            head = data[:2048]
        else:
            local = pkg.local_path(entry)
            target = None if local else tmpdir.file("entry.bin")
            ff.sha256, head, _ = _stream(pkg, entry, target)
            src = local or target
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            ValueError) as exc:
        ff.problem, ff.detail, ff.detail_en = "unreadable", f"lỗi khi giải nén hoặc đọc tệp ({explain(exc).vi})", \
            f"error while extracting or reading the file ({explain(exc).en})"
        return ff
    ff.kind = sniff(head)
    if ff.kind == "zip":
        ff.kind = refine_zip(src)
    try:
        if ff.kind == "pdf":
            pdf_facts(ff, src)
            if keep is not None and ff.problem is None:
                keep(src)
        elif ff.kind in ("jpeg", "png", "tiff", "gif", "bmp", "webp"):
            image_facts(ff, src)
    except Unreadable as exc:
        ff.problem, ff.detail, ff.detail_en = "unreadable", exc.detail, exc.detail_en
    return ff


def _stream(pkg, entry: Entry, target: str | None) -> tuple[str, bytes, int]:
    """SHA-256 in 1 MB chunks, optionally copying to `target`; memory stays flat."""
    digest, head, n = hashlib.sha256(), b"", 0
    out = open(target, "wb") if target else None
    try:
        with pkg.open(entry) as fh:
            while chunk := fh.read(_CHUNK):
                if not head:
                    head = chunk[:2048]
                digest.update(chunk)
                n += len(chunk)
                if out:
                    out.write(chunk)
    finally:
        if out:
            out.close()
    return digest.hexdigest(), head, n


# --------------------------------------------------------------------------- manifest

_LISTS = (("TaiLieuNop", "component", "TenTepDinhKem", ("MaThanhPhanHoSo",), "DuongDanTaiTepTin"),
          ("DanhSachGiayToKetQua", "result", "TenGiayTo", ("MaGiayToKetQua", "MaThanhPhanHoSo"), "DuongDanTepTinKetQua"))

_JSON_KINDS = {list: ("mảng (array)", "an array"), str: ("chuỗi", "a string"), int: ("số", "a number"),
               float: ("số", "a number"), bool: ("giá trị đúng/sai", "a boolean"), type(None): ("null", "null")}


def parse_manifest(data: bytes, duplicates: list[Finding] | None = None) -> tuple[Any, Finding | None]:
    """The manifest value, or a finding saying why it cannot be read. Keys an object repeats
    become DOSSIER.DUPLICATE_KEY findings in `duplicates` (the last value is kept, as
    json.loads keeps it)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, Finding.of("DOSSIER.MANIFEST_UNREADABLE", location={"file": MANIFEST},
                                detail=f"không phải văn bản UTF-8 (byte thứ {exc.start})",
                                detail_en=f"not UTF-8 text (byte {exc.start})")
    seen: dict[int, dict[str, int]] = {}

    def pairs(items: list[tuple[str, Any]]) -> dict:
        obj: dict = {}
        counts: dict[str, int] = {}
        for key, value in items:
            counts[key] = counts.get(key, 0) + 1
            obj[key] = value
        repeated = {k: n for k, n in counts.items() if n > 1}
        if repeated:
            seen[id(obj)] = repeated
        return obj

    try:
        value = json.loads(text, object_pairs_hook=pairs)
        if seen and duplicates is not None:
            for pointer, key, count in _repeated_keys(value, seen):
                duplicates.append(Finding.of("DOSSIER.DUPLICATE_KEY", evidence=key, count=count, pointer=pointer or "/",
                                             location={"file": MANIFEST, "pointer": pointer or "/"}))
        return value, None
    except json.JSONDecodeError as exc:
        vi, en = explain_json(exc.msg)
        return None, Finding.of("DOSSIER.MANIFEST_UNREADABLE", location={"file": MANIFEST, "line": exc.lineno, "column": exc.colno},
                                detail=f"JSON sai cú pháp ở dòng {exc.lineno}, cột {exc.colno}: {vi}",
                                detail_en=f"invalid JSON at line {exc.lineno}, column {exc.colno}: {en}")
    except RecursionError:
        return None, Finding.of("DOSSIER.MANIFEST_UNREADABLE", location={"file": MANIFEST},
                                detail="JSON lồng nhau quá sâu", detail_en="JSON nested too deeply")


def _repeated_keys(value: Any, seen: dict[int, dict[str, int]]) -> list[tuple[str, str, int]]:
    """(JSON pointer of the object, key, count) for every object that repeated a key."""
    out, stack = [], [(value, "")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, dict):
            for key, count in seen.get(id(node), {}).items():
                out.append((pointer, key, count))
            stack.extend((v, f"{pointer}/{_escape(k)}") for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, f"{pointer}/{i}") for i, v in enumerate(node))
    return sorted(out)


def _escape(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def manifest_entries(manifest: dict) -> list[Component]:
    """Components and results as the manifest declares them (one per file when a path
    lists several files joined by '##', as provincial systems store them)."""
    out: list[Component] = []
    for list_name, role, name_key, code_keys, path_key in _LISTS:
        items = manifest.get(list_name)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            code = next((item[k].strip() for k in code_keys if isinstance(item.get(k), str) and item[k].strip()), None)
            name = item.get(name_key) if isinstance(item.get(name_key), str) else None
            digitized = {"1": True, "0": False}.get(str(item.get("DuocSoHoa"))) if "DuocSoHoa" in item else None
            sha = item.get("sha256") if isinstance(item.get("sha256"), str) else None
            declared = item.get(path_key) if isinstance(item.get(path_key), str) else ""
            parts = [p for p in declared.split("##") if p.strip()] or [None]
            for part in parts:
                out.append(Component(
                    code=code, name=nfc(name) if name else name, path=None, role=role, digitized=digitized,
                    sha256=sha, pointer=f"/{list_name}/{i}", raw=item, declared_path=part,
                    deleted=str(item.get("IsDeleted")) == "1",
                    issuer=item.get("CoQuanBanHanh") if isinstance(item.get("CoQuanBanHanh"), str) else None,
                    issued=item.get("NgayBanHanh") if isinstance(item.get("NgayBanHanh"), str) else None))
    return out


def _resolve(comp: Component, entries: dict[str, Entry]) -> None:
    raw = comp.declared_path
    if raw is None:
        comp.file_status = "none"
        return
    if _URL.match(raw.strip()):
        comp.file_status = "remote"
        return
    if is_unsafe(raw):
        comp.file_status = "unsafe"
        return
    name = nfc(clean_path(raw))
    comp.path = name
    entry = entries.get(name)
    if entry is None:
        comp.file_status = "missing"
        folded = name.casefold()
        comp.hint = next((e for e in entries if e.casefold() == folded), None)
    else:
        comp.file_status = "blocked" if entry.blocked else "ok"


# --------------------------------------------------------------------------- the loader

def load_dossier(path: str, options: DossierOptions | None = None) -> Dossier:
    """Read one package. Never raises for bad input: problems become findings."""
    opts = options or DossierOptions()
    dossier = Dossier(source=path)
    p = Path(path)
    if not p.exists():
        dossier.findings.append(Finding.of("INPUT.NOT_FOUND", evidence=path))
        return dossier
    try:
        if p.is_dir():
            pkg: Any = FolderPackage(p)
        elif not p.is_file():                       # a FIFO or device: never opened
            vi, en = _SPECIAL_KINDS.get(stat.S_IFMT(p.stat().st_mode), ("loại tệp đặc biệt", "a special file"))
            dossier.findings.append(Finding.of("DOSSIER.NOT_A_PACKAGE", evidence=path,
                                               detail=f"{vi}, không được mở", detail_en=f"{en}, never opened"))
            return dossier
        elif zipfile.is_zipfile(p):
            pkg = ZipPackage(p)
        else:
            dossier.findings.append(Finding.of(
                "DOSSIER.NOT_A_PACKAGE", evidence=path,
                detail="không phải thư mục cũng không phải tệp .zip", detail_en="neither a folder nor a .zip file"))
            return dossier
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError) as exc:
        dossier.findings.append(Finding.of("DOSSIER.NOT_A_PACKAGE", evidence=path,
                                           detail=f"tệp .zip hỏng ({explain(exc).vi})", detail_en=f"corrupt .zip ({explain(exc).en})"))
        return dossier
    dossier.package = pkg.kind
    with pkg, _LazyTemp() as tmpdir:
        entries, findings, dossier.ignored = pkg.scan(opts)
        dossier.findings.extend(findings)
        if any(f.code == "DOSSIER.LIMIT_EXCEEDED" and not f.location for f in findings):
            return dossier                      # the whole package is over a limit: stop here
        for name, entry in entries.items():
            dossier.files[name] = FileFacts(path=name, size=entry.size, ext=_ext(name),
                                            raw_name=entry.raw if entry.raw != name else None,
                                            problem="blocked" if entry.blocked else None)
        manifest = _read_manifest(pkg, entries, opts, dossier)
        if manifest is None:
            return dossier
        dossier.manifest = manifest
        dossier.procedure = lookup(manifest.get("MaTTHC"), opts.catalog)
        for comp in manifest_entries(manifest):
            _resolve(comp, entries)
            (dossier.results if comp.role == "result" else dossier.components).append(comp)
        readers: dict[str, Any] = {}
        live = [c for c in dossier.components + dossier.results if c.file_status == "ok" and not c.deleted]
        declared = {c.path for c in live if c.sha256}     # huge files are hashed only to verify a declared hash
        for comp in live:
            if comp.path in readers:
                continue
            keep = None
            if comp.role == "result" and opts.signature_reader is not None:
                keep = _signature_keeper(opts.signature_reader, comp.path, readers)
            dossier.files[comp.path] = file_facts(pkg, entries[comp.path], opts, tmpdir, keep,
                                                  hash_big=comp.path in declared)
            readers.setdefault(comp.path, None)
        for comp in dossier.results:
            comp.signed = readers.get(comp.path) if comp.path else None
    return dossier


class _LazyTemp:
    """A private temporary folder, created only when a big zip entry needs one."""

    def __init__(self):
        self._dir: tempfile.TemporaryDirectory | None = None

    def __enter__(self):
        return self

    def __exit__(self, *_):
        if self._dir is not None:
            self._dir.cleanup()
        return False

    def file(self, name: str) -> str:
        if self._dir is None:
            self._dir = tempfile.TemporaryDirectory(prefix="tthc-dossier-")
        return os.path.join(self._dir.name, name)


def _signature_keeper(reader, path: str, readers: dict) -> Callable:
    def keep(src):
        try:
            readers[path] = reader(src)
        except Exception as exc:  # noqa: BLE001 - a reader failure is recorded, never raised
            readers[path] = {"error": f"{type(exc).__name__}: {exc}"}
    return keep


def _read_manifest(pkg, entries: dict[str, Entry], opts: DossierOptions, dossier: Dossier) -> dict | None:
    entry = entries.get(MANIFEST)
    if entry is None:
        dossier.findings.append(Finding.of("DOSSIER.NO_MANIFEST", evidence=dossier.source))
        return None
    if entry.blocked:
        dossier.findings.append(Finding.of("DOSSIER.MANIFEST_UNREADABLE", location={"file": MANIFEST},
                                           detail=f"tệp bị chặn ({entry.blocked})", detail_en=f"the entry is blocked ({entry.blocked})"))
        return None
    if entry.size > opts.limit("max_manifest_bytes"):
        dossier.findings.append(Finding.of(
            "DOSSIER.MANIFEST_UNREADABLE", location={"file": MANIFEST},
            detail=f"quá lớn ({_mb(entry.size)} MB, giới hạn {_mb(opts.limit('max_manifest_bytes'))} MB; muốn nâng, "
                   f"ghi trong tthc.toml mục [limits], ví dụ manifest_bytes = {opts.limit('max_manifest_bytes') * 4:_})",
            detail_en=f"too large ({_mb(entry.size, 'en')} MB, limit {_mb(opts.limit('max_manifest_bytes'), 'en')} MB; to raise it, "
                      f"set it in tthc.toml under [limits], e.g. manifest_bytes = {opts.limit('max_manifest_bytes') * 4:_})"))
        return None
    try:
        with pkg.open(entry) as fh:
            data = fh.read(opts.limit("max_manifest_bytes") + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError) as exc:
        dossier.findings.append(Finding.of("DOSSIER.MANIFEST_UNREADABLE", location={"file": MANIFEST},
                                           detail=f"lỗi khi đọc ({explain(exc).vi})", detail_en=f"read error ({explain(exc).en})"))
        return None
    dossier.manifest_raw = data
    value, problem = parse_manifest(data, dossier.findings)
    if problem:
        dossier.findings.append(problem)
        return None
    if not isinstance(value, dict):
        vi, en = _JSON_KINDS.get(type(value), ("giá trị khác", "another value"))
        dossier.findings.append(Finding.of("DOSSIER.MANIFEST_NOT_OBJECT", location={"file": MANIFEST}, kind=vi, kind_en=en))
        return None
    return value
