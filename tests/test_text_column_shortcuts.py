"""A column of distinct texts (125,000 call ids) tested in one search of them joined, where a test of
each text alone gives no hit: the same answers as the text-by-text tests, for columns of texts only
and for columns mixing texts with other values; and a scale's columns grouped by the criterion codes
the names were resolved with, not by a second factorisation of the criterion texts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coachlog_xl.core import pastetexts, repeats, trailers
from coachlog_xl.core.checks import Issues
from coachlog_xl.core.errorcells import ERROR_TEXTS
from coachlog_xl.core.inputs import header_key

WORDS = {"callid", "rep", "total"}


@pytest.mark.parametrize("values", [
    ["C0001", "C0002", "Call ID", None],  # texts, a blank last (as per_distinct gives them)
    ["C0001", "Rep", "call-id", "x" * 200],  # a text too long to be keyed
    ["C0001", 7.0, "Total", None],  # a number among the texts
    ["Réf", "RÉP", "rep", None],  # not ASCII
    [],
])
def test_header_words_of_a_column_are_each_texts_own_key(values):
    longest = 4 * max(map(len, WORDS)) + 16
    expected = [isinstance(v, str) and len(v) <= longest and header_key(v) in WORDS for v in values]
    assert trailers.header_words(values, WORDS) == expected


def test_totals_rows_are_found_in_a_column_of_texts_only_and_in_one_holding_a_number():
    assert trailers._trailer_kinds(["C0001", "Total", "C0002", None]) == ["", "totals row", "", ""]
    assert trailers._trailer_kinds(["C0001", "C0002", None]) == ["", "", ""]
    # a number among the texts: the column is looked at value by value (a count of calls under them)
    assert trailers._trailer_kinds(["C0001", 3.0, "Average", None]) == ["", "", "totals row", ""]


def test_a_blank_call_id_among_texts_is_blank_as_is_blank_says():
    assert trailers._blank(["C1", " ", "", "\u00a0", None, float("nan"), 0.0]) == [
        False, True, True, True, True, True, False]


def _keys(ids: list, moments: list | None = None) -> list[int]:
    rows = pd.DataFrame({"call_id": ids, "rep": ["Dana"] * len(ids),
                         "at": moments or [pd.Timestamp("2026-03-02 09:00")] * len(ids), "date_only": False})
    return repeats.with_call_keys(rows)[repeats.CALL_KEY].tolist()


def test_call_ids_with_and_without_leading_zeros_are_one_call_in_a_column_of_texts():
    keys = _keys(["000123", "123", "C-9", "0", "000"])
    assert keys[0] == keys[1] and keys[3] == keys[4] and len(set(keys)) == 3


def test_ids_excel_rounded_are_told_apart_by_moment_in_a_column_of_texts():
    at = [pd.Timestamp("2026-03-02 09:00"), pd.Timestamp("2026-03-02 10:00")]
    assert len(set(_keys(["1234567890123450000"] * 2, at))) == 2  # 19 digits ending in zeros
    assert len(set(_keys(["1.23457E+18"] * 2, at))) == 2  # scientific notation, 11 characters
    assert len(set(_keys(["C0001"] * 2, at))) == 1  # an id of its own: one call at two moments (repeats say so)


def test_repeats_lines_are_none_for_a_column_not_of_one_line_texts():
    assert repeats._lines(np.array(["a", "b"], dtype=object)) == "\na\nb"
    assert repeats._lines(np.array(["a", "b\nc"], dtype=object)) is None
    assert repeats._lines(np.array(["a", 5], dtype=object)) is None
    assert repeats._rounded(np.array(["1E+5", "12"], dtype=object), "\n1E+5\n12").tolist() == [True, False]


@pytest.mark.parametrize("ids, marked", [
    (["C1", "#N/A", "#ref!", "#x"], [False, True, True, False]),
    (["C1", "C2", None], [False, False, False]),
])
def test_error_ids_are_marked_in_a_column_with_and_without_a_hash(ids, marked):
    _, _, got, _ = pastetexts.column_texts(pd.Series(ids, dtype=object), flagged=ERROR_TEXTS)
    assert got.tolist() == marked


def test_scales_columns_from_the_criterions_factors_are_groupbys_columns():
    """A scale's columns grouped with the criterion codes resolve_names made: the groups, keys and rows of
    ``groupby([paste, criterion], sort=True)``, worked out by hand here."""
    from coachlog_xl.core import scales
    from coachlog_xl.core.names import Directory, resolve_column

    crits = pd.Series(["Tone", "empathy", "Tone", "Empathy", "Close", "tone"], dtype=object)
    pastes = np.array([1, 0, 0, 1, 1, 0], dtype=np.int32)
    known = Directory()
    for name in ("Empathy", "Tone", "Close"):
        known.add(name, name, "")
    names, _ = resolve_column(crits, known, made := [])
    numbers = pd.DataFrame({"score": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "row": [2, 3, 4, 5, 6, 7]}, index=range(10, 16))
    sheets = np.array(["Scores"] * 6, dtype=object)
    got = scales._columns(numbers, sheets, pastes, names.to_numpy(), made[0])
    expected = [(("Scores", 0, "Empathy"), [11]), (("Scores", 0, "Tone"), [12, 15]), (("Scores", 1, "Close"), [14]),
                (("Scores", 1, "Empathy"), [13]), (("Scores", 1, "Tone"), [10])]
    assert [(key, grp.index.tolist()) for key, grp in got] == expected
    assert [type(v) for v in got[0][0]] == [str, int, str]
    pd.testing.assert_frame_equal(got[1][1], numbers.loc[[12, 15]], check_exact=True)
    assert [(k, g.index.tolist()) for k, g in scales._columns(numbers, sheets, pastes, names.to_numpy())] == expected


def test_scales_columns_of_one_paste_are_groupbys_columns():
    # every row of paste 3 (a later export's, under a header of its own): grouped by criterion, by hand
    from coachlog_xl.core import scales
    from coachlog_xl.core.names import Directory, resolve_column

    known = Directory()
    for name in ("Empathy", "Tone"):
        known.add(name, name, "")
    names, _ = resolve_column(pd.Series(["Tone", "Empathy", "tone", "Empathy"], dtype=object), known, made := [])
    numbers = pd.DataFrame({"score": [1.0, 2.0, 3.0, 4.0], "row": [2, 3, 4, 5]})
    got = scales._columns(numbers, np.array(["Scores"] * 4, dtype=object), np.full(4, 3, dtype=np.int32),
                          names.to_numpy(), made[0])
    assert [(key, grp.index.tolist()) for key, grp in got] == [(("Scores", 3, "Empathy"), [1, 3]),
                                                               (("Scores", 3, "Tone"), [0, 2])]
    assert [type(v) for v in got[0][0]] == [str, int, str]


def test_a_columns_texts_keyed_for_a_header_row_are_not_keyed_again_for_its_totals(monkeypatch):
    # the call ids are keyed once: looking for a header row among them, then for a totals row
    ids = [f"C{k:04d}" for k in range(300)]
    keyed = []
    real = trailers._NOT_ALNUM_LINES

    class Counted:
        def sub(self, by, text):
            keyed.append(text.count("\n") + 1)
            return real.sub(by, text)

    monkeypatch.setattr(trailers, "_NOT_ALNUM_LINES", Counted())
    store = []  # (a table's: RawTable.keyed)
    assert trailers.header_words([*ids, None], WORDS, store) == [False] * 301
    assert trailers._trailer_kinds([*ids, None], store) == [""] * 301
    assert keyed == [300]
    # other texts: their own keys (as many texts, or the ids and a total)
    assert trailers._keys([f"Rep {k}" for k in range(300)], store).split("\n")[:2] == ["rep0", "rep1"]
    assert trailers._trailer_kinds([*ids, "Grand Total", None], store) == [""] * 300 + ["totals row", ""]
    # without a store, nothing is kept: the same texts keyed again
    keyed.clear()
    assert trailers.header_words([*ids, None], WORDS) == [False] * 301
    assert trailers.header_words([*ids, None], WORDS) == [False] * 301
    assert keyed == [300, 300]


def test_two_tables_keep_their_own_keyed_texts():
    # two pastes read in one process, their columns as many texts: each table keeps the keys of its own
    # texts (none module-wide), and the second's totals row is found by its own texts' keys, not the first's
    from coachlog_xl.core.inputs import RawTable

    assert not hasattr(trailers, "_KEYED")
    heads = ["Call ID", "Rep", "Call date", "Criterion", "Score"]
    first = RawTable.from_rows("Scores", heads, [[f"C{k}", "Dana", 45000.0, "Tone", 80.0] for k in range(3)])
    second = RawTable.from_rows("Week 2", heads, [["C7", "Dana", 45000.0, "Tone", 80.0],
                                                  ["C8", "Dana", 45000.0, "Tone", 70.0],
                                                  ["Total", None, None, None, 150.0]])
    cols = {"call_id": 0, "rep": 1, "call_at": 2, "criterion": 3, "score": 4}
    issues = Issues()
    assert len(trailers.drop_trailers(first, cols, issues)) == 3
    assert len(trailers.drop_trailers(second, cols, issues)) == 2  # (its row 4: "Total", no rep)
    assert [i.row for i in issues] == [4]
    first_texts = [seen for seen, _ in first.keyed]
    second_texts = [seen for seen, _ in second.keyed]
    assert ["C0", "C1", "C2"] in first_texts and ["Dana"] in first_texts
    assert ["C7", "C8", "Total"] in second_texts
    assert not any(t in first_texts for t in second_texts if t != ["Dana"])
    # the keys each table kept are its own texts' (by hand: lower case, letters and digits only)
    assert dict((tuple(t), k) for t, k in second.keyed)[("C7", "C8", "Total")] == "c7\nc8\ntotal"
    assert RawTable.from_rows("Later", heads, []).keyed == []


def test_a_paste_of_numbers_only_is_grouped_by_scale_on_its_own_columns(monkeypatch):
    # every score a number (the usual): the criteria and pastes grouped as the rows hold them, not copied
    # row by row first; the scale found as before (1-5 ratings, by hand: value / 5 x 100)
    from coachlog_xl.core import scales
    from coachlog_xl.core.config import Config

    crit = np.array(["Tone"] * 40, dtype=object)
    rows = pd.DataFrame({"sheet": pd.Series(["Scores"] * 40, dtype=object), "row": np.arange(2, 42),
                         "paste": np.zeros(40, dtype=np.int64), "criterion": pd.Series(crit, dtype=object, copy=False),
                         "exclude": pd.Series([""] * 40, dtype=object), "score": [float(1 + k % 5) for k in range(40)],
                         "read_as": pd.Series(["number"] * 40, dtype=object)})
    given = rows["criterion"].to_numpy()
    seen = []
    real = scales._columns
    monkeypatch.setattr(scales, "_columns", lambda *args: seen.append(args) or real(*args))
    out = scales.put_on_scale(rows, Config(), Issues())
    assert np.shares_memory(seen[0][3], given)
    assert out["score"].tolist()[:5] == [20.0, 40.0, 60.0, 80.0, 100.0]  # 1-5 on 0-100: value / 5 x 100


@pytest.mark.parametrize(("texts", "found"), [
    (["C0001", "C0002", "Rep 7"], False),  # no total or weight word: no letter of most is in the keys at all
    (["C0001", "Grand Total"], True),  # "grandtotal", "total"
    (["Mus", "Avg. handle", "C0003"], True),  # "avg" (the dot dropped by the key)
    (["Mus", "Tomsu"], False),  # every letter of "sum" and "mus" present, but no word itself
    (["Moyenne générale", "C1"], True),  # "moyenne"; and "média" below, a word with a letter outside ASCII
    (["média"], True),
    (["medi\u00e0"], False),  # (a different accented letter: not "média")
])
def test_a_column_is_searched_for_a_total_word_only_where_its_keys_hold_the_words_letters(texts, found):
    # by hand from TOTAL_WORDS and WEIGHT_WORDS: a word lies within a text's key (its letters and digits, lower case)
    assert trailers._any_key_within(texts, trailers.TOTAL_WORDS | trailers.WEIGHT_WORDS) is found


@pytest.mark.parametrize(("values", "expected"), [
    (["C0001", "C0002", None], [False, False, False]),  # no key is a word (not even a part of one)
    (["Call ID", "C0002", None], [True, False, False]),  # "callid": a whole key
    (["C0002", "xcallid"], [False, False]),  # a word within a key, not the key: none
    (["-", "C1"], [False, False]),  # an empty key is no word here
    (["Agent", "Agentur"], [True, False]),  # the last key a word; one that starts with it is not
])
def test_header_words_are_whole_keys_also_where_no_key_is_one(values, expected):
    # by hand: WORDS' keys are callid and agent; a text is a header word only when its whole key is one
    assert trailers.header_words(values, {"callid", "agent"}) == expected


@pytest.mark.parametrize(("text", "found"), [
    ("C0001\nC0002", False), ("C0001\nPage 2 of 3", True), ("Confidential", True), ("rows\nc1", False),
    ("Total rows: 12", True), ("C1\n\u00a9 Acme", True),
])
def test_a_footer_line_is_found_where_its_words_letters_are_all_in_the_column(text, found):
    # by hand from FOOTER: "rows" alone is no footer line; "Total rows: 12", "Page 2 of 3", "Confidential" are
    assert trailers._any_footer(text) is found
