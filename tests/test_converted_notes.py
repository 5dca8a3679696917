"""Scores put on 0-100 as they are read, points over a maximum column and words (Pass/Fail, Yes/No), are said
converted as a scale's are (``scale-converted``): once per paste, with what was read and what it became."""

from __future__ import annotations

from click.testing import CliRunner

from coachlog_xl.cli import main
from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export
from tests.wbkit import team_book

ACK, VERIFY = "Acknowledges the concern", "Verifies identity"
CRITERIA = [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "VERIFY", "name": VERIFY}]
REPS = [{"rep": "Dana Cruz"}]


def _notes(path):
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))
    return pv, pv.checks.loc[pv.checks["code"] == Code.SCALE_CONVERTED.value, ["problem", "fix"]].to_numpy().tolist()


def test_points_over_a_max_column_are_said_converted_once_for_the_paste(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("Call ID,Agent,Call Date,Criterion,Score,Max score\n"
                    + "".join(f"C{i},Dana Cruz,2026-03-0{i + 2} 10:00,{ACK},5,8\n"
                              f"C{i},Dana Cruz,2026-03-0{i + 2} 10:00,{VERIFY},3,4\n" for i in range(3)),
                    encoding="utf-8")
    pv, notes = _notes(path)
    # 5 of 8 points = 5 / 8 x 100 = 62.5; 3 of 4 = 75; six scores, one note
    assert sorted(set(zip(pv.calls["criterion"], pv.calls["score"]))) == [(ACK, 62.5), (VERIFY, 75.0)]
    assert len(notes) == 1
    problem, fix = notes[0]
    assert problem == ("points.csv: 6 scores read as points over the maximum beside each (5 of 8 = 62.5); converted "
                       "to 0-100 as points / maximum x 100.")
    assert '"Max score" column' in fix and "Field max_score" in fix


def test_pass_fail_and_yes_no_words_are_said_converted_once_for_the_paste(tmp_path):
    path = tmp_path / "words.csv"
    path.write_text(f"Call ID,Agent,Call Date,{ACK},{VERIFY}\n"
                    "C1,Dana Cruz,2026-03-02 10:00,Pass,Yes\nC2,Dana Cruz,2026-03-03 10:00,Fail,No\n"
                    "C3,Dana Cruz,2026-03-04 10:00,Pass,No\n", encoding="utf-8")
    pv, notes = _notes(path)
    # Pass and Yes = 100, Fail and No = 0: six scores (two criteria of three calls) in one note, each word once,
    # those read as 100 first
    assert sorted(pv.calls["score"].tolist()) == [0.0] * 3 + [100.0] * 3
    assert [p for p, _ in notes] == ["words.csv: 6 scores written as words read on 0-100 (Pass = 100, Yes = 100, "
                                     "Fail = 0, No = 0)."]


def test_numbers_already_on_0_100_get_no_such_note(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text(f"Call ID,Agent,Call Date,Criterion,Score\nC1,Dana Cruz,2026-03-02 10:00,{ACK},80\n"
                    f"C2,Dana Cruz,2026-03-03 10:00,{ACK},65\n", encoding="utf-8")
    assert _notes(path)[1] == []


def test_an_import_says_the_words_once(tmp_path):
    book = tmp_path / "team.xlsx"
    team_book(book, [(c["criterion_id"], c["name"]) for c in CRITERIA], ["Dana Cruz"]).save(book)
    path = tmp_path / "words.csv"
    path.write_text("Call ID,Agent,Call Date,Criterion,Score\n"
                    + "".join(f"C{i},Dana Cruz,2026-03-0{i + 2} 10:00,{ACK},{'Pass' if i % 2 else 'Fail'}\n"
                              for i in range(6)), encoding="utf-8")
    got = CliRunner().invoke(main, ["import", str(book), str(path)])
    assert got.exit_code == 0, got.output
    # Fail, Pass, Fail, Pass, Fail, Pass: one line for the six, the word read as 100 first
    assert got.output.count("written as words") == 1
    assert "info: words.csv: 6 scores written as words read on 0-100 (Pass = 100, Fail = 0)." in got.output


def test_the_points_note_counts_only_rows_scored_by_points_over_a_maximum(tmp_path):
    path = tmp_path / "count.csv"
    path.write_text("Call ID,Agent,Call Date,Criterion,Score,Max score,Exclude\n"
                    f"C0,Dana Cruz,2026-03-02 10:00,{ACK},3,4,test call\n"
                    f"C1,Dana Cruz,2026-03-03 10:00,{ACK},5,8,\n"
                    f"C2,Dana Cruz,2026-03-04 10:00,{ACK},3,fifty,\n", encoding="utf-8")
    pv, notes = _notes(path)
    # row 2 is excluded (3 of 4 not used), row 4's maximum "fifty" is unreadable: only row 3, 5 of 8 = 62.5, is
    # scored by points / maximum, so the note counts 1 score and gives it as the example
    assert list(pv.calls["score"]) == [62.5]
    assert [p for p, _ in notes] == ["count.csv: 1 score read as points over the maximum beside each (5 of 8 = 62.5); "
                                     "converted to 0-100 as points / maximum x 100."]


def test_words_differing_only_in_case_are_shown_once_in_the_words_note(tmp_path):
    path = tmp_path / "case.csv"
    path.write_text(f"Call ID,Agent,Call Date,{ACK}\nC1,Dana Cruz,2026-03-02 10:00,Yes\n"
                    "C2,Dana Cruz,2026-03-03 10:00,yes\nC3,Dana Cruz,2026-03-04 10:00,YES\n"
                    "C4,Dana Cruz,2026-03-05 10:00,No\n", encoding="utf-8")
    _, notes = _notes(path)
    # Yes, yes and YES are one word (100), shown as first read; No = 0; four scores in all
    assert [p for p, _ in notes] == ["case.csv: 4 scores written as words read on 0-100 (Yes = 100, No = 0)."]
