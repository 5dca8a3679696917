"""Headers and names written in a Turkish locale's cases (upper case of i is İ, lower case of I is ı) match
the HeaderMap's and the Reps sheet's as any other case does (README: header names and reps match ignoring
case)."""

from __future__ import annotations

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
    assert "1 scored call on 1 criterion for 1 rep." in dry.output and "warning" not in dry.output
