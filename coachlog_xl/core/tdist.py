"""Student's t distribution from the standard library and numpy: its CDF, density and quantiles.

The package does not depend on scipy, so the t distribution is computed here: its CDF through the
regularized incomplete beta function (continued fraction, Lentz's method, as in Press et al.,
*Numerical Recipes*, 3rd ed., section 6.4) and its quantile by Halley steps on that CDF from the
Cornish-Fisher series (Newton steps inside a bracket where they do not settle).  Many quantiles at
once (:func:`t_quantiles`) take their steps side by side as arrays, float for float the steps of one
quantile alone.
tests/test_evidence_intervals.py compares them with scipy over a grid of degrees of freedom.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

_EPS = 1e-15
_TINY = 1e-300
_LARGE_DF = 1e4
# distinct degrees of freedom from which :func:`t_quantiles` takes the Halley steps as arrays: their numpy
# calls cost about 1.5 ms whatever the arrays' length, one quantile alone about 0.03 ms (the Aggregate
# asks for a few at a time, a few dozen times a refresh)
ARRAYS_FROM = 48


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        # the even and the odd step of the fraction, written out (this loop is the hot spot of the refresh)
        num = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + num * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + num / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        num = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + num * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + num / c
        c = c if abs(c) > _TINY else _TINY
        last = d * c
        h *= last
        if abs(last - 1.0) < _EPS:
            break
    return h


def _beta_fractions(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """:func:`_beta_fraction` of many (a, b, x) at once: the same steps, value for value (numpy's
    + - * / round as Python's do), each value leaving the loop when its own fraction has settled."""
    out = np.empty(len(a))
    at = np.arange(len(a))
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = np.ones(len(a))
    d = 1.0 - qab * x / qap
    d = 1.0 / np.where(np.abs(d) > _TINY, d, _TINY)
    h = d
    with np.errstate(all="ignore"):  # overflow to inf and inf - inf to NaN, as Python's floats do
        for m in range(1, 500):
            m2 = 2 * m
            num = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1.0 + num * d
            d = 1.0 / np.where(np.abs(d) > _TINY, d, _TINY)
            c = 1.0 + num / c
            c = np.where(np.abs(c) > _TINY, c, _TINY)
            h = h * (d * c)
            num = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1.0 + num * d
            d = 1.0 / np.where(np.abs(d) > _TINY, d, _TINY)
            c = 1.0 + num / c
            c = np.where(np.abs(c) > _TINY, c, _TINY)
            last = d * c
            h = h * last
            settled = np.abs(last - 1.0) < _EPS
            if settled.any():
                out[at[settled]] = h[settled]
                going = ~settled
                at, a, b, x, qab, qap, qam, c, d, h = (v[going] for v in (at, a, b, x, qab, qap, qam, c, d, h))
                if not len(at):
                    break
    out[at] = h
    return out


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b) for a, b > 0 and 0 <= x <= 1."""
    return _incomplete_beta(a, b, x, 1.0 - x)


def _incomplete_beta(a: float, b: float, x: float, y: float) -> float:
    """I_x(a, b) given both ``x`` and ``y`` = 1 - x, each as exact as the caller has it (1 - x computed
    from a rounded x near 1 keeps few digits)."""
    if x <= 0.0:
        return 0.0
    if y <= 0.0:
        return 1.0
    front, lower = _beta_front(a, b, x, y)
    return _beta_with(front, lower, _beta_fraction(a, b, x) if lower else _beta_fraction(b, a, y), a, b)


def _beta_with(front: float, lower: bool, fraction: float, a: float, b: float) -> float:
    """I_x(a, b) from the factor in front, the side the fraction was taken on and that fraction."""
    return front * fraction / a if lower else 1.0 - front * fraction / b


def _beta_front(a: float, b: float, x: float, y: float) -> tuple[float, bool]:
    """The factor x^a y^b / B(a, b) in front of the fraction, and whether the fraction of (a, b, x)
    converges fast there (else that of (b, a, y) is used: I_x(a, b) = 1 - I_y(b, a))."""
    big, small = max(a, b), min(a, b)
    log_front = _log_gamma_ratio(big, small) - math.lgamma(small) + a * math.log(x) + b * math.log(y)
    return math.exp(log_front), x < (a + 1.0) / (a + b + 2.0)


def _stirling_rest(x: float) -> float:
    """What Stirling's series adds to (x - 1/2) log x - x + log(2 pi) / 2 to make log Gamma(x), x >= 20."""
    inv = 1.0 / x
    sq = inv * inv
    return inv * (1 / 12 - sq * (1 / 360 - sq * (1 / 1260 - sq / 1680)))


