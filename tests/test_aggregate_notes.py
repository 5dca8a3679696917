"""Aggregate's header notes and its line on Start here say what each figure counts and over which sessions, so
that a manager reads them right: the deltas and their shares over valid comparisons, the decision shares over
sessions held (docs/rules.md, "Aggregates")."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.workbook.template import write_template

WRITTEN = "Written by Refresh"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path: Path = tmp_path_factory.mktemp("notes") / "coachlog.xlsx"
    write_template(path)
    return load_workbook(path)


@pytest.fixture(scope="module")
def notes(book) -> dict[str, str]:
    return {c.value: c.comment.text if c.comment else "" for c in book["Aggregate"][1] if c.value}


def test_every_aggregate_header_note_says_more_than_who_writes_it(notes):
    assert list(notes) == schema.AGGREGATE.headers
    for header, text in notes.items():
        assert text.startswith(WRITTEN), header  # (nobody is to type there)
        own = text.split("\n", 1)[1] if "\n" in text else ""
        assert len(own.split()) >= 5, header


@pytest.mark.parametrize(("header", "words"), [
    ("Mean delta", "valid comparisons"), ("Median delta", "valid comparisons"),
    ("Share improved", "valid comparisons"), ("Share improved", "above 0"),
    ("Share meeting threshold", "valid comparisons"), ("Valid comparisons", "Valid = yes"),
    ("Sessions", "scheduled and open ones included"), ("Left out", "Sessions - Valid comparisons"),
    ("Why left out", "first reason"), ("Why left out", "no follow-up calls"),
    ("Verdict", "Delta vs comparison"),
    ("Verdict", "(on the n of m sessions with a comparison group, or with an expected RTM gain)"),
    ("Verdict", "no valid comparison yet while a session left out may still become one"),
    ("Verdict", "no valid comparison until the Log rows are fixed"),
    ("Valid comparisons", "likely typed twice under another id counts once"),
    ("Left out", "scheduled"), ("Left out", "likely typed twice"),
    ("Why left out", "not held yet (scheduled)"), ("Why left out", "not complete (still open, no condition failed)"),
    ("Why left out", "Valid is no already"),
    ("Sessions held", "not scheduled"), ("Sessions held", "open windows included"),
    ("Share closing", "sessions held"), ("Share continuing", "sessions held"), ("Share escalating", "sessions held"),
    ("Before (baseline)", "baseline mean"), ("After (follow-up)", "follow-up mean"),
    ("Comparison change", "With comparison"), ("Pre-trend (placebo)", "before the baseline"),
])
def test_an_aggregate_note_says_what_its_column_counts_and_over_which_sessions(notes, header, words):
    assert words in notes[header]


def test_the_sessions_held_note_says_a_session_typed_twice_counts_once_there(notes):
    # two Log rows of one session under two ids: Sessions counts both (one left out), Sessions held the session once
    assert "likely typed twice under another id counts once here" in notes["Sessions held"]
    assert "fewer than Sessions" in notes["Sessions held"]


def _start_here(book) -> dict[str, str]:
    ws = book[schema.START]
    return {r[0].value: r[1].value for r in ws.iter_rows(min_col=1, max_col=2) if r[0].value and r[1].value}


def test_start_here_says_over_which_sessions_aggregate_counts_and_where_the_wilson_interval_is(book):
    lines = _start_here(book)
    aggregate = lines["Aggregate"]
    assert "Valid comparisons only" not in aggregate  # the decision shares are over sessions held
    assert "over valid comparisons only" in aggregate and "over sessions held" in aggregate
    interval = lines["The interval"]
    assert "the share at threshold has a Wilson interval" not in interval
    assert "Follow-up's Share at threshold has a Wilson interval" in interval
    assert "Aggregate's Share meeting threshold has none" in interval
