"""The workbook template, built entirely from :mod:`coachlog_xl.schema`.

Input sheets are Excel tables (pasting below a table extends it) with dropdowns, frozen headers,
readable widths and number formats; grey columns are the tool's.  Computed sheets are protected
without a password and carry conditional formats.  ``python -m coachlog_xl.workbook.template PATH``
(or ``coachlog template``) regenerates ``templates/coachlog.xlsx``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from coachlog_xl import schema

VALIDATED_ROWS = 5000
CF_ROWS = 5000
FIXED_DATE = dt.datetime(2026, 1, 1)

INPUT_HEADER = PatternFill("solid", fgColor="1F4E78")
TOOL_HEADER = PatternFill("solid", fgColor="7F7F7F")
TOOL_CELLS = PatternFill("solid", fgColor="E7E6E6")
COMPUTED_HEADER = PatternFill("solid", fgColor="404040")
WHITE_BOLD = Font(bold=True, color="FFFFFF")
GREEN, RED, GREY, AMBER = "C6EFCE", "FFC7CE", "EDEDED", "FFEB9C"

START_TEXT = [
    ("What it is", "A coaching log that tells whether coaching changed a rep's scores on the criterion it targeted."),
    ("Supervisors", "After each coaching session, add one row to Log: the rep, the one targeted criterion,"),
    ("", "the call it was based on (call id, timestamp, quote), what the rep did, the one behaviour to change,"),
    ("", "the rep's commitment and a 3-5 point summary. Leave the follow-up fields blank for the defaults."),
    ("QA", "Paste score exports into Scores as exported (or into a sheet of its own whose name starts with"),
    ("", "Scores). Type a reason in Exclude to leave a row out, e.g. a superseded grading."),
    ("Managers", "Refresh: coachlog refresh BOOK.xlsx, or the Refresh button in Excel. Then read Follow-up,"),
    ("", "Aggregate and Checks, and record your decision in the Log's Decision column."),
    ("Colours", "White columns are yours to type in; grey columns are written by Refresh."),
    ("", "Follow-up, Baseline, Aggregate and Checks are rewritten by each refresh: keep notes on the input sheets."),
]


def build_template() -> Workbook:
    wb = Workbook()
    wb.properties.creator = "coachlog_xl"
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE
    first = wb.active
    first.title = schema.START
    for name in schema.SHEET_ORDER[1:]:
        wb.create_sheet(name)
    _start_sheet(wb[schema.START])
    for sheet in schema.INPUT_SHEETS:
        _input_sheet(wb[sheet.name], sheet)
    _settings_sheet(wb[schema.SETTINGS.name])
    for sheet in schema.COMPUTED_SHEETS:
        format_computed_sheet(wb[sheet.name], sheet, 0)
    _lists(wb)
    for ws in wb.worksheets:
        _print_fit_width(ws)
    return wb


def _print_fit_width(ws) -> None:
    """Print (and export to PDF) one page wide, landscape, so a sheet reads as it does on screen."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_setup.orientation = "landscape"


