"""The tool's own charts on the computed sheets, native to Excel (they render in LibreOffice too).

:func:`tool_charts` gives them as the XML of their chart parts and where each stands, from the rows a
refresh writes; every chart's ranges point at that sheet, at the rows of one kind (the ``By`` column),
so the charts follow the data on every refresh.  The charts are the tool's: a refresh removes and
re-creates them.  On Aggregate, below the table:

1. mean delta by coaching method, with its 95 % interval as error bars and the comparison group's
   change over the same windows beside it (with its interval);
2. the same by criterion;
3. before and after: each valid session's baseline and follow-up mean, grouped by rep;
4. the share of held sessions whose suggested decision is close, continue and escalate, by month.

The XML is written as text, the bytes openpyxl 3.1 writes for these charts (the tool drew them with
openpyxl on a scratch workbook before; the tests compare the two on varied rows): a refresh needs
neither openpyxl nor a scratch workbook saved to memory to draw them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from coachlog_xl import schema
from coachlog_xl.workbook.a1 import get_column_letter
from coachlog_xl.workbook.writer import SheetRows
from coachlog_xl.workbook.xmltext import escape

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
# a series' categories, the rows of one kind: $B$2:$B$9 as the tool writes them (one cell kept as $B$2:$B$2,
# which LibreOffice may save as $B$2)
_CATEGORIES = re.compile(r"<(?:\w+:)?cat>\s*<(?:\w+:)?(?:str|num)Ref>\s*<(?:\w+:)?f>[^<]*?\$?[A-Z]+\$?(\d+)"
                         r"(?::\$?[A-Z]+\$?(\d+))?\s*</")


def emu(cm: float) -> int:
    """A length in cm as English Metric Units, as drawings store it (360,000 a cm, truncated)."""
    return int(cm * 360000)


class Chart(NamedTuple):
    """One of the tool's charts: the sheet row (0-based) its top-left corner is anchored at, in column
    A; its height in cm (it is :data:`WIDTH` wide); its chart part's XML."""

    row: int
    height: float
    xml: bytes


def tool_charts(sheet: schema.Sheet, rows: list[list]) -> list[Chart]:
    """The tool's charts on the computed sheet ``sheet`` holding ``rows`` below its header (none but on
    Aggregate); the columns of a :class:`~coachlog_xl.workbook.writer.SheetRows` are read as the sheet's
    XML reads them, without making its rows."""
    if sheet is not schema.AGGREGATE:
        return []
    by, group = _col("dimension") - 1, _col("group") - 1
    if isinstance(rows, SheetRows):
        columns = rows.columns()
        return _aggregate_charts(_quoted(sheet.name), columns[by], columns[group])
    return _aggregate_charts(_quoted(sheet.name), [r[by] for r in rows], [r[group] for r in rows])


def _col(key: str) -> int:
    return schema.AGGREGATE.keys.index(key) + 1


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _rows_of(dimensions: list[str], label: str, groups: list | None = None) -> tuple[int, int] | None:
    """First and last sheet row of one kind of Aggregate row (they are contiguous), or None."""
    found = [i + 2 for i, d in enumerate(dimensions)
             if d == label and (groups is None or groups[i] != "(blank)")]
    return (found[0], found[-1]) if found else None


def _ref(sheet: str, key: str, span: tuple[int, int], one_cell: bool = False) -> str:
    """The column ``key``'s cells in the rows ``span``; ``one_cell``: a single cell written alone (as a
    series' values are, not its categories or error bars)."""
    letter = get_column_letter(_col(key))
    if one_cell and span[0] == span[1]:
        return f"{sheet}!${letter}${span[0]}"
    return f"{sheet}!${letter}${span[0]}:${letter}${span[1]}"


def _title(text: str) -> str:
    return ("<title><tx><rich><a:bodyPr /><a:p><a:pPr><a:defRPr /></a:pPr><a:r><a:t>"
            f"{escape(text)}</a:t></a:r></a:p></rich></tx></title>")


def _series(sheet: str, i: int, key: str, span: tuple[int, int], title: str, margin: str | None = None) -> str:
    """One series of values with the group names as text categories (openpyxl's own categories are
    numbers, which LibreOffice shows as 1, 2, 3) and, with ``margin``, error bars of that column."""
    fill = f'<a:solidFill><a:srgbClr val="{COLOURS[key]}" /></a:solidFill>'
    bars = ""
    if margin:
        ref = f"<numRef><f>{_ref(sheet, margin, span)}</f></numRef>"
        bars = ('<errBars><errBarType val="both" /><errValType val="cust" /><noEndCap val="0" />'
                f"<minus>{ref}</minus><plus>{ref}</plus></errBars>")
    return (f'<ser><idx val="{i}" /><order val="{i}" /><tx><v>{escape(title)}</v></tx>'
            f'<spPr>{fill}<a:ln>{fill}<a:prstDash val="solid" /></a:ln></spPr>{bars}'
            f"<cat><strRef><f>{_ref(sheet, 'group', span)}</f></strRef></cat>"
            f"<val><numRef><f>{_ref(sheet, key, span, one_cell=True)}</f></numRef></val></ser>")


