"""Notes a person left on a computed sheet's rows: which of them now stand beside another subject."""

from __future__ import annotations

from coachlog_xl import schema
from coachlog_xl.workbook.notes import moved_notes, note_cells

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _comments(*refs: str, declaration: str = "") -> str:
    notes = "".join(f'<comment ref="{ref}" authorId="0"><text><t>Call him</t></text></comment>' for ref in refs)
    return f'{declaration}<comments xmlns="{NS}"><authors><author>Lee</author></authors><commentList>{notes}</commentList></comments>'


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
