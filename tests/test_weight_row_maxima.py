"""A hand-made scorecard's row of points possible under its wide header (``Weight | | | 30 | 40 | 30``): each criterion
column's maximum, its calls scored in points (25 of 30), where the row is soundly one: no score below is above its
column's number and each column scores its number in full on some call.  A weighting (a score above it, or a column that
never reaches it), a rep named Max, and weekly blocks pasted one under another some without the row are each tested."""

from __future__ import annotations

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable

ACK, VER, RES = "Acknowledges the concern", "Verifies identity", "Resolution"
CRITERIA = [{"criterion_id": c, "name": n, "scoring": "percent 0-100"}
            for c, n in (("ACK", ACK), ("VER", VER), ("RES", RES))]
REPS = [{"rep": "Dana Cruz"}, {"rep": "Eli Moss"}, {"rep": "Max"}]
HEAD = ["Call date", "Agent", "Call ID", ACK, VER, RES, "Total"]


def _read(head: list, rows: list, name: str = "Scores", reps: list = REPS):
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=reps), RawTable.from_rows(name, head, rows))
    got = sorted((r.call_id, r.criterion, round(r.score, 4)) for r in pv.calls.itertuples())
    return pv.checks, got


def _notes(checks) -> list[tuple[int, str]]:
    notes = checks[checks["code"] == Code.LAYOUT_NOTE.value]
    return list(zip(notes["row"], notes["problem"]))


def test_a_scorecards_points_possible_row_reads_each_score_as_points_out_of_it():
    for label in ("Weight", "Max", "Max points", "Points possible", "Out of"):
        checks, got = _read(HEAD, [
            [label, None, None, 30, 40, 30, 100],
            ["2026-09-04", "Dana Cruz", "C-1", 25, 40, 20, 85],
            ["2026-09-05", "Dana Cruz", "C-2", 30, 32, 30, 92],
            ["2026-09-06", "Eli Moss", "C-3", 15, 20, 27, 62],
        ])
        # points out of the row's: C-1 25/30 = 83.3333, 40/40 = 100, 20/30 = 66.6667; C-2 30/30 = 100, 32/40 = 80,
        # 30/30 = 100; C-3 15/30 = 50, 20/40 = 50, 27/30 = 90 (no score above its column's number, and each column
        # scores it in full: ACK and RES on C-2, VER on C-1)
        assert got == [("C-1", ACK, 83.3333), ("C-1", RES, 66.6667), ("C-1", VER, 100.0),
                       ("C-2", ACK, 100.0), ("C-2", RES, 100.0), ("C-2", VER, 80.0),
                       ("C-3", ACK, 50.0), ("C-3", RES, 90.0), ("C-3", VER, 50.0)], label
        assert "error" not in set(checks["severity"]), label  # the row is no call
        said = [p for r, p in _notes(checks) if r == 2 and "points possible (" in p]
        # the note names the row, each column's number and the rows read over it (rows 3 to 5)
        assert said and "row 2" in said[0] and "30" in said[0] and "40" in said[0] and "rows 3-5" in said[0], label


def test_a_weighting_whose_scores_exceed_it_stays_skipped_with_todays_note():
    # Weight 30 / 40 / 30 as percentages of an overall over 0-100 scores: 80 in ACK is above 30, so the row is no
    # maxima and the scores stay as written (80 is 80, not 80 of 30)
    checks, got = _read(HEAD, [
        ["Weight", None, None, 30, 40, 30, 100],
        ["2026-09-04", "Dana Cruz", "C-1", 80, 90, 70, 81],
        ["2026-09-05", "Dana Cruz", "C-2", 100, 60, 50, 70],
    ])
    assert got == [("C-1", ACK, 80.0), ("C-1", RES, 70.0), ("C-1", VER, 90.0),
                   ("C-2", ACK, 100.0), ("C-2", RES, 50.0), ("C-2", VER, 60.0)]
    notes = [p for r, p in _notes(checks) if r == 2]
    assert any("looks like a row of weights or points possible and was skipped" in p for p in notes)
    assert not any("points possible (" in p for p in notes)


