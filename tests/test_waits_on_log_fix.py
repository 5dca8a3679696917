"""A session whose Log row names a rep not on the Reps sheet, or a criterion not on the Criteria sheet, waits
for the row to be fixed (docs/rules.md, "Suggested decision" 2): Follow-up and Aggregate name what is off the
lists, not the criterion's calls, and Checks asks for no decision before the row is fixed."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from tests.wbkit import ACK, one_rep_book, records, run, team_book, type_log_rows


def _book(path):
    """Bo Park's ten calls at 60 from 2026-02-28 to 03-09 and ten at 80 from 03-11 to 03-20; S-1 on 2026-03-10
    typed for "Bo Parks" (on no Reps row), S-2 the same day for Bo Park on a criterion misspelled."""
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i if i < 10 else i + 1) for i in range(20)]
    session = {"Session date": dt.datetime(2026, 3, 10), "Development target": "Name the concern first."}
    wb = one_rep_book(path, [(day, 60 if i < 10 else 80) for i, day in enumerate(days)],
                      [{**session, "Session ID": "S-1", "Rep": "Bo Parks"},
                       {**session, "Session ID": "S-2", "Targeted criterion": "Acknowledges the concen"}])
    wb.save(path)


def _refresh(book):
    out = run("refresh", book, "--as-of", "2026-04-30", "-q")
    assert out.exit_code == 0, out.output
    return {r["Session ID"]: r for r in records(book, "Follow-up")}


def _left_out(book, dimension: str) -> dict:
    return {r["Group"]: r["Why left out"] for r in records(book, "Aggregate") if r["By"] == dimension}


def test_a_rep_not_on_reps_is_named_as_the_cause_not_the_criterion(tmp_path):
    book = tmp_path / "team.xlsx"
    _book(book)
    s1 = _refresh(book)["S-1"]
    # no call is scored under "Bo Parks": whether its criterion was scored is not known until the row is fixed
    assert (s1["Status"], s1["Same criterion"], s1["Enough calls"], s1["Valid"], s1["Not valid because"]) == \
        ("expired", None, None, None, "rep not on the Reps sheet")
    assert s1["Suggested decision"] == "continue"
    assert s1["Reason"] == ("its rep is not on the Reps sheet (see Checks), so its baseline is not recorded; decide "
                            "once the Log row is fixed")
    assert _left_out(book, "Rep")["Bo Parks"] == "rep not on the Reps sheet: 1"


def test_a_session_waiting_on_its_log_row_is_asked_for_no_decision_until_it_is_fixed(tmp_path):
    book = tmp_path / "team.xlsx"
    _book(book)
    s2 = _refresh(book)["S-2"]
    assert s2["Reason"] == ("its criterion is not on the Criteria sheet (see Checks), so its baseline is not recorded; "
                            "decide once the Log row is fixed")
    assert [c["Row"] for c in records(book, "Checks") if c["Code"] == "no-outcome"] == []
    # both rows fixed: ten 60s before, ten 80s after, all ten at 80 or more (of 7 needed): close, and now asked
    wb = load_workbook(book)
    wb["Log"]["B2"], wb["Log"]["B3"] = "Bo Park", "Bo Park"
    head = [c.value for c in wb["Log"][1]]
    wb["Log"].cell(row=3, column=head.index("Targeted criterion") + 1, value=ACK)
    wb.save(book)
    fixed = _refresh(book)
    for sid in ("S-1", "S-2"):
        assert (fixed[sid]["Status"], fixed[sid]["Valid"], fixed[sid]["Delta"], fixed[sid]["Suggested decision"]) == \
            ("complete", "yes", 80 - 60, "close")
    assert sorted(c["Row"] for c in records(book, "Checks") if c["Code"] == "no-outcome") == [2, 3]


def test_a_rep_not_on_reps_with_calls_under_that_name_is_judged_on_them(tmp_path):
    # Di Moe (on no Reps row) has ten ACK calls at 90 from 03-11, none before the session of 03-10; Ed Ng (on no
    # Reps row either) twenty Greets calls around it and none on ACK. Calls are scored under both names, so
    # neither rep is waiting to be found: each session is judged on its criterion's calls, which its baseline
    # lacks (0 of 10): Same criterion no, Valid no, as for a listed rep with no call on the criterion.
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("ACK", ACK), ("GRT", "Greets")], ["Bo Park"])
    first = dt.datetime(2026, 2, 28, 10)
    after = [first + dt.timedelta(days=11 + i) for i in range(10)]
    rows = [("Di Moe", day, ACK, 90) for day in after]
    rows += [("Ed Ng", first + dt.timedelta(days=i), "Greets", 60) for i in range(10)]
    rows += [("Ed Ng", day, "Greets", 90) for day in after]
    for i, (rep, day, criterion, score) in enumerate(rows):
        wb["Scores"].append([f"C{i:02d}", rep, day, criterion, score])
    session = {"Session date": dt.datetime(2026, 3, 10), "Development target": "Name the concern first.",
               "Targeted criterion": ACK}
    type_log_rows(wb, [{**session, "Session ID": "S-1", "Rep": "Di Moe"},
                       {**session, "Session ID": "S-2", "Rep": "Ed Ng"}])
    wb.save(book)
    table = _refresh(book)
    for sid in ("S-1", "S-2"):
        row = table[sid]
        assert (row["Baseline n"], row["Same criterion"], row["Valid"]) == (0, "no", "no"), (sid, row)
        assert "rep not on the Reps sheet" not in row["Not valid because"]
    assert (table["S-1"]["Follow-up n"], table["S-2"]["Follow-up n"]) == (10, 0)


@pytest.mark.parametrize(("typed", "off"), [("Acknowledges the concen", "criterion is not on the Criteria sheet"),
                                            (None, "targeted criterion is blank")])
def test_a_recorded_baseline_whose_criterion_went_waits_for_the_log_row_not_for_calls(tmp_path, typed, off):
    # S-1 of 2026-03-10 records its baseline (Bo Park's ten calls at 60 before it) on a refresh that day; then its
    # criterion is misspelled or cleared: no follow-up call can count for it, so "window still open: 0 of 10" and,
    # once the window ends, "window expired with 0 of 10 follow-up calls" would both send the team waiting for
    # calls that never come (docs/rules.md, "Suggested decision" 2)
    book = tmp_path / "team.xlsx"
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i if i < 10 else i + 1) for i in range(20)]
    wb = team_book(book, [("ACK", ACK), ("GRT", "Greets")], ["Bo Park"])
    for i, day in enumerate(days):
        wb["Scores"].append([f"C{i:02d}", "Bo Park", dt.datetime.combine(day, dt.time(10)), ACK, 60 if i < 10 else 80])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Bo Park", "Targeted criterion": ACK,
                        "Session date": dt.datetime(2026, 3, 10), "Development target": "Name the concern first."}])
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-03-10", "-q").exit_code == 0
    wb = load_workbook(book)
    head = [c.value for c in wb["Log"][1]]
    assert (wb["Log"].cell(row=2, column=head.index("Baseline n") + 1).value,
            wb["Log"].cell(row=2, column=head.index("Baseline mean") + 1).value) == (10, 60)
    wb["Log"].cell(row=2, column=head.index("Targeted criterion") + 1).value = typed  # (value=None would keep it)
    wb.save(book)
    for as_of, status in (("2026-03-15", "awaiting calls"), ("2026-04-30", "expired")):
        out = run("refresh", book, "--as-of", as_of, "-q")
        assert out.exit_code == 0, out.output
        s1 = {r["Session ID"]: r for r in records(book, "Follow-up")}["S-1"]
        assert (s1["Status"], s1["Baseline n"], s1["Follow-up n"], s1["Threshold met"], s1["Suggested decision"]) == \
            (status, 10, 0, None, "continue")
        assert s1["Reason"] == f"its {off} (see Checks), so no follow-up call can count; decide once that is fixed"


def test_a_rep_renamed_on_reps_after_the_baseline_was_recorded_waits_for_the_log_row(tmp_path):
    # the exports name Bo Park by e-mail (his Other name); S-1 of 2026-03-10 records its baseline (ten calls at 60)
    # and its window completes (ten at 80: close); then Reps renames him "Bo Parker": the Log's "Bo Park" is on no
    # Reps row and no call is under that name, so none counts for S-1 until the row is fixed. Not valid because
    # says so (not that the baseline's calls are gone), the reason says no call can count (not "window expired
    # with 0 of 10"), and no decision is asked for (docs/rules.md, "Comparability conditions", "Suggested decision")
    book = tmp_path / "team.xlsx"
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i if i < 10 else i + 1) for i in range(20)]
    wb = team_book(book, [("ACK", ACK), ("GRT", "Greets")], [("Bo Park", "bo.park@acme.test")])
    for i, day in enumerate(days):
        wb["Scores"].append([f"C{i:02d}", "bo.park@acme.test", dt.datetime.combine(day, dt.time(10)), ACK,
                             60 if i < 10 else 80])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Bo Park", "Targeted criterion": ACK,
                        "Session date": dt.datetime(2026, 3, 10), "Development target": "Name the concern first."}])
    wb.save(book)
    s1 = _refresh(book)["S-1"]
    assert (s1["Status"], s1["Baseline n"], s1["Suggested decision"]) == ("complete", 10, "close")
    assert [c["Row"] for c in records(book, "Checks") if c["Code"] == "no-outcome"] == [2]
    wb = load_workbook(book)
    wb["Reps"]["A2"] = "Bo Parker"
    wb.save(book)
    s1 = _refresh(book)["S-1"]
    assert (s1["Status"], s1["Baseline n"], s1["Follow-up n"], s1["Threshold met"], s1["Valid"],
            s1["Not valid because"]) == ("expired", 10, 0, None, None, "rep not on the Reps sheet")
    assert (s1["Suggested decision"], s1["Reason"]) == \
        ("continue", "its rep is not on the Reps sheet (see Checks), so no follow-up call can count; decide once that "
                     "is fixed")
    assert [c["Row"] for c in records(book, "Checks") if c["Code"] == "no-outcome"] == []
    assert _left_out(book, "Rep")["Bo Park"] == "rep not on the Reps sheet: 1"


def test_a_criterion_on_no_list_leaves_threshold_met_blank_even_where_the_row_asks_for_more_calls_than_it_reviews(
        tmp_path):
    # S-1's criterion misspelled, its row asking 5 calls to review where Settings needs 7 at the threshold: "no"
    # (7 can never be reached in 5) would still be a verdict on calls that cannot count; blank until it is fixed
    book = tmp_path / "team.xlsx"
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i) for i in range(10)]
    wb = one_rep_book(book, [(day, 60) for day in days],
                      [{"Session ID": "S-1", "Session date": dt.datetime(2026, 3, 10), "Calls to review": 5,
                        "Targeted criterion": "Acknowledges the concen", "Development target": "Name it first."}])
    wb.save(book)
    s1 = _refresh(book)["S-1"]
    assert (s1["Follow-up n"], s1["Threshold met"]) == (0, None)


def test_a_log_rep_with_the_reps_sheet_empty_is_told_to_add_the_rep_not_to_pick_from_an_empty_dropdown(tmp_path):
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("ACK", ACK)], [])  # no rep on the Reps sheet: its dropdown lists nothing
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Bo Park", "Targeted criterion": ACK,
                        "Session date": dt.datetime(2026, 3, 10), "Development target": "Name the concern first."}])
    wb.save(book)
    _refresh(book)
    [said] = [c for c in records(book, "Checks") if c["Code"] == "log-unknown-rep"]
    assert said["How to fix"] == "Add the rep to the Reps sheet (the Rep dropdown lists its names: none yet)."
