"""How the workbook looks: colours, header cells, notes and print setup, shared by every sheet.

One place for the palette, so "grey means written by Refresh" holds on the Log's tool columns, on the
computed sheets and in the words of the Start here sheet alike.
"""

from __future__ import annotations

import math

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from coachlog_xl import schema

AUTHOR = "coachlog_xl"

# Header fills: dark blue over what people type, grey over what Refresh writes.
INPUT_HEADER = "1F4E78"
TOOL_HEADER = "7F7F7F"
COMPUTED_HEADER = "595959"
TOOL_CELLS = "E7E6E6"  # the cells of a tool-owned column on an input sheet

FONT = "Calibri"  # the workbook's body font: a bold or coloured font names it too, or LibreOffice falls back
HEADER_FONT = Font(name=FONT, size=10, bold=True, color="FFFFFF")  # 10 pt: "Threshold" fits a 9-wide column
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
TITLE_FONT = Font(name=FONT, bold=True, size=16, color=INPUT_HEADER)
SECTION_FONT = Font(name=FONT, bold=True, size=12, color=INPUT_HEADER)
BOLD = Font(name=FONT, size=11, bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top")
CENTRED = Alignment(horizontal="center")
WRAPPED = Alignment(wrap_text=True)  # bottom-aligned like the cells beside it

# Conditional-format colours: (font, fill), Excel's own Good / Bad / Neutral cell styles plus a grey.
GOOD = ("006100", "C6EFCE")
BAD = ("9C0006", "FFC7CE")
NEUTRAL = ("9C5700", "FFEB9C")
QUIET = ("595959", "EDEDED")
MUTED_TEXT = "808080"

TOOL_NOTE = "Written by Refresh."
COMPUTED_NOTE = "Written by Refresh: each refresh rewrites this sheet. Keep notes on the input sheets."

LINE_HEIGHT = 15  # points per line of header text
PRINT_WIDTH = 150  # column-width units that fit across a landscape page at a readable scale


def solid(colour: str) -> PatternFill:
    """A solid fill; bgColor too, because conditional formats (dxf) paint with it."""
    return PatternFill("solid", fgColor=colour, bgColor=colour)


def note(text: str) -> Comment:
    """A header note, sized to its text so it opens readable in Excel and LibreOffice."""
    lines = sum(max(1, math.ceil(len(part) / 40)) for part in text.split("\n"))
    return Comment(text, AUTHOR, height=max(40, 16 * lines + 10), width=260)


def header_note(col: schema.Column, computed: bool = False) -> str:
    """What a header's note says: who writes the column, then the schema's help."""
    lead = COMPUTED_NOTE if computed else TOOL_NOTE if col.owner == schema.TOOL else ""
    return "\n".join(part for part in (lead, col.help) if part)


def header_fill(col: schema.Column, computed: bool = False) -> PatternFill:
    if computed:
        return solid(COMPUTED_HEADER)
    return solid(TOOL_HEADER if col.owner == schema.TOOL else INPUT_HEADER)


def write_header(ws, columns, first_col: int = 1, computed: bool = False) -> None:
    """Row 1: the schema headers, coloured by owner, each with its note; column widths from the schema."""
    lines = 1
    for i, col in enumerate(columns):
        cell = ws.cell(row=1, column=first_col + i, value=col.header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, header_fill(col, computed), HEADER_ALIGNMENT
        text = header_note(col, computed)
        cell.comment = note(text) if text else None
        ws.column_dimensions[get_column_letter(first_col + i)].width = col.width
        lines = max(lines, header_lines(col))
    height = LINE_HEIGHT * lines + 3
    current = ws.row_dimensions[1].height or 0
    ws.row_dimensions[1].height = max(current, height)


def header_lines(col: schema.Column) -> int:
    """How many lines a header wraps to in its column (a word too long for a line takes two)."""
    room, lines, used = max(col.width - 1, 4), 1, 0
    for word in col.header.split():
        need = len(word) if used == 0 else used + 1 + len(word)
        if need > room and used:
            lines, used = lines + 1, len(word)
        else:
            used = need
        if len(word) > room:
            lines, used = lines + 1, len(word) - room
    return lines


def print_setup(
    ws, total_width: float, title_cols: str | None = None, title_rows: str | None = "1:1"
) -> None:
    """Landscape, as many pages across as the columns need at a readable size, header row repeated."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = max(1, math.ceil(total_width / PRINT_WIDTH))
    ws.page_setup.fitToHeight = 0
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