def test_a_weighting_no_score_exceeds_by_chance_is_not_read_as_points_possible():
    # Weight 100 / 50 / 50 over 0-100 scores: no score is above its number, but Verifies identity never scores its
    # 50 in full (40, 20), as a column of points possible would on some call: the row is a weighting, and 40 stays
    # 40 (read as points it would be 40/50 = 80); Resolution's 50 stays 50, the row being read whole or not at all
    checks, got = _read(HEAD, [
        ["Weighting", None, None, 100, 50, 50, 200],
        ["2026-09-04", "Dana Cruz", "C-1", 80, 40, 50, 170],
        ["2026-09-05", "Dana Cruz", "C-2", 100, 20, 40, 160],
    ])
    assert got == [("C-1", ACK, 80.0), ("C-1", RES, 50.0), ("C-1", VER, 40.0),
                   ("C-2", ACK, 100.0), ("C-2", RES, 40.0), ("C-2", VER, 20.0)]
    assert not any("points possible (" in p for _, p in _notes(checks))


def test_a_rep_named_max_is_a_call_not_the_row_of_points_possible():
    # Max's call C-0 (30, 40, 30: full marks) is the first row, under the rep column: it holds a date and a call id,
    # so it is a call; the Points possible row under it is the maxima: C-0 30/30 = 100, 40/40 = 100, 30/30 = 100;
    # C-1 15/30 = 50, 30/40 = 75, 24/30 = 80
    checks, got = _read(["Agent", "Call date", "Call ID", ACK, VER, RES], [
        ["Max", "2026-09-03", "C-0", 30, 40, 30],
        ["Dana Cruz", "2026-09-04", "C-1", 15, 30, 24],
    ])
    assert {c for c, _, _ in got} == {"C-0", "C-1"} and len(got) == 6  # both calls read, Max's too
    assert not any("points possible (" in p for _, p in _notes(checks))
    checks, got = _read(["Agent", "Call date", "Call ID", ACK, VER, RES], [
        ["Points possible", None, None, 30, 40, 30],
        ["Max", "2026-09-03", "C-0", 30, 40, 30],
        ["Dana Cruz", "2026-09-04", "C-1", 15, 30, 24],
    ])
    assert got == [("C-0", ACK, 100.0), ("C-0", RES, 100.0), ("C-0", VER, 100.0),
                   ("C-1", ACK, 50.0), ("C-1", RES, 80.0), ("C-1", VER, 75.0)]
    assert "error" not in set(checks["severity"])


def test_a_rep_named_max_on_the_reps_list_with_no_date_is_not_taken_for_the_row():
    # "Max" under the rep column is a rep on the Reps list: the row is Max's (its date missing), not a row of maxima,
    # so C-1's 20 stays 20, not 20 of 40 = 50
    checks, got = _read(["Agent", "Call date", "Call ID", ACK, VER, RES], [
        ["Max", None, None, 30, 40, 30],
        ["Dana Cruz", "2026-09-04", "C-1", 30, 20, 30],
    ])
    assert ("C-1", VER, 50.0) not in got
    assert not any("points possible (" in p for _, p in _notes(checks))


