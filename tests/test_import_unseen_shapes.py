"""Export shapes: reps written without their accents, or last name first and without them (a near
miss to name in Checks, never merged, which holds back the baseline those calls may belong in), and an
.xlsx export saved in the 1904 date system beside the same call from another tool."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from coachlog_xl import schema
from coachlog_xl.cli import main
from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable
from coachlog_xl.workbook.exports import read_export
from tests.session_kit import one_session_book

CRITERIA = [{"criterion_id": "EMP", "name": "Empathy"}]
REPS = [{"rep": "José Núñez"}, {"rep": "Lê Anh"}, {"rep": "Lý Anh"}]
HEAD = ["Call ID", "Agent", "Call Date", "Criterion", "Score"]


def _unknown(agents: list[str]) -> dict[str, str]:
    rows = [[f"C{i}", a, f"2026-03-0{i + 1} 09:00", "Empathy", 70] for i, a in enumerate(agents)]
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("e.csv", HEAD, rows))
    got = pv.checks[pv.checks["code"] == Code.UNKNOWN_REP.value]
    return dict(zip(got["value"], got["problem"]))


def test_a_rep_written_without_accents_or_last_name_first_is_a_near_miss_named_not_merged():
    unknown = _unknown(["Jose Nunez", "Nuñez, José", "Nunez, Jose", "Ly Anh"])
    assert set(unknown) == {"Jose Nunez", "Nuñez, José", "Nunez, Jose", "Ly Anh"}  # none merged
    for name in ("Jose Nunez", "Nuñez, José", "Nunez, Jose"):
        assert unknown[name].endswith('Did you mean "José Núñez"?'), unknown[name]
    assert unknown["Ly Anh"].endswith('Did you mean "Lý Anh"?')  # not Lê Anh: only its accents differ


def test_the_baseline_waits_while_calls_under_the_rep_without_accents_may_belong_in_it(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    one_session_book(book, session_id="S-1", rep="José Núñez", session_date=dt.date(2026, 3, 10), criterion="Empathy")
    export.write_text("Call ID,Agent,Call Date,Criterion,Score\n"
                      "B-6,José Núñez,2026-03-02 09:45,Empathy,40\n"
                      "B-7,Jose Nunez,2026-03-04 10:45,Empathy,30\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["import", str(book), str(export)]).exit_code == 0
    result = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2026-03-20", "--no-backup"])
    assert result.exit_code == 0, result.output
    wb = load_workbook(book)
    recorded = [schema.LOG.column(k).header for k in ("baseline_mean", "baseline_n")]
    head = [c.value for c in wb["Log"][1]]
    assert [wb["Log"].cell(2, head.index(h) + 1).value for h in recorded] == [None, None]
    codes = [(r[0], r[5]) for r in wb["Checks"].iter_rows(min_row=2, values_only=True)]
    assert ("warning", Code.BASELINE_HELD.value) in codes


def test_an_export_in_the_1904_date_system_lands_on_its_calls_dates_and_its_ids_without_zeros_are_one_call(
        tmp_path):
    mac = Workbook()
    mac.epoch = CALENDAR_MAC_1904  # Excel for Mac's option: the file's serials count days from 1904-01-01
    ws = mac.active
    ws.append(HEAD)
    ws.append([4512, "José Núñez", dt.datetime(2026, 3, 2, 9, 15), "Empathy", 90])
    ws.cell(2, 1).number_format = "0000000"  # shown as 0004512: the zeros are a format, not the value
    mac.save(tmp_path / "mac.xlsx")
    inputs = RawInputs.from_records(criteria=CRITERIA, reps=REPS)
    pv = preview(inputs, read_export(tmp_path / "mac.xlsx"))
    assert [(r.call_id, r.rep, r.criterion, r.score, r.at.to_pydatetime()) for r in pv.calls.itertuples()] == [
        ("4512", "José Núñez", "Empathy", 90.0, dt.datetime(2026, 3, 2, 9, 15))]
    # the same call from another tool: the id as text with its zeros, the date as the 1900 serial in text
    # (46083 days from 1899-12-30 is 2026-03-02; 0.385417 of a day is 09:15)
    rows = [["4512", "José Núñez", "2026-03-02 09:15", "Empathy", 90],
            ["0004512", "José Núñez", "46083.385417", "Empathy", 90]]
    pv = preview(inputs, RawTable.from_rows("two.csv", HEAD, rows))
    assert len(pv.calls) == 1 and pv.calls["score"].tolist() == [90.0]
    assert Code.DUPLICATE_ROW.value in set(pv.checks["code"])


def test_an_agent_id_of_digits_is_the_rep_with_or_without_its_leading_zeros():
    # Reps lists Dana's id typed into Excel, which took its zeros off (1001); the text export writes 01001.
    # Two reps whose ids differ only by their zeros keep to their own spellings.
    def reps_of(reps: list[dict], agents: list) -> list[str]:
        rows = [[f"C{i}", a, f"2026-03-0{i + 1} 09:00", "Empathy", 70] for i, a in enumerate(agents)]
        pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=reps), RawTable.from_rows("e.csv", HEAD, rows))
        return list(pv.calls["rep"])

    assert reps_of([{"rep": "José Núñez", "other_names": 1001}], ["01001", 1001, "001001"]) == ["José Núñez"] * 3
    assert reps_of([{"rep": "José Núñez", "other_names": "01001"}], [1001]) == ["José Núñez"]
    both = [{"rep": "José Núñez", "other_names": "1001"}, {"rep": "Lê Anh", "other_names": "01001"}]
    assert reps_of(both, ["1001", "01001", "001001"]) == ["José Núñez", "Lê Anh", "001001"]


def test_an_agent_id_two_reps_list_is_nobody_s_with_or_without_its_leading_zeros():
    # 0101 is among the other names of Ann and of Bo (nobody's, said in Checks); Cy's id is 101. The export's
    # 0101 and 00101 may be Ann's or Bo's as much as Cy's: they stay unknown, said in Checks. Its 101 is Cy's, as typed.
    reps = [{"rep": "Ann Able", "other_names": "0101"}, {"rep": "Bo Bell", "other_names": "0101"},
            {"rep": "Cy Cole", "other_names": "101"}]
    rows = [[f"C{i}", a, f"2026-03-0{i + 1} 09:00", "Empathy", 70] for i, a in enumerate(["0101", "00101", "101"])]
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=reps), RawTable.from_rows("e.csv", HEAD, rows))
    assert list(pv.calls["rep"]) == ["0101", "00101", "Cy Cole"]
    unknown = pv.checks[pv.checks["code"] == Code.UNKNOWN_REP.value]
    assert sorted(unknown["value"]) == ["00101", "0101"]


def test_a_roster_name_as_an_export_writes_it_never_outranks_a_rep_s_own_spelling():
    # Reps: "Lee Cruz <lcruz@acme.test>" and "Cruz Lee". The export's "Lee, Cruz" is last name first: Cruz Lee,
    # as it was before the roster's own names were also read as exports write them.  "Cruz, Dana" is Dana
    # Cruz, whom Reps lists among Pat Park's other names, not "Cruz Dana <cdana@acme.test>".
    # Two reps the roster writes as one name ("Dana, Lee" and "Lee Dana <ldana@acme.test>") leave
    # "Lee Dana" to neither: it is an unknown rep, said in Checks, not the first of them.
    reps = [{"rep": "Lee Cruz <lcruz@acme.test>"}, {"rep": "Cruz Lee"},
            {"rep": "Cruz Dana <cdana@acme.test>"}, {"rep": "Pat Park", "other_names": "Dana Cruz"},
            {"rep": "Lee Dana <ldana@acme.test>"}, {"rep": "Dana, Lee"}]
    agents = ["Lee, Cruz", "Cruz, Dana", "Lee Dana", "Cruz Dana", "Dana Cruz <dc@acme.test>"]
    rows = [[f"C{i}", a, f"2026-03-0{i + 1} 09:00", "Empathy", 70] for i, a in enumerate(agents)]
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=reps), RawTable.from_rows("e.csv", HEAD, rows))
    assert list(pv.calls["rep"]) == ["Cruz Lee", "Pat Park", "Lee Dana", "Cruz Dana <cdana@acme.test>", "Pat Park"]
    unknown = pv.checks[pv.checks["code"] == Code.UNKNOWN_REP.value]
    assert list(unknown["value"]) == ["Lee Dana"]
