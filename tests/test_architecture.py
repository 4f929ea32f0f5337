"""The shape of the code: no import cycles (product, tests, samples and bench, counting imports
inside functions too), and each lane imports only what is below it."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = {".venv", "build", "corpus", "gold", ".git"}


def _modules() -> dict[str, Path]:
    out = {}
    for p in ROOT.rglob("*.py"):
        rel = p.relative_to(ROOT)
        if SKIP & set(rel.parts) or any(part.endswith(".egg-info") for part in rel.parts):
            continue
        name = ".".join(rel.with_suffix("").parts)
        out[name[: -len(".__init__")] if name.endswith(".__init__") else name] = p
    return out


MODULES = _modules()


def _owner(name: str) -> str | None:
    """The module of the project that `name` (a module or a name inside one) comes from."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(name: str, path: Path) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(p for p in [*parts, base] if p)
            targets = [f"{base}.{a.name}" for a in node.names]      # a submodule, or a name of base
        else:
            continue
        found |= {o for o in map(_owner, targets) if o and o != name}
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(graph.get(w, ())))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    component = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        component.append(w)
                        if w == v:
                            break
                    if len(component) > 1:
                        out.append(sorted(component))
    return out


def _lane(module: str) -> str:
    return "tests.kit" if module.startswith("tests.kit") else module.split(".")[0]


def test_the_graph_sees_the_code():
    assert {"cli", "commands.pipeline", "tthc", "extract.dossier.package", "tests.kit.pki"} <= set(MODULES)
    assert "commands.settings" in GRAPH["commands.pipeline"]


def test_no_import_cycles_between_modules_tests_included():
    assert _cycles(GRAPH) == []


def test_no_import_cycles_between_lanes():
    lanes: dict[str, set[str]] = {}
    for module, deps in GRAPH.items():
        lanes.setdefault(_lane(module), set()).update(_lane(d) for d in deps if _lane(d) != _lane(module))
    assert _cycles(lanes) == []


# lane -> lanes it may import (data flows one way: load -> extract -> checks -> report, wired by commands)
ALLOWED = {
    "schemas": set(),
    "extract": {"schemas"},
    "checks": {"extract", "schemas"},
    "report": {"schemas", "extract"},
    "register": {"extract", "schemas"},                       # the task register's store (SQLAlchemy)
    "commands": {"extract", "checks", "report", "register", "schemas"},
    "tthc": {"commands", "extract", "schemas"},
    "cli": {"commands", "extract"},                # extract.dossier.personal masks the error message (privacy lane)
    "tests.kit": {"extract", "schemas"},
    "samples": {"tests.kit", "extract", "schemas"},
}


@pytest.mark.parametrize("lane", sorted(ALLOWED))
def test_each_lane_imports_only_what_is_below_it(lane):
    wrong = sorted((m, d) for m, deps in GRAPH.items() if _lane(m) == lane
                   for d in deps if _lane(d) != lane and _lane(d) not in ALLOWED[lane])
    assert wrong == []


# lane -> module prefixes it must never import, even where ALLOWED lets it into the lane above
FORBIDDEN = {
    "checks": ("extract.load",),           # checks compare facts with rules; reading bytes is the loaders'
    "tests.kit": ("tests.test_", "tests.conftest", "samples", "bench"),
}


@pytest.mark.parametrize("lane", sorted(FORBIDDEN))
def test_a_lane_does_not_reach_into_internals(lane):
    wrong = sorted((m, d) for m, deps in GRAPH.items() if _lane(m) == lane
                   for d in deps if d.startswith(FORBIDDEN[lane]))
    assert wrong == []


@pytest.mark.parametrize("source, seen", [
    ("from extract.load.pdf import read_pdf\n", "extract.load.pdf"),
    ("def f():\n    import extract.load.docx\n", "extract.load.docx"),
    ("from ..load import image\n", "extract.load.image"),          # relative, from extract/dossier/x.py
    ("from tests import test_runner\n", "tests.test_runner"),
])
def test_the_import_graph_sees_every_form_of_import(tmp_path, source, seen):
    (tmp_path / "x.py").write_text(source, encoding="utf-8")
    assert seen in _imports("extract.dossier.x", tmp_path / "x.py")


