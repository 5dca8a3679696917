"""The tool's own charts on a computed sheet, transplanted into the package without touching a user's.

:func:`coachlog_xl.workbook.charts.tool_charts` writes the charts' parts; here they are anchored in a
drawing of their own (:func:`render`), whose anchors and chart parts are moved into the real package.
Each anchor the tool writes is named ``coachlog_xl chart N`` (Excel and LibreOffice keep an object's
name), which is how the next refresh tells the tool's charts, to be replaced, from a user's on the same
sheet, to be kept byte for byte.  A chart so named is still a person's when its title no longer begins
as the tool's titles do (a copy they retitled), when another frame with the same name is the tool's (Excel
keeps the name and title of a chart copied and pasted or duplicated, with a chart part of its own: of the
frames named alike only the first standing at the tool's place, else the first in the drawing's order, is
the tool's, and only its alt text goes to the chart drawn anew; see :func:`_one_of_a_name`), when N is
past the most charts the tool draws and the tool's chart of its kind is there too (LibreOffice numbers a
pasted copy on, as it renumbers the charts when any sheet's tab is moved), or when a person grouped it with their own
shapes: the group stays as it is, and the tool's chart in it is brought up to date in its own chart part (the chart of
this refresh with the same title), so no second copy is drawn.  A tool chart a person moved or resized
(it no longer stands and is sized as the tool places it: :mod:`~coachlog_xl.workbook.toolplace`) keeps
its anchor, and this refresh's chart of its kind (told by title) is shown in it; the others are placed
again below the table, as it now ends.  A chart a person deleted is drawn again where the tool places
it.  A workbook saved by openpyxl keeps the
tool's charts but names them ``Chart N``; such a chart is still taken for the tool's when it stands as
only the tool places one (anchored by its top-left corner exactly on a cell of column A, the tool's
width) and its title begins as the tool's do, which a chart a person inserted or pasted in Excel does
not (it is anchored by two corners, or off the cell's edge).  A sheet's drawing that holds no tool chart
before and after the refresh is not touched at all.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from xml.parsers import expat

from coachlog_xl import schema
from coachlog_xl.workbook.charts import MOST_CHARTS, TITLE_STARTS, WIDTH, emu, tool_charts
from coachlog_xl.workbook.package import REL, Package, Rel, free_rid, relationship
from coachlog_xl.workbook.sheetxml import KEEP
from coachlog_xl.workbook.toolplace import (
    FRAME,
    TOOL_PLACE,
    at_tool_place,
    chart_kind,
    frame_settings,
    placed_as,
    tool_wide,
    with_frame_settings,
)
from coachlog_xl.workbook.zipparts import ZipSource

TOOL_MARK = "coachlog_xl chart"
DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_NAMESPACES = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
               f'xmlns:c="{_CHART_NS}" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
               'xmlns="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"')
_TOOL_NAME = re.compile(rf'<(?:\w+:)?cNvPr\b[^>]*?\bname="{TOOL_MARK} (\d+)"')
_GROUP = re.compile(r"<(?:\w+:)?grpSp\b")
_CHART_TITLE = re.compile(r"<((?:\w+:)?)chart>\s*<((?:\w+:)?)title>(.*?)</\2title>", re.S)
_TEXT = re.compile(r"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t>")
_RIDS = re.compile(r'\b\w+:(?:id|embed|link)="([^"]+)"')
_SAVED_NAME = re.compile(r'<(?:\w+:)?cNvPr\b[^>]*?\bname="Chart \d+"')  # as openpyxl names every chart
_FROM = re.compile(r"<(?:\w+:)?from>\s*<(?:\w+:)?col>(\d+)</(?:\w+:)?col>.*?<(?:\w+:)?row>(\d+)</(?:\w+:)?row>", re.S)


@dataclass
class _Drawing:
    """A drawing part split into the text before its first anchor, its anchors and the closing tag."""

    head: str
    anchors: list[str]
    tail: str

    @classmethod
    def parse(cls, xml: bytes) -> _Drawing:
        spans: list[tuple[int, int]] = []
        state = {"depth": 0, "start": 0, "head": None}
        parser = expat.ParserCreate()

        def start(_name, _attrs):
            if state["depth"] == 0:
                state["head"] = xml.index(b">", parser.CurrentByteIndex) + 1
            elif state["depth"] == 1:
                state["start"] = parser.CurrentByteIndex
            state["depth"] += 1

        def end(_name):
            state["depth"] -= 1
            if state["depth"] == 1:
                spans.append((state["start"], xml.index(b">", parser.CurrentByteIndex) + 1))

        parser.StartElementHandler, parser.EndElementHandler = start, end
        parser.Parse(xml, True)
        first = spans[0][0] if spans else state["head"]
        last = spans[-1][1] if spans else state["head"]
        return cls(xml[:first].decode("utf-8"), [xml[a:b].decode("utf-8") for a, b in spans],
                   xml[last:].decode("utf-8"))

    def xml(self) -> bytes:
        return (self.head + "".join(self.anchors) + self.tail).encode("utf-8")


@dataclass
class _Rendered:
    """The tool's charts for one sheet, as a drawing of their own would hold them."""

    namespaces: str  # the drawing's namespace declarations, copied onto each anchor
    head: str
    tail: str
    anchors: list[str]
    rels: dict[str, tuple[str, str]]  # rId -> (type, part name in the drawing's own package)
    parts: dict[str, tuple[bytes, str]]  # that part name -> (bytes, content type)


