"""A worksheet's rows are looked for and closed with the prefix of its root element, not of the first
``<...:worksheet`` in its text: a comment or processing instruction before the root may hold another."""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from xml.parsers import expat

import pytest
from openpyxl import load_workbook

from coachlog_xl.workbook import leadrows, unvalued
from coachlog_xl.workbook.parts import sheet_parts
from coachlog_xl.workbook.rootprefix import prefix_of, root_prefix, root_unread
from coachlog_xl.workbook.strays import typed_cells
from tests.wbkit import run, team_book

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# (what stands before the root, the root's own prefix): the first "<...:worksheet" is not the root's
PROLOGS = [
    ("<!--<foo:worksheet-->", ""),
    ("<!--<worksheet-->", "x:"),
    ("<?note <bar:worksheet?>", "x:"),
    ("<!--<9:worksheet-->", ""),
    ("<!--" + "<worksheet " * 10_000 + "-->", "x:"),  # (110 KB: longer than any first piece read)
]


def _sheet(prolog: str, p: str) -> tuple[bytes, bytes]:
    """A Scores sheet's XML whose rows 2 and 4 hold scores and row 3 a formula stored without its value
    (E3), its tags written with the prefix ``p``; and row 3 as written."""
    def row(r: int, score: str) -> str:
        return (f'<{p}row r="{r}"><{p}c r="A{r}" t="inlineStr"><{p}is><{p}t>C-{r}</{p}t></{p}is></{p}c>'
                f'<{p}c r="E{r}">{score}</{p}c></{p}row>')

    third = row(3, f"<{p}f>40+40</{p}f><{p}v></{p}v>")
    xmlns = f'xmlns:{p[:-1]}="{NS}"' if p else f'xmlns="{NS}"'
    xml = (DECLARATION + prolog + f"<{p}worksheet {xmlns}><{p}sheetData>" + row(2, f"<{p}v>80</{p}v>") + third
           + row(4, f"<{p}v>70</{p}v>") + f"</{p}sheetData></{p}worksheet>")
    return xml.encode(), third.encode()


@pytest.mark.parametrize(("prolog", "p"), PROLOGS)
@pytest.mark.parametrize("chunk", [1 << 20, 1024, 7])
def test_a_formula_without_its_value_is_found_below_another_worksheet_tag_before_the_root(prolog, p, chunk):
    # the only row kept is row 3, as written, however the sheet is cut into pieces as it is read
    xml, third = _sheet(prolog, p)
    holder = tempfile.SpooledTemporaryFile()
    with zipfile.ZipFile(holder, "w") as zf:
        zf.writestr("sheet.xml", xml)
    with zipfile.ZipFile(holder) as zf:
        assert unvalued.rows_holding(zf, "sheet.xml", chunk) == third
    fed = unvalued.Rows()
    for at in range(0, len(xml), chunk):
        fed.feed(xml[at:at + chunk])
    assert fed.end() == third


@pytest.mark.parametrize(("prolog", "p"), PROLOGS)
def test_the_prefix_is_the_roots_whole_or_cut(prolog, p):
    xml, _ = _sheet(prolog, p)
    assert prefix_of(xml) == root_prefix(xml) == prefix_of(xml.decode()) == p
    start = xml.index(f"<{p}worksheet ".encode())
    for end in (0, 1, len(DECLARATION) - 3, start - 2, start, start + 3, start + len(p) + 5):
        assert root_unread(xml[:end]) and root_prefix(xml[:end]) is None, end
    assert not root_unread(xml[:start + len(p) + 11])  # ("<x:worksheet " read)
    assert not root_unread(b"\xef\xbb\xbfjunk<worksheet>") and root_prefix(b"junk<worksheet>") is None
    assert root_unread(b"\xef") and root_unread(b"\xef\xbb") and root_unread(b"\xef\xbb\xbf  <?xml")


@pytest.mark.parametrize(("prolog", "root"), [
    ("<!--<9:worksheet-->", ""),
    ("<!--<worksheet-->", "x:"),  # (the root prefixed, its children in the default namespace, the same)
    ("<?note <bar:worksheet?>", "x:"),
])
def test_the_rows_of_text_at_the_top_are_read_from_a_sheet_closed_as_it_was_opened(tmp_path, prolog, root):
    # rows 1 and 2 text, row 3 a number: the small workbook of rows 1 .. 2 closes the root with its own
    # prefix, so that its sheet is XML (namespaces and all), and gives those rows
    xmlns = f'xmlns:x="{NS}" xmlns="{NS}"' if root else f'xmlns="{NS}"'
    xml = (f"{prolog}<{root}worksheet {xmlns}><sheetData>"
           '<row r="1"><c r="A1" t="inlineStr"><is><t>Call ID</t></is></c><c r="B1" '
           't="inlineStr"><is><t>Score</t></is></c></row>'
           '<row r="2"><c r="A2" t="inlineStr"><is><t>call_id</t></is></c><c r="B2" '
           't="inlineStr"><is><t>raw</t></is></c></row>'
           '<row r="3"><c r="A3" t="inlineStr"><is><t>C-1</t></is></c><c r="B3"><v>80</v></c></row>'
           f"</sheetData></{root}worksheet>").encode()
    path = tmp_path / "book.xlsx"
    assert run("new", path).exit_code == 0
    part = sheet_parts(path)["Scores"]
    _replace_part(path, part, xml)
    head = leadrows.scan(path, part)
    assert (head.text, head.rows) == (True, 2)
    small = leadrows.top(path, part, 2, 0)
    with zipfile.ZipFile(io.BytesIO(small)) as zf:
        sheet = zf.read(part)
    assert sheet.endswith(f"</sheetData></{root}worksheet>".encode())
    expat.ParserCreate(namespace_separator=" ").Parse(sheet, True)
    assert leadrows.values(path, "Scores", part, head) == [["Call ID", "Score"], ["call_id", "raw"]]


