"""Text holding what OOXML writes escaped (a control character, ``_x0041_`` typed as text) comes out of a
refresh as it went in: Excel's view of every cell is the text typed, read here by python-calamine (which reads
the escapes as Excel does), and the XML holds Excel's own escapes."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from coachlog_xl.workbook.sheetxml import inline_string
from coachlog_xl.workbook.xmltext import xstring, xstring_read
from tests.wbkit import records, run, team_book, type_log_rows

# Each text, then the XML Excel writes for it (ECMA-376's ST_Xstring: "_" of an escape-like run as _x005F_,
# a character XML cannot hold as _xHHHH_), worked out by hand.
CASES = [
    ("_x0041_na", "_x005F_x0041_na"),
    ("_x005F_x0041_", "_x005F_x005F_x005F_x0041_"),  # two escape-like runs sharing an underscore: both
    ("_x0041\x01", "_x005F_x0041_x0001_"),  # the control character's escape makes the run before escape-like
    ("bell\x07 and\x1f", "bell_x0007_ and_x001F_"),
    ("_x00 and x0041_ and _xZZZZ_", "_x00 and x0041_ and _xZZZZ_"),  # nothing escape-like
    ("_x0041_x\t\n", "_x005F_x0041_x\t\n"),
]


@pytest.mark.parametrize(("text", "xml"), CASES)
def test_text_is_written_as_excel_writes_it_and_read_back(text, xml):
    assert xstring(text) == xml
    assert xstring_read(xml) == text


def test_a_real_reader_reads_each_inline_string_as_the_text_given(tmp_path):
    # the cells as the refresh writes them, in a workbook of one sheet, read by python-calamine
    path = tmp_path / "cells.xlsx"
    # (28,000 characters shown, 56,000 written: a cell's limit counts what it shows, so none is cut)
    texts = [t for t, _ in CASES] + ["_x0041_" * 4000, "x\r\ny", "  spaced  "]
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr">{inline_string("", t)}</c></row>'
                   for i, t in enumerate(texts, start=1))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                   'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/'
                   'xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
                   '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                   f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
                   'Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet xmlns="{main}"><sheetData>{rows}'
                   '</sheetData></worksheet>')
    got = [r[0] for r in CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()]
    assert got[:len(CASES) + 1] == [t for t, _ in CASES] + ["_x0041_" * 4000]
    assert got[len(CASES) + 1:] == ["x\r\ny", "  spaced  "]


REP = "_x0041_na Lima"  # as Excel shows it; openpyxl stores a text as it is given, so it is given Excel's XML
CRITERION = "Ack_x0020_it"
SESSION = "S-1\x07"


def _book(path):
    wb = team_book(path, [("ACK", xstring(CRITERION))], [xstring(REP)])
    for i in range(20):  # ten calls before the session (2026-03-11), ten after
        day = dt.datetime(2026, 3, 1, 10) + dt.timedelta(days=i if i < 10 else i + 1)
        wb["Scores"].append([f"C{i:02d}", xstring(REP), day, xstring(CRITERION), 60 if i < 10 else 90])
    type_log_rows(wb, [{"Session ID": xstring(SESSION), "Rep": xstring(REP), "Targeted criterion": xstring(CRITERION),
                        "Session date": dt.date(2026, 3, 11)}])
    wb.save(path)


def test_escaped_text_is_matched_and_written_back_as_typed(tmp_path):
    path = tmp_path / "team.xlsx"
    _book(path)
    assert run("refresh", path, "--as-of", "2026-04-30", "-q").exit_code == 0
    sheets = CalamineWorkbook.from_path(path)
    follow = sheets.get_sheet_by_name("Follow-up").to_python()
    row = dict(zip(follow[0], follow[1]))
    assert (row["Session ID"], row["Rep"]) == (SESSION, REP)
    assert CRITERION in row["Criterion"]  # (written as the Criteria sheet names it)
    # every call read on the rep and criterion as typed: ten before, ten after, 60 then 90
    assert (row["Baseline n"], row["Baseline mean"], row["Follow-up n"], row["Follow-up mean"]) == (10, 60, 10, 90)
    assert not [c for c in records(path, "Checks") if c["Code"] in ("unknown-rep", "unknown-criterion",
                                                                     "log-unknown-rep", "typed-on-computed-sheet")]
    baseline = sheets.get_sheet_by_name("Baseline").to_python()
    assert {r[baseline[0].index("Rep")] for r in baseline[1:] if any(r)} == {REP}
    with zipfile.ZipFile(path) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert b"_x005F_x0041_na Lima" in xml and b"S-1_x0007_" in xml
    # a second refresh reads its own cells as it wrote them: nothing typed on the computed sheets, nothing changed
    before = path.read_bytes()
    out = run("refresh", path, "--as-of", "2026-04-30", "-q")
    assert out.exit_code == 0 and "typed" not in out.output
    assert path.read_bytes() == before


def test_a_checks_message_quoting_a_cell_as_long_as_a_cell_holds_keeps_its_words(tmp_path):
    # a targeted criterion of 32,767 characters (a paste gone wrong): its message quotes the start of it and says
    # what is wrong and what to do, in the sheet as on the command line; the Value column holds its first 197
    path = tmp_path / "team.xlsx"
    _book(path)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": xstring(REP), "Targeted criterion": "C" * 32_767,
                        "Session date": dt.date(2026, 3, 11)}])
    wb.save(path)
    out = run("refresh", path, "--as-of", "2026-04-30", "-q")
    assert out.exit_code == 0, out.output
    row = next(c for c in records(path, "Checks") if c["Code"] == "unknown-criterion")
    assert row["Problem"] == 'Log row 2 (S-1): criterion "' + "C" * 60 + '\u2026" is not on the Criteria sheet; ' \
                             "pick one from the list or add it there."
    assert row["Value"] == "C" * 197 + "..."