# --------------------------------------------------------------------------- CLI tests run in-process

def _calls(node: ast.AST) -> set[str]:
    out = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            f = n.func
            out.add(f"{f.value.id}.{f.attr}" if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name)
                    else getattr(f, "id", getattr(f, "attr", "")))
    return out


def _cli_helpers() -> list[str]:
    """Functions of the test modules, other than tests, that run cli.main and capture its output."""
    found = []
    for name, path in MODULES.items():
        if not name.startswith("tests."):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("test_"):
                calls = _calls(node)
                if "cli.main" in calls and calls & {"capsys.readouterr", "redirect_stdout", "redirect_stderr"}:
                    found.append(f"{name}.{node.name}")
    return found


def test_one_in_process_cli_helper_for_every_test():
    """The `tthc_cli` fixture of tests/conftest.py is the one way a test runs the CLI and reads
    its output; a copy of it in a test module would drift (four did)."""
    assert sorted(_cli_helpers()) == sorted(["tests.conftest.call", "tests.conftest.tthc_cli", *SCRIPTS])


# tests/update_expected.py is a script (`python tests/update_expected.py`), not a test: no fixtures there.
SCRIPTS = ["tests.update_expected.current_findings"]


# The tests that must start a real process: the script entry point (test_cli_ingest), a signal sent
# to a running batch (test_runner), a memory limit (test_limits), writers collected at exit
# (test_output_errors), the import time of a fresh interpreter (test_startup), the vendored
# scorer's own command line (test_parse).
SUBPROCESS_TESTS = {"tests.test_cli_ingest", "tests.test_runner", "tests.test_limits", "tests.test_output_errors",
                    "tests.test_startup", "tests.test_parse"}


def test_cli_tests_start_no_subprocess_but_where_a_process_is_the_subject():
    users = sorted(name for name, path in MODULES.items() if name.startswith("tests.test_")
                   and any(c.startswith("subprocess.") for c in _calls(ast.parse(path.read_text(encoding="utf-8")))))
    assert set(users) <= SUBPROCESS_TESTS, users


# --------------------------------------------------------------------------- one home for folding

def _folding_idioms(tree: ast.AST) -> list[str]:
    """The ways code strips Vietnamese marks by hand: `not unicodedata.combining(c)`,
    `unicodedata.category(c) != "Mn"`, `unicodedata.normalize("NFD", c)[0]`, `.replace("đ", "d")`."""
    def is_call(node, name):
        return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == name
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "unicodedata")

    found = []
    for n in ast.walk(tree):
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not) and is_call(n.operand, "combining"):
            found.append(f"not combining, line {n.lineno}")
        elif isinstance(n, ast.Compare) and is_call(n.left, "category") and any(
                isinstance(c, ast.Constant) and c.value == "Mn" for c in n.comparators):
            found.append(f"category Mn, line {n.lineno}")
        elif isinstance(n, ast.Subscript) and is_call(n.value, "normalize"):
            found.append(f"first of a normal form, line {n.lineno}")
        elif (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "replace"
              and [getattr(a, "value", None) for a in n.args] in (["đ", "d"], ["Đ", "D"], ["Đ", "d"])):
            found.append(f"đ -> d, line {n.lineno}")
    return found


FOLDING_HOME = "extract.normalize"


PRODUCT = ("extract", "checks", "commands", "report", "register", "tthc", "cli", "schemas")


def _offenders(detect, keep) -> dict[str, list[str]]:
    """What `detect(tree)` finds in each product module `keep(name)` accepts."""
    return {name: found for name, path in sorted(MODULES.items()) if _lane(name) in PRODUCT and keep(name)
            for found in [detect(ast.parse(path.read_text(encoding="utf-8")))] if found}


def test_text_folding_has_one_home():
    assert _offenders(_folding_idioms, lambda name: name != FOLDING_HOME) == {}   # extract/directive included