def render(sheet: schema.Sheet, rows: list[list]) -> _Rendered | None:
    """The charts :func:`~coachlog_xl.workbook.charts.tool_charts` draws for ``rows``, in a drawing of
    their own and numbered as openpyxl numbers them saving one sheet's charts, or None when there are none."""
    charts = tool_charts(sheet, rows)
    if not charts:
        return None
    anchors, rels, parts = [], {}, {}
    for k, chart in enumerate(charts, start=1):
        anchors.append(
            f"<oneCellAnchor><from><col>0</col><colOff>0</colOff><row>{chart.row}</row><rowOff>0</rowOff></from>"
            f'<ext cx="{emu(WIDTH)}" cy="{emu(chart.height)}" /><graphicFrame><nvGraphicFramePr>'
            f'<cNvPr id="{k}" name="Chart {k}" /><cNvGraphicFramePr /></nvGraphicFramePr><xfrm /><a:graphic>'
            f'<a:graphicData uri="{_CHART_NS}"><c:chart r:id="rId{k}" /></a:graphicData></a:graphic>'
            "</graphicFrame><clientData /></oneCellAnchor>")
        rels[f"rId{k}"] = (REL + "chart", f"xl/charts/chart{k}.xml")
        parts[f"xl/charts/chart{k}.xml"] = (chart.xml, CHART_TYPE)
    return _Rendered(_NAMESPACES, f"<wsDr {_NAMESPACES}>", "</wsDr>", anchors, rels, parts)


def update_tool_charts(pkg: Package, sheet_part: str, sheet: schema.Sheet, rows: list[list]) -> str | None:
    """Replace the tool's charts on a computed sheet; returns the sheet's new drawing relationship id,
    None when its drawing is gone, or :data:`KEEP` when the sheet's ``<drawing>`` stays as it is.  The
    tool draws on Aggregate only: a chart on another sheet is a person's, whatever its name and title
    (a copy of a tool chart keeps both)."""
    if sheet is not schema.AGGREGATE:
        return KEEP
    tool = render(sheet, rows)
    sheet_rels = pkg.rels(sheet_part)
    link = next((r for r in sheet_rels if r.type == REL + "drawing" and not r.external), None)
    if link is None and tool is None:
        return KEEP
    if link is not None:
        part = link.target
        drawing = _Drawing.parse(pkg.read(part))
        rels = pkg.rels(part)
        ours = _tool_anchors(pkg, rels, drawing.anchors)
        placed = _update_grouped(pkg, rels, [a for a in drawing.anchors if _GROUP.search(a)], tool)
        if not ours and (tool is None or len(placed) == len(tool.anchors)):
            return KEEP  # no chart of the tool's to draw anew: the drawing's bytes stay
        kept = _moved(pkg, rels, ours, tool, placed)
        described = _described(pkg, rels, ours, tool, placed)
        old = {rid for a in ours for rid in _RIDS.findall(a)}
        for rel in rels:
            if rel.id in old and not rel.external:
                _delete_with_rels(pkg, rel.target)
        rels = [r for r in rels if r.id not in old]
        # the new charts go where the old stood in the drawing's order (which is the order they are drawn
        # in): a person's shape drawn over one, a text box or an arrow, stays in front of it
        at = drawing.anchors.index(ours[0]) if ours else None  # (the anchors before it are a person's)
        drawing.anchors = [a for a in drawing.anchors if a not in ours]
    else:
        part, rels, placed, kept, described, at = pkg.free_name("xl/drawings/drawing1.xml"), [], set(), {}, {}, None
        drawing = _Drawing(tool.head, [], tool.tail)
    if tool is not None:
        at = len(drawing.anchors) if at is None else at
        drawing.anchors[at:at] = _transplant(pkg, tool, rels, _max_shape_id(drawing.anchors), placed, kept, described)
    if not drawing.anchors:
        pkg.delete(part)
        pkg.put_rels(part, [])
        pkg.put_rels(sheet_part, [r for r in sheet_rels if r is not link])
        return None
    part = pkg.put(part, drawing.xml(), None if link else DRAWING_TYPE)
    pkg.put_rels(part, rels)
    if link is not None:
        return KEEP
    rid = free_rid(sheet_rels)
    pkg.put_rels(sheet_part, [*sheet_rels, relationship(rid, REL + "drawing", sheet_part, part)])
    return rid


