"""A scale an export's header states (``Score (1-5)``, a wide export's ``Empathy (1-5)``) against the numbers under
it: a column plainly not on it is read as if none were stated, said once; the whole header kept as a criterion's
name still states its scale; the fixes offered for a wide column name its own header.  Imported and refreshed
through the command line; expected values worked out by hand."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from coachlog_xl.core.checks import Code
from tests.wbkit import records, run, team_book, type_log_rows

SESSION = dt.date(2026, 2, 4)  # date only: the calls of 2-3 February are the baseline, of 5-6 the follow-up
DAYS = (2, 3, 5, 6)


def _refreshed(tmp_path, criteria: list[tuple[str, str]], targets: list[str], header: list[str], cells: list[list]):
    """A team workbook (``criteria``; one session on 4 February per criterion of ``targets``), the CSV export
    (``header``, then Call ID, Agent, Start Time and ``cells`` for the calls of 2, 3, 5 and 6 February) imported and
    refreshed: (the import's output, the Follow-up rows by targeted criterion, the Checks rows)."""
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    wb = team_book(book, criteria, ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": f"S-{i}", "Rep": "Dana Cruz", "Session date": SESSION, "Targeted criterion": c}
                       for i, c in enumerate(targets, start=1)])
    wb.save(book)
    lines = [",".join(header)] + [",".join([f"C{day}", "Dana Cruz", f"2026-02-0{day} 10:00", *map(str, row)])
                                  for day, row in zip(DAYS, cells)]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported = run("import", book, export)
    assert "Added 4 rows" in imported.output, imported.output  # (exit 1 when it found an error)
    refreshed = run("refresh", book, "--as-of", "2026-02-28")
    assert refreshed.exit_code == 0, refreshed.output
    follow_up = {targets[int(r["Session ID"][2:]) - 1]: r for r in records(book, "Follow-up")}
    return imported.output, follow_up, records(book, "Checks")


def _long(tmp_path, header: str, scores: list):
    """:func:`_refreshed` of a long export of Empathy's ``scores`` under the score column's ``header``."""
    return _refreshed(tmp_path, [("EMP", "Empathy")], ["Empathy"], ["Call ID", "Agent", "Start Time", "Metric", header],
                      [["Empathy", score] for score in scores])


def _means(row) -> tuple:
    return row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]


def test_a_wide_column_of_0_to_100_scores_under_a_1_to_5_header_is_read_as_typed_and_said_once(tmp_path):
    _, rows, checks = _refreshed(tmp_path, [("EMP", "Empathy"), ("OPN", "Opening")], ["Empathy", "Opening"],
                                 ["Call ID", "Agent", "Start Time", "Empathy (1-5)", "Opening (1-5)"],
                                 [[80, 4], [60, 6], [90, 7], [100, 5]])
    # Empathy: every score above 5, read as typed: baseline (80 + 60) / 2 = 70, follow-up (90 + 100) / 2 = 95
    assert _means(rows["Empathy"]) == (2, 70, 2, 95)
    # Opening: two above 5 among scores that fit, on 1-5 and flagged: (80 + 120) / 2 = 100, (140 + 100) / 2 = 120
    assert _means(rows["Opening"]) == (2, 100, 2, 120)
    codes = [r["Code"] for r in checks]
    assert Code.UNREADABLE_SCORE.value not in codes
    assert codes.count(Code.SCORE_OUT_OF_SCALE.value) == 2
    unclear = [r for r in checks if r["Code"] == Code.SCALE_UNCLEAR.value]
    assert len(unclear) == 1 and unclear[0]["Value"] == "Empathy"
    assert '"Empathy (1-5)"' in unclear[0]["Problem"] and "1-5" in unclear[0]["Problem"]
    assert "row 2, 80" in unclear[0]["Problem"]
    assert "retype the header \"Empathy (1-5)\" as Empathy" in unclear[0]["How to fix"]


def test_a_long_score_column_of_0_to_100_under_score_1_to_5_keeps_every_score(tmp_path):
    _, rows, checks = _long(tmp_path, "Score (1-5)", [80, 60, 90, 100])
    assert _means(rows["Empathy"]) == (2, 70, 2, 95)
    codes = [r["Code"] for r in checks]
    assert Code.UNREADABLE_SCORE.value not in codes and codes.count(Code.SCALE_UNCLEAR.value) == 1
    assert "retype the score column's header as Score" in next(
        r["How to fix"] for r in checks if r["Code"] == Code.SCALE_UNCLEAR.value)


