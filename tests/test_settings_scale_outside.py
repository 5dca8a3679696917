"""A score taken outside 0-100 by the Settings Score scale (``1-5`` set, a 0-100 export pasted) is said as
its cell holds it, with that setting as the likely cause and its fix, not as a misread number (domain.md,
"Exact rules: Scores": values outside the scale are kept and flagged; a number far beyond is unreadable).
The Checks row's Value is the cell as typed (60), not the figure the scale made of it (1200)."""

from __future__ import annotations

from tests.rules_kit import D, calls, run, session


def _said(result, code: str) -> list[tuple]:
    c = result.checks[result.checks["code"] == code]
    return list(zip(c["row"], c["problem"], c["fix"]))


def _values(result, code: str) -> list[tuple]:
    c = result.checks[result.checks["code"] == code]
    return list(zip(c["row"], c["value"]))


def test_a_score_the_settings_scale_takes_outside_0_100_names_the_setting():
    # three calls scored 60, 40 and 4, read on the Settings scale 1-5: 60 / 5 x 100 = 1200 (beyond 1000
    # points: not counted), 40 / 5 x 100 = 800 (kept, flagged), 4 / 5 x 100 = 80 (a score)
    r = run(calls([60, 40, 4], D(2026, 2, 20)), [session()], settings={"score_scale": "1-5"})
    fix = "Set Score scale on Settings to auto or to the export's scale."
    assert _said(r, "unreadable-score") == [(
        2, "Scores row 2: score 60, on the Settings scale 1-5 1200 on 0-100, is far outside 0-100 (is the export "
           "on 1-5?); it is not counted.", fix)]
    assert _said(r, "score-out-of-scale") == [(
        3, "Scores row 3: score 40, on the Settings scale 1-5 800 on 0-100, is outside 0-100 (is the export on "
           "1-5?); kept as it is.", fix)]


def test_a_score_outside_0_100_on_the_detected_scale_is_said_as_read():
    r = run(calls([60, 1200, 130], D(2026, 2, 20)), [session()])  # auto: 0-100, one misread, one bonus
    assert _said(r, "unreadable-score") == [(
        3, "Scores row 3: score 1200 is far outside 0-100 (a decimal comma read as a thousands separator, as in "
           "87,125?); it is not counted.", "Correct the score (87.125), or type a reason in Exclude.")]
    assert _said(r, "score-out-of-scale") == [(
        4, "Scores row 4: score 130 is outside 0-100 (bonus or penalty?); kept as it is.",
        "Check the score; type a reason in Exclude if it should not count.")]


def test_the_value_column_shows_the_cell_as_typed_under_a_settings_scale():
    # on 1-5: 60 -> 1200 (not counted), 40 -> 800, 7 -> 140, 37.3 -> 746 (kept, flagged); "130%" is a percent,
    # read as 130 and not put on the scale: said as read, with the usual cause
    r = run(calls([60, 40, 7, 37.3, "130%", 4], D(2026, 2, 20)), [session()], settings={"score_scale": "1-5"})
    assert _values(r, "unreadable-score") == [(2, "60")]
    assert _values(r, "score-out-of-scale") == [(3, "40"), (4, "7"), (5, "37.3"), (6, "130")]
    said = {row: problem for row, problem, _ in _said(r, "score-out-of-scale")}
    assert said[5] == ("Scores row 5: score 37.3, on the Settings scale 1-5 746 on 0-100, is outside 0-100 (is the "
                       "export on 1-5?); kept as it is.")
    assert said[6] == "Scores row 6: score 130 is outside 0-100 (bonus or penalty?); kept as it is."
