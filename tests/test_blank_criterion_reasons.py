"""A Log row whose Targeted criterion is left blank names no criterion at all: Follow-up, Aggregate and Checks
say so ("no targeted criterion", as Checks' missing-criterion error does), not that a criterion is "not on the
Criteria sheet", which a row naming a criterion off the list is told."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from tests.wbkit import one_rep_book, records, run


def _book(path):
    """Bo Park's ten calls at 60 from 2026-02-28 to 03-09 and ten at 80 from 03-11 to 03-20; S-1 on 2026-03-10
    with its Targeted criterion left blank, S-2 the same day with one misspelled (on no Criteria row)."""
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i if i < 10 else i + 1) for i in range(20)]
    session = {"Session date": dt.datetime(2026, 3, 10), "Development target": "Name the concern first."}
    wb = one_rep_book(path, [(day, 60 if i < 10 else 80) for i, day in enumerate(days)],
                      [{**session, "Session ID": "S-1"},
                       {**session, "Session ID": "S-2", "Targeted criterion": "Acknowledges the concen"}])
    head = [c.value for c in wb["Log"][1]]
    wb["Log"].cell(row=2, column=head.index("Targeted criterion") + 1).value = None
    wb.save(path)


def test_a_blank_targeted_criterion_is_said_to_be_blank_everywhere(tmp_path):
    book = tmp_path / "team.xlsx"
    _book(book)
    assert load_workbook(book)["Log"].cell(row=2, column=1).value == "S-1"
    out = run("refresh", book, "--as-of", "2026-04-30", "-q")
    assert out.exit_code == 0, out.output
    table = {r["Session ID"]: r for r in records(book, "Follow-up")}
    s1, s2 = table["S-1"], table["S-2"]
    assert (s1["Same criterion"], s2["Same criterion"]) == ("no", "no")
    assert s1["Not valid because"].split("; ")[0] == "no targeted criterion"
    assert s2["Not valid because"].split("; ")[0] == "criterion not on the Criteria sheet"
    assert (s1["No comparison because"], s2["No comparison because"]) == \
        ("no targeted criterion", "criterion not on the Criteria sheet")
    # the window is over (no call counts for either): the decision waits for the row, which Reason names
    assert s1["Reason"] == ("its targeted criterion is blank (see Checks), so its baseline is not recorded; decide "
                            "once the Log row is fixed")
    assert s2["Reason"] == ("its criterion is not on the Criteria sheet (see Checks), so its baseline is not "
                            "recorded; decide once the Log row is fixed")
    left_out = {r["Group"]: r["Why left out"] for r in records(book, "Aggregate") if r["By"] == "Criterion"}
    assert left_out["(blank)"] == "no targeted criterion: 1"
    assert left_out["Acknowledges the concen"] == "criterion not on the Criteria sheet: 1"
    held = {c["Row"]: c for c in records(book, "Checks") if c["Code"] == "baseline-not-recorded"}
    assert held[2]["Problem"] == ("S-1: the baseline is not recorded yet: no scored call matches the session, and it "
                                  "names no targeted criterion. A baseline of 0 calls recorded now would stay when "
                                  "the row is fixed.")
    assert held[2]["How to fix"] == ("Pick the one criterion the session targeted from the dropdown; the next "
                                     "refresh records the baseline.")
    assert "and its criterion is not on the lists (mistyped?)." in held[3]["Problem"]


def test_an_open_window_of_a_criterion_no_call_can_match_waits_for_the_log_row_not_for_calls(tmp_path):
    # the session two days before the as-of date: its window is open, but with no criterion (or one on no list)
    # no call can ever count, so the reason asks for the row to be fixed, as for a closed window
    book = tmp_path / "team.xlsx"
    _book(book)
    out = run("refresh", book, "--as-of", "2026-03-12", "-q")
    assert out.exit_code == 0, out.output
    table = {r["Session ID"]: r for r in records(book, "Follow-up")}
    assert table["S-1"]["Status"] == table["S-2"]["Status"] == "awaiting calls"
    assert table["S-1"]["Reason"] == ("its targeted criterion is blank (see Checks), so its baseline is not "
                                      "recorded; decide once the Log row is fixed")
    assert table["S-2"]["Reason"].startswith("its criterion is not on the Criteria sheet (see Checks)")


def test_a_broad_theme_is_not_asked_to_be_added_to_a_list(tmp_path):
    # "Empathy" is on the Settings broad-theme word list: Checks' broad-theme asks for the specific criterion,
    # and the held baseline's row says the same, not "add it to the Reps or Criteria sheet"
    book = tmp_path / "team.xlsx"
    _book(book)
    wb = load_workbook(book)
    head = [c.value for c in wb["Log"][1]]
    wb["Log"].cell(row=3, column=head.index("Targeted criterion") + 1).value = "Empathy"
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-04-30", "-q").exit_code == 0
    checks = records(book, "Checks")
    assert [c["Code"] for c in checks if c["Row"] == 3 and c["Field"] == "Targeted criterion"] == ["broad-theme"]
    [held] = [c for c in checks if c["Code"] == "baseline-not-recorded" and c["Row"] == 3]
    assert held["How to fix"] == ("Pick the specific criterion the broad theme means from the dropdown; the next "
                                  "refresh records the baseline.")
    assert held["Problem"].endswith("and its criterion is a broad theme. A baseline of 0 calls recorded now would "
                                    "stay when the row is fixed.")


def test_a_cell_naming_two_criteria_and_a_themes_word_is_two_targets_not_a_broad_theme():
    # as Checks says it (several-targets, not broad-theme), so the held baseline's row says it too
    from coachlog_xl.core.config import Config
    from coachlog_xl.core.logquality import broad_theme

    cfg = Config()
    cfg.word_lists = {"broad theme": ["empathy"]}
    assert broad_theme("Empathy", cfg) and broad_theme("Empathy", cfg, ("Empathy statement",))
    assert not broad_theme("Greeting; Empathy statement; empathy", cfg, ("Greeting", "Empathy statement"))