def _log_gamma_ratio(x: float, h: float) -> float:
    """log Gamma(x + h) - log Gamma(x), h > 0.  For large x the two log-gammas are large and nearly
    equal, so their difference loses digits; Stirling's series gives it without the cancellation."""
    if x < 20.0:
        return math.lgamma(x + h) - math.lgamma(x)
    return (x - 0.5) * math.log1p(h / x) + h * math.log(x + h) - h + _stirling_rest(x + h) - _stirling_rest(x)


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` (> 0, not necessarily whole) degrees of freedom."""
    return _cdf(t, _incomplete_beta(*_halves(t, df)))


def _halves(t: float, df: float) -> tuple[float, float, float, float]:
    """(a, b, x, 1 - x) of the incomplete beta that gives the t distribution's two tails at ``t``."""
    spread = df + t * t
    return df / 2.0, 0.5, df / spread, t * t / spread


def _cdf(t: float, beta: float) -> float:
    """P(T <= t) from the incomplete beta of :func:`_halves` (both tails' mass)."""
    tail = 0.5 * beta
    return 1.0 - tail if t > 0 else tail


def t_pdf(t: float, df: float) -> float:
    return _density(t, df, _log_scale(df))


def _log_scale(df: float) -> float:
    """The log of the t density's constant: Gamma((df + 1) / 2) / (Gamma(df / 2) sqrt(df pi))."""
    return _log_gamma_ratio(df / 2, 0.5) - 0.5 * math.log(df * math.pi)


def _density(t: float, df: float, log_scale: float) -> float:
    return math.exp(log_scale - (df + 1) / 2 * math.log1p(t * t / df))


@lru_cache(maxsize=1 << 16)
def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (0 < p < 1, df > 0); remembered,
    as the same degrees of freedom come back for many sessions and groups."""
    if not 0.0 < p < 1.0 or not df > 0:
        raise ValueError(f"t_quantile needs 0 < p < 1 and df > 0, got p={p}, df={df}")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if p == 0.5:
        return 0.0
    start = _cornish_fisher(normal_quantile(p), df)
    if df > _LARGE_DF:  # the incomplete beta loses digits here; the Cornish-Fisher series is exact to 1e-12
        return start
    t = _halley(p, df, start)
    return t if t is not None else _bracketed_newton(p, df, start)


def _cornish_fisher(z: float, df: float) -> float:
    """The Cornish-Fisher series of the t quantile from the normal one, to 1/df^4 (Abramowitz &
    Stegun 26.7.5): within about 1e-6 of the quantile from 12 degrees of freedom up."""
    z2 = z * z
    g1 = z * (z2 + 1) / 4
    g2 = z * ((5 * z2 + 16) * z2 + 3) / 96
    g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384
    g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160
    return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df


def _halley(p: float, df: float, t: float) -> float | None:
    """Halley steps on the CDF from ``t`` (cubic convergence: from the series' start, one CDF value
    from about 15 degrees of freedom up, two below); None when a step leaves the positive axis or it
    does not settle."""
    log_scale = _log_scale(df)
    for _ in range(20):
        density = _density(t, df, log_scale)
        if not density > _TINY:
            return None
        stepped = _halley_step(p, df, t, t_cdf(t, df), density)
        if stepped is None:
            return None
        t, settled = stepped
        if settled:
            return t
    return None


def _halley_step(p: float, df: float, t: float, cdf: float, density: float) -> tuple[float, bool] | None:
    """One Halley step from ``t`` given the CDF and density there: (the next t, whether it has settled),
    or None when the step leaves the positive axis."""
    ratio = (cdf - p) / density  # the Newton step
    bend = -(df + 1) * t / (df + t * t)  # the density's slope over the density
    step = ratio / (1.0 - 0.5 * ratio * bend)
    nxt = t - step
    if not (nxt > 0 and math.isfinite(nxt)):
        return None
    # the error after a step is of the order of the step cubed: a step under 1e-5 leaves ~1e-15
    return nxt, abs(step) <= 1e-5 * max(1.0, nxt)


def t_quantiles(p: float, dfs: Sequence[float]) -> list[float]:
    """:func:`t_quantile` of ``p`` for each of ``dfs``, value for value: the Halley steps of every
    distinct df taken side by side as arrays (:data:`ARRAYS_FROM` distinct or more, else one at a time).
    numpy's + - * / round as Python's do; each log, exp and log-gamma is still the ``math`` module's
    (numpy's own may differ in the last bit)."""
    df = np.asarray(dfs, dtype=float)
    out = np.empty(len(df))
    stepping = (df > 0) & (df <= _LARGE_DF) if 0.5 < p < 1.0 else np.zeros(len(df), dtype=bool)
    for i in np.flatnonzero(~stepping).tolist():  # the cases without Halley steps
        out[i] = t_quantile(p, dfs[i])
    distinct, where = np.unique(df[stepping], return_inverse=True)
    if len(distinct) < ARRAYS_FROM:  # (each alone: remembered, and the arrays' steps cost more for a few)
        found = np.array([t_quantile(p, d) for d in distinct.tolist()], dtype=float)
    else:
        found = _halley_all(p, distinct)
    out[stepping] = found[where]
    return out.tolist()


def _halley_all(p: float, df: np.ndarray) -> np.ndarray:
    """:func:`_halley`, else :func:`_bracketed_newton`, from the Cornish-Fisher start of each ``df``."""
    start = _cornish_fisher(normal_quantile(p), df)
    out = np.empty(len(df))
    at, t, scale = np.arange(len(df)), start, _log_scales(df)
    for _ in range(20):
        if not len(at):
            break
        density = _each(math.exp, scale - (df[at] + 1) / 2 * _each(math.log1p, t * t / df[at]))
        flat = ~(density > _TINY)
        cdf = np.full(len(at), np.nan)
        cdf[~flat] = _t_cdf_all(t[~flat], df[at[~flat]])
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            ratio = (cdf - p) / density  # the Newton step
            bend = -(df[at] + 1) * t / (df[at] + t * t)  # the density's slope over the density
            step = ratio / (1.0 - 0.5 * ratio * bend)
            nxt = t - step
        astray = flat | ~((nxt > 0) & np.isfinite(nxt))
        settled = ~astray & (np.abs(step) <= 1e-5 * np.maximum(1.0, nxt))
        for i in at[astray].tolist():
            out[i] = _bracketed_newton(p, float(df[i]), float(start[i]))
        out[at[settled]] = nxt[settled]
        going = ~astray & ~settled
        at, t, scale = at[going], nxt[going], scale[going]
    for i in at.tolist():  # not settled in 20 steps
        out[i] = _bracketed_newton(p, float(df[i]), float(start[i]))
    return out


def _each(fn: Callable[[float], float], values: np.ndarray) -> np.ndarray:
    """``fn`` (a function of the ``math`` module) of each of ``values``."""
    return np.fromiter(map(fn, values.tolist()), dtype=float, count=len(values))


def _log_gamma_ratios(x: np.ndarray, h: np.ndarray) -> np.ndarray:
    """:func:`_log_gamma_ratio` of each (x, h)."""
    out = np.empty(len(x))
    near = x < 20.0
    xs, hs = x[near], h[near]
    out[near] = _each(math.lgamma, xs + hs) - _each(math.lgamma, xs)
    xs, hs = x[~near], h[~near]
    out[~near] = ((xs - 0.5) * _each(math.log1p, hs / xs) + hs * _each(math.log, xs + hs) - hs
                  + _stirling_rest(xs + hs) - _stirling_rest(xs))
    return out


def _log_scales(df: np.ndarray) -> np.ndarray:
    """:func:`_log_scale` of each ``df``."""
    return _log_gamma_ratios(df / 2, np.full(len(df), 0.5)) - 0.5 * _each(math.log, df * math.pi)


def _t_cdf_all(t: np.ndarray, df: np.ndarray) -> np.ndarray:
    """:func:`t_cdf` of each (t, df), from :func:`_halves`, :func:`_beta_front`, :func:`_beta_with`
    and :func:`_cdf` written as arrays, the continued fractions computed all at once."""
    with np.errstate(over="ignore", invalid="ignore"):  # t * t past the largest float: inf, as Python's is
        spread = df + t * t
        a, x, y = df / 2.0, df / spread, t * t / spread
    inner = (x > 0.0) & (y > 0.0)
    ai, xi, yi = a[inner], x[inner], y[inner]
    big, small = np.maximum(ai, 0.5), np.minimum(ai, 0.5)
    log_front = (_log_gamma_ratios(big, small) - _each(math.lgamma, small) + ai * _each(math.log, xi)
                 + 0.5 * _each(math.log, yi))
    front = _each(math.exp, log_front)
    lower = xi < (ai + 1.0) / (ai + 0.5 + 2.0)
    fraction = _beta_fractions(np.where(lower, ai, 0.5), np.where(lower, 0.5, ai), np.where(lower, xi, yi))
    beta = np.where(x <= 0.0, 0.0, 1.0)
    beta[inner] = np.where(lower, front * fraction / ai, 1.0 - front * fraction / 0.5)
    tail = 0.5 * beta
    return np.where(t > 0, 1.0 - tail, tail)


def _bracketed_newton(p: float, df: float, start: float) -> float:
    """Newton steps kept inside a bracket of the root found from ``start`` (slower, always settles)."""
    lo, hi = 0.0, max(start * 1.01, 1.0)
    while t_cdf(hi, df) < p:
        lo, hi = hi, hi * 2.0
    t = min(max(start, lo), hi)
    for _ in range(200):
        f = t_cdf(t, df) - p
        if f > 0:
            hi = t
        else:
            lo = t
        step = f / max(t_pdf(t, df), _TINY)
        nxt = t - step
        if not lo < nxt < hi:
            nxt = (lo + hi) / 2.0
        if abs(nxt - t) <= 1e-12 * max(1.0, abs(t)):
            return nxt
        t = nxt
    return t


@lru_cache(maxsize=64)
def normal_quantile(p: float) -> float:
    """The standard normal quantile, by bisection-safe Newton on ``math.erf`` (|error| < 1e-12)."""
    lo, hi, x = -40.0, 40.0, 0.0
    for _ in range(200):
        f = 0.5 * (1.0 + math.erf(x / math.sqrt(2.0))) - p
        if f > 0:
            hi = x
        else:
            lo = x
        dens = math.exp(-x * x / 2.0) / math.sqrt(2.0 * math.pi)
        nxt = x - f / dens if dens > _TINY else (lo + hi) / 2.0
        if not lo < nxt < hi:
            nxt = (lo + hi) / 2.0
        if abs(nxt - x) < 1e-13:
            return nxt
        x = nxt
    return x
