"""The Log's header notes that name a Settings value name the Settings cell it is read from and that
cell's default: a note is written once, when the workbook is made, so a value a team sets later on
Settings (a 48-hour logging rule) must not be contradicted by a note giving another number."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from openpyxl.comments import Comment

from tests.wbkit import records, run, team_book, type_log_rows

# header -> (the Settings label the value is read from, its default on a new workbook)
NAMED = {
    "Logged at": ("Log due within (hours)", 24),
    "Calls to review": ("Calls per window (N)", 10),
    "Timeframe (days)": ("Follow-up timeframe (days)", 30),
    "Threshold score": ("Threshold score", 80),
    "Calls needed at threshold": ("Calls needed at threshold (K)", 7),
}


def _notes(path) -> dict[str, str]:
    return {c.value: c.comment.text if c.comment else "" for c in load_workbook(path)["Log"][1]}


def test_each_log_note_giving_a_settings_value_names_its_settings_cell_and_default(tmp_path):
    book = tmp_path / "team.xlsx"
    assert run("new", book).exit_code == 0
    notes = _notes(book)
    settings = {r[0]: r[1] for r in load_workbook(book)["Settings"].iter_rows(min_row=2, max_col=2, values_only=True)}
    for header, (label, default) in NAMED.items():
        assert settings[label] == default, label  # the cell the note names is on Settings, with that value
        assert f'Settings "{label}" ({default} unless changed there)' in notes[header], header
    assert "24 hours" not in notes["Logged at"]  # no number of hours stated as the rule itself


def test_a_team_setting_its_own_hours_keeps_a_true_note_and_its_cells(tmp_path):
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("ACK", "Acknowledges the concern")], ["Dana Cruz"])
    settings = wb["Settings"]
    row = next(r for r in settings.iter_rows(min_row=2, max_col=2) if r[0].value == "Log due within (hours)")
    row[1].value = 48
    # session on 2026-03-10 (date only: it ends at midnight); logged 30 hours later, within 48, not within 24
    type_log_rows(wb, [{"Session ID": "S1", "Rep": "Dana Cruz", "Session date": dt.date(2026, 3, 10),
                        "Logged at": dt.datetime(2026, 3, 12, 6, 0), "Targeted criterion": "Acknowledges the concern"}])
    wb.save(book)
    before = _notes(book)
    assert run("refresh", book, "--as-of", "2026-03-20").exit_code == 0
    assert _notes(book) == before  # the notes are left as they are
    value = load_workbook(book)["Settings"][row[1].coordinate].value
    assert value == 48  # the team's value kept
    assert 'Settings "Log due within (hours)"' in before["Logged at"]
    assert not [c for c in records(book, "Checks") if c.get("Code") == "late-log"]  # 30 hours < 48


def test_a_workbook_made_by_an_earlier_template_keeps_its_note_and_refreshes(tmp_path):
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("ACK", "Acknowledges the concern")], ["Dana Cruz"])
    log = wb["Log"]
    cell = next(c for c in log[1] if c.value == "Logged at")
    old = "When this row was written: later than 24 hours (Settings) after the session is flagged."
    cell.comment = Comment(old, "coachlog")
    type_log_rows(wb, [{"Session ID": "S1", "Rep": "Dana Cruz", "Session date": dt.date(2026, 3, 10),
                        "Logged at": dt.datetime(2026, 3, 12, 6, 0), "Targeted criterion": "Acknowledges the concern"}])
    wb.save(book)
    result = run("refresh", book, "--as-of", "2026-03-20")
    assert result.exit_code == 0, result.output
    assert _notes(book)["Logged at"] == old  # a note on an input sheet is never rewritten
    late = [c for c in records(book, "Checks") if c.get("Code") == "late-log"]
    assert len(late) == 1 and "logged 30 hours after" in late[0]["Problem"]  # 2026-03-11 00:00 to 2026-03-12 06:00


def test_a_log_without_its_logged_at_column_says_what_goes_unchecked_without_a_number_of_hours(tmp_path):
    # the late-log rule reads its hours from Settings (48 here): the words for a renamed Logged at name that
    # Settings cell rather than 24 hours
    book = tmp_path / "team.xlsx"
    wb = team_book(book, [("ACK", "Acknowledges the concern")], ["Dana Cruz"])
    next(r for r in wb["Settings"].iter_rows(min_row=2, max_col=2)
         if r[0].value == "Log due within (hours)")[1].value = 48
    next(c for c in wb["Log"][1] if c.value == "Logged at").value = "Written at"
    wb.save(book)
    said = " ".join(run("check", book, "--as-of", "2026-03-20").output.split())
    assert ('Log: no "Logged at" column, so no session is checked for being logged later than Settings "Log due '
            'within (hours)" after it. Columns not read: Written at.') in said
    assert "24 hours" not in said


def test_the_threshold_on_settings_says_scores_are_read_on_0_to_100(tmp_path):
    # a threshold typed on a rating (4 for 4 of 5) is not measurable: the Settings row says the scale before it is typed
    book = tmp_path / "team.xlsx"
    assert run("new", book).exit_code == 0
    rows = {r[0]: r for r in load_workbook(book)["Settings"].iter_rows(min_row=2, values_only=True)}
    meaning = " ".join(str(v) for v in rows["Threshold score"][2:] if v)
    assert "0-100" in meaning and "80 is 4 of 5 or 8 of 10" in meaning
