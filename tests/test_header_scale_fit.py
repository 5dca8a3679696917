"""A scale an export's header states (``Score (1-5)``, a wide export's ``Empathy (1-5)``) against the numbers under
it: a column plainly not on it is read as if none were stated, said once; the whole header kept as a criterion's
name still states its scale; the fixes offered for a wide column name its own header.  Imported and refreshed
through the command line; expected values worked out by hand."""

from __future__ import annotations

import datetime as dt

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


def test_the_fix_for_0s_and_1s_under_a_wide_columns_scale_names_its_own_header(tmp_path):
    # 0, 1 | 1, 0 under Empathy (0-100): read as points (0.5 | 0.5), the doubt said; retyping the header as Score would
    # leave the export without a criterion column, so the fix names Empathy's own
    _, rows, checks = _refreshed(tmp_path, [("EMP", "Empathy")], ["Empathy"],
                                 ["Call ID", "Agent", "Start Time", "Empathy (0-100)"], [[0], [1], [1], [0]])
    assert _means(rows["Empathy"]) == (2, 0.5, 2, 0.5)
    fix = next(r["How to fix"] for r in checks if r["Code"] == Code.SCALE_UNCLEAR.value)
    assert 'retype the header "Empathy (0-100)" as Empathy, without the scale' in fix and "as Score" not in fix


def test_the_zero_not_scored_note_under_a_headers_scale_names_the_header(tmp_path):
    # 4, 0 | 5, 3 under Empathy (1-5): the 0 is not scored (domain.md: a scale from 1); 80 | 100, 60
    _, rows, checks = _refreshed(tmp_path, [("EMP", "Empathy")], ["Empathy"],
                                 ["Call ID", "Agent", "Start Time", "Empathy (1-5)"], [[4], [0], [5], [3]])
    assert _means(rows["Empathy"]) == (1, 80, 2, 80)
    fix = next(r["How to fix"] for r in checks if r["Code"] == Code.ZERO_NOT_SCORED.value)
    assert '"Empathy (1-5)"' in fix and "0-5" in fix and "Settings" not in fix


def test_a_zero_under_score_1_to_100_is_not_scored(tmp_path):
    # domain.md: on a scale that starts at 1, a 0 means not scored: 80, 60 | 0, 90 under Score (1-100) -> 70 | 90
    _, rows, checks = _long(tmp_path, "Score (1-100)", [80, 60, 0, 90])
    assert _means(rows["Empathy"]) == (2, 70, 1, 90)
    codes = [r["Code"] for r in checks]
    assert codes.count(Code.ZERO_NOT_SCORED.value) == 1 and Code.SCALE_CONVERTED.value not in codes
