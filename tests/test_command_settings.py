"""The newer commands (register, tasks, report, calendar, procedures, due, workdays, stats,
reconcile) follow the runner's rules, as ingest/check/validate/signatures do
(tests/test_runner.py): settings resolved one way (command line > --config > the nearest
tthc.toml > defaults; paths relative to the file), an unknown key or a missing file named in
the settings is exit 2 with a message, a missing input path is exit 2, and an output that
cannot be written is exit 2 with a message, never a traceback. Every case runs in-process."""
import json
import shutil
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[1]
DIRECTIVE = ROOT / "samples" / "directives" / "cong-van-clean.txt"
EXPORT = ROOT / "samples" / "dossiers"
DAY_OFF = {"changes": [{"date": "2025-02-03", "type": "day_off", "name": "Nghỉ thêm", "source": "test"}]}


@pytest.fixture
def run(tthc_cli):
    """`tthc ARGS...` in this process (tests/conftest.py): (code, out, err), never a traceback."""
    return tthc_cli


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A working folder with a province calendar (one more day off), a catalog folder with a
    procedure of the province's own, and a directive to register."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lich.json").write_text(json.dumps(DAY_OFF), encoding="utf-8")
    import schemas
    proc = json.loads(schemas.path("procedures", "1.001193.json").read_text(encoding="utf-8"))
    proc = json.loads(json.dumps(proc, ensure_ascii=False).replace("1.001193", "1.999001"))
    proc["name"] = "Thủ tục riêng của tỉnh"
    (tmp_path / "danh-muc").mkdir()
    (tmp_path / "danh-muc" / "1.999001.json").write_text(json.dumps(proc, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "van-ban").mkdir()
    shutil.copy(DIRECTIVE, tmp_path / "van-ban" / DIRECTIVE.name)
    return tmp_path


def toml(folder: Path, text: str, name: str = "tthc.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def registered(run, folder: Path, db: str = "so.db") -> None:
    code, out, err = run("register", "add", folder / "van-ban", "--db", folder / db, "--no-progress")
    assert code == 0, out + err


# (command line, what shows that the setting was used) per command and setting. {db} is the
# register the settings name; every command line runs in the folder of the tthc.toml.
CALENDAR = [
    (["due", "--from", "2025-01-24T15:00", "--in", "5 ngày làm việc", "--format", "json"], '"due_date": "2025-02-10"'),
    (["workdays", "2025-02-03", "2025-02-07", "--format", "json"], '"working_days": 4'),
    (["calendar", "2025", "--format", "json"], '"Nghỉ thêm"'),
]


@pytest.mark.parametrize("argv, seen", CALENDAR, ids=[a[0] for a, _ in CALENDAR])
@pytest.mark.parametrize("where", ["tthc.toml", "pyproject", "--config", "command line"])
def test_calendar_setting(here, argv, seen, where, run):
    extra = []
    if where == "tthc.toml":
        toml(here, 'calendar = "lich.json"\n')
    elif where == "pyproject":
        toml(here, '[tool.tthc]\ncalendar = "lich.json"\n', "pyproject.toml")
    elif where == "--config":
        (here / "cfg").mkdir()
        shutil.move(here / "lich.json", here / "cfg" / "lich.json")            # relative to the named file
        extra = ["--config", toml(here / "cfg", 'calendar = "lich.json"\n', "khac.toml")]
    else:
        toml(here, 'calendar = "khong-co.json"\n')                             # the command line wins
        extra = ["--calendar", here / "lich.json"]
    code, out, err = run(*argv, *extra)
    assert code == 0, err
    assert seen in out
    code, out, _ = run(*argv, "--config", toml(here, "", "empty.toml"))        # read instead of the nearest
    assert code == 0 and seen not in out


NEEDS_CALENDAR = [["due", "--from", "2025-01-24T15:00", "--in", "5 ngày làm việc"],
                  ["workdays", "2025-02-03", "2025-02-07"], ["calendar", "2025"],
                  ["tasks", "--db", "so.db"], ["report", "--html", "r.html", "--db", "so.db"],
                  ["register", "add", "van-ban", "--db", "so.db", "--no-progress"]]


@pytest.mark.parametrize("argv", NEEDS_CALENDAR, ids=[a[0] for a in NEEDS_CALENDAR])
def test_a_calendar_file_that_is_not_there_is_exit_2_naming_it(here, argv, run):
    registered(run, here)
    toml(here, 'calendar = "khong-co.json"\n')
    code, _, err = run(*argv)
    assert code == 2 and "khong-co.json" in err


EVERY = NEEDS_CALENDAR + [["procedures", "list"], ["procedures", "show", "1.001193"],
                          ["stats", EXPORT], ["reconcile", EXPORT, EXPORT]]


@pytest.mark.parametrize("argv", EVERY, ids=[" ".join(map(str, a[:2])) for a in EVERY])
def test_an_unknown_key_in_tthc_toml_is_exit_2_naming_it(here, argv, run):
    registered(run, here)
    toml(here, 'calender = "lich.json"\n')
    code, _, err = run(*argv)
    assert code == 2 and "calender" in err


@pytest.mark.parametrize("argv", [["procedures", "list"], ["procedures", "show", "1.999001"]])
@pytest.mark.parametrize("where", ["tthc.toml", "--config", "command line"])
def test_catalog_setting(here, argv, where, run):
    extra = []
    if where == "tthc.toml":
        toml(here, 'catalog = "danh-muc"\n')
    elif where == "--config":
        extra = ["--config", toml(here, 'catalog = "danh-muc"\n', "khac.toml")]
    else:
        toml(here, 'catalog = "khong-co"\n')
        extra = ["--catalog", "danh-muc"]
    code, out, err = run(*argv, *extra)
    assert code == 0, err
    assert "Thủ tục riêng của tỉnh" in out
    toml(here, 'catalog = "khong-co"\n')
    code, _, err = run(*argv)
    assert code == 2 and "khong-co" in err


DB_COMMANDS = [["tasks", "--status", "all", "--format", "json"], ["report", "--html", "r.html"],
               ["register", "add", "van-ban", "--no-progress"]]


@pytest.mark.parametrize("argv", DB_COMMANDS, ids=[a[0] for a in DB_COMMANDS])
@pytest.mark.parametrize("where", ["tthc.toml", "--config", "command line"])
def test_db_setting(here, argv, where, run):
    registered(run, here, "so/theo-doi.db")
    extra = []
    if where == "tthc.toml":
        toml(here, 'db = "so/theo-doi.db"\n')
    elif where == "--config":
        extra = ["--config", toml(here / "so", 'db = "theo-doi.db"\n', "khac.toml")]
    else:
        toml(here, 'db = "khong-co.db"\n')
        extra = ["--db", here / "so" / "theo-doi.db"]
    code, out, err = run(*argv, *extra)
    assert code == 0, err
    if argv[0] == "tasks":
        assert json.loads(out)["items"]
    elif argv[0] == "register":
        assert "không đổi 1" in out                              # the same register: nothing new
    assert not (here / "khong-co.db").exists() and not (here / "tthc.db").exists()


@pytest.mark.parametrize("argv, key", [
    (["tasks", "--status", "all", "--format", "json"], "as_of"),
    (["stats", EXPORT, "--format", "json"], "as_of"),
])
def test_as_of_setting(here, argv, key, run):
    registered(run, here)
    toml(here, f'db = "so.db"\n{key} = 2031-01-02\n')
    code, out, err = run(*argv)
    assert code == 0, err
    assert "2031-01-02" in out or "02/01/2031" in out
    code, out, _ = run(*argv, "--as-of", "2030-05-06")                      # the command line wins
    assert "2030-05-06" in out or "06/05/2030" in out


OUTPUTS = [["calendar", "2025", "-o", "{folder}"], ["procedures", "list", "-o", "{folder}"],
           ["procedures", "show", "1.001193", "-o", "{folder}"],
           ["tasks", "--db", "so.db", "--format", "csv", "-o", "{folder}"],
           ["report", "--db", "so.db", "--html", "{folder}"],
           ["stats", EXPORT, "-o", "{folder}"], ["reconcile", EXPORT, EXPORT, "-o", "{folder}"],
           ["calendar", "2025", "-o", "/dev/full"], ["tasks", "--db", "so.db", "--format", "json", "-o", "/dev/full"]]


@pytest.mark.parametrize("argv", OUTPUTS, ids=[" ".join(map(str, a[:2])) + " " + str(a[-1]) for a in OUTPUTS])
def test_an_output_that_cannot_be_written_is_exit_2_with_a_message(here, argv, run):
    registered(run, here)
    (here / "thu-muc").mkdir()
    code, _, err = run(*[str(a).replace("{folder}", str(here / "thu-muc")) for a in argv])
    assert code == 2 and ("thu-muc" in err or "/dev/full" in err)


# reconcile with one side missing has nothing to compare: exit 2 before any output
MISSING = [["register", "add", "khong-co.txt", "--db", "so.db", "--no-progress"],
           ["stats", "khong-co.json"], ["stats", EXPORT, "khong-co.json", "--format", "json", "-o", "s.json"],
           ["reconcile", "khong-co.json", EXPORT], ["reconcile", EXPORT, "khong-co.json"],
           ["tasks", "--db", "khong-co.db"], ["report", "--html", "r.html", "--db", "khong-co.db"]]


@pytest.mark.parametrize("argv", MISSING, ids=[" ".join(map(str, a[:2])) for a in MISSING])
def test_a_missing_path_is_exit_2_naming_it(here, argv, run):
    code, _, err = run(*argv)
    assert code == 2 and "khong-co" in err
    if "-o" in argv:                                    # what could be read is still written
        assert json.loads((here / argv[argv.index("-o") + 1]).read_text(encoding="utf-8"))["total"]
