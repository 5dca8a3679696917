"""Where the tool places its charts on Aggregate, and whether a person has moved or resized one since.

:func:`coachlog_xl.workbook.charts.tool_charts` anchors each chart by its top-left corner exactly on a
cell of column A (a one cell anchor), :data:`~coachlog_xl.workbook.charts.WIDTH` wide and as high as it
draws that chart for its rows.  LibreOffice saves such a chart as a two cell anchor that moves with its
cell but keeps its size (``editAs="oneCell"``), its size rounded in its frame.  Excel writes a chart set
to move but not size with its cells as such a two cell anchor too, its frame 0 x 0 (its size lies only
in its far corner, in the sheet's columns and rows): such an anchor is judged by its corner alone, so a
chart only resized there is placed again at the tool's size.  A chart that stands so is the tool's to
place again (lower when the table has grown).  One a person dragged (Excel rewrites the one cell
anchor's corner and size; LibreOffice the two cell anchor's), sized, set to move and size with its
cells or to stay put (another anchor), keeps its anchor on the next refresh: :func:`placed_as` puts
this refresh's chart of the same kind in it.  What a person set on a tool chart's frame is theirs too: its
alt text (Edit Alt Text: the description and title, which Excel's accessibility check asks for on every
chart), whether it is hidden (the Selection Pane's eye) and the macro it runs when clicked (Assign Macro, in
a .xlsm); :func:`frame_settings` reads them and :func:`with_frame_settings` gives them to this refresh's
chart of the same kind.

The row is not checked (the tool's rows follow the table's length, which a refresh changes): a chart
dragged straight down onto a row's top edge, at its size, is placed again as the tool places it.
"""

from __future__ import annotations

import re

from coachlog_xl.workbook.charts import TITLE_STARTS, WIDTH, drawn_height, emu

# where the tool anchors its charts: column A, at a row's top; one cell anchor, or the two cell anchor
# LibreOffice saves it as
TOOL_PLACE = re.compile(
    r"^<(?:\w+:)?(?:one|two)CellAnchor\b[^>]*>\s*<(?:\w+:)?from>\s*<(?:\w+:)?col>0</(?:\w+:)?col>\s*"
    r"<(?:\w+:)?colOff>0</(?:\w+:)?colOff>\s*<(?:\w+:)?row>\d+</(?:\w+:)?row>\s*<(?:\w+:)?rowOff>0</(?:\w+:)?rowOff>\s*"
    r"</(?:\w+:)?from>")
# the anchor's size: a one cell anchor's own <ext>, or the <a:ext> of the frame a two cell anchor holds
_SIZE = re.compile(r'<(?:\w+:)?ext\b[^>]*?\bcx="(\d+)"(?:[^>]*?\bcy="(\d+)")?')
_MOVES_NOT_SIZES = re.compile(r'^<(?:\w+:)?(?:oneCellAnchor\b|twoCellAnchor\b[^>]*?\beditAs="oneCell")')
PIXEL = 9525  # EMU: a pixel at 96 dpi
_UNSIZED = re.compile(r"^<(?:\w+:)?twoCellAnchor\b")
FRAME = re.compile(r"<((?:\w+:)?)graphicFrame\b.*?</\1graphicFrame>", re.S)
_FRAME_NAME = re.compile(r"<(?:\w+:)?cNvPr\b[^>]*?(?=\s*/?>)")  # a frame's first cNvPr is its own
_SETTINGS = re.compile(r'\s(?:descr|title|hidden)="[^"]*"')
_MACRO = re.compile(r'\smacro="[^"]+"')  # (Excel writes macro="" on every frame: no macro)


def _near(value: str | None, cm: float) -> bool:
    """Whether a length in EMU is ``cm``, to a thousandth or a pixel, whichever is more (LibreOffice rounds
    the sizes it saves to a hundredth of a millimetre, an application working in screen pixels to a
    pixel: a size a person dragged differs by more)."""
    return value is not None and abs(int(value) - emu(cm)) <= max(emu(cm) / 1000, PIXEL)