def _replace_part(path, part: str, xml: bytes) -> None:
    with zipfile.ZipFile(path) as zf:
        items = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            zf.writestr(info, xml if info.filename == part else data)


def _prefixed(xml: bytes, p: str) -> bytes:
    """The worksheet's XML with every element in the main namespace written with the prefix ``p``."""
    xml = xml.replace(f'xmlns="{NS}"'.encode(), f'xmlns:{p[:-1]}="{NS}"'.encode(), 1)
    return re.sub(rb"<(/?)(?![\w.-]+:)([A-Za-z][\w.-]*)", rb"<\1" + p.encode() + rb"\2", xml)


@pytest.mark.parametrize(("prolog", "p"), PROLOGS[:3])
def test_check_names_a_score_formula_without_its_value_below_another_worksheet_tag(tmp_path, prolog, p):
    # Scores rows 2-4, row 3's score a formula openpyxl wrote without its value: check names row 3
    path = tmp_path / "team.xlsx"
    wb = team_book(path, [("EMP", "Empathy")], ["Ann Lee"])
    ws = wb["Scores"]
    head = [c.value for c in ws[1]]
    for r, score in ((2, 80), (3, "=40+40"), (4, 70)):
        for key, value in {"Call ID": f"C-{r}", "Rep": "Ann Lee", "Call date": dt.datetime(2026, 3, r, 10),
                           "Criterion": "EMP", "Score": score}.items():
            ws.cell(row=r, column=head.index(key) + 1, value=value)
    wb.save(path)
    part = sheet_parts(path)["Scores"]
    with zipfile.ZipFile(path) as zf:
        xml = zf.read(part)
    xml = _prefixed(xml, p) if p else xml
    _replace_part(path, part, re.sub(rb"^(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or b"") + prolog.encode(), xml))
    assert load_workbook(path)["Scores"]["E3"].value == "=40+40"  # (the part still reads as a worksheet)
    result = run("check", path, "--as-of", "2026-06-30", "--no-cache")
    assert "Traceback" not in result.output
    assert "Scores row 3: Score holds the formula =40+40, which has no calculated value" in result.output


@pytest.mark.parametrize(("prolog", "p"), PROLOGS)
def test_cells_typed_on_a_computed_sheet_are_named_below_a_long_prolog(prolog, p):
    # the block a refresh writes: the headers in row 1, rows 2 and 3 led by column A; a note typed in
    # C4 under it, and one in E1 right of it, are the cells named, whatever stands before the root
    head = ("Session", "Rep", "Delta")
    xmlns = f'xmlns:{p[:-1]}="{NS}"' if p else f'xmlns="{NS}"'

    def sheet(rows: str, ref: str) -> bytes:
        return (DECLARATION + prolog + f'<{p}worksheet {xmlns}><{p}dimension ref="{ref}"/><{p}sheetData>{rows}'
                f"</{p}sheetData></{p}worksheet>").encode()

    def cell(ref: str, text: str | None = None) -> str:
        if text is None:
            return f'<{p}c r="{ref}"><{p}v>1</{p}v></{p}c>'
        return f'<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t>{text}</{p}t></{p}is></{p}c>'

    top = "".join(cell(f"{c}1", h) for c, h in zip("ABC", head))
    body = f'<{p}row r="2">{cell("A2")}{cell("C2")}</{p}row><{p}row r="3">{cell("A3")}</{p}row>'
    assert typed_cells(sheet(f'<{p}row r="1">{top}</{p}row>{body}', "A1:C3"), head) == []
    assert typed_cells(sheet(f'<{p}row r="1">{top}</{p}row>{body}<{p}row r="4">{cell("C4")}</{p}row>', "A1:C4"),
                       head) == ["C4"]
    assert typed_cells(sheet(f'<{p}row r="1">{top}{cell("E1", "note")}</{p}row>{body}', "A1:E3"), head) == ["E1"]


def test_a_prolog_that_never_ends_is_not_held_whole_while_the_sheet_is_read():
    # a comment opened before the root and never closed: the root is never read whole, and the rows
    # after it are looked for unprefixed once ROOT_WAIT bytes are read, the rest not kept in memory
    row = (b'<row r="3"><c r="A3" t="inlineStr"><is><t>C-3</t></is></c>'
           b'<c r="E3"><f>40+40</f><v></v></c></row>')
    plain = b'<row r="2"><c r="E2"><v>80</v></c></row>'
    xml = b"<!-- " + plain * (2 * unvalued.ROOT_WAIT // len(plain)) + row + plain * 10
    fed, most, piece = unvalued.Rows(), 0, 1 << 16
    for at in range(0, len(xml), piece):
        fed.feed(xml[at:at + piece])
        most = max(most, len(fed._tail))
    assert most < unvalued.ROOT_WAIT + piece
    assert fed.end() == row
