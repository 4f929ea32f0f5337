"""Read many dossier records: exports of a provincial system or of the national portal (JSON
array, JSON Lines, CSV, XLSX with the sync field names) and folders of dossier packages (each
`manifest.json`, or the manifest inside a `.zip`). Records are yielded one at a time; JSON
arrays, JSON Lines and CSV are streamed, so a 100,000-row export is never held whole.

A file that cannot be read, or a row that is not a record, becomes an `ExportProblem`
(Vietnamese + English) handed to the caller's `problems` list; the batch goes on.
"""
from __future__ import annotations

import csv
import io
import json
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator

from extract.dossier.timeline import PERSONAL_FIELDS
from extract.library_errors import explain, explain_json

EXPORT_EXTENSIONS = {".json", ".jsonl", ".ndjson", ".csv", ".xlsx", ".zip"}
MAX_MANIFEST_BYTES = 50 * 1024 * 1024     # a manifest bigger than this inside a zip is refused
_LIST_KEYS = ("data", "items", "records", "hoSos", "HoSos", "DanhSachHoSo", "danhSachHoSo", "result", "Result")
_CHUNK = 1 << 20


@dataclass
class ExportProblem:
    source: str
    message: str
    message_en: str

    def to_dict(self) -> dict:
        return {"source": self.source, "message": self.message, "message_en": self.message_en}


class ExportError(Exception):
    def __init__(self, message: str, message_en: str):
        super().__init__(message_en)
        self.message, self.message_en = message, message_en


def mask(value) -> str:
    """Personal data in any output: only the last three characters stay visible."""
    s = "" if value is None else str(value)
    return "*" * max(len(s) - 3, 0) + s[-3:] if len(s) > 3 else "*" * len(s)


def masked(record: dict) -> dict:
    return {k: (mask(v) if k in PERSONAL_FIELDS and v not in (None, "", []) else v) for k, v in record.items()}


# --------------------------------------------------------------------------- paths

def expand(paths: Iterable[str]) -> Iterator[str]:
    """Files given by name; folders walked: a folder holding manifest.json is one package (only
    its manifest is read), other export files and .zip packages are read as found."""
    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            yield raw
            continue
        for folder, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            if "manifest.json" in files:
                yield str(Path(folder) / "manifest.json")
                dirs[:] = []
                continue
            for name in sorted(files):
                if not name.startswith(".") and Path(name).suffix.lower() in EXPORT_EXTENSIONS:
                    yield str(Path(folder) / name)


DOSSIER_KEYS = ("MaHoSo", "TrangThaiHoSo", "NgayTiepNhan", "NgayNopHoSo", "MaTTHC")


def is_dossier(record: dict) -> bool:
    """A record with at least one sync field of a dossier (directly or under "hoSo")."""
    inner = record.get("hoSo") or record.get("HoSo")
    rec = inner if isinstance(inner, dict) else record
    if any(k in rec for k in DOSSIER_KEYS):
        return True
    lower = {str(k).lower() for k in rec}
    return any(k.lower() in lower for k in DOSSIER_KEYS)


def iter_records(paths: Iterable[str], problems: list[ExportProblem]) -> Iterator[tuple[str, dict]]:
    """(source, record) for every dossier record in every input; problems are appended, never
    raised. Records with no dossier field at all (a catalog, a config) are skipped and counted."""
    for path in expand(paths):
        skipped = 0
        try:
            for record in read_file(path, problems):
                if is_dossier(record):
                    yield path, record
                else:
                    skipped += 1
        except ExportError as exc:
            problems.append(ExportProblem(path, exc.message, exc.message_en))
        if skipped:
            problems.append(ExportProblem(
                path, f"{skipped} bản ghi không có trường nào của hồ sơ ({', '.join(DOSSIER_KEYS)}), bỏ qua",
                f"{skipped} records have none of the dossier fields ({', '.join(DOSSIER_KEYS)}); skipped"))