def write_template(path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = build_template()
    wb.save(path)


def _start_sheet(ws) -> None:
    ws["A1"] = "coachlog_xl"
    ws["A1"].font = Font(bold=True, size=16)
    ws["A3"] = "Last refresh"
    ws["A3"].font = Font(bold=True)
    ws[schema.STAMP_CELL] = "Not refreshed yet."
    row = 5
    for label, line in START_TEXT:
        ws.cell(row=row, column=1, value=label or None).font = Font(bold=True)
        ws.cell(row=row, column=2, value=line)
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Sheet").font = Font(bold=True)
    ws.cell(row=row, column=2, value="What it holds").font = Font(bold=True)
    helps = {s.name: s.help for s in (*schema.INPUT_SHEETS, schema.SETTINGS, *schema.COMPUTED_SHEETS)}
    for name in schema.SHEET_ORDER[1:]:
        row += 1
        ws.cell(row=row, column=1, value=name)
        ws.cell(row=row, column=2, value=helps.get(name, ""))
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 105


def _header(ws, sheet: schema.Sheet, first_col: int = 1) -> None:
    for i, col in enumerate(sheet.columns):
        c = ws.cell(row=1, column=first_col + i, value=col.header)
        c.font = WHITE_BOLD
        c.fill = TOOL_HEADER if col.owner == schema.TOOL else INPUT_HEADER
        c.alignment = Alignment(wrap_text=True, vertical="center")
        note = col.help or ""
        if col.owner == schema.TOOL:
            note = "Written by Refresh. " + note
        if note:
            c.comment = Comment(note.strip(), "coachlog_xl")
        ws.column_dimensions[get_column_letter(first_col + i)].width = col.width


def _table(ws, sheet: schema.Sheet, first_col: int, last_row: int) -> None:
    ref = f"{get_column_letter(first_col)}1:{get_column_letter(first_col + len(sheet.columns) - 1)}{last_row}"
    table = Table(displayName=sheet.table, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)


def _input_sheet(ws, sheet: schema.Sheet) -> None:
    _header(ws, sheet)
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "B2" if sheet is schema.LOG else "A2"
    for i, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        fmt = schema.NUMBER_FORMATS.get(col.kind)
        dim = ws.column_dimensions[letter]
        if fmt and fmt != "General":
            dim.number_format = fmt  # a column style: cells typed later take it
        if col.owner == schema.TOOL:
            dim.fill = TOOL_CELLS
        dim.width = col.width
        if col.choices:
            _validation(ws, col.choices, f"{letter}2:{letter}{VALIDATED_ROWS}")
    _table(ws, sheet, 1, 2)


def _validation(ws, list_name: str, sqref: str) -> None:
    src = next(s for s in schema.LISTS if s.name == list_name)
    source = '"' + ",".join(src.fixed) + '"' if src.fixed else f"={list_name}"
    dv = DataValidation(type="list", formula1=source, allow_blank=True)
    if src.fixed:
        dv.error, dv.errorTitle, dv.errorStyle = f"Pick one of: {', '.join(src.fixed)}.", "Not on the list", "stop"
    else:
        dv.error = "Not on the list yet: add it to the list first, or keep it and Checks will say so."
        dv.errorTitle, dv.errorStyle = "Not on the list", "warning"
    dv.showErrorMessage = True
    dv.add(sqref)
    ws.add_data_validation(dv)


def _settings_sheet(ws) -> None:
    tables = {
        "Settings": (schema.SETTINGS, [[s.label, s.default, s.help] for s in schema.SETTINGS_ITEMS]),
        "CallTypes": (schema.CALL_TYPES, [[t] for t in schema.DEFAULT_CALL_TYPES]),
        "Methods": (schema.METHODS, [[m] for m in schema.DEFAULT_METHODS]),
        "Supervisors": (schema.SUPERVISORS, []),
        "WordLists": (schema.WORD_LISTS, [[k, p] for k, ps in schema.DEFAULT_WORD_LISTS.items() for p in ps]),
        "HeaderMap": (schema.HEADER_MAP, [[k, h] for k, hs in schema.DEFAULT_HEADER_MAP.items() for h in hs]),
    }
    for name, (sheet, rows) in tables.items():
        first = column_index_from_string(schema.SETTINGS_TABLE_COLUMNS[name])
        _header(ws, sheet, first)
        for r, values in enumerate(rows, start=2):
            for j, value in enumerate(values):
                cell = ws.cell(row=r, column=first + j, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
        _table(ws, sheet, first, max(2, len(rows) + 1))
    for r, item in enumerate(schema.SETTINGS_ITEMS, start=2):
        if item.choices:
            _validation(ws, item.choices, f"B{r}")
        if item.key == "as_of":
            ws.cell(row=r, column=2).number_format = schema.NUMBER_FORMATS[schema.DATE]
    ws.freeze_panes = "A2"


def _lists(wb) -> None:
    """Defined names for the growing dropdown lists: a column from row 2 down to its last value, so a row
    added to Reps, Criteria or a Settings list shows in the dropdowns at once (Excel and LibreOffice).
    Fixed lists (response, decision, yes/no) are written into their validations."""
    for src in schema.LISTS:
        if src.fixed:
            continue
        col = f"${src.column_letter}"
        text = f"OFFSET('{src.sheet}'!{col}$2,0,0,MAX(1,COUNTA('{src.sheet}'!{col}:{col})-1),1)"
        wb.defined_names[src.name] = DefinedName(src.name, attr_text=text)


def format_computed_sheet(ws, sheet: schema.Sheet, n_rows: int) -> None:
    """Header, widths, freeze, protection and conditional formats of a computed sheet with n_rows rows."""
    for i, col in enumerate(sheet.columns, start=1):
        c = ws.cell(row=1, column=i, value=col.header)
        c.font, c.fill = WHITE_BOLD, COMPUTED_HEADER
        c.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "C2" if sheet is schema.FOLLOWUP else "A2"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.conditional_formatting = type(ws.conditional_formatting)()
    end = max(n_rows + 1, CF_ROWS)
    last = get_column_letter(len(sheet.columns))

    def letter(key: str) -> str:
        return get_column_letter(sheet.keys.index(key) + 1)

    def fill(colour: str) -> PatternFill:
        return PatternFill("solid", fgColor=colour, bgColor=colour)

    if sheet is schema.FOLLOWUP:
        d = letter("delta")
        ws.conditional_formatting.add(f"{d}2:{d}{end}", CellIsRule(operator="greaterThan", formula=["0"],
                                                                    fill=fill(GREEN)))
        ws.conditional_formatting.add(f"{d}2:{d}{end}", CellIsRule(operator="lessThan", formula=["0"],
                                                                    fill=fill(RED)))
        v = letter("valid")
        ws.conditional_formatting.add(f"A2:{last}{end}", FormulaRule(formula=[f'${v}2="no"'],
                                                                      font=Font(color="808080", italic=True)))
        s = letter("status")
        for status, colour in (("complete", GREEN), ("expired", GREY), ("scheduled", GREY),
                               ("awaiting calls", AMBER), ("in progress", AMBER), ("check-in due", AMBER)):
            ws.conditional_formatting.add(f"{s}2:{s}{end}", FormulaRule(formula=[f'${s}2="{status}"'],
                                                                         fill=fill(colour)))
        t = letter("threshold_met")
        ws.conditional_formatting.add(f"{t}2:{t}{end}", FormulaRule(formula=[f'${t}2="yes"'], fill=fill(GREEN)))
        ws.conditional_formatting.add(f"{t}2:{t}{end}", FormulaRule(formula=[f'${t}2="no"'], fill=fill(RED)))
    elif sheet is schema.AGGREGATE:
        for key in ("mean_delta", "median_delta"):
            m = letter(key)
            ws.conditional_formatting.add(f"{m}2:{m}{end}", CellIsRule(operator="greaterThan", formula=["0"],
                                                                        fill=fill(GREEN)))
            ws.conditional_formatting.add(f"{m}2:{m}{end}", CellIsRule(operator="lessThan", formula=["0"],
                                                                        fill=fill(RED)))
    elif sheet is schema.CHECKS:
        s = letter("severity")
        for severity, colour in (("error", RED), ("warning", AMBER), ("info", GREY)):
            ws.conditional_formatting.add(f"{s}2:{s}{end}", FormulaRule(formula=[f'${s}2="{severity}"'],
                                                                         fill=fill(colour)))


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "templates/coachlog.xlsx")
    write_template(path)
    print(f"Wrote {path}")


if __name__ == "__main__":
    main()
