"""A rep's name written once above that rep's calls (a report grouping its rows by rep): a group label, read as the
rep of the rows under it with none, never a band row naming criteria nor a call."""

from __future__ import annotations

import pytest

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export

# 5. a rep's name written once above the rep's calls: a group label, the rep of the rows under it

ACK, VERIFY = "Acknowledges the concern", "Verifies identity"
_CRITERIA = [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "VERIFY", "name": VERIFY}]
_REPS = [{"rep": "Dana Cruz"}, {"rep": "Eli Moss"}]


def _read(path):
    pv = preview(RawInputs.from_records(criteria=_CRITERIA, reps=_REPS), read_export(path))
    return sorted((r.row, r.rep, r.criterion, r.score) for r in pv.calls.itertuples()), pv.checks


@pytest.mark.parametrize("banded", [True, False])
def test_a_rep_written_once_above_the_reps_calls_is_their_rep_not_a_band_or_a_call(tmp_path, banded):
    path = tmp_path / "grouped.csv"
    head = (f"Call details,,,{ACK},,{VERIFY},\nCall ID,Agent,Call Date,Score,Comment,Score,Comment\n" if banded
            else f"Call ID,Agent,Call Date,{ACK},Comment,{VERIFY},Comment\n")
    path.write_text(f"{head},Dana Cruz,,,,,\nM1,,2026-03-04 14:05,80,ok,100,\nM2,,2026-03-05 09:00,60,,0,missed\n"
                    ",Eli Moss,,,,,\nM3,,2026-03-05 10:00,40,,100,\n", encoding="utf-8")
    got, checks = _read(path)
    top = 2 if banded else 1  # (the header's last row)
    # Dana Cruz over M1 and M2, Eli Moss over M3; ACK the first score column, VERIFY the second
    assert got == sorted([(top + 2, "Dana Cruz", ACK, 80.0), (top + 2, "Dana Cruz", VERIFY, 100.0),
                          (top + 3, "Dana Cruz", ACK, 60.0), (top + 3, "Dana Cruz", VERIFY, 0.0),
                          (top + 5, "Eli Moss", ACK, 40.0), (top + 5, "Eli Moss", VERIFY, 100.0)])
    codes = set(checks["code"])
    assert not {Code.MISSING_FIELD.value, Code.UNKNOWN_SCORE_CRITERION.value, Code.NOTHING_READ.value} & codes
    said = checks[checks["code"] == Code.LAYOUT_NOTE.value]["problem"]
    assert any("2 rep names written once above the rep's calls" in p and "the 3 rows under them" in p for p in said)


def test_a_blank_rep_under_a_call_of_its_own_rep_is_still_a_blank_rep(tmp_path):
    path = tmp_path / "merged.csv"
    # row 2 is a call (its rep with its scores), not a label: row 3's blank rep is named, not filled from it
    path.write_text(f"Call ID,Agent,Call Date,{ACK},{VERIFY}\nM1,Dana Cruz,2026-03-04 14:05,80,100\n"
                    "M2,,2026-03-05 09:00,60,0\n", encoding="utf-8")
    got, checks = _read(path)
    assert got == [(2, "Dana Cruz", ACK, 80.0), (2, "Dana Cruz", VERIFY, 100.0)]
    assert 3 in set(checks[checks["code"] == Code.MISSING_FIELD.value]["row"])


def test_a_call_with_its_own_rep_ends_the_group_above_it(tmp_path):
    path = tmp_path / "grouped.csv"
    # row 2 labels Dana Cruz over M1 (row 3); M2 (row 4) is Eli Moss's own call and ends her group, so M3 and M4
    # (rows 5, 6) with a blank rep are refused as blank, not read as Dana Cruz's
    path.write_text(f"Call ID,Agent,Call Date,{ACK},{VERIFY}\n,Dana Cruz,,,\nM1,,2026-03-04 14:05,80,100\n"
                    "M2,Eli Moss,2026-03-05 09:00,60,0\nM3,,2026-03-06 09:00,40,100\nM4,,2026-03-07 09:00,20,0\n",
                    encoding="utf-8")
    got, checks = _read(path)
    assert got == sorted([(3, "Dana Cruz", ACK, 80.0), (3, "Dana Cruz", VERIFY, 100.0),
                          (4, "Eli Moss", ACK, 60.0), (4, "Eli Moss", VERIFY, 0.0)])
    assert {5, 6} <= set(checks[checks["code"] == Code.MISSING_FIELD.value]["row"])
    said = checks[checks["code"] == Code.LAYOUT_NOTE.value]["problem"]
    assert any("1 rep name written once" in p and "the 1 row under it" in p for p in said)


def test_a_totals_row_ends_the_group_above_it(tmp_path):
    path = tmp_path / "subtotals.csv"
    # Dana Cruz's group is M1 (row 3), closed by her totals row (row 4, skipped); M2 (row 5) with a blank rep is
    # refused as blank, not read as Dana Cruz's
    path.write_text(f"Call ID,Agent,Call Date,{ACK},{VERIFY}\n,Dana Cruz,,,\nM1,,2026-03-04 14:05,80,100\n"
                    ",Dana Cruz Total,,80,100\nM2,,2026-03-06 09:00,40,0\n", encoding="utf-8")
    got, checks = _read(path)
    assert got == sorted([(3, "Dana Cruz", ACK, 80.0), (3, "Dana Cruz", VERIFY, 100.0)])
    assert 5 in set(checks[checks["code"] == Code.MISSING_FIELD.value]["row"])
