"""A wide export's criterion column holding only 0 says nothing of its scale: no "fractions of 1" note."""

from __future__ import annotations

from openpyxl import Workbook

from coachlog_xl.core.checks import Code
from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.workbook.exports import read_export

ACK = "Acknowledges the concern"
REPS = [{"rep": "Dana Cruz"}]


def _preview(path, criteria):
    return preview(RawInputs.from_records(criteria=criteria, reps=REPS), read_export(path))


def test_a_one_row_paste_of_zeros_gets_no_scale_note(tmp_path):
    path = tmp_path / "zero.csv"
    path.write_text(f"Call ID,Agent,Call Date,{ACK}\nM1,Dana Cruz,2026-03-04 14:05,0\n", encoding="utf-8")
    pv = _preview(path, [{"criterion_id": "ACK", "name": ACK}])
    # 0 is 0 on any scale: read as 0, and no scale said of it
    assert list(zip(pv.calls["criterion"], pv.calls["score"])) == [(ACK, 0.0)]
    assert Code.SCALE_CONVERTED.value not in set(pv.checks["code"])
    assert not any("fractions of 1" in m for m in pv.checks["problem"])


def test_a_tab_of_one_row_of_zeros_beside_a_tab_of_fractions(tmp_path):
    path = tmp_path / "tabs.xlsx"
    wb = Workbook()
    first = wb.active
    first.title = "March"
    for row in [["Call ID", "Agent", "Call Date", ACK], ["M1", "Dana Cruz", "2026-03-04 14:05", 0]]:
        first.append(row)
    second = wb.create_sheet("April")
    for row in [["Call ID", "Agent", "Call Date", "Verifies identity"], ["M2", "Dana Cruz", "2026-04-04 14:05", 0.5],
                ["M3", "Dana Cruz", "2026-04-05 14:05", 0.75]]:
        second.append(row)
    wb.save(path)
    pv = _preview(path, [{"criterion_id": "ACK", "name": ACK}, {"criterion_id": "VER", "name": "Verifies identity"}])
    # April's 0.5 and 0.75 are fractions of 1 (50, 75), said; March's lone 0 is 0, nothing said of it
    assert sorted(zip(pv.calls["criterion"], pv.calls["score"])) == [
        (ACK, 0.0), ("Verifies identity", 50.0), ("Verifies identity", 75.0)]
    said = [m for m in pv.checks["problem"] if "fractions of 1" in m]
    assert len(said) == 1 and '"Verifies identity"' in said[0]
