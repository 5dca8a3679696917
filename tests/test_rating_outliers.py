"""A rating column with a score above its top (an 11 among 1-10 ratings, a 6 among 1-5): the column is read
on the rating its other scores fit and the score above is kept and flagged by its row (domain.md, "Exact
rules: Scores": values outside the scale are kept and flagged, never clipped), not the whole column read on
another scale (an 11 made every 1-10 rating points out of 100 or of 50; a 6 made 1-5 ratings 1-10 ones).
A column too short to tell says so, naming the row.  Imported and refreshed through the command line;
expected values worked out by hand."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.workbook.exports import read_export
from coachlog_xl.workbook.reader import read_inputs
from tests.wbkit import records, run, team_book, type_log_rows

ACK = "Acknowledges the concern"
SESSION = dt.date(2026, 3, 1)


def _refreshed(tmp_path, before: list[int], after: list[int], hours: int = 12):
    """An export of ``before`` (one call a day from 1 February) and ``after`` (from 2 March) scores of one rep,
    around a session of 1 March whose windows take 30 calls (``hours`` apart before it), imported and refreshed:
    (the Follow-up row, the Checks rows, the import's output)."""
    book, export = tmp_path / "team.xlsx", tmp_path / "week.csv"
    wb = team_book(book, [("ACK", ACK)], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": SESSION, "Targeted criterion": ACK,
                        "Calls to review": 30, "Calls needed at threshold": 1}])
    wb.save(book)
    days = [dt.datetime(2026, 2, 1, 9) + dt.timedelta(hours=hours * i) for i in range(len(before))] + \
        [dt.datetime(2026, 3, 2, 9) + dt.timedelta(hours=12 * i) for i in range(len(after))]
    export.write_text("Call ID,Agent,Start Time,Metric,Score\n" + "".join(
        f"C{i},Dana Cruz,{day:%Y-%m-%d %H:%M},{ACK},{s}\n" for i, (day, s) in enumerate(zip(days, before + after), 1)),
        encoding="utf-8")
    imported = run("import", book, export)
    assert imported.exit_code == 0, imported.output
    refreshed = run("refresh", book, "--as-of", "2026-04-30")
    assert refreshed.exit_code == 0, refreshed.output
    return records(book, "Follow-up")[0], records(book, "Checks"), imported.output


def test_one_11_among_1_to_10_ratings_is_flagged_and_the_rest_stay_ratings(tmp_path):
    before = [6, 7, 8] * 4  # 12 calls: mean 7 -> 70
    after = [8, 9] * 5 + [11]  # row 2 + 12 + 10 = 24 holds the 11
    row, checks, output = _refreshed(tmp_path, before, after)
    assert (row["Baseline n"], row["Baseline mean"]) == (12, 70)
    # follow-up: 8, 9 five times (85 on average) and the 11, kept as 110: (5 x 80 + 5 x 90 + 110) / 11 = 960 / 11
    assert row["Follow-up n"] == 11 and abs(row["Follow-up mean"] - 960 / 11) < 1e-9
    flagged = [(r["Row"], r["Value"]) for r in checks if r["Code"] == Code.SCORE_OUT_OF_SCALE.value]
    assert flagged == [(24, "11")]
    said = next(r["Problem"] for r in checks if r["Code"] == Code.SCORE_OUT_OF_SCALE.value)
    assert "score 11 is above the 1-10 rating the other 22 scores" in said
    assert "1-10 rating (1 above 10, flagged)" in output


def test_one_6_among_1_to_5_ratings_is_flagged_and_the_rest_stay_1_to_5(tmp_path):
    before = [3, 4, 5] * 4  # mean 4 -> 80
    after = [2, 4] * 5 + [6]  # 6 on row 24
    row, checks, _ = _refreshed(tmp_path, before, after)
    assert (row["Baseline n"], row["Baseline mean"]) == (12, 80)  # read as 1-10 it was 40
    # follow-up: 2 and 4 five times (40, 80) and the 6 kept as 120: (200 + 400 + 120) / 11 = 720 / 11
    assert row["Follow-up n"] == 11 and abs(row["Follow-up mean"] - 720 / 11) < 1e-9
    assert [(r["Row"], r["Value"]) for r in checks if r["Code"] == Code.SCORE_OUT_OF_SCALE.value] == [(24, "6")]


