"""A session written twice in the Log (one id, rep, criterion and moment on two rows) is one session: its later
row, pasted again with its grey baseline cells blank, uses the baseline recorded on the earlier row and records
none of its own; two rows holding two recorded baselines are named, with which to keep. Values worked out by hand."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from tests.wbkit import ACK, one_rep_book, records, run, type_log_rows

SESSION = {"Session ID": "S-1", "Rep": "Bo Park", "Targeted criterion": ACK, "Session date": dt.date(2026, 3, 12)}


def _recorded(path):
    # ten calls of 80 on 1-10 March, a session on the 12th: recorded 80 over 10 calls as of 20 March
    wb = one_rep_book(path, [(dt.date(2026, 3, d), 80) for d in range(1, 11)], [SESSION])
    wb.save(path)
    assert run("refresh", path, "--as-of", "2026-03-20", "-q").exit_code == 0
    wb = load_workbook(path)
    # a late score: 0 on 11 March, before the session; the data now gives (nine 80s and a 0) 72 over 10 calls
    wb["Scores"].append(["C99", "Bo Park", dt.datetime(2026, 3, 11, 10), ACK, 0])
    return wb


def _log(path):
    return records(path, "Log")


def test_the_later_row_of_a_session_written_twice_uses_the_recorded_baseline_and_records_none(tmp_path):
    path = tmp_path / "team.xlsx"
    wb = _recorded(path)
    type_log_rows(wb, [SESSION, SESSION])  # row 3: the same session pasted again, its grey cells blank
    wb.save(path)
    assert run("refresh", path, "--as-of", "2026-04-30", "-q").exit_code == 0
    log = _log(path)
    assert (log[0]["Baseline mean"], log[0]["Baseline n"]) == (80, 10)
    assert (log[1]["Baseline mean"], log[1]["Baseline n"], log[1]["Baseline recorded on"]) == (None, None, None)
    follow = records(path, "Follow-up")
    assert [(r["Session ID"], r["Baseline mean"], r["Baseline n"]) for r in follow] == [("S-1", 80, 10)] * 2
    checks = records(path, "Checks")
    twice = [c for c in checks if c["Code"] == "duplicate-session-id"]
    assert [(c["Row"], c["How to fix"]) for c in twice] == [(3, "Delete the second row.")]


def test_two_rows_of_one_session_holding_two_recorded_baselines_are_named_with_which_to_keep(tmp_path):
    path = tmp_path / "team.xlsx"
    wb = _recorded(path)
    type_log_rows(wb, [SESSION, SESSION])
    log = wb["Log"]
    head = [c.value for c in log[1]]
    for key, value in {"Baseline mean": 72, "Baseline n": 10, "Baseline recorded on": dt.date(2026, 4, 2)}.items():
        log.cell(row=3, column=head.index(key) + 1, value=value)
    wb.save(path)
    assert run("refresh", path, "--as-of", "2026-04-30", "-q").exit_code == 0
    twice = [c for c in records(path, "Checks") if c["Code"] == "duplicate-session-id"]
    assert len(twice) == 1 and twice[0]["Row"] == 3
    assert twice[0]["Problem"].endswith("Its grey cells hold another recorded baseline, 72.0 (n 10) recorded on "
                                        "2026-04-02, than row 2's, 80.0 (n 10) recorded on 2026-03-20.")
    assert twice[0]["How to fix"].startswith("Delete the row whose grey baseline cells are not the session's")
    assert [(r["Baseline mean"], r["Baseline n"]) for r in _log(path)] == [(80, 10), (72, 10)]  # both kept as typed
