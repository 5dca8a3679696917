"""A filter on numbers a person set on a computed sheet (Number Filters, as Excel saves it) is applied again
to the rows a refresh writes, as Excel's Reapply would; a filter that is not is named on the command line."""

import datetime as dt
import re

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api, schema
from coachlog_xl.cli import main
from tests import fidelity_kit as kit

AS_OF = dt.date(2026, 6, 1)
DELTA = 11  # Follow-up's Delta, column L (0-based 11)


def _filtered(path, conditions: str, hidden: tuple[int, ...] = (), undone: bool = False) -> None:
    """The base workbook (S-1 on Follow-up row 2, S-2 on row 3) refreshed, then Follow-up filtered on Delta
    as Excel writes a filter into the sheet's <autoFilter>, the rows ``hidden`` as it hid them; ``undone``:
    with S-3 on Log row 4, Ann Lee's session of 30 May, whose follow-up window holds no call (Delta blank)."""
    kit.base_workbook(path)
    if undone:
        wb = load_workbook(path)
        kit._type(wb["Log"], 4, schema.LOG, {
            "session_id": "S-3", "rep": "Ann Lee", "supervisor": "Lee Park", "session_date": dt.date(2026, 5, 30),
            "logged_at": dt.datetime(2026, 5, 30, 16), "criterion": kit.CRIT, "method": "role-play",
            "observation": "Rushed the close.", "target": "Summarise first.", "summary": "Practised closes.",
            "commitment": "Summarise."})
        wb.save(path)
    api.refresh_file(path, as_of=AS_OF, backup=False)
    z = kit.Zip(path)
    part = z.sheet("Follow-up")
    text = z.text(part)
    assert re.search(r'<autoFilter ref="[^"]+"\s*/>', text)
    z.put(part, re.sub(r'<autoFilter ref="([^"]+)"\s*/>',
                       rf'<autoFilter ref="\1"><filterColumn colId="{DELTA}">{conditions}</filterColumn></autoFilter>',
                       text))
    for r in hidden:
        z.put(part, z.text(part).replace(f'<row r="{r}"', f'<row r="{r}" hidden="1"', 1))
    z.save(path)


def _hidden(path) -> list[int]:
    z = kit.Zip(path)
    return [int(r) for r, attrs in re.findall(r'<row r="(\d+)"([^>]*)>', z.text(z.sheet("Follow-up")))
            if 'hidden="1"' in attrs]


# Deltas by hand: both reps' baselines are their last ten calls before the session, 647 / 10 = 64.7; Ann
# Lee's (S-1) ten follow-up calls 819 / 10 = 81.9 (Delta +17.2), Bo Chan's (S-2) 591 / 10 = 59.1 (Delta -5.6)
@pytest.mark.parametrize(("conditions", "hidden"), [
    ('<customFilters><customFilter operator="greaterThan" val="0"/></customFilters>', [3]),
    ('<customFilters and="1"><customFilter operator="greaterThanOrEqual" val="-10"/>'
     '<customFilter operator="lessThan" val="0"/></customFilters>', [2]),
    ('<customFilters><customFilter operator="lessThan" val="-100"/>'
     '<customFilter operator="greaterThan" val="10"/></customFilters>', [3]),
    ('<customFilters><customFilter operator="lessThanOrEqual" val="17"/></customFilters>', [2]),
])
def test_a_number_filter_on_a_computed_sheet_hides_the_new_rows_that_fail_it(tmp_path, conditions, hidden):
    path = tmp_path / "team.xlsx"
    _filtered(path, conditions)
    result = api.refresh_file(path, as_of=AS_OF, backup=False, cache=False)
    assert _hidden(path) == hidden
    assert result.unfiltered == {}
    assert f'<filterColumn colId="{DELTA}">' in kit.Zip(path).text(kit.Zip(path).sheet("Follow-up"))


def test_a_filter_not_applied_again_is_named_on_the_command_line(tmp_path):
    path = tmp_path / "team.xlsx"
    _filtered(path, '<top10 val="1"/>', hidden=(3,))  # the top one: S-1, S-2's row hidden
    out = CliRunner().invoke(main, ["refresh", str(path), "--as-of", AS_OF.isoformat(), "--no-cache"])
    assert out.exit_code == 0, out.output
    assert _hidden(path) == []
    assert "Follow-up: the filter on Delta is not applied" in out.output
    assert "all rows shown; reapply the filter in Excel" in out.output


def test_a_blank_cell_meets_only_does_not_equal_and_text_is_not_told():
    """A blank cell is not equal to the number, so it passes "does not equal" and fails the others.  Relied
    on: ECMA-376 names the operators only (customFilter's ``operator``), not how a blank compares;
    LibreOffice's filter (sc/source/core/data/queryevaluator.cxx, ``processEntry``) compares a cell by value
    only when it holds a number, so a blank cell meets greaterThan and lessThan never, and equal and
    notEqual compare it as text, its empty text against the number's: equal fails, notEqual passes;
    Excel's Number Filters > Does Not Equal likewise keeps the blank rows shown."""
    from coachlog_xl.workbook.filters import hidden_rows, unapplied_filters

    tail = ('<autoFilter ref="A1:B9"><filterColumn colId="1"><customFilters>'
            '<customFilter operator="notEqual" val="0"/></customFilters></filterColumn></autoFilter>')
    columns = [["a", "b", "c", "d"], [0, None, 2.5, -1]]
    assert hidden_rows(tail, columns) == {0}  # the blank (row 1) is not equal to 0: shown
    for kind, hidden in [("greaterThan", {0, 1, 3}), ("lessThan", {0, 1, 2}), ("equal", {1, 2, 3})]:
        one = tail.replace("notEqual", kind)
        assert hidden_rows(one, columns) == hidden, kind  # a blank fails each
    assert unapplied_filters(tail, columns) == []
    texts = [["a", "b"], [3, "n/a"]]  # a text under a number condition: Excel's to tell, every row shown
    assert hidden_rows(tail, texts) == set()
    assert unapplied_filters(tail, texts) == [1]


def test_a_delta_that_is_17_2_in_its_last_binary_digits_equals_17_2(tmp_path):
    # S-1's Delta by hand: 81.9 - 64.7 = 17.2, stored as the float 17.200000000000003; Excel compares at 15
    # significant digits, so "equals 17.2" shows S-1 (row 2) and hides S-2 (row 3, Delta -5.6)
    path = tmp_path / "team.xlsx"
    _filtered(path, '<customFilters><customFilter operator="equal" val="17.2"/></customFilters>', hidden=(2, 3))
    part = kit.Zip(path).text(kit.Zip(path).sheet("Follow-up"))
    assert re.search(r'<c r="L2"[^>]*><v>17.20000000000000[0-9]*</v>', part)
    result = api.refresh_file(path, as_of=AS_OF, backup=False, cache=False)
    assert _hidden(path) == [3]
    assert result.unfiltered == {}


def test_does_not_equal_shows_a_session_whose_delta_is_blank(tmp_path):
    # S-3 (30 May) has no follow-up call by 1 June: Delta blank, not equal to 0, so shown; S-1 and S-2
    # (+17.2, -5.6) are not 0 either: no row hidden
    path = tmp_path / "team.xlsx"
    _filtered(path, '<customFilters><customFilter operator="notEqual" val="0"/></customFilters>', undone=True)
    result = api.refresh_file(path, as_of=AS_OF, backup=False, cache=False)
    ws = load_workbook(path)["Follow-up"]
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["S-1", "S-2", "S-3"]
    assert ws.cell(4, DELTA + 1).value is None
    assert _hidden(path) == []
    assert result.unfiltered == {}