def test_a_short_1_to_10_column_with_an_11_says_so_by_row(tmp_path):
    before = [6, 7, 8] * 3  # 9 calls: too few (under 20) to read the column as a rating past its 11
    after = [9, 11]  # row 2 + 9 + 1 = 12 holds the 11
    row, checks, _ = _refreshed(tmp_path, before, after)
    assert row["Baseline mean"] == 7  # read as points out of 100, as before: (6 + 7 + 8) / 3
    unclear = [r["Problem"] for r in checks if r["Code"] == Code.SCALE_UNCLEAR.value]
    assert len(unclear) == 1 and "all but 1 of the 11 scores are 10 or below (above it: row 12, 11)" in unclear[0]


def test_two_6s_among_1_to_5_ratings_are_flagged_and_the_rest_stay_1_to_5(tmp_path):
    # two strays are as likely as one (a 6 and another 6): the column stays 1-5 (it was read as 1-10: 4 as 40)
    row, checks, _ = _refreshed(tmp_path, [3, 4, 5] * 4, [2, 4] * 5 + [6, 6])
    assert row["Baseline mean"] == 80  # 4 of 5
    assert [(r["Row"], r["Value"]) for r in checks if r["Code"] == Code.SCORE_OUT_OF_SCALE.value] \
        == [(24, "6"), (25, "6")]


def test_an_11_and_a_12_among_1_to_10_ratings_are_flagged_and_the_rest_stay_ratings(tmp_path):
    # with one 11 the column was 1-10 (8 as 80), with an 11 and a 12 1-50 (8 as 16) and an info note only
    row, checks, output = _refreshed(tmp_path, [6, 7, 8] * 4, [8, 9] * 5 + [11, 12])
    assert (row["Baseline n"], row["Baseline mean"]) == (12, 70)
    # follow-up: 8, 9 five times (400 + 450) and the 11 and 12 kept as 110 and 120: 1080 / 12 = 90
    assert (row["Follow-up n"], row["Follow-up mean"]) == (12, 90)
    assert [(r["Row"], r["Value"]) for r in checks if r["Code"] == Code.SCORE_OUT_OF_SCALE.value] == [
        (24, "11"), (25, "12")]
    assert "1-10 rating (2 above 10, flagged)" in output


def test_two_11s_among_21_ratings_are_strays_as_among_22(tmp_path):
    # 21 scores, two of them 11: two strays are allowed from 21 scores on, and the twenty scores a rating needs
    # count them (before, 19 inside were too few: the column read as 1-50, 7 as 14; with one more 9, as 1-10)
    row, checks, output = _refreshed(tmp_path, [6, 7, 8] * 4, [8, 9] * 3 + [9, 11, 11])
    assert (row["Baseline n"], row["Baseline mean"]) == (12, 70)  # mean 7 on 1-10
    # follow-up: 3 x 80 + 4 x 90 = 600, the two 11s kept as 110 each: 820 / 9
    assert row["Follow-up n"] == 9 and abs(row["Follow-up mean"] - 820 / 9) < 1e-9
    flagged = [(r["Row"], r["Value"]) for r in checks if r["Code"] == Code.SCORE_OUT_OF_SCALE.value]
    assert flagged == [(21, "11"), (22, "11")]  # rows 2-13 before, 14-22 after
    assert Code.SCALE_UNCLEAR.value not in [r["Code"] for r in checks]
    assert "1-10 rating (2 above 10, flagged)" in output


def test_six_above_10_among_500_ratings_are_strays(tmp_path):
    # one in fifty may stray: 6 of 500 are strays as 5 are (before, allowed 5, the sixth read every score as
    # 1-50, 7 as 14)
    row, checks, output = _refreshed(tmp_path, [6, 7, 8] * 160, [8, 9] * 7 + [11, 12, 11, 13, 11, 12], 1)
    assert (row["Baseline n"], row["Baseline mean"]) == (30, 70)  # the last 30 of 6, 7, 8: mean 7 on 1-10
    # follow-up: 7 x 80 + 7 x 90 = 1190, and 110 + 120 + 110 + 130 + 110 + 120 = 700 kept: 1890 / 20
    assert row["Follow-up n"] == 20 and abs(row["Follow-up mean"] - 94.5) < 1e-9
    flagged = [r["Row"] for r in checks if r["Code"] == Code.SCORE_OUT_OF_SCALE.value]
    assert flagged == list(range(496, 502))  # rows 2-481 before, 482-501 after: the last six
    assert "1-10 rating (6 above 10, flagged)" in output


