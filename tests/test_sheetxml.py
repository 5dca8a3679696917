"""A computed sheet's rows, made a column at a time in pieces, are the cells cell_xml writes one by one."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachlog_xl import schema
from coachlog_xl.workbook import sheetxml
from coachlog_xl.workbook.sheetxml import cell_xml, column_letter, column_styles, computed_sheet, has_special
from coachlog_xl.workbook.stylesxml import Styles
from coachlog_xl.workbook.writer import date_format

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
EMPTY_STYLES = f'<styleSheet xmlns="{MAIN}"/>'.encode()
SHEET = f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>'.encode()
KINDS = (schema.TEXT, schema.INTEGER, schema.DATE, schema.DATETIME, schema.TIME, schema.NUMBER)
ZONES = (dt.timezone.utc, dt.timezone(dt.timedelta(hours=5)))

floats = st.one_of(st.floats(), st.sampled_from([0.0, -0.0, 0.1, 72.9, 1e16, float("nan"), float("-inf")]))
texts = st.one_of(st.text(max_size=6), st.sampled_from([" a", "b ", "\ta\n", "a&b", "<x>", "\r", "\x01", "é ", "\ud800",
                                                        "\ufffe", "x" * 32768]))
naive = st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2200, 1, 1))
dates = st.one_of(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2200, 1, 1)), naive, st.times(),
                  naive.map(lambda d: d.replace(tzinfo=ZONES[0])),
                  naive.map(lambda d: d.replace(tzinfo=ZONES[0]).astimezone(ZONES[1])),
                  st.times().map(lambda t: t.replace(tzinfo=ZONES[1])))
pools = st.one_of(st.lists(floats, min_size=1, max_size=8), st.lists(st.integers(), min_size=1, max_size=8),
                  st.lists(texts, min_size=1, max_size=8), st.lists(dates, min_size=1, max_size=8),
                  st.lists(st.one_of(floats, st.integers(), texts, dates, st.booleans()), min_size=1, max_size=8))


def _sheet(n: int) -> schema.Sheet:
    return schema.Sheet("Made", tuple(schema.C(f"c{k}", f"Column {k}", KINDS[k % len(KINDS)]) for k in range(n)),
                        computed=True)


def _one_by_one(sheet: schema.Sheet, rows: list[list], styles: Styles, head: str) -> str:
    """The rows as cell_xml writes each value, in its column's style (a date's in its date format)."""
    bases = column_styles(head)
    columns = [sheetxml._Column(styles, bases.get(i, 0), schema.NUMBER_FORMATS.get(c.kind))
               for i, c in enumerate(sheet.columns, start=1)]
    out = []
    for r, row in enumerate(rows, start=2):
        body = ""
        for k, (value, column) in enumerate(zip(row, columns), start=1):
            code = date_format(value)
            body += cell_xml("", f"{column_letter(k)}{r}", value, column.dated(code) if code else column.style) or ""
        if body:
            out.append(f'<row r="{r}">{body}</row>')
    return "".join(out)


@settings(max_examples=60, deadline=None)
@given(st.lists(pools, min_size=1, max_size=5), st.integers(0, 1200), st.integers(0, 2**32), st.floats(0, 1),
       st.sampled_from([500, sheetxml._ROWS_PER_CHUNK]))
def test_a_computed_sheets_rows_are_the_cells_cell_xml_writes(pools, n, seed, blank, chunk):
    pick = random.Random(seed)
    rows = [[None if pick.random() < blank else pick.choice(pool) for pool in pools] for _ in range(n)]
    sheet, styles = _sheet(len(pools)), Styles(EMPTY_STYLES)
    with pytest.MonkeyPatch.context() as patch:  # (rows made a run of ``chunk`` at a time)
        patch.setattr(sheetxml, "_ROWS_PER_CHUNK", chunk)
        xml = b"".join(computed_sheet(SHEET, sheet, rows, styles)).decode()
    head, data = xml[:xml.index("<sheetData>")], xml[xml.index("<sheetData>"):xml.index("</sheetData>")]
    written = re.sub(r'^<sheetData><row r="1"[^>]*>.*?</row>', "", data)
    assert written == _one_by_one(sheet, rows, styles, head)


def test_special_characters_are_found_as_the_pattern_finds_them():
    for c in map(chr, [*range(0x80), 0xE9, 0xD800, 0xDFFF, 0xFFFE, 0xFFFF, 0x1F600]):
        for text in (c, f"ab{c}cd", f"é{c}"):
            assert has_special(text) == (sheetxml._SPECIAL.search(text) is not None), repr(text)


def test_values_equal_but_written_apart_each_keep_their_own_cell():
    """0.0 == -0.0, and a time's equal instants in two zones: each written as cell_xml writes it."""
    instant = dt.datetime(2026, 3, 1, 23, 30, tzinfo=ZONES[0])
    pairs = [[0.0, instant], [-0.0, instant.astimezone(ZONES[1])], [1.5, dt.datetime(2026, 3, 1, 23, 30)]]
    rows = [pairs[i % 3] for i in range(1200)]
    sheet, styles = _sheet(6), Styles(EMPTY_STYLES)
    sheet = schema.Sheet("Made", (sheet.columns[5], sheet.columns[3]), computed=True)
    xml = b"".join(computed_sheet(SHEET, sheet, rows, styles)).decode()
    head, data = xml[:xml.index("<sheetData>")], xml[xml.index("<sheetData>"):xml.index("</sheetData>")]
    assert re.sub(r'^<sheetData><row r="1"[^>]*>.*?</row>', "", data) == _one_by_one(sheet, rows, styles, head)
    assert "<v>-0.0</v>" in data


