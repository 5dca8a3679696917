"""The command line through click's runner: exit codes, messages, no tracebacks."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.cli import main
from tests.wbkit import one_team_demo


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("name", ["team.xltm", "team.xltx", "team.xlsm"])
def test_new_and_demo_refuse_a_name_excel_would_not_open_their_workbook_under(tmp_path, name):
    # both write an .xlsx package (no macros, not a template): Excel refuses it under any other extension
    for command in ("new", "demo"):
        out = run(command, tmp_path / name)
        assert out.exit_code == 2 and "must end in .xlsx" in out.output, (command, out.output)
        assert not (tmp_path / name).exists()


def test_new_refuses_to_overwrite_without_force(tmp_path):
    path = tmp_path / "team.xlsx"
    assert run("new", path).exit_code == 0
    again = run("new", path)
    assert again.exit_code == 2
    assert "already exists" in again.output and "--force" in again.output
    path.write_bytes(b"the team's own file")  # (what --force replaces is kept, as its help says)
    assert run("new", path, "--force").exit_code == 0
    (kept,) = [p for p in tmp_path.iterdir() if p.name.startswith("team.before-new-")]
    assert kept.read_bytes() == b"the team's own file"
    assert not (tmp_path / "team.xlsx.bak").exists()


def test_new_workbook_has_every_sheet_in_order(tmp_path):
    path = tmp_path / "team.xlsx"
    run("new", path)
    assert load_workbook(path).sheetnames == list(schema.SHEET_ORDER)


def test_refresh_of_a_missing_file_is_a_clear_error(tmp_path):
    result = run("refresh", tmp_path / "nope.xlsx")
    assert result.exit_code == 2
    assert "no such file" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["refresh"], ["check"], ["repair"], ["refresh", "--no-cache"]])
def test_a_command_on_a_missing_file_leaves_nothing_in_its_folder(tmp_path, command):
    (tmp_path / ".nope.xlsx.coachlog-done").write_text("{}")  # (a refresh's record: check asks under the lock)
    result = run(*command, tmp_path / "nope.xlsx")
    assert result.exit_code == 2 and "no such file" in result.output, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [".nope.xlsx.coachlog-done"]


def test_refresh_of_a_file_that_is_not_a_workbook_is_a_clear_error(tmp_path):
    path = tmp_path / "scores.xlsx"
    path.write_text("call_id,rep,score\n1,Ann,80\n")
    result = run("refresh", path)
    assert result.exit_code == 2
    assert "not an .xlsx workbook" in result.output and "coachlog import" in result.output
    assert path.read_text() == "call_id,rep,score\n1,Ann,80\n"


def test_refresh_with_a_renamed_sheet_names_the_sheet_and_the_fix(tmp_path):
    path = tmp_path / "team.xlsx"
    run("new", path)
    wb = load_workbook(path)
    wb["Log"].title = "Coaching"
    wb.save(path)
    before = path.read_bytes()
    result = run("refresh", path)
    assert result.exit_code == 2
    assert 'the sheet "Log" is missing' in result.output and 'rename it back to "Log"' in result.output
    assert path.read_bytes() == before


def test_a_scores_sheet_renamed_to_another_scores_name_is_read(tmp_path):
    # every sheet whose name starts with Scores is read: "Scores Jan-Jun" is the paste's sheet still.
    # One team of the demo: 13 sessions whose Follow-up rows all come from the renamed sheet's 2,118 calls.
    path = one_team_demo(tmp_path / "demo.xlsx")
    wb = load_workbook(path)
    want = [[c.value for c in r] for r in wb["Follow-up"].iter_rows()]
    wb["Scores"].title = "Scores Jan-Jun"
    wb.save(path)
    result = run("refresh", path, "--as-of", "2026-06-30")
    assert result.exit_code == 0, result.output
    got = load_workbook(path)["Follow-up"]
    assert [[c.value for c in r] for r in got.iter_rows()] == want


def test_refresh_with_a_removed_tool_column_names_it(tmp_path):
    path = tmp_path / "team.xlsx"
    run("new", path)
    wb = load_workbook(path)
    head = [c.value for c in wb["Log"][1]]
    wb["Log"].cell(row=1, column=head.index("Baseline n") + 1, value="My notes")
    wb.save(path)
    result = run("refresh", path)
    assert result.exit_code == 2
    assert "Baseline n" in result.output and 'sheet "Log", row 1' in result.output


def test_bad_as_of_date_is_rejected_with_the_format(tmp_path):
    path = tmp_path / "team.xlsx"
    run("new", path)
    result = run("refresh", path, "--as-of", "31/03/2026")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def _book_with_problem(tmp_path):
    path = tmp_path / "team.xlsx"
    run("new", path)
    wb = load_workbook(path)
    ws = wb["Log"]
    head = [c.value for c in ws[1]]
    ws.cell(row=2, column=head.index("Session ID") + 1, value="S-9")
    ws.cell(row=2, column=head.index("Rep") + 1, value="Ann Lee")
    ws.cell(row=2, column=head.index("Session date") + 1, value=dt.date(2026, 3, 2))
    ws.cell(row=2, column=head.index("Targeted criterion") + 1, value="communication")
    wb.save(path)
    return path


def test_check_prints_grouped_problems_and_exits_1_on_an_error(tmp_path):
    path = _book_with_problem(tmp_path)
    before = path.read_bytes()
    result = run("check", path, "--as-of", "2026-04-30")
    assert result.exit_code == 1
    assert "ERRORS" in result.output and "broad-theme" in result.output
    assert "Log row 2" in result.output and "fix:" in result.output
    assert path.read_bytes() == before  # check writes nothing


def test_check_exits_0_when_there_are_only_warnings(tmp_path):
    path = tmp_path / "team.xlsx"
    run("new", path)
    result = run("check", path)
    assert result.exit_code == 0, result.output


def test_the_command_as_a_process_keeps_its_output_and_exit_codes(tmp_path):
    import subprocess
    import sys

    def command(*args):
        return subprocess.run([sys.executable, "-m", "coachlog_xl.cli", *map(str, args)], capture_output=True,
                              text=True, cwd=tmp_path)

    made = command("new", tmp_path / "team.xlsx")
    assert made.returncode == 0 and "Wrote" in made.stdout
    assert load_workbook(tmp_path / "team.xlsx").sheetnames == list(schema.SHEET_ORDER)
    missing = command("refresh", tmp_path / "nope.xlsx")
    assert missing.returncode == 2 and "no such file" in missing.stderr and "Traceback" not in missing.stderr
    assert command("refresh", "--no-such-option", tmp_path / "team.xlsx").returncode == 2  # click's usage error
    refreshed = command("refresh", "--as-of", "2026-03-01", tmp_path / "team.xlsx")
    assert refreshed.returncode == 0 and "Refreshed" in refreshed.stdout


def test_a_very_long_value_is_cut_to_its_start_in_the_terminal(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    assert run("new", book).exit_code == 0
    name = "Dana " + "y" * 40_000
    export.write_text(f"Call ID,Rep,Call date,Criterion,Score\nK1,{name},2026-03-04 09:00,ACK,80\n")
    result = run("import", book, export)
    said = [line for line in result.output.splitlines() if "Dana yyy" in line]
    assert said and all(len(line) < 1000 for line in said)
    assert any(f'"{name[:60]}…"' in line for line in said)


def test_a_very_long_value_holding_a_quote_of_its_own_is_cut_too(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    assert run("new", book).exit_code == 0
    name = 'Dana 5"" ' + "y" * 40_000  # Dana 5" yyy... as the CSV field holds it
    export.write_text(f'Call ID,Rep,Call date,Criterion,Score\nK1,"{name}",2026-03-04 09:00,ACK,80\n')
    said = [line for line in run("import", book, export).output.splitlines() if "yyy" in line]
    assert said and all(len(line) < 1000 for line in said)


def test_the_words_between_two_short_quoted_names_are_said_whole(tmp_path):
    # two quoted names 84 characters apart: neither is over 80 characters, so nothing is cut
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    assert run("new", book).exit_code == 0
    reps = load_workbook(book)
    reps["Reps"].append(["Dana Cruz"])
    reps.save(book)
    export.write_text("Call ID,Rep,Call date,Criterion,Score\nK1,Dána Cruz,2026-03-04 09:00,ACK,80\n", encoding="utf-8")
    said = [line for line in run("import", book, export).output.splitlines() if '"Dána Cruz"' in line]
    assert said and all("…" not in line for line in said)
    assert all('Did you mean "Dana Cruz"?' in line for line in said)


def test_memory_running_out_is_said_without_a_traceback(tmp_path, monkeypatch):
    from coachlog_xl import api

    def too_big(*args, **kwargs):
        raise MemoryError

    path = tmp_path / "team.xlsx"
    assert run("new", path).exit_code == 0
    monkeypatch.setattr(api, "refresh_file", too_big)
    result = run("refresh", path)
    assert result.exit_code == 2 and "memory ran out; nothing was written" in result.output
    assert "Traceback" not in result.output


def test_a_long_message_without_a_quoted_value_is_said_whole():
    from coachlog_xl.core.wording import shortened

    # a baseline held for Scores rows that could not be counted: over 500 characters of the message's own
    words = ("Log row 3: S2: the baseline is not recorded yet: Scores rows that may be Marco Ruiz's on this criterion "
             "could not be counted (a blank call id, rep or criterion, an unreadable or blank call date or score, "
             "scores in conflict, or a rep or criterion name close to this one; see the Scores rows above), and one "
             "of them may belong in the baseline. It is shown as provisional. Fix those Scores rows (or add the "
             "spelling to the rep's Other names or the criterion's ID), or type a reason in their Exclude cells.")
    assert len(words) > 500 and shortened(words) == words
    assert shortened('rep "Dana 5" ' + "y" * 40_000
                  + '" is not on Reps') == 'rep "Dana 5" ' + "y" * 59 + "…" + "y" * 200 + '" is not on Reps'


def test_a_message_without_a_quote_is_cut_only_where_a_run_reaches_900_characters():
    from coachlog_xl.core.wording import shortened

    # no quote at all: 899 characters are said whole; a run of 900 is cut to its first 60, an ellipsis and its
    # last 200 (where a value not quoted is followed by the message's own words: "(yyy…) is used.")
    assert shortened("x" * 899) == "x" * 899
    assert shortened("x" * 900) == "x" * 60 + "…" + "x" * 200
    assert shortened("a\n" + "x" * 900) == "a\n" + "x" * 60 + "…" + "x" * 200
    assert shortened("value (" + "y" * 5000 + ") is used.") == "value (" + "y" * 53 + "…" + "y" * 190 + ") is used."
    # a quoted value holding line breaks (a cell typed over several lines) is one value
    assert shortened('criterion "' + "a\nb" * 300 + '" is not on the Criteria sheet.') \
        == 'criterion "' + ("a\nb" * 20)[:60] + '…" is not on the Criteria sheet.'


def test_a_folder_given_for_a_file_is_named_with_the_file_to_give_instead(tmp_path):
    folder = tmp_path / "team files"
    folder.mkdir()
    workbook = tmp_path / "team.xlsx"
    assert run("new", workbook).exit_code == 0
    for args, example in [(["new", folder], "team.xlsx"), (["refresh", folder], "team.xlsx"),
                          (["check", folder], "team.xlsx"), (["repair", folder], "team.xlsx"),
                          (["demo", folder], "team.xlsx"), (["excel", folder], "team.xlsx"),
                          (["template", folder], "team.xlsx"), (["import", folder, workbook], "team.xlsx"),
                          (["import", workbook, folder], "export.csv")]:
        result = run(*args)
        assert result.exit_code == 2, args
        assert f"{folder} is a folder, not a file. Give the path of the file in it, e.g. '{folder / example}'." \
            in " ".join(result.output.split()), args
        assert "Traceback" not in result.output
    assert list(folder.iterdir()) == []


def test_a_file_given_for_the_lite_folder_is_named_with_a_folder_to_give_instead(tmp_path):
    export = tmp_path / "export.csv"
    export.write_text("call_id\n1\n")
    result = run("lite", export)
    assert result.exit_code == 2
    assert f"{export} is a file, not a folder. Give the folder to write into (it is made when missing), e.g. " \
           f"{tmp_path / 'lite'}." in " ".join(result.output.split())
    assert export.read_text() == "call_id\n1\n" and sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]
    assert run("lite", tmp_path / "lite").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "lite").iterdir()) == ["main.py", "requirements.txt"]


def test_the_import_counts_its_calls_criteria_and_reps_in_the_number_each_takes(tmp_path):
    book = tmp_path / "team.xlsx"
    assert run("new", book).exit_code == 0
    one = tmp_path / "one.csv"
    one.write_text("call_id,agent,date,criterion,score\n1,Dana Cruz,2026-01-01,Greets,80\n", encoding="utf-8")
    assert "one.csv: 1 score of 1 call on 1 criterion for 1 rep.\n" in run("import", book, one, "--dry-run").output
    two = tmp_path / "two.csv"
    two.write_text("call_id,agent,date,criterion,score\n1,Dana Cruz,2026-01-01,Greets,80\n"
                   "2,Lee Park,2026-01-02,Holds,90\n", encoding="utf-8")
    assert "two.csv: 2 scores of 2 calls on 2 criteria for 2 reps.\n" in run("import", book, two, "--dry-run").output


def test_an_empty_export_is_named_with_how_to_get_one_that_holds_rows(tmp_path):
    book = tmp_path / "team.xlsx"
    assert run("new", book).exit_code == 0
    before = book.read_bytes()
    export = tmp_path / "week.csv"
    export.write_bytes(b"")
    result = run("import", book, export)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (f"{export}: the file holds no rows (no header, no scores). Export it again from the QA platform, its "
            "header row included, or give the export you meant.") in " ".join(result.output.split())
    assert book.read_bytes() == before


def test_a_workbook_without_settings_is_sent_to_repair_which_brings_the_defaults_back(tmp_path):
    path = tmp_path / "team.xlsx"
    run("new", path)
    wb = load_workbook(path)
    del wb["Settings"]
    wb.save(path)
    before = path.read_bytes()
    for command in ("refresh", "check"):
        result = run(command, path)
        assert result.exit_code == 2 and "Traceback" not in result.output
        said = " ".join(result.output.split())
        assert 'the sheet "Settings" is missing' in said and "coachlog repair" in said
        assert "with its default values" in said and "cannot add it in place" in said and "six tables" in said
        assert "re-create it empty" not in said  # (it comes back filled with the defaults)
        assert path.read_bytes() == before
    assert run("repair", path).exit_code == 0
    settings = load_workbook(path)["Settings"]
    defaults = {s.label: s.default for s in schema.SETTINGS_ITEMS}
    assert {r[0]: r[1] for r in settings.iter_rows(min_row=2, max_col=2, values_only=True) if r[0] in defaults} \
        == defaults
    assert run("refresh", path, "--as-of", "2026-03-01").exit_code == 0


def test_repair_defines_again_the_dropdown_lists_excel_broke_as_it_deleted_settings(tmp_path):
    # Excel, deleting the Settings sheet, turns the names of the lists read from it into #REF!
    path = tmp_path / "team.xlsx"
    run("new", path)
    wb = load_workbook(path)
    del wb["Settings"]
    broken = "OFFSET(#REF!,0,0,MAX(1,COUNTA(#REF!)-1),1)"
    for name in ("CallTypeList", "MethodList", "SupervisorList"):
        wb.defined_names[name].attr_text = broken
    wb.save(path)
    assert run("repair", path).exit_code == 0
    names = load_workbook(path).defined_names
    # the template's columns of those lists on Settings: E (call types), G (methods), I (supervisors)
    for name, col in (("CallTypeList", "E"), ("MethodList", "G"), ("SupervisorList", "I")):
        assert names[name].attr_text == f"OFFSET('Settings'!${col}$2,0,0,MAX(1,COUNTA('Settings'!${col}:${col})-1),1)"
    assert names["RepList"].attr_text == "OFFSET('Reps'!$A$2,0,0,MAX(1,COUNTA('Reps'!$A:$A)-1),1)"  # (untouched)
