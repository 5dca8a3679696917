"""A sheet of a manager's own whose name starts with Scores ("Scores by month", a summary with formulas) is
read as a Scores paste, as every such sheet is; the error that names its missing columns says so, and how to
keep it (rename the sheet), besides how to read it as an export."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from coachlog_xl import api
from tests import fidelity_kit as kit

RENAME = ("If Scores by month is not a QA export but a sheet of your own, rename it so that its name does not "
          "start with Scores: every sheet whose name does is read as scores.")


def test_a_summary_sheet_named_scores_something_is_told_to_be_renamed(tmp_path):
    book = tmp_path / "team.xlsx"
    kit.base_workbook(book)
    wb = load_workbook(book)
    mine = wb.create_sheet("Scores by month")
    mine.append(["Month", "Average score"])
    mine.append(["2026-02", 65])
    wb.save(book)
    checks = api.compute_file(book, as_of=dt.date(2026, 4, 30)).checks
    missing = checks[checks["code"] == "missing-column"]
    # no call id, rep or call date, and (its Average score an overall score, as a wide export's is) no criterion
    # or score column
    assert set(missing["sheet"]) == {"Scores by month"} and len(missing) == 5
    assert all(fix.endswith(RENAME) for fix in missing["fix"])


def test_the_scores_sheet_itself_is_not_told_to_be_renamed(tmp_path):
    book = tmp_path / "team.xlsx"
    kit.base_workbook(book)
    wb = load_workbook(book)
    ws = wb["Scores"]
    ws["A1"] = "Ticket"  # the call id's header renamed away
    wb.save(book)
    checks = api.compute_file(book, as_of=dt.date(2026, 4, 30)).checks
    missing = checks[checks["code"] == "missing-column"]
    assert list(missing["sheet"]) == ["Scores"]
    assert "rename it so that its name" not in missing["fix"].iloc[0]
