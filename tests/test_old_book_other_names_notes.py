"""In a workbook made before the Criteria table's Other names column, every fix that tells a person to type a
spelling among a criterion's Other names says the column is missing and how to add it: no-known-criterion (a
Scores sheet none of whose criteria is known) and the Log's baseline-not-recorded (Scores rows under a spelling
close to the criterion's); with the column there, neither says so."""

from __future__ import annotations

from coachlog_xl import schema
from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.core.refresh import compute
from tests.rules_kit import AS_OF, CRIT, REP, D, calls, session

ACK_ROW = {"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)}
MISSING = "The Criteria table has no Other names column"


def _inputs(scores, old: bool) -> RawInputs:
    made = RawInputs.from_records(criteria=[ACK_ROW], reps=[{"rep": REP}], log=[session()], scores=scores)
    if old:
        made.criteria = RawTable.from_records(schema.CRITERIA, [ACK_ROW],
                                              headers=[h for h in schema.CRITERIA.headers if h != "Other names"])
    return made


def _fix(scores, old: bool, code: str) -> str:
    checks = compute(_inputs(scores, old), as_of=AS_OF).checks
    fixes = checks.loc[checks["code"] == code, "fix"].tolist()
    assert len(fixes) == 1, (code, checks["code"].tolist())
    return fixes[0]


def test_no_known_criterion_says_the_other_names_column_is_missing_in_an_old_workbook():
    # every score under "ACK - Ack", a spelling the Criteria sheet does not give: the fix says to type it among a
    # criterion's Other names, a column this workbook lacks
    scores = calls([60] * 3, D(2026, 2, 20), crit="ACK - Ack")
    fix = _fix(scores, True, "no-known-criterion")
    assert "Other names" in fix and MISSING in fix and "coachlog repair" in fix
    assert MISSING not in _fix(scores, False, "no-known-criterion")


def test_baseline_not_recorded_says_the_other_names_column_is_missing_in_an_old_workbook():
    # 3 calls on ACK before the session, and 1 under "ACK - Ack" (a spelling close to it) between them: the baseline
    # waits for that row, and the fix names the criterion's Other names
    scores = calls([60] * 3, D(2026, 2, 20), step=2) + calls([70], D(2026, 2, 21), crit="ACK - Ack", prefix="X")
    fix = _fix(scores, True, "baseline-not-recorded")
    assert "criterion's Other names" in fix and MISSING in fix
    assert MISSING not in _fix(scores, False, "baseline-not-recorded")
