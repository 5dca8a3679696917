"""A CSV that is not UTF-8 is read in the encoding its bytes give evidence of: Windows-1252 (the default, kept
for every Windows file with dashes, curly quotes, ™ or accented capitals), Mac Roman, Windows-1250 (a Polish
Excel's CSV) or Shift-JIS (a Japanese Excel's); where two readings stay plausible the import says so; a name
that looks garbled by a wrong encoding is never advised into Other names."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.workbook.csvtext import decode_named
from coachlog_xl.workbook.exports import read_export
from tests.session_kit import one_session_book
from tests.wbkit import records, run

_H = "Call ID,Agent,Call date,Criterion,Score,Comment\r\n"


@pytest.mark.parametrize("row", [
    "W1,José Fabre,2026-03-03 10:00,Greeting,80,Greeted—then verified account\r\n",  # Word's em dash, word--word
    "W1,Renée Lee,2026-03-03 10:00,Greeting,80,open Mon–Fri; e–mail sent, call–back booked\r\n",  # en dashes
    'W1,"JÄGER, Hans",2026-03-03 10:00,Begrüßung,80,ok\r\n',  # a surname in capitals, ü and ß
    "W1,BJØRN HANSEN,2026-03-03 10:00,Greeting,80,ok\r\n",
    "W1,Ana GUIMARÕES,2026-03-03 10:00,Greeting,80,ok\r\n",
    "W1,Ann Lee,2026-03-03 10:00,Acme™Care script,80,ok\r\n",
    "W1,Zoë Adams,2026-03-03 10:00,Greeting,80,agent said“hello”then paused\r\n",
])
def test_a_windows_1252_file_stays_windows_1252(row):
    text = _H + row
    assert decode_named(text.encode("cp1252"))[:3] == (text, 0, "Windows-1252")


def test_a_polish_excel_csv_is_read_as_windows_1250(tmp_path):
    # ż (BF) inside "tożsamości" is Windows-1252's ¿ and Mac Roman's ø; Ł (A3) starting "Łukasz" is 1252's £;
    # ó (F3) inside "Wróbel" is Mac Roman's Û: only Windows-1250 reads every one as a letter where it stands
    export = tmp_path / "pl.csv"
    lines = ["Call ID;Agent;Call date;Criterion;Score", "C1;Łukasz Wróbel;2026-03-03 10:00;Weryfikacja tożsamości;80",
             "C2;Zofia Żak;2026-03-04 10:00;Weryfikacja tożsamości;90"]
    export.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1250"))
    table = read_export(export)
    assert table.data[1].tolist() == ["Łukasz Wróbel", "Zofia Żak"]
    assert table.data[3].tolist() == ["Weryfikacja tożsamości"] * 2
    assert (table.encoding, table.encoding_doubt) == ("Windows-1250", "")


def test_a_japanese_excel_csv_is_read_as_shift_jis_and_windows_1252_accents_before_letters_are_not():
    text = "Call ID,Agent,Call date,Criterion,Score\r\nJ1,山田太郎,2026/02/01 10:00,共感,50\r\n"
    assert decode_named(text.encode("cp932"))[:3] == (text, 0, "Shift-JIS")
    # é (E9) then l, è (E8) then n: pairs Shift-JIS reads as two kanji, each glued to a Latin letter before it
    text = _H + "W1,Hélène Renée,2026-03-03 10:00,Greeting,80,ok\r\n"
    assert decode_named(text.encode("cp1252"))[:3] == (text, 0, "Windows-1252")


def test_where_two_readings_stay_plausible_the_note_names_both_and_the_one_used(tmp_path):
    # "Gdańsk" in Windows-1250 is "Gdañsk" in Windows-1252 (F1): ñ and ń both letters there, no other evidence
    export = tmp_path / "pl.csv"
    export.write_bytes((_H + "W1,Ann Lee,2026-03-03 10:00,Greeting,80,Gdańsk\r\n").encode("cp1250"))
    [note] = _notes(read_export(export))
    assert note == ('pl.csv: its text is not UTF-8 and was read as Windows-1252, as the file does not say its '
                    'encoding; it could also be Windows-1250 ("Gdañsk" would read "Gdańsk"), not used.')


def test_the_note_names_the_encoding_and_no_platform(tmp_path):
    export = tmp_path / "mac.csv"
    text = _H.replace("\r\n", "\r") + "M1,Renée Côté,2026-03-03 10:00,Greeting,80,ok\r"
    export.write_bytes(text.encode("mac_roman"))
    [note] = _notes(read_export(export))
    assert note == "mac.csv: its text is not UTF-8 and was read as Mac Roman, as the file does not say its encoding."


def _notes(table) -> list[str]:
    checks = preview(RawInputs.from_records(criteria=[{"criterion_id": "GRT", "name": "Greeting"}],
                                            reps=[{"rep": "Ann Lee"}]), table).checks
    return checks[checks["code"] == Code.ENCODING_READ.value]["problem"].tolist()


def test_a_garbled_name_is_not_advised_into_other_names_and_a_name_of_another_script_is():
    names = ["RenÃ©e Côté", "ŽR“c‘¾˜Y", "Zofia ¯ak", "RenŽe Côté", "JƒGER, Hans", "山田花子"]
    table = RawTable.from_rows("old.csv", ["Call ID", "Agent", "Call date", "Criterion", "Score"],
                               [[f"C{i}", name, "2026-03-03 10:00", "Greeting", 80] for i, name in enumerate(names)])
    inputs = RawInputs.from_records(criteria=[{"criterion_id": "GRT", "name": "Greeting"}],
                                    reps=[{"rep": "Renée Côté"}, {"rep": "Zofia Żak"}, {"rep": "JÄGER, Hans"},
                                          {"rep": "山田太郎"}])
    checks = preview(inputs, table).checks
    fixes = dict(checks[checks["code"] == Code.UNKNOWN_REP.value][["value", "fix"]].itertuples(index=False))
    assert sorted(fixes) == sorted(names)
    for name in names[:-1]:  # the garbled ones: the file's encoding named as the cause, no spelling to add
        assert fixes[name].startswith("Do not add this spelling to Other names") and "CSV UTF-8" in fixes[name]
    assert fixes["山田花子"].startswith("Add the rep to the Reps sheet")


def test_a_shift_jis_export_gives_the_baseline_of_its_calls(tmp_path):
    book = tmp_path / "team.xlsx"
    one_session_book(book, session_id="S-1", rep="山田太郎", session_date=dt.date(2026, 3, 10), criterion="Empathy")
    head = "Call ID,Agent,Call date,Metric,Score"
    january, february = tmp_path / "jan.csv", tmp_path / "feb.csv"
    january.write_bytes("\r\n".join([head] + [f"J{d:02d},山田太郎,2026/01/{d:02d} 10:00,Empathy,90"
                                              for d in range(1, 11)]).encode("utf-8"))
    february.write_bytes("\r\n".join([head] + [f"F{d:02d},山田太郎,2026/02/{d:02d} 10:00,Empathy,50"
                                               for d in range(1, 11)]).encode("cp932"))
    assert run("import", book, january).exit_code == 0
    done = run("import", book, february)
    assert done.exit_code == 0, done.output
    assert "read as Shift-JIS" in " ".join(done.output.split())
    assert run("refresh", book, "--as-of", "2026-03-12", "--no-backup").exit_code == 0
    log = records(book, "Log")[0]
    # the last 10 calls before 2026-03-10 are February's ten, each 50: mean (10 x 50) / 10 = 50
    assert (log["Baseline n"], log["Baseline mean"]) == (10, 50.0)