def _chart(title: str, axis: str, series: list[str], kind: str = "col", top_down: bool = False,
           stacked: bool = False, scale: str = "", number_format: str | None = None) -> bytes:
    """A bar chart's part: legend at the bottom, both axes shown, category names below the bars even
    when the values are negative; ``top_down``: horizontal bars in the table's order, first at the top,
    with the value axis still at the bottom; ``stacked``: bars stacked to 100 %; ``scale``: the value
    axis's bounds."""
    grouping = "percentStacked" if stacked else "clustered"
    overlap = '<overlap val="100" />' if stacked else ""
    fmt = "" if number_format is None else f'<numFmt formatCode="{escape(number_format)}" sourceLinked="0" />'
    crosses = '<crosses val="max" />' if top_down else ""
    return ('<chartSpace xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            f'<chart>{_title(title)}<plotArea><barChart><barDir val="{kind}" /><grouping val="{grouping}" />'
            f'{"".join(series)}<gapWidth val="150" />{overlap}<axId val="10" /><axId val="100" /></barChart>'
            f'<catAx><axId val="10" /><scaling><orientation val="{"maxMin" if top_down else "minMax"}" /></scaling>'
            '<delete val="0" /><axPos val="l" /><majorTickMark val="none" /><minorTickMark val="none" />'
            '<tickLblPos val="low" /><crossAx val="100" /><lblOffset val="100" /></catAx>'
            f'<valAx><axId val="100" /><scaling><orientation val="minMax" />{scale}</scaling><delete val="0" />'
            f'<axPos val="l" /><majorGridlines />{_title(axis)}{fmt}<majorTickMark val="none" />'
            f'<minorTickMark val="none" /><crossAx val="10" />{crosses}'
            '</valAx></plotArea><legend><legendPos val="b" /></legend><plotVisOnly val="1" />'
            '<dispBlanksAs val="gap" /></chart></chartSpace>').encode()


def mean_delta_height(groups: int, wide: bool) -> float:
    """How high (cm) a mean delta chart of ``groups`` groups is drawn; ``wide``: on horizontal bars."""
    return max(HEIGHT, 2 * BAR_CM * groups + 3) if wide else HEIGHT


def before_after_height(sessions: int) -> float:
    """How high (cm) the before and after chart of ``sessions`` sessions is drawn."""
    return max(HEIGHT, BAR_CM * sessions + 3)


def drawn_height(title: str, xml: bytes) -> float | None:
    """The height (cm) :func:`tool_charts` drew the chart part ``xml`` titled ``title`` at, as its title,
    bar direction and category rows tell (in a part Excel or LibreOffice saved again as well); None when
    they do not tell."""
    text = xml.decode("utf-8", "replace")
    if title.startswith(TITLE_STARTS[2]):
        return HEIGHT
    span = _CATEGORIES.search(text)
    if span is None or not title.startswith(TITLE_STARTS[:2]):
        return None
    bars = int(span.group(2) or span.group(1)) - int(span.group(1)) + 1
    if title.startswith(TITLE_STARTS[1]):
        return before_after_height(bars)
    return mean_delta_height(bars, re.search(r'<(?:\w+:)?barDir val="bar"', text) is not None)


def _rows_for(height: float) -> int:
    """Sheet rows a chart covers, with a gap: the next chart goes below it."""
    return int(height / HEIGHT * CHART_ROWS) + 1


def _aggregate_charts(sheet: str, dimensions: list[str], groups: list) -> list[Chart]:
    charts = []
    top = len(dimensions) + 4
    for _, label in schema.AGGREGATE_DIMENSIONS[:2]:
        span = _rows_of(dimensions, label, groups)
        if span is None:
            continue
        names = [str(g) for g in groups[span[0] - 2:span[1] - 1]]
        wide = max(len(n) for n in names) > LONG_LABEL  # long names read best on horizontal bars
        series = [_series(sheet, 0, "mean_delta", span, COACHED, "delta_margin"),
                  _series(sheet, 1, "comparison_change", span, COMPARISON, "comparison_margin")]
        height = mean_delta_height(len(names), wide)
        xml = _chart(MEAN_DELTA_TITLE.format(label.lower()), "Points", series, "bar" if wide else "col", wide)
        charts.append(Chart(top - 1, height, xml))
        top += _rows_for(height)
    span = _rows_of(dimensions, schema.SESSION_DIMENSION, groups)
    if span is not None:
        series = [_series(sheet, 0, "before", span, "Before (baseline mean)"),
                  _series(sheet, 1, "after", span, "After (follow-up mean)")]
        height = before_after_height(span[1] - span[0] + 1)
        xml = _chart(BEFORE_AFTER_TITLE, "Mean score", series, "bar", True,
                     scale='<max val="100" /><min val="0" />')
        charts.append(Chart(top - 1, height, xml))
        top += _rows_for(height)
    span = _rows_of(dimensions, dict(schema.AGGREGATE_DIMENSIONS)["month"], groups)
    if span is not None:
        series = [_series(sheet, i, key, span, title) for i, (key, title) in enumerate((
            ("share_close", "close"), ("share_continue", "continue"), ("share_escalate", "escalate")))]
        charts.append(Chart(top - 1, HEIGHT, _chart(DECISIONS_TITLE, "Share of sessions", series,
                                                    stacked=True, number_format="0%")))
    return charts
