"""The comparison group's windows (running sums over ranges) match listing every pair's calls.

:func:`coachlog_xl.core.panel.panel` gives each (session, rep) pair its windows' n, mean and
variance without listing a call.  The reference here lists them: each pair becomes a session of
that rep (same moment, N, timeframe and call type) and every call of the rep and criterion is put in
or out of its windows by the rules (``reference_assign``, pairing every session with every call),
then the figures are computed call by call.  The random cases hold date-only and timed sessions and
calls, calls at midnight with a time, calls at the session's exact moment and at the window's end.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from coachlog_xl.core.pairsums import KEEP_ALL
from coachlog_xl.core.panel import Chunks, chunks, panel
from coachlog_xl.core.windows import BASELINE, FOLLOWUP
from tests.test_fastpath import START, random_case, reference_assign


def listed_windows(sessions: pd.DataFrame, calls: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Per pair, n / mean / variance of B, F, P1, P2 and R from the listed calls of its windows, and the span of P1
    and P2."""
    as_sessions = sessions.iloc[pairs["s"].to_numpy()].reset_index(drop=True)
    coached = as_sessions["rep"].to_numpy() == pairs["rep"].to_numpy()
    n = pairs["n"].to_numpy()
    as_sessions = as_sessions.assign(rep=pairs["rep"].to_numpy(), window_n=np.where(coached, KEEP_ALL, 3 * n))
    assert (pairs["coached"].to_numpy() == coached).all()
    members = reference_assign(as_sessions, calls)
    n_of = members["s"].map(pd.Series(n))
    pos = members["pos"]
    base, follow = members["role"] == BASELINE, members["role"] == FOLLOWUP
    parts = {"B": base & (pos < n_of), "F": follow & (pos < n_of), "P1": base & (pos >= n_of) & (pos < 2 * n_of),
             "P2": base & (pos >= 2 * n_of) & (pos < 3 * n_of), "R": base & (pos >= n_of)}
    out = pd.DataFrame({"p": pairs["p"].to_numpy()})
    for name, mask in parts.items():
        if name == "R":  # the long run: the coached rep's only
            mask = mask & members["s"].map(pd.Series(coached)).astype(bool)
        scores = members[mask].groupby("s")["score"]
        figures = pd.DataFrame({"n": scores.size(), "mean": scores.mean(), "var": scores.var()})
        figures = figures.reindex(range(len(pairs)))
        out[f"{name}_n"] = figures["n"].fillna(0).astype(int).to_numpy()
        out[f"{name}_mean"] = figures["mean"].to_numpy(dtype=float)
        out[f"{name}_var"] = figures["var"].to_numpy(dtype=float)
    # the moments (ns) of P2's first call and P1's last: the 3N-th and the N+1-th call back; NaT unless P2 is full
    full = out["P2_n"].to_numpy() >= n
    for column, back in (("P_from", 3 * n_of - 1), ("P_to", n_of)):
        at = members[base & (pos == back)].set_index("s")["at"].astype("datetime64[ns]").astype(np.int64)
        moments = at.reindex(range(len(pairs)), fill_value=np.iinfo(np.int64).min).to_numpy(dtype=np.int64)
        out[column] = np.where(full, moments, np.iinfo(np.int64).min)
    return out


