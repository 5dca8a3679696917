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
