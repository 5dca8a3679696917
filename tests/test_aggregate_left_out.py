"""Aggregate's Why left out names the reason a finished session will never be a valid comparison: an
expired session is counted as Follow-up's Not valid because says it, not as "not complete"."""

from __future__ import annotations

import datetime as dt

from coachlog_xl import schema
from tests import rules_kit as rk
from tests.wbkit import records, run, team_book, type_log_rows


def _calls(rep: str, first: dt.date, scores: list[int], prefix: str) -> list[tuple]:
    return [(f"{prefix}{i:02d}", rep, dt.datetime.combine(first + dt.timedelta(days=i), dt.time(10)), "Greeting", s)
            for i, s in enumerate(scores)]


def test_an_expired_session_is_left_out_for_too_few_calls_not_as_not_complete(tmp_path):
    path = tmp_path / "team.xlsx"
    wb = team_book(path, [("GRT", "Greeting")], ["Ann Lee", "Bo Park"])
    for row in (2, 3):
        wb["Reps"].cell(row=row, column=3, value="Kim Wu")
    # Ann: coached 2026-03-10, seven calls in her 30 days (10 needed): expired as of 2026-06-30, never valid.
    # Bo: coached 2026-06-20, three calls so far: in progress, not complete yet.
    rows = (_calls("Ann Lee", dt.date(2026, 2, 20), [60] * 10, "A")
            + _calls("Ann Lee", dt.date(2026, 3, 11), [80] * 7, "AF")
            + _calls("Bo Park", dt.date(2026, 6, 1), [60] * 10, "B")
            + _calls("Bo Park", dt.date(2026, 6, 21), [80] * 3, "BF"))
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            wb["Scores"].cell(row=r, column=c, value=value)
    type_log_rows(wb, [{"Session ID": sid, "Rep": rep, "Supervisor": "Kim Wu", "Session date": day,
                        "Targeted criterion": "Greeting", "Development target": "Greet the caller by name.",
                        "Coaching method": "role-play"}
                       for sid, rep, day in (("S-1", "Ann Lee", dt.date(2026, 3, 10)),
                                             ("S-2", "Bo Park", dt.date(2026, 6, 20)))])
    wb.save(path)
    done = run("refresh", path, "--as-of", "2026-06-30")
    assert done.exit_code == 0, done.output
    followup = {r["Session ID"]: r for r in records(path, schema.FOLLOWUP.name)}
    assert (followup["S-1"]["Status"], followup["S-1"]["Follow-up n"]) == ("expired", 7)
    assert followup["S-1"]["Not valid because"] == "only 7 follow-up calls (10 needed)"
    assert followup["S-2"]["Status"] == "in progress"
    agg = {(r["By"], r["Group"]): r for r in records(path, schema.AGGREGATE.name)}
    assert agg[("Rep", "Ann Lee")]["Why left out"] == "too few calls: 1"
    assert agg[("Rep", "Bo Park")]["Why left out"] == "not complete: 1"
    assert agg[("Supervisor", "Kim Wu")]["Left out"] == 2
    assert agg[("Supervisor", "Kim Wu")]["Why left out"] == "not complete: 1; too few calls: 1"


def test_why_left_out_names_an_empty_window_as_not_valid_because_does_not_the_criterion():
    # S-1 (Ann): ten calls before, none after: expired, "no follow-up calls on the criterion".
    # S-2 (Bo): no call before, ten after: complete, "no baseline calls on the criterion".  The criterion of
    # both is on the Criteria sheet: neither is left out for its criterion
    scores = (rk.calls([60] * 10, rk.D(2026, 2, 20), prefix="A")
              + rk.calls([80] * 10, rk.D(2026, 3, 11), prefix="B", rep="Bo Park"))
    res = rk.run(scores, [rk.session("S-1"), {**rk.session("S-2"), "rep": "Bo Park"}])
    assert rk.row(res, "S-1")["invalid_because"] == "no follow-up calls on the criterion"
    assert rk.row(res, "S-2")["invalid_because"] == "no baseline calls on the criterion"
    agg = res.aggregate
    reps = {r["group"]: r for r in agg[agg["dimension"] == "Rep"].to_dict("records")}
    assert reps["Ann Lee"]["left_out_why"] == "no follow-up calls: 1"
    assert reps["Bo Park"]["left_out_why"] == "no baseline calls: 1"
    criterion = agg[(agg["dimension"] == "Criterion") & (agg["group"] == rk.CRIT)].iloc[0]
    assert criterion["left_out_why"] == "no baseline calls: 1; no follow-up calls: 1"
