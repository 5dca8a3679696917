"""An export naming a redefined criterion with a version after its name (``Empathy - update Jan8``): the advice
for it gives the Criteria row of a new version first, and following it keeps the two definitions apart (domain.md,
Criteria: a definition change is a new row; comparability condition 2)."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.cli import main
from coachlog_xl.core.checks import Code
from coachlog_xl.core.versionnames import version_suffix
from tests.session_kit import one_session_book

RENAMED = "Empathy - update Jan8"


def _run(*args: str) -> None:
    result = CliRunner().invoke(main, [*args])
    assert result.exit_code == 0, result.output


def _follow_up(book) -> dict:
    rows = list(load_workbook(book, read_only=True)["Follow-up"].iter_rows(values_only=True))
    got = dict(zip(rows[0], rows[1]))
    keys = ("baseline_n", "baseline_mean", "followup_n", "followup_mean", "definition_unchanged", "valid", "suggested")
    return {k: got[schema.FOLLOWUP.column(k).header] for k in keys}


def test_a_criterion_renamed_with_a_version_is_advised_a_new_version_row_which_keeps_the_definitions_apart(tmp_path):
    # Session on 2026-03-10 (date only) on Empathy.  Ten calls before it score Empathy 60, ten after it score
    # "Empathy - update Jan8" 90 (the platform renamed the criterion as its definition changed).  The advice puts
    # first a Criteria row of the same id, the new name, a Version and an Effective from date (2026-03-11, the day
    # the new version's scores begin).  Followed: baseline 10 x 60 = 60, follow-up 10 x 90 = 90, the same criterion
    # in both windows, but a version of it takes effect between the first baseline call and the last follow-up
    # call: definition unchanged "no", not valid, the decision "continue".  (Added to its Other names instead,
    # the two were one definition: "yes", valid, threshold met, "close".)
    book = tmp_path / "team.xlsx"
    one_session_book(book, session_id="S-1", rep="Dana Cruz", session_date=dt.date(2026, 3, 10), criterion="Empathy")
    export = tmp_path / "qa.csv"
    with export.open("w", newline="") as fh:
        csv.writer(fh).writerows(
            [["qa_id", "agent_id", "Start Time", "Empathy", RENAMED],
             *[[f"B{i}", "Dana Cruz", f"2026-03-0{i % 9 + 1} 1{i}:00", 60, ""] for i in range(10)],
             *[[f"F{i}", "Dana Cruz", f"2026-03-{11 + i} 10:00", "", 90] for i in range(10)]])
    _run("import", str(book), str(export))
    _run("refresh", str(book), "--as-of", "2026-04-20", "--no-backup")
    [fix] = [r[7] for r in load_workbook(book, read_only=True)["Checks"].iter_rows(min_row=2, values_only=True)
             if r[5] == Code.UNKNOWN_SCORE_CRITERION.value and r[4] == RENAMED]
    assert fix.index("Version") < fix.index("Effective from") < fix.index("Adding this spelling"), fix
    wb = load_workbook(book)
    criteria = wb["Criteria"]
    head = [c.value for c in criteria[1]]
    for key, value in (("criterion_id", "EMP"), ("name", RENAMED), ("version", "v2"),
                       ("effective", dt.date(2026, 3, 11))):
        criteria.cell(3, head.index(schema.CRITERIA.column(key).header) + 1, value)
    wb.save(book)
    _run("refresh", str(book), "--as-of", "2026-04-20", "--no-backup")
    assert _follow_up(book) == {"baseline_n": 10, "baseline_mean": 60, "followup_n": 10, "followup_mean": 90,
                                "definition_unchanged": "no", "valid": "no", "suggested": "continue"}


@pytest.mark.parametrize(("name", "suffix"), [
    ("Empathy - update Jan8", "update Jan8"), ("Empathy (v2)", "v2"), ("Empathy rev 3", "rev 3"),
    ("Empathy 2026-01-08", "2026-01-08"), ("EMPATHY - Updated 8 Jan 2026", "Updated 8 Jan 2026"),
    ("Empathy statement count", None), ("EMPATHY.", None), ("Empathyv2", None), ("Empathy", None)])
def test_a_version_after_the_name_is_told_from_another_item_of_the_scorecard(name, suffix):
    assert version_suffix(name, "Empathy") == suffix