def _tool_anchors(pkg: Package, rels: list[Rel], anchors: list[str]) -> list[str]:
    """The anchors of a drawing that are the tool's charts, in the drawing's order: those :func:`_is_tool`
    finds, and one named as the tool names them but numbered past the charts it draws whose kind none of
    those shows.  LibreOffice numbers the charts on when any sheet's tab is moved (``coachlog_xl chart 1,
    5, 6, 7``), as it numbers a pasted copy; a copy is told by the tool's chart of its kind still there."""
    ours = _one_of_a_name(pkg, rels, anchors, {i for i, a in enumerate(anchors) if _is_tool(pkg, rels, a)})
    kinds = {chart_kind(_title(pkg, rels, anchors[i])) for i in ours}
    for i, anchor in enumerate(anchors):
        m = _TOOL_NAME.search(anchor)
        if m is None or int(m.group(1)) <= MOST_CHARTS or _GROUP.search(anchor):
            continue
        kind = chart_kind(_title(pkg, rels, anchor))
        if kind is not None and kind not in kinds:
            kinds.add(kind)
            ours.add(i)
    return [a for i, a in enumerate(anchors) if i in ours]


def _one_of_a_name(pkg: Package, rels: list[Rel], anchors: list[str], ours: set[int]) -> set[int]:
    """``ours`` (indexes in ``anchors``) with, of several frames the tool's name names alike (a person's copy
    of a tool chart: Excel keeps the name and title of a chart copied and pasted or duplicated), only one:
    the first in the drawing's order that stands at the tool's place, else the first.  The one at the tool's
    place is the one the tool drew there and a person left alone; a copy is dragged or pasted elsewhere.
    Excel adds a copy after its original, so of several moved the first is the original.  When a person
    dragged the original away and left a copy where the tool places its chart, that copy is redrawn and the
    original stays as theirs: either way one chart is drawn anew and the others stay byte for byte."""
    named: dict[str, list[int]] = {}
    for i in sorted(ours):
        if (m := _TOOL_NAME.search(anchors[i])) is not None:
            named.setdefault(m.group(1), []).append(i)
    for same in (s for s in named.values() if len(s) > 1):
        keep = next((i for i in same if _at_place(pkg, rels, anchors[i])), same[0])
        ours -= set(same) - {keep}
    return ours


def _at_place(pkg: Package, rels: list[Rel], anchor: str) -> bool:
    """Whether a tool chart's anchor stands as the tool left it (:func:`~.toolplace.at_tool_place`)."""
    chart = _chart_part(pkg, rels, anchor)
    data = None if chart is None else pkg.read(chart)
    return at_tool_place(anchor, None if data is None else _title_of(data), data)


def _is_tool(pkg: Package, rels: list[Rel], anchor: str) -> bool:
    """Whether a drawing anchor is one of the tool's charts (see the module): not a group, and either
    named as the tool names them, numbered within the charts it draws, its title begun as the tool's
    are; or named as openpyxl names a chart, placed as the tool places one, and so titled."""
    if _GROUP.search(anchor):
        return False
    m = _TOOL_NAME.search(anchor)
    if m is not None and 1 <= int(m.group(1)) <= MOST_CHARTS:
        title = _title(pkg, rels, anchor)
        return not title or title.startswith(TITLE_STARTS)
    if m is None and _SAVED_NAME.search(anchor) and TOOL_PLACE.match(anchor) and tool_wide(anchor):
        return (_title(pkg, rels, anchor) or "").startswith(TITLE_STARTS)
    return False


def _chart_part(pkg: Package, rels: list[Rel], xml: str) -> str | None:
    """The chart part a graphic frame (or anchor) shows, when it is in the package."""
    by_id = {r.id: r for r in rels if not r.external and r.type == REL + "chart"}
    for rid in _RIDS.findall(xml):
        if rid in by_id and by_id[rid].target in pkg.names:
            return by_id[rid].target
    return None


def _title(pkg: Package, rels: list[Rel], xml: str) -> str | None:
    """The title of the chart a frame shows ('' when it has none; None when no chart part is found)."""
    chart = _chart_part(pkg, rels, xml)
    return None if chart is None else _title_of(pkg.read(chart))


