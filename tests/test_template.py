"""The generated template: in sync with the code, true to the schema, and opened by LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from coachlog_xl import schema
from coachlog_xl.workbook.dump import dump_workbook
from coachlog_xl.workbook.template import write_template
from tests.wbkit import soffice_convert

SHIPPED = Path(__file__).parents[1] / "templates" / "coachlog.xlsx"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "coachlog.xlsx"
    write_template(path)
    return path


def test_shipped_template_is_in_sync_with_the_code(fresh):
    assert dump_workbook(SHIPPED) == dump_workbook(fresh), (
        "templates/coachlog.xlsx is out of date: run `coachlog template` and commit it."
    )


def test_every_sheet_in_order_with_the_schema_headers(fresh):
    wb = load_workbook(fresh)
    assert wb.sheetnames == list(schema.SHEET_ORDER)
    for sheet in (*schema.INPUT_SHEETS, *schema.COMPUTED_SHEETS):
        assert [c.value for c in wb[sheet.name][1]][: len(sheet.columns)] == sheet.headers


def test_input_sheets_are_tables_with_dropdowns_from_growing_lists(fresh):
    wb = load_workbook(fresh)
    for sheet in schema.INPUT_SHEETS:
        ws = wb[sheet.name]
        table = ws.tables[sheet.table]
        assert table.ref.startswith("A1:" + get_column_letter(len(sheet.columns)))
        assert ws.freeze_panes in ("A2", "B2")
        validations = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
        # every row a sheet can hold, not the first few thousand: a center logs 10,000 sessions a year
        assert {str(dv.sqref).split(":")[1] for dv in ws.data_validations.dataValidation} <= {
            f"{get_column_letter(i)}1048576" for i in range(1, len(sheet.columns) + 1)}
        for i, col in enumerate(sheet.columns, start=1):
            if not col.choices:
                continue
            src = next(s for s in schema.LISTS if s.name == col.choices)
            # Stored as the file format keeps a formula: without a leading "=".
            want = '"' + ",".join(src.fixed) + '"' if src.fixed else src.name
            assert validations[f"{get_column_letter(i)}2"] == want, (sheet.name, col.header)
    names = dict(wb.defined_names.items())
    for src in schema.LISTS:
        if not src.fixed:
            text = names[src.name].attr_text
            assert text.startswith(f"OFFSET('{src.sheet}'!${src.column_letter}$2") and "COUNTA" in text


def test_the_log_headers_of_the_coaching_elements_say_what_goes_under_them(fresh):
    # a supervisor filling the Log for the first time reads, on the sheet itself, what each element of
    # a coaching log asks for (domain.md, Log): the evidence call, a described observation, one target,
    # one criterion, a one-sentence commitment, a 3-5 point summary
    notes = {c.value: c.comment.text if c.comment else "" for c in load_workbook(fresh)["Log"][1]}
    asked = {"Evidence call ID or link": "call ID or recording link", "Evidence timestamp": "02:14",
             "Evidence quote": "transcript", "Behavioral observation": "not judged",
             "Development target": "one behaviour", "Targeted criterion": "one criterion",
             "Commitment": "one sentence", "Conversation summary": "3-5 points",
             "Logged at": 'Settings "Log due within (hours)"'}
    for header, words in asked.items():
        assert words in notes[header], header
    # and every other header of the Log, as README says: who, when, the rest of the evidence, the method and the
    # rep's side of the conversation, the follow-up criteria's defaults, the grey columns and the decision
    assert list(notes) == schema.LOG.headers
    assert [header for header, note in notes.items() if not note.strip()] == []
    more = {"Session ID": "one per session", "Rep": "Reps", "Supervisor": "Blank: the rep's supervisor on Reps",
            "Scheduled at": "planned", "Session date": "held", "Evidence criterion": "not the call's overall score",
            "Evidence score": "evidence call", "Coaching method": "role-play", "Rep's response": "pushed back",
            "Context from the rep": "What the rep said", "Agreed next step": "What happens next"}
    for header, words in more.items():
        assert words in notes[header], header


def test_tool_owned_columns_are_grey_and_computed_sheets_unprotected(fresh):
    wb = load_workbook(fresh)
    log = wb["Log"]
    for i, col in enumerate(schema.LOG.columns, start=1):
        header_fill = log.cell(row=1, column=i).fill.fgColor.rgb
        if col.owner == schema.TOOL:
            assert header_fill.endswith("7F7F7F")
            assert log.column_dimensions[get_column_letter(i)].fill.fgColor.rgb.endswith("E7E6E6")
        else:
            assert header_fill.endswith("1F4E78")
    for sheet in schema.COMPUTED_SHEETS:
        assert not wb[sheet.name].protection.sheet
    assert len(wb["Follow-up"].conditional_formatting) > 0


def test_settings_hold_every_default_and_the_lists_round_trip(fresh):
    ws = load_workbook(fresh)["Settings"]
    rows = {r[0]: r[1] for r in ws.iter_rows(min_row=2, max_col=2, values_only=True) if r[0]}
    for item in schema.SETTINGS_ITEMS:
        assert rows[item.label] == item.default, item.label
    assert rows["Calls per window (N)"] == 10 and rows["Calls needed at threshold (K)"] == 7

    def pairs(table: str) -> dict:
        first = column_index_from_string(schema.SETTINGS_TABLE_COLUMNS[table])
        out: dict = {}
        for a, b in ws.iter_rows(min_row=2, min_col=first, max_col=first + 1, values_only=True):
            if a is not None:
                out.setdefault(a, []).append(b)
        return {k: tuple(v) for k, v in out.items()}

    assert pairs("WordLists") == schema.DEFAULT_WORD_LISTS
    assert pairs("HeaderMap") == schema.DEFAULT_HEADER_MAP


def test_template_opens_in_libreoffice_and_the_dropdowns_survive(fresh, tmp_path):
    assert soffice_convert(fresh, "pdf", tmp_path).stat().st_size > 1000
    back = load_workbook(soffice_convert(fresh, "xlsx", tmp_path / "out"))
    assert "RepList" in back.defined_names
    log = back["Log"]
    rep_col = get_column_letter(schema.LOG.keys.index("rep") + 1)
    assert any(str(dv.sqref).startswith(f"{rep_col}2") for dv in log.data_validations.dataValidation)


def test_rep_list_grows_with_the_reps_table(fresh, tmp_path):
    # A scratch copy: three reps typed below the Reps header and a cell counting RepList;
    # LibreOffice recalculates it on conversion to CSV.
    wb = load_workbook(fresh)
    for i, name in enumerate(["Ann", "Bo", "Cy"], start=2):
        wb["Reps"].cell(row=i, column=1, value=name)
    scratch = wb.create_sheet("Count", 0)
    scratch["A1"] = "=ROWS(RepList)"
    path = tmp_path / "grow.xlsx"
    wb.save(path)
    csv = soffice_convert(path, "csv", tmp_path / "csv")
    assert csv.read_text().strip().splitlines()[0] == "3"


def test_numbers_pasted_over_the_scores_sheet_stay_numbers_in_libreoffice(fresh, tmp_path):
    # An export pasted at A1 with its own columns: whatever lands in the template's Call date or Graded on
    # column (here a maximum of 5 points and a score of 85) must not take a date format from the column.
    wb = load_workbook(fresh)
    ws = wb[schema.SCORES.name]
    for c in range(1, len(schema.SCORES.columns) + 1):
        ws.cell(row=1, column=c, value=f"field {c}")
        ws.cell(row=2, column=c, value=80 + c)  # unstyled, as pasted values
    wb.save(pasted := tmp_path / "pasted.xlsx")
    back = load_workbook(soffice_convert(pasted, "xlsx", tmp_path / "out"))[schema.SCORES.name]
    assert [back.cell(row=2, column=c).value for c in range(1, len(schema.SCORES.columns) + 1)] == [
        80 + c for c in range(1, len(schema.SCORES.columns) + 1)]