def test_weekly_blocks_some_without_the_row_read_every_call_over_the_row():
    # week 1 under the header with its Points possible row (rows 2-4), week 2 pasted under the header again without
    # it (rows 7-8), week 3 with it again (rows 11-12): one export, every call read as points over 30 / 40 / 30,
    # none lost to a blank maximum
    head = HEAD
    checks, got = _read(head, [
        ["Points possible", None, None, 30, 40, 30, 100],     # row 2
        ["2026-09-04", "Dana Cruz", "C-1", 30, 40, 30, 100],  # row 3: 100, 100, 100
        ["2026-09-05", "Eli Moss", "C-2", 15, 20, 27, 62],    # row 4: 50, 50, 90
        [None] * 7,                                           # row 5
        head,                                                 # row 6
        ["2026-09-11", "Dana Cruz", "C-3", 24, 30, 21, 75],   # row 7: 80, 75, 70
        ["2026-09-12", "Eli Moss", "C-4", 6, 10, 3, 19],      # row 8: 20, 25, 10
        [None] * 7,                                           # row 9
        head,                                                 # row 10
        ["Points possible", None, None, 30, 40, 30, 100],     # row 11
        ["2026-09-18", "Dana Cruz", "C-5", 27, 36, 30, 93],   # row 12: 90, 90, 100
    ])
    assert Code.UNREADABLE_SCORE.value not in set(checks["code"])
    assert got == [("C-1", ACK, 100.0), ("C-1", RES, 100.0), ("C-1", VER, 100.0),
                   ("C-2", ACK, 50.0), ("C-2", RES, 90.0), ("C-2", VER, 50.0),
                   ("C-3", ACK, 80.0), ("C-3", RES, 70.0), ("C-3", VER, 75.0),
                   ("C-4", ACK, 20.0), ("C-4", RES, 10.0), ("C-4", VER, 25.0),
                   ("C-5", ACK, 90.0), ("C-5", RES, 100.0), ("C-5", VER, 90.0)]
    said = {r: p for r, p in _notes(checks) if "points possible (" in p}
    # row 2's over its own block and week 2's, which has none; row 11's over its own block
    assert "rows 3-4" in said[2] and "rows 7-8" in said[2] and "rows 12" not in said[2]
    assert "row 12" in said[11]


def test_a_row_at_the_top_of_the_columns_rating_keeps_the_rating_and_its_zeros_not_scored():
    # 5 / 5 / 5 over 1-5 ratings (10 / 10 / 10 over the same ratings doubled, on 1-10): the columns read as ratings
    # anyway, value / top x 100, where a 0 is "not scored" (domain.md), not 0 points of 5; the row is no call
    for label, top in (("Weight", 5), ("Max", 10)):
        k = top // 5
        checks, got = _read(HEAD[:6], [
            [label, None, None, top, top, top],
            ["2026-09-04", "Dana Cruz", "C-1", 5 * k, 5 * k, 5 * k],  # 100, 100, 100
            ["2026-09-05", "Dana Cruz", "C-2", 4 * k, 3 * k, 2 * k],  # 80, 60, 40
            ["2026-09-06", "Eli Moss", "C-3", 0, 4 * k, 5 * k],       # ACK not scored; 80, 100
            ["2026-09-07", "Eli Moss", "C-4", 3 * k, 2 * k, 4 * k],   # 60, 40, 80
            ["2026-09-08", "Dana Cruz", "C-5", 2 * k, 5 * k, 1 * k],  # 40, 100, 20
            ["2026-09-09", "Eli Moss", "C-6", 1 * k, 1 * k, 3 * k],   # 20, 20, 60
        ])
        assert got == [("C-1", ACK, 100.0), ("C-1", RES, 100.0), ("C-1", VER, 100.0),
                       ("C-2", ACK, 80.0), ("C-2", RES, 40.0), ("C-2", VER, 60.0),
                       ("C-3", RES, 100.0), ("C-3", VER, 80.0),
                       ("C-4", ACK, 60.0), ("C-4", RES, 80.0), ("C-4", VER, 40.0),
                       ("C-5", ACK, 40.0), ("C-5", RES, 20.0), ("C-5", VER, 100.0),
                       ("C-6", ACK, 20.0), ("C-6", RES, 60.0), ("C-6", VER, 20.0)], label
        assert Code.ZERO_NOT_SCORED.value in set(checks["code"]), label
        assert "error" not in set(checks["severity"]), label
        assert any(r == 2 and "top of the rating" in p for r, p in _notes(checks)), label


