"""A session written twice in the Log (one id, rep, criterion and moment on two rows) is one session: one of its
rows records (or holds) its baseline, the other, blank, records none and says nothing of its own (its Follow-up
row shows the score data's baseline, provisional); two rows holding two recorded baselines are named, with which to
keep. Values worked out by hand."""

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


def _moved_down(wb, rows: int = 2):
    """The session typed on ``rows`` Log rows from row 2, row 2's grey cells (the recorded baseline) moved to row
    3, as a row pasted above its recorded copy leaves them; the Log and the grey columns."""
    log = wb["Log"]
    head = [c.value for c in log[1]]
    grey = [head.index(k) + 1 for k in ("Baseline mean", "Baseline n", "Baseline recorded on")]
    type_log_rows(wb, [SESSION] * rows)
    for col in grey:
        log.cell(row=3, column=col).value = log.cell(row=2, column=col).value
        log.cell(row=2, column=col).value = None
    return log, grey


def _log(path):
    return records(path, "Log")


def test_the_later_row_of_a_session_written_twice_records_none_and_says_nothing_of_its_own(tmp_path):
    path = tmp_path / "team.xlsx"
    wb = _recorded(path)
    type_log_rows(wb, [SESSION, SESSION])  # row 3: the same session pasted again, its grey cells blank
    wb.save(path)
    assert run("refresh", path, "--as-of", "2026-04-30", "-q").exit_code == 0
    log = _log(path)
    assert (log[0]["Baseline mean"], log[0]["Baseline n"]) == (80, 10)
    assert (log[1]["Baseline mean"], log[1]["Baseline n"], log[1]["Baseline recorded on"]) == (None, None, None)
    follow = records(path, "Follow-up")
    # row 2: its recorded 80; row 3: the data's nine 80s and the late 0, (9 * 80 + 0) / 10 = 72, provisional
    assert [(r["Baseline mean"], r["Baseline n"]) for r in follow] == [(80, 10), (72, 10)]
    checks = records(path, "Checks")
    twice = [c for c in checks if c["Code"] == "duplicate-session-id"]
    assert [(c["Row"], c["How to fix"]) for c in twice] == [(3, "Delete the second row.")]
    # the recorded baseline differing from the data is said once, of row 2
    assert [c["Row"] for c in checks if c["Code"] == "baseline-differs-from-recorded"] == [2]


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
    assert twice[0]["How to fix"] == ("Keep the row holding the session's recorded baseline (the one recorded first, "
                                      "when unsure) and delete the other.")
    assert [(r["Baseline mean"], r["Baseline n"]) for r in _log(path)] == [(80, 10), (72, 10)]  # both kept as typed


def test_the_earlier_row_blank_beside_a_later_one_holding_the_baseline_records_none(tmp_path):
    # the recorded row pasted below a blank copy of it (row 2 blank, row 3 recorded 80 on 20 March)
    path = tmp_path / "team.xlsx"
    wb = _recorded(path)
    _moved_down(wb)
    wb.save(path)
    assert run("refresh", path, "--as-of", "2026-04-30", "-q").exit_code == 0
    assert [(r["Baseline mean"], r["Baseline n"]) for r in _log(path)] == [(None, None), (80, 10)]
    twice = [c for c in records(path, "Checks") if c["Code"] == "duplicate-session-id"]
    assert [(c["Row"], c["How to fix"]) for c in twice] == \
        [(3, "Delete row 2, whose grey baseline cells are blank: this row holds the baseline.")]
    # row 3 keeps its 80, said there; row 2, blank, shows the data's 72, provisional, and says nothing of its own
    follow = records(path, "Follow-up")
    assert [(r["Baseline mean"], r["Baseline n"]) for r in follow] == [(72, 10), (80, 10)]
    checks = records(path, "Checks")
    assert [c["Row"] for c in checks if c["Code"] == "baseline-differs-from-recorded"] == [3]