def test_more_than_one_in_fifty_above_10_is_no_stray_but_another_scale(tmp_path):
    # 11 of 500 above 10 (one in fifty is 10): a 0-100 column of low scores is not made a 1-10 rating (11-50 as
    # 110-500); read as 1-50 (7 as 14), the rows above 10 named
    row, checks, _ = _refreshed(tmp_path, [6, 7, 8] * 160, [8, 9] * 4 + [20, 30, 40] * 3 + [11, 12, 13], 1)
    assert (row["Baseline n"], row["Baseline mean"]) == (30, 14)
    unclear = [r for r in checks if r["Code"] == Code.SCALE_UNCLEAR.value]
    assert len(unclear) == 1 and "all but 12 of the 500 scores are 10 or below" in unclear[0]["Problem"]


def test_1_to_10_ratings_read_as_1_to_50_for_three_above_10_say_so_by_row(tmp_path):
    # three above 10 among 25 are more than strays: the column is read as 1-50 (7 as 14), and a warning names
    # the rows above 10, on the first of them
    row, checks, _ = _refreshed(tmp_path, [6, 7, 8] * 4, [8, 9] * 5 + [11, 12, 13])
    assert (row["Baseline n"], row["Baseline mean"]) == (12, 14)
    unclear = [r for r in checks if r["Code"] == Code.SCALE_UNCLEAR.value]
    assert [(r["Row"], r["Severity"]) for r in unclear] == [(24, "warning")]
    assert ("all but 3 of the 25 scores are 10 or below (above it: row 24, 11; row 25, 12; row 26, 13); all are "
            "read as a 1-50 rating") in unclear[0]["Problem"]


def test_three_6s_among_1_to_5_ratings_read_as_1_to_10_say_so_by_row(tmp_path):
    row, checks, _ = _refreshed(tmp_path, [3, 4, 5] * 4, [2, 4] * 5 + [6, 6, 6])
    assert row["Baseline mean"] == 40  # 4 of 10: three above 5 are a larger scale, as before
    assert not [r for r in checks if r["Code"] == Code.SCORE_OUT_OF_SCALE.value]
    unclear = [r for r in checks if r["Code"] == Code.SCALE_UNCLEAR.value]
    assert [r["Row"] for r in unclear] == [24]
    assert "all but 3 of the 25 scores are 5 or below (above it: row 24, 6; row 25, 6; row 26, 6)" \
        in unclear[0]["Problem"]


def test_an_11_beside_a_negative_score_among_1_to_10_ratings_is_named(tmp_path):
    # a penalty (-2) makes the column no rating: read as points out of 100, as before, but no longer without a word
    row, checks, _ = _refreshed(tmp_path, [6, 7, 8] * 4, [8, 9] * 5 + [11, -2])
    assert row["Baseline mean"] == 7
    unclear = [r["Problem"] for r in checks if r["Code"] == Code.SCALE_UNCLEAR.value]
    assert len(unclear) == 1
    assert "all but 2 of the 24 scores are from 0 to 10 (outside it: row 24, 11; row 25, -2)" in unclear[0]


def test_a_short_1_to_5_column_with_a_6_over_an_export_s_tabs_is_named_by_its_tab_and_row(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "ratings.xlsx"
    team_book(book, [("ACK", ACK)], ["Dana Cruz"]).save(book)
    wb = Workbook()
    wb.remove(wb.active)
    head = ["Call ID", "Agent", "Metric", "Score", "Call date"]
    for tab, scores in (("Jan", [3, 4, 5]), ("Feb", [2, 4, 5, 6])):
        ws = wb.create_sheet(tab)
        ws.append(head)
        for i, s in enumerate(scores):
            ws.append([f"{tab}{i}", "Dana Cruz", ACK, s, dt.date(2026, 1 if tab == "Jan" else 2, 2 + i)])
    wb.save(export)
    checks = preview(read_inputs(book), read_export(export)).checks
    unclear = checks[checks["code"] == Code.SCALE_UNCLEAR.value]
    # seven scores, one above 5 (Feb row 5, below its header and 2, 4, 5): read as 1-10, said on that tab and row;
    # and none above 7, so the 1-10 reading is a guess (maybe 1-7 or 0-6), said once for the export's tabs
    assert set(zip(unclear["sheet"], unclear["row"])) == {("ratings.xlsx (sheet Feb)", 5),
                                                          ("ratings.xlsx (sheets Jan, Feb)", None)}
    unclear = unclear[unclear["row"].notna()]
    assert ("all but 1 of the 7 scores are 5 or below (above it: ratings.xlsx (sheet Feb) row 5, 6); all are read "
            "as a 1-10 rating.") in unclear["problem"].iloc[0]
