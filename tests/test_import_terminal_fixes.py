"""`coachlog import` says each problem it prints with its fix, as `coachlog check` does: the command line is
where a QA lead importing an export reads them first."""
from click.testing import CliRunner

from coachlog_xl.cli import main


def test_each_problem_printed_with_its_fix_and_a_repeated_fix_once(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "week.csv"
    CliRunner().invoke(main, ["new", str(book)])
    # a new workbook's Reps sheet is empty: Zed and Yan are two unknown reps (two warnings, one fix); 170 is off 0-100
    export.write_text("Call ID,Agent,Call Date,Criterion,Score\n"
                      "M1,Zed,2026-03-04 14:05,ACK,80\n"
                      "M2,Yan,2026-03-05 14:05,ACK,170\n")
    result = CliRunner().invoke(main, ["import", str(book), str(export), "--dry-run"])
    lines = result.output.splitlines()
    rep_lines = [i for i, line in enumerate(lines) if "warning:" in line and "not on the Reps sheet" in line]
    assert len(rep_lines) == 2  # the second rep's line without the fix said under the first
    assert "fix:" not in lines[rep_lines[1] + 1]
    assert lines[rep_lines[0] + 1].strip().startswith("fix: Add the rep to the Reps sheet")
    assert result.output.count("fix: Add the rep to the Reps sheet") == 1
    scale = next(i for i, line in enumerate(lines) if "score 170 is outside 0-100" in line)
    assert lines[scale + 1].strip().startswith("fix: Check the score")
