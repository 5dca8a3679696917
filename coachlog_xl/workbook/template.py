"""The workbook template, built entirely from :mod:`coachlog_xl.schema`.

Input sheets are Excel tables (typing or pasting below a table extends it) with dropdowns, frozen
headers, readable widths and column number formats; their grey columns are the tool's.  Computed sheets
are plain ranges, not protected (an Excel add-in cannot write to a protected sheet), with the header,
widths, number formats and conditional formats of :func:`format_computed_sheet`; a refresh keeps that
look and writes only the cells (:mod:`coachlog_xl.workbook.package`).

Regenerate the shipped file with ``coachlog template`` (:func:`write_template`); the output is
byte-for-byte deterministic.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Collection
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font
from openpyxl.utils import column_index_from_string, get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.writer.excel import ExcelWriter

from coachlog_xl import schema
from coachlog_xl.core import decisions, followup
from coachlog_xl.core.checks import Severity
from coachlog_xl.workbook import styles
from coachlog_xl.workbook.guide import write_start_sheet
from coachlog_xl.workbook.styles import BAD, GOOD, NEUTRAL, QUIET

VALIDATED_ROWS = schema.SHEET_ROWS  # dropdowns reach the last row of a column (a Log of 10,000 sessions and more)
CF_ROWS = 5000  # conditional formats cover at least this many rows of a computed sheet
FIXED_TIME = dt.datetime(2026, 1, 1)  # workbook properties and zip entries: the same bytes every build
TABLE_STYLE = "TableStyleLight9"
DEFAULT_WIDTH = 8.43

SETTINGS_TABLES = (
    schema.SETTINGS,
    schema.CALL_TYPES,
    schema.METHODS,
    schema.SUPERVISORS,
    schema.WORD_LISTS,
    schema.HEADER_MAP,
)
LIST_SOURCES = {src.name: src for src in schema.LISTS}


def build_template() -> Workbook:
    """The empty coachlog workbook: every sheet of ``schema.SHEET_ORDER``, ready to type into."""
    wb = Workbook()
    wb.properties.creator = "coachlog_xl"
    wb.properties.lastModifiedBy = "coachlog_xl"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.active.title = schema.SHEET_ORDER[0]
    for name in schema.SHEET_ORDER[1:]:
        wb.create_sheet(name)
    write_start_sheet(wb[schema.START])
    for sheet in schema.INPUT_SHEETS:
        _input_sheet(wb[sheet.name], sheet)
    _settings_sheet(wb[schema.SETTINGS.name])
    for sheet in schema.COMPUTED_SHEETS:
        format_computed_sheet(wb[sheet.name], sheet, 0)
    defined_lists(wb)
    return wb


def write_template(path: Path) -> None:
    """Build the template and save it to ``path``, byte-for-byte the same on every run (``coachlog
    template`` writes it through the safe save, :func:`coachlog_xl.api.new_workbook`).

    openpyxl's ``Workbook.save`` stamps the modified time and zip entries with the clock, so the
    workbook is written through its ``ExcelWriter`` and the archive re-packed with fixed entry times.
    """
    raw = io.BytesIO()
    ExcelWriter(build_template(), zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            out.writestr(entry, src.read(info.filename))


# --- Input sheets -----------------------------------------------------------------------------


def _input_sheet(ws, sheet: schema.Sheet) -> None:
    styles.write_header(ws, sheet.columns)
    for i, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        dim, first = ws.column_dimensions[letter], ws.cell(row=2, column=i)
        # a column style: cells typed later in Excel or LibreOffice take it; none on Scores, where an export
        # is pasted with its own header and columns (a number pasted into a date-formatted column shows as,
        # and is read as, a date: 5 points possible as 1900-01-05)
        fmt = "General" if sheet is schema.SCORES else schema.NUMBER_FORMATS.get(col.kind, "General")
        if fmt != "General":
            dim.number_format = first.number_format = fmt
        if col.owner == schema.TOOL:
            dim.fill = styles.solid(styles.TOOL_CELLS)
            first.fill = styles.solid(styles.TOOL_CELLS)
        if col.choices:
            _dropdown(ws, col.choices, f"{letter}2:{letter}{VALIDATED_ROWS}")
    ws.freeze_panes = "B2" if sheet is schema.LOG else "A2"
    _table(ws, sheet, first_col=1, rows=0)
    styles.print_setup(ws, _total_width(ws), "A:A" if sheet is schema.LOG else None)


def _table(ws, sheet: schema.Sheet, first_col: int, rows: int) -> None:
    """An Excel table over the header and ``rows`` data rows (at least one: a table needs a data row)."""
    last_col = get_column_letter(first_col + len(sheet.columns) - 1)
    table = Table(
        displayName=sheet.table, ref=f"{get_column_letter(first_col)}1:{last_col}{max(rows, 1) + 1}"
    )
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    ws.add_table(table)


def _dropdown(ws, list_name: str, sqref: str) -> None:
    """A list validation: fixed words inline with a stop alert; a growing list through its defined name
    with a warning, so a person can still type a new value (and Checks says it is not on the list)."""
    src = LIST_SOURCES[list_name]
    if src.fixed:
        if any("," in word or '"' in word for word in src.fixed):
            raise ValueError(f"{src.name}: an inline dropdown word cannot hold a comma or a quote")
        dv = DataValidation(type="list", formula1='"' + ",".join(src.fixed) + '"', errorStyle="stop")
        dv.errorTitle, dv.error = "Not on the list", "Pick one of: " + ", ".join(src.fixed) + "."
    else:
        dv = DataValidation(type="list", formula1=src.name, errorStyle="warning")
        dv.errorTitle = "Not on the list yet"
        dv.error = (
            f"This is not in {_list_home(src)}. Add it there so the dropdown offers it, "
            "or choose Yes to keep it anyway (Checks will point to it)."
        )
    dv.allow_blank = dv.showErrorMessage = True
    dv.add(sqref)
    ws.add_data_validation(dv)


def _list_home(src: schema.ListSource) -> str:
    """Where a growing list lives, in words: 'the "Rep" column of the Reps sheet'."""
    if src.sheet == schema.SETTINGS.name:
        table = next(
            t for t in SETTINGS_TABLES if schema.SETTINGS_TABLE_COLUMNS[t.table] == src.column_letter
        )
        header = table.columns[0].header
    else:
        sheet = next(s for s in schema.INPUT_SHEETS if s.name == src.sheet)
        header = sheet.columns[column_index_from_string(src.column_letter) - 1].header
    return f'the "{header}" column of the {src.sheet} sheet'


def defined_lists(wb, sheets: Collection[str] | None = None) -> None:
    """The growing lists as defined names: the column from row 2 down to its last filled row, so a row
    added to Reps, Criteria or a Settings list shows in the dropdowns at once, in Excel and LibreOffice,
    without a refresh.  (Structured references such as Reps[Rep] are not allowed in a validation.)
    ``sheets``: only the lists read from these sheets (those ``coachlog repair`` re-creates: Excel
    turned their names into #REF! when it deleted the sheet)."""
    for src in schema.LISTS:
        if src.fixed or (sheets is not None and src.sheet not in sheets):
            continue
        sheet, col = quote_sheetname(src.sheet), f"${src.column_letter}"
        text = f"OFFSET({sheet}!{col}$2,0,0,MAX(1,COUNTA({sheet}!{col}:{col})-1),1)"
        wb.defined_names[src.name] = DefinedName(src.name, attr_text=text)


# --- Settings ---------------------------------------------------------------------------------


def _settings_rows(table: schema.Sheet) -> list[list]:
    if table is schema.SETTINGS:
        return [[s.label, s.default, s.help] for s in schema.SETTINGS_ITEMS]
    if table is schema.WORD_LISTS:
        return [[name, p] for name, phrases in schema.DEFAULT_WORD_LISTS.items() for p in phrases]
    if table is schema.HEADER_MAP:
        return [[field, h] for field, headers in schema.DEFAULT_HEADER_MAP.items() for h in headers]
    seeds = {schema.CALL_TYPES: schema.DEFAULT_CALL_TYPES, schema.METHODS: schema.DEFAULT_METHODS}
    return [[value] for value in seeds.get(table, ())]


def _settings_sheet(ws) -> None:
    for table in SETTINGS_TABLES:
        first = column_index_from_string(schema.SETTINGS_TABLE_COLUMNS[table.table])
        styles.write_header(ws, table.columns, first)
        rows = _settings_rows(table)
        for r, values in enumerate(rows, start=2):
            for j, value in enumerate(values):
                cell = ws.cell(row=r, column=first + j, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text: a phrase starting with "=" is no formula
        _table(ws, table, first, len(rows))
    value_col = schema.SETTINGS.keys.index("value") + 1
    for r, item in enumerate(schema.SETTINGS_ITEMS, start=2):
        if item.choices:
            _dropdown(ws, item.choices, ws.cell(row=r, column=value_col).coordinate)
        cell = ws.cell(row=r, column=value_col)
        cell.alignment = styles.CENTRE  # numbers and words alike, clear of the help text beside them
        if item.key == "as_of":
            cell.number_format = schema.NUMBER_FORMATS[schema.DATE]
    help_col = get_column_letter(schema.SETTINGS.keys.index("help") + 1)
    for cell in ws[help_col][1:]:
        cell.alignment = styles.WRAP
    ws.freeze_panes = "A2"
    styles.print_setup(ws, _total_width(ws))


def _total_width(ws) -> float:
    dims = ws.column_dimensions
    return sum((dims[c].width if c in dims else 0) or DEFAULT_WIDTH for c in _letters(ws.max_column))


def _letters(n: int) -> list[str]:
    return [get_column_letter(i) for i in range(1, n + 1)]


# --- Computed sheets --------------------------------------------------------------------------


def format_computed_sheet(ws, sheet: schema.Sheet, n_rows: int) -> None:
    """(Re)apply everything a computed sheet shows for ``n_rows`` data rows; safe to call again.

    Header, widths, freeze, filter and conditional formats.  Number formats
    go on the columns and on the cells of rows 2..n_rows+1 still in "General": a cell the writer gave
    its own format (a date-time in a date column) keeps it.
    """
    styles.write_header(ws, sheet.columns, computed=True)
    for i, col in enumerate(sheet.columns, start=1):
        fmt = schema.NUMBER_FORMATS.get(col.kind, "General")
        centred = col.kind in (schema.INTEGER, schema.FLAG)  # counts and yes/no read best centred
        # a sentence or a long name wraps: cut off by the next column's value it could not be read
        align = styles.CENTRED if centred else styles.WRAPPED if col.wrap else None
        if fmt == "General" and align is None:
            continue
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.number_format = fmt
        if align is not None:
            dim.alignment = align
        for (cell,) in ws.iter_rows(min_row=2, max_row=n_rows + 1, min_col=i, max_col=i):
            if cell.number_format == "General":
                cell.number_format = fmt
            if align is not None:
                cell.alignment = align
    key_col = sheet.keys.index("rep") + 2 if "rep" in sheet.keys else 1
    ws.freeze_panes = f"{get_column_letter(key_col)}2"
    last = get_column_letter(len(sheet.columns))
    # an empty sheet's filter spans its whole columns: openpyxl and Excel copy the range into a hidden
    # name (_xlnm._FilterDatabase) in workbook.xml, which is where LibreOffice reads it; a refresh fits
    # the sheet's <autoFilter> to the rows it writes and sets the name back to these whole columns when
    # the rows outgrow it (an Excel save narrows it to the rows of the time: workbook.filtername)
    ws.auto_filter.ref = f"A1:{last}{n_rows + 1 if n_rows else schema.SHEET_ROWS}"
    keys = f"A:{get_column_letter(key_col - 1)}" if key_col > 1 else None
    styles.print_setup(ws, sum(c.width for c in sheet.columns), keys)
    ws.conditional_formatting = ConditionalFormattingList()  # a second call replaces, never duplicates
    _highlights(ws, sheet, max(n_rows + 1, CF_ROWS))


def _highlights(ws, sheet: schema.Sheet, end: int) -> None:
    """The conditional formats, with column letters found in the schema by key."""
    col = {key: get_column_letter(i) for i, key in enumerate(sheet.keys, start=1)}

    def when(key: str, formula: str, colours: tuple[str, str]) -> None:
        font, fill = colours
        rule = FormulaRule(formula=[formula], font=Font(color=font), fill=styles.solid(fill))
        ws.conditional_formatting.add(f"{col[key]}2:{col[key]}{end}", rule)

    def equals(key: str, word: str, colours: tuple[str, str]) -> None:
        when(key, f'${col[key]}2="{word}"', colours)

    if sheet is schema.FOLLOWUP:
        valid, delta = col["valid"], col["delta"]
        # An invalid comparison is greyed out, its delta uncoloured (domain.md: kept out of aggregates).
        muted = FormulaRule(
            formula=[f'${valid}2="{followup.NO}"'], font=Font(color=styles.MUTED_TEXT, italic=True)
        )
        ws.conditional_formatting.add(f"A2:{col[sheet.keys[-1]]}{end}", muted)
        numeric = f'${valid}2<>"{followup.NO}",ISNUMBER(${delta}2)'
        when("delta", f"AND({numeric},${delta}2>0)", GOOD)
        when("delta", f"AND({numeric},${delta}2<0)", BAD)
        for status, colours in (
            (followup.COMPLETE, GOOD),
            (followup.SCHEDULED, QUIET),
            (followup.EXPIRED, QUIET),
            (followup.AWAITING, NEUTRAL),
            (followup.IN_PROGRESS, NEUTRAL),
            (followup.CHECKIN_DUE, NEUTRAL),
        ):
            equals("status", status, colours)
        for key in ("threshold_met", "improvement_emerging"):
            equals(key, followup.YES, GOOD)
            equals(key, followup.NO, BAD)
        for key in ("same_criterion", "definition_unchanged", "types_comparable", "enough_calls", "valid"):
            equals(key, followup.NO, BAD)
        equals("suggested", decisions.CLOSE, GOOD)
        equals("suggested", decisions.ESCALATE, BAD)
    elif sheet is schema.AGGREGATE:
        for key in ("mean_delta", "median_delta"):
            when(key, f"AND(ISNUMBER(${col[key]}2),${col[key]}2>0)", GOOD)
            when(key, f"AND(ISNUMBER(${col[key]}2),${col[key]}2<0)", BAD)
    elif sheet is schema.CHECKS:
        for severity, colours in ((Severity.ERROR, BAD), (Severity.WARNING, NEUTRAL), (Severity.INFO, QUIET)):
            equals("severity", severity.value, colours)
