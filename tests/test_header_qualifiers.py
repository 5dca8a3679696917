"""Export headers with a trailing qualifier (``Start Time (UTC)``, ``Score (0-5)``, ``Agent Name (Full)``)
are read as the field their other words name; a scale the qualifier states is the scores' scale, a time
zone only the times' label; two columns that would each be one field stop the import, named.  Imported
and refreshed through the command line; expected values worked out by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from openpyxl import Workbook

from coachlog_xl.core import qualifiers
from coachlog_xl.core.checks import Code
from coachlog_xl.core.layout import map_headers
from coachlog_xl.core.qualifiers import date_order, scale, split, zone
from coachlog_xl.schema import DEFAULT_HEADER_MAP
from tests.wbkit import records, run, team_book, type_log_rows

ACK = "Acknowledges the concern"
SESSION = dt.date(2026, 2, 4)  # date only: the calls of 2-3 February are the baseline, of 5-6 the follow-up


def _imported(tmp_path, header: str, scores: list, times: list[str] | None = None):
    """A team workbook with one session on 4 February, the export (``header``, then one call per score on
    2, 3, 5 and 6 February) imported and refreshed: (the import's result, the Follow-up row, the Checks codes)."""
    book, export = tmp_path / "team.xlsx", tmp_path / "week.csv"
    wb = team_book(book, [("ACK", ACK)], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": SESSION, "Targeted criterion": ACK}])
    wb.save(book)
    days = times or [f"2026-02-0{d} 10:00" for d in (2, 3, 5, 6)]
    export.write_text(header + "\n" + "".join(f"C{i},Dana Cruz,{day},{ACK},{s}\n"
                                              for i, (day, s) in enumerate(zip(days, scores), start=1)),
                      encoding="utf-8")
    imported = run("import", book, export)
    if imported.exit_code != 0:
        return imported, None, None
    refreshed = run("refresh", book, "--as-of", "2026-02-28")
    assert refreshed.exit_code == 0, refreshed.output
    return imported, records(book, "Follow-up")[0], [r["Code"] for r in records(book, "Checks")]


def test_a_score_header_stating_0_to_5_reads_the_scores_on_it(tmp_path):
    imported, row, codes = _imported(tmp_path, "Call ID,Agent Name (Full),Start Time (UTC),Metric,Score (0-5)",
                                     [4, 3, 5, 0])
    assert imported.exit_code == 0, imported.output
    assert "rep <- Agent Name (Full), call_at <- Start Time (UTC)" in imported.output
    assert "score <- Score (0-5)" in imported.output
    assert 'the scale 0-5 its header "Score (0-5)" states' in imported.output
    assert '"Start Time (UTC)" labels its times UTC; they are read as written, not converted' in imported.output
    # baseline 4/5, 3/5 -> 80, 60: mean 70; follow-up 5/5, 0/5 -> 100, 0 (a 0 on a scale from 0 counts): mean 50
    assert (row["Baseline n"], row["Baseline mean"]) == (2, 70)
    assert (row["Follow-up n"], row["Follow-up mean"]) == (2, 50)
    assert Code.SCALE_CONVERTED.value in codes and Code.SCALE_UNCLEAR.value not in codes


def test_a_score_header_stating_1_to_10_reads_a_zero_as_not_scored(tmp_path):
    _, row, codes = _imported(tmp_path, "Call ID,Agent,Start Time,Metric,Score (1-10)", [8, 7, 0, 9])
    # baseline 8, 7 of 10 -> 80, 70: mean 75; follow-up: the 0 of 5 February is not scored, 9 -> 90
    assert (row["Baseline n"], row["Baseline mean"]) == (2, 75)
    assert (row["Follow-up n"], row["Follow-up mean"]) == (1, 90)
    assert Code.ZERO_NOT_SCORED.value in codes


def test_a_score_above_the_scale_its_header_states_is_kept_and_flagged_by_row(tmp_path):
    imported, row, codes = _imported(tmp_path, "Call ID,Agent,Start Time,Metric,Score (1-10)", [8, 12, 7, 9])
    assert 'week.csv row 3: score 12 is outside the scale 1-10 its header "Score (1-10)" states; kept as 120' \
        in imported.output
    assert (row["Baseline mean"], row["Follow-up mean"]) == (100, 80)  # (80 + 120) / 2; (70 + 90) / 2
    assert codes.count(Code.SCORE_OUT_OF_SCALE.value) == 1


def test_a_score_header_out_of_5_and_one_of_0_to_100(tmp_path):
    _, row, _ = _imported(tmp_path, "Call ID,Agent,Date (local),Metric,Score (out of 5)", [4, 2, 5, 5],
                          ["2026-02-02", "2026-02-03", "2026-02-05", "2026-02-06"])
    assert (row["Baseline mean"], row["Follow-up mean"]) == (60, 100)  # (80 + 40) / 2; 100, 100
    # four scores of 10 or below, under a header saying they are out of 100: read as they are, no doubt said
    (second := tmp_path / "second").mkdir()
    _, row, codes = _imported(second, "Call ID,Agent,Start Time,Metric,Score (0-100)", [4, 6, 8, 10])
    assert (row["Baseline mean"], row["Follow-up mean"]) == (5, 9)
    assert Code.SCALE_UNCLEAR.value not in codes and Code.SCALE_CONVERTED.value not in codes


def test_a_date_header_stating_its_order_is_read_in_it(tmp_path):
    # day-first as the header says, where Settings says month-first: 2, 3, 5 and 6 February (month-first,
    # 03/02 would be 3 March and 05/02 2 May)
    imported, row, _ = _imported(tmp_path, "Call ID,Agent,Date (dd/mm/yyyy),Metric,Score", [60, 80, 90, 100],
                                 ["02/02/2026", "03/02/2026", "05/02/2026", "06/02/2026"])
    assert imported.exit_code == 0, imported.output
    assert 'states its date order; its dates are read day-first, not in the Settings Date order' in imported.output
    assert (row["Baseline n"], row["Baseline mean"]) == (2, 70)  # 60, 80
    assert (row["Follow-up n"], row["Follow-up mean"]) == (2, 95)  # 90, 100


def test_two_columns_that_would_each_be_the_call_date_stop_the_import_named(tmp_path):
    imported, _, _ = _imported(tmp_path, "Call ID,Agent,Date (local),Metric,Score,Date (UTC)", [80, 70, 90, 60])
    assert imported.exit_code != 0
    assert "no call date column. Date (local) and Date (UTC) would each be it but for their qualifiers" \
           in imported.output


@pytest.mark.parametrize("header, field", [
    ("Score (max)", None), ("Score (weight)", None), ("Agent (reviewer)", None), ("Date (previous)", None),
    ("Score (Opening)", None), ("Time (sec)", None), ("Agent (Team)", None),
    ("Score [0-5]", "score"), ("Agent Name (email)", "rep"), ("Call date (GMT+1)", "call_at"),
    ("Date (dd/mm/yyyy)", "call_at"), ("Score (%)", "score"),
])
def test_a_qualifier_that_makes_the_column_something_else_is_not_set_aside(header, field):
    cols = map_headers(["Call ID", "Metric", header], DEFAULT_HEADER_MAP)
    assert cols.get(field) == (2 if field else None) and 2 not in [p for f, p in cols.items() if f != field]


def test_a_column_named_as_written_keeps_its_field():
    # Score is the score; Score (0-5) beside it is kept, unused, as before
    assert map_headers(["Call ID", "Score (0-5)", "Score"], DEFAULT_HEADER_MAP)["score"] == 2
    assert map_headers(["Score (%)"], DEFAULT_HEADER_MAP) == {"score": 0}


def test_the_qualifier_s_scale_and_zone():
    assert split("Start Time (UTC)") == ("Start Time", "UTC") and split("Score") is None
    assert [scale(h) for h in ("Score (0-5)", "Score (1-10)", "Score (out of 5)", "Score (%)", "Score (5-1)")] == \
        [(0, 5), (1, 10), (0, 5), None, None]
    assert [zone(h) for h in ("Start Time (UTC)", "Date (local)", "Time (CET)", "Date [Europe/Paris]",
                              "Agent Name (Full)", "Date (MM/DD)", "Date (part)")] == \
        ["UTC", "local", "CET", "Europe/Paris", None, None, None]
    assert [date_order(h) for h in ("Date (dd/mm/yyyy)", "Date [MM-DD-YY]", "Date (yyyy-mm-dd)", "Date (local)")] \
        == ["day-first", "month-first", None, None]


def test_a_criterion_in_brackets_after_score_stays_a_criterion_of_a_wide_export(tmp_path):
    # Score (Opening) is a criterion's column, as Empathy is (not the score column): 4 calls x 2 criteria
    book, export = tmp_path / "team.xlsx", tmp_path / "wide.csv"
    team_book(book, [("OPN", "Opening"), ("EMP", "Empathy")], ["Dana Cruz"]).save(book)
    export.write_text("Call ID,Agent,Start Time,Score (Opening),Empathy\n" + "".join(
        f"C{d},Dana Cruz,2026-02-0{d} 10:00,{o},{e}\n"
        for d, o, e in ((2, 80, 60), (3, 80, 60), (5, 90, 70), (6, 90, 70))),
        encoding="utf-8")
    imported = run("import", book, export)
    assert imported.exit_code == 0, imported.output
    assert "8 scores of 4 calls on 2 criteria" in imported.output
    assert ('criterion "Score (Opening)" (4 rows, first at row 2) is not on the Criteria sheet. Did you mean '
            '"Opening"?') \
        in imported.output
    # alone, it is still the criterion's column, not a score column missing its criterion column
    export.write_text("Call ID,Agent,Start Time,Score (Opening)\nC2,Dana Cruz,2026-02-02 10:00,80\n", encoding="utf-8")
    imported = run("import", book, export, "--dry-run")
    assert imported.exit_code == 0 and "no criterion column" not in imported.output, imported.output


def test_a_unit_or_a_team_in_brackets_is_not_set_aside(tmp_path):
    # Time (sec) is a duration beside the call date, not the call time: kept unused, the calls read as before
    imported, row, _ = _imported(tmp_path, "Call ID,Agent,Start Time,Metric,Score,Time (sec)", ["80,312", "60,45",
                                                                                             "90,600", "100,75"])
    assert imported.exit_code == 0, imported.output
    assert (row["Baseline mean"], row["Follow-up mean"]) == (70, 95)  # (80 + 60) / 2; (90 + 100) / 2
    # Agent (Team) holds a team, not the rep: no rep column, the import stops and says so
    (second := tmp_path / "second").mkdir()
    imported, _, _ = _imported(second, "Call ID,Agent (Team),Start Time,Metric,Score", [80, 60, 90, 100])
    assert imported.exit_code != 0 and "no rep column" in imported.output


@pytest.mark.parametrize("header", ["Score (0-100)", "Score (0-100%)", "Score (out of 100)"])
def test_percent_cells_under_a_header_stating_0_to_100_are_read_as_percents(tmp_path, header):
    # cells Excel shows as 80 %, 60 %, 90 %, 100 % (stored 0.8, 0.6, 0.9, 1) under a header saying 0-100: read
    # as Score (%) reads them, 80, 60 -> baseline 70; 90, 100 -> follow-up 95 (not 0.7 and 0.95), and said
    book, export = tmp_path / "team.xlsx", tmp_path / "week.xlsx"
    wb = team_book(book, [("ACK", ACK)], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": SESSION, "Targeted criterion": ACK}])
    wb.save(book)
    out = Workbook()
    out.active.append(["Call ID", "Agent", "Start Time", "Metric", header])
    for n, (day, score) in enumerate(zip((2, 3, 5, 6), (0.8, 0.6, 0.9, 1)), start=2):
        out.active.append([f"C{n}", "Dana Cruz", dt.datetime(2026, 2, day, 10), ACK, score])
        out.active.cell(row=n, column=5).number_format = "0%"
    out.save(export)
    imported = run("import", book, export)
    assert imported.exit_code == 0, imported.output
    assert f'its header "{header}" states a scale, but all 4 scores are fractions of 1 (first' in imported.output
    assert run("refresh", book, "--as-of", "2026-02-28").exit_code == 0
    row = records(book, "Follow-up")[0]
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (2, 70, 2, 95)
    checks = records(book, "Checks")
    assert Code.SCALE_UNCLEAR.value in [r["Code"] for r in checks]
    # the conversion's note names what the user can change: the header's scale (which overrides Settings' Score
    # scale, so setting it there alone would change nothing)
    converted = [r["How to fix"] for r in checks if r["Code"] == Code.SCALE_CONVERTED.value]
    assert converted == ["Nothing to do if they are percents; if they are points out of 100, retype the score "
                         "column's header as Score, without the scale, and set Score scale on Settings to 0-100."]


def test_fractions_beside_points_under_a_header_stating_0_to_100_are_named_by_row(tmp_path):
    # 0.8 and 0.9 beside 80 and 90 under Score (0-100): kept as typed, points on the header's scale (baseline
    # (0.8 + 80) / 2 = 40.4, follow-up (90 + 0.9) / 2 = 45.45), and the two rows named as under a plain Score
    imported, row, codes = _imported(tmp_path, "Call ID,Agent,Start Time,Metric,Score (0-100)", [0.8, 80, 90, 0.9])
    assert imported.exit_code == 0, imported.output
    assert (row["Baseline mean"], row["Follow-up mean"]) == (pytest.approx(40.4), pytest.approx(45.45))
    said = " ".join(imported.output.split())
    assert ("2 scores between 0 and 1 (row 2, 0.8; row 5, 0.9) stand beside scores above 1; all are read on the "
            'scale 0-100 its header "Score (0-100)" states') in said


def test_0s_and_1s_under_a_header_stating_a_scale_are_points_on_it(tmp_path):
    # 0, 1, 1, 0 under Score (0-5) are no percent cells: 0 and 1 of 5 are 0 and 20, baseline and follow-up
    # (0 + 20) / 2 = 10 (read as fractions they were 0 and 100: 50), and nothing calls them fractions
    imported, row, _ = _imported(tmp_path, "Call ID,Agent,Start Time,Metric,Score (0-5)", [0, 1, 1, 0])
    assert imported.exit_code == 0, imported.output
    assert (row["Baseline mean"], row["Follow-up mean"]) == (10, 10)
    assert "fraction" not in imported.output
    assert Code.SCALE_UNCLEAR.value not in [r["Code"] for r in records(tmp_path / "team.xlsx", "Checks")]


def test_0s_and_1s_under_a_header_stating_0_to_100_are_said_to_be_maybe_pass_fail(tmp_path):
    # 0, 1, 1, 0 under Score (0-100): a pass/fail export's 0s and 1s, or 0 and 1 points? Read as the header says,
    # points (baseline (0 + 1) / 2 = 0.5, follow-up (1 + 0) / 2 = 0.5), and the doubt said, naming the criterion
    # and the rows of the 1s (rows 3 and 4: the header is row 1, the calls rows 2-5)
    imported, row, _ = _imported(tmp_path, "Call ID,Agent,Start Time,Metric,Score (0-100)", [0, 1, 1, 0])
    assert imported.exit_code == 0, imported.output
    assert (row["Baseline mean"], row["Follow-up mean"]) == (0.5, 0.5)
    said = " ".join(imported.output.split())
    assert (f'"{ACK}": all 4 scores are 0 or 1 (the 1s: rows 3, 4); all are read as points on the '
            'scale 0-100 its header "Score (0-100)" states') in said
    unclear = [r for r in records(tmp_path / "team.xlsx", "Checks") if r["Code"] == Code.SCALE_UNCLEAR.value]
    # (the import writes week.csv into a sheet of its own, "Scores week", its rows as in the file)
    assert [(r["Sheet"], r["Row"], r["Field"], r["Value"]) for r in unclear] == [
        ("Scores week", 3, "Score (0-100)", ACK)]
    assert "pass/fail" in unclear[0]["How to fix"] and "without the scale" in unclear[0]["How to fix"]


def test_a_single_percent_cell_under_a_header_stating_0_to_5_says_what_to_do(tmp_path):
    # one 0.8 under Score (0-5): read as 80 %, said in the singular, and the fix names what to change
    imported, row, _ = _imported(tmp_path, "Call ID,Agent,Start Time,Metric,Score (0-5)", [0.8])
    assert imported.exit_code == 0, imported.output
    assert row["Baseline mean"] == 80
    said = " ".join(imported.output.split())
    assert 'its header "Score (0-5)" states a scale, but its 1 score is a fraction of 1 (row 2, 0.8;' in said
    fixes = [r["How to fix"] for r in records(tmp_path / "team.xlsx", "Checks")
             if r["Code"] == Code.SCALE_UNCLEAR.value]
    assert fixes == ["Nothing to do if they are percents; if they are points out of 5, retype the score column's "
                     "header as Score, without the scale, and set Score scale on Settings to 0-5."]


def test_a_second_paste_s_date_header_stating_its_order_is_read_in_it(tmp_path):
    # Scores holds one call of 1 February under its own header; the export pasted below it states day-first
    # (Settings: month-first): 03/02, 05/02, 06/02 are 3, 5 and 6 February around the 4 February session, so
    # baseline 70, 80 -> 75 and follow-up 90, 100 -> 95 (month-first, 03/02 was 2 March and the rest later)
    book, export = tmp_path / "team.xlsx", tmp_path / "dmy.csv"
    wb = team_book(book, [("ACK", ACK)], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": SESSION, "Targeted criterion": ACK}])
    wb["Scores"].append(["K1", "Dana Cruz", "2026-02-01 10:00", ACK, 70])
    wb.save(book)
    export.write_text("Call ID,Agent,Date (dd/mm/yyyy),Metric,Score\n" + "".join(
        f"C{d},Dana Cruz,0{d}/02/2026,{ACK},{s}\n" for d, s in ((3, 80), (5, 90), (6, 100))), encoding="utf-8")
    imported = run("import", book, export, "--sheet", "Scores")
    assert imported.exit_code == 0, imported.output
    refreshed = run("refresh", book, "--as-of", "2026-02-28")
    assert refreshed.exit_code == 0, refreshed.output
    row = records(book, "Follow-up")[0]
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (2, 75, 2, 95)
    notes = [r["Problem"] for r in records(book, "Checks") if r["Code"] == Code.LAYOUT_NOTE.value]
    assert any('"Date (dd/mm/yyyy)" states its date order; its dates are read day-first' in n for n in notes), notes


def _paris_book(tmp_path):
    """A team workbook with one session on 4 February and the Settings Time zone Europe/Paris (UTC+1 then)."""
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("ACK", ACK)], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": SESSION, "Targeted criterion": ACK}])
    settings = wb["Settings"]
    next(r for r in settings.iter_rows(max_col=2) if r[0].value == "Time zone")[1].value = "Europe/Paris"
    wb.save(book)
    return book


@pytest.mark.parametrize("header, written, follow_up", [
    # 27 February 23:30 in UTC is 28 February 00:30 in Paris, after the as-of date (27 February): not counted,
    # the follow-up is the 5 February call alone (90)
    ("Start Time (UTC)", "2026-02-27 23:30", (1, 90)),
    ("Start Time (GMT)", "2026-02-27 23:30", (1, 90)),
    ("Start Time", "2026-02-27T23:30Z", (1, 90)),  # (the same time carrying its Z)
    ("Start Time (GMT+2)", "2026-02-28 01:30", (1, 90)),  # (23:30 UTC again: 00:30 in Paris)
    # 6:30 PM EST (UTC-5) is 23:30 UTC, converted from its own zone once, not again from GMT+2 (23:30 on the 27th)
    ("Start Time (GMT+2)", "2026-02-27 6:30 PM EST", (1, 90)),
    ("Start Time (GMT+2)", "2026-02-27 18:30 GMT-5", (1, 90)),  # (GMT-5 is UTC-5: 23:30 UTC again, converted once)
    # read as written, 27 February 23:30: counted, follow-up 90 and 50 -> 70
    ("Start Time (local)", "2026-02-27 23:30", (2, 70)),
])
def test_a_header_naming_utc_converts_its_times_into_the_settings_zone(tmp_path, header, written, follow_up):
    book, export = _paris_book(tmp_path), tmp_path / "tz.csv"
    times = ["2026-02-02 10:00", "2026-02-03 10:00", "2026-02-05 10:00", written]
    export.write_text(f"Call ID,Agent,{header},Metric,Score\n" + "".join(
        f"C{n},Dana Cruz,{t},{ACK},{s}\n" for n, (t, s) in enumerate(zip(times, (80, 60, 90, 50)))), encoding="utf-8")
    imported = run("import", book, export)
    assert imported.exit_code == 0, imported.output
    if header.endswith("T)") or "+" in header:
        assert "and converted into Europe/Paris, the Settings Time zone" in imported.output
    assert run("refresh", book, "--as-of", "2026-02-27").exit_code == 0
    row = records(book, "Follow-up")[0]
    assert (row["Follow-up n"], row["Follow-up mean"]) == follow_up


def test_a_grading_date_read_as_the_call_date_is_named_the_grading_date_in_its_zone_note(tmp_path):
    # Created is a grading date's name; an export without a call date is dated by it, as Checks says
    imported, row, codes = _imported(tmp_path, "Call ID,Agent,Created (UTC),Metric,Score", [80, 60, 90, 100])
    assert imported.exit_code == 0, imported.output
    assert "has no call date column, only a grading date: its rows are placed by their grading date" in imported.output
    assert 'the grading date column "Created (UTC)" labels its times UTC' in imported.output
    assert 'the call date column "Created (UTC)"' not in imported.output
    assert (row["Baseline mean"], row["Follow-up mean"]) == (70, 95)  # (80 + 60) / 2; (90 + 100) / 2
    # (the rows graded after the session may be calls before it: the baseline waits, and the row is the error)
    assert Code.GRADING_DATE_HOLDS.value in codes


@pytest.mark.parametrize("header, day, written, follow_up", [
    # a call time carrying a zone of its own is converted from it into the Settings zone (Europe/Paris,
    # UTC+1 in February), not from its header's: 23:30Z on 27 February is 28 February 00:30 in Paris, after
    # the as-of date (27 February): not counted, the follow-up is the 5 February call alone (90); read in
    # the header's GMT+2 instead it was 22:30, counted
    ("Time (GMT+2)", "2026-02-27", "23:30Z", (1, 90)),
    # 00:10+01:00 on 28 February is 00:10 in Paris: not counted (read in GMT+2, 27 February 23:10)
    ("Time (GMT+2)", "2026-02-28", "00:10+01:00", (1, 90)),
    ("Time (GMT+2)", "2026-02-28", "00:10", (2, 70)),  # no zone of its own: GMT+2's, 27 February 23:10, counted
    # under a header naming no zone, the same: 23:30Z is 28 February 00:30 (read as written, it was counted),
    # 23:30 EST (UTC-5) is 28 February 04:30 UTC, 05:30 in Paris; 23:30+01:00 is 23:30, counted: 90, 50 -> 70
    ("Time", "2026-02-27", "23:30Z", (1, 90)),
    ("Time", "2026-02-27", "23:30 EST", (1, 90)),
    ("Time", "2026-02-27", "18:30 GMT-5", (1, 90)),  # (GMT-5 is UTC-5, as EST: 23:30 UTC, 00:30 on the 28th in Paris)
    ("Time", "2026-02-27", "23:30+01:00", (2, 70)),
])
def test_a_call_time_s_own_zone_converts_it_into_the_settings_zone(tmp_path, header, day, written, follow_up):
    book, export = _paris_book(tmp_path), tmp_path / "tz.csv"
    rows = [("2026-02-02", "10:00", 80), ("2026-02-03", "10:00", 60), ("2026-02-05", "10:00", 90), (day, written, 50)]
    export.write_text(f"Call ID,Agent,Date,{header},Metric,Score\n" + "".join(
        f"C{n},Dana Cruz,{d},{t},{ACK},{s}\n" for n, (d, t, s) in enumerate(rows)), encoding="utf-8")
    imported = run("import", book, export)
    assert imported.exit_code == 0, imported.output
    assert run("refresh", book, "--as-of", "2026-02-27").exit_code == 0
    row = records(book, "Follow-up")[0]
    assert (row["Baseline n"], row["Baseline mean"]) == (2, 70)  # (80 + 60) / 2
    assert (row["Follow-up n"], row["Follow-up mean"]) == follow_up


def test_a_call_time_naming_an_unknown_zone_is_unreadable_when_converting(tmp_path):
    # XYZ is no zone known: its time cannot be converted into Europe/Paris, so it is unreadable, as in a call
    # date text; the call counts on its date alone (5 February: the follow-up, 90 and 50 -> 70)
    book, export = _paris_book(tmp_path), tmp_path / "tz.csv"
    export.write_text("Call ID,Agent,Date,Time,Metric,Score\n"
                      f"C1,Dana Cruz,2026-02-02,10:00,{ACK},80\nC2,Dana Cruz,2026-02-05,23:30 XYZ,{ACK},50\n"
                      f"C3,Dana Cruz,2026-02-06,10:00,{ACK},90\n", encoding="utf-8")
    imported = run("import", book, export)
    assert imported.exit_code == 1, imported.output  # (an error named: the rows are added all the same)
    assert "tz.csv row 3: the call time '23:30 XYZ' names the time zone 'XYZ', which is not known" in imported.output
    assert run("refresh", book, "--as-of", "2026-02-27").exit_code == 0
    row = records(book, "Follow-up")[0]
    assert (row["Follow-up n"], row["Follow-up mean"]) == (2, 70)


def test_a_settings_zone_pandas_cannot_name_converts_as_its_iana_twin():
    """A Time zone Settings takes (dateutil reads it) but pandas' zone database has no name for, a POSIX rule
    for Paris's, converts a header zone's times as Europe/Paris does: 23:30 UTC on 27 February is 00:30 on the
    28th (winter, +1), 21:30 UTC on 1 July 23:30 (summer, +2), worked out by hand."""
    at = np.array(["2026-02-27T23:30", "2026-07-01T21:30"], dtype="datetime64[us]")
    want = np.array(["2026-02-28T00:30", "2026-07-01T23:30"], dtype="datetime64[us]")
    for named in ("Europe/Paris", "CET-1CEST,M3.5.0,M10.5.0/3"):
        assert (qualifiers._converted(at, dt.timezone.utc, named) == want).all(), named


def test_a_wide_export_s_criterion_column_stating_a_scale_is_that_criterion_on_it(tmp_path):
    # Empathy (1-5) and Opening [0-10] are the criteria Empathy and Opening, each on the scale its header states
    # (four scores each: too few for a scale to be told from them); Greeting (v2) names no scale: its bracket stays
    # part of the criterion's name, as before; Evaluation Score (0-100) is the overall score on its scale, no criterion
    book, export = tmp_path / "team.xlsx", tmp_path / "wide.csv"
    wb = team_book(book, [("EMP", "Empathy"), ("OPN", "Opening"), ("GRT", "Greeting")], ["Dana Cruz"])
    type_log_rows(wb,
                  [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": SESSION, "Targeted criterion": "Empathy"},
                       {"Session ID": "S-2", "Rep": "Dana Cruz", "Session date": SESSION,
                        "Targeted criterion": "Opening"}])
    wb.save(book)
    export.write_text("Call ID,Agent,Start Time,Empathy (1-5),Opening [0-10],Greeting (v2),Evaluation Score (0-100)\n"
                      + "".join(f"C{d},Dana Cruz,2026-02-0{d} 10:00,{e},{o},{g},85\n"
                                  for d, e, o, g in ((2, 4, 8, 90), (3, 3, 6, 90), (5, 5, 9, 90), (6, 0, 10, 90))),
                      encoding="utf-8")
    imported = run("import", book, export)
    assert imported.exit_code == 0, imported.output
    said = " ".join(imported.output.split())
    assert 'criterion "Greeting (v2)" (4 rows, first at row 2) is not on the Criteria sheet' in said
    assert 'criterion "Empathy' not in said and 'criterion "Opening' not in said
    assert "columns kept but not used: Evaluation Score (0-100)" in said
    assert run("refresh", book, "--as-of", "2026-02-28").exit_code == 0
    rows = {r["Session ID"]: r for r in records(book, "Follow-up")}
    # Empathy of 5: 4, 3 -> 80, 60 (baseline 70); 5 -> 100, and the 0 of 6 February not scored on a scale from 1
    assert (rows["S-1"]["Baseline n"], rows["S-1"]["Baseline mean"]) == (2, 70)
    assert (rows["S-1"]["Follow-up n"], rows["S-1"]["Follow-up mean"]) == (1, 100)
    # Opening of 10: 8, 6 -> 80, 60 (baseline 70); 9, 10 -> 90, 100 (follow-up 95)
    assert (rows["S-2"]["Baseline n"], rows["S-2"]["Baseline mean"]) == (2, 70)
    assert (rows["S-2"]["Follow-up n"], rows["S-2"]["Follow-up mean"]) == (2, 95)
    checks = records(book, "Checks")
    assert "Scores wide: wide layout read, 3 criterion columns: Empathy (1-5), Opening [0-10], Greeting (v2)." in \
        [r["Problem"] for r in checks]
    converted = [r["Problem"] for r in checks if r["Code"] == Code.SCALE_CONVERTED.value]
    assert any('"Empathy": scores read as the scale 1-5 its header "Empathy (1-5)" states' in p for p in converted)
    assert any('"Opening": scores read as the scale 0-10 its header "Opening [0-10]" states' in p for p in converted)
    assert Code.ZERO_NOT_SCORED.value in [r["Code"] for r in checks]
