"""A paste with thousands of reps on no list, or tens of thousands of conflicts, checked with work that grows with
its rows, not with its names times the roster or with its conflicts one group at a time (tests/test_many_names_naive.py
holds the Checks rows to the naive way's)."""

from __future__ import annotations

import pandas as pd
from pandas.core.groupby.groupby import GroupBy

from coachlog_xl.core import directory as directory_module
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.criterionnames import CriterionDirectory
from coachlog_xl.core.directory import Directory
from coachlog_xl.core.inputs import ROW
from coachlog_xl.core.names import rep_directory, resolve_names
from coachlog_xl.core.repeats import drop_duplicates, merge_evaluators, with_call_keys


def test_hints_see_a_spelling_added_or_taken_out_after_the_first_hint():
    known = Directory()
    known.add("Dana Cruz")
    assert known.hints("Dana Crux") == ["Dana Cruz"]  # danacrux beside danacruz: 7 of 8 letters, ratio 0.875
    assert known.hints("Lee Pak") == []
    known.add("Lee Park")
    assert known.hints("Lee Pak") == ["Lee Park"]  # leepak beside leepark: ratio 12/13, over 0.8
    known.forget("Lee Park")
    assert known.hints("Lee Pak") == []
    known.aliases["leepark"] = "Lee Park"  # (the spellings changed otherwise: the index is made again)
    assert known.hints("Lee Pak") == ["Lee Park"]


def test_each_spelling_is_unaccented_once_for_all_names(monkeypatch):
    # a roster of 50 names and 20 unknown names: each of the 50 spellings unaccented once and each name once,
    # 50 + 20 = 70 calls (before: each spelling again for each name, 20 x 50 + 20 = 1,020)
    calls = []
    monkeypatch.setattr(directory_module, "unaccented", lambda key: calls.append(key) or key)
    known = Directory()
    for i in range(50):
        known.add(f"Rep {i:03d}")
    for k in range(20):
        known.hints(f"Stranger {k:03d}")
    assert len(calls) == 70


def _groups_iterated(monkeypatch) -> list:
    """A list that gets an item for each group of rows a pandas groupby gives one by one."""
    taken, iterate = [], GroupBy.__iter__

    def counted(self):
        for group in iterate(self):
            taken.append(group[0])
            yield group

    monkeypatch.setattr(GroupBy, "__iter__", counted)
    return taken


def test_thirty_unknown_reps_are_named_from_one_pass(monkeypatch):
    # 30 reps on no list, 2 rows each (60 rows): 30 Checks rows, the first "Stranger 00" (2 rows, first at row 2),
    # found without a group of rows per name (before: 30 groups taken one by one)
    reps = rep_directory(pd.DataFrame({"rep": [f"Rep {i:03d}" for i in range(10)], ROW: range(2, 12),
                                       "other_names": "", "supervisor": "", "active": ""}))
    criteria = CriterionDirectory()
    criteria.add("Greeting")
    rows = pd.DataFrame({"rep": [f"Stranger {k // 2:02d}" for k in range(60)], "criterion": "Greeting",
                         "exclude": "", "sheet": "Scores", "row": range(2, 62), "call_id": [f"C{k}" for k in range(60)],
                         "at": pd.Timestamp("2025-03-04 10:00"), "date_only": False})
    taken, issues = _groups_iterated(monkeypatch), Issues()
    resolve_names(rows, reps, criteria, issues)
    found = list(issues)
    assert [i.code for i in found] == [Code.UNKNOWN_REP] * 30 and taken == []
    assert found[0].row == 2 and found[0].problem.startswith('Scores: rep "Stranger 00" (2 rows, first at row 2)')
    assert found[29].row == 60 and '"Stranger 29" (2 rows, first at row 60)' in found[29].problem


def test_thirty_conflicts_are_named_from_one_sort(monkeypatch):
    # 30 calls scored 80 and 70 by one evaluator on rows k + 2 and k + 102: 30 Checks rows in call order,
    # "Call C00, "Greeting": different scores (80, 70) at Scores row 2, Scores row 102", without a group of rows
    # per call (before: 30 groups taken one by one)
    frame = pd.DataFrame({"call_id": [f"C{k % 30:02d}" for k in range(60)], "rep": "Rep 001", "criterion": "Greeting",
                          "score": [80.0 if k < 30 else 70.0 for k in range(60)],
                          "at": pd.Timestamp("2025-03-04 10:00"), "date_only": False, "evaluator": "Eve",
                          "sheet": "Scores", "row": [k + 2 if k < 30 else k - 30 + 102 for k in range(60)]})
    frame["day"], frame["call_type"], frame["version"] = frame["at"].dt.normalize(), "", ""
    issues = Issues()
    rows, repeated = drop_duplicates(with_call_keys(frame), issues)
    taken = _groups_iterated(monkeypatch)
    merge_evaluators(rows, issues, ["call_id", "score"], set(), repeated)
    found = list(issues)
    assert [i.code for i in found] == [Code.CONFLICT] * 30 and taken == []
    assert found[0].problem.startswith('Call C00, "Greeting": different scores (80, 70) at Scores row 2, Scores row '
                                       "102;")
    assert found[29].row == 31 and found[29].value == "80, 70"


