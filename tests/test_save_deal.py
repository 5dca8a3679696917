"""The save's parts split between two processes by their expected cost, a computed sheet's cells weighed
by its kind (:mod:`coachlog_xl.workbook.partcost`)."""

from __future__ import annotations

import pytest

from coachlog_xl import schema, workers
from coachlog_xl.workbook.partcost import EXACT_MOST, edited_cost, sheet_cost, split


def test_a_baseline_cell_weighs_more_than_a_follow_up_cell_and_an_aggregate_cell_less():
    # 10 rows: Baseline 17 columns x 1.6; Follow-up 62 x 1; Aggregate 32 x 0.9; Checks 8 x 1.05
    assert sheet_cost(schema.BASELINE, 10) == pytest.approx(272.0)
    assert sheet_cost(schema.FOLLOWUP, 10) == pytest.approx(620.0)
    assert sheet_cost(schema.AGGREGATE, 10) == pytest.approx(288.0)
    assert sheet_cost(schema.CHECKS, 10) == pytest.approx(84.0)
    assert sheet_cost(schema.BASELINE, 0) == 0
    assert edited_cost(b"x" * 800) == pytest.approx(100.0)


def test_the_split_whose_dearer_side_costs_least_is_found_where_the_dearest_first_deal_misses_it():
    # deal: 3 here, 3 there, 2 here (a tie), 2 there, 2 here: 7 against 5; split: 3 + 3 against 2 + 2 + 2
    assert workers.deal([3, 3, 2, 2, 2]) == [False, True, False, True, False]
    assert split([3, 3, 2, 2, 2]) == [False, False, True, True, True]
    # the dearer side stays here: 1 + 4 = 5 against 2 + 2
    assert split([1, 2, 2, 4]) == [False, True, True, False]
    assert split([9]) == [False] and split([]) == []
    many = [float(c) for c in range(1, EXACT_MOST + 2)]
    assert split(many) == workers.deal(many)


def test_a_million_score_rows_parts_split_the_follow_up_and_the_logs_edits_from_the_rest():
    # The parts of a refresh of 10,000 sessions, in the save's order: Follow-up 10,000 x 62 = 620,000;
    # Baseline 10,000 x 17 x 1.6 = 272,000; Aggregate 9,571 x 32 x 0.9 = 275,644.8; Checks 57,505 x 8 x
    # 1.05 = 483,042; the Log's edits 3,086,184 bytes / 8 = 385,773; Start here's stamp 10,136 / 8 = 1,267.
    # In all 2,037,726.8: the Follow-up, the Log's edits and the stamp make 1,007,040, the rest
    # 1,030,686.8, which no other split beats (the Follow-up and the Checks 1,103,042; the Baseline,
    # Aggregate, Log and stamp 934,684.8 against 1,103,042); the rest, the dearer, stays here.
    costs = [sheet_cost(schema.FOLLOWUP, 10_000), sheet_cost(schema.BASELINE, 10_000),
             sheet_cost(schema.AGGREGATE, 9_571), sheet_cost(schema.CHECKS, 57_505),
             edited_cost(b"x" * 3_086_184), edited_cost(b"x" * 10_136)]
    assert split(costs) == [True, False, False, False, True, True]
    # the dearest first dealt the Checks, the Log's edits and the Baseline there, 1,140,815 against 896,911.8
    assert workers.deal(costs) == [False, True, False, True, True, False]


def test_the_save_makes_each_side_of_the_split_in_one_process_and_gives_the_parts_back_in_order(monkeypatch):
    from coachlog_xl.workbook import package

    given = []

    def one_by_one(fn, items, weights=None, least=0):  # (the sides as map_halves gets them, made here)
        given.append(list(items))
        return [fn(x) for x in items]

    monkeypatch.setattr(workers, "map_halves", one_by_one)
    xml = [b'<p n="%d"/>' % i for i in range(5)]
    makes = [lambda styles, x=x: x for x in xml]
    # 300,000 + 300,000 against 200,000 x 3: the first two here, the last three there
    styles, made, found = package._make_parts(makes, [3e5, 3e5, 2e5, 2e5, 2e5], package._EMPTY_STYLES)
    assert given == [[[0, 1], [2, 3, 4]]]
    assert [package.deflated(x).data for x in xml] == [part.data for part in made]
    assert found == [None] * 5  # (no scans asked)
    given.clear()
    package._make_parts(makes, [1.0] * 5, package._EMPTY_STYLES)  # under workers.CELLS: one side
    assert given == [[range(5)]]
