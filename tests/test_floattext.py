"""Floats written a column at a time are repr's text, in every range of magnitudes and for every special value."""

from __future__ import annotations

import math
import random
import struct

import pytest

from coachlog_xl.workbook import floattext
from coachlog_xl.workbook.floattext import float_reprs

EDGES = [0.0, -0.0, 1e-3, -1e-3, math.nextafter(1e-3, 0), 1e9, math.nextafter(1e9, 0), -1e9, 1e10, 1e15, 1e16,
         1e-4, 1e-5, 1e-6, 1e-7, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, float("nan"),
         float("inf"), float("-inf"), None, 100.0, -100.0, 0.1, 72.9, 59.83333333333334, 999999999.9999999]


def _any_float(pick: random.Random) -> float:
    """A float of any bit pattern (NaN and infinities among them)."""
    return struct.unpack("<d", pick.getrandbits(64).to_bytes(8, "little"))[0]


def _plain_range(pick: random.Random) -> float:
    """A float of any digits between a thousandth and a billion, where pyarrow's text is used."""
    return pick.choice([-1, 1]) * 10 ** pick.uniform(-3, 9) * (1 + pick.getrandbits(52) / 2**52)


def _decimal(pick: random.Random) -> float:
    """A value as a score or a mean of scores is: few decimals, or a ratio of small integers."""
    return pick.choice([round(pick.uniform(-100, 100), pick.randint(0, 4)),
                        pick.randint(-999, 999) / pick.randint(1, 400),
                        float(pick.randint(-10**9, 10**9))])


@pytest.mark.parametrize("seed", range(6))
def test_every_value_is_written_as_repr_writes_it(seed):
    pick = random.Random(seed)
    for make in (_any_float, _plain_range, _decimal):
        values = [make(pick) if pick.random() > 0.1 else None for _ in range(50_000)] + EDGES
        pick.shuffle(values)
        assert float_reprs(values) == list(map(repr, values))


def test_short_runs_and_runs_without_pyarrow_are_written_by_repr(monkeypatch):
    assert float_reprs(EDGES[:5]) == list(map(repr, EDGES[:5]))
    values = EDGES * 10
    monkeypatch.setattr(floattext, "pa", None)
    assert float_reprs(values) == list(map(repr, values))


def test_pyarrow_writes_a_whole_number_without_its_point_and_from_1e10_with_an_exponent():
    """The forms the module's range and fix work around; if pyarrow changed them the range could grow."""
    pa, pc = floattext.pa, floattext.pc
    assert pc.cast(pa.array([100.0, 1e10, 1e-6]), pa.string()).to_pylist() == ["100", "1e+10", "0.000001"]