def tool_wide(anchor: str) -> bool:
    """Whether an anchor's chart is as wide as the tool draws its charts."""
    return _wide(_SIZE.search(anchor))


def _wide(size: re.Match | None) -> bool:
    """Whether an anchor's size (its :data:`_SIZE` match) is the tool's charts' width."""
    return size is not None and _near(size.group(1), WIDTH)


def at_tool_place(anchor: str, title: str | None, chart: bytes | None) -> bool:
    """Whether a tool chart's anchor stands and is sized as the tool left it: a one cell anchor (or
    LibreOffice's two cell anchor for it) exactly on a cell of column A, as wide as the tool draws, and
    as high as it drew the chart part ``chart`` titled ``title`` (any height when the part does not
    tell which, as an earlier version's chart may not).  A two cell anchor whose frame gives no size (0 x 0,
    as Excel saves every chart's frame) is judged by its corner alone: its size lies in its far corner,
    which the sheet's column widths and row heights turn into centimetres."""
    if not (_MOVES_NOT_SIZES.match(anchor) and TOOL_PLACE.match(anchor)):
        return False
    size = _SIZE.search(anchor)
    if _UNSIZED.match(anchor) and (size is None or size.group(1) == "0"):
        return True  # Excel's two cell anchor: its frame 0 x 0, its size only in its far corner
    if not _wide(size):
        return False
    height = drawn_height(title, chart) if title and chart is not None else None
    return height is None or _near(size.group(2), height)


def chart_kind(title: str | None) -> str | None:
    """Which of the tool's charts a title names, in this version's words and an earlier one's: its
    title up to the brackets for a mean delta chart (by coaching method, by criterion), else how the
    title begins; None for no tool chart's title."""
    for start in TITLE_STARTS:
        if title and title.startswith(start):
            return title.split(" (")[0] if start == TITLE_STARTS[0] else start
    return None


def placed_as(old: str, new: str, namespaces: str) -> str:
    """The anchor ``old`` (a person's placing of a tool chart) showing the graphic frame of ``new`` (this
    refresh's anchor of that chart): every element and attribute of ``old`` but its frame kept.  The
    frame declares the tool's namespaces itself, as ``old`` may give them other prefixes."""
    frame = FRAME.search(new).group(0)
    frame = re.sub(r"^<([\w:]+)", lambda m: f"<{m.group(1)} {namespaces}", frame, count=1)
    was = FRAME.search(old)
    return old[:was.start()] + frame + old[was.end():]


def frame_settings(anchor: str) -> tuple[str, str]:
    """What a person set on the frame of the chart an anchor shows, as written (entities kept): the
    frame's ``macro`` attribute when it names one, and the ``descr``, ``title`` and ``hidden`` attributes of
    its name; ('', '') when it has none."""
    frame = FRAME.search(anchor)
    if frame is None:
        return "", ""
    start = frame.group(0)[:frame.group(0).index(">")]
    name = _FRAME_NAME.search(frame.group(0))
    return "".join(_MACRO.findall(start)), "".join(_SETTINGS.findall(name.group(0))) if name else ""


def with_frame_settings(anchor: str, settings: tuple[str, str]) -> str:
    """``anchor`` (this refresh's, one graphic frame) with ``settings`` (:func:`frame_settings`) on its frame."""
    macro, named = settings
    frame = FRAME.search(anchor)
    name = _FRAME_NAME.search(anchor, frame.start())
    anchor = anchor[:name.start()] + _SETTINGS.sub("", name.group(0)) + named + anchor[name.end():]
    end = anchor.index(">", frame.start())
    start = anchor[frame.start():end].rstrip("/")
    start = re.sub(r'\smacro="[^"]*"', "", start) + macro
    return anchor[:frame.start()] + start + anchor[end:]
