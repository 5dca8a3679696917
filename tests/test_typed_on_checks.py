"""What a person typed on a computed sheet, which a file refresh does not keep, is said on the workbook's
Checks sheet (``typed-on-computed-sheet``, with the backup that holds it; a decision the Log does not hold
as ``decision-not-on-log``, as the Excel refresh writes it), and ``coachlog check`` says it of the next
refresh."""

import datetime as dt

from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api, schema
from coachlog_xl.cli import main
from tests import fidelity_kit as kit
from tests.wbkit import kept_before_refresh, still_in

AS_OF = dt.date(2026, 6, 1)
DECISION = "AI"  # Follow-up's 35th column (A..Z, then AA..AI)
TYPED = "typed-on-computed-sheet"


def _refreshed(path) -> int:
    """The base workbook (S-1 on Log row 2, S-2 on Log row 3, no decision) refreshed once: Follow-up's rows
    2 and 3 are S-1 and S-2; the warnings its Checks sheet then holds."""
    kit.base_workbook(path)
    api.refresh_file(path, as_of=AS_OF, backup=False)
    ws = load_workbook(path)["Follow-up"]
    assert [ws.cell(r, 1).value for r in (1, 2, 3, 4)] == ["Session ID", "S-1", "S-2", None]
    assert ws[f"{DECISION}1"].value == "Decision"
    return sum(row["Severity"] == "warning" for row in _checks(path))


def _checks(path, code: str | None = None) -> list[dict]:
    """The Checks sheet's rows as dicts by its headers (those of ``code``, when given)."""
    rows = list(load_workbook(path)["Checks"].iter_rows(values_only=True))
    found = [dict(zip(rows[0], row)) for row in rows[1:] if any(v is not None for v in row)]
    return [row for row in found if code is None or row["Code"] == code]


def _typed(path, cells: dict[str, str], sheet: str = "Follow-up") -> None:
    wb = load_workbook(path)
    for ref, value in cells.items():
        wb[sheet][ref] = value
    wb.save(path)


def test_a_note_typed_under_follow_up_is_a_checks_row_with_its_cell_value_and_backup(tmp_path):
    book = tmp_path / "book.xlsx"
    warnings = _refreshed(book)
    _typed(book, {"B10": "call Ana back"})  # under the table (rows 1-3), not in column A
    api.refresh_file(book, as_of=AS_OF, backup=True)
    rows = _checks(book, TYPED)
    assert [(r["Severity"], r["Sheet"], r["Row"], r["Field"], r["Value"]) for r in rows] == \
        [("warning", "Follow-up", 10, "B10", "call Ana back")]
    assert rows[0]["Problem"] == ('Follow-up B10 held "call Ana back": a refresh rewrites the computed sheets, '
                                  "so what was typed on them is gone.")
    (kept,) = kept_before_refresh(book)
    assert rows[0]["How to fix"] == still_in(kept, "it")
    assert load_workbook(kept)["Follow-up"]["B10"].value == "call Ana back"
    stamp = load_workbook(book)["Start here"]["B3"].value
    assert f"{warnings + 1} warnings" in stamp  # the stamp counts the new row


