"""End to end: a new workbook filled through openpyxl as a person would, refreshed by the CLI,
reopened and read back; input cells untouched, a second refresh identical, LibreOffice opens it."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.cli import main
from tests.wbkit import records, snapshot, soffice_convert, tool_columns_of_log

CRIT = "Acknowledges the concern before troubleshooting"
# domain.md's worked example: twelve calls before the session (the last ten average 64.5),
# two on the session day, eleven after it (the first ten: 70 75 80 85 82 88 90 79 84 86).
BEFORE = [95, 91] + [60, 62, 64, 66, 68, 70, 58, 62, 66, 69]  # (60+62+64+66+68+70+58+62+66+69)/10 = 645/10
SAME_DAY = [40, 99]
AFTER = [70, 75, 80, 85, 82, 88, 90, 79, 84, 86, 20]
HOSTILE = "=cmd|' /C calc'!A0"


def _type_row(ws, row: int, sheet: schema.Sheet, values: dict) -> None:
    """Type values into a row, cell by cell, by header."""
    head = [c.value for c in ws[1]]
    for key, value in values.items():
        ws.cell(row=row, column=head.index(sheet.column(key).header) + 1, value=value)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("e2e") / "team.xlsx"
    result = CliRunner().invoke(main, ["new", str(path)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(path)
    _type_row(wb["Criteria"], 2, schema.CRITERIA, {"criterion_id": "ACK", "name": CRIT, "version": "v1",
                                                    "effective": dt.date(2025, 1, 1), "active": "yes"})
    _type_row(wb["Reps"], 2, schema.REPS, {"rep": "Dana Cruz", "other_names": "dcruz@acme.test",
                                            "supervisor": "Lee Park"})
    row = 2
    days = [dt.datetime(2026, 2, d, 10, 0) for d in range(15, 27)]
    for i, (when, score) in enumerate(zip(days, BEFORE)):
        _type_row(wb["Scores"], row, schema.SCORES, {"call_id": f"B{i:02d}", "rep": "dcruz@acme.test",
                                                      "call_at": when, "criterion": "ACK", "score": score,
                                                      "call_type": "inbound"})
        row += 1
    for i, score in enumerate(SAME_DAY):
        _type_row(wb["Scores"], row, schema.SCORES, {"call_id": f"D{i}", "rep": "Dana Cruz",
                                                      "call_at": dt.datetime(2026, 3, 10, 9 + i), "criterion": CRIT,
                                                      "score": score, "call_type": "inbound"})
        row += 1
    for i, score in enumerate(AFTER):
        _type_row(wb["Scores"], row, schema.SCORES, {"call_id": f"F{i:02d}", "rep": "Dana Cruz",
                                                      "call_at": dt.datetime(2026, 3, 11 + i, 15, 30),
                                                      "criterion": CRIT, "score": score, "call_type": "inbound"})
        row += 1
    _type_row(wb["Log"], 2, schema.LOG, {
        "session_id": "S-001", "rep": "Dana Cruz", "supervisor": "Lee Park", "session_date": dt.date(2026, 3, 10),
        "logged_at": dt.datetime(2026, 3, 10, 16, 0), "evidence_call": "B11", "evidence_timestamp": "02:14",
        "evidence_criterion": CRIT, "evidence_score": 69,
        "evidence_quote": "Let me just check the router settings first.",
        "observation": "Went straight to troubleshooting at 00:40 without responding to the customer's frustration.",
        "target": "Acknowledge the customer's concern in one sentence before troubleshooting.",
        "criterion": CRIT, "method": "role-play", "commitment": "I will name the concern before any fix.",
        "summary": "Reviewed call B11 at 02:14; the rep recognised the skipped acknowledgement; practised three "
                   "openings in role-play; agreed to use one on every inbound call.",
        "response": "agreed", "next_step": "Check-in after five calls.",
        "decision": HOSTILE,
    })
    head = [c.value for c in wb["Log"][1]]
    wb["Log"].cell(row=2, column=head.index("Decision") + 1).data_type = "s"  # typed as text, e.g. '=cmd|...
    wb.save(path)
    before = snapshot(path, skip=tool_columns_of_log(path))
    result = CliRunner().invoke(main, ["refresh", str(path), "--as-of", "2026-06-01"])
    assert result.exit_code == 0, result.output
    return path, before, result.output


def test_refresh_summary_says_what_was_computed_and_where(book):
    path, _, output = book
    assert f"Refreshed {path}" in output
    assert "1 session from 25 scores of 25 calls" in output and "1 complete" in output  # 12 + 2 + 11 calls
    assert "1 baseline recorded" in output


def test_followup_has_the_worked_example_numbers(book):
    path, _, _ = book
    rows = records(path, "Follow-up")
    assert len(rows) == 1
    r = rows[0]
    for header in ["Session ID", "Rep", "Criterion", "Baseline n", "Baseline mean", "Follow-up n", "Follow-up mean",
                   "Delta", "Calls at threshold", "Threshold met", "Check-in mean", "Status", "Same criterion",
                   "Definition unchanged", "Call types comparable", "Enough calls", "Valid", "Suggested decision",
                   "Reason"]:
        assert header in r
    assert r["Session ID"] == "S-001" and r["Rep"] == "Dana Cruz" and r["Criterion"] == CRIT
    assert r["Baseline n"] == 10 and r["Baseline mean"] == pytest.approx(64.5)
    # (70+75+80+85+82+88+90+79+84+86)/10 = 819/10
    assert r["Follow-up n"] == 10 and r["Follow-up mean"] == pytest.approx(81.9)
    assert r["Delta"] == pytest.approx(81.9 - 64.5)
    assert r["Calls at threshold"] == 7  # 80 85 82 88 90 84 86
    assert r["Threshold met"] == "yes"
    assert r["Check-in mean"] == pytest.approx((70 + 75 + 80 + 85 + 82) / 5)
    assert r["Status"] == "complete"
    assert [r[k] for k in ("Same criterion", "Definition unchanged", "Call types comparable", "Enough calls",
                           "Valid")] == ["yes"] * 5
    assert r["Suggested decision"] == "close"


def test_baseline_is_recorded_into_the_log_tool_columns(book):
    path, _, _ = book
    log = records(path, "Log")[0]
    assert log["Baseline mean"] == pytest.approx(64.5)
    assert log["Baseline n"] == 10
    assert log["Baseline recorded on"] == dt.datetime(2026, 6, 1)


def test_no_input_cell_changes(book):
    path, before, _ = book
    after = snapshot(path, skip=tool_columns_of_log(path))
    inputs = {s.name for s in schema.INPUT_SHEETS} | {"Settings"}
    assert {k: v for k, v in after.items() if k[0] in inputs} == {k: v for k, v in before.items() if k[0] in inputs}


def test_a_session_with_a_blank_supervisor_is_grouped_under_the_reps_one_and_its_cell_stays_blank(book, tmp_path):
    path = tmp_path / "blank_supervisor.xlsx"
    path.write_bytes(book[0].read_bytes())
    wb = load_workbook(path)
    _type_row(wb["Log"], 3, schema.LOG, {"session_id": "S-002", "rep": "dcruz@acme.test", "criterion": CRIT,
                                         "session_date": dt.date(2026, 3, 20), "method": "call review"})
    wb.save(path)
    before = snapshot(path, skip=tool_columns_of_log(path))
    result = CliRunner().invoke(main, ["refresh", str(path), "--as-of", "2026-06-01", "--no-cache"])
    assert result.exit_code == 0, result.output
    # Dana Cruz's supervisor on Reps is Lee Park; S-001's Log typed him, S-002's Log leaves him blank
    assert {r["Session ID"]: r["Supervisor"] for r in records(path, "Follow-up")} == {"S-001": "Lee Park",
                                                                                      "S-002": "Lee Park"}
    by_supervisor = [r for r in records(path, "Aggregate") if r["By"] == "Supervisor"]
    assert [(r["Group"], r["Sessions"]) for r in by_supervisor] == [("Lee Park", 2)]
    assert [r["Supervisor"] for r in records(path, "Log")] == ["Lee Park", None]
    after = snapshot(path, skip=tool_columns_of_log(path))
    assert {k: v for k, v in after.items() if k[0] == "Log"} == {k: v for k, v in before.items() if k[0] == "Log"}
    said = [r for r in records(path, "Checks") if r["Code"] == "supervisor-from-reps"]
    assert len(said) == 1 and said[0]["Row"] == 3


def test_formula_like_text_stays_text_in_input_and_in_computed_sheets(book):
    path, _, _ = book
    wb = load_workbook(path)
    for sheet in ("Log", "Follow-up"):
        ws = wb[sheet]
        head = [c.value for c in ws[1]]
        cell = ws.cell(row=2, column=head.index("Decision") + 1)
        assert (cell.value, cell.data_type) == (HOSTILE, "s")


def test_computed_sheets_stay_unprotected_so_an_excel_add_in_can_write_them(book):
    path, _, _ = book
    wb = load_workbook(path)
    for sheet in schema.COMPUTED_SHEETS:
        assert not wb[sheet.name].protection.sheet


def test_second_refresh_changes_no_cell_except_the_stamp(book, tmp_path):
    path, _, _ = book
    first = snapshot(path)
    # --no-cache: recomputed and written again (without it an unchanged workbook is left alone)
    result = CliRunner().invoke(main, ["refresh", str(path), "--as-of", "2026-06-01", "--no-cache"])
    assert result.exit_code == 0, result.output
    second = snapshot(path)
    stamp = (schema.START, schema.STAMP_CELL)
    assert {k: v for k, v in first.items() if k != stamp} == {k: v for k, v in second.items() if k != stamp}
    assert "0 baselines recorded" in result.output


def test_refreshed_workbook_opens_in_libreoffice(book, tmp_path):
    path, _, _ = book
    pdf = soffice_convert(path, "pdf", tmp_path)
    assert pdf.stat().st_size > 1000
