"""A day-first export opened in a month-first spreadsheet (or the other way) and pasted into Scores.

The spreadsheet turns every text date it can read its own way into a date cell, with day and month
swapped (03/02/2026, 3 February as written, becomes a date cell of 2 March), and leaves as text the
ones it cannot (13/02/2026). The texts left prove the order the export wrote; the date cells beside
them may be on the wrong day, and Checks must say so, not read them silently as they stand.
"""

from __future__ import annotations

import datetime as dt

from tests.rules_kit import CRIT, REP, session
from tests.rules_kit import run as run_rules

TURNED = "date-cells-maybe-swapped"


def opened_the_other_way(first_day: int, last_day: int) -> list[dict]:
    """Calls on first_day ... last_day February 2026 at 10:00, exported day-first, after a month-first
    spreadsheet opened the file: days up to 12 became date cells of the 2nd of month <day>, the rest text."""
    out = []
    for day in range(first_day, last_day + 1):
        at = dt.datetime(2026, day, 2, 10) if day <= 12 else f"{day:02d}/02/2026 10:00"
        out.append({"call_id": f"C{day:02d}", "rep": REP, "call_at": at, "criterion": CRIT, "score": 60 + day,
                    "call_type": "inbound"})
    return out


def said(result, code: str):
    return result.checks[result.checks["code"] == code]


def test_date_cells_beside_text_dates_only_possible_the_other_way_are_named_as_maybe_swapped():
    res = run_rules(opened_the_other_way(3, 14), [session()])
    turned = said(res, TURNED)
    # 03/02 ... 12/02 became date cells (2 March ... 2 December): ten of them, the first on row 2
    assert list(turned["severity"]) == ["warning"] and list(turned["row"]) == [2]
    assert "10 call dates" in turned["problem"].iloc[0] and "13/02/2026 10:00" in turned["problem"].iloc[0]
    assert list(said(res, "date-order-of-paste")["value"]) == ["13/02/2026 10:00"]  # the texts: day-first


def test_the_same_mix_is_named_when_settings_already_read_the_texts_day_first():
    res = run_rules(opened_the_other_way(3, 14), [session()], settings={"date_order": "day-first"})
    assert list(said(res, TURNED)["row"]) == [2]
    assert said(res, "date-order-of-paste").empty


def test_date_cells_beside_texts_proving_no_order_or_cells_past_the_twelfth_are_not_named():
    iso = [{**c, "call_at": c["call_at"] if isinstance(c["call_at"], dt.datetime) else "2026-02-13 10:00"}
           for c in opened_the_other_way(3, 14)]
    assert said(run_rules(iso, [session()]), TURNED).empty  # 2026-02-13 is never ambiguous
    late = [c for c in opened_the_other_way(3, 14) if not isinstance(c["call_at"], dt.datetime)]
    late += [{**late[0], "call_id": "X1", "call_at": dt.datetime(2026, 2, 20, 10)}]  # day 20: no swap made it
    assert said(run_rules(late, [session()]), TURNED).empty


def test_a_date_cell_whose_day_and_month_are_the_same_is_no_swap_and_not_named():
    # 02/02/2026 is 2 February read either way: of the date cells 2 ... 12, only 3 ... 12 may be swapped
    res = run_rules(opened_the_other_way(2, 14), [session()])
    turned = said(res, TURNED)
    assert list(turned["row"]) == [3]  # C03, not C02 on row 2
    assert "10 call dates" in turned["problem"].iloc[0] and "2026-03-02" in turned["problem"].iloc[0]
    only_same = [c for c in opened_the_other_way(2, 14) if c["call_id"] in ("C02", "C13")]
    assert said(run_rules(only_same, [session()]), TURNED).empty


def test_one_date_cell_maybe_swapped_is_said_in_the_singular():
    one = [c for c in opened_the_other_way(3, 14) if c["call_id"] in ("C03", "C13")]
    turned = said(run_rules(one, [session()]), TURNED)
    assert turned["problem"].iloc[0].startswith("Scores: 1 call date is a date cell (first on row 2: 2026-03-02)")


def test_date_cells_whose_rows_hold_an_exclude_reason_are_not_named_again():
    # the fix said: paste the export again with its dates as text, then type a reason in the Exclude cells
    # of the date cells' rows; done so, none of the rows left to count is a date cell that may be swapped
    pasted = opened_the_other_way(3, 14)
    again = [{**c, "call_id": c["call_id"], "call_at": f"{c['call_at'].month:02d}/02/2026 10:00"}
             for c in pasted if isinstance(c["call_at"], dt.datetime)]
    marked = [{**c, "exclude": "pasted again as text"} if isinstance(c["call_at"], dt.datetime) else c for c in pasted]
    res = run_rules(marked + again, [session()])
    assert said(res, TURNED).empty
    assert list(said(res, "date-order-of-paste")["value"]) == ["13/02/2026 10:00"]
    # one of the ten left without a reason is still named, alone
    marked[0] = {k: v for k, v in marked[0].items() if k != "exclude"}
    turned = said(run_rules(marked + again[1:], [session()]), TURNED)
    assert list(turned["row"]) == [2] and "1 call date is a date cell" in turned["problem"].iloc[0]