@pytest.mark.parametrize("source, idiom", [
    ('import unicodedata\nt = "".join(c for c in s if not unicodedata.combining(c))\n', "not combining"),
    ('import unicodedata\nt = [c for c in s if unicodedata.category(c) != "Mn"]\n', "category Mn"),
    ('import unicodedata\nb = unicodedata.normalize("NFD", c)[0]\n', "first of a normal form"),
    ('t = s.lower().replace("đ", "d")\n', "đ -> d"),
])
def test_the_folding_guard_sees_each_idiom(source, idiom):
    assert [f.split(",")[0] for f in _folding_idioms(ast.parse(source))] == [idiom]


# --------------------------------------------------------------------------- one data-loading object

def _module_caches(tree: ast.AST) -> list[str]:
    """`global` statements, and functions without parameters cached by functools (a cache of data
    the module keeps itself, where schemas.DATA should: @schemas.built_from_data)."""
    found = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Global):
            found.append(f"global {', '.join(n.names)}, line {n.lineno}")
        elif isinstance(n, ast.FunctionDef) and not (n.args.args or n.args.posonlyargs or n.args.kwonlyargs
                                                     or n.args.vararg or n.args.kwarg):
            for d in n.decorator_list:
                name = d.func if isinstance(d, ast.Call) else d
                name = getattr(name, "attr", getattr(name, "id", ""))
                if name in ("lru_cache", "cache"):
                    found.append(f"cached {n.name}, line {n.lineno}")
    return found


# The modules still keeping caches of their own, each their lane's to bring to schemas.DATA this session
# (ocr_correct: lane ocr). The list only shrinks.
CACHES_NOT_YET = {"extract.load.ocr_correct"}


def test_data_is_cached_by_the_one_data_loading_object():
    assert _offenders(_module_caches, lambda name: name not in CACHES_NOT_YET) == {}


@pytest.mark.parametrize("source, seen", [
    ("_X = None\ndef f():\n    global _X\n    return _X\n", "global _X"),
    ("from functools import lru_cache\n@lru_cache(maxsize=1)\ndef table():\n    return 1\n", "cached table"),
    ("import functools\n@functools.cache\ndef table():\n    return 1\n", "cached table"),
    ("from functools import lru_cache\n@lru_cache(maxsize=64)\ndef key(text):\n    return text\n", None),
])
def test_the_cache_guard_sees_module_caches(source, seen):
    found = [f.split(",")[0] for f in _module_caches(ast.parse(source))]
    assert found == ([seen] if seen else [])


def test_built_from_data_builds_once_and_keeps_it_in_DATA():
    from extract.calendar import default_calendar
    from extract.dossier.timeline import plausible_years
    from schemas import DATA
    assert plausible_years() is plausible_years() and default_calendar() is default_calendar()
    kept = list(DATA._built.values())
    assert any(v is default_calendar() for v in kept) and any(v is plausible_years() for v in kept)


# --------------------------------------------------------------------------- grammar words live in lexicons

VIETNAMESE_LETTERS = set("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")
REGEX_SYNTAX = ("\\s", "\\b", "\\d", "\\w", "(?", "[^", "|")


