"""A CSV saved by Excel for Mac as "CSV (Macintosh)" (Mac Roman, lines ending in a bare CR) is read in Mac Roman, its
accented names and criteria as the user sees them in Excel; a one-byte file the import cannot tell is read as
Windows-1252, as before; the import names the one-byte encoding it read, either way."""

from __future__ import annotations

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export
from tests.import_kit import session_book
from tests.wbkit import records, run

_HEADER = "Call ID,Agent,Call date,Criterion,Score"
CRITERIA = [{"criterion_id": "ACC", "name": "Accueil personnalisé"}]
REPS = [{"rep": "Renée Côté"}]


def _encoding_notes(table) -> list[tuple[str, str]]:
    checks = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), table).checks
    said = checks[checks["code"] == Code.ENCODING_READ.value]
    return list(zip(said["value"], said["severity"]))


def test_a_mac_csv_with_bare_cr_line_ends_is_read_as_mac_roman(tmp_path):
    export = tmp_path / "mac.csv"
    lines = [_HEADER, "M1,Renée Côté,2026-03-03 10:00,Accueil personnalisé,80"]
    export.write_bytes(("\r".join(lines) + "\r").encode("mac_roman"))  # é is byte 8E, ô 99: cp1252's Ž and ™
    table = read_export(export)
    assert (table.data[1][0], table.data[3][0]) == ("Renée Côté", "Accueil personnalisé")
    assert _encoding_notes(table) == [("Mac Roman", "info")]


def test_bare_cr_line_ends_decide_where_no_accent_is_inside_a_word(tmp_path):
    # "José" and "Fabré" end in their é (byte 8E), so no byte stands between two letters: the bare CR decides
    export = tmp_path / "mac.csv"
    export.write_bytes((_HEADER + "\rM1,José Fabré,2026-03-03 10:00,ACK,80\r").encode("mac_roman"))
    assert read_export(export).data[1][0] == "José Fabré"


def test_mac_roman_letters_inside_words_decide_with_crlf_line_ends(tmp_path):
    # a Mac Roman file whose line ends were made CR LF on the way: Ren\x8ee reads é in Mac Roman, Ž in Windows-1252
    export = tmp_path / "mac.csv"
    export.write_bytes((_HEADER + "\r\nM1,Renée Côté,2026-03-03 10:00,ACK,80\r\n").encode("mac_roman"))
    assert read_export(export).data[1][0] == "Renée Côté"


def test_a_windows_1252_file_stays_windows_1252_and_the_import_names_it(tmp_path):
    export = tmp_path / "win.csv"
    text = (_HEADER + ",Comment\r\nW1,Renée Côté,2026-03-03 10:00,Accueil personnalisé,80,"
            "“fine” – don’t change 5 €\r\n")
    export.write_bytes(text.encode("cp1252"))
    table = read_export(export)
    assert (table.data[1][0], table.data[5][0]) == ("Renée Côté", "“fine” – don’t change 5 €")
    assert _encoding_notes(table) == [("Windows-1252", "info")]


def test_the_import_says_mac_roman_and_the_baseline_is_read_under_the_accented_names(tmp_path):
    book = session_book(tmp_path, "Greeting", (("GRT", "Greeting"), ("ACC", "Accueil personnalisé")))
    export = tmp_path / "mac.csv"
    lines = ["Call ID,Agent,Call date,Criterion,Score"] + [
        f"M{d},Ann Lee,2026-03-0{d} 10:00,Accueil personnalisé,{s}" for d, s in ((1, 70), (2, 90))] + [
        f"G{d},Ann Lee,2026-03-0{d} 10:00,Greeting,{s}" for d, s in ((1, 60), (2, 80))]
    export.write_bytes(("\r".join(lines) + "\r").encode("mac_roman"))
    done = run("import", book, export)
    out = " ".join(done.output.split())
    assert done.exit_code == 0, out
    assert "info: mac.csv: its text is not UTF-8 and was read as Mac Roman" in out
    assert "not on the Criteria sheet" not in out  # (Accueil personnalisé matched, not "personnalisŽ")
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    base = records(book, "Baseline")[0]
    # Greeting's two calls before 3/10: (60 + 80) / 2 = 70
    assert (base["Recomputed n"], base["Recomputed mean"]) == (2, 70.0)
