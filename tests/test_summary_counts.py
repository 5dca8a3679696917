"""The refresh's summary (the command line's sessions line and the stamp on Start here) counts each
session once: a session written twice in the Log is one session, as Aggregate counts it (Checks names
the copy), while Follow-up keeps a row for each Log row."""

from __future__ import annotations

import datetime as dt

from coachlog_xl import api, schema
from coachlog_xl.core.checks import Code
from tests.wbkit import opened, run, team_book, type_log_rows

AS_OF = dt.date(2026, 3, 31)


def _session(sid: str, rep: str, day: dt.date) -> dict:
    cells = {"session_id": sid, "rep": rep, "criterion": "Empathy", "session_date": day}
    return {schema.LOG.column(k).header: v for k, v in cells.items()}


def _refreshed_with_bo_twice(path, first: dict):
    """A workbook whose Log holds ``first`` (row 2), then Bo Park's S-2 of March 20 twice (rows 3 and 4),
    refreshed through the command line as of :data:`AS_OF`: what it said."""
    wb = team_book(path, [("EMP", "Empathy")], ["Ana Ruiz", "Bo Park"])
    twice = _session("S-2", "Bo Park", dt.date(2026, 3, 20))
    type_log_rows(wb, [first, twice, twice])
    wb.save(path)
    return run("refresh", path, "--as-of", AS_OF.isoformat(), "--no-backup")


def test_a_session_pasted_twice_in_the_log_is_counted_once_in_the_summary(tmp_path):
    # S-1 after the as-of date: scheduled; S-2 eleven days before it, no call scored since: awaiting
    # calls; S-2's row pasted again below: two sessions, one of each status (three Log rows)
    path = tmp_path / "team.xlsx"
    said = _refreshed_with_bo_twice(path, _session("S-1", "Ana Ruiz", dt.date(2026, 4, 10)))

    assert said.exit_code == 0, said.output
    assert "  2 sessions from 0 scores of 0 calls: " in said.output
    assert "1 scheduled" in said.output and "1 awaiting calls" in said.output
    start = [v for row in opened(path)[schema.START].iter_rows(values_only=True) for v in row
             if isinstance(v, str) and v.startswith("Refreshed ")]
    assert len(start) == 1 and f"as of {AS_OF}: 2 sessions, 0 scores of 0 calls;" in start[0]
    follow = [r for r in opened(path)[schema.FOLLOWUP.name].iter_rows(min_row=2, values_only=True) if any(r)]
    assert sorted(r[0] for r in follow) == ["S-1", "S-2", "S-2"]  # (a row for each Log row, as before)
    result = api.compute_file(path, as_of=AS_OF, cache=False)
    assert result.summary["sessions"] == 2
    assert result.summary["status"] == {"scheduled": 1, "awaiting calls": 1}


def test_a_session_id_used_for_two_sessions_and_one_of_them_written_twice_is_said_as_aggregate_counts_it(tmp_path):
    # S-2 for Ana (row 2) and for Bo (row 3), Bo's row pasted again (row 4): two sessions, as Aggregate and
    # the summary count them. Checks: row 3 another session under row 2's id (give it its own id); row 4
    # the session of row 3 written twice (delete it), not a third session under row 2's id
    path = tmp_path / "team.xlsx"
    said = _refreshed_with_bo_twice(path, _session("S-2", "Ana Ruiz", dt.date(2026, 3, 18)))

    assert said.exit_code == 0, said.output
    assert "  2 sessions from 0 scores of 0 calls: " in said.output
    checks = api.compute_file(path, as_of=AS_OF, cache=False).checks
    reused = checks[checks["code"] == Code.DUPLICATE_SESSION_ID.value].set_index("row")
    assert sorted(reused.index) == [3, 4]
    assert "row 2." in reused.at[3, "problem"] and reused.at[3, "fix"] == "Give each session its own id."
    assert "row 3 for the same rep, criterion and moment" in reused.at[4, "problem"]
    assert reused.at[4, "fix"] == "Delete the second row."
    sessions = {(r[0], r[1]): r[2] for r in opened(path)[schema.AGGREGATE.name].iter_rows(min_row=2, values_only=True)}
    assert (sessions[("Criterion", "Empathy")], sessions[("Rep", "Bo Park")]) == (2, 1)  # (Bo's rows: one session)
    assert "Computing windows for 3 Log rows" in said.output  # (the rows, which Follow-up lists)


def test_the_summary_the_stamp_and_the_import_count_scores_and_the_calls_they_are_of(tmp_path):
    # C-1 scored on two criteria: 2 scores of 1 call; 00123 and 123 (one call, its id with and without the
    # leading zeros) on one criterion each: 2 scores of 1 call; id 7 under Ana and under Bo: two calls, a score
    # each. 6 scores of 4 calls, on 2 criteria for 2 reps
    path = tmp_path / "team.xlsx"
    team_book(path, [("EMP", "Empathy"), ("HOLD", "Hold")], ["Ana Ruiz", "Bo Park"]).save(path)
    export = tmp_path / "export.csv"
    export.write_text("call_id,agent,date,criterion,score\n"
                      "C-1,Ana Ruiz,2026-03-02 09:00,Empathy,80\nC-1,Ana Ruiz,2026-03-02 09:00,Hold,70\n"
                      "00123,Bo Park,2026-03-03 10:00,Empathy,60\n123,Bo Park,2026-03-03 10:00,Hold,90\n"
                      "7,Ana Ruiz,2026-03-04 11:00,Empathy,75\n7,Bo Park,2026-03-05 14:00,Empathy,85\n",
                      encoding="utf-8")
    imported = run("import", path, export, "-q")
    assert imported.exit_code == 0, imported.output
    assert "export.csv: 6 scores of 4 calls on 2 criteria for 2 reps." in imported.output
    said = run("refresh", path, "--as-of", AS_OF.isoformat(), "--no-backup")
    assert said.exit_code == 0, said.output
    assert "  0 sessions from 6 scores of 4 calls: none" in said.output
    start = [v for row in opened(path)[schema.START].iter_rows(values_only=True) for v in row
             if isinstance(v, str) and v.startswith("Refreshed ")]
    assert len(start) == 1 and f"as of {AS_OF}: 0 sessions, 6 scores of 4 calls;" in start[0]
    again = run("refresh", path, "--as-of", AS_OF.isoformat())  # up to date: the last refresh's summary, the same
    assert "is up to date" in again.output and "  0 sessions from 6 scores of 4 calls: none" in again.output


def test_calls_are_counted_alike_from_keys_close_together_and_far_apart():
    import numpy as np

    from coachlog_xl.core.repeats import _distinct

    # 3 and 4 twice each, 9 once: 3 calls, the keys within 32 a row (a table of flags); the same with a key a
    # billion away (a hash table); negative keys as well; none
    assert _distinct(np.array([3, 4, 3, 9, 4], dtype=np.int64)) == 3
    assert _distinct(np.array([3, 4, 3, 10**9, 4], dtype=np.int64)) == 3
    assert _distinct(np.array([-2, 5, -2], dtype=np.int64)) == 2
    assert _distinct(np.array([], dtype=np.int64)) == 0
