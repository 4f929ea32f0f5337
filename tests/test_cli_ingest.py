"""`tthc ingest`: output shape, formats, output folder, parallel workers, usage errors."""
import json
import subprocess
import sys

import cli
from tests.kit.render_docx import SAMPLE, directive_docx


def _inputs(tmp_path, n=3):
    paths = []
    for i in range(n):
        p = tmp_path / f"d{i}.docx"
        p.write_bytes(directive_docx({**SAMPLE, "number": f"{100 + i}/UBND-KSTT"}))
        paths.append(str(p))
    return paths


def test_json_output_has_the_contract_parts(tmp_path, capsys):
    path = _inputs(tmp_path, 1)[0]
    assert cli.main(["ingest", path, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["source"] == path and out["kind"] == "directive"
    assert out["extraction"]["method"] == "docx" and out["extraction"]["pages"] == 1
    assert set(out["extraction"]) == {"method", "pages", "ocr_confidence", "seconds"}
    assert "Số: 100/UBND-KSTT" in out["text"]
    for key in ("document", "tasks", "deadlines", "references", "findings"):
        assert key in out


def test_workers_give_the_same_results_in_input_order(tmp_path, capsys):
    paths = _inputs(tmp_path)
    assert cli.main(["ingest", *paths, "--format", "json"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert cli.main(["ingest", *paths, "--format", "json", "--workers", "2"]) == 0
    two = json.loads(capsys.readouterr().out)
    strip = lambda rs: [{k: v for k, v in r.items() if k != "extraction"} for r in rs]  # noqa: E731
    assert strip(one) == strip(two)
    assert [r["source"] for r in two] == paths


def test_output_folder_gets_one_json_per_input(tmp_path):
    paths = _inputs(tmp_path, 2)
    out = tmp_path / "pred"
    out.mkdir()
    assert cli.main(["ingest", *paths, "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["d0.json", "d1.json"]
    assert json.loads((out / "d1.json").read_text(encoding="utf-8"))["source"] == paths[1]


def test_text_format_is_readable(tmp_path):
    path = _inputs(tmp_path, 1)[0]
    out = tmp_path / "out.txt"
    assert cli.main(["ingest", path, "--format", "text", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "d0.docx" in text and "docx" in text


def test_usage_errors_exit_2_without_traceback(capsys):
    for argv in (["ingest"], ["ingest", "x.pdf", "--workers", "0"], ["ingest", "x.pdf", "--format", "xml"], []):
        assert cli.main(argv) == 2, argv
        assert "Traceback" not in capsys.readouterr().err


def test_version_and_help(capsys):
    assert cli.main(["ingest", "--help"]) == 0 and "--workers" in capsys.readouterr().out
    # the script itself, once, as a user runs it
    proc = subprocess.run([sys.executable, "cli.py", "--version"], capture_output=True, text=True,
                          cwd=cli.__file__.rsplit("/", 1)[0])
    assert proc.returncode == 0 and "tthc-check" in proc.stdout