def test_a_number_far_out_on_its_headers_scale_is_said_as_typed(tmp_path):
    _, rows, checks = _long(tmp_path, "Score (1-5)", [4, 3, 300, 5])
    # 300 of 5 is 6000 on 0-100: beyond any bonus, not counted; the other three fit 1-5 (80, 60; 100)
    assert _means(rows["Empathy"]) == (2, 70, 1, 100)
    far = [r for r in checks if r["Code"] == Code.UNREADABLE_SCORE.value]
    assert len(far) == 1 and far[0]["Row"] == 4 and far[0]["Value"] == "300"
    assert 'score 300, on the scale 1-5 its header "Score (1-5)" states 6000 on 0-100' in far[0]["Problem"]


def test_a_criterion_named_with_its_scale_on_the_criteria_sheet_is_read_on_that_scale(tmp_path):
    # the Criteria sheet names the criterion "Empathy (1-10)", the header whole: 4, 3 | 5, 2 of 10 are 40, 30 | 50, 20
    # (not points out of 100, as four numbers too few to tell a rating would be read)
    _, rows, checks = _refreshed(tmp_path, [("EMP", "Empathy (1-10)")], ["Empathy (1-10)"],
                                 ["Call ID", "Agent", "Start Time", "Empathy (1-10)"], [[4], [3], [5], [2]])
    assert _means(rows["Empathy (1-10)"]) == (2, 35, 2, 35)
    assert Code.SCALE_UNCLEAR.value not in [r["Code"] for r in checks]


def test_a_criterion_id_with_a_scale_kept_whole_is_read_on_that_scale(tmp_path):
    # "Empathy (1-5)" typed as Empathy's Criterion ID: 4, 3 | 5, 5 of 5 are 80, 60 | 100, 100
    _, rows, _ = _refreshed(tmp_path, [("Empathy (1-5)", "Empathy")], ["Empathy"],
                            ["Call ID", "Agent", "Start Time", "Empathy (1-5)"], [[4], [3], [5], [5]])
    assert _means(rows["Empathy"]) == (2, 70, 2, 100)


def test_two_columns_of_one_criterion_stating_different_scales_are_said(tmp_path):
    # "EMP (1-5)" (by its ID) and "Empathy (1-10)" are both Empathy: one scale cannot be put over the other silently
    _, _, checks = _refreshed(tmp_path, [("EMP", "Empathy")], ["Empathy"],
                              ["Call ID", "Agent", "Start Time", "EMP (1-5)", "Empathy (1-10)"],
                              [[4, 8], [3, 6], [5, 10], [5, 9]])
    both = [r for r in checks if r["Code"] == Code.SCALE_UNCLEAR.value and '"EMP (1-5)"' in r["Problem"]]
    assert len(both) == 1 and '"Empathy (1-10)"' in both[0]["Problem"] and both[0]["Value"] == "Empathy"


def test_two_columns_of_one_criterion_stating_different_scales_are_each_read_on_their_own(tmp_path):
    # 4, 5 under "EMP (1-5)" -> 80, 100: baseline 90; 6, 9 under "Empathy (1-10)" -> 60, 90: follow-up 75 (they were
    # read on 1-5 as 120 and 180)
    _, rows, checks = _refreshed(tmp_path, [("EMP", "Empathy")], ["Empathy"],
                                 ["Call ID", "Agent", "Start Time", "EMP (1-5)", "Empathy (1-10)"],
                                 [[4, ""], [5, ""], ["", 6], ["", 9]])
    assert _means(rows["Empathy"]) == (2, 90, 2, 75)
    assert Code.SCORE_OUT_OF_SCALE.value not in [r["Code"] for r in checks]


