"""A table a person made over a computed sheet, with its Total Row switched on (Table Design > Total Row):
the refresh writes every row under the header anew, so the row under the data is the refresh's; it
switches the Total Row off, as Excel does keeping the columns' totals functions, and says so."""

from __future__ import annotations

import datetime as dt
import re
from xml.sax.saxutils import escape

from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from coachlog_xl import api, schema
from coachlog_xl.cli import main
from tests import fidelity_kit as kit


def _with_total_row(path) -> str:
    """A table FollowTable over Follow-up's two sessions and a Total Row under them (row 4: the label and a
    count, as Excel writes them); returns the table's part."""
    z = kit.Zip(path)
    part = z.sheet("Follow-up")
    heads = schema.FOLLOWUP.headers
    last = get_column_letter(len(heads))
    body, n = re.subn(r"<autoFilter\b[^>]*/>", "", z.text(part), count=1)  # (a table brings its own filter)
    assert n == 1
    total = ('<row r="4"><c r="A4" t="str"><v>Total</v></c><c r="B4"><f>SUBTOTAL(103,FollowTable[Rep])</f><v>2</v>'
             "</c></row>")
    body = body.replace("</sheetData>", total + "</sheetData>", 1)
    z.parts[part] = body.replace("</worksheet>",
                                 f'<tableParts count="1"><tablePart r:id="rIdTotals" xmlns:r="{kit.R}"/>'
                                                 "</tableParts></worksheet>", 1).encode("utf-8")
    columns = "".join(f'<tableColumn id="{i}" name="{escape(h, {chr(34): "&quot;"})}"'
                      + (' totalsRowLabel="Total"' if i == 1 else ' totalsRowFunction="count"' if i == 2 else "") + "/>"
                      for i, h in enumerate(heads, start=1))
    z.put("xl/tables/followTotals.xml",
          f'<table xmlns="{kit.MAIN}" id="90" name="FollowTable" displayName="FollowTable" '
          f'ref="A1:{last}4" totalsRowCount="1"><autoFilter ref="A1:{last}3"/><tableColumns count="{len(heads)}">'
          f"{columns}</tableColumns></table>", f"{kit.CT}.spreadsheetml.table+xml")
    z.rel(part, "rIdTotals", "table", "xl/tables/followTotals.xml")
    z.save(path)
    return "xl/tables/followTotals.xml"


def test_a_total_row_on_a_computed_sheets_table_is_switched_off_and_named(tmp_path):
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    api.refresh_file(path, as_of=dt.date(2026, 6, 1), backup=False)
    table = _with_total_row(path)
    out = CliRunner().invoke(main, ["refresh", str(path), "--as-of", "2026-06-02", "--no-backup", "--no-cache"])
    assert out.exit_code == 0, out.output
    said = " ".join(out.output.split())
    assert "the Total Row of the table Follow-up FollowTable is switched off" in said
    assert "=SUBTOTAL(109, FollowTable[Delta])" in said
    xml = kit.Zip(path).text(table)
    assert "totalsRowCount" not in xml and 'totalsRowFunction="count"' in xml  # kept for when it is on again
    ws = load_workbook(path)["Follow-up"]
    assert ws.tables["FollowTable"].ref == f"A1:{get_column_letter(len(schema.FOLLOWUP.headers))}3"
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["S-1", "S-2", None]
    again = CliRunner().invoke(main, ["refresh", str(path), "--as-of", "2026-06-03", "--no-backup", "--no-cache"])
    assert again.exit_code == 0 and "Total Row" not in again.output  # off: nothing more to say
