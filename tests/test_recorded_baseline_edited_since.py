"""What a team edits after a session's baseline was recorded, and what baseline-differs-from-recorded says
of it (domain.md, "Baseline is recorded once": the recorded baseline is kept, Checks notes the difference).

A rep renamed on the Reps sheet: the Log row still names the old name, which is on no list now, so none of
the calls on Scores (exported under the rep's email, an other name of the renamed row) counts for the
session; the check named Scores cleared and said to paste the calls back.  A score of the baseline
corrected on Scores: the check named late scores and a corrected Log row only.  Date order on Settings
turned to day-first under a Session date typed as the text "3/10/2026": the session reads as 3 October, its
recorded baseline as recorded before it, and recorded-before-session said only to clear the grey cells,
which would lose the recorded baseline."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from tests.wbkit import records, run, team_book, type_log_rows

CRIT = "Acknowledges the concern"
EMAIL = "bo.park@acme.com"


def _book(path, session_date=dt.datetime(2026, 3, 10)):
    """Bo Park's ten calls at 60 from 2026-02-28 to 03-09, a session on 2026-03-10 (date only), ten calls
    at 80 from 03-11 to 03-20; the export names the rep by email, an other name on Reps."""
    wb = team_book(path, [("ACK", CRIT)], [("Bo Park", EMAIL)])
    scores = wb["Scores"]
    for i in range(20):
        day = dt.date(2026, 2, 28) + dt.timedelta(days=i if i < 10 else i + 1)
        scores.append([f"C{i:02d}", EMAIL, dt.datetime.combine(day, dt.time(10)), CRIT, 60 if i < 10 else 80])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Bo Park", "Session date": session_date,
                        "Targeted criterion": CRIT}])
    wb.save(path)


def _recorded(tmp_path, session_date=dt.datetime(2026, 3, 10)):
    """The workbook refreshed as of 2026-03-11, its baseline recorded as the ten 60s before the session."""
    book = tmp_path / "team.xlsx"
    _book(book, session_date)
    assert run("refresh", book, "--as-of", "2026-03-11", "-q").exit_code == 0
    log = records(book, "Log")[0]
    assert (log["Baseline mean"], log["Baseline n"], log["Baseline recorded on"]) == (60, 10, dt.datetime(2026, 3, 11))
    return book


def _rename_rep(path, other_names):
    wb = load_workbook(path)
    wb["Reps"]["A2"] = "Bo Park-Lee"
    wb["Reps"]["B2"] = other_names
    wb.save(path)


def _checks(path, code):
    return [c for c in records(path, "Checks") if c["Code"] == code]


def test_a_recorded_baseline_whose_rep_was_renamed_on_reps_names_that_cause_and_fix(tmp_path):
    book = _recorded(tmp_path)
    _rename_rep(book, EMAIL)
    assert run("refresh", book, "--as-of", "2026-04-30", "-q").exit_code == 0
    [unknown] = _checks(book, "log-unknown-rep")
    assert (unknown["Row"], unknown["Value"]) == (2, "Bo Park")
    [differs] = _checks(book, "baseline-differs-from-recorded")
    assert differs["Problem"].startswith(
        'S-1: baseline recorded on 2026-03-11 as 60.0 (n 10); the score data now gives blank (n 0), as its rep '
        '"Bo Park" is not on the Reps sheet now')
    assert "Scores cleared" not in differs["Problem"] and "Paste back" not in differs["How to fix"]
    assert "Other names" in differs["How to fix"]
    # done as it says: the old name as an other name of the renamed row, and the session counts its calls again
    _rename_rep(book, f"{EMAIL}; Bo Park")
    assert run("refresh", book, "--as-of", "2026-04-30", "-q").exit_code == 0
    assert _checks(book, "baseline-differs-from-recorded") == [] and _checks(book, "log-unknown-rep") == []
    [row] = records(book, "Follow-up")
    assert (row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"], row["Delta"]) == (60, 10, 80, 20)


def test_a_score_of_a_recorded_baseline_corrected_on_scores_is_named_and_the_recorded_baseline_kept(tmp_path):
    book = _recorded(tmp_path)
    wb = load_workbook(book)
    assert (wb["Scores"]["A4"].value, wb["Scores"]["E4"].value) == ("C02", 60)
    wb["Scores"]["E4"] = 100  # QA corrects call C02 (2026-03-02), one of the baseline's ten 60s
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-04-30", "-q").exit_code == 0
    [differs] = _checks(book, "baseline-differs-from-recorded")
    # the data's baseline now: nine 60s and the 100, (540 + 100) / 10 = 64.0
    assert differs["Problem"].startswith("S-1: baseline recorded on 2026-03-11 as 60.0 (n 10); the score data now "
                                         "gives 64.0 (n 10), e.g. late scores, a score corrected on Scores")
    assert "a score of the baseline was corrected on Scores" in differs["How to fix"]
    # (the causes it names include a Session time typed since and a setting changed, which move the windows too)
    assert "(its rep, criterion, date, time or call type), Date order or Time zone on Settings changed since" \
        in differs["Problem"]
    [base] = records(book, "Baseline")
    assert (base["Baseline mean"], base["Recomputed mean"], base["Difference"]) == (60, 64, -4)
    # the follow-up is compared with the recorded 60: ten 80s, delta +20
    [row] = records(book, "Follow-up")
    assert (row["Baseline mean"], row["Follow-up mean"], row["Delta"]) == (60, 80, 20)


def test_a_text_session_date_read_another_day_under_a_new_date_order_says_to_type_it_as_a_date(tmp_path):
    book = _recorded(tmp_path, "3/10/2026")  # read month-first, the Settings default: 10 March
    wb = load_workbook(book)
    [order] = [r for r in wb["Settings"].iter_rows(min_row=2, max_col=2) if r[0].value == "Date order"]
    order[1].value = "day-first"
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-12-31", "-q").exit_code == 0
    [before] = _checks(book, "recorded-before-session")
    assert "is before the session (2026-10-03)" in before["Problem"]
    assert before["How to fix"].startswith("If the Session date is text read as the wrong day, type it as a date and "
                                           "keep the grey cells")
    # done as it says: the date typed as a date, and the recorded 60 is used again (ten 80s after: delta +20)
    wb = load_workbook(book)
    wb["Log"]["E2"] = dt.datetime(2026, 3, 10)
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-12-31", "-q").exit_code == 0
    assert _checks(book, "recorded-before-session") == []
    [row] = records(book, "Follow-up")
    assert (row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"], row["Delta"]) == (60, 10, 80, 20)
