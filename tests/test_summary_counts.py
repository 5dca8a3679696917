"""The refresh's summary (the command line's sessions line and the stamp on Start here) counts each
session once: a session written twice in the Log is one session, as Aggregate counts it (Checks names
the copy), while Follow-up keeps a row for each Log row."""

from __future__ import annotations

import datetime as dt

from coachlog_xl import api, schema
from tests.wbkit import opened, run, team_book, type_log_rows

AS_OF = dt.date(2026, 3, 31)


def _session(sid: str, rep: str, day: dt.date) -> dict:
    cells = {"session_id": sid, "rep": rep, "criterion": "Empathy", "session_date": day}
    return {schema.LOG.column(k).header: v for k, v in cells.items()}


def test_a_session_pasted_twice_in_the_log_is_counted_once_in_the_summary(tmp_path):
    # S-1 after the as-of date: scheduled; S-2 eleven days before it, no call scored since: awaiting
    # calls; S-2's row pasted again below: two sessions, one of each status (three Log rows)
    path = tmp_path / "team.xlsx"
    wb = team_book(path, [("EMP", "Empathy")], ["Ana Ruiz", "Bo Park"])
    twice = _session("S-2", "Bo Park", dt.date(2026, 3, 20))
    type_log_rows(wb, [_session("S-1", "Ana Ruiz", dt.date(2026, 4, 10)), twice, twice])
    wb.save(path)

    said = run("refresh", path, "--as-of", AS_OF.isoformat(), "--no-backup")

    assert said.exit_code == 0, said.output
    assert "  2 sessions from 0 scored calls: " in said.output
    assert "1 scheduled" in said.output and "1 awaiting calls" in said.output
    start = [v for row in opened(path)[schema.START].iter_rows(values_only=True) for v in row
             if isinstance(v, str) and v.startswith("Refreshed ")]
    assert len(start) == 1 and f"as of {AS_OF}: 2 sessions, 0 scored calls;" in start[0]
    follow = [r for r in opened(path)[schema.FOLLOWUP.name].iter_rows(min_row=2, values_only=True) if any(r)]
    assert sorted(r[0] for r in follow) == ["S-1", "S-2", "S-2"]  # (a row for each Log row, as before)
    result = api.compute_file(path, as_of=AS_OF, cache=False)
    assert result.summary["sessions"] == 2
    assert result.summary["status"] == {"scheduled": 1, "awaiting calls": 1}
