"""The one runner (commands/pipeline.py, commands/settings.py, commands/executors.py): every
command resolves the same settings the same way, never stays silent, fails on its output with
exit 2, and streams records whose shape its schema fixes. In-process (cli.main)."""
import json
import os
import time
from datetime import date, datetime
from pathlib import Path

import pytest

import cli
from commands import pipeline
from commands.executors import ProcessExecutor, SerialExecutor
from commands.settings import (
    DirectiveSettings, DossierSettings, RunLimits, Settings, SignatureSettings, UsageError, available_cpus, resolve,
)
from schemas import validator

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PKI = SAMPLES / "pki"
CRL = PKI / "test-intermediate.TEST-ONLY.crl"


@pytest.fixture
def tthc(tthc_cli, tmp_path, monkeypatch):
    """`tthc ARGS...` in this process (tests/conftest.py), from an empty folder (no tthc.toml
    of the machine is picked up)."""
    monkeypatch.chdir(tmp_path)
    return tthc_cli


# --------------------------------------------------------------------------- one input per command

def _error_input(command: str, folder: Path) -> tuple[str, str]:
    """(path, code) of an input that gives exactly one error finding in that command."""
    if command in ("ingest", "check"):
        (folder / "empty.txt").write_bytes(b"")
        return "empty.txt", "INPUT.EMPTY"
    if command == "validate":
        (folder / "goi" / "tp").mkdir(parents=True)
        (folder / "goi" / "tp" / "to-khai.txt").write_text("tờ khai", encoding="utf-8")
        return "goi", "DOSSIER.NO_MANIFEST"
    (folder / "fake.pdf").write_text("không phải PDF", encoding="utf-8")
    return "fake.pdf", "INPUT.UNSUPPORTED"


BATCH_COMMANDS = ("ingest", "check", "validate", "signatures")


def _fmt(command: str) -> list[str]:
    return ["--format", "jsonl", "--no-progress"] + (["--no-summary"] if command == "validate" else [])


# --------------------------------------------------------------------------- settings: one way for every command

# (toml line, extra command-line args, expected exit code). The input has one error finding.
FAIL_ON_AND_DISABLE = [
    ("", [], 1),
    ('fail_on = "never"', [], 0),
    ('fail_on = "never"', ["--fail-on", "error"], 1),                # the command line wins
    ("disable = ['{code}']", [], 0),
    ("disable = ['{family}']", [], 0),
    ("disable = ['NOPE.TYPO']", [], 2),                              # an unknown id is a usage error everywhere
    ("", ["--disable", "NOPE.TYPO"], 2),
    ("", ["--disable", "{code}"], 0),
    ("colour = 'red'", [], 2),                                       # an unknown key too
    ("[limits]\nsecond_per_file = 3", [], 2),                        # ... and an unknown limit
]


@pytest.mark.parametrize("command", BATCH_COMMANDS)
@pytest.mark.parametrize("toml,args,expected", FAIL_ON_AND_DISABLE)
def test_every_batch_command_honours_fail_on_and_disable_from_tthc_toml(tthc, tmp_path, command, toml, args,
                                                                        expected):
    path, code = _error_input(command, tmp_path)
    family = code.split(".")[0]
    (tmp_path / "tthc.toml").write_text(toml.format(code=code, family=family) + "\n", encoding="utf-8")
    r = tthc(command, path, *_fmt(command), *[a.format(code=code) for a in args])
    assert r.code == expected, r.err
    if expected == 2:
        assert r.out == "" and "Traceback" not in r.err and r.err.startswith("tthc:")


@pytest.mark.parametrize("command", BATCH_COMMANDS)
@pytest.mark.parametrize("where", ["pyproject", "config"])
def test_every_batch_command_reads_pyproject_and_config(tthc, tmp_path, command, where):
    path, _ = _error_input(command, tmp_path)
    (tmp_path / "tthc.toml").write_text('fail_on = "error"\n', encoding="utf-8")
    if where == "pyproject":
        (tmp_path / "tthc.toml").unlink()
        (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.tthc]\nfail_on = "never"\n',
                                                 encoding="utf-8")
        assert tthc(command, path, *_fmt(command)).code == 0
    else:                                                            # --config is read instead of tthc.toml
        (tmp_path / "other.toml").write_text('fail_on = "never"\n', encoding="utf-8")
        assert tthc(command, path, *_fmt(command), "--config", "other.toml").code == 0
        assert tthc(command, path, *_fmt(command), "--config", "nowhere.toml").code == 2


