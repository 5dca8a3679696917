"""A number format a person gave a whole column of a computed sheet, through the Refresh button in Excel: kept
where the file refresh keeps it (it shows the value as the column's own does), given way to where it would
mislead, and a format on some cells only set back to the column's; on Lite and Server, which cannot read a
format, every cell gets the column's own, as before.  Each case is also held to ``coachlog refresh`` on the
same workbook formatted the same way, whose rule reads the file's styles (:mod:`coachlog_xl.workbook.sheetxml`).
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from xml.sax.saxutils import quoteattr

import pytest
from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE
from openpyxl.utils import column_index_from_string, get_column_letter

from coachlog_xl import api, excel, schema
from tests.fidelity_kit import Zip
from tests.xlbook import FORMAT_ENGINES, MemoryEngine, demo_files, filled_formats, written_formats

FOLLOWUP = schema.FOLLOWUP.name
DELTA = schema.FOLLOWUP.keys.index("delta") + 1  # L
SESSION_DATE = schema.FOLLOWUP.keys.index("session_at") + 1  # F
STATUS = schema.FOLLOWUP.keys.index("status") + 1  # Y, text: no number format of its own
REASON = schema.FOLLOWUP.keys.index("reason") + 1  # AH, text too
MEAN_OWN = "0.0"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return demo_files(tmp_path_factory)


def _formatted(engine, files, columns=(), cells=()):
    """The demo before its refresh, opened in ``engine``, its Follow-up columns formatted whole
    (``columns``: column, format), then some of its cells (``cells``: first and last cell, format)."""
    book = engine.open(files.before(), name=files.base.name)
    for col, code in columns:
        engine.format_column(book, FOLLOWUP, col, code)
    for first, last, code in cells:
        engine.format_cells(book, FOLLOWUP, first, last, code)
    return book


@pytest.fixture(scope="module")
def file_refresh(files, tmp_path_factory):
    """:func:`_file_refresh`, made once for each way of formatting and shared by the engines and tests
    that format the demo the same way (the file refresh does not depend on the engine)."""
    made = {}

    def refreshed(columns=(), cells=()):
        key = (tuple(columns), tuple(cells))
        if key not in made:
            made[key] = _file_refresh(files, tmp_path_factory.mktemp("formatted"), columns, cells)
        return made[key]

    return refreshed


def _file_refresh(files, folder, columns=(), cells=()):
    """``coachlog refresh`` of the demo formatted as :func:`_formatted` formats it, as Excel saves a
    column formatted whole: the column's style, and each of its cells down to the sheet's last row; a
    cell (a column) formatted gets the style it had with that number format.  Written into the styles
    and Follow-up parts of the demo's package, its other parts as they are (an openpyxl load and save of
    the whole demo, its 7,412 Scores rows, would take 5 s of the 6 s a formatted file costs that way)."""
    package = Zip(files.base)
    part = package.sheet(FOLLOWUP)
    styles, sheet = _Styles(package.text("xl/styles.xml")), package.text(part)
    last = int(re.search(r'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', sheet).group(1))
    given = {}
    for col, code in columns:
        sheet = _col_formatted(sheet, col, code, styles)
        given.update({(row, col): code for row in range(1, last + 1)})
    for first, end, code in cells:
        given.update({(row, col): code for row in range(first[0], end[0] + 1) for col in range(first[1], end[1] + 1)})
    package.put(part, _cells_formatted(sheet, given, styles))
    package.put("xl/styles.xml", styles.xml())
    path = folder / "formatted.xlsx"
    package.save(path)
    api.refresh_file(path, backup=False)
    return path


class _Styles:
    """A package's cell styles (``cellXfs``) and number formats, to which a style like another but for
    its number format is added once."""

    def __init__(self, xml: str):
        self.source = xml
        self.xfs = re.findall(r"<xf\b[^>]*?(?:/>|>.*?</xf>)", _element(xml, "cellXfs"), re.S)
        formats = _element(xml, "numFmts")
        self.codes = {unescape(code): int(i) for i, code in
                      re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', formats)}
        assert len(self.codes) == formats.count("<numFmt "), "a number format is not read (and would be lost)"
        self.added: dict[tuple[int, str], int] = {}

    def like(self, style: int, code: str) -> int:
        """The index of the style ``style`` with the number format ``code``."""
        if (style, code) not in self.added:
            if code not in BUILTIN_FORMATS_REVERSE and code not in self.codes:
                self.codes[code] = max([163, *self.codes.values()]) + 1
            number = BUILTIN_FORMATS_REVERSE.get(code, self.codes.get(code))
            self.xfs.append(re.sub(r'numFmtId="\d+"', f'numFmtId="{number}"', self.xfs[style], count=1))
            self.added[(style, code)] = len(self.xfs) - 1
        return self.added[(style, code)]

    def xml(self) -> str:
        formats = "".join(f'<numFmt numFmtId="{i}" formatCode={quoteattr(code)}/>' for code, i in self.codes.items())
        xml = self.source.replace(_element(self.source, "numFmts"),
                                  f'<numFmts count="{len(self.codes)}">{formats}</numFmts>')
        return xml.replace(_element(xml, "cellXfs"), f'<cellXfs count="{len(self.xfs)}">{"".join(self.xfs)}</cellXfs>')


def _element(xml: str, tag: str) -> str:
    return re.search(rf"<{tag}\b[^>]*>.*?</{tag}>", xml, re.S).group(0)


def _style(tag: str) -> int:
    found = re.search(r' s(?:tyle)?="(\d+)"', tag)
    return int(found.group(1)) if found else 0


def _with_style(tag: str, attribute: str, style: int) -> str:
    """An opening tag with its style ``attribute`` set, one added after a cell's reference (where Excel
    and openpyxl write it), or at the end."""
    if re.search(rf' {attribute}="\d+"', tag):
        return re.sub(rf' {attribute}="\d+"', f' {attribute}="{style}"', tag, count=1)
    at = re.match(r'<c r="[A-Z]+\d+"', tag)
    end = at.end() if at else len(tag)
    return f'{tag[:end]} {attribute}="{style}"{tag[end:]}'


def _col_formatted(sheet: str, col: int, code: str, styles: _Styles) -> str:
    """The sheet with column ``col``'s own style given the number format (the demo's template gives each
    column its own ``<col>``)."""
    (tag,) = [t for t in re.findall(r"<col\b[^>]*?(?=\s*/>)", sheet) if f'min="{col}" max="{col}"' in t]
    return sheet.replace(tag, _with_style(tag, "style", styles.like(_style(tag), code)), 1)


def _cells_formatted(sheet: str, given: dict, styles: _Styles) -> str:
    """The sheet with each cell of ``given`` (row, column: number format) given it, a cell not in the
    sheet's rows made (with no value: as openpyxl makes one, of the workbook's first style)."""
    by_row: dict[int, dict[int, str]] = {}
    for (row, col), code in given.items():
        by_row.setdefault(row, {})[col] = code
    done = set()

    def row_formatted(m) -> str:
        head, body = m.group(1), m.group(2)
        row = int(re.search(r' r="(\d+)"', head).group(1))
        if row not in by_row:
            return m.group(0)
        cells = re.findall(r"<c\b[^>]*?(?:/>|>.*?</c>)", body, re.S)
        assert "".join(cells) == body, f"row {row} holds more than cells"
        found = {column_index_from_string(re.match(r'<c r="([A-Z]+)', c).group(1)): c for c in cells}
        for col, code in by_row[row].items():
            cell = found.get(col, f'<c r="{get_column_letter(col)}{row}"/>')
            tag = re.match(r"<c\b[^>]*?(?=/?>)", cell).group(0)
            found[col] = cell.replace(tag, _with_style(tag, "s", styles.like(_style(tag), code)), 1)
        done.add(row)
        return f"{head}{''.join(found[c] for c in sorted(found))}</row>"

    sheet = re.sub(r"(<row\b[^>]*[^/]>)(.*?)</row>", row_formatted, sheet, flags=re.S)
    assert done == set(by_row), f"rows {sorted(set(by_row) - done)} are not in the sheet"
    return sheet


def _assert_as_the_file_refresh(engine, book, files, file_refresh, columns=(), cells=()) -> None:
    """Every computed sheet's formats as the file refresh of the workbook formatted alike (``columns``,
    ``cells``: see :func:`_formatted`) gives them (of the workbook not formatted at all, on an engine
    that cannot read a format: the formatted file is then not made)."""
    expected = file_refresh(columns, cells) if engine.reads_formats else files.refreshed
    for sheet in schema.COMPUTED_SHEETS:
        assert written_formats(engine, book, sheet.name) == filled_formats(expected, sheet.name), sheet.name


def _column(engine, book, col: int) -> dict[int, tuple]:
    """By row, each Follow-up cell of column ``col`` holding a value: its value and number format."""
    cells, formats = engine.cells(book, FOLLOWUP), engine.formats(book, FOLLOWUP)
    return {r: (v, formats.get((r, c))) for (r, c), v in cells.items() if c == col and r > 1}


@pytest.mark.parametrize("engine", FORMAT_ENGINES)
def test_a_whole_columns_format_that_shows_the_value_as_its_own_is_kept_click_after_click(engine, files, file_refresh):
    columns = [(DELTA, "0.000"), (SESSION_DATE, "dd/mm/yyyy")]
    book = _formatted(engine, files, columns)
    excel.refresh(book)
    excel.refresh(book)
    deltas, dates = _column(engine, book, DELTA), _column(engine, book, SESSION_DATE)
    assert len(deltas) > 10 and len(dates) > 10
    if engine.reads_formats:
        assert {fmt for _, fmt in deltas.values()} == {"0.000"}
        # a date-only session date shows as the column shows it; one with a time would lose its time
        for value, fmt in dates.values():
            assert fmt == ("dd/mm/yyyy" if value.time() == dt.time(0) else "yyyy-mm-dd hh:mm"), value
    else:
        assert {fmt for _, fmt in deltas.values()} == {MEAN_OWN}
    _assert_as_the_file_refresh(engine, book, files, file_refresh, columns)


@pytest.mark.parametrize("engine", FORMAT_ENGINES)
@pytest.mark.parametrize("code", ["0.0;;", "0.0,", "0%", "General"])
def test_a_whole_columns_format_that_would_mislead_gives_way_to_the_columns_own(engine, code, files, file_refresh):
    # 0.0;; shows a negative delta and zero as blank, 0.0, in thousands, 0% a mean as a percent
    book = _formatted(engine, files, [(DELTA, code)])
    excel.refresh(book)
    assert {fmt for _, fmt in _column(engine, book, DELTA).values()} == {MEAN_OWN}
    _assert_as_the_file_refresh(engine, book, files, file_refresh, [(DELTA, code)])


@pytest.mark.parametrize("engine", FORMAT_ENGINES)
def test_a_format_given_to_some_cells_of_a_column_is_set_back_to_the_columns(engine, files, file_refresh):
    # Delta's L2:L6 alone: not the column's; the whole column 0.000 with L3:L4 0.00: the column's 0.000
    for columns, cells, want in (([], [((2, DELTA), (6, DELTA), "0.000")], MEAN_OWN),
                                 ([(DELTA, "0.000")], [((3, DELTA), (4, DELTA), "0.00")], "0.000")):
        book = _formatted(engine, files, columns, cells)
        excel.refresh(book)
        assert {fmt for _, fmt in _column(engine, book, DELTA).values()} == \
               {want if engine.reads_formats else MEAN_OWN}
        _assert_as_the_file_refresh(engine, book, files, file_refresh, columns, cells)


@pytest.mark.parametrize("engine", FORMAT_ENGINES)
def test_a_column_of_no_format_of_its_own_keeps_a_whole_columns_format_and_sets_some_cells_back(engine, files,
                                                                                                file_refresh):
    # Status formatted whole as text, @; the first cells of Reason given 0.00
    columns, cells = [(STATUS, "@")], [((2, REASON), (5, REASON), "0.00")]
    book = _formatted(engine, files, columns, cells)
    given = {r: fmt for r, (_, fmt) in _column(engine, book, REASON).items()}
    excel.refresh(book)
    statuses = _column(engine, book, STATUS)
    assert len(statuses) > 10
    if engine.reads_formats:
        assert {fmt for _, fmt in statuses.values()} == {"@"}
        assert {fmt for _, fmt in _column(engine, book, REASON).values()} == {"General"}
        _assert_as_the_file_refresh(engine, book, files, file_refresh, columns, cells)
    else:  # no format is written on a column of none of its own: its cells keep theirs, as before
        assert {r: fmt for r, (_, fmt) in _column(engine, book, REASON).items() if r in given} == given


def test_a_refresh_reads_one_number_format_a_computed_column_under_its_rows_before_it_writes(files):
    engine = MemoryEngine()
    book = engine.open(files.before())
    last = max(r for r, _ in book.sheets[FOLLOWUP].cells)  # the used range's last row before the refresh
    excel.refresh(book)
    reads = [op for op in book.ops if op[:3] == ("read", FOLLOWUP, "number format")]
    assert [op[3:] for op in reads] == [((last + 1, c), (schema.SHEET_ROWS - last, 1))
                                        for c in range(1, len(schema.FOLLOWUP.columns) + 1)]
    every = [op for op in book.ops if op[2:3] == ("number format",) and op[0] == "read"]
    computed = {s.name for s in schema.COMPUTED_SHEETS}
    assert len([op for op in every if op[1] in computed]) == sum(len(s.columns) for s in schema.COMPUTED_SHEETS)
    # (and on Scores, one a column holding cells an engine hands as it hands a time alone: XlwingsBook.clocks)
    assert {op[1] for op in every} - computed <= {"Scores"}
