"""A Scores column's yes and no in another language (Sí/No, Ja/Nein, Oui/Non, Sim/Não, J/N...) read as 100 and 0
(domain.md, Exact rules: Scores: Yes -> 100, No -> 0) where the column tells the pair; English words keep their English
values beside them; where a pair cannot be told, the yes and the no are both unreadable, never the no alone counted."""

from __future__ import annotations

import pytest

from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.core.yesnopairs import Unpaired, read_pairs
from coachlog_xl.workbook.exports import read_export
from tests.rules_kit import D, calls, codes, row, run, session


def pair_scores(yes: str, no: str):
    # baseline: yes, no five times (5 x 100 + 5 x 0) / 10 = 50; follow-up: 8 yes then 2 no: 8 at 80+, (800) / 10 = 80
    return (calls([yes, no] * 5, D(2026, 2, 20), prefix="B")
            + calls([yes] * 8 + [no] * 2, D(2026, 3, 11), prefix="F"))


@pytest.mark.parametrize(("yes", "no"), [("Sí", "No"), ("Si", "No"), ("Ja", "Nein"), ("Oui", "Non"), ("Sim", "Não"),
                                         ("Tak", "Nie"), ("Evet", "Hay\u0131r"), ("Ja", "Nee"), ("J", "N"),
                                         ("S", "N"), ("O", "N"), ("oui", "NON")])
def test_a_yes_beside_its_no_of_another_language_reads_100_and_the_no_0(yes, no):
    r = run(pair_scores(yes, no), [session()])
    got = row(r)
    assert "unreadable-score" not in codes(r)
    assert (got["baseline_n"], got["baseline_mean"]) == (10, pytest.approx(50.0))
    assert (got["followup_n"], got["followup_mean"], got["at_threshold"]) == (10, pytest.approx(80.0), 8)
    assert got["delta"] == pytest.approx(80.0 - 50.0)


@pytest.mark.parametrize(("yes", "no"), [("Ja", "No"), ("Oui", "No"), ("Sí", "Nein")])
def test_a_yes_beside_a_no_of_another_language_leaves_both_unread(yes, no):
    # Ja (German, Dutch, Swedish) beside No (English, Spanish): which language the column writes is not told;
    # counting the 0s of No without the yes beside them would give a baseline of 0
    r = run(pair_scores(yes, no), [session()])
    got = row(r)
    assert codes(r).count("unreadable-score") == 20  # every cell of the 20 calls, each row named
    assert (got["baseline_n"], got["followup_n"]) == (0, 0)


def test_single_letters_among_other_scores_are_no_pair_and_neither_is_read():
    # J and N beside numbers: not exactly the pair J/N, so neither is read; the numbers are: 10 calls of 85 (mean 85)
    scores = calls(["J", "N"] * 3 + [85] * 10, D(2026, 2, 20), prefix="B") + calls([90] * 10, D(2026, 3, 11),
                                                                                    prefix="F")
    r = run(scores, [session()])
    got = row(r)
    assert codes(r).count("unreadable-score") == 6
    assert (got["baseline_n"], got["baseline_mean"]) == (10, pytest.approx(85.0))


def test_a_lone_letter_or_an_english_no_is_read_as_before():
    # a lone S is no yes (no N beside it), and No beside Yes is English: 0, as ever
    assert read_pairs(["S", "85", "90"]) == {}
    assert read_pairs(["Yes", "No", "N/A"]) == {}
    assert read_pairs(["J", "N", "n/a", ""]) == {"j": 100.0, "n": 0.0}
    unread = read_pairs(["Ja", "No", "80"])
    assert set(unread) == {"ja", "no"} and all(isinstance(v, Unpaired) for v in unread.values())


@pytest.mark.parametrize(("english", "other"), [(("Yes", "No"), ["Sim", "N\u00e3o"] * 3),  # a Portuguese rep's rows
                                                (("Yes", "No"), ["Ja"]),                # one stray German yes
                                                (("Yes", "No"), ["Oui", "Non"]),        # a French rep's rows
                                                (("Y", "N"), ["S"]),                    # a stray S beside Y/N
                                                (("Y", "N"), ["J"]),
                                                (("Pass", "Fail"), ["S\u00ed"])])     # a Spanish yes alone
def test_english_words_keep_their_values_beside_another_languages_words_in_one_column(english, other):
    # Ann Lee's calls in English: baseline (5 x 100 + 5 x 0) / 10 = 50, follow-up 8 x 100 / 10 = 80, 8 at 80+, +30;
    # Bo Park's rows in the same Scores column change none of hers
    r = run(pair_scores(*english) + calls(other, D(2026, 2, 20), prefix="P", rep="Bo Park"), [session()])
    got = row(r)
    assert (got["baseline_n"], got["baseline_mean"]) == (10, pytest.approx(50.0))
    assert (got["followup_n"], got["followup_mean"], got["at_threshold"]) == (10, pytest.approx(80.0), 8)
    assert got["suggested"] == "close"


def test_a_foreign_yes_without_its_no_is_unread_and_a_no_is_unread_only_where_no_yes_is_read():
    # Ja has no German/Dutch/Nordic no here: unread; No stays 0 beside an English Yes, and is unread where Ja is the
    # column's only yes (the zeros alone would be counted)
    stray = read_pairs(["Yes", "No", "Ja"])
    assert stray.keys() == {"ja"} and isinstance(stray["ja"], Unpaired)
    assert read_pairs(["Yes", "No", "Sim", "N\u00e3o"]) == {"sim": 100.0, "n\u00e3o": 0.0}
    alone = read_pairs(["Ja", "No"])
    assert alone.keys() == {"ja", "no"} and all(isinstance(v, Unpaired) for v in alone.values())
    nein = read_pairs(["Yes", "Nein"])  # a no without its yes: the yeses alone would be counted
    assert nein.keys() == {"yes", "nein"} and all(isinstance(v, Unpaired) for v in nein.values())


def test_a_wide_exports_column_of_si_and_no_is_read_as_a_criterions_scores(tmp_path):
    # the criterion's column of Sí / No beside another's numbers: once taken for a side column of text ("cannot be
    # read as scores for the most part"), its three calls left out
    export = tmp_path / "wide.csv"
    export.write_text("Call ID;Agent;Call date;Acknowledges the concern;Verifies identity\n"
                      "C1;Dana Cruz;2026-11-01 10:00;Sí;80\n"
                      "C2;Dana Cruz;2026-11-02 10:00;No;90\n"
                      "C3;Dana Cruz;2026-11-03 10:00;Sí;70\n", encoding="utf-8")
    criteria = [{"criterion_id": "ACK", "name": "Acknowledges the concern"},
                {"criterion_id": "VERIFY", "name": "Verifies identity"}]
    got = preview(RawInputs.from_records(criteria=criteria, reps=[{"rep": "Dana Cruz"}]), read_export(export))
    ack = got.calls[got.calls["criterion"] == "Acknowledges the concern"].sort_values("call_id")
    assert ack["score"].tolist() == [100.0, 0.0, 100.0]
    assert "unreadable-score" not in list(got.checks["code"])