def test_the_fix_for_0s_and_1s_under_a_wide_columns_scale_names_its_own_header(tmp_path):
    # 0, 1 | 1, 0 under Empathy (0-100): read as points (0.5 | 0.5), the doubt said; retyping the header as Score would
    # leave the export without a criterion column, so the fix names Empathy's own
    _, rows, checks = _refreshed(tmp_path, [("EMP", "Empathy")], ["Empathy"],
                                 ["Call ID", "Agent", "Start Time", "Empathy (0-100)"], [[0], [1], [1], [0]])
    assert _means(rows["Empathy"]) == (2, 0.5, 2, 0.5)
    fix = next(r["How to fix"] for r in checks if r["Code"] == Code.SCALE_UNCLEAR.value)
    assert 'retype the header "Empathy (0-100)" as Empathy, without the scale' in fix and "as Score" not in fix


def test_the_fix_for_a_wide_header_the_criteria_sheet_names_whole_keeps_it_a_criterions(tmp_path):
    # the Criteria sheet names the criterion "Empathy (0-100)": retyping the header as Empathy would name no criterion,
    # so the fix says the criterion's ID (or renaming it on the Criteria sheet too)
    for sub in "ab":
        (tmp_path / sub).mkdir()
    _, rows, checks = _refreshed(tmp_path / "a", [("EMP", "Empathy (0-100)")], ["Empathy (0-100)"],
                                 ["Call ID", "Agent", "Start Time", "Empathy (0-100)"], [[0], [1], [1], [0]])
    fix = next(r["How to fix"] for r in checks if r["Code"] == Code.SCALE_UNCLEAR.value)
    assert "as the criterion's ID" in fix and "as Empathy," not in fix
    # the fix taken, the header EMP: 0s and 1s read as absent/present: 0, 100 | 100, 0 -> 50 | 50
    _, rows, _ = _refreshed(tmp_path / "b", [("EMP", "Empathy (0-100)")], ["Empathy (0-100)"],
                            ["Call ID", "Agent", "Start Time", "EMP"], [[0], [1], [1], [0]])
    assert _means(rows["Empathy (0-100)"]) == (2, 50, 2, 50)


def test_the_zero_not_scored_note_under_a_headers_scale_names_the_header(tmp_path):
    # 4, 0 | 5, 3 under Empathy (1-5): the 0 is not scored (domain.md: a scale from 1); 80 | 100, 60
    _, rows, checks = _refreshed(tmp_path, [("EMP", "Empathy")], ["Empathy"],
                                 ["Call ID", "Agent", "Start Time", "Empathy (1-5)"], [[4], [0], [5], [3]])
    assert _means(rows["Empathy"]) == (1, 80, 2, 80)
    fix = next(r["How to fix"] for r in checks if r["Code"] == Code.ZERO_NOT_SCORED.value)
    assert '"Empathy (1-5)"' in fix and "0-5" in fix and "Settings" not in fix


def test_a_zero_under_score_1_to_100_is_0_points_said_with_its_rows_and_left_out_by_exclude(tmp_path):
    # a 1-100 header is most often a 0-100 export's, whose 0 is a fatal-error call (exports.md): 80, 0 | 0, 90 under
    # Score (1-100) count as 0 points -> (80 + 0) / 2 = 40 | (0 + 90) / 2 = 45; the 0s are on rows 3 and 4
    _, rows, checks = _long(tmp_path, "Score (1-100)", [80, 0, 0, 90])
    assert _means(rows["Empathy"]) == (2, 40, 2, 45)
    codes = [r["Code"] for r in checks]
    assert Code.ZERO_NOT_SCORED.value not in codes and Code.SCALE_CONVERTED.value not in codes
    said = [r for r in checks if r["Code"] == Code.SCALE_UNCLEAR.value]
    assert len(said) == 1 and said[0]["Severity"] == "warning" and "rows 3, 4" in said[0]["Problem"]
    assert "Exclude" in said[0]["How to fix"]
    assert said[0]["Row"] == 3  # the first 0's row, as a row's problem is said
    # the fix taken: a reason in Exclude on rows 3 and 4 leaves the 0s out: follow-up 90 (the baseline, recorded on the
    # Log by the first refresh, stays as recorded)
    book = tmp_path / "team.xlsx"
    wb = load_workbook(book)
    sheet = wb["Scores export"]
    exclude = [c.value for c in sheet[1]].index("Exclude") + 1
    for row in (3, 4):
        sheet.cell(row=row, column=exclude, value="0 = not graded")
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-02-28").exit_code == 0
    (row,) = records(book, "Follow-up")
    assert _means(row)[2:] == (1, 90)


