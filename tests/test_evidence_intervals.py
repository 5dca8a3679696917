"""The interval arithmetic of coachlog_xl.core.intervals against scipy, statsmodels and worked examples."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from coachlog_xl.core import tdist
from coachlog_xl.core.batched import Parts, intervals
from coachlog_xl.core.intervals import combine, mean_interval, welch, wilson
from coachlog_xl.core.tdist import (
    _beta_fraction,
    _beta_fractions,
    _t_cdf_all,
    incomplete_beta,
    normal_quantile,
    t_cdf,
    t_quantile,
    t_quantiles,
)

DFS = [0.5, 1, 1.5, 2, 3, 4.7, 5, 7.25, 9, 10, 17.3, 18, 19.99, 20.01, 29.9, 30, 39.9, 40.1, 60, 100, 250, 1000,
       5000, 9999, 12_000, 1e6]
PROBS = [0.5005, 0.55, 0.75, 0.9, 0.95, 0.975, 0.99, 0.995, 0.9995, 0.025, 0.001]


@pytest.mark.parametrize("df", DFS)
def test_t_quantile_matches_scipy_over_a_grid_of_degrees_of_freedom(df):
    for p in PROBS:
        expected = stats.t.ppf(p, df)
        assert t_quantile(p, df) == pytest.approx(expected, rel=1e-11, abs=1e-13), (p, df)


@pytest.mark.parametrize("p", PROBS)
def test_t_quantiles_side_by_side_match_scipy_and_each_quantile_alone(p):
    rng = np.random.default_rng(7)
    dfs = DFS + list(np.exp(rng.uniform(math.log(0.3), math.log(2e4), 150))) + [9, 9, 18.5]
    got = t_quantiles(p, dfs)
    assert got == pytest.approx(stats.t.ppf(p, dfs), rel=1e-11, abs=1e-13)
    t_quantile.cache_clear()
    assert got == [t_quantile(p, df) for df in dfs]  # the same floats, not only close


@settings(max_examples=150, deadline=None)
@given(p=st.sampled_from([0.975, 0.5005, 0.9995, 0.6]),
       dfs=st.lists(st.one_of(st.floats(0.01, 2e4), st.integers(1, 400), st.sampled_from([19.999, 20.0, 40.0, 1e4])),
                    min_size=0, max_size=40))
def test_t_quantiles_are_t_quantile_float_for_float(p, dfs):
    # the Halley steps as arrays (numpy's arithmetic, the math module's log, exp and lgamma) give
    # the floats the scalar steps give, df by df; a few distinct dfs are taken one at a time
    t_quantile.cache_clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tdist, "ARRAYS_FROM", 0)  # (every df through the arrays)
        got = t_quantiles(p, dfs)
    t_quantile.cache_clear()
    assert [v.hex() for v in got] == [float(t_quantile(p, df)).hex() for df in dfs]
    t_quantile.cache_clear()
    assert [v.hex() for v in t_quantiles(p, dfs)] == [v.hex() for v in got]


@settings(max_examples=150, deadline=None)
@given(points=st.lists(st.tuples(st.floats(-1e160, 1e160, allow_nan=False), st.floats(1e-3, 1e5)), max_size=30))
def test_t_cdfs_as_arrays_are_t_cdf_float_for_float(points):
    ts, dfs = (np.array([v[i] for v in points], dtype=float) for i in (0, 1))
    assert [v.hex() for v in _t_cdf_all(ts, dfs).tolist()] == [t_cdf(t, df).hex() for t, df in points]


def test_beta_fractions_side_by_side_are_each_fraction_alone():
    rng = np.random.default_rng(3)
    a, b = rng.uniform(0.05, 60, 400), rng.uniform(0.05, 60, 400)
    x = np.concatenate([rng.uniform(0, 1, 398), [0.0, 1.0]])
    assert _beta_fractions(a, b, x).tolist() == [_beta_fraction(*v) for v in zip(a.tolist(), b.tolist(), x.tolist())]


def test_batched_intervals_are_combine_s_intervals():
    cases = [(1.5, [(4.0, 9), (2.25, 18)]), (-3.0, [(0.5, 1.7)]), (2.0, [(0.0, 4), (0.0, 9)]), (0.0, [(1e-9, 30)]),
             (7.0, [(3.0, 2), (0.0, 5), (1.0, 40)])]
    padded = [parts + [(0.0, 1.0)] * (3 - len(parts)) for _, parts in cases]  # a part of variance 0 pads a row
    low, high = intervals(np.array([e for e, _ in cases]), Parts(np.array([[v for v, _ in p] for p in padded]),
                                                                  np.array([[df for _, df in p] for p in padded])))
    expected = [combine(e, parts) for e, parts in cases]
    assert (low.tolist(), high.tolist()) == ([iv.low for iv in expected], [iv.high for iv in expected])


@pytest.mark.parametrize("df", [0.5, 1, 2, 5, 9.5, 30, 400, 5000])
def test_t_cdf_and_incomplete_beta_match_scipy(df):
    for t in (-12.0, -2.1, -0.3, 0.0, 0.4, 1.96, 3.5, 40.0):
        assert t_cdf(t, df) == pytest.approx(stats.t.cdf(t, df), abs=1e-12)
    for a, b, x in ((df / 2, 0.5, 0.3), (2.0, 3.0, 0.9), (0.7, 5.0, 0.01)):
        assert incomplete_beta(a, b, x) == pytest.approx(stats.beta.cdf(x, a, b), abs=1e-12)


def test_t_quantiles_of_the_printed_tables():
    # Student's t table: t(0.975, 1) = 12.706, t(0.975, 9) = 2.262, t(0.975, 18) = 2.101, z = 1.960.
    assert round(t_quantile(0.975, 1), 3) == 12.706
    assert round(t_quantile(0.975, 9), 3) == 2.262
    assert round(t_quantile(0.975, 18), 3) == 2.101
    assert round(normal_quantile(0.975), 3) == 1.960


def test_t_quantile_rejects_a_probability_outside_zero_and_one():
    with pytest.raises(ValueError, match="0 < p < 1"):
        t_quantile(1.0, 5)


def test_welch_interval_matches_scipy_ttest_ind():
    rng = np.random.default_rng(3)
    for _ in range(20):
        after = list(rng.normal(75, rng.uniform(3, 20), size=rng.integers(2, 15)))
        before = list(rng.normal(65, rng.uniform(3, 20), size=rng.integers(2, 15)))
        ref = stats.ttest_ind(after, before, equal_var=False)
        ci = ref.confidence_interval(0.95)
        got = welch(after, before)
        assert (got.low, got.high) == pytest.approx((ci.low, ci.high), rel=1e-9)
        assert got.df == pytest.approx(ref.df, rel=1e-9)


def test_welch_by_hand_on_the_worked_example_of_domain_md():
    before = [60, 62, 64, 66, 68, 70, 58, 62, 66, 69]
    after = [70, 75, 80, 85, 82, 88, 90, 79, 84, 86]
    # sample variances: sum of squared deviations / 9
    var_b = sum((v - 64.5) ** 2 for v in before) / 9
    var_a = sum((v - 81.9) ** 2 for v in after) / 9
    se2 = var_a / 10 + var_b / 10
    df = se2**2 / ((var_a / 10) ** 2 / 9 + (var_b / 10) ** 2 / 9)
    half = stats.t.ppf(0.975, df) * math.sqrt(se2)
    got = welch(after, before)
    assert got.estimate == pytest.approx(17.4)
    assert (got.low, got.high, got.df) == pytest.approx((17.4 - half, 17.4 + half, df))


def test_welch_centres_on_a_recorded_baseline_and_needs_two_calls_a_side():
    got = welch([80, 90], [60, 70], centre=12.0)
    assert got.estimate == 12.0 and got.high - 12.0 == pytest.approx(12.0 - got.low)
    assert welch([80], [60, 70]) is None


def test_an_exact_difference_has_a_zero_width_interval():
    got = welch([100, 100, 100], [0, 0, 0])
    assert (got.low, got.high) == (100, 100)
    assert combine(3.0, [(0.0, 4), (0.0, 9)]).margin == 0


def test_mean_interval_matches_scipy():
    values = [3.0, -1.5, 8.2, 4.4, 0.3, 6.1]
    ref = stats.t.interval(0.95, len(values) - 1, loc=np.mean(values), scale=stats.sem(values))
    got = mean_interval(values)
    assert (got.low, got.high) == pytest.approx(ref, rel=1e-10)
    assert mean_interval([2.0]) is None


def test_wilson_matches_statsmodels():
    k, n = np.array([0, 1, 7, 10, 3, 45, 1]), np.array([10, 10, 10, 10, 5, 60, 1])
    low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
    got_low, got_high = wilson(k, n)
    assert got_low == pytest.approx(low, abs=1e-7) and got_high == pytest.approx(high, abs=1e-7)


def test_wilson_worked_examples_seven_of_ten_and_none_of_four():
    # p = 0.7, z = 1.96: centre (0.7 + 1.96^2/20) / (1 + 1.96^2/10), half-width as Wilson (1927)
    z = 1.959963984540054
    centre = (0.7 + z * z / 20) / (1 + z * z / 10)
    half = z / (1 + z * z / 10) * math.sqrt(0.7 * 0.3 / 10 + z * z / 400)
    # p = 0 of n = 4: centre (z^2/8) / (1 + z^2/4) and half-width z / (1 + z^2/4) * sqrt(z^2/64), the
    # same: the low end is 0
    zero_centre = (z * z / 8) / (1 + z * z / 4)
    zero_half = z / (1 + z * z / 4) * math.sqrt(z * z / 64)
    low, high = wilson(np.array([7, 0]), np.array([10, 4]))
    assert low.tolist() == pytest.approx([centre - half, 0.0]) and 0.0 <= low[1] < 1e-15
    assert high.tolist() == pytest.approx([centre + half, zero_centre + zero_half])
    assert (low[0], high[0]) == pytest.approx((0.3968, 0.8922), abs=1e-4)


def test_change_labels_name_each_interval_as_change_label_names_one():
    from coachlog_xl.core.intervals import DECLINED, IMPROVED, NOISE, change_label, change_labels

    low = [0.5, -2.0, -1.0, 0.0, np.nan, 1.0, -3.0, np.nan]
    high = [2.0, -0.5, 1.0, 3.0, 1.0, np.nan, 0.0, np.nan]
    want = [IMPROVED, DECLINED, NOISE, NOISE, None, None, NOISE, None]  # 0 itself is inside the interval
    assert change_labels(np.array(low), np.array(high)) == want
    assert [change_label(lo, hi) for lo, hi in zip(low, high)] == want
    assert change_labels(np.zeros(0), np.zeros(0)) == []
