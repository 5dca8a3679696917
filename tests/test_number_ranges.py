"""What a follow-up number's cell takes, read from config's public ranges (docs/rules.md, "Settings and per-session
values"): the words of unmeasurable-follow-up come from them, not from a copy or a private name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from coachlog_xl.core import config, followupwords


def test_config_gives_each_follow_up_numbers_kind_and_range_read_only():
    # rules.md: Calls to review takes a whole number of calls from 2 to 1000, the threshold a score 0-100,
    # Timeframe (days) whole days up to 3660 (ten years), Calls needed at threshold whole calls from 1 to 1000
    assert config.NUMBER_RANGES["window_n"] == ("int", 2, 1000)
    assert config.NUMBER_RANGES["threshold"] == ("num", 0, 100)
    assert config.NUMBER_RANGES["timeframe_days"] == ("int", 1, 3660)
    assert config.NUMBER_RANGES["k_needed"] == ("int", 1, 1000)
    with pytest.raises(TypeError):
        config.NUMBER_RANGES["window_n"] = ("int", 1, 1000)  # type: ignore[index]


def test_the_words_of_what_a_cell_takes_come_from_those_ranges():
    assert followupwords.allowed("window_n") == "a whole number of calls from 2 to 1000"
    assert followupwords.allowed("timeframe_days") == "a whole number of days from 1 to 3660"
    assert followupwords.allowed("threshold") == "a score from 0 to 100"
    assert followupwords.allowed("k_needed") == "a whole number of calls from 1 to 1000"


def test_followupwords_imports_no_private_name():
    tree = ast.parse(Path(followupwords.__file__).read_text())
    private = [a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
               for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
    assert private == []