def read_file(path: str, problems: list[ExportProblem]) -> Iterator[dict]:
    p = Path(path)
    if not p.exists():
        raise ExportError(f"không tìm thấy tệp hoặc thư mục: {path}", f"no such file or directory: {path}")
    suffix = p.suffix.lower()
    try:
        if suffix == ".zip":
            yield from _read_zip(p, problems)
            return
        if suffix == ".xlsx":
            yield from _read_xlsx(p, problems)
            return
        if p.stat().st_size == 0:
            raise ExportError(f"tệp rỗng: {path}", f"empty file: {path}")
        with p.open("r", encoding="utf-8-sig", newline="") as fh:
            if suffix in (".jsonl", ".ndjson"):
                yield from _read_jsonl(fh, path, problems)
            elif suffix == ".csv":
                yield from _read_csv(fh, path, problems)
            elif suffix == ".json":
                yield from _read_json(fh, path, problems)
            else:
                raise ExportError(f"định dạng không hỗ trợ ({suffix or 'không có phần mở rộng'}): {path}; hỗ trợ "
                                  "JSON, JSONL, CSV, XLSX, thư mục hồ sơ, .zip",
                                  f"unsupported format ({suffix or 'no extension'}): {path}; supported: JSON, "
                                  "JSONL, CSV, XLSX, dossier folders, .zip")
    except UnicodeDecodeError:
        raise ExportError(f"tệp không phải UTF-8: {path}", f"not UTF-8 text: {path}") from None
    except OSError as exc:
        said = explain(exc)
        raise ExportError(f"không đọc được {path}: {said.vi}", f"cannot read {path}: {said.en}") from None


# --------------------------------------------------------------------------- formats

def _read_json(fh: IO[str], path: str, problems: list[ExportProblem]) -> Iterator[dict]:
    """A JSON array is decoded item by item from a growing buffer; an object is one manifest,
    or a wrapper holding the records under a list key ("data", "items", ...)."""
    decoder = json.JSONDecoder()
    buf, pos, eof = fh.read(_CHUNK), 0, False
    pos = _skip_ws(buf, pos)
    if pos >= len(buf):
        raise ExportError(f"tệp JSON rỗng: {path}", f"empty JSON file: {path}")
    if buf[pos] != "[":
        text = buf + fh.read()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            said = explain_json(exc.msg)
            raise ExportError(f"JSON không hợp lệ ({path}, dòng {exc.lineno}): {said.vi}",
                              f"invalid JSON ({path}, line {exc.lineno}): {exc.msg}") from None
        if not isinstance(data, dict):
            raise ExportError(f"JSON không phải hồ sơ hay danh sách hồ sơ: {path}",
                              f"JSON is neither a dossier nor a list of dossiers: {path}")
        inner = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
        yield from _records(inner, path, problems) if inner is not None else (data,)
        return
    pos += 1
    index = 0
    while True:
        pos = _skip_ws(buf, pos)
        while pos >= len(buf) and not eof:
            more = fh.read(_CHUNK)
            eof = not more
            buf, pos = buf[pos:] + more, 0
            pos = _skip_ws(buf, pos)
        if pos >= len(buf):
            raise ExportError(f"JSON bị cắt cụt (thiếu ']'): {path}", f"truncated JSON (no closing ']'): {path}")
        if buf[pos] == "]":
            return
        if buf[pos] == "," and index:
            pos += 1
            continue
        while True:
            try:
                item, end = decoder.raw_decode(buf, pos)
                break
            except json.JSONDecodeError as exc:
                if eof:
                    raise ExportError(f"JSON không hợp lệ ({path}, phần tử {index + 1}): {explain_json(exc.msg).vi}",
                                      f"invalid JSON ({path}, item {index + 1}): {exc.msg}") from None
                more = fh.read(_CHUNK)
                eof = not more
                buf, pos = buf[pos:] + more, 0
        index += 1
        pos = end
        if isinstance(item, dict):
            yield item
        else:
            problems.append(ExportProblem(path, f"phần tử {index} không phải một hồ sơ (object), bỏ qua",
                                          f"item {index} is not a dossier object; skipped"))
        if pos > _CHUNK:
            buf, pos = buf[pos:], 0


def _skip_ws(buf: str, pos: int) -> int:
    n = len(buf)
    while pos < n and buf[pos] in " \t\r\n":
        pos += 1
    return pos


def _records(items: list, path: str, problems: list[ExportProblem]) -> Iterator[dict]:
    for i, item in enumerate(items, 1):
        if isinstance(item, dict):
            yield item
        else:
            problems.append(ExportProblem(path, f"phần tử {i} không phải một hồ sơ (object), bỏ qua",
                                          f"item {i} is not a dossier object; skipped"))