# Every setting of every command, from the config file and from the command line: what each
# command resolved (captured at the one resolve() every command calls).
SETTINGS = [
    # (commands, toml, command line, field, value from toml, value from the command line)
    (BATCH_COMMANDS, 'disable = ["REF"]', ["--disable", "SIG"], "disable", ("REF",), ("REF", "SIG")),
    (BATCH_COMMANDS, 'fail_on = "warning"', ["--fail-on", "info"], "fail_on", "warning", "info"),
    (("ingest", "check", "validate", "stats", "reconcile"), "as_of = 2024-03-15", ["--as-of", "2024-04-01"],
     "as_of", date(2024, 3, 15), date(2024, 4, 1)),
    (("ingest", "check", "validate", "due", "workdays"), 'calendar = "lich.json"', ["--calendar", "lich2.json"],
     "calendar", "{dir}/lich.json", "lich2.json"),
    (BATCH_COMMANDS, 'trust_roots = "pki"', ["--trust-roots", "pki2"], "trust_roots", "{dir}/pki", "pki2"),
    (BATCH_COMMANDS, 'crl = "a.crl"', ["--crl", "b.crl"], "crl", ("{dir}/a.crl",), ("b.crl",)),
    (BATCH_COMMANDS, 'lang = "en"', ["--lang", "vi"], "lang", "en", "vi"),
    (BATCH_COMMANDS, "workers = 1", ["--workers", "1"], "workers", 1, 1),
    (BATCH_COMMANDS, 'executor = "process"', ["--executor", "serial"], "executor", "process", "serial"),
    (BATCH_COMMANDS, "[limits]\nfile_seconds = 30", ["--limit", "file_seconds=7"],
     "limits", RunLimits(file_seconds=30.0), RunLimits(file_seconds=7.0)),
    (BATCH_COMMANDS, "[limits]\npages = 9", ["--limit", "pages=8"],
     "limits", RunLimits(pages=9), RunLimits(pages=8)),
    (("ingest", "check"), "dpi = 200", ["--dpi", "150"], "dpi", 200, 150),
    (("ingest", "check"), "force_ocr = true", ["--force-ocr"], "force_ocr", True, True),
    (("signatures",), 'expected_org = "UBND A"', ["--expected-org", "UBND B"], "expected_org", "UBND A", "UBND B"),
    (("signatures",), "allow_unsigned = true", ["--allow-unsigned"], "allow_unsigned", True, True),
    (("signatures",), "at = 2025-01-02T08:00:00+07:00", ["--at", "2025-02-03"], "at",
     datetime.fromisoformat("2025-01-02T08:00:00+07:00"), datetime.fromisoformat("2025-02-03T00:00:00+07:00")),
]
MINIMAL_ARGS = {"ingest": ["x.txt"], "check": ["x.txt"], "validate": ["x"], "signatures": ["x.pdf"],
                "stats": ["x.csv"], "reconcile": ["x.csv", "y.csv"], "due": ["--from", "2025-01-24", "--in", "5 ngày"],
                "workdays": ["2025-01-20", "2025-02-10"]}
CASES = [(c, toml, cmdline, name, a, b) for cmds, toml, cmdline, name, a, b in SETTINGS for c in cmds]


@pytest.mark.parametrize("command,toml,cmdline,name,from_file,from_cmdline", CASES,
                         ids=[f"{c[0]}-{c[3]}-{c[1].split()[0]}" for c in CASES])
def test_every_command_resolves_every_setting_the_same_way(tthc, tmp_path, monkeypatch, command, toml, cmdline,
                                                         name, from_file, from_cmdline):
    import commands.common
    seen: list[Settings] = []

    class Captured(Exception):
        pass

    def capture(*args, **kwargs):
        seen.append(resolve(*args, **kwargs))
        raise Captured()                          # stop before the command runs
    monkeypatch.setattr(commands.common, "resolve", capture)
    fill = lambda v: v.replace("{dir}", str(tmp_path)) if isinstance(v, str) else (  # noqa: E731
        tuple(fill(x) for x in v) if isinstance(v, tuple) else v)
    for config, extra, want in ((toml, [], from_file), (toml, cmdline, from_cmdline), ("", [], None)):
        (tmp_path / "tthc.toml").write_text(config + "\n", encoding="utf-8")
        seen.clear()
        with pytest.raises(Captured):
            cli.main([command, *MINIMAL_ARGS[command], *extra])
        default = getattr(type(seen[0])(), name)
        assert getattr(seen[0], name) == (fill(want) if want is not None else default), (config, extra)


