"""The tool's own charts on the computed sheets.

:func:`add_charts` adds them to an openpyxl worksheet from the rows just written to it; every chart's
ranges point at that sheet.  The charts are the tool's: a refresh removes and re-creates them.
"""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter

from coachlog_xl import schema


def add_charts(ws, sheet: schema.Sheet, rows: list[list]) -> None:
    """Replace the tool's charts on ``ws`` (the computed sheet ``sheet``, holding ``rows`` below its header)."""
    if sheet is schema.AGGREGATE:
        _aggregate_charts(ws, [r[0] for r in rows])


def _aggregate_charts(ws, dimensions: list[str]) -> None:
    """The tool's own charts on Aggregate: mean delta by coaching method and by criterion."""
    ws._charts = []
    value_col = schema.AGGREGATE.keys.index("mean_delta") + 1
    group_col = schema.AGGREGATE.keys.index("group") + 1
    anchor = get_column_letter(len(schema.AGGREGATE.columns) + 2)
    top = 1
    for _, label in schema.AGGREGATE_DIMENSIONS[:2]:
        rows = [i + 2 for i, d in enumerate(dimensions) if d == label]
        if not rows:
            continue
        chart = BarChart()
        chart.type = "bar"
        chart.title = f"Mean delta by {label.lower()} (valid comparisons)"
        chart.y_axis.title = "Mean delta (points)"
        chart.legend = None
        chart.height, chart.width = 7.5, 16
        chart.add_data(Reference(ws, min_col=value_col, min_row=rows[0], max_row=rows[-1]), titles_from_data=False)
        chart.set_categories(Reference(ws, min_col=group_col, min_row=rows[0], max_row=rows[-1]))
        ws.add_chart(chart, f"{anchor}{top}")
        top += 16
