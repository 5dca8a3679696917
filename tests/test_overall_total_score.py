"""A Genesys-like long export: ``Score`` a question's points, ``Max Points`` its maximum, and ``Total Score``
the evaluation's overall percent, the same on each of its question rows.  The question's ``Max Points`` is
the maximum; ``Total Score``, listed after it in the HeaderMap the template seeds, is not, and a workbook
whose own HeaderMap lists ``total_score`` first is told which of the two is read and how to read the other."""

from __future__ import annotations

from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.api import new_workbook
from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable

ACK, VERIFY = "Acknowledges the concern", "Verifies identity"
CRITERIA = [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "VERIFY", "name": VERIFY}]
REPS = [{"rep": "Dana Cruz"}]
HEAD = ["Conversation ID", "Agent", "Call date", "Total Score", "Question", "Score", "Max Points"]
# call K1: ACK 4 of 5 points, VERIFY 2 of 10: overall 6 of 15 = 40 %, on both rows
ROWS = [["K1", "Dana Cruz", "2026-03-03 10:00", 40, ACK, 4, 5],
        ["K1", "Dana Cruz", "2026-03-03 10:00", 40, VERIFY, 2, 10]]


def _preview(header_map=None):
    export = RawTable.from_rows("genesys.csv", HEAD, ROWS)
    return preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS, header_map=header_map), export)


def test_a_questions_max_points_is_its_maximum_not_the_evaluations_total_score():
    pv = _preview()
    got = dict(zip(pv.calls["criterion"], pv.calls["score"]))
    # ACK 4 / 5 = 80, VERIFY 2 / 10 = 20 (read over Total Score: 4 / 40 = 10 and 2 / 40 = 5)
    assert got == {ACK: 80.0, VERIFY: 20.0}
    note = pv.checks.set_index("code").loc[Code.LAYOUT_NOTE.value, "problem"]
    assert note.startswith("genesys.csv: Max Points and Total Score could each be the maximum score; Max Points is "
                           "read")


def test_a_workbook_listing_total_score_first_is_told_which_maximum_is_read_and_how_to_read_the_other():
    earlier = {f: list(h) for f, h in schema.DEFAULT_HEADER_MAP.items()}
    earlier["max_score"] = ["Max score", "max_rubric_score", "total_score", "max_points", "possible_points"]
    pv = _preview(earlier)
    # its own HeaderMap's order still decides: 4 / 40 = 10, 2 / 40 = 5
    assert dict(zip(pv.calls["criterion"], pv.calls["score"])) == {ACK: 10.0, VERIFY: 5.0}
    note = pv.checks.set_index("code").loc[Code.LAYOUT_NOTE.value]
    assert note["field"] == "Total Score" and note["value"] == "Total Score"  # (the column read as the maximum)
    assert note["problem"].startswith("genesys.csv: Total Score and Max Points could each be the maximum score; "
                                      "Total Score is read (the first of them in the HeaderMap order on Settings)")
    assert "move the other's line above it in the HeaderMap table on Settings" in note["fix"]


def test_a_new_workbooks_settings_list_max_points_and_possible_points_before_total_score(tmp_path):
    path = tmp_path / "team.xlsx"
    new_workbook(path)  # `coachlog new`, the same file as templates/coachlog.xlsx (test_template)
    ws = load_workbook(path, read_only=True)["Settings"]
    head = [c.value for c in next(ws.iter_rows(max_row=1))]
    field, header = head.index("Field"), head.index("Export header")
    lines = [r[header] for r in ws.iter_rows(min_row=2, values_only=True) if r[field] == "max_score"]
    assert lines == ["Max score", "max_rubric_score", "max_points", "possible_points", "total_score"]
