"""A workbook of the first template keeps its Score scale row as that template wrote it: "0-100" beside "Scores are
compared on 0-100; exports on other scales are converted to it.", which asked for what "auto" does now (each paste's
scale detected).  Since 0.2.0 a named 0-100 turns detection off; read so, an upgraded team's 1-5 ratings became 4
points out of 100 (deltas of -75, escalations, and a baseline of 3.4 recorded for good).  That row is read as auto,
and Checks says so; 0-100 beside any other text still turns detection off."""

from __future__ import annotations

import datetime as dt

import pytest

from coachlog_xl.core.config import EARLIER_SCALE_HELP
from tests.wbkit import one_rep_book, records, run


def _book(path, help_text: str):
    """Bo Park's ten calls rated 3 (of 5) from 2026-02-28 to 03-09 and ten rated 4 from 03-11 to 03-20 around
    S-1 of 03-10, the Settings Score scale 0-100 beside ``help_text``."""
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i if i < 10 else i + 1) for i in range(20)]
    wb = one_rep_book(path, [(day, 3 if i < 10 else 4) for i, day in enumerate(days)],
                      [{"Session ID": "S-1", "Session date": dt.datetime(2026, 3, 10),
                        "Development target": "Name the concern first."}])
    [row] = [r for r in wb["Settings"].iter_rows() if r[0].value == "Score scale"]
    row[1].value, row[2].value = "0-100", help_text
    wb.save(path)
    return row[0].row


@pytest.mark.parametrize("spaced", [False, True])
def test_the_first_templates_0_100_is_read_as_auto_and_said(tmp_path, spaced):
    book = tmp_path / "team.xlsx"
    text = EARLIER_SCALE_HELP.replace("; ", ";  ") if spaced else EARLIER_SCALE_HELP  # (spaces as typed)
    at = _book(book, text)
    assert run("refresh", book, "--as-of", "2026-04-30", "-q").exit_code == 0
    [s1] = records(book, "Follow-up")
    # a 1-5 rating as points of 100: 3 -> 60, 4 -> 80
    assert (s1["Baseline mean"], s1["Follow-up mean"], s1["Delta"]) == (60, 80, 20)
    [said] = [c for c in records(book, "Checks") if c["Code"] == "score-scale-earlier-meaning"]
    assert (said["Severity"], said["Sheet"], said["Row"], said["Value"]) == ("info", "Settings", at, "0-100")
    assert "is read as auto" in said["Problem"] and said["How to fix"].startswith("Type auto in the Value cell")


def test_0_100_beside_the_current_text_still_turns_detection_off(tmp_path):
    book = tmp_path / "team.xlsx"
    _book(book, "auto: each paste's scale is detected (0-1, 1-5, 1-10, 1-50, 0-100); or name one, e.g. 1-50.")
    assert run("refresh", book, "--as-of", "2026-04-30", "-q").exit_code == 0
    [s1] = records(book, "Follow-up")
    assert (s1["Baseline mean"], s1["Follow-up mean"], s1["Delta"]) == (3, 4, 1)
    assert not [c for c in records(book, "Checks") if c["Code"] == "score-scale-earlier-meaning"]