def _read_jsonl(fh: IO[str], path: str, problems: list[ExportProblem]) -> Iterator[dict]:
    for n, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(ExportProblem(path, f"dòng {n}: JSON không hợp lệ ({explain_json(exc.msg).vi}), bỏ qua",
                                          f"line {n}: invalid JSON ({exc.msg}); skipped"))
            continue
        if isinstance(item, dict):
            yield item
        else:
            problems.append(ExportProblem(path, f"dòng {n} không phải một hồ sơ (object), bỏ qua",
                                          f"line {n} is not a dossier object; skipped"))


def _read_csv(fh: IO[str], path: str, problems: list[ExportProblem]) -> Iterator[dict]:
    head = fh.readline()
    if not head.strip():
        raise ExportError(f"tệp CSV không có dòng tiêu đề: {path}", f"CSV without a header row: {path}")
    delimiter = max(",;\t", key=head.count)
    reader = csv.DictReader(_chain(head, fh), delimiter=delimiter)
    try:
        for row in reader:
            if None in row:
                problems.append(ExportProblem(path, f"dòng {reader.line_num}: nhiều cột hơn tiêu đề, bỏ cột thừa",
                                              f"line {reader.line_num}: more cells than headers; extra cells dropped"))
                row.pop(None)
            if any(v not in (None, "") for v in row.values()):
                yield row
    except csv.Error as exc:
        raise ExportError(f"CSV không hợp lệ ({path}, dòng {reader.line_num}): {explain(exc).vi}",
                          f"invalid CSV ({path}, line {reader.line_num}): {exc}") from None


def _chain(first: str, rest: IO[str]) -> Iterator[str]:
    yield first
    yield from rest


def _read_xlsx(p: Path, problems: list[ExportProblem]) -> Iterator[dict]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    from extract.load.limits import zip_over_limit
    try:
        over = zip_over_limit(p)          # openpyxl inflates shared strings whole: judge the zip first
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExportError(f"không mở được tệp XLSX {p}: {explain(exc).vi}", f"cannot open XLSX {p}: {explain(exc).en}") from None
    if over is not None:
        name, limit, found, member = over
        raise ExportError(f"tệp XLSX {p} vượt giới hạn an toàn {name} = {limit} ({found}, {member}): "
                          f"nghi 'bom giải nén', không đọc",
                          f"XLSX {p} reaches the safety limit {name} = {limit} ({found}, {member}): "
                          f"a possible zip bomb, not read")
    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExportError(f"không mở được tệp XLSX {p}: {explain(exc).vi}", f"cannot open XLSX {p}: {explain(exc).en}") from None
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if not header or not any(header):
            raise ExportError(f"trang tính đầu tiên không có dòng tiêu đề: {p}", f"the first sheet has no header row: {p}")
        names = [str(h).strip() if h is not None else "" for h in header]
        for row in rows:
            if row and any(v not in (None, "") for v in row):
                yield {k: v for k, v in zip(names, row) if k}
    finally:
        wb.close()


def _read_zip(p: Path, problems: list[ExportProblem]) -> Iterator[dict]:
    try:
        zf = zipfile.ZipFile(p)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExportError(f"tệp .zip hỏng: {p} ({explain(exc).vi})", f"corrupt .zip: {p} ({explain(exc).en})") from None
    with zf:
        manifests = [i for i in zf.infolist() if Path(i.filename).name == "manifest.json" and not i.is_dir()]
        if not manifests:
            raise ExportError(f"không có manifest.json trong {p}", f"no manifest.json inside {p}")
        for info in manifests:
            label = f"{p}!{info.filename}"
            if info.file_size > MAX_MANIFEST_BYTES:
                problems.append(ExportProblem(label, f"manifest.json quá lớn ({info.file_size} byte), bỏ qua",
                                              f"manifest.json too large ({info.file_size} bytes); skipped"))
                continue
            try:
                with zf.open(info) as raw:
                    data = json.load(io.TextIOWrapper(raw, encoding="utf-8-sig"))
            except (json.JSONDecodeError, UnicodeDecodeError, zipfile.BadZipFile, zlib.error, OSError) as exc:
                said = explain_json(exc.msg) if isinstance(exc, json.JSONDecodeError) else explain(exc)
                problems.append(ExportProblem(label, f"manifest.json không đọc được: {said.vi}",
                                              f"unreadable manifest.json: {said.en}"))
                continue
            if isinstance(data, dict):
                yield data
            else:
                problems.append(ExportProblem(label, "manifest.json không phải một hồ sơ (object)",
                                              "manifest.json is not a dossier object"))
