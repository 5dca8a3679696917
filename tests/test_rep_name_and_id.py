"""A rep written as exports write one with an ID, ``Dana Cruz (1001)``: the rep its name and its ID both are, or the
one either is, only when nothing in it may be another rep; else an unknown rep holding every baseline it may belong in;
a name of one rep with another's ID is neither's, an error naming both (core/nameandid.py)."""

from __future__ import annotations

import pytest

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.core.refresh import compute
from tests.rules_kit import CRIT, D, calls, session
from tests.wbkit import run, team_book

CRITERIA = [{"criterion_id": "EMP", "name": "Empathy"}]
HEAD = ["Call ID", "Agent", "Call Date", "Criterion", "Score"]
# Dana's agent ID 1001 among her Other names, Lee's 1002; 0777 listed by both Bo and Cy (nobody's)
REPS = [{"rep": "Dana Cruz", "other_names": "1001"}, {"rep": "Lee Park", "other_names": "dpark@acme.test; 1002"},
        {"rep": "Bo Bell", "other_names": "0777"}, {"rep": "Cy Cole", "other_names": "0777"}]


def _preview(agents: list):
    rows = [[f"C{i:02d}", a, f"2026-03-{i + 1:02d} 09:00", "Empathy", 70] for i, a in enumerate(agents)]
    return preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("e.csv", HEAD, rows))


def test_a_name_with_its_id_in_brackets_is_the_rep_both_name():
    # name and ID agree (the ID with its zeros as a text export writes it too, the name last name first);
    # the name alone known, its ID nobody's (E77); the ID alone known, the name nobody's (D. Cruz, as a
    # platform shortens it): each is Dana Cruz, and no rep is unknown
    agents = ["Dana Cruz (1001)", "Dana Cruz (01001)", "Cruz, Dana (1001)", "Dana Cruz (E77)", "D. Cruz (1001)",
              "Lee Park (1002)"]
    pv = _preview(agents)
    assert list(pv.calls["rep"]) == ["Dana Cruz"] * 5 + ["Lee Park"]
    assert Code.UNKNOWN_REP.value not in set(pv.checks["code"])
    assert Code.REP_NAME_AND_ID_DIFFER.value not in set(pv.checks["code"])


def test_a_name_of_one_rep_with_another_s_id_is_an_error_naming_both():
    # Dana's name with Lee's ID (2 rows), and Dana's name with 0777, which Bo and Cy both list: none is matched;
    # the first is an error naming Dana Cruz and Lee Park, the second stays an unknown rep (0777 may be Bo's or Cy's)
    pv = _preview(["Dana Cruz (1002)", "Dana Cruz (1002)", "Dana Cruz (0777)"])
    assert list(pv.calls["rep"]) == ["Dana Cruz (1002)", "Dana Cruz (1002)", "Dana Cruz (0777)"]
    clash = pv.checks[pv.checks["code"] == Code.REP_NAME_AND_ID_DIFFER.value]
    assert list(clash["value"]) == ["Dana Cruz (1002)"] and list(clash["severity"]) == ["error"]
    said = clash["problem"].iloc[0]
    assert '"Dana Cruz" is Dana Cruz and the ID "1002" is Lee Park\'s' in said and "2 rows, first at row 2" in said
    unknown = pv.checks[pv.checks["code"] == Code.UNKNOWN_REP.value]
    assert list(unknown["value"]) == ["Dana Cruz (0777)"]


def _run(scores, log):
    criteria = [{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}]
    reps = [{"rep": "Ann Lee", "other_names": "1001"}, {"rep": "Bo Park", "other_names": "1002"}]
    return compute(RawInputs.from_records(criteria=criteria, reps=reps, scores=scores, log=log), as_of=D(2026, 6, 1))


def test_calls_under_the_name_and_id_count_and_a_clash_holds_both_baselines():
    # Ann Lee's ten calls before her session of 03-10 written "Ann Lee (1001)": 50, 55, ..., 95, mean
    # (50 + 95) / 2 = 72.5, recorded
    good = calls(list(range(50, 100, 5)), D(2026, 2, 20), rep="Ann Lee (1001)")
    r = _run(good, [session()])
    assert list(r.log_updates["baseline_mean"]) == [72.5]
    # two more before it under "Ann Lee (1002)", Bo Park's ID: they may be Ann's or Bo's, so neither baseline
    # (Ann's S-1, Bo's S-2) is recorded until the export or the Reps sheet is corrected
    clash = calls([40, 45], D(2026, 3, 1), prefix="T", rep="Ann Lee (1002)")
    r = _run(good + clash, [session(), session("S-2", rep="Bo Park")])
    assert r.log_updates.empty
    held = r.checks[r.checks["code"] == Code.BASELINE_HELD.value]
    assert sorted(held["problem"].str[:4]) == ["S-1:", "S-2:"]
    assert list(r.checks.loc[r.checks["code"] == Code.REP_NAME_AND_ID_DIFFER.value, "value"]) == ["Ann Lee (1002)"]


def test_import_says_a_name_and_id_of_two_reps(tmp_path):
    book = tmp_path / "team.xlsx"
    team_book(book, [("GRT", "Greeting")], [("Dana Cruz", "1001"), ("Lee Park", "1002")]).save(book)
    (tmp_path / "week.csv").write_text("Call ID,Agent,Call Date,Question,Score\n"
                                       "C1,Dana Cruz (1001),2026-03-02,Greeting,80\n"
                                       "C2,Dana Cruz (1002),2026-03-03,Greeting,90\n")
    said = run("import", book, tmp_path / "week.csv", "--dry-run")
    assert 'error: week.csv: rep "Dana Cruz (1002)" (1 row, row 3) names two reps' in said.output
    assert "Dana Cruz (1001)" not in said.output  # (matched: Dana Cruz)


