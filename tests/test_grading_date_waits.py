"""An export dated by its grading date alone (no call date column) records no baseline its rows may be calls in:
windows use the call date, never the grading date (domain.md, "Which calls count"), and a baseline recorded once on
grading dates would stay after the call dates come. The session S-1: Dana Cruz, Empathy, 2025-03-10, 3 calls."""

from __future__ import annotations

import datetime as dt

from coachlog_xl import schema
from coachlog_xl.core.checks import Code
from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.core.refresh import compute
from tests.rules_kit import AS_OF, CRIT, REP, D, calls, session
from tests.test_export_readings import DATED, _checks, _dated_export, _figures, _imported
from tests.wbkit import records, run


def _headermap_line(book, header: str) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(book)
    settings = wb["Settings"]
    fields = [c.column for c in settings[1] if c.value == "Field"][0]
    row = next(r for r in range(2, settings.max_row + 2) if settings.cell(row=r, column=fields).value is None)
    settings.cell(row=row, column=fields, value="call_at")
    settings.cell(row=row, column=fields + 1, value=header)
    wb.save(book)


def test_rows_dated_by_their_grading_date_hold_the_baseline_until_their_call_dates_are_read(tmp_path):
    assert DATED[2] == ("c3", "2025-03-06", "2025-03-12", 70)  # taken before the session, graded after it
    book, _ = _imported(tmp_path, _dated_export("Ticket Opened"))
    # by grading date the baseline would be c1, c2 (graded 03-04, 03-05): 50, 60 -> 55, n 2, recorded for good,
    # where c3, called on 03-06, belongs in it. Now it is shown as provisional (2, 55) and nothing is recorded
    assert _figures(book)[:2] == (2, 55)
    log = records(book, "Log")[0]
    assert (log["Baseline n"], log["Baseline mean"], log["Baseline recorded on"]) == (None, None, None)
    [held] = [r for r in records(book, "Checks") if r["Code"] == Code.BASELINE_HELD.value]
    assert (held["Sheet"], held["Row"]) == ("Log", 2) and "grading date" in held["Problem"]
    # the export's rows hold the baseline: its grading-date row is an error, saying that the baselines wait, and the
    # fix reads the call dates; Exclude is offered only for rows that are no call to count (it drops them)
    [used] = _checks(book, Code.GRADING_DATE_HOLDS)
    assert used["Severity"] == "error" and not _checks(book, Code.GRADING_DATE_USED)
    assert "while its rows lack call dates, every baseline one of them may be a call in waits" in used["Problem"]
    assert "add a Call date column to these rows" in used["How to fix"]
    assert "HeaderMap" in held["How to fix"] and "a Call date column added to those rows by hand" in held["How to fix"]
    assert "Type a reason in Exclude only for a row that is no call to count" in held["How to fix"]
    assert "a baseline of 0 calls, recorded for good" in held["How to fix"]
    # the HeaderMap line the warning offers: dated by their call dates, the baseline is c1, c2, c3 = 50, 60, 70 ->
    # 180 / 3 = 60, n 3, recorded; the follow-up c4, c5, c6 = 80, 90, 100 -> 90
    _headermap_line(book, "Ticket Opened")
    assert run("refresh", book, "--as-of", "2025-04-30", "-q").exit_code == 0
    assert _figures(book) == (3, 60, 3, 90, "c4, c5, c6")
    log = records(book, "Log")[0]
    assert (log["Baseline n"], log["Baseline mean"]) == (3, 60)
    assert not _checks(book, Code.BASELINE_CHANGED) and not _checks(book, Code.BASELINE_HELD)


def _with_export_below(graded_on: dt.datetime, reps: tuple[str, ...] = (REP,)):
    """Ann Lee's ten calls 28 February - 9 March 2026 (date cells) in the template's paste, before the date-only
    session of 10 March: a full baseline window (N = 10) from 28 February, scores 60 ... 69, sum 645, mean 64.5; and
    below it an export without a call date column, one row of hers graded on ``graded_on``."""
    heads = list(schema.SCORES.headers)
    named = {c.key: c.header for c in schema.SCORES.columns}
    template = [[{named.get(k, k): v for k, v in r.items()}.get(h) for h in heads]
                for r in calls([60, 62, 64, 66, 68, 70, 58, 62, 66, 69], D(2026, 2, 28), hour=None)]
    pad = [None] * (len(heads) - 5)
    export = [["Conversation ID", "Agent Name", "date_graded", "Criterion", "Score", *pad],
              ["g1", REP, graded_on, CRIT, 90, *pad]]
    inputs = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1",
                                               "effective": D(2025, 1, 1)}], reps=[{"rep": r} for r in reps],
                                    log=[session()])
    inputs.scores = [RawTable.from_rows("Scores", heads, [*template, [None] * len(heads), *export])]
    return compute(inputs, as_of=AS_OF)