def test_workers_are_capped_at_the_cpu_count_unless_forced():
    cpus = available_cpus()
    capped = resolve(Settings, {"workers": cpus + 3}, discover=False)
    assert capped.workers == cpus and any("--force-workers" in n for n in capped.notes)
    forced = resolve(Settings, {"workers": cpus + 3, "force_workers": True}, discover=False)
    assert forced.workers == cpus + 3 and forced.notes == ()
    with pytest.raises(UsageError):
        resolve(Settings, {"scheduler": "tcp://127.0.0.1:1", "executor": "process"}, discover=False)
    assert resolve(Settings, {"scheduler": "tcp://127.0.0.1:1"}, discover=False).executor_kind == "dask"


def test_settings_families_take_only_their_own_keywords():
    assert resolve(SignatureSettings, {"allow_unsigned": True}, discover=False).allow_unsigned
    with pytest.raises(UsageError, match="allow_unsigned"):
        resolve(DirectiveSettings, {"allow_unsigned": True}, discover=False)
    with pytest.raises(UsageError, match="không có kiểm tra / unknown check"):
        resolve(DossierSettings, {"disable": ["NOPE"]}, discover=False)


# --------------------------------------------------------------------------- never silent

# (situation, expected exit code whatever --fail-on says, where it is said)
NEVER_SILENT = [("missing path", 2, "stderr"), ("empty folder", 2, "stderr"), ("unreadable file", 0, "finding")]


@pytest.mark.parametrize("command", BATCH_COMMANDS)
@pytest.mark.parametrize("situation,code,where", NEVER_SILENT)
def test_never_silent_the_same_way_in_every_command(tthc, tmp_path, command, situation, code, where):
    if situation == "missing path":
        path = "nowhere"
    elif situation == "empty folder":
        (tmp_path / "nothing").mkdir()
        path = "nothing"
    else:
        path, finding = _error_input(command, tmp_path)
    r = tthc(command, path, *_fmt(command), "--fail-on", "never")
    assert r.code == code, r.err
    if where == "stderr":
        assert path in r.err and r.out == "" and "Traceback" not in r.err
    else:
        assert [f["code"] for f in json.loads(r.out)["findings"]] == [finding]
        assert tthc(command, path, *_fmt(command)).code == 1           # an error finding: exit 1 by default


# --------------------------------------------------------------------------- output errors

OUTPUTS = ["folder", "/dev/full", "unwritable"]


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("command,fmt", [("ingest", "json"), ("check", "text"), ("check", "jsonl"),
                                         ("validate", "json"), ("validate", "jsonl"), ("signatures", "json"),
                                         ("stats", "json"), ("checks", "json")])
def test_an_output_that_cannot_be_written_is_exit_2_with_a_message(tthc, tmp_path, command, fmt, output):
    if output == "folder":
        target = tmp_path / "out"
        target.mkdir()
    elif output == "unwritable":
        (tmp_path / "file").write_text("x")
        target = tmp_path / "file" / "out.json"                       # below a file: cannot be created
    else:
        target = Path(output)
    if command == "stats":
        from tests.kit.synth_batch import synth_dossiers, write_records
        write_records(tmp_path / "x.jsonl", synth_dossiers(3)[0])
        args = ["stats", "x.jsonl"]
    elif command == "checks":
        args = ["checks", "list"]
    else:
        path, _ = _error_input(command, tmp_path)
        args = [command, path, "--no-progress"]
    if command == "ingest" and output == "folder":
        return                                                        # a folder is ingest's one-JSON-per-input output
    r = tthc(*args, "--format", fmt, "-o", target)
    assert r.code == 2 and "cannot write" in r.err and "Traceback" not in r.err, r.err


# --------------------------------------------------------------------------- records and their schemas

def _records(tmp_path: Path) -> list[tuple[str, dict]]:
    import tthc
    from commands.executors import crash_params, time_limit_params
    out = []
    for r in tthc.ingest([str(p) for p in sorted((SAMPLES / "directives").glob("*clean.txt"))][:2]):
        out.append(("directive.schema.json", r.to_dict()))
    run = tthc.check(str(SAMPLES / "directives" / "cong-van-so-ngay-trong.txt"))
    out.append(("check_report.schema.json#record", pipeline.SUBJECTS["check"].one(run[0].source, run.settings).brief()))
    for name in ("hop-le-1.001193", "tre-han-khong-xin-loi", "json-hong"):
        out.append(("dossier_result.schema.json", tthc.validate(str(SAMPLES / "dossiers" / name),
                                                                trust_roots=PKI, crl=[CRL])[0].to_dict()))
    for name in ("01-valid.pdf", "03-tampered-after-signing.pdf"):
        out.append(("signatures_result.schema.json",
                    tthc.signatures(str(SAMPLES / "signatures" / name), trust_roots=PKI)[0].to_dict()))
    for kind, schema in (("directive", "directive.schema.json"), ("dossier", "dossier_result.schema.json"),
                         ("signatures", "signatures_result.schema.json")):
        for code, params in (("INTERNAL.ERROR", crash_params(RuntimeError("x"))),
                             ("INPUT.TIME_LIMIT", time_limit_params(3))):
            out.append((schema, pipeline.failed_record(kind, "x", code, params).to_dict()))
    return out