def _title_of(chart: bytes) -> str:
    """A chart part's title as text ('' when it has none)."""
    m = _CHART_TITLE.search(chart.decode("utf-8", "replace"))
    return html.unescape("".join(_TEXT.findall(m.group(3)))) if m else ""


def _fresh(tool: _Rendered) -> list[tuple[int, str, bytes]]:
    """(index in ``tool.anchors``, title, chart part) of each chart this refresh draws."""
    out = []
    for i, anchor in enumerate(tool.anchors):
        for rid in _RIDS.findall(anchor)[:1]:
            data = tool.parts[tool.rels[rid][1]][0]
            out.append((i, _title_of(data), data))
    return out


def _kinds(tool: _Rendered, placed: set[int]) -> dict[str, int]:
    """Each kind of chart this refresh draws -> the index in ``tool.anchors`` of its first chart not
    ``placed`` (taken by a group)."""
    kinds: dict[str, int] = {}
    for i, title, _ in _fresh(tool):
        if i not in placed:
            kinds.setdefault(chart_kind(title), i)
    return kinds


def _moved(pkg: Package, rels: list[Rel], ours: list[str], tool: _Rendered | None, placed: set[int]) -> dict[int, str]:
    """The tool's charts ``ours`` a person moved or resized (see :mod:`~coachlog_xl.workbook.toolplace`),
    by the index in ``tool.anchors`` of this refresh's chart of the same kind, which takes its anchor.
    Kinds are told by title, not by the N of the name: the tool numbers its charts in the order it draws
    them, and the kinds it draws change with the data (no criterion chart without a criterion's rows)."""
    if tool is None:
        return {}
    kinds = _kinds(tool, placed)
    out: dict[int, str] = {}
    for anchor in ours:  # in the drawing's order: of two of a kind, the first moved keeps its place
        chart = _chart_part(pkg, rels, anchor)
        data = None if chart is None else pkg.read(chart)
        title = None if data is None else _title_of(data)
        i = kinds.get(chart_kind(title)) if title else None
        if i is not None and i not in out and FRAME.search(anchor) and not at_tool_place(anchor, title, data):
            out[i] = anchor
    return out


def _described(pkg: Package, rels: list[Rel], ours: list[str], tool: _Rendered | None,
               placed: set[int]) -> dict[int, tuple[str, str]]:
    """What a person set on the frames of the tool's charts ``ours``, their alt text, whether they are
    hidden and the macro they run (:func:`~coachlog_xl.workbook.toolplace.frame_settings`), by the index in
    ``tool.anchors`` of this refresh's chart of the same kind (told by title, as in :func:`_moved`; of two of a kind,
    the first so set)."""
    if tool is None:
        return {}
    kinds = _kinds(tool, placed)
    out: dict[int, tuple[str, str]] = {}
    for anchor in ours:
        alt = frame_settings(anchor)
        title = _title(pkg, rels, anchor) if any(alt) else None
        if title and (i := kinds.get(chart_kind(title))) is not None:
            out.setdefault(i, alt)
    return out


def _update_grouped(pkg: Package, rels: list[Rel], groups: list[str], tool: _Rendered | None) -> set[int]:
    """Bring the tool's charts a person grouped with their shapes up to date in their own chart parts:
    each takes the chart of ``tool`` with its title.  Returns the indexes of ``tool.anchors`` so placed
    (not to be drawn again); a grouped chart whose title ``tool`` no longer draws stays as it is."""
    placed: set[int] = set()
    if tool is None:
        return placed
    fresh: dict[str, tuple[int, bytes]] = {}  # title -> (index, chart part) of this refresh's charts
    for i, title, data in _fresh(tool):
        fresh.setdefault(title, (i, data))
    for group in groups:
        for frame in (f.group(0) for f in FRAME.finditer(group)):
            chart = _chart_part(pkg, rels, frame)
            if chart is None or not _TOOL_NAME.search(frame):
                continue
            i, data = fresh.get(_title_of(pkg.read(chart)), (None, b""))
            if i is not None and i not in placed:
                pkg.put(chart, data)
                placed.add(i)
    return placed


