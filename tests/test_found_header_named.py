"""A paste missing a field's column names, as what was found, the row most like a header, not a title above it."""

from __future__ import annotations

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable

CRITERIA = [{"criterion_id": "G", "name": "Greeting"}, {"criterion_id": "E", "name": "Empathy"}]
REPS = [{"rep": "Dana Cruz"}]


def test_a_missing_call_id_names_the_header_row_found_not_the_title():
    # "Call #" is no call id header the HeaderMap knows: no row names three fields, so the title was the header
    title = "Tier 1 QA Scorecard — week of 14/09/2026"
    table = RawTable.from_rows("card.xlsx", [title, None, None, None, None], [
        ["Supervisor: Maria Lopez", None, None, None, None],
        ["Date", "Agent", "Call #", "Greeting", "Empathy"],
        ["2026-09-14", "Dana Cruz", 40001, 24, 30],
    ])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), table)
    said = pv.checks[(pv.checks["code"] == Code.MISSING_COLUMN.value) & (pv.checks["field"] == "Call ID")]
    assert len(said) == 1
    problem = said["problem"].iloc[0]
    assert "Found: Date, Agent, Call #, Greeting, Empathy." in problem and title not in problem



def test_the_missing_fields_are_judged_on_the_row_named_as_found():
    # the row found names "Date" (a call date header) and "Agent" (a rep header): no "no rep column" or "no call
    # date column" beside it; "Call #" names no call id; Greeting and Empathy hold scores under it (24, 30): a wide
    # header, a column per criterion, so no "no criterion column" or "no score column" either
    table = RawTable.from_rows("card.xlsx", ["Tier 1 QA Scorecard", None, None, None, None], [
        ["Supervisor: Maria Lopez", None, None, None, None],
        ["Date", "Agent", "Call #", "Greeting", "Empathy"],
        ["2026-09-14", "Dana Cruz", 40001, 24, 30],
    ])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), table)
    said = pv.checks[pv.checks["code"] == Code.MISSING_COLUMN.value]
    assert {f.casefold() for f in said["field"]} == {"call id"}
    assert all("Found: Date, Agent, Call #, Greeting, Empathy." in p for p in said["problem"])


def test_an_unknown_criterion_that_is_a_total_word_is_said_to_look_like_a_total_row():
    # a long export's per-evaluation total row, "Gesamt" (German: total), read as one more criterion
    table = RawTable.from_rows("eu.csv", ["Call ID", "Agent", "Call date", "Criterion", "Score"], [
        ["40001", "Dana Cruz", "2026-09-04 09:17", "Greeting", 80],
        ["40001", "Dana Cruz", "2026-09-04 09:17", "Empathy", 60],
        ["40001", "Dana Cruz", "2026-09-04 09:17", "Gesamt", 70],
        ["40001", "Dana Cruz", "2026-09-04 09:17", "Upsell", 50],
    ])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), table)
    said = pv.checks[pv.checks["code"] == Code.UNKNOWN_SCORE_CRITERION.value].set_index("value")
    assert "looks like a total row" in said.loc["Gesamt", "problem"]
    assert "Exclude" in said.loc["Gesamt", "fix"] and "HeaderMap" in said.loc["Gesamt", "fix"]
    assert "total" not in said.loc["Upsell", "problem"]  # another unknown criterion: as before


def test_a_wide_header_with_text_call_ids_headed_unknown_under_a_title_names_only_the_call_id_missing():
    table = RawTable.from_rows("wide.csv", ["Tier 1 QA Scorecard week of 14/09/2026", None, None, None, None], [
        ["Ticket", "Agent", "Date of call", "Greeting", "Empathy"],
        ["T1", "Dana Cruz", "2026-09-14", 4, 5],
        ["T2", "Dana Cruz", "2026-09-15", 2, 4],
    ])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), table)
    said = pv.checks[pv.checks["code"] == Code.MISSING_COLUMN.value]
    # row 2 heads Greeting and Empathy, columns of scores (4, 2; 5, 4): a wide header, only its call id unknown
    assert list(said["field"]) == ["Call ID"]
    assert "Found: Ticket, Agent, Date of call, Greeting, Empathy." in said["problem"].iat[0]


def test_a_long_header_without_a_criterion_column_still_names_it_missing():
    table = RawTable.from_rows("long.csv", ["QA export", None, None, None], [
        ["Ticket", "Agent", "Date", "Score"],
        ["T1", "Dana Cruz", "2026-09-14", 80],
        ["T2", "Dana Cruz", "2026-09-15", 60],
    ])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), table)
    said = pv.checks[pv.checks["code"] == Code.MISSING_COLUMN.value]
    # no column of scores but the Score field's (Ticket holds ids, no scores): no wide header, so the call id and the
    # criterion are both missing
    assert {f.casefold() for f in said["field"]} == {"call id", "criterion"}


def test_a_long_export_whose_criterion_column_is_headed_unknown_names_the_criterion_and_score_missing():
    table = RawTable.from_rows("long.csv", ["QA export", None, None, None, None], [
        ["Ticket", "Agent", "Date", "Checkpoint", "Marks"],
        ["T1", "Dana Cruz", "2026-09-14", "Greeting", 8],
        ["T2", "Dana Cruz", "2026-09-15", "Empathy", 6],
    ])
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), table)
    said = pv.checks[pv.checks["code"] == Code.MISSING_COLUMN.value]
    # Checkpoint holds criterion names (Greeting, Empathy): a long export's criterion column, so the row is no wide
    # header though Marks holds scores (8, 6); its call id, criterion and score columns are each named missing
    assert sorted(said["field"]) == ["Call ID", "Criterion", "Score"]
    assert all("Found: Ticket, Agent, Date, Checkpoint, Marks." in p for p in said["problem"])
