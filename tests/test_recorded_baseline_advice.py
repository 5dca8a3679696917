"""What Checks advises once a session's baseline is recorded and a Log row or a setting changes, followed
through ``coachlog refresh`` (docs/rules.md, "Baseline recorded once": a recorded baseline is never
recomputed; clearing its three grey cells lets the next refresh record it again).

Naming the call type, as call-types-shifted advised, kept the baseline recorded over both types while the
follow-up took one, and the comparison read as valid; a Log row copied with its grey cells for another
session went unnamed among the causes of baseline-differs-from-recorded; a window made smaller than a
baseline recorded over fewer calls than the window then held is noted without saying the window was that n."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from tests.wbkit import records, run, team_book, type_log_rows

HOLD = "Hold procedure"
GREY = ("Baseline mean", "Baseline n", "Baseline recorded on")


def _checks(path, code, session_id):
    return [c for c in records(path, "Checks") if c["Code"] == code and c["Problem"].startswith(f"{session_id}:")]


def _follow_up(path, session_id):
    return next(r for r in records(path, "Follow-up") if r["Session ID"] == session_id)


def _log_cells(path, row, cells: dict):
    wb = load_workbook(path)
    head = [c.value for c in wb["Log"][1]]
    for key, value in cells.items():
        wb["Log"].cell(row=row, column=head.index(key) + 1).value = value  # (cell(value=None) leaves it)
    wb.save(path)


def _refresh(path, as_of):
    assert run("refresh", path, "--as-of", as_of, "-q").exit_code in (0, 1)


def _recorded(path, criterion: tuple[str, str], rep: str, scores: list[list], session: tuple, grey: tuple):
    """A workbook of one rep and criterion, ``scores`` on Scores and the session ``session`` (its id and date)
    on the Log, refreshed as of the session's next day; its recorded grey cells are ``grey``."""
    wb = team_book(path, [criterion], [rep])
    for score in scores:
        wb["Scores"].append(score)
    type_log_rows(wb, [{"Session ID": session[0], "Rep": rep, "Session date": session[1],
                        "Targeted criterion": criterion[0]}])
    wb.save(path)
    _refresh(path, f"{grey[2]:%Y-%m-%d}")
    assert tuple(records(path, "Log")[0][k] for k in GREY) == grey


def test_call_types_shifted_on_a_recorded_baseline_says_to_clear_it_and_following_that_records_one_type(tmp_path):
    # baseline: 10 calls from 2026-01-19, inbound 60 and outbound 90 by turns: (5 x 60 + 5 x 90) / 10 = 75.0;
    # session 2026-02-02 (date only); follow-up: 10 inbound calls at 70 from 02-03
    book = tmp_path / "team.xlsx"
    _recorded(book, ("HOLD", HOLD), "Ana Souza",
              [[f"B{i}", "Ana Souza", dt.datetime(2026, 1, 19 + i, 10), HOLD, 90 if i % 2 else 60,
                "outbound" if i % 2 else "inbound"] for i in range(10)],
              ("S-1", dt.datetime(2026, 2, 2)), (75, 10, dt.datetime(2026, 2, 2)))
    wb = load_workbook(book)
    for i in range(10):
        wb["Scores"].append([f"F{i}", "Ana Souza", dt.datetime(2026, 2, 3 + i, 10), HOLD, 70, "inbound"])
    wb.save(book)
    _refresh(book, "2026-02-20")
    # inbound 5 of 10 before, 10 of 10 after: not comparable, and the fix names the recorded cells
    assert _follow_up(book, "S-1")["Call types comparable"] == "no"
    [shifted] = _checks(book, "call-types-shifted", "S-1")
    fix = shifted["How to fix"]
    assert fix.startswith("Name the call type the target applies to in the Log's Call type column")
    assert "(its window now: inbound 5, outbound 5), clear its Baseline mean, Baseline n and Baseline recorded on" \
        in fix
    assert "record it over that type only" in fix and "scores pasted since" in fix
    # done as it says: the next refresh records the five inbound 60s, 60.0 (n 5); delta 70 - 60 = +10.0;
    # 5 baseline calls of the 10 needed, so not valid (kept, 75.0 would have given -5.0, valid)
    _log_cells(book, 2, {"Call type": "inbound", "Baseline mean": None, "Baseline n": None,
                           "Baseline recorded on": None})
    _refresh(book, "2026-02-20")
    assert tuple(records(book, "Log")[0][k] for k in GREY) == (60, 5, dt.datetime(2026, 2, 20))
    after = _follow_up(book, "S-1")
    assert (after["Baseline mean"], after["Baseline n"], after["Delta"]) == (60, 5, 10)
    assert (after["Call types comparable"], after["Enough calls"], after["Valid"]) == ("yes (inbound only)", "no", "no")
    assert not _checks(book, "call-types-shifted", "S-1")