def test_a_formula_in_the_table_and_a_long_note_are_named_the_note_cut_and_kept_apart_without_a_backup(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _typed(book, {"C2": "=UPPER(B2)", "A9": "x" * 100}, "Baseline")
    api.refresh_file(book, as_of=AS_OF, backup=False)
    rows = _checks(book, TYPED)
    # in sheet order: C2 (a formula, its text), A9 (cut to 59 characters and an ellipsis: 60 in all)
    assert [(r["Sheet"], r["Row"], r["Field"], r["Value"]) for r in rows] == \
        [("Baseline", 2, "C2", "=UPPER(B2)"), ("Baseline", 9, "A9", "x" * 59 + "…")]
    # the .bak turned off, the workbook holding them is kept apart still: nothing typed is lost
    assert not book.with_name(book.name + ".bak").exists()
    (kept,) = kept_before_refresh(book)
    assert {r["How to fix"] for r in rows} == {still_in(kept, "it")}
    assert load_workbook(kept)["Baseline"]["A9"].value == "x" * 100


def test_many_cells_typed_on_one_sheet_are_one_checks_row_with_their_range(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _typed(book, {f"A{r}": f"note {r}" for r in range(20, 30)} | {"C25": "see A25"}, "Aggregate")
    api.refresh_file(book, as_of=AS_OF, backup=True)
    rows = _checks(book, TYPED)
    # 11 cells (A20..A29 and C25) are more than 8: one row, from A20 to C29, the first named with its value
    assert [(r["Sheet"], r["Row"], r["Field"], r["Value"]) for r in rows] == [("Aggregate", 20, "A20:C29", "note 20")]
    assert rows[0]["Problem"].startswith("Aggregate A20, A21, A22, A23, A24, A25, C25, A26 and 3 more "
                                         '(11 cells in A20:C29; A20 held "note 20"): a refresh rewrites')
    (kept,) = kept_before_refresh(book)
    assert rows[0]["How to fix"] == still_in(kept)


def test_a_decision_typed_on_follow_up_is_a_checks_row_in_the_excel_refresh_s_words(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _typed(book, {f"{DECISION}3": "escalate"})  # S-2, Log row 3, no decision there
    api.refresh_file(book, as_of=AS_OF, backup=True)
    assert _checks(book, TYPED) == []  # (named once, as a decision)
    rows = _checks(book, "decision-not-on-log")
    assert [(r["Sheet"], r["Row"], r["Field"], r["Value"]) for r in rows] == [("Follow-up", 3, "Decision", "escalate")]
    assert rows[0]["Problem"] == (f'Follow-up {DECISION}3 held "escalate", which Log row 3\'s Decision does not '
                                  "hold: if you typed it on Follow-up, type it in the Log's Decision; if you "
                                  "cleared it on the Log, nothing is lost.")
    assert rows[0]["How to fix"] == ("The refresh wrote the Log's decision here, as it always does: keep a "
                                     "decision in the Log's Decision column.")


def test_check_says_what_the_next_refresh_would_not_keep_and_writes_nothing(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _typed(book, {"B10": "call Ana back", f"{DECISION}3": "escalate"})
    before = book.read_bytes()
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", AS_OF.isoformat()])
    assert book.read_bytes() == before
    text = out.output.replace("\n", " ")
    assert f"  {TYPED} (1)" in out.output
    assert ('Follow-up B10 holds "call Ana back": a refresh rewrites the computed sheets, so what was typed on '
            "them is not kept.") in text
    assert "fix: Move it to a sheet of your own before the next refresh." in text
    assert f'Follow-up {DECISION}3 holds "escalate", which Log row 3\'s Decision does not hold' in text
    assert "The next refresh writes the Log's decision here" in text
    assert ".bak" not in text


def test_check_of_a_workbook_nobody_typed_on_adds_nothing(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    result = api.compute_file(book, as_of=AS_OF)
    assert not {TYPED, "decision-not-on-log"} & set(result.checks["code"])


def test_a_decision_of_a_log_row_deleted_since_the_last_refresh_is_a_note_on_the_row_it_was_on(tmp_path):
    book = tmp_path / "book.xlsx"
    kit.base_workbook(book)
    wb = load_workbook(book)
    kit._type(wb["Log"], 2, schema.LOG, {"decision": "close"})  # S-1
    wb.save(book)
    api.refresh_file(book, as_of=AS_OF, backup=False)
    assert load_workbook(book)["Follow-up"][f"{DECISION}2"].value == "close"  # the Log's, copied
    wb = load_workbook(book)
    for cell in wb["Log"][2]:  # S-1's Log row deleted
        cell.value = None
    wb.save(book)
    api.refresh_file(book, as_of=AS_OF, backup=True)
    ws = load_workbook(book)["Follow-up"]
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["S-2", None]  # row 2 holds S-2 after this refresh
    assert _checks(book, "decision-not-on-log") == []
    rows = _checks(book, "decision-of-session-gone")
    assert [(r["Severity"], r["Sheet"], r["Row"], r["Value"]) for r in rows] == [("info", "Follow-up", None, "close")]
    assert rows[0]["Problem"] == ('Follow-up row 2 held "close" for S-1 until this refresh; no row of the Log holds '
                                  "S-1 now (its rows deleted, or its Session ID changed), so Follow-up has no row "
                                  "for it.")
    (kept,) = kept_before_refresh(book)
    assert f"{kept.name} holds the file as it was" in rows[0]["How to fix"]
    assert "The refresh wrote the Log's decision here" not in rows[0]["How to fix"]


def test_checks_rows_added_for_typed_cells_stand_with_their_severity_not_after_the_notes(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    wb = load_workbook(book)
    scores = next(ws for ws in wb.worksheets if ws.title.startswith("Scores"))
    scores.append([c.value for c in scores[2]])  # a row written twice: a duplicate-row note
    wb["Follow-up"]["B10"] = "call Ana back"
    wb.save(book)
    api.refresh_file(book, as_of=AS_OF, backup=False)
    rows = _checks(book)
    assert "duplicate-row" in {r["Code"] for r in rows} and _checks(book, TYPED)
    severities = [r["Severity"] for r in rows]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def test_a_typed_date_and_true_show_as_the_cells_showed_them(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _typed(book, {"B10": dt.date(2026, 1, 2), "C10": True, "D10": dt.datetime(2026, 1, 2, 14, 30), "E10": 2.5})
    api.refresh_file(book, as_of=AS_OF, backup=False)
    # 2026-01-02 is stored as 46024 (days since 1899-12-30), TRUE as 1
    assert [(r["Field"], r["Value"]) for r in _checks(book, TYPED)] == \
        [("B10", "2026-01-02"), ("C10", "TRUE"), ("D10", "2026-01-02 14:30"), ("E10", "2.5")]


def test_many_cells_with_a_backup_are_said_as_them_and_check_says_holds_and_names_the_sheet_once(tmp_path):
    book = tmp_path / "book.xlsx"
    _refreshed(book)
    _typed(book, {f"A{r}": f"note {r}" for r in range(20, 30)} | {"C25": "see A25"}, "Aggregate")
    _typed(book, {f"{DECISION}3": "escalate"})
    out = CliRunner().invoke(main, ["check", str(book), "--as-of", AS_OF.isoformat()])
    text = out.output.replace("\n", " ")
    assert "Aggregate row 20:" not in text and "    Aggregate A20, A21," in out.output
    assert f'Follow-up {DECISION}3 holds "escalate"' in text and "fix: Move them to a sheet" in text
    api.refresh_file(book, as_of=AS_OF, backup=True)
    assert _checks(book, TYPED)[0]["How to fix"] in [still_in(kept) for kept in kept_before_refresh(book)]
