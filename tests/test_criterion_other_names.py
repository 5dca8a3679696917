"""A criterion's Other names: the spellings QA exports write it in count as the criterion, as a rep's Other names
count as the rep; clashes are said as the Reps sheet's are, and a workbook made before the column reads as before."""

from __future__ import annotations

import re
import zipfile

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from coachlog_xl import api, schema
from coachlog_xl.cli import main
from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.core.refresh import compute
from coachlog_xl.workbook import cache
from coachlog_xl.workbook.parts import sheet_parts
from tests.rules_kit import AS_OF, CRIT, REP, D, base_row, calls, codes, row, session
from tests.test_cache import _rewrite
from tests.wbkit import ACK, old_template_book, one_rep_book

ACK_ROW = {"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}


def _compute(criteria: list[dict], scores: list[dict]):
    return compute(RawInputs.from_records(criteria=criteria, reps=[{"rep": REP}], scores=scores, log=[session()]),
                   as_of=AS_OF)


def test_scores_under_a_criterions_other_names_count_in_its_baseline():
    # Session on 2026-03-10 on "Acknowledges the concern" (ACK), its Other names "ACK - Acknowledgement;
    # Acknowledge Concern".  Before it: 3 calls under the name (60 each), 2 under "ACK - Acknowledgement" (80 each)
    # and 1 under "acknowledge concern" (90: case and spaces aside, the other name).  All 6 are the baseline
    # (fewer than the default N of 10): n 6, mean (3 x 60 + 2 x 80 + 90) / 6 = 430 / 6 = 71.67.
    scores = (calls([60] * 3, D(2026, 2, 20), prefix="A")
              + calls([80] * 2, D(2026, 2, 24), prefix="B", crit="ACK - Acknowledgement")
              + calls([90], D(2026, 2, 27), prefix="C", crit="acknowledge concern"))
    r = _compute([{**ACK_ROW, "other_names": "ACK - Acknowledgement; Acknowledge Concern"}], scores)
    assert (row(r)["baseline_n"], row(r)["baseline_mean"]) == (6, pytest.approx(430 / 6))
    assert base_row(r)["state"] == "recorded" and "unknown-score-criterion" not in codes(r)
    # without the other names, the 3 calls under "ACK - ..." and "acknowledge concern" are of an unknown criterion
    r = _compute([ACK_ROW], scores)
    assert "unknown-score-criterion" in codes(r) and row(r)["baseline_n"] == 3


def test_the_rows_of_one_criterion_id_share_their_other_names():
    # ACK's two rows (v1, and v2 in force from 2025-06-01, before every call) give "ACK - Acknowledgement" and,
    # one per line, "Acknowledge concern" and "ack_concern": the criterion has all three.  Before the session:
    # 2 calls under the name (60), 2 under "ACK - Acknowledgement" (70), 1 under "Acknowledge concern" (80), 1 under
    # "ACK CONCERN" (100, "ack_concern" with case and punctuation aside): n 6, mean (120 + 140 + 80 + 100) / 6
    # = 440 / 6 = 73.33.
    criteria = [{**ACK_ROW, "other_names": "ACK - Acknowledgement"},
                {**ACK_ROW, "version": "v2", "effective": D(2025, 6, 1),
                 "other_names": "Acknowledge concern\nack_concern"}]
    scores = (calls([60] * 2, D(2026, 2, 20), prefix="A")
              + calls([70] * 2, D(2026, 2, 23), prefix="B", crit="ACK - Acknowledgement")
              + calls([80], D(2026, 2, 26), prefix="C", crit="Acknowledge concern")
              + calls([100], D(2026, 2, 28), prefix="D", crit="ACK CONCERN"))
    r = _compute(criteria, scores)
    assert (row(r)["baseline_n"], row(r)["baseline_mean"]) == (6, pytest.approx(440 / 6))
    assert not {"unknown-score-criterion", "shared-other-name", "criterion-name-clash"} & set(codes(r))


def test_an_other_name_that_is_another_criterions_is_theirs_and_one_two_criteria_give_is_neithers():
    # ACK (Criteria row 2) gives "ack" (its own ID: nothing said), "EMP" (Empathy's ID, row 3) and "desk-7";
    # Empathy gives "desk-7" too.  Scores: 5 calls under ACK's name (60, 02-20 .. 02-24), 5 under "EMP" (90,
    # 02-25 .. 03-01: Empathy's) and 5 under "desk-7" (100, 03-03 .. 03-07: neither's).  ACK's baseline: its
    # 5 calls, n 5, mean 60; the desk-7 rows (Scores rows 12-16) may be ACK's, so it is not recorded yet.
    criteria = [{**ACK_ROW, "other_names": "ack; EMP; desk-7"},
                {"criterion_id": "EMP", "name": "Empathy", "version": "v1", "effective": D(2025, 1, 1),
                 "other_names": "desk-7"}]
    scores = (calls([60] * 5, D(2026, 2, 20), prefix="A") + calls([90] * 5, D(2026, 2, 25), prefix="E", crit="EMP")
              + calls([100] * 5, D(2026, 3, 3), prefix="S", crit="desk-7"))
    r = _compute(criteria, scores)
    assert (row(r)["baseline_n"], row(r)["baseline_mean"]) == (5, pytest.approx(60.0))
    assert r.log_updates.empty and base_row(r)["state"] == "provisional"
    checks = r.checks.set_index("code")
    assert codes(r).count("criterion-name-clash") == 1 and checks.loc["criterion-name-clash", "row"] == 2
    assert f'"EMP", among {CRIT}\'s other names, is the criterion Empathy (Criteria row 3)' \
        in checks.loc["criterion-name-clash", "problem"]
    assert checks.loc["shared-other-name", "sheet"] == "Criteria" and checks.loc["shared-other-name", "row"] == 3
    assert f'"desk-7" is an other name of both {CRIT} (Criteria row 2) and Empathy' \
        in checks.loc["shared-other-name", "problem"]
    assert f'"desk-7" (5 rows, first at row 12) is an other name of {CRIT} and Empathy on the Criteria sheet' \
        in checks.loc["unknown-score-criterion", "problem"]


def test_the_fix_for_an_unknown_criterion_names_the_criterions_other_names():
    r = _compute([ACK_ROW], calls([60] * 3, D(2026, 2, 20), crit="Acknowledge concern"))
    fix = r.checks.set_index("code").loc["unknown-score-criterion", "fix"]
    assert "Other names" in fix and "Criterion ID" not in fix


def test_criteria_without_the_other_names_column_read_as_before():
    # a Criteria table made before the column: its headers without Other names.  5 calls of 60 before the
    # session: n 5, mean 60, recorded, nothing said of the Criteria sheet; the same result as the column blank
    scores = calls([60] * 5, D(2026, 2, 20))
    made = RawInputs.from_records(criteria=[ACK_ROW], reps=[{"rep": REP}], scores=scores, log=[session()])
    old = RawInputs.from_records(criteria=[ACK_ROW], reps=[{"rep": REP}], scores=scores, log=[session()])
    old.criteria = RawTable.from_records(schema.CRITERIA, [ACK_ROW],
                                         headers=[h for h in schema.CRITERIA.headers if h != "Other names"])
    r = compute(old, as_of=AS_OF)
    assert (row(r)["baseline_n"], row(r)["baseline_mean"], base_row(r)["state"]) == (5, 60.0, "recorded")
    assert "Criteria" not in set(r.checks["sheet"])
    blank = compute(made, as_of=AS_OF)
    for name in ("baseline", "followup", "checks", "log_updates"):
        pd.testing.assert_frame_equal(getattr(r, name), getattr(blank, name))


def test_a_workbook_made_before_the_column_refreshes_as_before(tmp_path):
    # Bo Park's session on 2026-03-10 on ACK; 4 calls before it: 50, 70, 80, 100 -> n 4, mean 300 / 4 = 75
    book = tmp_path / "old.xlsx"
    old_template_book(book, [(D(2026, 3, d), s, ACK) for d, s in ((2, 50), (3, 70), (4, 80), (5, 100))])
    headers = [c.value for c in load_workbook(book)["Criteria"][1]]
    assert "Other names" not in headers
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-06-01", "--no-cache", "--no-backup"])
    assert out.exit_code == 0, out.output
    wb = load_workbook(book)
    assert [c.value for c in wb["Criteria"][1]] == headers  # the sheet left as it was
    log = {h.value: c.value for h, c in zip(wb["Log"][1], wb["Log"][2])}
    assert (log["Baseline n"], log["Baseline mean"]) == (4, 75)
    problems = [r for r in wb["Checks"].iter_rows(min_row=2, values_only=True) if r[0] == "Criteria"]
    assert problems == []


def _criteria_cell_inline(path, cell: str, text: str) -> None:
    """The Criteria sheet's ``cell`` (a text) rewritten as the inline string ``text``: only that sheet's part of the
    package changes, every other part copied byte for byte."""
    part = sheet_parts(path)["Criteria"]
    with zipfile.ZipFile(path) as z:
        xml = z.read(part).decode()
    found = re.search(rf'<c r="{cell}"([^>]*?) t="(?:s|inlineStr)"([^>]*)>.*?</c>', xml)
    assert found is not None
    _rewrite(path, {part: xml.replace(found[0], f'<c r="{cell}"{found[1]} t="inlineStr"{found[2]}><is><t>{text}'
                                                 "</t></is></c>").encode()})


def test_an_other_names_edit_invalidates_the_refresh_cache(tmp_path):
    # Bo Park's session on 2026-03-10 on ACK; 2 calls under its name (60, 70) and 2 under "ACK - Acknowledgement"
    # (90, 100).  ACK's Other names first "placeholder": baseline n 2, mean 65; then "ACK - Acknowledgement", typed
    # in the Criteria sheet alone: the cached Scores (read under the first Other names) are not served, and the
    # baseline is the 4 calls: n 4, mean 320 / 4 = 80
    book = tmp_path / "team.xlsx"
    wb = one_rep_book(book, [(D(2026, 3, 2), 60), (D(2026, 3, 3), 70)],
                      [{"Session ID": "S-1", "Session date": D(2026, 3, 10)}])
    for i, (day, score) in enumerate(((4, 90), (5, 100))):
        wb["Scores"].append([f"X{i}", "Bo Park", f"2026-03-0{day} 10:00", "ACK - Acknowledgement", score])
    wb["Criteria"].cell(2, schema.CRITERIA.headers.index("Other names") + 1, "placeholder")
    wb.save(book)
    first = api.compute_file(book, D(2026, 6, 1))
    assert cache.cache_path(book).exists()
    assert (first.followup.iloc[0]["baseline_n"], first.followup.iloc[0]["baseline_mean"]) == (2, 65)
    before = cache.key(book)
    _criteria_cell_inline(book, f"{get_column_letter(schema.CRITERIA.headers.index('Other names') + 1)}2",
                          "ACK - Acknowledgement")
    assert cache.key(book) != before
    second = api.compute_file(book, D(2026, 6, 1))
    assert (second.followup.iloc[0]["baseline_n"], second.followup.iloc[0]["baseline_mean"]) == (4, 80)
    assert ACK in set(second.followup["criterion"]) and "unknown-score-criterion" not in set(second.checks["code"])