def test_every_record_kind_validates_against_its_schema(tmp_path):
    for schema, record in _records(tmp_path):
        name, _, part = schema.partition("#")
        v = validator(name)
        if part:
            from jsonschema import Draft202012Validator
            v = Draft202012Validator({"$ref": f"{v.schema['$id']}#/$defs/{part}"}, registry=v._registry)
        problems = [e.message for e in v.iter_errors(record)]
        assert problems == [], (schema, record["source"], problems)


def test_check_json_report_validates(tthc, tmp_path):
    import shutil
    for p in sorted((SAMPLES / "directives").glob("*.txt"))[:3]:
        shutil.copy(p, tmp_path / p.name)
    r = tthc("check", ".", "--format", "json", "--no-progress", "--fail-on", "never")
    assert r.code == 0 and list(validator("check_report.schema.json").iter_errors(json.loads(r.out))) == []


def test_a_crash_record_has_its_subjects_shape():
    for command, subject in pipeline.SUBJECTS.items():
        record = subject.failed("x", "INTERNAL.ERROR", {"evidence": "boom"})
        assert record.kind == subject.kind and record.to_dict()["kind"] == subject.kind, command


@pytest.mark.parametrize("command, inputs", [
    ("signatures", ["01-valid.pdf", "04-untrusted-root.pdf", "06-revoked-certificate.pdf"]),
    ("validate", ["hop-le-1.001193", "tre-han-khong-xin-loi"]),
])
def test_the_trust_store_is_read_once_and_the_policy_carries_it(monkeypatch, tmp_path, command, inputs):
    """The trust files are read once per process while they are unchanged (not once per input),
    read again when one changes, and reach the checks as the Context's SignaturePolicy."""
    import shutil

    import tthc
    from extract.signatures import pki

    shutil.copytree(PKI, tmp_path / "pki")                 # a folder no earlier test has read
    crl = tmp_path / "pki" / CRL.name
    reads, real = [], pki.load_trust_roots
    monkeypatch.setattr(pki, "load_trust_roots", lambda *a, **k: reads.append(a) or real(*a, **k))
    call = tthc.signatures if command == "signatures" else tthc.validate
    folder = SAMPLES / ("signatures" if command == "signatures" else "dossiers")
    paths = [str(folder / n) for n in inputs]
    first = call(paths, trust_roots=tmp_path / "pki", crl=[str(crl)], workers=1)
    assert len(reads) == 1 and len(first) == len(inputs)
    again = call(paths, trust_roots=tmp_path / "pki", crl=[str(crl)], workers=1)
    assert len(reads) == 1                                 # unchanged files: nothing read again
    os.utime(crl, ns=(crl.stat().st_atime_ns, crl.stat().st_mtime_ns + 10**9))
    call(paths[:1], trust_roots=tmp_path / "pki", crl=[str(crl)], workers=1)
    assert len(reads) == 2                                 # an edited CRL is read again
    assert [_codes(r) for r in first] == [_codes(r) for r in again]
    if command == "signatures":
        assert [r.verdict for r in first] == ["valid", "invalid", "invalid"]


def _codes(record) -> tuple:
    d = record.to_dict()
    return d["source"], sorted((f["code"], f["severity"]) for f in d["findings"])


# --------------------------------------------------------------------------- executors: one slow or dying input

def _slow_or_dying(item: str, settings) -> dict:
    """An item that sleeps ("slow"), kills its worker ("dies") or is quick."""
    if "slow" in item:
        time.sleep(60)
    if "dies" in item:
        os._exit(3)
    return {"source": item, "findings": []}


def _failed(item: str, code: str, params: dict) -> dict:
    return {"source": item, "findings": [{"code": code, **params}]}


