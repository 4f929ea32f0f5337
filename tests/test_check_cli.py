"""`tthc check` and `tthc checks list` end to end: formats, exit codes, --disable / config,
bad input, and the CI step over samples/ (samples/expected-findings.json)."""
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path

import pytest

import cli
from commands.pipeline import find_documents
from extract.model import Deadline
from tests import update_expected
from tests.kit.directive_factory import directive
from tests.test_reports import sarif_errors

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "samples" / "directives"


@pytest.fixture
def check(tthc_cli):
    """`tthc check --no-progress ARGS...` in this process (tests/conftest.py): (code, out, err)."""
    return lambda *argv: tthc_cli("check", "--no-progress", *argv)


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """Run from an empty folder so no tthc.toml / pyproject.toml of the machine is picked up."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def fake_parser(monkeypatch):
    """Until the directive parser lands, feed the real CLI pipeline a hand-built Directive for
    every loaded text, so load -> checks -> report is exercised end to end."""
    made = {}

    def parse(document):
        return made.get(Path(document.source).name) or directive()
    monkeypatch.setattr("extract.directive.parse", parse)
    return made


def write(folder, name, text="Văn bản mẫu.\n"):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- exit codes and formats

def test_clean_directive_exits_0(isolated, fake_parser, check):
    write(isolated, "a.txt")
    code, out, _ = check("a.txt")
    assert code == 0 and "không có phát hiện nào" in out and "1 văn bản: 0 có lỗi" in out


def test_error_finding_exits_1_and_fail_on_moves_the_bar(isolated, fake_parser, check):
    write(isolated, "a.txt")
    fake_parser["a.txt"] = directive(parts={"number": "Số: /UBND-VX"}, number=None)   # error
    write(isolated, "b.txt")
    fake_parser["b.txt"] = directive(parts={"recipients": None}, recipients=[])        # warning
    assert check("a.txt")[0] == 1
    assert check("a.txt", "--fail-on", "never")[0] == 0
    assert check("b.txt")[0] == 0
    assert check("b.txt", "--fail-on", "warning")[0] == 1


def test_json_output_and_as_of(isolated, fake_parser, check):
    write(isolated, "a.txt")
    fake_parser["a.txt"] = directive(deadlines=[Deadline(text="trước ngày 30/11/2022", kind="date", date="2022-11-30")])
    code, out, _ = check("a.txt", "--format", "json", "--as-of", "2023-01-15")
    report = json.loads(out)
    assert code == 0 and report["summary"]["info"] == 1
    [result] = report["results"]
    assert result["source"] == "a.txt" and [f["code"] for f in result["findings"]] == ["DEADLINE.PAST"]
    assert "15/01/2023" in result["findings"][0]["message"]


def test_text_in_english(isolated, fake_parser, check):
    write(isolated, "a.txt")
    fake_parser["a.txt"] = directive(parts={"number": "Số: /UBND-VX"}, number=None)
    code, out, _ = check("a.txt", "--lang", "en")
    assert "The sequence number of the document is blank" in out and "1 files" not in out and "1 error" in out


def test_sarif_and_junit_from_the_command(isolated, fake_parser, check):
    write(isolated, "a.txt")
    fake_parser["a.txt"] = directive(parts={"number": "Số: /UBND-VX"}, number=None)
    code, out, _ = check("a.txt", "--format", "sarif", "-o", "out/report.sarif")
    log = json.loads((isolated / "out" / "report.sarif").read_text(encoding="utf-8"))
    assert code == 1 and out == "" and sarif_errors(log) == []
    assert log["runs"][0]["invocations"][0]["exitCode"] == 1
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["ND30.NUMBER_BLANK"]
    code, out, _ = check("a.txt", "--format", "junit")
    case = ET.fromstring(out.split("\n", 1)[1]).find("./testsuite/testcase")
    assert code == 1 and case.get("name") == "a.txt" and case.find("failure").get("type") == "ND30.NUMBER_BLANK"


def test_calendar_reaches_the_checks(isolated, fake_parser, check):
    write(isolated, "a.txt")
    fake_parser["a.txt"] = directive(date="2024-08-01",
                                     deadlines=[Deadline(text="chậm nhất ngày 02/9/2024", kind="date", date="2024-09-02")])
    code, out, _ = check("a.txt", "--format", "json")
    [finding] = json.loads(out)["results"][0]["findings"]
    assert finding["code"] == "DEADLINE.NON_WORKING_DAY" and "Quốc khánh" in finding["message"]


# --------------------------------------------------------------------------- bad input

def test_bad_input_is_a_finding_in_every_format_and_the_batch_goes_on(isolated, check):
    write(isolated, "empty.txt", "")
    (isolated / "blob.pdf").write_bytes(b"\x00\x01\x02 not a document \xff" * 20)
    write(isolated, "note.txt", "Chỉ là ghi chú, không phải văn bản hành chính.\n")
    args = ["empty.txt", "blob.pdf", "note.txt"]
    code, out, _ = check(*args, "--format", "json")
    by_file = {r["source"]: [f["code"] for f in r["findings"]] for r in json.loads(out)["results"]}
    assert code == 1 and list(by_file) == args
    assert by_file["empty.txt"] == ["INPUT.EMPTY"]
    assert by_file["blob.pdf"][0].startswith("INPUT.") and by_file["note.txt"] == ["PARSE.NOT_A_DIRECTIVE"]
    _, out, _ = check(*args, "--format", "sarif")
    log = json.loads(out)
    assert sarif_errors(log) == []
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"INPUT.EMPTY", "PARSE.NOT_A_DIRECTIVE"}
    _, out, _ = check(*args, "--format", "junit")
    cases = ET.fromstring(out.split("\n", 1)[1]).findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == args
    assert cases[0].find("failure").get("type") == "INPUT.EMPTY" and "PARSE.NOT_A_DIRECTIVE" in cases[2].find("system-out").text
    _, out, _ = check(*args)
    assert "INPUT.EMPTY" in out and "PARSE.NOT_A_DIRECTIVE" in out and "3 văn bản: " in out


@pytest.mark.parametrize("fmt", ["sarif", "junit", "json", "jsonl", "text"])
def test_a_missing_path_is_exit_2_after_the_other_files(isolated, fmt, check):
    """Never silent: whatever --fail-on says, a path that does not exist is exit 2 with a
    message; the other inputs are still checked and written."""
    write(isolated, "empty.txt", "")
    code, out, err = check("empty.txt", "missing.docx", "--format", fmt, "--fail-on", "never")
    assert code == 2 and "missing.docx" in err and "empty.txt" in out and "missing.docx" not in out


@pytest.mark.parametrize("fmt", ["sarif", "junit", "json", "text"])
def test_zero_inputs_is_exit_2_with_a_message(isolated, fmt, check):
    (isolated / "empty-folder").mkdir()
    write(isolated / "empty-folder", "notes.json", "{}")           # not a document type
    code, out, err = check("empty-folder", "--format", fmt, "--fail-on", "never")
    assert code == 2 and "no input in" in err and "empty-folder" in err and out == ""


def test_dossier_packages_are_left_to_validate(isolated, fake_parser, check):
    """`tthc check samples/` walks past dossier packages (their forms and scans are no directives)."""
    write(isolated, "cong-van.txt")
    package = isolated / "ho-so" / "hs-01"
    (package / "tp").mkdir(parents=True)
    (package / "manifest.json").write_text("{}", encoding="utf-8")
    write(package / "tp", "to-khai.txt")
    code, out, err = check(".", "--format", "json")
    assert [r["source"] for r in json.loads(out)["results"]] == ["cong-van.txt"]
    assert "1 gói hồ sơ" in err and "tthc validate" in err


def test_workers_keep_input_order(isolated, check):
    names = [f"{i}.txt" for i in range(4)]
    for name in names:
        write(isolated, name, "" if name == "2.txt" else "ghi chú\n")
    code, out, _ = check(*names, "--workers", "2", "--format", "json")
    results = json.loads(out)["results"]
    assert [r["source"] for r in results] == names and results[2]["findings"][0]["code"] == "INPUT.EMPTY"


# --------------------------------------------------------------------------- --disable and config

def test_disable_by_code_family_or_check_id_any_case(isolated, check):
    write(isolated, "empty.txt", "")
    assert check("empty.txt")[0] == 1
    assert check("empty.txt", "--disable", "INPUT.EMPTY")[0] == 0
    assert check("empty.txt", "--disable", "input")[0] == 0
    code, out, _ = check("empty.txt", "--disable", "input.", "--format", "json")
    assert code == 0 and json.loads(out)["results"][0]["findings"] == []


def test_disable_check_id_with_fake_parser(isolated, fake_parser, check):
    write(isolated, "a.txt")
    fake_parser["a.txt"] = directive(parts={"number": "Số: /UBND-VX"}, number=None)
    assert check("a.txt", "--disable", "nd30.number")[0] == 0
    assert check("a.txt", "--disable", "ND30.DATE_LEADING_ZERO")[0] == 1


def test_unknown_disable_id_is_a_usage_error_naming_what_exists(isolated, check):
    code, out, err = check("missing.pdf", "--disable", "ND30.NO_SUCH_RULE")
    assert code == 2 and out == ""
    assert "ND30.NO_SUCH_RULE" in err and "ND30" in err and "nd30.number" in err and "tthc checks list" in err


def test_config_file_disables_and_sets_fail_on(isolated, check):
    write(isolated, "empty.txt", "")
    write(isolated, "tthc.toml", 'disable = ["INPUT.EMPTY"]\n')
    assert check("empty.txt")[0] == 0
    write(isolated, "tthc.toml", '[tool.tthc]\nfail_on = "never"\n')
    assert check("empty.txt")[0] == 0
    assert check("empty.txt", "--fail-on", "error")[0] == 1          # the command line wins


def test_pyproject_tool_table_and_explicit_config(isolated, check):
    write(isolated, "empty.txt", "")
    write(isolated, "pyproject.toml", '[project]\nname = "x"\n\n[tool.tthc]\ndisable = ["INPUT"]\n')
    assert check("empty.txt")[0] == 0
    write(isolated, "other.toml", 'fail_on = "warning"\n')
    assert check("empty.txt", "--config", "other.toml")[0] == 1       # read instead of pyproject.toml


@pytest.mark.parametrize("content,needle", [
    ('disable = ["NOPE.RULE"]\n', "NOPE.RULE"),
    ('fail_on = "sometimes"\n', "fail_on"),
    ('colour = "red"\n', "unknown key"),
    ("disable = [\n", "tthc.toml"),
    ('as_of = "tomorrow"\n', "as_of"),
])
def test_bad_config_file_is_exit_2(isolated, content, needle, check):
    write(isolated, "tthc.toml", content)
    code, _, err = check("missing.pdf")
    assert code == 2 and needle in err


def test_config_as_of(isolated, fake_parser, check):
    write(isolated, "a.txt")
    fake_parser["a.txt"] = directive(deadlines=[Deadline(text="trước ngày 30/11/2022", kind="date", date="2022-11-30")])
    for as_of in ("2023-01-15", "2023-01-15T08:00:00", '"2023-01-15"'):
        write(isolated, "tthc.toml", f"as_of = {as_of}\n")
        _, out, _ = check("a.txt", "--format", "json")
        assert [f["code"] for f in json.loads(out)["results"][0]["findings"]] == ["DEADLINE.PAST"]


def test_usage_errors_exit_2(isolated, capsys):
    assert cli.main(["check"]) == 2
    assert cli.main(["check", "x.pdf", "--format", "pdf"]) == 2
    assert cli.main(["check", "x.pdf", "--as-of", "20-01-2024"]) == 2
    assert cli.main(["check", "x.pdf", "--config", "nowhere.toml"]) == 2
    assert cli.main(["check", "x.pdf", "-o", str(isolated)]) == 2      # a folder is not a writable file
    capsys.readouterr()


# --------------------------------------------------------------------------- checks list

def test_checks_list_text_and_json(capsys):
    from schemas import rules
    assert cli.main(["checks", "list", "--format", "json"]) == 0
    table = json.loads(capsys.readouterr().out)
    assert {r["code"] for r in table} == set(rules())
    blank = next(r for r in table if r["code"] == "ND30.NUMBER_BLANK")
    assert blank["check"] == "nd30.number" and blank["severity"] == "error" and "Nghị định 30/2020" in blank["basis"]
    assert cli.main(["checks", "list", "--lang", "en", "--long"]) == 0
    text = capsys.readouterr().out
    assert "ND30.NUMBER_BLANK" in text and "Sequence number blank" in text and "Số văn bản để trống" in text
    assert "Legal basis" in text and f"{len(table)} rules" in text
    assert cli.main(["checks"]) == 2
    capsys.readouterr()


@pytest.mark.parametrize("columns, lang, words", [
    ("100", "vi", ["ND30.NUMBER_BLANK · lỗi · kiểm tra nd30.number", "    Số văn bản để trống", "    Căn cứ: Nghị định 30/2020"]),
    ("80", "vi", ["CHƯA xác minh", "quy tắc"]),
    ("100", "en", ["ND30.NUMBER_BLANK · error · check nd30.number", "    Sequence number blank", "    Basis: "]),
    ("60", "en", ["NOT verified", "rules"]),
])
def test_checks_list_reads_within_the_width(capsys, monkeypatch, columns, lang, words):
    """The default list wraps to the output's width: no line longer than the width except a lone rule
    code with its severity (codes do not break), no trailing spaces, every rule listed once."""
    from schemas import rules
    monkeypatch.setenv("COLUMNS", columns)
    assert cli.main(["checks", "list", "--lang", lang]) == 0
    lines = capsys.readouterr().out.splitlines()
    codes = {line.split(" · ")[0] for line in lines if " · " in line}
    assert codes == set(rules())
    assert all(len(line) <= int(columns) or (" · " in line and len(line.split(" · ")[0]) + 30 > int(columns))
               for line in lines), max(lines, key=len)
    assert not any(line.endswith(" ") for line in lines)
    text = "\n".join(lines)
    for word in words:
        assert word in text


def test_docs_checks_md_is_current(capsys):
    assert cli.main(["checks", "list", "--format", "markdown"]) == 0
    current = capsys.readouterr().out
    assert "| `ND30.NUMBER_BLANK` | nd30.number | error | yes | Nghị định 30/2020/NĐ-CP" in current
    assert (ROOT / "docs" / "checks.md").read_text(encoding="utf-8") == current, \
        "rules changed: run `python cli.py checks list --format markdown > docs/checks.md`"


# --------------------------------------------------------------------------- CI over samples/

@pytest.fixture(scope="module")
def sample_run():
    assert find_documents([str(SAMPLE_DIR)]).items, "samples/directives holds no documents"
    return update_expected.current_findings()


def test_samples_match_expected_findings(sample_run):
    expected = json.loads(update_expected.EXPECTED.read_text(encoding="utf-8"))["files"]
    diff = update_expected.difference(expected, sample_run)
    assert not diff, ("`tthc check samples/` changed; if the change is right, run "
                      "`python tests/update_expected.py` and commit the new samples/expected-findings.json:\n" + diff)


def _line_of(source: str, location: dict | None) -> str:
    from extract.load import load
    doc = load(ROOT / source if not Path(source).is_absolute() else source)
    page = next(p for p in doc.pages if p.number == location["page"])
    return next(ln.text for ln in page.lines if ln.number == location["line"])


def _parser_recognises(results: dict[str, list[dict]]) -> bool:
    return any(all(f["code"] != "PARSE.NOT_A_DIRECTIVE" for f in findings) for findings in results.values())


def test_samples_produce_their_intended_findings(sample_run):
    assert _parser_recognises(sample_run), "the parser recognises none of the samples"
    intended = json.loads((ROOT / "samples" / "intended-findings.json").read_text(encoding="utf-8"))["files"]
    problems = []
    for source, spec in intended.items():
        found = sample_run.get(source)
        if found is None:
            problems.append(f"{source}: not checked")
            continue
        for want in spec["intended"]:
            hits = [f for f in found if f["code"] == want["code"] and f["location"]
                    and want["line_contains"] in _line_of(source, f["location"])]
            if not hits:
                problems.append(f"{source}: no {want['code']} on a line with {want['line_contains']!r}")
        if source.endswith("-clean.txt"):
            problems += [f"{source}: clean sample reports {f['code']}" for f in found
                         if f["code"].split(".")[0] in ("ND30", "REF", "DEADLINE")
                         and _severity(f["code"]) == "error"]
    assert not problems, "\n".join(problems)


def _severity(code):
    from schemas import rule
    return rule(code)["severity"]


# --------------------------------------------------------------------------- gold corpus

GOLD_CODES = {"number blank": "ND30.NUMBER_BLANK", "day of issue blank": "ND30.DATE_DAY_BLANK",
              "self-reference number mismatch": "REF.SELF_MISMATCH"}


def test_every_gold_finding_is_reported_at_its_place(capsys):
    gold_dir, texts = ROOT / "tests" / "gold" / "seed", ROOT / "tests" / "corpus" / "texts"
    golds = sorted(gold_dir.glob("*.json"))
    pairs = [(g, texts / json.loads(g.read_text(encoding="utf-8"))["file"]) for g in golds]
    pairs = [(g, t) for g, t in pairs if t.is_file()]
    assert pairs, "no seed gold beside its text"
    cli.main(["check", "--no-progress", "--format", "json", "--fail-on", "never", *[str(t) for _, t in pairs]])
    results = {Path(r["source"]).name: r["findings"] for r in json.loads(capsys.readouterr().out)["results"]}
    assert _parser_recognises(results), "the parser recognises no gold document"
    missing = []
    for gold, text in pairs:
        for item in json.loads(gold.read_text(encoding="utf-8"))["findings"]:
            code = next(c for phrase, c in GOLD_CODES.items() if item.startswith(phrase))
            evidence = re.sub(r"^[^(]*\((.*)\)$", r"\1", item)
            ok = [f for f in results[text.name] if f["code"] == code and f["location"]
                  and _overlaps(_line_of(str(text), f["location"]), evidence)]
            if not ok:
                missing.append(f"{text.name}: {item}")
    assert not missing, "\n".join(missing)


def _overlaps(line: str, evidence: str) -> bool:
    a, b = " ".join(line.split()), " ".join(evidence.split())
    match = SequenceMatcher(None, a, b).find_longest_match(0, len(a), 0, len(b))
    return match.size >= min(12, len(a), len(b))


def test_as_of_argument_is_a_date():
    args = cli.build_parser().parse_args(["check", "x", "--as-of", "2024-07-01"])
    assert args.as_of == date(2024, 7, 1)


def test_check_with_trust_roots_also_judges_pdf_signatures(capsys):
    """`tthc check --trust-roots` runs the signature checks on PDFs; without it, it does not."""
    root = Path(cli.__file__).resolve().parent
    sig = root / "samples" / "signatures"
    paths = [str(sig / "01-valid.pdf"), str(sig / "03-tampered-after-signing.pdf"), str(sig / "04-untrusted-root.pdf")]
    rc = cli.main(["check", *paths, "--format", "json", "--trust-roots", str(root / "samples" / "pki")])
    codes = [{f["code"] for f in r["findings"]} for r in json.loads(capsys.readouterr().out)["results"]]
    assert rc == 1
    assert not any(c.startswith("SIG.") and c not in ("SIG.SIGNING_TIME", "SIG.REVOCATION_UNCHECKED") for c in codes[0])
    assert "SIG.MODIFIED_AFTER_SIGNING" in codes[1] and "SIG.UNTRUSTED" in codes[2]
    cli.main(["check", *paths, "--format", "json"])
    results = json.loads(capsys.readouterr().out)["results"]
    assert not any(f["code"].startswith("SIG.") for r in results for f in r["findings"])
    assert cli.main(["check", paths[0], "--trust-roots", "/no/such/dir"]) == 2
