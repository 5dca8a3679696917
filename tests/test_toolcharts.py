"""The tool's charts written as XML text are the bytes openpyxl writes for them (tests.chart_reference,
the scratch workbook the tool drew them on before), on varied Aggregate rows; and each stands where the
tool places it until a person moves or resizes it (a refresh with a moved chart: tests/test_fidelity.py)."""

from __future__ import annotations

import random
import re

import pandas as pd
import pytest

from coachlog_xl import schema
from coachlog_xl.workbook.charts import HEIGHT, emu, tool_charts
from coachlog_xl.workbook.toolcharts import render
from coachlog_xl.workbook.toolplace import at_tool_place, chart_kind
from coachlog_xl.workbook.writer import SheetRows
from tests.chart_reference import render as openpyxl_render

N_COLS = len(schema.AGGREGATE.columns)
KINDS = [label for _, label in schema.AGGREGATE_DIMENSIONS] + [schema.SESSION_DIMENSION]


def _rows(pairs: list[tuple[str, object]]) -> list[list]:
    out = []
    for dimension, group in pairs:
        row = [None] * N_COLS
        row[0], row[1] = dimension, group
        out.append(row)
    return out


def _same(rows: list[list]) -> None:
    assert render(schema.AGGREGATE, rows) == openpyxl_render(schema.AGGREGATE, rows)


def test_no_rows_and_no_charted_kind_draw_no_chart():
    assert render(schema.AGGREGATE, []) is None
    assert openpyxl_render(schema.AGGREGATE, []) is None
    _same(_rows([("Rep", "r1"), ("Supervisor", "s")]))
    assert render(schema.AGGREGATE, _rows([("Coaching method", "(blank)")])) is None


def test_one_method_is_one_chart_whose_values_are_one_cell():
    rows = _rows([("Coaching method", "Role play")])
    _same(rows)
    (chart,) = tool_charts(schema.AGGREGATE, rows)
    assert b"<f>'Aggregate'!$G$2</f>" in chart.xml  # the values' one cell alone, as openpyxl writes it
    assert b"<f>'Aggregate'!$B$2:$B$2</f>" in chart.xml  # the categories as a range
    assert chart.row == 1 + 4 - 1 and chart.height == HEIGHT  # four rows below the table's last


def test_every_kind_many_methods_long_names_and_blanks():
    pairs = [("Coaching method", f"method {i}") for i in range(7)] + [("Coaching method", "(blank)")]
    pairs += [("Criterion", "a criterion with a long name"), ("Criterion", "short")]
    pairs += [("Rep", "r1"), ("Supervisor", "s1")]
    pairs += [("Month", f"2025-{m:02}") for m in range(1, 13)]
    pairs += [(schema.SESSION_DIMENSION, f"S{i} & <rep>") for i in range(40)]
    _same(_rows(pairs))


@pytest.mark.parametrize("seed", range(40))
def test_random_aggregates_draw_the_bytes_openpyxl_draws(seed):
    rng = random.Random(seed)
    pairs = []
    for kind in KINDS:
        if rng.random() < 0.3:
            continue
        for _ in range(rng.choice([1, 1, 2, 3, 8, 30, 70])):
            group = rng.choice(["(blank)", "x" * rng.randint(1, 30), rng.randint(1, 10 ** rng.randint(1, 25)), 2.5])
            pairs.append((kind, group))
    if rng.random() < 0.2:
        rng.shuffle(pairs)  # a kind's rows apart: the first to the last
    _same(_rows(pairs))


def test_a_tall_chart_is_as_high_as_its_bars_need():
    rows = _rows([(schema.SESSION_DIMENSION, f"S{i}") for i in range(21)])
    (chart,) = tool_charts(schema.AGGREGATE, rows)
    assert chart.height == pytest.approx(0.45 * 21 + 3)
    assert f'cy="{emu(chart.height)}"' in render(schema.AGGREGATE, rows).anchors[0]
    _same(rows)


def test_other_sheets_get_no_charts():
    assert tool_charts(schema.BASELINE, _rows([("Coaching method", "x")])) == []


