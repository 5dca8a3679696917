"""A wide export's column headed by a criterion's name, ID or other name is read as that criterion's only where
its cells read as scores for the most part: a comment column ``Greeting`` beside ``Greeting - Score``, a
``Resolution`` of ticket states, a side column named like a short criterion ID (``Close``, ``Hold``, ``QA``) are
kept but not used, said once (one headed by a criterion's own name, with no other column of its scores, holds its
sessions' baselines: tests/test_unread_criterion_column_waits.py), never an unreadable score on every row (whose
fix, Exclude, would drop each call's other criteria too); a criterion's column with a few cells mistyped is read,
each such cell an unreadable score naming its column and the criterion; a quiz's answer of words leaves its
``Points - X`` read; a form's ``Id`` beside an ``ID`` criterion's full-name column is no criterion's."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.import_kit import session_book
from tests.wbkit import records, run

CRITERIA = [("GRT", "Greeting"), ("RES", "Resolution"), ("CLOSE", "Call close"), ("HOLD", "Hold procedure"),
            ("QA", "QA statement"), ("TONE", "Tone"), ("ID", "ID verification")]


def _imported(tmp_path, book, text: str, code: int = 0) -> str:
    export = tmp_path / "export.csv"
    export.write_text(text, encoding="utf-8")
    imported = run("import", book, export)
    assert imported.exit_code == code, imported.output
    assert run("refresh", book, "--as-of", "2026-06-01").exit_code == 0
    return imported.output


def _checks(book, code: str) -> list[dict]:
    return [c for c in records(book, "Checks") if c["Code"] == code]


def test_a_comment_column_named_as_the_criterion_leaves_its_score_column_read(tmp_path):
    book = session_book(tmp_path, "Greeting", CRITERIA)
    _imported(tmp_path, book, "Agent,Call ID,Date of call,Greeting - Score,Greeting,Resolution - Score,Resolution\n"
              "Ann Lee,C1,3/1/2026,80,good opener,60,ok\n"
              "Ann Lee,C2,3/2/2026,40,,100,\n"
              "Ann Lee,C3,3/3/2026,60,missed the name,,ok\n")
    assert _checks(book, "unreadable-score") == []
    notes = [c["Problem"] for c in _checks(book, "layout-note") if "kept but not used" in c["Problem"]]
    assert len(notes) == 2 and '"Greeting" is headed as the criterion "Greeting"' in notes[0] + notes[1]
    base = records(book, "Baseline")[0]
    # Greeting - Score: C1 80, C2 40, C3 60: (80 + 40 + 60) / 3 = 60
    assert (base["Baseline n"], base["Calls"]) == (3, "C1, C2, C3")
    assert base["Baseline mean"] == pytest.approx(60)


def test_a_column_of_ticket_states_named_as_the_criterion_leaves_its_score_column_read(tmp_path):
    book = session_book(tmp_path, "Resolution", CRITERIA)
    _imported(tmp_path, book, "Agent,Call ID,Date of call,Greeting,Resolution - Score,Resolution\n"
              "Ann Lee,C1,3/1/2026,80,60,Solved\n"
              "Ann Lee,C2,3/2/2026,40,80,Pending\n"
              "Ann Lee,C3,3/3/2026,60,100,Open\n")
    assert _checks(book, "unreadable-score") == []
    base = records(book, "Baseline")[0]
    # Resolution - Score: (60 + 80 + 100) / 3 = 80
    assert (base["Baseline n"], base["Calls"]) == (3, "C1, C2, C3")
    assert base["Baseline mean"] == pytest.approx(80)


@pytest.mark.parametrize(("header", "criterion", "cells"), [
    ("Close", "Call close", ["Resolved", "Customer hung up", "Transferred"]),
    ("Hold", "Hold procedure", ["00:02:10", "00:00:45", "00:01:05"]),
    ("QA", "QA statement", ["Bo Diaz", "Cy Moe", "Bo Diaz"]),
])
def test_a_side_column_named_like_a_criterion_id_is_said_once_not_read(tmp_path, header, criterion, cells):
    book = session_book(tmp_path, "Greeting", CRITERIA)
    rows = "".join(f"Ann Lee,C{i},3/{i}/2026,{score},{cell}\n" for i, (score, cell) in
                   enumerate(zip((80, 40, 60), cells), start=1))
    out = _imported(tmp_path, book, f"Agent,Call ID,Date of call,Greeting,{header}\n" + rows)
    assert _checks(book, "unreadable-score") == []
    assert "Exclude" not in out
    notes = [c for c in _checks(book, "layout-note") if "kept but not used" in c["Problem"]]
    # one note: the column, the criterion its header matches, its values
    assert len(notes) == 1
    assert f'"{header}" is headed as the criterion "{criterion}"' in notes[0]["Problem"]
    assert cells[0] in notes[0]["Problem"] and cells[1] in notes[0]["Problem"]
    base = records(book, "Baseline")[0]
    # Greeting: (80 + 40 + 60) / 3 = 60, recorded: no row held by the side column
    assert (base["Baseline n"], base["Calls"]) == (3, "C1, C2, C3")
    assert base["Baseline mean"] == pytest.approx(60)
    assert base["Recorded on"] is not None


def test_a_criterion_column_mostly_scores_is_read_its_mistyped_cell_named_with_column_and_criterion(tmp_path):
    book = session_book(tmp_path, "Greeting", CRITERIA)
    # GRT: 80, Solved, 60: two of its three cells scores, so the column is Greeting's; Solved is unreadable
    _imported(tmp_path, book, "Agent,Call ID,Date of call,GRT,Resolution\n"
              "Ann Lee,C1,3/1/2026,80,100\n"
              "Ann Lee,C2,3/2/2026,Solved,50\n"
              "Ann Lee,C3,3/3/2026,60,0\n", code=1)
    bad = _checks(book, "unreadable-score")
    assert [(c["Row"], c["Value"], c["Field"]) for c in bad] == [(3, "Solved", "GRT")]
    assert 'column "GRT", read as the criterion "Greeting"' in bad[0]["Problem"]
    # the fix says what Exclude drops in a wide export (the row's Resolution score too) and offers clearing the cell
    assert "clear the cell" in bad[0]["How to fix"] and "other criteria" in bad[0]["How to fix"]
    base = records(book, "Baseline")[0]
    assert base["Recorded on"] is None  # (held by the unreadable score of the rep's call)


def test_a_quiz_answer_of_words_leaves_its_points_read(tmp_path):
    book = session_book(tmp_path, "Resolution", CRITERIA)
    _imported(tmp_path, book, "Agent,Call ID,Date of call,Resolution,Points - Resolution\n"
              "Ann Lee,C1,3/1/2026,Solved,100\n"
              "Ann Lee,C2,3/2/2026,Pending,60\n"
              "Ann Lee,C3,3/3/2026,Solved,0\n")
    assert _checks(book, "unreadable-score") == []
    base = records(book, "Baseline")[0]
    # the points: (100 + 60 + 0) / 3
    assert (base["Baseline n"], base["Calls"]) == (3, "C1, C2, C3")
    assert base["Baseline mean"] == pytest.approx(160 / 3)


def test_a_forms_id_beside_the_id_criterions_full_name_is_not_read_as_it(tmp_path):
    book = session_book(tmp_path, "ID verification", CRITERIA)
    _imported(tmp_path, book, "Id,Agent,Call ID,Date of call,ID verification\n"
              "1,Ann Lee,C1,3/1/2026,Yes\n"
              "2,Ann Lee,C2,3/2/2026,No\n"
              "3,Ann Lee,C3,3/3/2026,Yes\n")
    assert _checks(book, "conflicting-scores") == []
    base = records(book, "Baseline")[0]
    # ID verification: Yes 100, No 0, Yes 100: 200 / 3
    assert (base["Baseline n"], base["Calls"]) == (3, "C1, C2, C3")
    assert base["Baseline mean"] == pytest.approx(200 / 3)


def test_a_score_prefixed_header_naming_no_criterion_is_warned_as_written(tmp_path):
    book = session_book(tmp_path, "Greeting", CRITERIA)
    out = _imported(tmp_path, book, "Agent,Call ID,Date of call,Greeting,Score - Customer\n"
                    "Ann Lee,C1,3/1/2026,80,4\n"
                    "Ann Lee,C2,3/2/2026,40,5\n")
    assert 'criterion "Score - Customer"' in out and 'criterion "Customer"' not in out


@pytest.mark.parametrize("early", ["", "N/A"])
def test_a_criterion_added_to_the_scorecard_late_is_read_past_its_blank_or_na_first_rows(tmp_path, early):
    # 210 January calls of Ann's with Greeting blank (or N/A: not scored) and Resolution 50, then C211-C213 on 1-3
    # March with Greeting 80, 40, 60: Greeting's column is judged on its cells that are filled, not its first 200
    # rows, so the session's Greeting baseline is those three calls, (80 + 40 + 60) / 3 = 60
    book = session_book(tmp_path, "Greeting", CRITERIA)
    rows = [f"Ann Lee,C{i},1/{1 + i % 28}/2026,{early},50" for i in range(1, 211)]
    rows += ["Ann Lee,C211,3/1/2026,80,50", "Ann Lee,C212,3/2/2026,40,50", "Ann Lee,C213,3/3/2026,60,50"]
    _imported(tmp_path, book, "Agent,Call ID,Date of call,Greeting,Resolution\n" + "\n".join(rows) + "\n")
    base = records(book, "Baseline")[0]
    assert (base["Baseline n"], base["Calls"]) == (3, "C211, C212, C213")
    assert base["Baseline mean"] == pytest.approx(60)


def test_a_criterion_column_of_scores_and_n_a_with_a_few_mistyped_cells_is_still_read():
    # Greeting: C1 100, C2-C5 N/A, C6 "pending", C7 "see notes", C8 N/A, C9 90, C10 "tbd": of its ten filled cells two
    # are scores and five N/A, three no score: 2 + 5 of 10 read as scores or N/A, so the column is the criterion's (its
    # three mistyped cells then each an unreadable score); ticket states with one 80 among them (1 + 1 of 5) are not
    from coachlog_xl.core.namedcolumns import mostly_scores

    col = pd.Series([100, "N/A", "N/A", "N/A", "N/A", "pending", "see notes", "N/A", 90, "tbd"], dtype=object)
    assert mostly_scores(col)
    assert not mostly_scores(pd.Series(["Resolved", "N/A", "Open", "Pending", 80], dtype=object))


def _notes_note(book) -> str:
    notes = [c["Problem"] for c in _checks(book, "layout-note")
             if '"Greeting" is headed as the criterion' in c["Problem"]]
    assert len(notes) == 1
    return notes[0]


def test_a_notes_column_beside_a_score_column_read_as_an_unknown_criterion_is_not_said_given_elsewhere(tmp_path):
    # "Greeting Score" is not on the Criteria sheet (nor an other name): read as a criterion of that name, so no
    # column gives Greeting's scores; the notes column "Greeting" is said to hold no scores, never that another
    # column gives them
    book = session_book(tmp_path, "Greeting", CRITERIA)
    _imported(tmp_path, book, "Agent,Call ID,Date of call,Greeting Score,Greeting,Resolution\n" + "".join(
        f"Ann Lee,C{i},2/{i}/2026,{g},said hi late,{r}\n" for i, g, r in zip(range(1, 7), [4, 5, 3, 4, 2, 4],
                                                                           [3, 4, 5, 4, 3, 4])))
    note = _notes_note(book)
    assert "holds no scores for the most part (said hi late)" in note
    assert "another column gives its scores" not in note


def test_a_notes_column_beside_its_criterions_score_column_says_another_column_gives_them(tmp_path):
    # "Greeting - Score" is read as Greeting's scores: the notes column beside it is said as such
    book = session_book(tmp_path, "Greeting", CRITERIA)
    _imported(tmp_path, book, "Agent,Call ID,Date of call,Greeting - Score,Greeting\n"
              "Ann Lee,C1,3/1/2026,80,said hi late\nAnn Lee,C2,3/2/2026,40,said hi late\n")
    assert "another column gives its scores (said hi late)" in _notes_note(book)