def test_zeros_are_no_evidence_that_a_column_fits_its_headers_scale(tmp_path):
    for sub in "abc":
        (tmp_path / sub).mkdir()
    # a pass/fail criterion the Criteria sheet names with its scale, exported as 0 and 100: every score other than 0
    # is above 1, so the column is read as points: baseline 0, 0 -> 0; follow-up 100, 100 -> 100 (each 100 was
    # read on 0-1 as 10000 and dropped)
    _, rows, _ = _refreshed(tmp_path / "a", [("CMP", "Compliance (0-1)")], ["Compliance (0-1)"],
                            ["Call ID", "Agent", "Start Time", "Compliance (0-1)"], [[0], [0], [100], [100]])
    assert _means(rows["Compliance (0-1)"]) == (2, 0, 2, 100)
    # 80, 0 | 60, 0 under Score (1-5): points, the 0s 0 points: 40 | 30 (80 and 60 were dropped, the 0s not scored)
    _, rows, checks = _long(tmp_path / "b", "Score (1-5)", [80, 0, 60, 0])
    assert _means(rows["Empathy"]) == (2, 40, 2, 30)
    assert Code.UNREADABLE_SCORE.value not in [r["Code"] for r in checks]
    said = [r for r in checks if r["Code"] == Code.SCALE_UNCLEAR.value]
    assert len(said) == 1 and "all 2 scores other than 0 are above 5" in said[0]["Problem"]
    # 0, 100 | 100, 0 under Score (0-10): points, 50 | 50 (each 100 was read as 1000 and counted)
    _, rows, _ = _long(tmp_path / "c", "Score (0-10)", [0, 100, 100, 0])
    assert _means(rows["Empathy"]) == (2, 50, 2, 50)


def test_a_column_not_fitting_its_headers_scale_is_not_read_on_settings_scale_either(tmp_path):
    # Settings' Score scale 1-5 and Score (1-5) over 80, 60 | 90, 100: read as typed, as the warning says (each was
    # read on 1-5 as 1200-2000 and dropped): (80 + 60) / 2 = 70 | (90 + 100) / 2 = 95
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    wb = team_book(book, [("EMP", "Empathy")], ["Dana Cruz"])
    type_log_rows(wb,
                  [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": SESSION, "Targeted criterion": "Empathy"}])
    (setting,) = [row for row in wb["Settings"].iter_rows() if row[0].value == "Score scale"]
    setting[1].value = "1-5"
    wb.save(book)
    export.write_text("Call ID,Agent,Start Time,Metric,Score (1-5)\n" + "".join(
        f"C{day},Dana Cruz,2026-02-0{day} 10:00,Empathy,{score}\n" for day, score in zip(DAYS, (80, 60, 90, 100))),
        encoding="utf-8")
    assert run("import", book, export).exit_code == 0
    assert run("refresh", book, "--as-of", "2026-02-28").exit_code == 0
    (row,) = records(book, "Follow-up")
    assert _means(row) == (2, 70, 2, 95)
    said = [r for r in records(book, "Checks") if r["Code"] == Code.SCALE_UNCLEAR.value]
    assert len(said) == 1 and "read as points out of 100" in said[0]["Problem"]


def test_a_short_column_of_6_to_9_under_a_1_to_5_header_gets_one_warning(tmp_path):
    # four scores, every one above 5: too few to tell a 1-10 rating, so read as points out of 100 as if no scale
    # were stated (6, 7 before the session: 6.5; 8, 9 after it: 8.5), and that said once: the column's one fault
    # was a second warning too ("all 4 scores are 10 or below; they are read as points out of 100")
    _, rows, checks = _long(tmp_path, "Score (1-5)", [6, 7, 8, 9])
    assert _means(rows["Empathy"]) == (2, 6.5, 2, 8.5)
    [unclear] = [c for c in checks if c["Code"] == Code.SCALE_UNCLEAR.value]
    assert unclear["Severity"] == "warning" and unclear["Sheet"] == "Scores export"
    assert 'all 4 scores are above 5, the top of the scale 1-5 its header "Score (1-5)" states' in unclear["Problem"]
    assert "read as points out of 100" in unclear["Problem"]
