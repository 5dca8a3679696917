"""Notes a person left on a computed sheet's rows: which of them now stand beside another subject."""

from __future__ import annotations

from coachlog_xl import schema
from coachlog_xl.workbook.notes import moved_links, moved_notes, note_cells

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _comments(*refs: str, declaration: str = "") -> str:
    notes = "".join(f'<comment ref="{ref}" authorId="0"><text><t>Call him</t></text></comment>' for ref in refs)
    return (f'{declaration}<comments '
            f'xmlns="{NS}"><authors><author>Lee</author></authors><commentList>{notes}</commentList></comments>')


def _sheet(*rows: str) -> bytes:
    return f'<worksheet xmlns="{NS}"><sheetData>{"".join(rows)}</sheetData></worksheet>'.encode()


def _row(r: int | None, session: str) -> str:
    at = f' r="{r}"' if r is not None else ""
    return f'<row{at}><c t="inlineStr"><is><t>{session}</t></is></c><c t="inlineStr"><is><t>Ann Lee</t></is></c></row>'


def _new(*sessions: str) -> list[list]:
    return [[s] + [None] * (len(schema.FOLLOWUP.columns) - 1) for s in sessions]


def test_a_session_id_of_digits_with_leading_zeros_on_the_same_row_is_not_named():
    # '0001' typed as text: written as the text '0001', and the same session still on the row
    xml = _sheet(_row(1, "Session ID"), _row(2, "0001"), _row(3, "S-2"))
    comments = [_comments("E2", "E3").encode("utf-8")]
    assert moved_notes(xml, schema.FOLLOWUP, _new("0001", "S-2"), comments) == []
    assert moved_notes(xml, schema.FOLLOWUP, _new("0000", "0001", "S-2"), comments) == ["E2", "E3"]


def test_a_comments_part_in_utf16_or_another_encoding_is_read_not_refused():
    utf16 = _comments("E2", "B3", declaration='<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16")
    latin = _comments("E2", declaration='<?xml version="1.0" encoding="windows-1252"?>').replace(
        "Lee", "Jos\u00e9").encode("cp1252")
    assert note_cells([utf16, latin]) == [(2, 5), (3, 2)]


def test_rows_without_their_r_attribute_are_counted_and_many_notes_found_in_one_pass():
    # the rows follow one another without r (ECMA-376); a note on each of 300 rows, one of them moved
    sessions = [f"S-{i}" for i in range(300)]
    xml = _sheet(_row(None, "Session ID"), *(_row(None, s) for s in sessions))
    comments = [_comments(*(f"E{i + 2}" for i in range(300))).encode("utf-8")]
    assert moved_notes(xml, schema.FOLLOWUP, _new(*sessions), comments) == []
    now = sessions[:]
    now[150] = "S-new"
    assert moved_notes(xml, schema.FOLLOWUP, _new(*now), comments) == ["E152"]


def test_shared_strings_of_many_rows_are_read_together_and_one_past_the_part_is_no_subject(monkeypatch):
    # as Excel saves the sheet: each session id a shared string; the part is read for all notes at once
    from coachlog_xl.workbook import notes, strays

    sst = f'<sst xmlns="{NS}">' + "".join(f"<si><t>S-{i}</t></si>" for i in range(200)) + "</sst>"
    rows = [f'<row r="{r}"><c r="A{r}" t="s"><v>{r - 2}</v></c></row>' for r in range(2, 202)]
    rows.append('<row r="202"><c r="A202" t="s"><v>999</v></c></row>')  # no such shared string
    xml = _sheet('<row r="1"/>', *rows)
    comments = [_comments(*(f"E{r}" for r in range(2, 203))).encode("utf-8")]
    calls = []
    monkeypatch.setattr(notes, "shared_texts", lambda *a: calls.append(a) or strays.shared_texts(*a))
    now = [f"S-{i}" for i in range(200)]
    now[7] = "S-new"
    assert moved_notes(xml, schema.FOLLOWUP, _new(*now, "S-last"), comments, lambda: sst.encode()) == ["E9"]
    assert len(calls) == 1


def test_links_whose_rows_now_hold_another_session_are_named_by_their_reference():
    # links on S-1's row (A2), on S-2's and S-3's (a range B3:B4) and on the header; a session dated
    # earlier than S-2 added: S-1 stays on row 2, S-0 takes row 3, S-2 row 4, S-3 row 5
    links = ('<hyperlinks><hyperlink ref="A1" location="Log!A1"/><hyperlink ref="A2" r:id="rId7"/>'
             '<hyperlink ref="B3:B4" r:id="rId8" display="doc"/></hyperlinks>')
    xml = (f'<worksheet xmlns="{NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
           f'<sheetData>{_row(1, "Session ID")}{_row(2, "S-1")}{_row(3, "S-2")}{_row(4, "S-3")}</sheetData>'
           f"{links}</worksheet>").encode()
    assert moved_links(xml, schema.FOLLOWUP, _new("S-1", "S-2", "S-3")) == []
    assert moved_links(xml, schema.FOLLOWUP, _new("S-1", "S-0", "S-2", "S-3")) == ["B3:B4"]
    assert moved_links(xml, schema.FOLLOWUP, _new("S-0", "S-1", "S-2", "S-3")) == ["A2", "B3:B4"]
    assert moved_links(_sheet(_row(1, "Session ID"), _row(2, "S-1")), schema.FOLLOWUP, _new("S-0")) == []


def test_a_link_left_on_a_computed_row_that_now_holds_another_session_is_named_and_kept(tmp_path):
    # Insert > Link on Follow-up A3 (S-2's row) to the team's coaching document; a session dated earlier
    # than both moves S-2 to row 4, and the link, which stays on its cell, now stands beside S-1
    import datetime as dt

    from click.testing import CliRunner
    from openpyxl import load_workbook

    from coachlog_xl import api
    from coachlog_xl.cli import main
    from tests import fidelity_kit as kit

    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    api.refresh_file(path, as_of=dt.date(2026, 6, 1), backup=False)
    wb = load_workbook(path)
    assert [wb["Follow-up"].cell(r, 1).value for r in (2, 3)] == ["S-1", "S-2"]
    wb["Follow-up"]["A3"].hyperlink = "https://docs.example.com/coaching/S-2"
    wb.save(path)
    assert api.refresh_file(path, as_of=dt.date(2026, 6, 2), backup=False, cache=False).links == {}
    wb = load_workbook(path)
    kit._type(wb["Log"], 4, schema.LOG, {"session_id": "S-0", "rep": "Bo Chan", "supervisor": "Lee Park",
                                         "session_date": dt.date(2026, 2, 25), "criterion": kit.CRIT})
    wb.save(path)
    out = CliRunner().invoke(main, ["refresh", str(path), "--as-of", "2026-06-03", "--no-backup", "--no-cache"])
    assert out.exit_code == 0, out.output
    assert "the links on Follow-up A3 now stand beside another session" in " ".join(out.output.split())
    ws = load_workbook(path)["Follow-up"]
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["S-0", "S-1", "S-2"]
    assert ws["A3"].hyperlink.target == "https://docs.example.com/coaching/S-2"  # the person's: kept on its cell
