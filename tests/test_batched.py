"""coachlog_xl.core.batched gives, many groups at a time, the floats its one-group formulas give."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coachlog_xl.core import batched
from coachlog_xl.core.intervals import mean_sd

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)
# a float anywhere from the subnormals to 2 ** 1000 (or below 2 ** 500: squares that do not overflow), of either sign
spread = st.builds(math.ldexp, st.floats(-1.0, 1.0, allow_subnormal=False), st.integers(-1100, 1000))
squarable = st.builds(math.ldexp, st.floats(-1.0, 1.0, allow_subnormal=False), st.integers(-1100, 500))


@st.composite
def near_a_power_of_two(draw) -> list[float]:
    """±2 ** k with small terms (a few ulps of it and far below), some of them cancelling it toward 0,
    shuffled: sums at and beside a power of two, of either sign, within a hair of rounding ties."""
    k = draw(st.integers(-960, 960))
    sign = draw(st.sampled_from([-1.0, 1.0]))
    terms = draw(st.lists(st.tuples(st.sampled_from([-1.0, 1.0]), st.integers(50, 260)), min_size=1, max_size=6))
    row = [sign * 2.0 ** k] + [s * 2.0 ** (k - j) for s, j in terms]
    return draw(st.permutations(row))


@st.composite
def cancelling(draw) -> list[float]:
    """Values, the same values negated, and a few more: a sum far smaller than its terms."""
    values = draw(st.lists(spread, min_size=1, max_size=12))
    rest = draw(st.lists(spread, max_size=3))
    return draw(st.permutations(values + [-v for v in values] + rest))


rows_of = st.one_of(st.lists(finite, max_size=40), st.lists(spread, max_size=40), near_a_power_of_two(), cancelling())


def padded(lists: list[list[float]]) -> np.ndarray:
    """The lists as the rows of one array, padded with zeros (as :class:`batched.Groups` pads them)."""
    group = np.repeat(np.arange(len(lists)), [len(v) for v in lists])
    return batched.Groups(group, len(lists)).rows(np.array([x for v in lists for x in v], dtype=float))


def same(got: np.ndarray, expected: list[float]) -> bool:
    """The same floats, sign of zero and NaN included."""
    return [x.hex() for x in got.tolist()] == [float(x).hex() for x in expected]


@settings(max_examples=400, deadline=None)
@given(lists=st.lists(rows_of, min_size=1, max_size=8))
@example(lists=[[-1.0, 2.0 ** -54, 2.0 ** -200]])
@example(lists=[[1.0, -(2.0 ** -54), -(2.0 ** -200)], [], [-0.0], [2.0 ** -1074, -(2.0 ** -1074)]])
def test_fsums_is_math_fsum_of_each_row(lists):
    rows = padded(lists)
    assert same(batched.fsums(rows), [math.fsum(row) for row in rows.tolist()])


def test_fsums_of_a_negative_sum_just_above_a_power_of_two_rounds_away_from_it():
    # -1 + 2**-54 is the tie between -1 and its neighbour -1 + 2**-53; the 2**-200 beyond it rounds
    # the sum to the neighbour
    assert same(batched.fsums(np.array([[-1.0, 2.0 ** -54, 2.0 ** -200]])), [-1.0 + 2.0 ** -53])


def test_mean_of_a_negative_sum_just_above_a_power_of_two_is_mean_sd_s():
    # the sum -2 + 2**-53 + 2**-199 lies past the tie between -2 and -2 + 2**-52, so rounds to the
    # latter; a quarter of it is -0.5 + 2**-54
    values = [-1.0, -1.0, 2.0 ** -53, 2.0 ** -199]
    mean, _ = batched.mean_sds(np.array(values), batched.Groups(np.zeros(4, dtype=np.int64), 1))
    assert same(mean, [-0.5 + 2.0 ** -54])
    assert mean.tolist() == [mean_sd(values)[0]]


def test_fsums_past_the_largest_float_raises_as_math_fsum_does():
    # the largest float plus a sum just under half its ulp (2**970) that its rounded partial sums
    # keep below it, while the exact sum is past it
    row = [np.finfo(float).max, 2.0 ** 970 - 2.0 ** 920] + [2.0 ** 916 - 2.0 ** 864] * 32
    with pytest.raises(OverflowError):
        math.fsum(row)
    with pytest.raises(OverflowError):
        batched.fsums(np.array([row]))


def test_fsums_of_rows_with_nan_or_infinities_are_math_fsum_s():
    rows = [[math.nan, 1.0, 2.0], [math.inf, 1.0, -2.0], [-math.inf, 5.0, 0.0]]
    assert same(batched.fsums(np.array(rows)), [math.nan, math.inf, -math.inf])


@settings(max_examples=200, deadline=None)
@given(lists=st.lists(st.lists(st.one_of(squarable, st.floats(-1e150, 1e150)), min_size=1, max_size=30),
                      min_size=1, max_size=6))
@example(lists=[[-1.0, -1.0, 2.0 ** -53, 2.0 ** -199]])
def test_mean_sds_are_mean_sd_of_each_group(lists):
    group = np.repeat(np.arange(len(lists)), [len(v) for v in lists])
    mean, sd = batched.mean_sds(np.array([x for v in lists for x in v]), batched.Groups(group, len(lists)))
    expected = [mean_sd(v) for v in lists]
    assert same(mean, [m for m, _ in expected])
    assert same(sd, [math.nan if s is None else s for _, s in expected])


def wide_values(rng: np.random.Generator, n: int) -> np.ndarray:
    """Values whose float sum depends on the order they are added in."""
    return rng.standard_normal(n) * 10.0 ** rng.integers(-12, 12, n)


def group_means(sizes: list[int], values: np.ndarray) -> tuple[np.ndarray, list[float]]:
    """``batched.means`` of consecutive groups of ``sizes`` and numpy.mean of each group alone."""
    group = np.repeat(np.arange(len(sizes)), sizes)
    starts = np.concatenate(([0], np.cumsum(sizes)))
    return (batched.means(values, batched.Groups(group, len(sizes))),
            [float(np.mean(values[a:b])) for a, b in zip(starts[:-1], starts[1:])])


def test_means_are_numpy_mean_for_every_group_size_to_300_and_some_above_1000():
    sizes = [*range(1, 301), 1000, 1023, 1024, 1025, 1031, 2047, 2048, 4099]
    rng = np.random.default_rng(11)
    got, expected = group_means(sizes, wide_values(rng, sum(sizes)))
    assert same(got, expected)
    shuffled = rng.permutation(sizes).tolist()  # sizes mixed, repeated sizes apart
    got, expected = group_means(shuffled + shuffled, wide_values(rng, 2 * sum(sizes)))
    assert same(got, expected)


@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.one_of(st.integers(1, 300), st.integers(1001, 1300)), min_size=1, max_size=10),
       seed=st.integers(0, 2 ** 32 - 1))
def test_means_are_numpy_mean_of_each_group(sizes, seed):
    got, expected = group_means(sizes, wide_values(np.random.default_rng(seed), sum(sizes)))
    assert same(got, expected)


def test_means_of_an_empty_group_is_nan():
    got = batched.means(np.array([2.0, 4.0]), batched.Groups(np.array([0, 0]), 2))
    assert same(got, [3.0, math.nan])


@settings(max_examples=300, deadline=None)
@given(xs=st.lists(st.floats(allow_nan=False, min_value=-1e154, max_value=1e154), min_size=1, max_size=50))
@example(xs=[-0.0, 5e-324, -5e-324, 2.0 ** -537, -(2.0 ** -538), 2.2250738585072014e-308, -1.0000000000000002])
def test_float_power_squares_are_python_s_square(xs):
    assert same(np.float_power(np.array(xs), 2), [x ** 2 for x in xs])


def _outcome(fn, values):
    try:
        return repr(fn(values))
    except (OverflowError, ValueError) as error:
        return type(error).__name__


@given(st.lists(st.one_of(spread, st.just(math.nan), st.just(math.inf)), min_size=60, max_size=150))
@settings(max_examples=300, deadline=None)
@example([1e200, -1e200] * 40)  # squares past the largest float: Python's ** 2 raises
@example([1.0, math.nan] * 40)
def test_mean_sd_of_many_values_is_the_plain_formulas(values):
    def plain(v):  # the formulas as written, one Python square at a time
        mean = math.fsum(v) / len(v)
        return mean, math.sqrt(math.fsum((x - mean) ** 2 for x in v) / (len(v) - 1))

    assert _outcome(mean_sd, values) == _outcome(plain, values)