def test_a_row_graded_after_the_session_alone_holds_the_baseline():
    # graded on 11 March, the day after the session: its call may be on any day up to 11 March, so inside the window
    # of 28 February - 9 March. Placed by its grading date it is in the follow-up, and the ten dated calls alone would
    # be recorded (64.5, n 10) for good; it waits, and the export's row is the error
    held = _with_export_below(dt.datetime(2026, 3, 11, 9))
    assert held.log_updates.empty
    said = held.checks.set_index("code")
    assert said.loc["baseline-not-recorded", "row"] == 2
    assert said.loc["grading-date-holds-baseline", "severity"] == "error"
    # graded on 27 February, before the window's first day (its call on that day or before): it holds nothing,
    # the baseline of the ten calls, 64.5, n 10, is recorded, and the export's row stays the warning
    free = _with_export_below(dt.datetime(2026, 2, 27, 9))
    assert list(free.log_updates["baseline_n"]) == [10] and list(free.log_updates["baseline_mean"]) == [64.5]
    assert "grading-date-used" in set(free.checks["code"])
    assert "grading-date-holds-baseline" not in set(free.checks["code"])


def _two_exports_below():
    """Ann Lee's ten dated calls of :func:`_with_export_below` (window 28 February - 9 March, 64.5), and below them two
    exports without a call date column, each under its own header: the first (header row 13) with her row graded on
    11 March, the second (header row 16) with her row graded on 20 February."""
    heads = list(schema.SCORES.headers)
    named = {c.key: c.header for c in schema.SCORES.columns}
    template = [[{named.get(k, k): v for k, v in r.items()}.get(h) for h in heads]
                for r in calls([60, 62, 64, 66, 68, 70, 58, 62, 66, 69], D(2026, 2, 28), hour=None)]
    pad = [None] * (len(heads) - 5)
    late = [["Conversation ID", "Agent Name", "date_graded", "Criterion", "Score", *pad],
            ["g1", REP, dt.datetime(2026, 3, 11, 9), CRIT, 90, *pad]]
    early = [["ticket_id", "Agent", "Graded on", "Criterion", "Score", *pad],
             ["t1", REP, dt.datetime(2026, 2, 20, 9), CRIT, 40, *pad]]
    blank = [None] * len(heads)
    inputs = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1",
                                               "effective": D(2025, 1, 1)}], reps=[{"rep": REP}], log=[session()])
    # rows: 1 the template's header, 2-11 the ten calls, 12 blank, 13-14 the first export, 15 blank, 16-17 the second
    inputs.scores = [RawTable.from_rows("Scores", heads, [*template, blank, *late, blank, *early])]
    return compute(inputs, as_of=AS_OF)


def test_of_two_exports_dated_by_their_grading_date_only_the_one_whose_rows_hold_the_baseline_is_the_error():
    # the row graded on 11 March (first export) may be a call of 28 February - 9 March, inside the full window: the
    # baseline waits and that export's row is the error. The row graded on 20 February (second export) is a call of
    # 20 February or before, before the window's first day, 28 February: it holds nothing, so that export's row
    # stays the warning, though it is on the same sheet and of the same rep and criterion
    r = _two_exports_below()
    assert r.log_updates.empty
    said = sorted((c, s, row) for c, s, row in zip(r.checks["code"], r.checks["severity"], r.checks["row"])
                  if c.startswith("grading-date"))
    assert said == [("grading-date-holds-baseline", "error", 13), ("grading-date-used", "warning", 16)]


def test_a_held_session_makes_the_error_whatever_its_checks_row_says(monkeypatch):
    # the session held by the row graded on 11 March (:func:`_with_export_below`) makes the export's row the error
    # however the held session's Checks row is worded: the holding is told by the rows that hold it, not by its words
    from coachlog_xl.core import gradingdate

    real = gradingdate.held
    monkeypatch.setattr(gradingdate, "held", lambda s: (*real(s)[:5], "Reworded: the baseline waits.", real(s)[6]))
    held = _with_export_below(dt.datetime(2026, 3, 11, 9))
    said = held.checks.set_index("code")
    assert said.loc["baseline-not-recorded", "problem"] == "Reworded: the baseline waits."
    assert said.loc["grading-date-holds-baseline", "severity"] == "error"
    assert "grading-date-used" not in set(held.checks["code"])


def test_a_session_waiting_first_for_another_reason_still_makes_its_grading_date_export_the_error():
    # the session's rep is not on the Reps sheet (only Bo Park is): its baseline waits for that first; the row graded
    # on 11 March may still be a call of 28 February - 9 March, inside its window, so the export's row is the error now,
    # not only after the Reps sheet is fixed
    held = _with_export_below(dt.datetime(2026, 3, 11, 9), reps=("Bo Park",))
    assert held.log_updates.empty
    said = held.checks.set_index("code")
    assert said.loc["baseline-not-recorded", "field"] == "Rep"  # held for its rep first
    assert said.loc["grading-date-holds-baseline", "severity"] == "error"
    assert "grading-date-used" not in set(held.checks["code"])
