"""A suggestion to escalate never rests on a session Checks says may be another written again: two
earlier unmet sessions at one moment (same rep, criterion, day and development target, two ids) count
once, and the reason and the Checks row say so (domain.md, "Suggested decision")."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl import schema
from tests.wbkit import records, run, team_book, type_log_rows


def _calls(first: dt.date, scores: list[int], prefix: str) -> list[tuple]:
    return [(f"{prefix}{i:02d}", "Du Mo", dt.datetime.combine(first + dt.timedelta(days=i), dt.time(10)),
             "Hold procedure",
             s) for i, s in enumerate(scores)]


HOLD = "Ask before placing the caller on hold."


def _book(path, sessions: list[tuple]):
    """The refreshed Follow-up rows by id and Checks rows of Du Mo's sessions (id, date, and a development
    target when not :data:`HOLD`)."""
    wb = team_book(path, [("HLD", "Hold procedure")], ["Du Mo"])
    # ten calls at 70, twelve at 72 from Jan 15, ten at 60 from Feb 1, fourteen at 75 from Feb 15
    rows = (_calls(dt.date(2026, 1, 1), [70] * 10, "A") + _calls(dt.date(2026, 1, 15), [72] * 12, "B")
            + _calls(dt.date(2026, 2, 1), [60] * 10, "C") + _calls(dt.date(2026, 2, 15), [75] * 14, "D"))
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            wb["Scores"].cell(row=r, column=c, value=value)
    type_log_rows(wb, [{"Session ID": sid, "Rep": "Du Mo", "Supervisor": "Sam Hill", "Session date": day,
                        "Targeted criterion": "Hold procedure", "Coaching method": "role-play",
                        "Development target": target[0] if target else HOLD} for sid, day, *target in sessions])
    wb.save(path)
    done = run("refresh", path, "--as-of", "2026-04-15")
    assert done.exit_code == 0, done.output
    return {r["Session ID"]: r for r in records(path, schema.FOLLOWUP.name)}, records(path, schema.CHECKS.name)


def test_two_earlier_sessions_at_one_moment_count_once_toward_an_escalation(tmp_path):
    # H1 and H2: Jan 14, the same target: baseline 70, follow-up 72 (+2, none at 80): both unmet.
    # H3 on Feb 14: baseline 60, follow-up 75 (+15, none at 80): unmet and improving, with 1 earlier
    # unmet session (H1 and H2 as one) of the 2 an escalation needs
    followup, checks = _book(tmp_path / "team.xlsx", [("H1", dt.date(2026, 1, 14)), ("H2", dt.date(2026, 1, 14)),
                                                        ("H3", dt.date(2026, 2, 14))])
    for sid, delta in (("H1", 2), ("H2", 2), ("H3", 15)):
        assert (followup[sid]["Status"], followup[sid]["Valid"], followup[sid]["Threshold met"]) \
            == ("complete", "yes", "no")
        assert followup[sid]["Delta"] == delta
    assert followup["H3"]["Suggested decision"] == "continue"
    assert followup["H3"]["Reason"].endswith(
        "; 1 earlier session on this criterion also ended unmet (H1 and H2 at one moment, counted once: see Checks)")
    twice = [c for c in checks if c["Code"] == "same-session-twice"]
    assert [c["Value"] for c in twice] == ["H2"]
    assert twice[0]["Problem"].endswith("Aggregate (this row under Why left out) and a suggestion to escalate count "
                                        "it once, as that session.")


def test_two_earlier_sessions_on_different_days_still_escalate(tmp_path):
    # H2 a day later than H1 (Jan 15, date only: that day's call is in neither window): baseline the
    # same ten 70s, follow-up ten 72s from Jan 16: +2, unmet; two earlier unmet sessions, so H3 escalates
    followup, _ = _book(tmp_path / "team.xlsx", [("H1", dt.date(2026, 1, 14)), ("H2", dt.date(2026, 1, 15)),
                                                   ("H3", dt.date(2026, 2, 14))])
    assert (followup["H2"]["Delta"], followup["H2"]["Threshold met"]) == (2, "no")
    assert followup["H3"]["Suggested decision"] == "escalate"
    assert followup["H3"]["Reason"].endswith("; 2 earlier sessions on this criterion also ended unmet (H1, H2)")


def test_what_an_escalation_counts_once_is_what_checks_names(tmp_path):
    # three date-only sessions on Jan 14, H0 on another target (Log rows 2-4): each baseline 70, follow-up
    # 72 (+2, unmet); H1 and H2 share the day and target, so they are one session as both the escalation
    # and Checks count it, H0 another: H3 (+15, unmet) has 2 earlier unmet sessions and escalates
    jan14 = dt.date(2026, 1, 14)
    followup, checks = _book(tmp_path / "team.xlsx", [("H0", jan14, "Confirm the account before any change."),
                                                        ("H1", jan14), ("H2", jan14), ("H3", dt.date(2026, 2, 14))])
    assert [followup[sid]["Delta"] for sid in ("H0", "H1", "H2", "H3")] == [2, 2, 2, 15]
    assert followup["H3"]["Suggested decision"] == "escalate"
    assert followup["H3"]["Reason"].endswith(
        "; 2 earlier sessions on this criterion also ended unmet (H0, H1 and H2 at one moment, counted once: "
        "see Checks)")
    twice = [c for c in checks if c["Code"] == "same-session-twice"]
    assert [(c["Row"], c["Value"]) for c in twice] == [(4, "H2")]
    assert twice[0]["Problem"].startswith("Log row 4 (H2): the same rep, criterion and moment as H1 on row 3;")


def _aggregate(path) -> dict:
    """The refreshed Aggregate rows by (By, Group)."""
    return {(r["By"], r["Group"]): r for r in records(path, schema.AGGREGATE.name)}


@pytest.mark.parametrize("again",
                         [HOLD, "  ask before placing the caller on HOLD ", "Ask  before placing the caller on hold.."])
def test_a_session_likely_typed_twice_counts_once_in_the_aggregate(tmp_path, again):
    # H1 and H2 on Jan 14, one target as a person reads it (case, runs of spaces and end full stops aside):
    # each baseline ten 70s, follow-up ten 72s (+2); H3 on Feb 14: +15.  Aggregate counts H1 (the earlier
    # Log row) and H3: mean delta (2 + 15) / 2 = 8.5, its t interval over two sessions 12.7062 x 13 / 2
    # = 82.59 (sd |15 - 2| / sqrt 2, se sd / sqrt 2 = 6.5; every window's calls equal: no own error); H2 is
    # left out, named.  Counting it: (2 + 2 + 15) / 3 = 6.33, +-18.65 (t 4.3027 x se 4.333).
    path = tmp_path / "team.xlsx"
    followup, checks = _book(path, [("H1", dt.date(2026, 1, 14)), ("H2", dt.date(2026, 1, 14), again),
                                    ("H3", dt.date(2026, 2, 14))])
    assert [followup[sid]["Delta"] for sid in ("H1", "H2", "H3")] == [2, 2, 15]  # Follow-up keeps both rows
    assert [c["Value"] for c in checks if c["Code"] == "same-session-twice"] == ["H2"]
    assert followup["H3"]["Reason"].endswith("(H1 and H2 at one moment, counted once: see Checks)")  # the escalation's
    rows = _aggregate(path)
    rep = rows[("Rep", "Du Mo")]
    assert (rep["Sessions"], rep["Valid comparisons"], rep["Left out"]) == (3, 2, 1)
    assert rep["Why left out"] == "likely typed twice: see Checks: 1"
    assert rep["Mean delta"] == pytest.approx(8.5)
    assert rep["Mean delta \u00b1 (95%)"] == pytest.approx(12.7062 * 6.5, abs=0.01)
    assert rep["Sessions held"] == 2  # its suggestion once too
    assert [g for by, g in rows if by == schema.SESSION_DIMENSION] == ["Du Mo \u00b7 H1", "Du Mo \u00b7 H3"]


def test_another_target_on_the_day_is_another_session_in_the_aggregate(tmp_path):
    # "!" is not a full stop: H2's target is another (Checks names nothing), and all three count:
    # (2 + 2 + 15) / 3
    path = tmp_path / "team.xlsx"
    followup, checks = _book(path, [("H1", dt.date(2026, 1, 14)), ("H2", dt.date(2026, 1, 14), HOLD[:-1] + "!"),
                                    ("H3", dt.date(2026, 2, 14))])
    assert not [c for c in checks if c["Code"] == "same-session-twice"]
    rep = _aggregate(path)[("Rep", "Du Mo")]
    assert (rep["Sessions"], rep["Valid comparisons"], rep["Left out"]) == (3, 3, 0)
    assert rep["Mean delta"] == pytest.approx(19 / 3)


def test_a_row_under_a_used_id_at_another_moment_is_compared_as_a_session(tmp_path):
    # Log rows: H1 Jan 14; "H1" again on Jan 15 (another day: another session under a used id, named);
    # H2 on Jan 15, the same target: the session of row 3 typed again.  Checks names row 4 as row 3's
    # repeat, and Aggregate leaves out that row and only it
    path = tmp_path / "team.xlsx"
    _, checks = _book(path, [("H1", dt.date(2026, 1, 14)), ("H1", dt.date(2026, 1, 15)), ("H2", dt.date(2026, 1, 15)),
                             ("H3", dt.date(2026, 2, 14))])
    assert [(c["Row"], c["Value"]) for c in checks if c["Code"] == "duplicate-session-id"] == [(3, "H1")]
    twice = [c for c in checks if c["Code"] == "same-session-twice"]
    assert [(c["Row"], c["Value"]) for c in twice] == [(4, "H2")]
    assert twice[0]["Problem"].startswith("Log row 4 (H2): the same rep, criterion and moment as H1 on row 3;")
    rep = _aggregate(path)[("Rep", "Du Mo")]
    assert (rep["Sessions"], rep["Left out"], rep["Why left out"]) == (4, 1, "likely typed twice: see Checks: 1")


def test_a_criterion_off_the_list_in_other_capitals_is_one_criterion_to_checks_and_the_aggregate(tmp_path):
    # H1 and H2 on Jan 14, one target, naming "Tone" and "tone" (not on the Criteria sheet): Checks names
    # row 3 as row 2's repeat, so Aggregate gives it that reason, not "criterion not on the Criteria sheet"
    path = tmp_path / "team.xlsx"
    wb = team_book(path, [("HLD", "Hold procedure")], ["Du Mo"])
    type_log_rows(wb,
                  [{"Session ID": sid, "Rep": "Du Mo", "Supervisor": "Sam Hill", "Session date": dt.date(2026, 1, 14),
                        "Targeted criterion": name, "Coaching method": "role-play", "Development target": HOLD}
                       for sid, name in (("H1", "Tone"), ("H2", "tone"))])
    wb.save(path)
    done = run("refresh", path, "--as-of", "2026-04-15")
    assert done.exit_code == 0, done.output
    checks = records(path, schema.CHECKS.name)
    assert [(c["Row"], c["Value"]) for c in checks if c["Code"] == "same-session-twice"] == [(3, "H2")]
    rep = _aggregate(path)[("Rep", "Du Mo")]
    assert (rep["Sessions"], rep["Left out"]) == (2, 2)
    assert rep["Why left out"] == "criterion not on the Criteria sheet: 1; likely typed twice: see Checks: 1"


def test_a_continue_names_the_earlier_unmet_session_one_more_would_escalate_on(tmp_path):
    # H1 on Jan 14 alone: baseline 70, follow-up 72 (+2, unmet); H3 on Feb 14: +15, unmet, improving, 1 earlier
    # unmet session of the 2 an escalation needs: continue, naming H1 (docs/rules.md, "Suggested decision" 5)
    followup, _ = _book(tmp_path / "team.xlsx", [("H1", dt.date(2026, 1, 14)), ("H3", dt.date(2026, 2, 14))])
    assert (followup["H1"]["Delta"], followup["H1"]["Threshold met"]) == (2, "no")
    assert followup["H3"]["Suggested decision"] == "continue"
    assert followup["H3"]["Reason"] == ("threshold not met (0 of 10 calls at 80+) but improving (delta +15.0, "
                                        "improved); 1 earlier session on this criterion also ended unmet (H1)")
    # no earlier unmet session: nothing named
    alone, _ = _book(tmp_path / "alone.xlsx", [("H3", dt.date(2026, 2, 14))])
    assert alone["H3"]["Reason"] == "threshold not met (0 of 10 calls at 80+) but improving (delta +15.0, improved)"


@pytest.mark.parametrize(("earlier", "decision"), [(["H1"], "continue"), (["H1", "H2"], "escalate")])
def test_the_earlier_unmet_sessions_are_named_after_the_comparison_groups_word_on_the_delta(earlier, decision):
    # the comparison group qualifies the delta (+15.0 against its +3.6): its clause follows the delta, and the
    # earlier sessions come last, where they read as the history they are
    from coachlog_xl.core.decisions import suggest

    row = {"status": "complete", "followup_n": 10, "window_n": 10, "valid": "yes", "invalid_because": None,
           "at_threshold": 3, "threshold": 80.0, "delta": 15.0, "change": "improved", "threshold_met": "no",
           "did": 11.4, "did_change": "within noise", "rtm_gain": None, "rtm_flag": None, "held": "",
           "unlisted": ""}
    got = suggest(row, earlier, 2, dt.date(2026, 4, 15))
    shown = ", ".join(earlier)
    word = "but" if decision == "continue" else "though"
    assert got == (decision, f"threshold not met (3 of 10 calls at 80+) {word} improving (delta +15.0, improved); vs "
                             f"comparison group +11.4, within noise; {len(earlier)} earlier "
                             f"session{'s' * (len(earlier) > 1)} on this criterion also ended unmet ({shown})")