def _transplant(pkg: Package, tool: _Rendered, rels: list[Rel], last_id: int, placed: set[int],
                kept: dict[int, str], described: dict[int, tuple[str, str]]) -> list[str]:
    """The tool's anchors but ``placed`` (indexes) with their parts added to the package under free
    names, those in ``kept`` (indexes) in the anchor a person gave the chart, those in ``described`` with
    the alt text, visibility and macro a person gave the chart's frame; ``rels`` grows."""
    wanted = {rid for i, a in enumerate(tool.anchors) if i not in placed for rid in _RIDS.findall(a)}
    renamed: dict[str, str] = {}
    for old_rid, (rel_type, own) in tool.rels.items():
        if old_rid not in wanted:
            continue
        data, content_type = tool.parts[own]
        name = pkg.put(pkg.free_name(own), data, content_type)
        rid = free_rid(rels)
        rels.append(relationship(rid, rel_type, "", name))
        renamed[old_rid] = rid
    out = []
    for k, anchor in enumerate(tool.anchors, start=1):
        if k - 1 in placed:
            continue
        anchor = re.sub(r"^<([\w:]+)", lambda m: f"<{m.group(1)} {tool.namespaces}", anchor, count=1)
        anchor = re.sub(r'(<(?:\w+:)?cNvPr\b[^>]*?)\bid="\d+"', rf'\g<1>id="{last_id + k}"', anchor, count=1)
        anchor = re.sub(r'(<(?:\w+:)?cNvPr\b[^>]*?)\bname="[^"]*"', rf'\g<1>name="{TOOL_MARK} {k}"', anchor, count=1)
        anchor = _RIDS.sub(lambda m: m.group(0).replace(m.group(1), renamed.get(m.group(1), m.group(1))), anchor)
        if k - 1 in described:
            anchor = with_frame_settings(anchor, described[k - 1])
        out.append(placed_as(kept[k - 1], anchor, tool.namespaces) if k - 1 in kept else anchor)
    return out


def tool_chart_cells(pkg: Package) -> dict[str, set[tuple[int, int]]]:
    """Per computed sheet holding any: the (column, row) of the top-left cell (0-based, as the drawing
    stores it) of each of the tool's chart anchors; a reader that does not keep the anchors' names
    (openpyxl) still keeps where they stand."""
    parts = pkg.sheet_parts()
    out: dict[str, set[tuple[int, int]]] = {}
    for sheet in (schema.AGGREGATE,):  # the sheet the tool draws on
        part = parts.get(sheet.name)
        if part is None:
            continue
        for link in pkg.rels(part):
            if link.type != REL + "drawing" or link.external or link.target not in pkg.names:
                continue
            rels = pkg.rels(link.target)
            for anchor in _tool_anchors(pkg, rels, _Drawing.parse(pkg.read(link.target)).anchors):
                if (at := _FROM.search(anchor)) is not None:
                    out.setdefault(sheet.name, set()).add((int(at.group(1)), int(at.group(2))))
    return out


def tool_chart_cells_of(path) -> dict[str, set[tuple[int, int]]]:
    """:func:`tool_chart_cells` of a workbook file."""
    source = ZipSource(path)
    try:
        return tool_chart_cells(Package(source))
    finally:
        source.close()


def leave_out(wb, cells: dict[str, set[tuple[int, int]]]) -> None:
    """Take the tool's charts (``cells``: :func:`tool_chart_cells` of the file ``wb`` was loaded from)
    out of a workbook openpyxl loaded, which reads every chart but not its name: saved, they would be
    taken for a user's."""
    for name, at in cells.items():
        if name in wb.sheetnames:
            ws = wb[name]
            ws._charts = [c for c in ws._charts if _top_left(c) not in at]


def _top_left(chart) -> tuple[int, int] | None:
    """The (column, row) of the cell a chart's anchor starts at (0-based); None for an absolute anchor."""
    start = getattr(chart.anchor, "_from", None)
    return None if start is None else (start.col, start.row)


def _max_shape_id(anchors: list[str]) -> int:
    ids = [int(i) for a in anchors for i in re.findall(r'<(?:\w+:)?cNvPr\b[^>]*?\bid="(\d+)"', a)]
    return max(ids, default=1)


def _delete_with_rels(pkg: Package, part: str) -> None:
    """Delete a tool part, its .rels and the parts only it pointed at (an Excel-saved chart's style and
    colours)."""
    for rel in pkg.rels(part):
        if not rel.external and not _referenced_elsewhere(pkg, rel.target, part):
            pkg.delete(rel.target)
            pkg.put_rels(rel.target, [])
    pkg.put_rels(part, [])
    pkg.delete(part)


def _referenced_elsewhere(pkg: Package, target: str, but: str) -> bool:
    for name in pkg.names:
        if name.endswith(".rels") and "/_rels/" in f"/{name}":
            folder, base = name.rsplit("_rels/", 1)
            owner = folder + base[: -len(".rels")]
            if owner != but and any(r.target == target for r in pkg.rels(owner)):
                return True
    return False