@pytest.mark.parametrize("start", [START, dt.datetime(1969, 12, 20)])  # days before and after 1970
@pytest.mark.parametrize("seed", range(40))
def test_pair_windows_match_listing_every_pairs_calls(seed, start):
    sessions, calls = random_case(seed, start)
    if calls.empty:
        return
    pairs, got = panel(sessions, calls)
    want = listed_windows(sessions, calls, pairs)
    assert list(got.columns) == list(want.columns)
    pd.testing.assert_frame_equal(got, want, check_dtype=False, rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_pair_windows_of_calls_all_with_a_time_match_listing_every_pairs_calls(seed):
    # every call timed (an export of call date-times): a call's rank among the timed calls is its place
    sessions, calls = random_case(seed)
    calls = calls[~calls["date_only"]].reset_index(drop=True)
    assert len(calls)  # (every seed's case has timed calls: no case passes by having none)
    pairs, got = panel(sessions, calls)
    pd.testing.assert_frame_equal(got, listed_windows(sessions, calls, pairs), check_dtype=False, rtol=1e-12, atol=1e-9)


# whole points (exact integer sums), halves and quarters (exact after scaling), thirds (long double sums)
_SCORES = {"whole": lambda x: x, "halves": lambda x: x + 0.5 * (x % 2), "quarters": lambda x: x * 0.25 + 0.25,
           "thirds": lambda x: x / 3}


@pytest.mark.parametrize("kind", _SCORES)
@pytest.mark.parametrize("seed", range(6))
def test_fractional_scores_give_the_listed_figures(seed, kind):
    sessions, calls = random_case(seed)
    if calls.empty:
        return
    calls = calls.assign(score=_SCORES[kind](calls["score"]))
    pairs, got = panel(sessions, calls)
    pd.testing.assert_frame_equal(got, listed_windows(sessions, calls, pairs), check_dtype=False, rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("kind", ["whole", "thirds"])
@pytest.mark.parametrize("seed", range(12))
def test_calls_all_with_a_time_give_the_floats_of_looking_their_ranks_up(seed, kind, monkeypatch):
    # the ranks skipped where every call has a time change no figure in its last bit: the same pairs'
    # windows with each call's rank among the timed calls looked up, as for an export with some untimed
    # (whole scores: integer sums; thirds: long double sums)
    from coachlog_xl.core import panel as panel_module
    from coachlog_xl.core.pairsums import SortedCalls

    class LookedUp(SortedCalls):
        def __init__(self, *args):
            super().__init__(*args)
            assert self.all_timed
            self.all_timed = False

    sessions, calls = random_case(seed)
    calls = calls[~calls["date_only"]].reset_index(drop=True)
    calls = calls.assign(score=_SCORES[kind](calls["score"]) * 1.0)
    assert len(calls)
    _, skipped = panel(sessions, calls)
    monkeypatch.setattr(panel_module, "SortedCalls", LookedUp)
    _, looked_up = panel(sessions, calls)
    pd.testing.assert_frame_equal(skipped, looked_up, check_exact=True)


@pytest.mark.parametrize("kind", ["whole", "halves", "quarters"])
def test_integer_sums_give_the_long_double_sums_floats_bit_for_bit(kind, monkeypatch):
    from coachlog_xl.core import pairsums

    for seed in range(6):
        sessions, calls = random_case(seed)
        calls = calls.assign(score=_SCORES[kind](calls["score"]) * 1.0)
        _, exact = panel(sessions, calls)
        with monkeypatch.context() as m:
            m.setattr(pairsums, "_exact_scale", lambda score: None)
            _, extended = panel(sessions, calls)
        pd.testing.assert_frame_equal(exact, extended, check_exact=True)


def test_the_exact_scale_is_the_fewest_halvings_that_make_every_score_whole():
    from coachlog_xl.core.pairsums import _exact_scale

    assert _exact_scale(np.array([0.0, 87.0, 100.0])) == 0
    assert _exact_scale(np.array([87.5, 3.0])) == 1
    assert _exact_scale(np.array([87.25, -3.75])) == 2
    assert _exact_scale(np.array([83.33, 90.0])) is None  # not a binary fraction
    assert _exact_scale(np.array([1 / 1024])) is None  # more halvings than allowed
    assert _exact_scale(np.array([87.0, np.nan])) is None
    assert _exact_scale(np.array([2.0 ** 40])) is None  # squares summed would leave an int64
    assert _exact_scale(np.full(3, 2.0 ** 29)) == 0  # 3 * 2**58 < 2**62
    assert _exact_scale(np.full(17, 2.0 ** 29)) is None  # 17 * 2**58 >= 2**62


def test_pairs_are_every_session_with_every_rep_scored_on_its_criterion():
    sessions, calls = random_case(3)
    pairs, _ = panel(sessions, calls)
    scored = calls.groupby("criterion")["rep"].unique()
    want = [(s, rep) for s, crit in enumerate(sessions["criterion"]) if crit is not None
            for rep in sorted(scored.get(crit, []))]
    assert list(zip(pairs["s"], pairs["rep"])) == want
    assert pairs["p"].tolist() == list(range(len(want)))


@pytest.mark.parametrize("size", [1, 7, 50])
def test_small_chunks_give_the_same_pairs_and_figures(size):
    sessions, calls = random_case(5)
    whole_pairs, whole = panel(sessions, calls)
    parts = list(chunks(sessions, calls, size=size))
    assert len(parts) > 1
    assert all(len(p) <= size or p["s"].nunique() == 1 for p, _ in parts)
    pd.testing.assert_frame_equal(pd.concat([p for p, _ in parts], ignore_index=True), whole_pairs)
    pd.testing.assert_frame_equal(pd.concat([w for _, w in parts], ignore_index=True), whole)


def _counted(runs, s_run, day, last_day):
    """Where each run and day begin and end among the sorted calls, counted call by call."""
    out = [[] for _ in range(5)]
    for r, d, last in zip(s_run.tolist(), day.tolist(), last_day.tolist()):
        if r < 0:
            for col in out:
                col.append(0)
            continue
        places = np.flatnonzero(runs.run == r)
        days = runs._days[places]
        for col, value in zip(out, (places[0], places[0] + (days < d).sum(), places[0] + (days <= d).sum(),
                                    places[0] + (days < last).sum(), places[0] + (days <= last).sum())):
            col.append(int(value))
    return out


@pytest.mark.parametrize("table", [True, False])
def test_runs_find_each_day_where_counting_the_calls_finds_it(table, monkeypatch):
    from coachlog_xl.core import windows

    if not table:
        monkeypatch.setattr(windows, "TABLE_SLACK", -10**9)  # no day table: binary searches
    for seed in range(8):
        sessions, calls = random_case(seed, dt.datetime(1969, 12, 20))
        if calls.empty:
            continue
        runs = windows.CallRuns(calls)
        assert (runs._table is not None) is table
        rng = np.random.default_rng(seed)
        days = runs._days
        s_run = rng.integers(-1, runs.run.max() + 1, 400)
        day = rng.integers(days.min() - 4, days.max() + 4, 400)
        last_day = day + rng.integers(0, 9, 400)
        got = [a.tolist() for a in runs.find(s_run, day, last_day)]
        assert got == _counted(runs, s_run, day, last_day)


@pytest.mark.parametrize("dtype", ["str", "string", object])
def test_a_text_column_ranks_as_its_python_strings_sort(dtype):
    from coachlog_xl.core.windows import _rank

    values = ["b", "a", "ä", "Z", "z", "é", None, "aa", "a ", "日本", "😀", "", "B"] * 2
    order = sorted({v for v in values if v is not None})
    want = [order.index(v) if v is not None else -1 for v in values]
    assert list(_rank(pd.Series(values, dtype=dtype))) == want


@pytest.mark.parametrize("sizes", [(3,), (5, 2), (4, 3, 2), (1, 1, 1), (40_000, 7), (300, 300, 3)])
def test_combined_codes_number_the_combinations_in_their_order(sizes):
    from coachlog_xl.core.windows import _combine

    rng = np.random.default_rng(len(sizes) * 7 + sizes[0])
    n = 2_000
    codes = [rng.integers(0, size, n) for size in sizes]
    combos = sorted(set(zip(*(c.tolist() for c in codes))))  # the distinct tuples, in lexicographic order
    want = [combos.index(t) for t in zip(*(c.tolist() for c in codes))]
    assert _combine(codes).tolist() == want


def _with_twins(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A random case whose sessions each come again for another rep (same criterion, moment, N,
    timeframe and call type): every such pair of sessions are twins."""
    sessions, calls = random_case(seed)
    again = sessions.assign(rep=sessions["rep"].map({"Ana": "Ben", "Ben": "Cy", "Cy": "Dee", "Dee": "Ana"}),
                            session_id=sessions["session_id"] + "b")
    return pd.concat([sessions, again], ignore_index=True), calls


@pytest.mark.parametrize("seed", range(12))
def test_twin_sessions_figures_match_listing_every_pairs_calls(seed):
    sessions, calls = _with_twins(seed)
    if calls.empty:
        return
    twin = Chunks(sessions, calls).twin
    has_pairs = sessions["criterion"].isin(set(calls["criterion"])).to_numpy()
    half = len(sessions) // 2
    assert (twin[half:][has_pairs[half:]] < np.arange(half, len(sessions))[has_pairs[half:]]).all()
    pairs, got = panel(sessions, calls)
    want = listed_windows(sessions, calls, pairs)
    pd.testing.assert_frame_equal(got, want, check_dtype=False, rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("seed", range(12))
def test_twin_sessions_give_the_figures_each_session_worked_out_alone_gives(seed, monkeypatch):
    sessions, calls = _with_twins(seed)
    if calls.empty:
        return
    pairs, got = panel(sessions, calls)
    real_init = Chunks.__init__

    def no_twins(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        self.twin = np.arange(len(self.twin))

    monkeypatch.setattr(Chunks, "__init__", no_twins)
    alone_pairs, alone = panel(sessions, calls)
    pd.testing.assert_frame_equal(pairs, alone_pairs, check_exact=True)
    pd.testing.assert_frame_equal(got, alone, check_exact=True)  # bit for bit: NaN where NaN, the same floats elsewhere


def test_a_team_with_twin_sessions_gets_the_evidence_it_gets_without_them(monkeypatch):
    from coachlog_xl.core.refresh import compute
    from tests.evidence_kit import simulate

    inputs, as_of, _ = simulate(5.0, 7, reps=30, days=160)  # three sessions a date, on one criterion
    got = compute(inputs, as_of=as_of).followup
    real_init = Chunks.__init__

    def no_twins(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        assert (self.twin != np.arange(len(self.twin))).any()
        self.twin = np.arange(len(self.twin))

    monkeypatch.setattr(Chunks, "__init__", no_twins)
    inputs, as_of, _ = simulate(5.0, 7, reps=30, days=160)
    pd.testing.assert_frame_equal(got, compute(inputs, as_of=as_of).followup, check_exact=True)


@pytest.mark.parametrize("seed", range(8))
def test_the_rest_of_some_pairs_is_their_listed_figures_one_value_per_pair(seed):
    """Chunks.sparing: the windows every pair needs, R of the coached pairs only, and the rest of the
    pairs asked for only, one value per pair in order; each the figures of the pair's listed calls."""
    sessions, calls = _with_twins(seed)
    if calls.empty:
        return
    pairs, _ = panel(sessions, calls)
    want = listed_windows(sessions, calls, pairs)
    work, done = Chunks(sessions, calls, size=7), 0
    for i in range(len(work)):
        found, windows, rest = work.sparing(i)
        assert set(windows) == {"p", "B_n", "B_mean", "F_n", "R_n", "R_mean", "R_var"}
        here = want.iloc[done:done + len(found["p"])].reset_index(drop=True)
        done += len(found["p"])
        assert (windows["p"] == here["p"].to_numpy()).all()
        assert (found["rep_names"][found["rep_row"]] == pairs["rep"].to_numpy()[windows["p"]]).all()
        coached = found["coached"]
        wanted = np.random.default_rng(seed + i).random(len(found["p"])) < 0.3
        got = {**{c: windows[c] for c in ("B_n", "B_mean", "F_n")},
               **{c: v for c, v in windows.items() if c.startswith("R_")}, **rest(wanted)}
        for c, values in got.items():
            rows = coached if c.startswith("R_") else wanted if len(values) < len(coached) else slice(None)
            np.testing.assert_allclose(values.astype(float), here[c].to_numpy(dtype=float)[rows], rtol=1e-12,
                                       atol=1e-9, err_msg=c)
    assert done == len(pairs)



@pytest.mark.parametrize("seed", range(6))
def test_the_pairs_set_up_without_the_running_sums_works_once_they_are_made(seed):
    """The comparison group's set-up is made beside the windows without the calls' running sums and
    sent back pickled: it cannot work out a chunk until they are made, then its figures are those of
    the pairs' listed calls."""
    import pickle

    from coachlog_xl.core.windows import CallRuns

    sessions, calls = _with_twins(seed)
    if calls.empty:
        return
    runs = CallRuns(calls)
    sent = pickle.loads(pickle.dumps(Chunks(sessions, calls, size=7, runs=runs, sums=False)))
    assert len(sent) >= 1
    with pytest.raises(AttributeError):
        sent.sparing(0)
    sent.with_sums(calls, runs)
    chunked = [sent[i] for i in range(len(sent))]
    pairs = pd.concat([p for p, _ in chunked], ignore_index=True)
    got = pd.concat([w for _, w in chunked], ignore_index=True)
    pd.testing.assert_frame_equal(got, listed_windows(sessions, calls, pairs), check_dtype=False, rtol=1e-12,
                                  atol=1e-9)


@pytest.mark.parametrize(("types", "blank"), [
    (["inbound", "outbound", "Inbound"], False),
    (["inbound", "", "outbound"], True),  # an empty text
    (["inbound", None, "outbound"], True),
    (["inbound", float("nan"), "outbound"], True),
    (["inbound", " ", "outbound"], False),  # a space is a text, not a blank cell
])
def test_the_runs_say_whether_a_calls_type_is_blank(types, blank):
    """CallRuns.blank_types, found as the call types are factorised, is what the Baseline's mark of
    untyped calls looked for over the whole column (None, NaN or '' blank)."""
    from coachlog_xl.core.windows import CallRuns

    _, calls = random_case(3)
    calls = calls.assign(call_type=pd.Series([types[i % len(types)] for i in range(len(calls))], dtype=object))
    assert len(calls) >= len(types)
    assert CallRuns(calls).blank_types is blank

def test_id_rank_reads_digits_as_numbers_and_puts_a_blank_id_first():
    from coachlog_xl.core.windows import id_rank

    ids = pd.Series(["S-10", "S-2", None, "S-1", "S-2", float("nan"), "S-02"], dtype=object)
    # by hand: blank (None, NaN) < S-1 < S-2 = S-02 (a run of digits is its number) < S-10
    rank = id_rank(ids).tolist()
    assert rank[2] == rank[5] == 0
    assert rank[3] < rank[1] == rank[4] == rank[6] < rank[0]



def test_id_rank_of_ids_of_text_then_digits_orders_by_text_then_number():
    from coachlog_xl.core.windows import id_rank

    ids = ["S10", "T1", "S2", "S002", "100", "99", "S0", "S000", "S-3", "s1", "S9"]
    # by hand: the text first, by code point ("" < "S" < "S-" < "T" < "s"), then the number (leading
    # zeros aside): 99, 100; S0 = S000, S2 = S002, S9, S10; S-3; T1; s1
    assert id_rank(pd.Series(ids, dtype=object)).tolist() == [5, 7, 3, 3, 1, 0, 2, 2, 6, 8, 4]
    # with an id of another form (text after the digits, a blank, a number), each id read part by
    # part: the blank first, 7 before 99, S2a after S2 and before S9
    mixed = pd.Series([*ids, "S2a", None, 7], dtype=object)
    assert id_rank(mixed).tolist() == [8, 10, 5, 5, 3, 2, 4, 4, 9, 11, 7, 6, 0, 1]
