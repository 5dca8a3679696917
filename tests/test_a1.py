"""The A1 helpers give what openpyxl.utils gives, errors included, so that openpyxl need not be imported."""

import itertools
from string import ascii_letters

import pytest
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from coachlog_xl.workbook import a1


def _same(mine, theirs, *args):
    try:
        expected = theirs(*args)
    except Exception as exc:  # noqa: BLE001 - the same kind of error is expected
        with pytest.raises(type(exc)):
            mine(*args)
        return
    assert mine(*args) == expected


def test_column_letters_and_numbers_match_openpyxl_over_every_column():
    for n in range(-2, 18282):
        _same(a1.get_column_letter, get_column_letter, n)
    for n in range(1, 18279):
        assert a1.column_index_from_string(a1.get_column_letter(n)) == n


def test_column_names_match_openpyxl_for_every_one_to_four_letter_name_and_odd_text():
    names = ["".join(p) for k in (1, 2, 3) for p in itertools.product("ABYZ" + "az", repeat=k)]
    names += ["", "AAAA", "ZZZZ", "A1", "1", " A", "ß", "ßA", "ßßA", "ﬀ", "ı", "É", "$A", "a$"]
    names += list(ascii_letters)
    for name in names:
        _same(a1.column_index_from_string, column_index_from_string, name)


def test_range_bounds_match_openpyxl():
    refs = ["A1", "B2:D9", "$A$1:$C$3", "A:C", "2:5", "a1:b2", "XFD1048576", "ZZZ1", "AAAA1:AAAA2", "A1:", ":A1",
            "A:1", "1:A", "A1:B", "A", "1", "", "A0", "A1\n", "A1:B2:C3", "A1 ", "$$A1", "A$1:B$2", "Ａ1", "A١"]
    for ref in refs:
        _same(a1.range_boundaries, range_boundaries, ref)


def test_column_letters_of_any_length_read_and_write_past_zzz():
    # 26 one-letter columns, 26 x 26 two-letter ones, 26 ** 3 three-letter ones: ZZZ is 26 + 676 + 17576
    assert a1.column_number("XFD") == 24 * 676 + 6 * 26 + 4 == 16384  # Excel's last column
    assert a1.column_number("ZZZ") == 18278
    assert a1.column_number("AAAA") == 18279 and a1.column_letters(18279) == "AAAA"
    assert a1.column_number("AAAB") == 18280 and a1.column_letters(18280) == "AAAB"
    assert a1.column_number("ZZZZ") == 18278 + 26 ** 4 and a1.column_letters(18278 + 26 ** 4) == "ZZZZ"
    for n in [*range(1, 18279, 7), *range(18270, 20000)]:
        assert a1.column_number(a1.column_letters(n)) == n
    for n in range(1, 18279, 13):  # where openpyxl's reach, the same letters as it
        assert a1.column_letters(n) == get_column_letter(n)
    for bad in ["", "a", "A1", "É", "$A", " A"]:
        with pytest.raises(ValueError):
            a1.column_number(bad)
    with pytest.raises(ValueError):
        a1.column_letters(0)


def test_the_log_edits_keep_a_cell_past_zzz_and_write_their_own():
    from coachlog_xl.workbook import celledits, package
    from coachlog_xl.workbook.stylesxml import Styles

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>S1</t></is></c><c r="AAAA2"><f>1+1</f><v>2</v></c></row>'
    xml = f'<worksheet xmlns="{main}"><dimension ref="A1:AAAA2"/><sheetData>{row}</sheetData></worksheet>'.encode()
    edited = celledits.edit_cells(xml, [(2, 3, 64.5, "0.0")], Styles(package._EMPTY_STYLES)).decode()
    # C2 written between A2 and AAAA2 (column 18279), which stays as it was; the used range already reaches both
    assert '<dimension ref="A1:AAAA2"/>' in edited
    assert edited.index('r="A2"') < edited.index('<c r="C2" s="1"><v>64.5</v></c>') < edited.index(
        '<c r="AAAA2"><f>1+1</f><v>2</v></c>')
    assert celledits.formula_cells(xml) == {(2, 18279): "1+1"}
    assert celledits.grow_dimension('<dimension ref="B2:C3"/>', [(5, 18280)]) == '<dimension ref="B2:AAAB5"/>'