def test_a_tables_columns_draw_the_charts_its_rows_draw():
    """A SheetRows is read a column at a time, never made into rows: the same charts."""
    pairs = [("Coaching method", "role-play"), ("Coaching method", "(blank)"), ("Criterion", "x" * 25),
             (schema.SESSION_DIMENSION, "S1"), ("Month", "2025-01"), ("Month", "2025-02")]
    frame = pd.DataFrame({key: [None] * len(pairs) for key in schema.AGGREGATE.keys})
    frame["dimension"], frame["group"] = [d for d, _ in pairs], [g for _, g in pairs]
    table = SheetRows(schema.AGGREGATE, frame)
    drawn = tool_charts(schema.AGGREGATE, table)
    assert table._rows is None  # (its rows never made)
    assert drawn == tool_charts(schema.AGGREGATE, _rows(pairs))
    assert render(schema.AGGREGATE, table) == openpyxl_render(schema.AGGREGATE, _rows(pairs))


def test_each_chart_as_the_tool_draws_it_stands_at_its_place_and_moved_or_resized_it_does_not():
    # by hand: 20 long method names on horizontal bars, 2 * 0.45 * 20 + 3 = 21 cm high; a short criterion
    # 7.5 cm; 30 sessions, 0.45 * 30 + 3 = 16.5 cm; one month 7.5 cm
    pairs = [("Coaching method", f"a coaching method, no. {i:02}") for i in range(20)] + [("Criterion", "short")]
    pairs += [("Month", "2025-01")] + [(schema.SESSION_DIMENSION, f"S{i}") for i in range(30)]
    tool = render(schema.AGGREGATE, _rows(pairs))
    heights = []
    for anchor in tool.anchors:
        chart = tool.parts[tool.rels[re.search(r'r:id="([^"]+)"', anchor).group(1)][1]][0]
        title = re.search(rb"<a:t>([^<]*)</a:t>", chart).group(1).decode()
        cy = int(re.search(r'cy="(\d+)"', anchor).group(1))
        heights.append(cy / 360000)
        assert at_tool_place(anchor, title, chart)
        # as LibreOffice saves it: a two cell anchor moving with its cell, its size in the frame, rounded
        lo = (f'<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff>'
              f"<xdr:row>40</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to/><xdr:graphicFrame><xdr:xfrm>"
              f'<a:off x="0" y="9"/><a:ext cx="6479640" cy="{cy // 360 * 360}"/></xdr:xfrm></xdr:graphicFrame>'
              "</xdr:twoCellAnchor>")
        assert at_tool_place(lo, title, chart)
        assert not at_tool_place(lo.replace(' editAs="oneCell"', ""), title, chart)  # set to size with cells
        assert not at_tool_place(anchor.replace(f'cy="{cy}"', f'cy="{cy + 360000}"'), title, chart)  # 1 cm higher
        snapped = round(cy / 9525) * 9525  # its height rounded to whole pixels at 96 dpi, as a saving application may
        assert at_tool_place(anchor.replace(f'cy="{cy}"', f'cy="{snapped}"'), title, chart)
        assert not at_tool_place(anchor.replace(f'cy="{cy}"', f'cy="{cy + 3 * 9525}"'), title, chart)  # 3 pixels higher
        assert not at_tool_place(anchor.replace('cx="6480000"', 'cx="7200000"'), title, chart)  # 2 cm wider
        assert not at_tool_place(anchor.replace("<colOff>0</colOff>", "<colOff>9525</colOff>"), title, chart)
        # as Excel saves a chart set to move but not size: a two cell anchor, its frame 0 x 0 (size unknown)
        xl = lo.replace(f'cx="6479640" cy="{cy // 360 * 360}"', 'cx="0" cy="0"')
        assert at_tool_place(xl, title, chart)
        assert not at_tool_place(xl.replace("<xdr:col>0</xdr:col>", "<xdr:col>6</xdr:col>"), title, chart)  # dragged
        assert not at_tool_place(xl.replace(' editAs="oneCell"', ""), title, chart)  # set to size with cells
    assert heights == pytest.approx([21, 7.5, 16.5, 7.5])


def test_an_earlier_versions_title_names_the_same_chart():
    by_criterion = chart_kind("Mean delta by criterion (95% intervals)")
    assert chart_kind("Mean delta by criterion (valid comparisons)") == by_criterion
    assert chart_kind("Mean delta by coaching method (95% intervals)") != by_criterion
    assert chart_kind("Suggested decisions by month") == chart_kind("Suggested decisions by month (sessions held)")
    assert chart_kind("Before and after, each valid session by rep") is not None and chart_kind("Own view") is None
