"""The tool's own charts on the computed sheets, native to Excel (they render in LibreOffice too).

:func:`add_charts` adds them to an openpyxl worksheet from the rows just written to it; every chart's
ranges point at that sheet, at the rows of one kind (the ``By`` column), so the charts follow the data
on every refresh.  The charts are the tool's: a refresh removes and re-creates them.  On Aggregate,
below the table:

1. mean delta by coaching method, with its 95 % interval as error bars and the comparison group's
   change over the same windows beside it (with its interval);
2. the same by criterion;
3. before and after: each valid session's baseline and follow-up mean, grouped by rep;
4. the share of held sessions whose suggested decision is close, continue and escalate, by month.
"""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, NumDataSource, NumRef, StrRef
from openpyxl.chart.error_bar import ErrorBars
from openpyxl.utils import get_column_letter, quote_sheetname

from coachlog_xl import schema

CHART_ROWS = 17  # rows a standard chart takes, with a gap below it
WIDTH, HEIGHT = 18.0, 7.5  # cm
BAR_CM = 0.45  # height per category of a horizontal bar chart
LONG_LABEL = 18  # characters: longer group names get horizontal bars

# Coached figures blue, the comparison grey; decisions in the sheets' own good/neutral/bad colours.
COLOURS = {
    "mean_delta": "4472C4", "comparison_change": "A5A5A5", "before": "A5A5A5", "after": "4472C4",
    "share_close": "70AD47", "share_continue": "FFC000", "share_escalate": "C00000",
}
COACHED = "Coached: mean delta"
COMPARISON = "Comparison group: change"
MEAN_DELTA_TITLE = "Mean delta by {} (95% intervals)"
BEFORE_AFTER_TITLE = "Before and after, each valid session by rep"
DECISIONS_TITLE = "Suggested decisions by month (sessions held)"
# how the tool's chart titles begin, in this version and the earlier ones ("Mean delta by criterion
# (valid comparisons)", "Suggested decisions by month"): a chart retitled by a person is theirs
TITLE_STARTS = (MEAN_DELTA_TITLE.split("{")[0], BEFORE_AFTER_TITLE.split(",")[0], DECISIONS_TITLE.split(" (")[0])
MOST_CHARTS = 4  # on Aggregate: mean delta by method and by criterion, before and after, decisions


def add_charts(ws, sheet: schema.Sheet, rows: list[list]) -> None:
    """Replace the tool's charts on ``ws`` (the computed sheet ``sheet``, holding ``rows`` below its header)."""
    if sheet is schema.AGGREGATE:
        ws._charts = []
        by, group = _col("dimension") - 1, _col("group") - 1
        _aggregate_charts(ws, [r[by] for r in rows], [r[group] for r in rows])


def _col(key: str) -> int:
    return schema.AGGREGATE.keys.index(key) + 1


def _rows_of(dimensions: list[str], label: str, groups: list | None = None) -> tuple[int, int] | None:
    """First and last sheet row of one kind of Aggregate row (they are contiguous), or None."""
    found = [i + 2 for i, d in enumerate(dimensions)
             if d == label and (groups is None or groups[i] != "(blank)")]
    return (found[0], found[-1]) if found else None


def _ref(ws, key: str, span: tuple[int, int]) -> str:
    letter = get_column_letter(_col(key))
    return f"{quote_sheetname(ws.title)}!${letter}${span[0]}:${letter}${span[1]}"


def _series(ws, key: str, span: tuple[int, int], title: str, margin: str | None = None) -> Series:
    series = Series(Reference(ws, min_col=_col(key), min_row=span[0], max_row=span[1]), title=title)
    series.graphicalProperties.solidFill = series.graphicalProperties.line.solidFill = COLOURS[key]
    if margin:
        source = NumDataSource(numRef=NumRef(f=_ref(ws, margin, span)))
        series.errBars = ErrorBars(errBarType="both", errValType="cust", noEndCap=False, plus=source, minus=source)
    return series


def _chart(title: str, axis: str, kind: str = "col") -> BarChart:
    chart = BarChart()
    chart.type = kind
    chart.title = title
    chart.y_axis.title = axis
    chart.height, chart.width = HEIGHT, WIDTH
    chart.legend.position = "b"
    chart.y_axis.delete = chart.x_axis.delete = False  # openpyxl 3.1 hides both axes unless told
    chart.x_axis.tickLblPos = "low"  # category names below the bars even when the values are negative
    return chart


def _add(chart: BarChart, ws, span: tuple[int, int], series: list[Series]) -> None:
    """Append the series with the group names as text categories (openpyxl's own categories are numbers,
    which LibreOffice shows as 1, 2, 3)."""
    for one in series:
        one.cat = AxDataSource(strRef=StrRef(f=_ref(ws, "group", span)))
        chart.series.append(one)


def _top_down(chart: BarChart) -> None:
    """Horizontal bars in the table's order, first at the top, with the value axis still at the bottom."""
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.crosses = "max"


def _rows_for(chart: BarChart) -> int:
    """Sheet rows a chart covers, with a gap: the next chart goes below it."""
    return int(chart.height / HEIGHT * CHART_ROWS) + 1


def _aggregate_charts(ws, dimensions: list[str], groups: list) -> None:
    top = len(dimensions) + 4
    for _, label in schema.AGGREGATE_DIMENSIONS[:2]:
        span = _rows_of(dimensions, label, groups)
        if span is None:
            continue
        names = [str(g) for g in groups[span[0] - 2:span[1] - 1]]
        wide = max(len(n) for n in names) > LONG_LABEL  # long names read best on horizontal bars
        chart = _chart(MEAN_DELTA_TITLE.format(label.lower()), "Points",
                       kind="bar" if wide else "col")
        _add(chart, ws, span, [_series(ws, "mean_delta", span, COACHED, "delta_margin"),
                               _series(ws, "comparison_change", span, COMPARISON, "comparison_margin")])
        if wide:
            _top_down(chart)
            chart.height = max(HEIGHT, 2 * BAR_CM * len(names) + 3)
        ws.add_chart(chart, f"A{top}")
        top += _rows_for(chart)
    span = _rows_of(dimensions, schema.SESSION_DIMENSION, groups)
    if span is not None:
        chart = _chart(BEFORE_AFTER_TITLE, "Mean score", kind="bar")
        _add(chart, ws, span, [_series(ws, "before", span, "Before (baseline mean)"),
                               _series(ws, "after", span, "After (follow-up mean)")])
        chart.height = max(HEIGHT, BAR_CM * (span[1] - span[0] + 1) + 3)
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
        _top_down(chart)
        ws.add_chart(chart, f"A{top}")
        top += _rows_for(chart)
    span = _rows_of(dimensions, dict(schema.AGGREGATE_DIMENSIONS)["month"], groups)
    if span is not None:
        chart = _chart(DECISIONS_TITLE, "Share of sessions")
        chart.grouping, chart.overlap = "percentStacked", 100
        _add(chart, ws, span, [_series(ws, key, span, title) for key, title in (
            ("share_close", "close"), ("share_continue", "continue"), ("share_escalate", "escalate"))])
        chart.y_axis.number_format = "0%"
        ws.add_chart(chart, f"A{top}")
