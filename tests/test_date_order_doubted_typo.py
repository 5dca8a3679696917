"""A paste read month-first, as Settings says, with one mistyped date (12/10/2026 for 11/10/2026) that falls after
the as-of date while day-first none would: its ``date-order-doubted`` error's fix offers to correct that row's date,
or to leave the call out with an Exclude reason, beside telling the paste's order."""

from __future__ import annotations

from tests.rules_kit import D, calls, run, session


def test_the_fix_of_a_doubt_from_one_row_offers_to_correct_its_date_or_exclude_it():
    # ten calls 2-11 November written month-first (11/02/2026 ... 11/11/2026: day-first 11 February ... 11 November,
    # none after 5 December) and one typed 12/10/2026: month-first 10 December, after the as-of date; day-first 12
    # October, not
    rows = calls([60] * 10, D(2026, 11, 2), hour=None) + calls([70], D(2026, 12, 10), prefix="T", hour=None)
    for r in rows:
        r["call_at"] = r["call_at"].strftime("%m/%d/%Y")
    result = run(rows, [session(day=D(2026, 11, 20))], as_of=D(2026, 12, 5))
    err = result.checks[result.checks["code"] == "date-order-doubted"]
    assert list(err["value"]) == ["12/10/2026"]
    row = int(err["row"].iloc[0])
    assert f"if the date of row {row} is mistyped (a wrong month or year), correct it, or type a reason in its " \
           "Exclude cell to leave the call out;" in err["fix"].iloc[0]
    held = result.checks[result.checks["code"] == "baseline-not-recorded"]
    assert "correct the mistyped date it names" in held["fix"].iloc[0]
