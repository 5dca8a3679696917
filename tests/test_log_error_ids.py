"""A Log Session ID, Session date or Decision showing an Excel error (#N/A from a lookup that finds nothing) is
said to show its formula's error: two sessions whose ids both showed #N/A were one session written twice, "Delete
the second row"; a date showing #N/A was "not a date" where #DIV/0! was an Excel error; a Decision showing #N/A was
"not close, continue or escalate"."""

from __future__ import annotations

import datetime as dt

from tests.excel_made_kit import put_cell
from tests.fidelity_kit import Zip
from tests.wbkit import ACK, records, run, team_book, type_log_rows


def _book(path, cells: dict[str, str]):
    """Bo Park's calls at 60 before 2026-03-10 and 80 after; S-1 and S-2 on 2026-03-10 and 03-11 (Log rows 2, 3),
    the cells ``cells`` (A2, ...) formulas whose values, as Excel saved them, are #N/A."""
    wb = team_book(path, [("ACK", ACK), ("GRT", "Greets")], ["Bo Park"])
    days = [dt.date(2026, 2, 28) + dt.timedelta(days=i if i < 10 else i + 2) for i in range(20)]
    for i, day in enumerate(days):
        wb["Scores"].append([f"C{i:02d}", "Bo Park", dt.datetime.combine(day, dt.time(10)), ACK, 60 if i < 10 else 80])
    session = {"Rep": "Bo Park", "Targeted criterion": ACK, "Development target": "Name the concern first."}
    type_log_rows(wb, [{**session, "Session ID": "S-1", "Session date": dt.datetime(2026, 3, 10)},
                       {**session, "Session ID": "S-2", "Session date": dt.datetime(2026, 3, 11)}])
    head = [c.value for c in wb["Log"][1]]
    wb.save(path)
    z = Zip(path)
    for ref in cells:
        put_cell(z, "Log", ref, f'<c r="{ref}" t="e"><f>VLOOKUP(A2,Roster!A:B,2,FALSE)</f><v>#N/A</v></c>')
    z.save(path)
    return head


def test_session_ids_showing_an_error_are_no_session_written_twice(tmp_path):
    book = tmp_path / "team.xlsx"
    _book(book, {"A2": "", "A3": ""})
    out = run("refresh", book, "--as-of", "2026-04-30", "-q")
    assert out.exit_code == 0, out.output
    checks = records(book, "Checks")
    assert [c for c in checks if c["Code"] == "duplicate-session-id"] == []
    said = [(c["Row"], c["Problem"], c["How to fix"]) for c in checks if c["Code"] == "missing-session-id"]
    assert said == [(r, f"Log row {r}: Session ID shows the Excel error #N/A: its formula could not be computed, so "
                        f'it names no session id; it is shown as "row {r}".',
                     "Mend the formula in that Session ID cell (a lookup that finds nothing shows #N/A), or type the "
                     "session's ID.") for r in (2, 3)]
    assert [r["Session ID"] for r in records(book, "Follow-up")] == ["row 2", "row 3"]


def test_a_session_date_and_a_decision_showing_an_error_are_said_to_be_formulas(tmp_path):
    book = tmp_path / "team.xlsx"
    head = _book(book, {"E2": "", "AD3": ""})
    assert (head[4], head[29]) == ("Session date", "Decision")
    out = run("refresh", book, "--as-of", "2026-04-30", "-q")
    assert out.exit_code == 0, out.output
    checks = {(c["Row"], c["Field"]): c for c in records(book, "Checks")}
    assert "is an Excel error (its formula could not be computed)" in checks[(2, "Session date")]["Problem"]
    assert "not a date" not in checks[(2, "Session date")]["Problem"].replace("not a value", "")
    assert checks[(3, "Decision")]["Problem"] == ("Log row 3 (S-2): Decision shows the Excel error #N/A: its formula "
                                                  "could not be computed, so it names no decision.")
    assert checks[(3, "Decision")]["How to fix"].endswith("or pick close, continue or escalate.")
