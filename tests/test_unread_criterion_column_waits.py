"""A wide export's column headed by a criterion's own name whose cells cannot be read as scores for the most part
(``Superb``, ``Okay``: answers written in a way not read), with no other column of that criterion's scores, holds the
baselines of the sessions on it its calls may fall in, with one error for the column: never a baseline of 0 calls
recorded for good with a note saying there is nothing to do."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.wbkit import records, run, team_book

CRITERIA = [("GRT", "Greeting"), ("EMP", "Empathy"), ("CLOSE", "Call close")]


def _book(tmp_path):
    book = tmp_path / "team.xlsx"
    wb = team_book(book, CRITERIA, ["Ann Lee"])
    log = wb["Log"]
    head = [c.value for c in log[1]]
    for r, (sid, crit) in enumerate((("S-1", "Empathy"), ("S-2", "Greeting")), start=2):
        for key, value in {"Session ID": sid, "Rep": "Ann Lee", "Session date": dt.date(2026, 3, 10),
                           "Targeted criterion": crit}.items():
            log.cell(row=r, column=head.index(key) + 1, value=value)
    wb.save(book)
    return book


def _run(tmp_path, header: str, cells: list[str]):
    book = _book(tmp_path)
    export = tmp_path / "export.csv"
    export.write_text(f"Agent,Call ID,Date of call,Greeting,{header}\n" + "".join(
        f"Ann Lee,C{i},3/{i}/2026,{score},{cell}\n" for i, (score, cell) in enumerate(zip((80, 40, 60), cells), 1)),
        encoding="utf-8")
    imported = run("import", book, export)
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    return book, imported


@pytest.mark.parametrize("cells", [["Superb", "Okay", "Weak"], ["Calm", "Frustrated", "Neutral"]])
def test_a_criterions_own_column_of_unread_cells_holds_its_sessions_baseline(tmp_path, cells):
    book, imported = _run(tmp_path, "Empathy", cells)
    assert imported.exit_code == 1  # an error: the import says it and exits 1
    errors = [c for c in records(book, "Checks") if c["Code"] == "unreadable-score"]
    # one error for the column (not one per row), naming it, its criterion and its values
    assert len(errors) == 1
    assert '"Empathy" is headed as the criterion "Empathy"' in errors[0]["Problem"]
    assert cells[0] in errors[0]["Problem"] and "Nothing to do" not in errors[0]["How to fix"]
    log = {r["Session ID"]: r for r in records(book, "Log")}
    # S-1 (Empathy): its three calls C1-C3 (1-3 March, before 10 March) may be Empathy's: it waits, nothing recorded
    assert (log["S-1"]["Baseline n"], log["S-1"]["Baseline recorded on"]) == (None, None)
    assert not [c for c in records(book, "Checks") if c["Code"] == "baseline-for-unscored-name"]
    # S-2 (Greeting): (80 + 40 + 60) / 3 = 60 over 3 calls, recorded
    assert (log["S-2"]["Baseline n"], log["S-2"]["Baseline mean"]) == (3, pytest.approx(60))


def test_a_side_column_named_by_a_criterion_id_holds_nothing(tmp_path):
    book, imported = _run(tmp_path, "Close", ["Resolved", "Customer hung up", "Transferred"])
    assert imported.exit_code == 0
    assert not [c for c in records(book, "Checks") if c["Code"] == "unreadable-score"]
    log = {r["Session ID"]: r for r in records(book, "Log")}
    assert (log["S-2"]["Baseline n"], log["S-2"]["Baseline mean"]) == (3, pytest.approx(60))


def _pasted(tmp_path, wide_calls: range):
    """Scores: a long export of Ann Lee's Empathy scores of C1-C20 (1-20 March); "Scores notes": the same tool's
    wide export of the calls ``wide_calls``, with Greeting scores and an "Empathy" column of the evaluator's notes."""
    book = tmp_path / "team.xlsx"
    wb = team_book(book, CRITERIA, ["Ann Lee"])
    log = wb["Log"]
    head = [c.value for c in log[1]]
    for key, value in {"Session ID": "S-1", "Rep": "Ann Lee", "Session date": dt.date(2026, 3, 25),
                       "Targeted criterion": "Empathy"}.items():
        log.cell(row=2, column=head.index(key) + 1, value=value)
    scores = wb["Scores"]
    scores.delete_rows(1, scores.max_row)
    scores.append(["Agent", "Call ID", "Call date", "Criterion", "Score"])
    for i in range(1, 21):
        scores.append(["Ann Lee", f"C{i}", dt.datetime(2026, 3, i, 10), "Empathy", 40 + (i % 4) * 20])
    notes = wb.create_sheet("Scores notes")
    notes.append(["Agent", "Call ID", "Call date", "Greeting", "Empathy"])
    for i in wide_calls:
        notes.append(["Ann Lee", f"C{i}", dt.datetime(2026, 3, i, 10), 80, ("Good rapport", "Rushed")[i % 2]])
    wb.save(book)
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    return {r["Session ID"]: r for r in records(book, "Log")}, records(book, "Checks")


def test_a_notes_column_of_calls_scored_on_another_sheet_holds_nothing(tmp_path):
    log, checks = _pasted(tmp_path, range(1, 21))
    # every call of the notes sheet has its Empathy score on Scores: the last ten before 25 March, C11-C20, score
    # 40 + (i mod 4) x 20: 100, 40, 60, 80, 100, 40, 60, 80, 100, 40 = 700 / 10 = 70, recorded
    assert (log["S-1"]["Baseline n"], log["S-1"]["Baseline mean"]) == (10, pytest.approx(70))
    assert not [c for c in checks if c["Code"] == "unreadable-score"]
    assert [c for c in checks if c["Code"] == "layout-note" and "another paste gives" in c["Problem"]]


def test_a_notes_column_with_a_call_scored_nowhere_else_still_holds(tmp_path):
    log, checks = _pasted(tmp_path, range(1, 22))  # C21 (21 March, before the session) has no Empathy score elsewhere
    assert (log["S-1"]["Baseline n"], log["S-1"]["Baseline recorded on"]) == (None, None)
    assert [c for c in checks if c["Code"] == "unreadable-score"]


@pytest.mark.parametrize("scored", ["Empathy Score", "Empathy Rating", "Empathy_score", "Score: Empathy"])
def test_a_notes_column_beside_the_criterions_score_column_is_a_note(tmp_path, scored):
    book = _book(tmp_path)
    export = tmp_path / "export.csv"
    export.write_text(f"Agent,Call ID,Date of call,Greeting,{scored},Empathy\n" + "".join(
        f"Ann Lee,C{i},3/{i}/2026,80,{s},{note}\n" for i, (s, note) in enumerate(
            zip((60, 40, 100), ("Rushed the customer", "Good rapport", "Did not apologise")), 1)), encoding="utf-8")
    imported = run("import", book, export)
    # "Empathy" holds the evaluator's notes; another column names Empathy with a score word: no error whose fix
    # points at the notes column, a note saying it is kept but not used
    assert imported.exit_code == 0
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    checks = records(book, "Checks")
    assert not [c for c in checks if c["Code"] == "unreadable-score"]
    assert [c for c in checks if c["Code"] == "layout-note" and '"Empathy" is headed as the criterion' in c["Problem"]
            and "kept but not used" in c["Problem"]]
