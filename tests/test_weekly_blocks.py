"""The same export pasted week after week, each week under its own header, is read as one block per run
of alike headers (``layout.segments`` with ``merge``): the rows and Checks rows are those of reading
each header block apart, whichever reader read the sheet and whatever odd cells a week holds."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tests.test_fastpath import _greeting_book, _weekly_pastes


def _normalised(path):
    from coachlog_xl import schema
    from coachlog_xl.core import calls
    from coachlog_xl.core.checks import Issues
    from coachlog_xl.core.config import read_config
    from coachlog_xl.core.inputs import by_schema
    from coachlog_xl.core.names import criterion_directory, rep_directory
    from coachlog_xl.workbook import reader

    inputs = reader.read_inputs(path)
    cfg = read_config(inputs, Issues())
    reps = rep_directory(by_schema(inputs.reps, schema.REPS)[0])
    crits = criterion_directory(by_schema(inputs.criteria, schema.CRITERIA)[0])
    return calls.normalise(inputs.scores, cfg, reps, crits), inputs, cfg


def _merged_and_apart(path, monkeypatch, row_reader: bool) -> tuple[int, int]:
    """Normalises the workbook with header blocks merged, then with each read apart; checks that both
    give the same rows and Checks rows; returns how many blocks the weekly sheet is read as each way."""
    from coachlog_xl.core import layout
    from coachlog_xl.core.checks import Issues
    from coachlog_xl.workbook import columns

    with monkeypatch.context() as patched:
        if row_reader:
            patched.setattr(columns, "modules", lambda: None)
        merged, inputs, cfg = _normalised(path)
        segments = layout.segments
        patched.setattr(layout, "segments", lambda table, header_map, issues, merge=False:
                        segments(table, header_map, issues, False))
        apart, _, _ = _normalised(path)
    pd.testing.assert_frame_equal(merged.rows, apart.rows, check_exact=True)
    assert merged.issues == apart.issues
    table = next(t for t in inputs.scores if t.sheet == "Scores weekly")
    return (len(layout.segments(table, cfg.header_map, Issues(), merge=True)),
            len(layout.segments(table, cfg.header_map, Issues())))


@pytest.mark.parametrize("row_reader", [False, True])
@pytest.mark.parametrize("odd", [
    [],
    # a totals line closing weeks 1 and 2 (no rep: not a call), a report footer closing week 3
    [(1, 39, "Call ID", "Grand Total"), (1, 39, "Agent", None), (2, 39, "Call ID", "Total"), (2, 39, "Agent", None),
     (3, 39, "Call ID", "Report generated 2025-04-01"), (3, 39, "Agent", None)],
    [(2, 3, "Score", "N/A")],  # text among one week's numbers: that week's column is not typed, the others are
    [(1, 4, "Date", "2025-03-20"), (3, 7, "Max", "")],
    [(2, 10, "Call ID", None), (2, 10, "Metric", "Greeting Average")],  # a report's average line without a call id
])
def test_weekly_pastes_read_as_one_block_give_what_each_week_read_apart_gives(tmp_path, monkeypatch, odd, row_reader):
    path = tmp_path / "weekly.xlsx"
    _weekly_pastes(path, 4, 40, odd)
    merged, apart = _merged_and_apart(path, monkeypatch, row_reader)
    # by hand: four header blocks; the first (with rows) is read apart, the three below it as one
    assert (merged, apart) == (2, 4)


def _pastes(path, header: list[str], weeks: int, rows: int) -> None:
    """``weeks`` pastes of a MaestroQA-like export under ``header`` (its first columns: call id, two rep
    columns or one, call date, criterion, score), each with its header row."""
    wb = _greeting_book(path)
    ws = wb.create_sheet("Scores weekly")
    start = dt.datetime(2025, 3, 3, 9)
    for w in range(weeks):
        ws.append(header)
        for i in range(rows):
            k = w * rows + i
            reps = ["Ana", "ana@example.com"] if "agent_email" in header else ["Ana"]
            score = [70 + k % 30, 60 + k % 20] if header.count("normalized_score") == 2 else [70 + k % 30]
            ws.append([f"G{k}", *reps, start + dt.timedelta(hours=6 * k), "Greeting", *score])
    wb.save(path)


@pytest.mark.parametrize(("header", "merged"), [
    (["gradable_id", "agent_name", "ticket_created_at", "question_id", "normalized_score"], 2),
    # two rep columns: the one read is chosen by the names each block holds, so each is read apart
    (["gradable_id", "agent_name", "agent_email", "ticket_created_at", "question_id", "normalized_score"], 3),
    # a score column per evaluator: each block's rows are read per evaluator, so each is read apart
    (["gradable_id", "agent_name", "ticket_created_at", "question_id", "normalized_score", "normalized_score"], 3),
])
def test_only_blocks_read_alike_are_read_as_one(tmp_path, monkeypatch, header, merged):
    path = tmp_path / "pastes.xlsx"
    _pastes(path, header, 3, 30)
    for row_reader in (False, True):
        assert _merged_and_apart(path, monkeypatch, row_reader) == (merged, 3)


def test_a_wide_export_pasted_week_after_week_is_said_once_in_checks(tmp_path):
    # the wide layout's note names the export's criterion columns: once per export, not once per week;
    # a paste under another header (other columns) is said apart
    wb = _greeting_book(tmp_path / "wide.xlsx")
    ws = wb.create_sheet("Scores weekly")
    start, k = dt.datetime(2025, 3, 3, 9), 0
    for header in [["Call ID", "Agent", "Date", "Greeting", "Empathy"]] * 3 \
            + [["Call ID", "Agent", "Date", "Greeting"]]:
        ws.append(header)
        for _ in range(20):
            ws.append([f"W{k}", "Ana", start + dt.timedelta(hours=6 * k), 70 + k % 30, 80][:len(header)])
            k += 1
    wb.save(tmp_path / "wide.xlsx")
    normalised, _, _ = _normalised(tmp_path / "wide.xlsx")
    said = [i.problem for i in normalised.issues if "wide layout read" in i.problem]
    assert said == ["Scores weekly: wide layout read, 2 criterion columns: Greeting, Empathy.",
                    "Scores weekly: wide layout read, 1 criterion columns: Greeting."]
    # each at its header row: three weeks of a header and 20 rows above the fourth header, in row 64
    assert [i.row for i in normalised.issues if "wide layout read" in i.problem] == [1, 3 * 21 + 1]
    # every week's scores are read: 3 weeks x 20 calls x 2 criteria, then 20 calls x 1
    assert len(normalised.rows) == 3 * 20 * 2 + 20


def test_a_wide_row_pasted_again_is_said_once_not_once_per_criterion(tmp_path):
    # two weeks of a wide export overlapping by one call: its row repeats exactly, one Checks row says so
    wb = _greeting_book(tmp_path / "overlap.xlsx")
    ws = wb.create_sheet("Scores weekly")
    start = dt.datetime(2025, 3, 3, 9)
    week1 = [[f"W{k}", "Ana", start + dt.timedelta(hours=6 * k), 70 + k, 80, 90] for k in range(5)]
    for rows in (week1, week1[-1:] + [[f"W{k}", "Ana", start + dt.timedelta(hours=6 * k), 70, 80, 90]
                                      for k in range(5, 8)]):
        ws.append(["Call ID", "Agent", "Date", "Greeting", "Empathy", "Closing"])
        for r in rows:
            ws.append(r)
    wb.save(tmp_path / "overlap.xlsx")
    from coachlog_xl import api

    result = api.compute_file(tmp_path / "overlap.xlsx", dt.date(2025, 12, 31), cache=False)
    said = result.checks.loc[result.checks["code"] == "duplicate-row", ["row", "problem"]]
    # by hand: week 1 is rows 2-6 under the header in row 1; week 2's header is row 7, its first row (8) repeats row 6
    assert said.values.tolist() == [[8, "Scores weekly row 8 repeats row 6 exactly (call W4); it is counted once."]]
    assert (result.summary["scores"], result.summary["calls"]) == (8 * 3, 8)  # eight calls, three criteria each
