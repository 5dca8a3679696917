"""Numbers in reasons and Checks messages read as the sheets' 0.0 cells show them."""

from __future__ import annotations

import pytest

from coachlog_xl.core.wording import checks_line, count, points


@pytest.mark.parametrize(("value", "shown"), [
    (15.25, "15.3"),  # a half rounds away from zero, as a 0.0 cell shows it (Python's .1f gives 15.2)
    (0.25, "0.3"),
    (-15.25, "-15.3"),
    (-0.05, "-0.1"),
    (-0.04, "0.0"),  # no -0.0
    (-1e-14, "0.0"),
    (17.4, "17.4"),
    (0.1 + 0.2, "0.3"),
    (100.0, "100.0"),
])
def test_points_as_a_one_decimal_cell_shows_them(value, shown):
    assert points(value) == shown


def test_a_sign_on_every_signed_number_but_zero():
    # 0.04 and -0.04 show as 0.0 to one decimal: a signed figure keeps its sign at its first significant digit
    assert [points(v, sign=True) for v in (2.0, -2.0, 0.04, -0.04, 0.0, -0.0)] == [
        "+2.0", "-2.0", "+0.04", "-0.04", "0.0", "0.0"]


def test_counts_take_the_plural_from_two():
    assert [count(n, "earlier session") for n in (0, 1, 2)] == [
        "0 earlier sessions", "1 earlier session", "2 earlier sessions"]


def test_the_checks_line_counts_each_severity_in_its_number():
    assert checks_line({"error": 1, "info": 3}) == "1 error, 0 warnings, 3 notes"
