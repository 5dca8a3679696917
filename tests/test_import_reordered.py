"""Re-importing an export whose columns come in another order: a row is already there when a row under
a header of the workbook holds the same value under each of the same headers (header texts compared
as the import compares them: case, spaces and punctuation aside), whatever the columns' order.

Fixtures are written here by hand as a QA platform exports them: the same week re-exported after the
platform moved its columns, or a saved report's columns rearranged.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import schema
from coachlog_xl.cli import main
from tests.wbkit import team_book

HEAD = ["Call ID", "Agent", "Date", "Metric", "Score"]
WEEK = [["R1", "Dana Cruz", "2026-05-11", "ACK", "90"],
        ["R2", "Dana Cruz", "2026-05-12", "ACK", "70"],
        ["R3", "Eli Moss", "2026-05-12", "VERIFY", "80"]]


@pytest.fixture(scope="module")
def made_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("team") / "team.xlsx"
    team_book(path, [("ACK", "Acknowledges the concern"), ("VERIFY", "Verifies identity")],
              ["Dana Cruz", "Eli Moss"]).save(path)
    return path


@pytest.fixture
def book(made_book, tmp_path):
    """The team's workbook, a copy of one made for the module (``coachlog new`` and an openpyxl load
    and save: 0.35 s a test)."""
    return shutil.copyfile(made_book, tmp_path / "team.xlsx")


def _csv(path: Path, head: list[str], rows: list[list[str]], order: list[int] | None = None) -> Path:
    """The export, its columns taken in ``order`` (positions of ``head``)."""
    order = list(range(len(head))) if order is None else order
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(",".join(r[i] for i in order) + "\n" for r in [head, *rows]))
    return path


def _import(book: Path, export: Path, *more: str) -> str:
    result = CliRunner().invoke(main, ["import", str(book), str(export), *more])
    assert result.exit_code == 0, result.output
    return result.output


def _sheet(book: Path, name: str) -> list[list]:
    return [list(r) for r in load_workbook(book)[name].iter_rows(values_only=True)]


def test_the_same_week_re_exported_in_another_column_order_adds_nothing(book, tmp_path):
    assert "Added 3 rows" in _import(book, _csv(tmp_path / "a" / "week.csv", HEAD, WEEK))
    before = _sheet(book, "Scores week")
    # the platform moved Score and Metric to the front; header texts written another way match as ever
    moved = _csv(tmp_path / "b" / "week.csv", ["CALL ID", "agent", "date", "metric", "score"], WEEK, [4, 3, 0, 2, 1])
    assert "Nothing added: all 3 rows are already in Scores week." in _import(book, moved)
    assert _sheet(book, "Scores week") == before
    other = _csv(tmp_path / "week (1).csv", HEAD, WEEK, [1, 0, 2, 4, 3])  # another name: another sheet's name
    assert "Nothing added: all 3 rows are already in Scores week." in _import(book, other)
    assert "Scores week (1)" not in load_workbook(book).sheetnames


def test_a_reordered_export_of_the_scores_sheet_s_own_columns_is_said_to_be_in_scores(book, tmp_path):
    head = [c.header for c in schema.SCORES.columns]  # Call ID ... Exclude: the rows go into Scores
    rows = [[r[0], r[1], r[2], r[3], r[4], *[""] * (len(head) - 5)] for r in WEEK]
    assert "Added 3 rows" in _import(book, _csv(tmp_path / "a" / "scores.csv", head, rows))
    order = [4, 3, *range(len(head) - 1, 4, -1), 2, 1, 0]
    assert sorted(order) == list(range(len(head)))
    again = _import(book, _csv(tmp_path / "b" / "scores.csv", head, rows, order))
    assert "Nothing added: all 3 rows are already in Scores." in again


def test_a_reordered_export_overlapping_by_a_few_calls_adds_only_the_new_ones_under_its_own_header(book, tmp_path):
    _import(book, _csv(tmp_path / "a" / "week.csv", HEAD, WEEK))
    order = [3, 4, 0, 1, 2]  # Metric, Score, Call ID, Agent, Date
    new = ["R4", "Eli Moss", "2026-05-13", "ACK", "60"]
    moved = _csv(tmp_path / "b" / "week.csv", HEAD, [*WEEK[1:], new], order)
    assert "Added 1 row" in _import(book, moved)
    rows = _sheet(book, "Scores week")
    assert rows[0] == [*HEAD, "Exclude"]
    assert [r[:5] for r in rows[1:4]] == [[r[0], r[1], r[2], r[3], int(r[4])] for r in WEEK]
    # the sheet's last header is the old order: the new row goes under the export's own header, as exported
    assert [r[:5] for r in rows[4:]] == [["Metric", "Score", "Call ID", "Agent", "Date"],
                                         ["ACK", 60, "R4", "Eli Moss", "2026-05-13"]]
    wb = load_workbook(book)
    wb["Scores week"]["F6"] = "duplicate grading"  # the first header's Exclude: the second leaves F unnamed
    wb.save(book)
    assert "Nothing added: all 3 rows are already in Scores week." in _import(book, moved)
    first = _csv(tmp_path / "c" / "week.csv", HEAD, [*WEEK, new])  # the old order, all four calls
    assert "Nothing added: all 4 rows are already in Scores week." in _import(book, first)
    assert len(_sheet(book, "Scores week")) == 6


def test_a_reason_typed_in_the_exclude_column_the_import_added_leaves_the_row_the_same(book, tmp_path):
    _import(book, _csv(tmp_path / "a" / "week.csv", HEAD, WEEK))
    wb = load_workbook(book)
    assert wb["Scores week"]["F1"].value == "Exclude"
    wb["Scores week"]["F3"] = "misrouted call"
    wb.save(book)
    moved = _csv(tmp_path / "b" / "week.csv", HEAD, WEEK, [2, 1, 0, 4, 3])
    assert "Nothing added: all 3 rows are already in Scores week." in _import(book, moved)
    assert _sheet(book, "Scores week")[2][5] == "misrouted call"


def test_rows_pasted_under_headers_of_two_other_orders_are_both_found(book, tmp_path):
    _import(book, _csv(tmp_path / "a.csv", HEAD, WEEK[:1]), "--sheet", "Scores qa")
    _import(book, _csv(tmp_path / "b.csv", HEAD, WEEK[1:], [4, 0, 1, 2, 3]), "--sheet", "Scores qa")
    assert [r[0] for r in _sheet(book, "Scores qa")] == ["Call ID", "R1", "Score", 70, 80]  # two blocks
    third = _csv(tmp_path / "c.csv", HEAD, WEEK, [1, 2, 3, 4, 0])
    assert "Nothing added: all 3 rows are already in Scores qa." in _import(book, third, "--sheet", "Scores qa")


def test_an_export_repeating_its_header_in_another_order_adds_no_header_row_alone(book, tmp_path):
    text = "Call ID,Agent,Date,Metric,Score\nS1,Dana Cruz,2026-05-11,ACK,90\nCall ID,Agent,Date,Metric,Score\n" \
           "S2,Dana Cruz,2026-05-12,ACK,70\n"
    _import(book, _write(tmp_path / "a" / "paged.csv", text))
    before = _sheet(book, "Scores paged")
    moved = "Score,Call ID,Agent,Date,Metric\n90,S1,Dana Cruz,2026-05-11,ACK\nScore,Call ID,Agent,Date,Metric\n" \
            "70,S2,Dana Cruz,2026-05-12,ACK\n"
    assert "Nothing added: all 3 rows are already in Scores paged." in _import(
        book, _write(tmp_path / "b" / "paged.csv", moved))
    assert _sheet(book, "Scores paged") == before


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize("head", [["Conversation", "Agent", "Start Time", "Metric", "Score", "Score"],
                                  ["Call ID", "Agent", "Date", "Metric", "Score", ""]],
                         ids=["a header twice", "a blank header cell"])
def test_an_export_whose_headers_do_not_name_each_column_once_is_compared_cell_by_cell(book, tmp_path, head):
    rows = [["C1", "Dana Cruz", "2026-05-11 10:00", "ACK", "Adhered", "Not Adhered"],
            ["C2", "Eli Moss", "2026-05-12 10:00", "ACK", "Adhered", "Adhered"]]
    _import(book, _csv(tmp_path / "a" / "cal.csv", head, rows))
    assert "Nothing added" in _import(book, _csv(tmp_path / "b" / "cal.csv", head, rows))  # in order: found
    # in another order, which of two columns is which cannot be told: nothing is guessed, the rows are new
    swapped = _csv(tmp_path / "c" / "cal.csv", head, rows, [1, 0, 2, 3, 5, 4])
    result = CliRunner().invoke(main, ["import", str(book), str(swapped)])
    assert "Added 2 rows" in result.output
    # under the header twice, C1's first Score column now holds Not Adhered (0) where the sheet's holds
    # Adhered (100): once added, a conflict, named as Checks names it, and the import exits 1; under the
    # blank header cell the one Score column holds Adhered in both (the swapped cells are not read)
    twice = head[5] == "Score"
    assert result.exit_code == (1 if twice else 0), result.output
    assert ('error: Call C1, "Acknowledges the concern": different scores (100, 0, 0, 100)' in result.output) is twice


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0]], ids=["in order", "reordered"])
def test_an_extra_column_s_blank_cells_leave_a_row_the_same_and_a_filled_one_makes_it_new(book, tmp_path, order):
    _import(book, _csv(tmp_path / "a" / "week.csv", HEAD, WEEK))
    wider = [*HEAD, "Comments"]
    rows = [[*WEEK[0], ""], [*WEEK[1], "Greeted late; then fine"], [*WEEK[2], ""]]
    out = _import(book, _csv(tmp_path / "b" / "week.csv", wider, rows, order))
    assert "Added 1 row" in out, out  # R2, with its comment; R1 and R3 are already there
    got = _sheet(book, "Scores week")
    assert len(got) == 6  # header, R1-R3, the export's own header, R2 again
    assert got[4][:6] == [wider[i] for i in order]
    assert got[5][:6] == [int(v) if v.isdigit() else v for v in (rows[1][i] for i in order)]
    # the other order, and the narrower export: everything is there now
    again = _csv(tmp_path / "c" / "week.csv", wider, rows, [order[-1], *order[:-1]])
    assert "Nothing added: all 3 rows are already in Scores week." in _import(book, again)
    assert "Nothing added" in _import(book, _csv(tmp_path / "d" / "week.csv", HEAD, WEEK))


def test_an_export_one_column_short_finds_rows_whose_sheet_holds_more(book, tmp_path):
    wider = [*HEAD, "Comments"]
    rows = [[*WEEK[0], ""], [*WEEK[1], "Greeted late; then fine"], [*WEEK[2], ""]]
    _import(book, _csv(tmp_path / "a" / "week.csv", wider, rows))
    before = _sheet(book, "Scores week")
    for n, order in enumerate([[0, 1, 2, 3, 4], [4, 0, 3, 1, 2]]):  # without Comments, in order and not
        out = _import(book, _csv(tmp_path / f"b{n}" / "week.csv", HEAD, WEEK, order))
        assert "Nothing added: all 3 rows are already in Scores week." in out, out
    assert _sheet(book, "Scores week") == before
    changed = [r[:] for r in WEEK]
    changed[1][4] = "75"  # a row differing under a header both have is another row
    result = CliRunner().invoke(main, ["import", str(book), str(_csv(tmp_path / "c" / "week.csv", HEAD, changed,
                                                                     [4, 0, 3, 1, 2]))])
    assert "Added 1 row" in result.output
    # R2 scored 75 where the sheet has 70, no evaluator named in either: a conflict once added (exit 1)
    assert result.exit_code == 1 and 'error: Call R2, "Acknowledges the concern": different scores (70, 75)' \
        in result.output, result.output
