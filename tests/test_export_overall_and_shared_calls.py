"""An export's overall score under a platform's own name is not a criterion, and a rep cell naming several reps
is said to be a shared call, not a misspelling."""

from __future__ import annotations

import datetime as dt

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export

ACK, VERIFY = "Acknowledges the concern", "Verifies identity"
CRITERIA = [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "VERIFY", "name": VERIFY}]
REPS = [{"rep": "Dana Cruz"}, {"rep": "Eli Moss"}]


def _preview(tmp_path, text: str):
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    return preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), read_export(path))


def test_a_review_score_column_of_a_wide_export_is_the_overall_score_not_a_criterion(tmp_path):
    # Zendesk QA's wide export heads its overall percent "Review score"; only the two criteria are scores
    pv = _preview(tmp_path, "Conversation ID,Agent,Conversation Date,Review score,"
                            f"{ACK},{VERIFY}\n"
                            "40001,Dana Cruz,2026-09-04,75.0%,100,50\n"
                            "40002,Eli Moss,2026-09-08,100.0%,100,100\n")
    got = sorted((r.call_id, r.rep, r.criterion, r.score) for r in pv.calls.itertuples())
    assert got == [("40001", "Dana Cruz", ACK, 100.0), ("40001", "Dana Cruz", VERIFY, 50.0),
                   ("40002", "Eli Moss", ACK, 100.0), ("40002", "Eli Moss", VERIFY, 100.0)]
    assert "Review score" in pv.ignored
    assert Code.UNKNOWN_SCORE_CRITERION.value not in set(pv.checks["code"])


def test_a_rep_cell_naming_two_reps_is_said_to_be_a_call_of_several_reps(tmp_path):
    pv = _preview(tmp_path, f"Call ID,Agent,Call date,Criterion,Score\n"
                            f"C-1,Dana Cruz / Eli Moss,2026-09-04,{ACK},80\n"
                            f"C-2,\"Cruz, Dana\",2026-09-05,{ACK},60\n"
                            f"C-3,Dana Cruz / Ann Lee,2026-09-06,{ACK},70\n")
    # C-2 is Dana Cruz's, written last name first; C-1 names two reps; C-3's Ann Lee is no rep: a name to fix
    assert [(r.call_id, r.rep) for r in pv.calls.itertuples() if r.rep == "Dana Cruz"] == [("C-2", "Dana Cruz")]
    said = pv.checks[pv.checks["code"] == Code.UNKNOWN_REP.value]
    shared = said[said["value"] == "Dana Cruz / Eli Moss"]
    assert len(shared) == 1
    assert "names 2 reps (Dana Cruz, Eli Moss): a call scored for several reps counts for none of them" \
        in shared["problem"].iloc[0]
    assert shared["fix"].iloc[0].startswith("Type the one rep the scores are for")
    other = said[said["value"] == "Dana Cruz / Ann Lee"]
    assert len(other) == 1 and "names 2 reps" not in other["problem"].iloc[0]
    assert other["fix"].iloc[0].startswith("Add the rep to the Reps sheet")
    assert dt.date(2026, 9, 5) == pv.calls[pv.calls["call_id"] == "C-2"]["at"].iloc[0].date()


def test_an_overall_name_the_criteria_sheet_holds_is_that_criterion(tmp_path):
    # a team whose criterion is named "Quality score": its column is read, where an export's overall score is not
    path = tmp_path / "export.csv"
    path.write_text("Conversation ID,Agent,Conversation Date,Quality score,Acknowledges the concern\n"
                    "40001,Dana Cruz,2026-09-04,60,100\n", encoding="utf-8")
    criteria = [*CRITERIA, {"criterion_id": "QS", "name": "Quality score"}]
    pv = preview(RawInputs.from_records(criteria=criteria, reps=REPS), read_export(path))
    assert sorted((r.criterion, r.score) for r in pv.calls.itertuples()) == [(ACK, 100.0), ("Quality score", 60.0)]


def test_zendesk_qa_and_contact_center_headers_are_read_without_a_headermap_line(tmp_path):
    # Zendesk QA's review export: "Reviewee name" is the rep, "Conversation created" the call (its "Review
    # created" is the grading date); a contact center suite's "Contact reference", "Contact start", "Staff name"
    pv = _preview(tmp_path, "Review ID,Review created,Conversation ID,Conversation created,Reviewer name,"
                            f"Reviewee name,Review score,{ACK}\n"
                            "R1,2026-09-09T09:17:00Z,40001,2026-09-04T09:17:00Z,Kim Park,Dana Cruz,80.0%,80\n")
    assert [(r.call_id, r.rep, r.criterion, r.score, r.at.date()) for r in pv.calls.itertuples()] == \
        [("40001", "Dana Cruz", ACK, 80.0, dt.date(2026, 9, 4))]
    assert (pv.mapped["rep"], pv.mapped["call_at"]) == ("Reviewee name", "Conversation created")
    pv = _preview(tmp_path, f"Contact reference,Contact start,Staff name,{ACK},{VERIFY}\n"
                            "C-9,2026-09-05 10:00,Eli Moss,100,50\n")
    assert sorted((r.call_id, r.rep, r.criterion, r.score) for r in pv.calls.itertuples()) == \
        [("C-9", "Eli Moss", ACK, 100.0), ("C-9", "Eli Moss", VERIFY, 50.0)]


def test_a_wide_exports_average_score_is_its_overall_score_not_a_criterion(tmp_path):
    pv = _preview(tmp_path, f"Conversation ID,Agent,Conversation Date,{ACK},{VERIFY},Average Score\n"
                            "40001,Dana Cruz,2026-09-04,100,50,75\n")
    assert sorted((r.criterion, r.score) for r in pv.calls.itertuples()) == [(ACK, 100.0), (VERIFY, 50.0)]
    assert Code.UNKNOWN_SCORE_CRITERION.value not in set(pv.checks["code"])
