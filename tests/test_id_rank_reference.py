"""The ids' ranks made by one sort of codes (:func:`coachlog_xl.core.ids.id_rank`, for ids of text then
digits) are the ranks the key-by-key sort makes (:func:`coachlog_xl.core.ids._rank_of_keys`, the one the
ids of every other shape take, and the only one before), for every id shape."""

from __future__ import annotations

import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coachlog_xl.core.ids import _plain_rank, _rank_of_keys, id_rank


def reference_rank(col: pd.Series) -> list[int]:
    """Each distinct id's key (text, (digits' length, digits), ...) sorted: the key-by-key ranking."""
    codes, ids = pd.factorize(col.astype(object), use_na_sentinel=False)
    assert _plain_rank(ids) is None or _plain_rank(ids).tolist() == _rank_of_keys(ids).tolist()
    return _rank_of_keys(ids)[codes].tolist()


# texts of letters, signs, accents, a space, and digits of other scripts (Arabic-Indic, full-width) that
# \d reads as digits too
_TEXT = st.text(alphabet="SsTé -_/.#\u00a0Zz", max_size=3)
_DIGIT_RUN = st.text(alphabet="0123456789\u0663\uff11", min_size=1, max_size=6)
_PLAIN = st.builds(lambda t, d: t + d, _TEXT, _DIGIT_RUN)  # text then digits: the one-sort path
_ANY = st.one_of(_PLAIN, st.text(alphabet="S0129a-", max_size=6), st.none(), st.just(float("nan")),
                 st.integers(-5, 10**6), st.floats(allow_nan=False, allow_infinity=False, width=32))


@settings(max_examples=400, deadline=None)
@given(st.lists(_PLAIN, min_size=1, max_size=40))
@example(["S10", "S2", "S002", "S0", "S000", "0", "00", "100", "99", "S-3", "s1", "T1"])
@example(["\u0663", "3", "03", "\uff11", "S\u0663", "S3"])
def test_ids_of_text_then_digits_rank_as_the_reference_does(ids):
    col = pd.Series(ids, dtype=object)
    assert _plain_rank(pd.unique(col)) is not None  # (ranked by the one sort)
    assert id_rank(col).tolist() == reference_rank(col)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PLAIN, _ANY), min_size=1, max_size=40))
@example(["S2", None, "S2a", 7, float("nan"), "", "S02"])
def test_ids_of_every_shape_rank_as_the_reference_does(ids):
    col = pd.Series(ids, dtype=object)
    assert id_rank(col).tolist() == reference_rank(col)
