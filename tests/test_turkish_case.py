"""Headers and names written in a Turkish locale's cases (upper case of i is İ, lower case of I is ı) match
the HeaderMap's and the Reps sheet's as any other case does (README: header names and reps match ignoring
case)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.wbkit import run, team_book

CRIT = "Acknowledges"


def test_headers_and_names_cased_in_a_turkish_locale_are_read(tmp_path):
    # an export made where the locale is Turkish: upper case of i is İ, lower case of I is ı
    book = tmp_path / "team.xlsx"
    team_book(book, [("ACK", CRIT)], ["Ilker Yildiz"]).save(book)
    export = tmp_path / "tr.csv"
    export.write_text("GRADABLE_İD,AGENT_NAME,TİCKET_CREATED_AT,QUESTİON_İD,RAW_SCORE\n"
                      "T1,İlker Yıldız,2026-03-01 10:00,Acknowledges,80\n", encoding="utf-8")
    dry = run("import", book, export, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert ("columns read: call_id <- GRADABLE_İD, rep <- AGENT_NAME, call_at <- TİCKET_CREATED_AT, "
            "criterion <- QUESTİON_İD, score <- RAW_SCORE") in dry.output
    assert "1 score of 1 call on 1 criterion for 1 rep." in dry.output and "warning" not in dry.output


@pytest.mark.parametrize(("first", "second"), [("Kır", "Kir"), ("Greeting", "GREETING")])
def test_two_criteria_whose_names_match_as_one_are_said(tmp_path, first, second):
    # Kır (countryside) and Kir (dirt) are two words in Turkish, and two criteria here (K1, K2); names are
    # matched with ı as i, as case is ignored, so both are one name: the scores of the second count for
    # the first, and Checks says so on the second's row (Criteria row 3)
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("K1", first), ("K2", second)], ["Ann Lee"])
    for r, (call, crit, score) in enumerate([("C1", first, 80), ("C2", second, 40)], start=2):
        for c, value in enumerate((call, "Ann Lee", dt.datetime(2026, 2, 20 + r, 10), crit, score), start=1):
            wb["Scores"].cell(row=r, column=c, value=value)
    wb.save(book)
    checked = run("check", book, "--as-of", "2026-03-01")
    assert (f'Criteria row 3: "{second}" has another Criterion ID (K2) than "{first}" on row 2 (K1), and names are '
            f"matched without case, spaces and punctuation (Turkish İ and ı as i): scores under "
            f'"{second}" count for K1, none for K2.') in " ".join(checked.output.split())