def _held(reps, written, log):
    # Ann Lee's ten calls 50, 55, ..., 95 from 02-20 before her 03-10 session, mean (50 + 95) / 2 = 72.5; two more
    # (40, 45 on 03-01 and 03-02) under ``written``. Counted as Ann's, her last ten would be 60..95 and 40, 45:
    # (60 + 95) / 2 * 8 + 40 + 45 = 620 + 85 = 705, / 10 = 70.5 recorded for good; a session of a rep with no call
    # would record n 0
    scores = calls(list(range(50, 100, 5)), D(2026, 2, 20)) + calls([40, 45], D(2026, 3, 1), prefix="T", rep=written)
    criteria = [{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}]
    r = compute(RawInputs.from_records(criteria=criteria, reps=reps, scores=scores, log=log), as_of=D(2026, 6, 1))
    held = r.checks.loc[r.checks["code"] == Code.BASELINE_HELD.value, "problem"].str.split(":").str[0]
    return r, sorted(held)


def test_a_bracketed_nickname_that_is_another_rep_s_name_holds_both():
    # "Ann Lee (Annie)": Ann Lee with a nickname, or "Ann (Annie) Lee", whose words it holds all of: either's
    r, held = _held([{"rep": "Ann Lee"}, {"rep": "Ann (Annie) Lee"}], "Ann Lee (Annie)",
                    [session(), session("S-2", rep="Ann (Annie) Lee")])
    assert r.log_updates.empty and held == ["S-1", "S-2"]
    said = r.checks.loc[r.checks["code"] == Code.UNKNOWN_REP.value, "problem"].iloc[0]
    assert 'Did you mean "Ann Lee" or "Ann (Annie) Lee"?' in said


@pytest.mark.parametrize("written", ["Bo Park / Ann Lee (1001)", "Ann Lee (1001/1002)"])
def test_a_cell_naming_two_reps_beside_one_s_id_holds_both(written):
    # a call of two reps (an export listing everyone on it): Bo's name, or Bo's ID 1002, beside Ann's
    reps = [{"rep": "Ann Lee", "other_names": "1001"}, {"rep": "Bo Park", "other_names": "1002"}]
    r, held = _held(reps, written, [session(), session("S-2", rep="Bo Park")])
    assert r.log_updates.empty and held == ["S-1", "S-2"]


@pytest.mark.parametrize("listed, written", [
    (["0777", "0777"], "Ann Lee (777)"),  # Bo and Cy both list 0777: 777 is it without its zero
    (["0777", "0777"], "Ann Lee (0777)"),
    (["0101", "101"], "Ann Lee (00101)"),  # 00101 is Bo's 0101 or Cy's 101 with other zeros
])
def test_an_id_two_reps_list_in_any_zeros_is_nobody_s_and_holds_all_three(listed, written):
    # Ann's name with an ID that may be Bo's or Cy's: Ann's, Bo's and Cy's baselines all wait
    reps = [{"rep": "Ann Lee", "other_names": "1001"}, {"rep": "Bo Park", "other_names": listed[0]},
            {"rep": "Cy Cole", "other_names": listed[1]}]
    r, held = _held(reps, written, [session(), session("S-2", rep="Bo Park"), session("S-3", rep="Cy Cole")])
    assert r.log_updates.empty and held == ["S-1", "S-2", "S-3"]
    assert Code.UNKNOWN_REP.value in set(r.checks["code"])


@pytest.mark.parametrize("own, written", [("1001", "Ann Lee (2044)"), ("E1000", "Ann Lee (E1001)")])
def test_a_namesake_with_another_id_of_the_shape_of_the_rep_s_own_holds(own, written):
    # Ann Lee's ID is 1001 (or E1000): "Ann Lee (2044)" is another Ann Lee, not on Reps yet; its calls may be hers,
    # so her baseline waits (the name with a bracket of another shape, E77 or Manila, is hers: above)
    r, held = _held([{"rep": "Ann Lee", "other_names": own}], written, [session()])
    assert r.log_updates.empty and held == ["S-1"]
    said = r.checks.loc[r.checks["code"] == Code.UNKNOWN_REP.value, "problem"].iloc[0]
    assert 'Did you mean "Ann Lee"?' in said


def test_an_other_name_two_reps_list_with_a_bracketed_note_holds_both():
    # "Annie" is among the Other names of both Ann Lee and Bo Park (nobody's); "Annie (night shift)" may be either's
    reps = [{"rep": "Ann Lee", "other_names": "Annie"}, {"rep": "Bo Park", "other_names": "Annie"}]
    r, held = _held(reps, "Annie (night shift)", [session(), session("S-2", rep="Bo Park")])
    assert r.log_updates.empty and held == ["S-1", "S-2"]


def test_a_log_rep_of_one_rep_s_name_and_another_s_id_names_both():
    reps = [{"rep": "Ann Lee", "other_names": "1001"}, {"rep": "Bo Park", "other_names": "1002"}]
    r, _ = _held(reps, "Ann Lee", [session(rep="Ann Lee (1002)")])
    said = r.checks.loc[r.checks["code"] == Code.LOG_UNKNOWN_REP.value, "problem"]
    assert list(said.str.contains('"Ann Lee" is Ann Lee and the ID "1002" is Bo Park\'s', regex=False)) == [True]
