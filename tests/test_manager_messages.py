"""What Checks, Follow-up and Aggregate tell a manager, through ``coachlog refresh`` on workbooks typed
here as a team types them: advice that works when followed, a supervisor left blank said so, a criterion
under the name its version in force gives, one target per session, numbers and nouns that agree."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from coachlog_xl import schema
from tests.wbkit import records, run

D, T = dt.date, dt.datetime
GREETING = "Greeting"


def _typed(ws, sheet: schema.Sheet, rows: list[dict]) -> None:
    """Each of ``rows`` (column key -> value) typed from row 2, cell by cell under its header."""
    head = [c.value for c in ws[1]]
    for r, values in enumerate(rows, start=2):
        for key, value in values.items():
            ws.cell(row=r, column=head.index(sheet.column(key).header) + 1).value = value  # (None clears it)


def _book(path, scores: list[dict], log: list[dict], reps=None, criteria=None):
    """A new workbook at ``path`` with these rows typed in (Criteria: Greeting, ID GR, v1 from 2026-01-01;
    Reps: Ana Lopez under Sam Hill, unless given) and saved."""
    assert run("new", path).exit_code == 0
    wb = load_workbook(path)
    _typed(wb["Criteria"], schema.CRITERIA, criteria or [
        {"criterion_id": "GR", "name": GREETING, "version": "v1", "effective": D(2026, 1, 1), "active": "yes"}])
    _typed(wb["Reps"], schema.REPS, reps or [{"rep": "Ana Lopez", "supervisor": "Sam Hill", "active": "yes"}])
    _typed(wb["Scores"], schema.SCORES, scores)
    _typed(wb["Log"], schema.LOG, log)
    wb.save(path)
    return path


def _calls(days: list, score: float, prefix: str, rep: str = "Ana Lopez", criterion: str = GREETING) -> list[dict]:
    return [{"call_id": f"{prefix}{i:02d}", "rep": rep, "call_at": day, "criterion": criterion, "score": score,
             "call_type": "inbound"} for i, day in enumerate(days)]


def _session(sid: str, day: dt.date, **more) -> dict:
    return {"session_id": sid, "rep": "Ana Lopez", "supervisor": "Sam Hill", "session_date": day,
            "logged_at": T(day.year, day.month, day.day, 18), "evidence_call": "B00", "evidence_timestamp": "02:10",
            "evidence_criterion": GREETING, "evidence_quote": '"hello"',
            "observation": "Gave the company name after the customer asked for it.",
            "target": "Say the company name in the first sentence.", "criterion": GREETING, "method": "role-play",
            "commitment": "I will say it first.",
            "summary": "Listened to the call together; practised the opening twice; agreed on the wording.",
            "response": "agreed", **more}


def _refresh(path, as_of: str) -> None:
    result = run("refresh", path, "--as-of", as_of, "--no-cache", "-q")
    assert result.exit_code == 0, result.output


def _checks(path, code: str) -> list[dict]:
    return [r for r in records(path, "Checks") if r["Code"] == code]


def _days(first: dt.date, n: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(n)]


_CLEAR = "clear the session's Baseline mean, Baseline n and Baseline recorded on cells"


def test_calls_dated_without_a_time_on_a_date_only_session_day_are_not_advised_a_session_time(tmp_path):
    # ten calls before 2026-03-10, two dated 2026-03-10 without a time, ten after: every call a date only
    scores = (_calls(_days(D(2026, 3, 1), 9), 60, "B") + _calls([D(2026, 3, 10)] * 2, 90, "S")
              + _calls(_days(D(2026, 3, 11), 10), 80, "F"))
    path = _book(tmp_path / "dates.xlsx", scores, [_session("S1", D(2026, 3, 10))])
    _refresh(path, "2026-04-30")
    [said] = _checks(path, "calls-on-session-day")
    assert said["Problem"] == ("S1: 2 scored calls on 2026-03-10 are in neither window (neither the session nor "
                               "the calls have a time of day).")
    # typing a Session time would not place them (domain.md: a date-only call on the session's day is in
    # neither window), and the baseline just recorded (9 x 60) is not to be cleared for them
    assert "Session time does not place them" in said["How to fix"] \
        and "Type the Session time" not in said["How to fix"]
    assert _CLEAR not in said["How to fix"]


_KEPT = (" The recorded baseline stays as it is: a call placed before that time would join it only if the baseline "
         "were recorded again (its Baseline mean, Baseline n and Baseline recorded on cells cleared), which would "
         "also take in any scores pasted since it was recorded.")


def test_the_session_time_advice_names_the_calls_it_places_and_followed_keeps_the_recorded_baseline(tmp_path):
    # nine calls of 60 before, on 2026-03-10 one call at 10:00 (90) and one dated without a time (10)
    scores = (_calls(_days(D(2026, 3, 1), 9), 60, "B") + _calls([T(2026, 3, 10, 10)], 90, "S")
              + _calls([D(2026, 3, 10)], 10, "U") + _calls(_days(D(2026, 3, 11), 10), 80, "F"))
    path = _book(tmp_path / "timed.xlsx", scores, [_session("S1", D(2026, 3, 10))])
    _refresh(path, "2026-04-30")
    [said] = _checks(path, "calls-on-session-day")
    assert said["Problem"] == "S1: 2 scored calls on 2026-03-10 are in neither window (the session has no time)."
    assert said["How to fix"] == ("Type the Session time to place the 1 with a time of day, if you know it." + _KEPT
                                  + " The other 1, dated without a time of day, stays in neither window.")
    assert [(r["Baseline n"], r["Baseline mean"]) for r in records(path, "Log")] == [(9, 60.0)]  # nine 60s
    # followed: the Session time typed (12:00), nothing else
    wb = load_workbook(path)
    _typed(wb["Log"], schema.LOG, [{"session_time": dt.time(12)}])
    wb.save(path)
    _refresh(path, "2026-04-30")
    # the recorded baseline stays (domain.md: recorded once); the score data's is now (9 x 60 + 90) / 10 = 63.0
    [log] = records(path, "Log")
    assert (log["Baseline n"], log["Baseline mean"]) == (9, 60.0)
    [differs] = _checks(path, "baseline-differs-from-recorded")
    assert differs["Problem"].startswith("S1: baseline recorded on 2026-04-30 as 60.0 (n 9); the score data now "
                                         "gives 63.0 (n 10)")
    [said] = _checks(path, "calls-on-session-day")
    assert said["Problem"] == "S1: 1 scored call on 2026-03-10 is in neither window (it has no time of day)."
    assert said["How to fix"].startswith("Nothing to do if the Session time is right") \
        and _CLEAR not in said["How to fix"]


def test_typing_the_session_time_as_advised_after_a_late_paste_leaves_the_recorded_baseline_as_it_was(tmp_path):
    # S1, 2026-03-10 without a time: ten calls of 60 from 02-28 to 03-09, one at 15:00 on its day (90), ten of
    # 80 from 03-11; the refresh of 2026-03-10 records its baseline: 60.0 over 10 calls
    scores = (_calls(_days(D(2026, 2, 28), 10), 60, "B") + _calls([T(2026, 3, 10, 15)], 90, "S")
              + _calls(_days(D(2026, 3, 11), 10), 80, "F"))
    path = _book(tmp_path / "late.xlsx", scores, [_session("S1", D(2026, 3, 10))])
    _refresh(path, "2026-03-10")
    [log] = records(path, "Log")
    assert (log["Baseline mean"], log["Baseline n"], log["Baseline recorded on"]) == (60.0, 10, T(2026, 3, 10))
    # a late QA paste: L1, dated 2026-03-09, scored 20, under the rows typed above (row 23)
    wb = load_workbook(path)
    _typed(wb["Scores"], schema.SCORES, [{}] * 21 + _calls([D(2026, 3, 9)], 20, "L"))
    wb.save(path)
    _refresh(path, "2026-04-30")
    [said] = _checks(path, "calls-on-session-day")
    assert said["How to fix"] == "Type the Session time to place it, if you know it." + _KEPT
    # followed: 12:00 typed, and nothing cleared; the 15:00 call joins the follow-up: (90 + 9 x 80) / 10 = 81.0,
    # against the recorded 60.0: delta 21.0; the data's baseline is now B01-B09 and L00: (9 x 60 + 20) / 10 = 56.0
    wb = load_workbook(path)
    _typed(wb["Log"], schema.LOG, [{"session_time": dt.time(12)}])
    wb.save(path)
    _refresh(path, "2026-04-30")
    [log] = records(path, "Log")
    assert (log["Baseline mean"], log["Baseline n"], log["Baseline recorded on"]) == (60.0, 10, T(2026, 3, 10))
    [follow] = records(path, "Follow-up")
    assert (follow["Follow-up n"], follow["Follow-up mean"], follow["Delta"]) == (10, 81.0, 21.0)
    [differs] = _checks(path, "baseline-differs-from-recorded")
    assert differs["Problem"].startswith("S1: baseline recorded on 2026-03-10 as 60.0 (n 10); the score data now "
                                         "gives 56.0 (n 10)")
    assert not _checks(path, "calls-on-session-day")


def test_a_rep_moved_between_supervisors_leaves_blank_log_supervisors_blank_and_says_so(tmp_path):
    # Ana Lopez moved from Sam Hill to Kim Wu: her old Reps row set Active no, a new active row; the Log's
    # Supervisor left blank on both her sessions; Ben Ode's one row names Kim Wu
    reps = [{"rep": "Ana Lopez", "supervisor": "Sam Hill", "active": "no"},
            {"rep": "Ben Ode", "supervisor": "Kim Wu", "active": "yes"},
            {"rep": "Ana Lopez", "supervisor": "Kim Wu", "active": "yes"}]
    scores = _calls(_days(D(2026, 2, 1), 10), 60, "B") + _calls(_days(D(2026, 3, 11), 10), 80, "F")
    log = [_session("S1", D(2026, 2, 20), supervisor=None), _session("S2", D(2026, 3, 10), supervisor=None),
           _session("S3", D(2026, 3, 10), rep="Ben Ode", supervisor=None, target="Greet by name.")]
    path = _book(tmp_path / "moved.xlsx", scores, log, reps=reps)
    _refresh(path, "2026-04-30")
    assert {r["Session ID"]: r["Supervisor"] for r in records(path, "Follow-up")} == {
        "S1": None, "S2": None, "S3": "Kim Wu"}
    [said] = _checks(path, "supervisor-unknown")
    assert (said["Severity"], said["Sheet"], said["Row"], said["Field"]) == ("warning", "Log", 2, "Supervisor")
    assert said["Problem"] == (
        "Log: 2 sessions of Ana Lopez with a blank Supervisor (rows 2, 3) have no supervisor in Follow-up and are "
        "grouped under (blank) in Aggregate: the Reps sheet names 2 supervisors for Ana Lopez, Sam Hill (Reps row 2, "
        "Active no) and Kim Wu (Reps row 4, Active yes), and no date of a move, so who held each is not known.")
    assert said["How to fix"] == ("Type the supervisor who held each session in the Log's Supervisor (Kim Wu, on the "
                                  "active Reps row, for sessions since the rep moved).")
    # Ben Ode's session is the one taken from Reps
    [taken] = _checks(path, "supervisor-from-reps")
    assert taken["Row"] == 4 and taken["Problem"].startswith("Log: 1 session with a blank Supervisor")


def test_supervisor_unknown_reads_active_as_a_yes_no_cell_and_names_every_row_of_a_supervisor(tmp_path):
    # Ana Lopez: Active N and Y; Ben Ode: Active FALSE and TRUE (Excel's booleans); Cal Diaz: Kim Wu on two rows,
    # the first Active no, the second yes; each with one session whose Supervisor is blank
    reps = [{"rep": "Ana Lopez", "supervisor": "Sam Hill", "active": "N"},
            {"rep": "Ana Lopez", "supervisor": "Kim Wu", "active": "Y"},
            {"rep": "Ben Ode", "supervisor": "Sam Hill", "active": False},
            {"rep": "Ben Ode", "supervisor": "Kim Wu", "active": True},
            {"rep": "Cal Diaz", "supervisor": "Sam Hill", "active": "no"},
            {"rep": "Cal Diaz", "supervisor": "Kim Wu", "active": "no"},
            {"rep": "Cal Diaz", "supervisor": "Kim Wu", "active": "yes"}]
    scores = _calls(_days(D(2026, 2, 1), 10), 60, "B") + _calls(_days(D(2026, 3, 11), 10), 80, "F")
    log = [_session("S1", D(2026, 2, 20), supervisor=None),
           _session("S2", D(2026, 2, 20), rep="Ben Ode", supervisor=None, target="Greet by name."),
           _session("S3", D(2026, 2, 20), rep="Cal Diaz", supervisor=None, target="Smile in the voice.")]
    path = _book(tmp_path / "active.xlsx", scores, log, reps=reps)
    _refresh(path, "2026-04-30")
    said = {r["Row"]: (r["Problem"], r["How to fix"]) for r in _checks(path, "supervisor-unknown")}
    hint = ("Type the supervisor who held the session in the Log's Supervisor (Kim Wu, on the active Reps row, for "
            "sessions since the rep moved).")

    def problem(row: int, rep: str, rows: str) -> str:
        return (f"Log: 1 session of {rep} with a blank Supervisor (row {row}) has no supervisor in Follow-up and is "
                f"grouped under (blank) in Aggregate: the Reps sheet names 2 supervisors for {rep}, {rows}, and no "
                "date of a move, so who held it is not known.")
    assert said == {
        2: (problem(2, "Ana Lopez", "Sam Hill (Reps row 2, Active no) and Kim Wu (Reps row 3, Active yes)"), hint),
        3: (problem(3, "Ben Ode", "Sam Hill (Reps row 4, Active no) and Kim Wu (Reps row 5, Active yes)"), hint),
        4: (problem(4, "Cal Diaz", "Sam Hill (Reps row 6, Active no) and Kim Wu (Reps row 7, Active no; row 8, "
                                   "Active yes)"), hint)}


def test_an_empty_window_is_said_once_in_not_valid_because_and_each_condition_still_fails(tmp_path):
    # S1 (Greeting, 2026-03-10): no call before it, ten of 80 after: complete, no baseline;
    # S2 (Closing, 2026-03-10): ten Closing calls before it, none after: expired on 2026-04-09, no follow-up
    criteria = [_criterion("GR", GREETING, "v1", D(2026, 1, 1)), _criterion("CL", "Closing", "v1", D(2026, 1, 1))]
    scores = (_calls(_days(D(2026, 3, 11), 10), 80, "F")
              + _calls(_days(D(2026, 2, 20), 10), 60, "C", criterion="Closing"))
    log = [_session("S1", D(2026, 3, 10)),
           _session("S2", D(2026, 3, 10), criterion="Closing", target="Close with a summary.")]
    path = _book(tmp_path / "empty.xlsx", scores, log, criteria=criteria)
    _refresh(path, "2026-05-30")
    follow = {r["Session ID"]: r for r in records(path, "Follow-up")}
    keys = ("Status", "Same criterion", "Enough calls", "Valid", "Not valid because", "Reason")
    assert [follow["S1"][k] for k in keys] == ["complete", "no", "no", "no", "no baseline calls on the criterion",
                                               "comparison not valid: no baseline calls on the criterion"]
    assert [follow["S2"][k] for k in keys] == ["expired", "no", "no", "no", "no follow-up calls on the criterion",
                                               "window expired with 0 of 10 follow-up calls; too few to judge"]
    # Aggregate counts each under its first failed condition, named by its empty window as Not valid because does
    why = {r["Group"]: r["Why left out"] for r in records(path, "Aggregate") if r["By"] == "Criterion"}
    assert (why[GREETING], why["Closing"]) == ("no baseline calls: 1", "no follow-up calls: 1")


def test_a_criterion_on_no_list_is_said_without_the_empty_window_it_leaves(tmp_path):
    # S1 names "Greting" (on no list) and S2 no criterion: no call matches either, so their empty baselines are
    # what the criterion says (docs/rules.md: "a reason once"); condition 4's own cell still says no
    scores = _calls(_days(D(2026, 3, 11), 10), 80, "F")
    log = [_session("S1", D(2026, 3, 10), criterion="Greting"), _session("S2", D(2026, 3, 10), criterion=None)]
    path = _book(tmp_path / "unlisted.xlsx", scores, log)
    _refresh(path, "2026-05-30")
    follow = {r["Session ID"]: r for r in records(path, "Follow-up")}
    assert (follow["S1"]["Not valid because"], follow["S1"]["Enough calls"]) == \
        ("criterion not on the Criteria sheet", "no")
    assert (follow["S2"]["Not valid because"], follow["S2"]["Enough calls"]) == ("no targeted criterion", "no")


def _criterion(cid: str, name: str, version: str, effective: dt.date) -> dict:
    return {"criterion_id": cid, "name": name, "version": version, "effective": effective, "active": "yes"}


def test_a_new_version_typed_under_a_new_criterion_id_is_told_to_take_the_first_rows_id(tmp_path):
    criteria = [_criterion("C1", GREETING, "v1", D(2026, 1, 1)), _criterion("C2", GREETING, "v2", D(2026, 3, 15))]
    scores = _calls(_days(D(2026, 3, 1), 9), 60, "B") + _calls(_days(D(2026, 3, 11), 10), 80, "F")
    path = _book(tmp_path / "versions.xlsx", scores, [_session("S1", D(2026, 3, 10))], criteria=criteria)
    _refresh(path, "2026-04-30")
    # Start here says what a definition change is typed as
    start = [c for row in load_workbook(path)["Start here"].iter_rows(values_only=True) for c in row if c]
    assert any("A definition change is a new row with the same Criterion ID, a new Version and its Effective from "
               "date." in str(c) for c in start)
    [said] = _checks(path, "criterion-name-shared")
    assert said["Row"] == 3
    assert said["How to fix"].startswith('If row 3 is a new version of "Greeting" (its definition changed), type C1 in '
                                         "its Criterion ID")
    # followed: the row takes C1, and the version row stands: nothing said, and the change on 2026-03-15, inside
    # S1's windows (its last follow-up call is on 2026-03-20), makes the comparison not valid
    wb = load_workbook(path)
    wb["Criteria"]["A3"] = "C1"
    wb.save(path)
    _refresh(path, "2026-04-30")
    assert _checks(path, "criterion-name-shared") == []
    [s1] = records(path, "Follow-up")
    assert (s1["Definition unchanged"], s1["Valid"]) == ("no", "no")


def test_a_criterion_renamed_by_a_new_version_is_shown_under_its_name_in_force_on_both_sheets(tmp_path):
    # C9 was "Verification"; v2 from 2026-04-01 renames it "ID check" (the same Criterion ID)
    criteria = [_criterion("C9", "Verification", "v1", D(2026, 1, 1)),
                _criterion("C9", "ID check", "v2", D(2026, 4, 1))]
    scores = (_calls(_days(D(2026, 3, 1), 10), 60, "B", criterion="Verification")
              + _calls(_days(D(2026, 4, 11), 10), 85, "F", criterion="ID check"))
    log = [_session("S1", D(2026, 3, 20), criterion="Verification"),
           _session("S2", D(2026, 4, 10), criterion="ID check",
                                                                             target="Ask for the date of birth.")]
    path = _book(tmp_path / "renamed.xlsx", scores, log, criteria=criteria)
    _refresh(path, "2026-05-30")
    # as of 2026-05-30 v2 is in force: both sessions, the Log's old and new name, are "ID check"
    assert {r["Session ID"]: r["Criterion"] for r in records(path, "Follow-up")} == {"S1": "ID check", "S2": "ID check"}
    by_criterion = [(r["Group"], r["Sessions"]) for r in records(path, "Aggregate") if r["By"] == "Criterion"]
    assert by_criterion == [("ID check", 2)]
    assert {r["Criterion"] for r in records(path, "Baseline")} == {"ID check"}
    # as of 2026-03-31, before v2 took effect, the criterion is still "Verification" (S2 not held yet)
    _refresh(path, "2026-03-31")
    assert {r["Session ID"]: r["Criterion"] for r in records(path, "Follow-up")} == {"S1": "Verification",
                                                                                    "S2": "Verification"}
    assert [r["Group"] for r in records(path, "Aggregate") if r["By"] == "Criterion"] == ["Verification"]


def test_a_log_row_naming_two_criteria_says_one_target_per_session(tmp_path):
    criteria = [_criterion("UP", "Upsell offer", "v1", D(2026, 1, 1)), _criterion("CL", "Closing", "v1", D(2026, 1, 1))]
    scores = _calls(_days(D(2026, 3, 1), 10), 60, "B", criterion="Closing")
    log = [_session("S7", D(2026, 3, 11), criterion="Upsell offer, Closing"),
           _session("S8", D(2026, 3, 11), criterion="Closng", target="Close with a summary.")]
    path = _book(tmp_path / "two.xlsx", scores, log, criteria=criteria)
    _refresh(path, "2026-05-30")
    [several] = _checks(path, "several-targets")
    assert (several["Row"], several["Field"], several["Value"]) == (2, "Targeted criterion", "Upsell offer, Closing")
    assert several["Problem"] == ('Log row 2 (S7): the targeted criterion names 2 criteria ("Upsell offer" and '
                                  '"Closing"): one development target per session.')
    unknown = {r["Row"]: r["Problem"] for r in _checks(path, "unknown-criterion")}
    # S7: the two criteria it names, not a "did you mean" of one of them; S8: a misspelling, still hinted
    assert unknown[2] == ('Log row 2 (S7): criterion "Upsell offer, Closing" is not on the Criteria sheet: it names 2 '
                          'of its criteria, "Upsell offer" and "Closing"; a session targets one.')
    assert unknown[3] == ('Log row 3 (S8): criterion "Closng" is not on the Criteria sheet (did you mean "Closing"?); '
                          "pick one from the list or add it there.")


def test_a_criterion_whose_name_holds_a_separator_is_matched_whole_in_a_log_row_naming_two(tmp_path):
    # Q&A and Hold/transfer hold an & and a /; Accuracy's ID is A, the second letter of Q&A
    criteria = [_criterion("QA", "Q&A", "v1", D(2026, 1, 1)), _criterion("CL", "Closing", "v1", D(2026, 1, 1)),
                _criterion("A", "Accuracy", "v1", D(2026, 1, 1)),
                _criterion("HT", "Hold/transfer", "v1", D(2026, 1, 1))]
    scores = _calls(_days(D(2026, 3, 1), 10), 60, "B", criterion="Closing")
    log = [_session("S1", D(2026, 3, 11), criterion="Q&A and closing"),
           _session("S2", D(2026, 3, 11), criterion="Hold/transfer, closing", target="Close with a summary."),
           _session("S3", D(2026, 3, 11), criterion="Closing & A", target="Close with a recap.")]
    path = _book(tmp_path / "whole.xlsx", scores, log, criteria=criteria)
    _refresh(path, "2026-05-30")
    # S3: its one-letter piece A is no Criterion ID, so it names Closing alone
    several = {r["Row"]: r["Problem"] for r in _checks(path, "several-targets")}
    assert several == {
        2: 'Log row 2 (S1): the targeted criterion names 2 criteria ("Q&A" and "Closing"): one development target '
           "per session.",
        3: 'Log row 3 (S2): the targeted criterion names 2 criteria ("Hold/transfer" and "Closing"): one development '
           "target per session."}
    unknown = {r["Row"]: r["Problem"] for r in _checks(path, "unknown-criterion")}
    assert unknown == {
        2: 'Log row 2 (S1): criterion "Q&A and closing" is not on the Criteria sheet: it names 2 of its criteria, '
           '"Q&A" and "Closing"; a session targets one.',
        3: 'Log row 3 (S2): criterion "Hold/transfer, closing" is not on the Criteria sheet: it names 2 of its '
           'criteria, "Hold/transfer" and "Closing"; a session targets one.',
        4: 'Log row 4 (S3): criterion "Closing & A" is not on the Criteria sheet (did you mean "Closing"?); '
           "pick one from the list or add it there."}


def test_counts_and_durations_agree_with_their_nouns_and_are_written_one_way(tmp_path):
    # S1 (2026-03-10): 1 call before it (B00), 1 after, none on its day; S2 (2026-03-20): no baseline call on its
    # criterion, Closing; S1 logged 2026-03-12 09:00, 33 h after its day's end; S2 2026-03-22 00:01, 24 h 1 min
    criteria = [_criterion("GR", GREETING, "v1", D(2026, 1, 1)), _criterion("CL", "Closing", "v1", D(2026, 1, 1))]
    scores = (_calls([D(2026, 3, 1)], 60, "B") + _calls([D(2026, 3, 11)], 80, "F")
              + _calls([D(2026, 3, 25)], 80, "C", criterion="Closing") + _calls([T(2026, 3, 15, 9)], 70, "T")
              + _calls([D(2026, 3, 15)], 70, "U"))
    log = [_session("S1", D(2026, 3, 10), logged_at=T(2026, 3, 12, 9)),
           _session("S2", D(2026, 3, 20), criterion="Closing", target="Close with a summary.",
                    logged_at=T(2026, 3, 22, 0, 1)),
           _session("S3", D(2026, 3, 15), session_time=dt.time(9), target="Greet by name."),
           _session("S4", D(2026, 3, 5), target="Smile in the voice.", baseline_mean=90, baseline_n=10)]
    path = _book(tmp_path / "words.xlsx", scores, log, criteria=criteria)
    _refresh(path, "2026-05-30")
    why = {r["Session ID"]: r["Not valid because"] for r in records(path, "Follow-up")}
    assert why["S1"] == "only 1 baseline call (10 needed)"
    assert why["S2"] == "no baseline calls on the criterion"
    late = {r["Row"]: r["Problem"] for r in _checks(path, "late-log")}
    assert late == {2: "Log row 2 (S1): logged 33 hours after the session (more than 24).",
                    3: "Log row 3 (S2): logged 24 hours 1 minute after the session (more than 24)."}
    # S3 at 09:00 on 2026-03-15: T00 is at its exact moment, U00 has no time of day
    [said] = _checks(path, "calls-on-session-day")
    assert said["Problem"] == ("S3: 2 scored calls on 2026-03-15 are in neither window (1 has no time of day, 1 is "
                               "at the session's exact moment).")
    # S4 (2026-03-05), a baseline typed as 90: the data's is B00 alone, 60
    [typed] = _checks(path, "typed-baseline-differs")
    assert typed["Problem"] == ("S4: the typed baseline 90.0 differs from the score data (60.0 over 1 call) by more "
                                "than 1 point. The typed value is used; the calls behind it are not known, so its SD, "
                                "the delta's interval and Change, and the anchor check are left blank.")