# rows a person's filter hides, within a batch of rows and across its edges, all-blank rows among them
FILTERED = (f'<worksheet xmlns="{MAIN}"><sheetData/><autoFilter ref="A1:C2"><filterColumn colId="0">'
            f'<filters blank="1"><filter val="kept"/></filters></filterColumn></autoFilter></worksheet>').encode()


CHUNK = sheetxml._ROWS_PER_CHUNK


@pytest.mark.parametrize("n", [CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 1])
def test_rows_a_filter_hides_are_marked_in_every_batch_and_blank_rows_left_out(n):
    def row(i):
        if i % 5 == 4:
            return [None, None, None]  # shown by the filter (blanks), but makes no cell: no row
        return ["kept" if i % 3 else "gone", float(i) if i % 2 else None, dt.datetime(2026, 1, 1 + i % 28, i % 2)]
    rows = [row(i) for i in range(n)]
    sheet = schema.Sheet("Made",
                         (schema.C("a", "A"), schema.C("b", "B", schema.NUMBER), schema.C("c", "C", schema.DATETIME)),
                         computed=True)
    styles = Styles(EMPTY_STYLES)
    xml = b"".join(computed_sheet(FILTERED, sheet, rows, styles)).decode()
    data = xml[xml.index("<sheetData>"):xml.index("</sheetData>")]
    written = re.sub(r'^<sheetData><row r="1"[^>]*>.*?</row>', "", data)
    head = xml[:xml.index("<sheetData>")]
    bases = column_styles(head)
    columns = [sheetxml._Column(styles, bases.get(i, 0), schema.NUMBER_FORMATS.get(c.kind))
               for i, c in enumerate(sheet.columns, start=1)]
    expected = []
    for r, values in enumerate(rows, start=2):
        body = "".join(cell_xml("", f"{column_letter(k)}{r}", v,
                                col.dated(date_format(v)) if date_format(v) else col.style) or ""
                       for k, (v, col) in enumerate(zip(values, columns), start=1))
        if body:
            hidden = ' hidden="1"' if values[0] == "gone" else ""
            expected.append(f'<row r="{r}"{hidden}>{body}</row>')
    assert written == "".join(expected)


@pytest.mark.parametrize("seed", range(3))
def test_columns_of_distinct_floats_are_written_as_repr_writes_them(seed):
    """Floats that hardly repeat, written a run at a time (floattext), in every range of magnitudes."""
    pick = random.Random(seed)
    specials = [0.0, -0.0, 1e-3, 1e9, 999999999.9999999, 1e10, 1e16, 5e-324, float("nan"), float("inf"), None]

    def value(k: int):
        if k % 50 == 0:
            return pick.choice(specials)
        return pick.choice([-1, 1]) * pick.choice([pick.uniform(0, 100), float(pick.randint(0, 10**6)),
                                                   10 ** pick.uniform(-8, 20), round(pick.uniform(0, 100), 1)])

    rows = [[value(k), value(k + 1)] for k in range(2 * CHUNK + 300)]
    sheet = schema.Sheet("Made", (schema.C("a", "A", schema.NUMBER), schema.C("b", "B", schema.NUMBER)), computed=True)
    styles = Styles(EMPTY_STYLES)
    xml = b"".join(computed_sheet(SHEET, sheet, rows, styles)).decode()
    head, data = xml[:xml.index("<sheetData>")], xml[xml.index("<sheetData>"):xml.index("</sheetData>")]
    assert re.sub(r'^<sheetData><row r="1"[^>]*>.*?</row>', "", data) == _one_by_one(sheet, rows, styles, head)


# Whether a sheet's cells hold a formula, as one pattern over its sheetData states it: the package's
# byte searches must agree with it on every sheet.
_CELLS = re.compile(rb"<(?:\w+:)?sheetData\b.*?</(?:\w+:)?sheetData>", re.S)
_F = re.compile(rb"<(?:\w+:)?f[\s/>]")
_PIECES = [
    b'<c r="A1"><v>1</v></c>', b'<c r="A2"><f>SUM(B1)</f><v>3</v></c>', b'<c r="A3"><f t="shared" si="0"/></c>',
    b'<c r="A4" t="inlineStr"><is><r><rPr><rFont val="Arial"/><family val="2"/></rPr><t>x:f&gt; a:f y</t></r></is></c>',
    b'<c r="A5" t="inlineStr"><is><t>a:f>b<f</t></is></c>', b'<x:c r="A6"><x:f>1+1</x:f></x:c>',
    b'<c r="A7"><f\n>1</f></c>', b'<c r="A8"><fo/></c>', b"<row>", b"</row>",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=6), st.sampled_from([b"", b"x:"]),
       st.sampled_from([b"", b'<extLst><xm:f>Sheet1!A1</xm:f><xm:sqref>A1</xm:sqref></extLst>']),
       st.booleans())
def test_a_formula_in_the_cells_is_found_as_the_pattern_finds_it(pieces, prefix, tail, closed):
    from coachlog_xl.workbook.byhand import holds_formula

    data = b"".join(pieces)
    cells = b"<%ssheetData/>" % prefix if closed and not data else \
        b"<%ssheetData>%s</%ssheetData>" % (prefix, data, prefix)
    xml = b'<?xml version="1.0"?><worksheet xmlns:f="x"><dimension ref="A1"/>' + cells + tail + b"</worksheet>"
    found = _CELLS.search(xml)
    assert holds_formula(xml) == (found is not None and _F.search(found.group(0)) is not None)