def test_call_types_shifted_on_a_recorded_baseline_of_the_type_named_keeps_its_cells_and_compares(tmp_path):
    # baseline: 10 inbound calls at 70 from 2026-01-19, recorded 70.0 (n 10) as of the session's day 2026-02-02;
    # follow-up: 10 outbound calls at 90 from 02-03, then 10 inbound at 80 from 02-13, all within 30 days
    book = tmp_path / "team.xlsx"
    _recorded(book, ("HOLD", HOLD), "Ana Souza",
              [[f"B{i}", "Ana Souza", dt.datetime(2026, 1, 19 + i, 10), HOLD, 70, "inbound"] for i in range(10)],
              ("S-1", dt.datetime(2026, 2, 2)), (70, 10, dt.datetime(2026, 2, 2)))
    wb = load_workbook(book)
    for i in range(20):
        wb["Scores"].append([f"F{i:02d}", "Ana Souza", dt.datetime(2026, 2, 3 + i, 10), HOLD, 90 if i < 10 else 80,
                             "outbound" if i < 10 else "inbound"])
    wb.save(book)
    _refresh(book, "2026-03-10")
    # inbound 100% before against 0% after (the first 10 calls): not comparable; the fix says which types the
    # recorded baseline's window holds, so the cells are cleared only when they are not the type named
    assert _follow_up(book, "S-1")["Call types comparable"] == "no"
    [shifted] = _checks(book, "call-types-shifted", "S-1")
    assert "if it holds calls of other types than the one you name (its window now: inbound 10)" \
        in shifted["How to fix"]
    # inbound named, the cells kept: the follow-up takes the 10 inbound calls at 80: delta 80 - 70 = +10, valid
    _log_cells(book, 2, {"Call type": "inbound"})
    _refresh(book, "2026-03-10")
    assert tuple(records(book, "Log")[0][k] for k in GREY) == (70, 10, dt.datetime(2026, 2, 2))
    after = _follow_up(book, "S-1")
    assert (after["Follow-up n"], after["Follow-up mean"], after["Delta"]) == (10, 80, 10)
    assert (after["Call types comparable"], after["Valid"]) == ("yes (inbound only)", "yes")


def test_a_log_row_copied_with_its_grey_cells_is_a_cause_baseline_differs_names(tmp_path):
    # Ana's 10 calls at 80 and Ben's at 50, 2026-01-02 to 01-11; S-1 (Ana, 01-12) records 80.0 (n 10); its
    # row copied whole to row 3 for Ben's session that day, S-2: the copied 80.0 (n 10) is kept, the data
    # gives Ben's 50.0 (n 10)
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("HOLD", HOLD)], ["Ana Souza", "Ben Ortiz"])
    for rep, score in (("Ana Souza", 80), ("Ben Ortiz", 50)):
        for i in range(10):
            wb["Scores"].append([f"{rep[0]}{i}", rep, dt.datetime(2026, 1, 2 + i, 10), HOLD, score])
    type_log_rows(wb, [{"Session ID": "S-1", "Rep": "Ana Souza", "Session date": dt.datetime(2026, 1, 12),
                        "Targeted criterion": "HOLD"}])
    wb.save(book)
    _refresh(book, "2026-01-12")
    wb = load_workbook(book)
    log = wb["Log"]
    for c in range(1, log.max_column + 1):
        log.cell(row=3, column=c, value=log.cell(row=2, column=c).value)
    wb.save(book)
    _log_cells(book, 3, {"Session ID": "S-2", "Rep": "Ben Ortiz"})
    _refresh(book, "2026-01-13")
    assert (_follow_up(book, "S-2")["Baseline mean"], _follow_up(book, "S-2")["Baseline n"]) == (80, 10)
    [differs] = _checks(book, "baseline-differs-from-recorded", "S-2")
    assert differs["Severity"] == "warning"
    assert "as 80.0 (n 10); the score data now gives 50.0 (n 10)" in differs["Problem"]
    assert "its row copied from another session's with the grey baseline cells" in differs["Problem"]
    assert ("or the row was copied from another session's with its grey cells, clear the session's Baseline mean, "
            "Baseline n and Baseline recorded on cells for the next refresh to record its own baseline") in (
        differs["How to fix"])
    # the same three values on two rows are no error of their own (two sessions recorded one day share them)
    assert not [c for c in records(book, "Checks") if c["Severity"] == "error"]
    assert not _checks(book, "baseline-differs-from-recorded", "S-1")


def test_a_window_made_smaller_than_a_baseline_of_fewer_calls_than_it_held_says_only_what_is_known(tmp_path):
    # 9 calls (the rep's all) scoring 70..78 from 2026-01-26: 666 / 9 = 74.0 (n 9) recorded with N 10;
    # N set to 8: the data's last 8, 71..78, give 596 / 8 = 74.5; the rep's last 9, 70..78, still give 74.0.
    # The window was 10, never 9: the note names the 9 calls and the 8 the window holds, not what it was
    book = tmp_path / "team.xlsx"
    _recorded(book, ("GREET", "Greeting by name"), "Dev Rao",
              [[f"B{i}", "Dev Rao", dt.datetime(2026, 1, 26, 10) + dt.timedelta(days=i), "Greeting by name", 70 + i]
               for i in range(9)],
              ("S-011", dt.datetime(2026, 2, 11)), (74, 9, dt.datetime(2026, 2, 13)))
    wb = load_workbook(book)
    wb["Settings"]["B2"] = 8
    wb.save(book)
    _refresh(book, "2026-02-13")
    assert not _checks(book, "baseline-differs-from-recorded", "S-011")
    [note] = _checks(book, "window-smaller-than-recorded", "S-011")
    assert note["Severity"] == "info"
    assert "as 74.0 over 9 calls; the window holds 8 calls now" in note["Problem"]
    assert "the window is now" not in note["Problem"]
    fix = note["How to fix"]
    assert "type 9 in the row's Calls to review" in fix and "back to" not in fix
    assert "Do not clear the recorded cells" in fix
