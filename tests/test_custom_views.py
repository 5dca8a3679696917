"""Custom views (View > Custom Views) on a computed sheet: each view may hold a filter of its own, which
Excel applies only when that view is shown.  A refresh applies the sheet's own filter to the rows it
writes, never a view's, and keeps each view as the person saved it.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from coachlog_xl import api, schema
from coachlog_xl.workbook.restyled import hidden_by_hand
from tests import fidelity_kit as kit

FIRST, SECOND = dt.date(2026, 6, 1), dt.date(2026, 6, 2)
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REP = schema.FOLLOWUP.keys.index("rep")  # (0-based: the filter's colId)
# a view showing Ann Lee's sessions only, sorted by Rep, as Excel saves it in the sheet
VIEW = ('<customSheetViews><customSheetView guid="{6F1A2B3C-4D5E-4F60-8172-93A4B5C6D7E8}" filter="1" '
        'showAutoFilter="1"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/><autoFilter ref="A1:{last}3">'
        f'<filterColumn colId="{REP}"><filters><filter val="Ann Lee"/></filters></filterColumn>'
        '<sortState ref="A2:{last}3"><sortCondition ref="B2:B3"/></sortState></autoFilter>'
        "</customSheetView></customSheetViews>")


def _with_view(path, keep_own_filter: bool) -> str:
    """The view saved on Follow-up of the refreshed workbook at ``path`` (the sheet's own filter
    switched off unless ``keep_own_filter``); returns the view's XML."""
    z = kit.Zip(path)
    part = z.sheet("Follow-up")
    view = VIEW.replace("{last}", get_column_letter(len(schema.FOLLOWUP.columns)))
    # (where the schema puts the views: after the sheet's own filter, ECMA-376 18.3.1.99)
    own = re.search(r"<autoFilter\b[^>]*/>", z.text(part)).group(0)
    z.parts[part] = z.text(part).replace(own, (own if keep_own_filter else "") + view, 1).encode("utf-8")
    z.save(path)
    return view


def _hidden_rows(path) -> list[int]:
    ws = load_workbook(path)["Follow-up"]
    return [r for r in range(2, ws.max_row + 1) if ws.row_dimensions[r].hidden]


def _followup_xml(path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(kit.Zip(path).sheet("Follow-up")).decode("utf-8")


def test_a_custom_views_filter_hides_no_row_of_a_sheet_whose_own_filter_is_off(tmp_path):
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    api.refresh_file(path, as_of=FIRST, backup=False)
    view = _with_view(path, keep_own_filter=False)
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    rows = {r[0]: r[REP] for r in load_workbook(path)["Follow-up"].iter_rows(min_row=2, values_only=True)}
    assert rows == {"S-1": "Ann Lee", "S-2": "Bo Chan"}
    assert _hidden_rows(path) == []  # Bo Chan's session stays in sight
    assert view in _followup_xml(path)  # the view, its filter and its sort as saved


def test_beside_the_sheets_own_filter_a_custom_view_is_kept_as_saved(tmp_path):
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    api.refresh_file(path, as_of=FIRST, backup=False)
    z = kit.Zip(path)
    log = z.sheet("Log")  # a third session: the sheet's own filter grows to row 4, the view's stays
    row = ('<row r="4"><c r="A4" t="inlineStr"><is><t>S-3</t></is></c><c r="B4" t="inlineStr"><is><t>Bo Chan</t></is>'
           '</c><c r="E4"><v>46086</v></c><c r="O4" t="inlineStr"><is><t>' + kit.CRIT + "</t></is></c></row>")
    z.parts[log] = z.text(log).replace("</sheetData>", row + "</sheetData>", 1).encode("utf-8")
    z.save(path)
    view = _with_view(path, keep_own_filter=True)
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    xml = _followup_xml(path)
    last = get_column_letter(len(schema.FOLLOWUP.columns))
    assert view in xml
    assert re.search(rf'<autoFilter ref="A1:{last}4"\s*/>', xml)  # the sheet's own, over the three sessions
    assert _hidden_rows(path) == []


def test_rows_hidden_by_hand_are_named_though_a_custom_view_filters():
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"/><row r="3" hidden="1"/>'
    view = VIEW.replace("{last}", "C")
    sheet = f'<worksheet xmlns="{NS}"><sheetData>{rows}</sheetData>{view}</worksheet>'
    assert hidden_by_hand(sheet.encode()) == ["3:3"]