def test_the_session_is_counted_on_the_row_holding_its_baseline_whichever_comes_first(tmp_path):
    # ten follow-up calls of 90 after the session (13-22 March): the delta over the recorded 80 is +10.0, over the
    # data's 72 (the blank row's, provisional) +18.0; Aggregate counts the session once, on its recorded baseline,
    # with the blank copy above the holding row as below it
    deltas = []
    for above in (False, True):
        path = tmp_path / f"{above}.xlsx"
        wb = _recorded(path)
        for d in range(13, 23):
            wb["Scores"].append([f"F{d}", "Bo Park", dt.datetime(2026, 3, d, 10), ACK, 90])
        if above:
            _moved_down(wb)
        else:
            type_log_rows(wb, [SESSION, SESSION])
        wb.save(path)
        assert run("refresh", path, "--as-of", "2026-04-30", "-q").exit_code == 0
        rows = [r for r in records(path, "Aggregate") if r["By"] == "Rep"]
        deltas.append([(r["Sessions"], r["Mean delta"]) for r in rows])
    assert deltas == [[(1, 10)], [(1, 10)]]


def test_both_rows_blank_record_on_the_earlier_only(tmp_path):
    # the session typed twice before any refresh: ten calls of 80 before it; row 2 records, row 3 not
    path = tmp_path / "team.xlsx"
    wb = one_rep_book(path, [(dt.date(2026, 3, d), 80) for d in range(1, 11)], [SESSION, SESSION])
    wb.save(path)
    assert run("refresh", path, "--as-of", "2026-03-20", "-q").exit_code == 0
    assert [(r["Baseline mean"], r["Baseline n"]) for r in _log(path)] == [(80, 10), (None, None)]


def test_the_earlier_row_unreadable_the_later_blank_one_records_none(tmp_path):
    # row 2's Baseline mean typed "eighty" (unreadable: left as it is, nothing recorded): row 3 waits with it
    path = tmp_path / "team.xlsx"
    wb = one_rep_book(path, [(dt.date(2026, 3, d), 80) for d in range(1, 11)], [SESSION, SESSION])
    log = wb["Log"]
    log.cell(row=2, column=[c.value for c in log[1]].index("Baseline mean") + 1).value = "eighty"
    wb.save(path)
    assert run("refresh", path, "--as-of", "2026-03-20", "-q").exit_code == 0
    assert [(r["Baseline mean"], r["Baseline n"]) for r in _log(path)] == [("eighty", None), (None, None)]


def test_three_rows_of_a_session_two_holding_recorded_baselines_name_the_rows_holding_them(tmp_path):
    # row 2 blank, row 3 recorded 80 on 20 March, row 4 recorded 72 on 2 April: row 4's message names row 3's cells
    path = tmp_path / "team.xlsx"
    wb = _recorded(path)
    log, grey = _moved_down(wb, rows=3)
    for col, later in zip(grey, (72, 10, dt.date(2026, 4, 2))):
        log.cell(row=4, column=col).value = later
    wb.save(path)
    assert run("refresh", path, "--as-of", "2026-04-30", "-q").exit_code == 0
    twice = {c["Row"]: c for c in records(path, "Checks") if c["Code"] == "duplicate-session-id"}
    assert twice[4]["Problem"].endswith("Its grey cells hold another recorded baseline, 72.0 (n 10) recorded on "
                                        "2026-04-02, than row 3's, 80.0 (n 10) recorded on 2026-03-20.")
    assert [(r["Baseline mean"], r["Baseline n"]) for r in _log(path)] == [(None, None), (80, 10), (72, 10)]


def test_the_earlier_row_unreadable_beside_a_later_one_holding_the_baseline_is_the_one_to_delete(tmp_path):
    # row 2's Baseline mean "eighty", row 3 recorded 80 on 20 March: the fix names row 2, not "the second row"
    path = tmp_path / "team.xlsx"
    wb = _recorded(path)
    log, grey = _moved_down(wb)
    log.cell(row=2, column=grey[0]).value = "eighty"
    wb.save(path)
    assert run("refresh", path, "--as-of", "2026-04-30", "-q").exit_code == 0
    twice = [c for c in records(path, "Checks") if c["Code"] == "duplicate-session-id"]
    assert [(c["Row"], c["How to fix"]) for c in twice] == \
        [(3, "Delete row 2, whose grey baseline cells cannot be read: this row holds the baseline.")]
    assert [(r["Baseline mean"], r["Baseline n"]) for r in _log(path)] == [("eighty", None), (80, 10)]