def test_a_paste_that_never_scores_a_columns_number_in_full_is_warned_of_with_the_fix():
    # a short week of points: ACK never scores 30 (25, 18), VER never 40 (32, 36), RES never 30 (20, 27), so the row
    # is not read and the scores stay as written, out of 100: a warning names the row, the columns and the fix
    checks, got = _read(HEAD[:6], [
        ["Points possible", None, None, 30, 40, 30],
        ["2026-09-04", "Dana Cruz", "C-1", 25, 32, 20],
        ["2026-09-05", "Eli Moss", "C-2", 18, 36, 27],
    ])
    assert got == [("C-1", ACK, 25.0), ("C-1", RES, 20.0), ("C-1", VER, 32.0),
                   ("C-2", ACK, 18.0), ("C-2", RES, 27.0), ("C-2", VER, 36.0)]
    warned = checks[(checks["code"] == Code.SCALE_UNCLEAR.value) & (checks["row"] == 2)]
    assert list(warned["severity"]) == ["warning"]
    problem, fix = warned["problem"].iat[0], warned["fix"].iat[0]
    assert "row 2" in problem and f"{ACK} never scores 30" in problem and f"{VER} never scores 40" in problem
    assert f"{RES} never scores 30" in problem and "out of 100" in problem
    # no one scale fits 30, 40 and 30: Score scale is not offered
    assert "Score scale" not in fix and "maximum" in fix and "HeaderMap" in fix and "Exclude" in fix
    assert not any(r == 2 and "Nothing to do." == f for r, f in zip(checks["row"], checks["fix"]))


def test_a_short_weeks_warning_gives_an_example_from_its_data_and_score_scale_only_where_one_fits():
    # 20 / 40 / 40, never scored in full: ACK, the first column named, scores 12 and 10 of its 20, so the example
    # is its highest score over its number, 12 of 20; three numbers, no one scale: no Score scale offered
    checks, _ = _read(HEAD[:6], [
        ["Points possible", None, None, 20, 40, 40],
        ["2026-09-11", "Dana Cruz", "C-7", 12, 36, 32],
        ["2026-09-12", "Eli Moss", "C-8", 10, 36, 20],
    ])
    warned = checks[(checks["code"] == Code.SCALE_UNCLEAR.value) & (checks["row"] == 2)]
    problem, fix = warned["problem"].iat[0], warned["fix"].iat[0]
    assert "12 is 12, not 12 of 20" in problem and "25 of 30" not in problem
    assert "Score scale" not in fix
    # 30 / 30 / 30, never scored in full (ACK 24 and 18): one scale, 0-30, fits every column, so it is offered
    checks, _ = _read(HEAD[:6], [
        ["Points possible", None, None, 30, 30, 30],
        ["2026-09-11", "Dana Cruz", "C-7", 24, 26, 21],
        ["2026-09-12", "Eli Moss", "C-8", 18, 29, 27],
    ])
    warned = checks[(checks["code"] == Code.SCALE_UNCLEAR.value) & (checks["row"] == 2)]
    problem, fix = warned["problem"].iat[0], warned["fix"].iat[0]
    assert "24 is 24, not 24 of 30" in problem
    assert "Score scale on Settings set to 0-30" in fix


def test_a_reason_in_the_rows_exclude_cell_keeps_it_skipped():
    # the team typed why in the Weight row's Exclude cell: a weighting, though its numbers fit as points possible;
    # the scores stay as written (25 is 25, not 25 of 30 = 83.3); a Max row so marked is left out as excluded
    for label in ("Weight", "Max"):
        checks, got = _read([*HEAD[:6], "Exclude"], [
            [label, None, None, 30, 40, 30, "weighting of the overall, not points"],
            ["2026-09-04", "Dana Cruz", "C-1", 25, 40, 20, None],
            ["2026-09-05", "Dana Cruz", "C-2", 30, 32, 30, None],
        ])
        assert got == [("C-1", ACK, 25.0), ("C-1", RES, 20.0), ("C-1", VER, 40.0),
                       ("C-2", ACK, 30.0), ("C-2", RES, 30.0), ("C-2", VER, 32.0)], label
        assert not any("points possible (" in p for _, p in _notes(checks)), label
        assert "error" not in set(checks["severity"]), label


