"""A dot followed by three digits in a decimal-comma export (``1.250`` out of ``2000``, ``1.500,5``): a thousands
separator where the column writes decimal commas, named with both readings where nothing tells and the maximum
fits both, a decimal point where only it fits the maximum.  Imported and refreshed through the command line;
expected values worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code
from coachlog_xl.workbook.csvtext import fields
from tests.wbkit import records, run, team_book, type_log_rows

HEADER = "Call Id;Agent;Call date;Metric;Score;Max score"


def _refreshed(tmp_path, lines: list[str], header: str = HEADER):
    """A semicolon, Windows-1252 export of calls before the session of 2026-03-10, imported and refreshed."""
    book, export = tmp_path / "team.xlsx", tmp_path / "punkte.csv"
    wb = team_book(book, [("EMP", "Empathy")], ["Dana Cruz"])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Dana Cruz", "Session date": dt.date(2026, 3, 10),
                        "Targeted criterion": "Empathy"}])
    wb.save(book)
    export.write_bytes("".join(f"{line}\r\n" for line in [header, *lines]).encode("cp1252"))
    imported = run("import", book, export)
    assert run("refresh", book, "--as-of", "2026-03-20").exit_code == 0
    return imported, book


def test_dots_group_thousands_in_a_column_that_writes_a_decimal_comma(tmp_path):
    imported, book = _refreshed(tmp_path, ["D1;Dana Cruz;02.03.2026;Empathy;1.250;2000",
                                           "D2;Dana Cruz;03.03.2026;Empathy;1.500,5;2000",
                                           "D3;Dana Cruz;04.03.2026;Empathy;750;2000",
                                           "D4;Dana Cruz;05.03.2026;Empathy;1.000;2.000"])
    # 1.500,5 proves the decimal comma: D1 1250/2000 = 62.5, D2 1500.5/2000 = 75.025, D3 750/2000 = 37.5,
    # D4 1000/2000 = 50 (the maximum column telling nothing, it is read as its score column writes):
    # mean 225.025 / 4 = 56.25625 (not 0.0625 for D1, nor D2 unreadable)
    assert imported.exit_code == 0, imported.output
    row = records(book, "Follow-up")[0]
    assert row["Baseline n"] == 4 and row["Baseline mean"] == pytest.approx(56.25625)
    assert [r["Code"] for r in records(book, "Checks") if r["Severity"] == "error"] == []
    # the cells keep what the export wrote
    assert [(r["Score"], r["Max score"]) for r in records(book, "Scores punkte")] == [
        ("1.250", 2000), ("1.500,5", 2000), (750, 2000), ("1.000", "2.000")]


def test_a_dot_nothing_tells_is_named_with_both_readings_where_the_maximum_fits_both(tmp_path):
    imported, book = _refreshed(tmp_path, ["D1;Dana Cruz;02.03.2026;Empathy;1.250;2000",
                                           "D2;Dana Cruz;03.03.2026;Empathy;1.500;5",
                                           "D3;Dana Cruz;04.03.2026;Empathy;750;2000"])
    # no decimal comma nor point elsewhere: D1 could be 1250 or 1.25 of 2000 (both fit): left out and named;
    # D2 1500 is over its maximum 5, so 1.5 / 5 = 30; D3 750 / 2000 = 37.5: n 2, mean 33.75
    assert imported.exit_code == 1 and "could be 1250" in imported.output
    row = records(book, "Follow-up")[0]
    assert (row["Baseline n"], row["Baseline mean"]) == (2, 33.75)
    checks = records(book, "Checks")
    [named] = [r for r in checks if r["Code"] == Code.UNREADABLE_SCORE.value]
    assert (named["Sheet"], named["Row"], named["Value"]) == ("Scores punkte", 2, "1.250")
    assert "could be 1250" in named["Problem"] and "62.5 %" in named["Problem"]
    assert "or 1.25 (a decimal point: 0.06 %)" in named["Problem"]
    # the fix offers two ways to type it that read one way each (1,250 would read two ways again)
    assert "Type the score as 1250 or as 1.25," in named["How to fix"]
    # D1 is before the session: the baseline waits for it
    assert Code.BASELINE_HELD.value in [r["Code"] for r in checks]


def test_a_column_writing_a_decimal_point_reads_its_dots_as_before(tmp_path):
    imported, book = _refreshed(tmp_path,
                                ["D1;Dana Cruz;02.03.2026;Empathy;87.125", "D2;Dana Cruz;03.03.2026;Empathy;92.5"],
                                header="Call Id;Agent;Call date;Metric;Score")
    # 92.5 proves the decimal point: (87.125 + 92.5) / 2 = 89.8125, both written as numbers
    assert imported.exit_code == 0, imported.output
    assert records(book, "Follow-up")[0]["Baseline mean"] == pytest.approx(89.8125)
    assert [r["Score"] for r in records(book, "Scores punkte")] == [87.125, 92.5]


def test_a_csv_keeps_a_dotted_number_as_text_only_where_its_column_writes_no_decimal_point():
    assert fields("a;b;c\n1.250;1.250;1.000.000\n7;87.5;3\n", ";") == [
        ["a", "b", "c"], ["1.250", 1.25, "1.000.000"], [7, 87.5, 3]]
    assert fields("a,b\n1.250,7\n", ",") == [["a", "b"], [1.25, 7]]  # a comma-separated file writes points


@pytest.mark.parametrize(("texts", "comma"), [
    (["1.250"], None), (["1.250", "4,5"], True), (["1.500,5"], True), (["1.000.000"], True),
    (["1.250", "87.5"], False), (["87,125", "1.250"], None),
])
def test_column_decimal_comma_reads_dots_grouping_thousands(texts, comma):
    assert coerce.column_decimal_comma(texts) is comma


@pytest.mark.parametrize(("text", "comma", "value"), [
    ("1.250", True, 1250.0), ("1.500,5", True, 1500.5), ("1.000.000", True, 1e6), ("-1.250", True, -1250.0),
    ("1.250", False, 1.25), ("1.250", None, 1.25), ("0.875", True, 0.875),
])
def test_number_reads_a_thousands_dot_where_the_column_writes_decimal_commas(text, comma, value):
    assert coerce.number(text, comma) == value


def test_a_column_of_dotted_texts_alone_is_named_with_both_readings(tmp_path):
    # every score a dotted text (pandas 3 keeps such a column as strings, not objects): nothing tells the separator
    # and 2000 fits both readings, so each is left out and named: 1250 of 2000 = 62.5 % or 1.25 of 2000 = 0.0625 %,
    # 1300 of 2000 = 65 % or 0.065 %; never a baseline of (0.0625 + 0.065) / 2 recorded
    imported, book = _refreshed(tmp_path, ["D1;Dana Cruz;02.03.2026;Empathy;1.250;2000",
                                           "D2;Dana Cruz;03.03.2026;Empathy;1.300;2000"])
    assert imported.exit_code == 1
    checks = records(book, "Checks")
    named = [(r["Row"], r["Value"]) for r in checks if r["Code"] == Code.UNREADABLE_SCORE.value]
    assert named == [(2, "1.250"), (3, "1.300")]
    assert Code.BASELINE_HELD.value in [r["Code"] for r in checks]
    assert records(book, "Follow-up")[0]["Baseline n"] in (0, None)
    assert records(book, "Log")[0]["Baseline mean"] is None


def test_a_maximum_written_with_a_thousands_dot_is_read_as_the_points_beside_it_allow(tmp_path):
    imported, book = _refreshed(tmp_path, ["D1;Dana Cruz;02.03.2026;Empathy;1.250;2.000",
                                           "D2;Dana Cruz;03.03.2026;Empathy;750;2.000",
                                           "D3;Dana Cruz;04.03.2026;Empathy;1;2.000"])
    # D1: 1.25 of 2 = 1250 of 2000 = 62.5 either way; D2: 750 points cannot be of a maximum of 2, so 2.000 is 2000:
    # 750 / 2000 = 37.5 (not 750 / 2 = 37500); D3: the same 2.000 in the same column, proved 2000 by D2: 1 / 2000 =
    # 0.05. n 3, mean (62.5 + 37.5 + 0.05) / 3 = 33.35
    row = records(book, "Follow-up")[0]
    assert row["Baseline n"] == 3 and row["Baseline mean"] == pytest.approx(33.35)
    assert Code.UNREADABLE_SCORE.value not in [r["Code"] for r in records(book, "Checks")]


def test_a_maximum_proved_in_its_column_leaves_another_text_named_with_both_readings(tmp_path):
    # D1 750 beside 2.000 proves that text 2000 (37.5); D2's 5.000 is another text: 3 of 5 (60 %) or of 5000
    # (0.06 %), and nothing proves it: named with both readings, not counted: n 1, mean 37.5
    imported, book = _refreshed(tmp_path, ["D1;Dana Cruz;03.03.2026;Empathy;750;2.000",
                                           "D2;Dana Cruz;04.03.2026;Empathy;3;5.000"])
    assert imported.exit_code == 1
    row = records(book, "Follow-up")[0]
    assert (row["Baseline n"], row["Baseline mean"]) == (1, 37.5)
    checks = records(book, "Checks")
    [said] = [r for r in checks if r["Code"] == Code.UNREADABLE_SCORE.value]
    assert said["Row"] == 3 and "could be 5000" in said["Problem"] and "or 5 (a decimal separator: 60 %)" in said[
        "Problem"]
    assert "Type the maximum as 5000 or as 5," in said["How to fix"]


def test_a_maximum_with_three_decimals_beside_whole_points_is_read_with_a_decimal_point(tmp_path):
    # 4, 3, 5 beside 5.000: none above 5; read 5000, they would be 0.08, 0.06 and 0.1 % (all below 1 %), so the
    # dot is a decimal point: 4/5 = 80, 3/5 = 60, 5/5 = 100: n 3, mean (80 + 60 + 100) / 3 = 80
    imported, book = _refreshed(tmp_path, ["D1;Dana Cruz;02.03.2026;Empathy;4;5.000",
                                           "D2;Dana Cruz;03.03.2026;Empathy;3;5.000",
                                           "D3;Dana Cruz;04.03.2026;Empathy;5;5.000"])
    assert imported.exit_code == 0, imported.output
    row = records(book, "Follow-up")[0]
    assert (row["Baseline n"], row["Baseline mean"]) == (3, 80)
    assert Code.UNREADABLE_SCORE.value not in [r["Code"] for r in records(book, "Checks")]


@pytest.mark.parametrize("maximum", ["2,000", "'2,000"])
def test_a_maximum_written_with_a_comma_and_three_digits_reads_as_the_points_beside_it_allow(tmp_path, maximum):
    # no other value tells the separator: 2,000 could be 2 or 2000, as 2.000 could. D1 750 is above 2, so 2000:
    # 750 / 2000 = 37.5 (not 750 / 2 = 37500); alone, 1 beside 2,000 is 1 of 2 = 50 (1 of 2000 would be 0.05 %,
    # below 1 %), where it was read 1 of 2000 = 0.05 with no Check
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    imported, book = _refreshed(tmp_path / "a", [f"D1;Dana Cruz;02.03.2026;Empathy;750;{maximum}"])
    assert records(book, "Follow-up")[0]["Baseline mean"] == 37.5
    imported, book = _refreshed(tmp_path / "b", [f"D1;Dana Cruz;02.03.2026;Empathy;1;{maximum}"])
    assert records(book, "Follow-up")[0]["Baseline mean"] == 50
