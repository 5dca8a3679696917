"""The tool's charts as openpyxl draws them: the reference :mod:`coachlog_xl.workbook.charts` writes
the same bytes as (the tool drew them so, on a scratch workbook saved to memory, before it wrote their
XML itself), and the charts :func:`add_charts` puts on an openpyxl sheet for the tests that open them."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, NumDataSource, NumRef, StrRef
from openpyxl.chart.error_bar import ErrorBars
from openpyxl.utils import get_column_letter, quote_sheetname

from coachlog_xl import schema
from coachlog_xl.workbook.charts import (
    BAR_CM,
    BEFORE_AFTER_TITLE,
    CHART_ROWS,
    COACHED,
    COLOURS,
    COMPARISON,
    DECISIONS_TITLE,
    HEIGHT,
    LONG_LABEL,
    MEAN_DELTA_TITLE,
    WIDTH,
)
from coachlog_xl.workbook.package import REL, Package
from coachlog_xl.workbook.toolcharts import _Drawing, _Rendered


def add_charts(ws, sheet: schema.Sheet, rows: list[list]) -> None:
    """Replace the tool's charts on ``ws`` (the computed sheet ``sheet``, holding ``rows`` below its header)."""
    if sheet is schema.AGGREGATE:
        ws._charts = []
        by, group = _col("dimension") - 1, _col("group") - 1
        _aggregate_charts(ws, [r[by] for r in rows], [r[group] for r in rows])


def render(sheet: schema.Sheet, rows: list[list]) -> _Rendered | None:
    """The charts :func:`add_charts` draws for ``rows`` as openpyxl saves them, or None when it draws none."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet.name
    ws.cell(row=len(rows) + 1, column=len(sheet.columns))
    add_charts(ws, sheet, rows)
    if not ws._charts and not ws._images:
        return None
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as zf:
        content_types = zf.read("[Content_Types].xml").decode()
        types = dict(re.findall(r'PartName="/([^"]+)" ContentType="([^"]+)"', content_types))
        by_extension = dict(re.findall(r'Extension="([^"]+)" ContentType="([^"]+)"', content_types))
        sheet_rels = Package.parse_rels("xl/worksheets/sheet1.xml", zf.read("xl/worksheets/_rels/sheet1.xml.rels"))
        drawing = next(r.target for r in sheet_rels if r.type == REL + "drawing")
        xml = zf.read(drawing)
        rels = Package.parse_rels(drawing, zf.read(f"xl/drawings/_rels/{drawing.rsplit('/', 1)[1]}.rels"))
        split = _Drawing.parse(xml)
        root = re.search(r"<[\w:]+\b([^>]*)>", split.head.split("?>")[-1]).group(1)
        namespaces = " ".join(re.findall(r'xmlns(?::\w+)?="[^"]*"', root))
        return _Rendered(namespaces, split.head, split.tail, split.anchors,
                         {r.id: (r.type, r.target) for r in rels},
                         {r.target: (zf.read(r.target), types.get(r.target) or by_extension[r.target.rsplit(".", 1)[1]])
                          for r in rels})


def _col(key: str) -> int:
    return schema.AGGREGATE.keys.index(key) + 1


def _rows_of(dimensions: list[str], label: str, groups: list | None = None) -> tuple[int, int] | None:
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
    chart.y_axis.delete = chart.x_axis.delete = False
    chart.x_axis.tickLblPos = "low"
    return chart


def _add(chart: BarChart, ws, span: tuple[int, int], series: list[Series]) -> None:
    for one in series:
        one.cat = AxDataSource(strRef=StrRef(f=_ref(ws, "group", span)))
        chart.series.append(one)


def _top_down(chart: BarChart) -> None:
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.crosses = "max"


def _rows_for(chart: BarChart) -> int:
    return int(chart.height / HEIGHT * CHART_ROWS) + 1


def _aggregate_charts(ws, dimensions: list[str], groups: list) -> None:
    top = len(dimensions) + 4
    for _, label in schema.AGGREGATE_DIMENSIONS[:2]:
        span = _rows_of(dimensions, label, groups)
        if span is None:
            continue
        names = [str(g) for g in groups[span[0] - 2:span[1] - 1]]
        wide = max(len(n) for n in names) > LONG_LABEL
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
