"""The generated Excel entry files, imported and run on the in-memory book as Excel would run them."""

from __future__ import annotations

import ast
import datetime as dt
import importlib.util
import shutil
import sys

import pytest
import xlwings as xw
from click.testing import CliRunner

from coachlog_xl import schema
from coachlog_xl.cli import main
from tests.xlbook import MemoryEngine, demo_files, grid_of, normalised

COMPUTED = [s.name for s in schema.COMPUTED_SHEETS]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return demo_files(tmp_path_factory)


def load(path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def lite(tmp_path):
    result = CliRunner().invoke(main, ["lite", str(tmp_path / "lite")])
    assert result.exit_code == 0, result.output
    module = load(tmp_path / "lite" / "main.py", "coachlog_lite_main")
    yield tmp_path / "lite", module
    sys.modules.pop("coachlog_lite_main", None)


def test_lite_refresh_script_gives_the_cells_of_coachlog_refresh(lite, files):
    _, module = lite
    engine = MemoryEngine()
    book = engine.open(files.before())
    module.refresh(book)
    expected = files.after()
    for name in COMPUTED + ["Log"]:
        assert normalised(engine.cells(book, name)) == grid_of(expected[name]), name
    assert engine.cells(book, schema.START)[(3, 2)].startswith("Refreshed ")


def test_lite_check_script_writes_only_checks(lite, files):
    _, module = lite
    engine = MemoryEngine()
    book = engine.open(files.before())
    module.check(book)
    assert engine.written_sheets(book) == {"Checks"}
    assert normalised(engine.cells(book, "Checks")) == grid_of(files.after()["Checks"])


def test_lite_script_turns_our_errors_into_an_xlwings_error(lite, files):
    _, module = lite
    sheets = files.before()
    sheets["Scores"] = []
    del sheets["Settings"]
    with pytest.raises(xw.XlwingsError, match='the sheet "Settings" is missing'):
        module.refresh(MemoryEngine().open(sheets))


def test_lite_worksheet_functions_are_the_core_bodies(lite):
    _, module = lite
    assert module.coachlog_kofn([[90, 80, 79]], 80, 2) == "yes"  # 90 and 80 reach 80
    assert module.coachlog_kofn([[90, 80, 79]], 80, 3) == "no"
    head = ["Call ID", "Rep", "Call date", "Criterion", "Score"]
    rows = [head] + [[f"B{i}", "Ann", dt.datetime(2026, 3, 1 + i, 9), "Hold", s] for i, s in enumerate([60, 70])]
    rows += [[f"A{i}", "Ann", dt.datetime(2026, 3, 12 + i, 9), "Hold", s] for i, s in enumerate([80, 90, 85, 95, 75])]
    session = dt.date(2026, 3, 10)
    assert module.coachlog_window(rows, "Ann", "Hold", session, "before") == pytest.approx((60 + 70) / 2)
    assert module.coachlog_window(rows, "Ann", "Hold", session, "after", 2) == pytest.approx((80 + 90) / 2)
    # follow-up (80+90+85+95+75)/5 = 85 after 5 calls; 85 - 65 = 20; 4 at 80+ and 5 to come of K=7: open
    assert module.coachlog_delta(rows, "Ann", "Hold", session) == [[pytest.approx(20.0), None]]


def test_lite_functions_and_scripts_are_documented_for_excel_users(lite):
    folder, _ = lite
    tree = ast.parse((folder / "main.py").read_text())
    assert ast.get_docstring(tree).startswith("# Coaching log")
    funcs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert {f.name for f in funcs} == {"refresh", "check", "coachlog_kofn", "coachlog_window", "coachlog_delta"}
    for f in funcs:
        decorators = [d.func.id if isinstance(d, ast.Call) else d.id for d in f.decorator_list]
        assert ast.get_docstring(f), f.name
        if f.name.startswith("coachlog_"):
            assert decorators[0] == "func" and "Example: `=" + f.name.upper() in ast.get_docstring(f)
            documented = {d.args[0].value for d in f.decorator_list if isinstance(d, ast.Call)
                          and any(k.arg == "doc" for k in d.keywords)}
            assert documented == {a.arg for a in f.args.args}, f.name
        else:
            assert decorators == ["script"]


def test_lite_requirements_leave_pandas_numpy_and_xlwings_to_lite(tmp_path):
    result = CliRunner().invoke(main, ["lite", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "requirements.txt").read_text().splitlines() == ["coachlog_xl"]
    url = "https://example.org/wheels/coachlog_xl-0.1.0-py3-none-any.whl"
    result = CliRunner().invoke(main, ["lite", str(tmp_path), "--wheel", url])
    assert result.exit_code == 2 and "already exists; pass --force" in result.output
    result = CliRunner().invoke(main, ["lite", str(tmp_path), "--wheel", url, "--force"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "requirements.txt").read_text().splitlines() == [url]


def test_desktop_entry_runs_main_on_the_calling_book(tmp_path, files, monkeypatch):
    book_path = tmp_path / "team_log.xlsx"
    shutil.copy(files.base, book_path)
    result = CliRunner().invoke(main, ["excel", str(book_path)])
    assert result.exit_code == 0, result.output
    entry = load(tmp_path / "team_log.py", "team_log")
    engine = MemoryEngine()
    book = engine.open(files.before(), name="team_log.xlsx")
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: book))
    entry.main()
    expected = files.after()
    for name in COMPUTED + ["Log"]:
        assert normalised(engine.cells(book, name)) == grid_of(expected[name]), name
    checks_only = engine.open(files.before(), name="team_log.xlsx")
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: checks_only))
    entry.check()
    assert engine.written_sheets(checks_only) == {"Checks"}
    sys.modules.pop("team_log", None)