def _without_alphabets(pattern: str) -> str:
    """The pattern without its character classes that hold a range ("[a-zđ]", "[A-ZĐÀ-Ỹ]",
    "[0-9SslIOoĐD]"): a range is an alphabet, letters of the script, not words. A class without a
    range stays, for it can spell a word ("s[ốôo]" is "số" as OCR prints it)."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern[i] == "[":
            j = i + 1 + (pattern[i + 1:i + 2] == "^")
            j += pattern[j:j + 1] == "]"                  # "[]...]": a leading ] is a member
            items = []
            while j < len(pattern) and pattern[j] != "]":
                items.append(pattern[j:j + 2] if pattern[j] == "\\" else pattern[j])
                j += len(items[-1])
            ranges = any(item == "-" and 0 < k < len(items) - 1 for k, item in enumerate(items))
            out.append("" if ranges else pattern[i:j + 1])
            i = j + 1
        else:
            out.append(pattern[i])
            i += 1
    return "".join(out)


def _is_table_row(text: str) -> bool:
    """A Markdown table row ("| mã | mô tả |"): its bars are cell borders, not alternations."""
    return text.strip().startswith("|") and text.strip().endswith("|")


def _grammar_in_patterns(tree: ast.AST) -> list[str]:
    """String constants that are regular expressions and hold Vietnamese words ("ngày\\s*", "tuần|weeks?")."""
    found = []
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    for n in ast.walk(tree):
        if (isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
                and not _is_table_row(n.value)
                and VIETNAMESE_LETTERS & set(_without_alphabets(n.value).lower())
                and any(t in n.value for t in REGEX_SYNTAX)):
            found.append(f"{n.value[:40]!r}, line {n.lineno}")
    return found


def _builds_data(name: str, tree: ast.AST) -> bool:
    """A script under schemas/ run by hand to rebuild a data file from the corpus
    (schemas/ocr/build_vocabulary.py): a build tool like bench/, never run by the product, so the
    portal text it strips from the corpus is no grammar of the reader."""
    return name.startswith("schemas.") and any(
        isinstance(n, ast.If) and isinstance(n.test, ast.Compare) and isinstance(n.test.left, ast.Name)
        and n.test.left.id == "__name__" for n in ast.walk(tree))


def test_grammar_words_are_not_written_into_patterns():
    """Every product module, no exemption (issue 13: all lanes cleared theirs in session 5)."""
    found = {name: [f for f in found] for name, path in sorted(MODULES.items()) if _lane(name) in PRODUCT
             for tree in [ast.parse(path.read_text(encoding="utf-8"))] if not _builds_data(name, tree)
             for found in [_grammar_in_patterns(tree)] if found}
    assert found == {}


@pytest.mark.parametrize("source, flagged", [
    ('import re\nP = re.compile(r"ngày\\s*(\\d+)")\n', True),
    ('UNITS = [(r"tuần|weeks?", "day", 7)]\n', True),
    ('MESSAGE = "Thời hạn (ngày) không hợp lệ"\n', False),       # a message, not a pattern
    ('def f():\n    """Times as written: "05 ngày" | "8 giờ"."""\n', False),   # a docstring
    ('import re\nP = re.compile(r"(?P<n>\\d+)\\s*/")\n', False),
    ('import re\nP = re.compile(r"[a-zđ]\\)|[IVX]+\\.")\n', False),           # an alphabet, no word
    ('import re\nP = re.compile(r"(?<![A-Za-zÀ-ỹĐđ])[A-ZĐ][A-ZĐ0-9&]{1,15}")\n', False),
    ('import re\nP = re.compile(r"^[0-9SslIOoĐD]{1,2}\\.?$")\n', False),      # digits as OCR reads them
    ('import re\nP = re.compile(r"[ \\t]*S[ốôo]\\s*:")\n', True),             # "Số" spelled through a class
    ('import re\nP = re.compile(r"[a-z]\\)\\s+phải\\b")\n', True),            # a word beside an alphabet
    ('HEAD = "| mã | mô tả | description |"\n', False),             # a Markdown table row
    ('import re\nP = re.compile(r"\\s*(?:,|và|hoặc)\\s*")\n', True),
])
def test_the_grammar_guard_tells_patterns_from_messages(source, flagged):
    assert bool(_grammar_in_patterns(ast.parse(source))) is flagged


@pytest.mark.parametrize("name, source, builds_data", [
    ("schemas.ocr.build_vocabulary", 'def main():\n    pass\nif __name__ == "__main__":\n    main()\n', True),
    ("schemas.policies", "def policy():\n    return 1\n", False),
    ("extract.directive.tool", 'if __name__ == "__main__":\n    main()\n', False),   # a script of the reader is held
])
def test_the_grammar_guard_leaves_data_build_tools(name, source, builds_data):
    assert _builds_data(name, ast.parse(source)) is builds_data