@pytest.mark.parametrize("executor", ["serial", "process-1", "process-2"])
def test_a_slow_input_costs_only_itself_and_names_the_limit(executor):
    items = ["a", "b-slow", "c", "d"] + (["e-dies", "f"] if executor != "serial" else [])
    ex = SerialExecutor() if executor == "serial" else ProcessExecutor(int(executor[-1]))
    start = time.monotonic()
    with ex:
        by = {r["source"]: r for _, r in ex.map(_slow_or_dying, items, None, failed=_failed, seconds=1.5, chunk=2)}
    assert time.monotonic() - start < 30
    assert sorted(by) == sorted(items)
    [limit] = by["b-slow"]["findings"]
    assert limit["code"] == "INPUT.TIME_LIMIT" and limit["seconds"] == "1.5"
    if "e-dies" in by:
        assert [f["code"] for f in by["e-dies"]["findings"]] == ["INTERNAL.ERROR"]
    assert all(by[i]["findings"] == [] for i in items if "slow" not in i and "dies" not in i)


def test_the_time_limit_finding_says_how_to_raise_it():
    from commands.executors import time_limit_params
    record = pipeline.failed_record("directive", "x.pdf", "INPUT.TIME_LIMIT", time_limit_params(300))
    [f] = record.findings
    assert f.severity == "error" and "300" in f.message and "file_seconds" in f.message
    assert "--limit file_seconds=N" in f.message_en and "tthc.toml" in f.message_en


def test_a_command_streams_each_record_as_it_finishes(tthc, tmp_path, monkeypatch):
    """`tthc check -o OUT`: every finished file is in OUT.partial.jsonl while later ones still run."""
    import shutil
    for i, p in enumerate(sorted((SAMPLES / "directives").glob("*.txt"))[:3]):
        shutil.copy(p, tmp_path / f"{i}.txt")
    journal = tmp_path / "out.json.partial.jsonl"
    seen_in_journal = []
    real = pipeline.SUBJECTS["check"]

    def one(path, settings):
        seen_in_journal.append(len(journal.read_text(encoding="utf-8").splitlines()) if journal.exists() else 0)
        return real.one(path, settings)
    monkeypatch.setitem(pipeline.SUBJECTS, "check", pipeline.Subject(real.kind, one, real.find, real.label))
    r = tthc("check", "0.txt", "1.txt", "2.txt", "--format", "json", "-o", "out.json", "--fail-on", "never",
             "--no-progress")
    assert r.code == 0 and seen_in_journal == [0, 1, 2] and not journal.exists()
    assert [x["source"] for x in json.loads((tmp_path / "out.json").read_text())["results"]] == \
        ["0.txt", "1.txt", "2.txt"]


# --------------------------------------------------------------------------- SIGTERM, like Ctrl-C

def _batch(command: str, folder: Path) -> list[str]:
    import shutil
    if command == "validate":
        for copy in range(6):
            for p in (SAMPLES / "dossiers").iterdir():
                if p.is_dir():
                    shutil.copytree(p, folder / f"{copy}-{p.name}", symlinks=True)
        return [str(folder)]
    texts = sorted((SAMPLES / "directives").glob("*.txt"))
    for copy in range(8):
        for p in texts:
            shutil.copy(p, folder / f"{copy}-{p.name}")
    return [str(folder)]


@pytest.mark.parametrize("command", ["check", "validate"])
def test_sigterm_stops_the_workers_and_keeps_the_journal_whole(tmp_path, command):
    import signal
    import subprocess
    import sys

    import psutil
    (tmp_path / "in").mkdir()
    inputs = _batch(command, tmp_path / "in")
    out = tmp_path / "out.jsonl"
    argv = [sys.executable, str(ROOT / "cli.py"), command, *inputs, "--format", "jsonl", "-o", str(out),
            "--workers", "2", "--executor", "process", "--no-progress", "--fail-on", "never"]
    proc = subprocess.Popen(argv, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and \
            not (out.exists() and out.read_text(encoding="utf-8").count("\n") >= 1):
        time.sleep(0.01)
    children = psutil.Process(proc.pid).children(recursive=True)
    assert proc.poll() is None and children, "the batch ended before it could be stopped"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and "SIGTERM" in err and "--resume" in err and "Traceback" not in err
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert alive == []                                                   # no worker left running
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n") and all(json.loads(line)["source"] for line in text.splitlines())
    first = len(text.splitlines())
    done = subprocess.run([*argv, "--resume"], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    sources = [json.loads(line)["source"] for line in out.read_text(encoding="utf-8").splitlines()]
    expected = pipeline.SUBJECTS[command].find(inputs).items
    assert sorted(sources) == sorted(expected) and 0 < first < len(expected)       # each input exactly once