def test_desktop_entry_refuses_names_python_cannot_import_and_missing_books(tmp_path, files):
    bad = tmp_path / "team-log.xlsx"
    shutil.copy(files.base, bad)
    result = CliRunner().invoke(main, ["excel", str(bad)])
    assert result.exit_code == 2
    assert 'runs "import team-log"' in result.output and "team_log.xlsx" in result.output
    assert not (tmp_path / "team-log.py").exists()
    result = CliRunner().invoke(main, ["excel", str(tmp_path / "nowhere.xlsx")])
    assert result.exit_code == 2 and "no such workbook" in result.output
    for name, body in (("export.csv", b"Call ID,Rep\n"), ("renamed.xlsx", b"Call ID,Rep\n")):
        (tmp_path / name).write_bytes(body)  # a CSV, and a CSV renamed .xlsx: neither is a workbook
        result = CliRunner().invoke(main, ["excel", str(tmp_path / name)])
        assert result.exit_code == 2 and "not an Excel workbook (.xlsx or .xlsm)" in result.output, result.output
        assert not (tmp_path / name).with_suffix(".py").exists()


def test_lite_functions_turn_an_unusable_argument_into_an_xlwings_error(lite):
    _, module = lite
    with pytest.raises(xw.XlwingsError, match="k: '0' is not a whole number") as info:
        module.coachlog_kofn([[90]], 80, 0)
    assert info.value.__cause__ is None and info.value.__suppress_context__
    table = [["Call ID", "Rep", "Call date", "Criterion", "Score"], ["A1", "Ann", 46090.4, "Hold", 90]]
    with pytest.raises(xw.XlwingsError, match="date: 'soon' is not a date"):
        module.coachlog_window(table, "Ann", "Hold", "soon")
    with pytest.raises(xw.XlwingsError, match="rep: give one cell or value"):
        module.coachlog_delta(table, [["Ann", "Bo"]], "Hold", 46091)


def test_lite_rep_argument_says_the_function_sees_only_the_scores_table(lite):
    folder, module = lite
    table = [["Call ID", "Rep", "Call date", "Criterion", "Score"]]
    table += [[f"C{i}", "jo.kim@acme.example", 46080.5 + i, "Hold", 60 + i] for i in range(3)]
    # the Reps sheet would map "Jo Kim" to this email; the function cannot see it, so only the spelling
    # of the table finds the calls: (60 + 61 + 62) / 3 = 61
    assert module.coachlog_window(table, "Jo Kim", "Hold", 46091) is None
    assert module.coachlog_window(table, "jo.kim@acme.example", "Hold", 46091) == pytest.approx(61.0)
    tree = ast.parse((folder / "main.py").read_text())
    docs = [d.keywords[0].value.value for f in tree.body if isinstance(f, ast.FunctionDef) for d in f.decorator_list
            if isinstance(d, ast.Call) and d.args and getattr(d.args[0], "value", None) == "rep"]
    assert len(docs) == 2 and all("Reps sheet spells" not in d and "does not see the Reps sheet" in d for d in docs)