def test_a_row_read_as_points_possible_is_said_in_one_note_that_offers_exclude():
    # 25 of 30 = 83.3: the row's note says the conversion and its fix (Exclude, the pasted cells never altered);
    # no other note speaks of a maximum column beside each score, which this paste has not
    checks, got = _read(HEAD[:6], [
        ["Max points", None, None, 30, 40, 30],
        ["2026-09-04", "Dana Cruz", "C-1", 25, 40, 30],
        ["2026-09-05", "Dana Cruz", "C-2", 30, 20, 15],
    ])
    assert got == [("C-1", ACK, 83.3333), ("C-1", RES, 100.0), ("C-1", VER, 100.0),
                   ("C-2", ACK, 100.0), ("C-2", RES, 50.0), ("C-2", VER, 50.0)]
    assert not any("maximum beside each" in p for p in checks["problem"])
    said = checks[(checks["row"] == 2) & checks["problem"].str.contains("points possible (", regex=False)]
    assert len(said) == 1 and "points / the row's number x 100" in said["problem"].iat[0]
    assert "Exclude" in said["fix"].iat[0] and "delete" not in said["fix"].iat[0]


def test_a_label_the_exports_rep_column_names_on_a_call_is_a_rep_not_the_row():
    # Max is not on the Reps list, but the export's Agent column names Max on call C-3: the first row is Max's (its
    # call id and date missing), not a row of maxima, so every score stays as written (20 is 20, not 20 of 40)
    checks, got = _read(["Agent", "Call date", "Call ID", ACK, VER, RES], [
        ["Max", None, None, 30, 40, 30],
        ["Dana Cruz", "2026-09-04", "C-1", 30, 20, 30],
        ["Eli Moss", "2026-09-05", "C-2", 15, 40, 10],
        ["Max", "2026-09-06", "C-3", 10, 10, 10],
    ], reps=[{"rep": "Dana Cruz"}, {"rep": "Eli Moss"}])
    assert got == [("C-1", ACK, 30.0), ("C-1", RES, 30.0), ("C-1", VER, 20.0),
                   ("C-2", ACK, 15.0), ("C-2", RES, 10.0), ("C-2", VER, 40.0),
                   ("C-3", ACK, 10.0), ("C-3", RES, 10.0), ("C-3", VER, 10.0)]
    assert not any("points possible (" in p for _, p in _notes(checks))


def test_a_row_read_as_maxima_reads_a_column_at_a_ratings_top_as_points_too():
    # Points possible 5 / 20 / 5: VER's 20 makes the row maxima (no score above 20, 20 scored on C-1), so ACK and
    # RES, whose 5 is a 1-5 rating's top, are read over it too: a 0 there is 0 of 5 = 0 points, as VER's 0 of 20 is
    checks, got = _read(HEAD[:6], [
        ["Points possible", None, None, 5, 20, 5],
        ["2026-09-04", "Dana Cruz", "C-1", 5, 20, 0],   # 5/5 = 100, 20/20 = 100, 0/5 = 0
        ["2026-09-05", "Dana Cruz", "C-2", 0, 0, 5],    # 0, 0, 100
        ["2026-09-06", "Eli Moss", "C-3", 3, 10, 2],    # 60, 50, 40
        ["2026-09-07", "Eli Moss", "C-4", 4, 15, 3],    # 80, 75, 60
        ["2026-09-08", "Dana Cruz", "C-5", 2, 5, 4],    # 40, 25, 80
        ["2026-09-09", "Eli Moss", "C-6", 1, 0, 1],     # 20, 0, 20
    ])
    assert got == [("C-1", ACK, 100.0), ("C-1", RES, 0.0), ("C-1", VER, 100.0),
                   ("C-2", ACK, 0.0), ("C-2", RES, 100.0), ("C-2", VER, 0.0),
                   ("C-3", ACK, 60.0), ("C-3", RES, 40.0), ("C-3", VER, 50.0),
                   ("C-4", ACK, 80.0), ("C-4", RES, 60.0), ("C-4", VER, 75.0),
                   ("C-5", ACK, 40.0), ("C-5", RES, 80.0), ("C-5", VER, 25.0),
                   ("C-6", ACK, 20.0), ("C-6", RES, 20.0), ("C-6", VER, 0.0)]
    assert Code.ZERO_NOT_SCORED.value not in set(checks["code"])  # no 0 is "not scored"
    said = [p for r, p in _notes(checks) if r == 2 and "points possible (" in p]
    # one note names every column's number
    assert len(said) == 1 and f"({ACK} 5, {VER} 20, {RES} 5)" in said[0]
