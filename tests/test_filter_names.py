"""A computed sheet's hidden filter name (``_xlnm._FilterDatabase`` in workbook.xml), which Excel sets to
the filter's rows on every save and LibreOffice reads the filter's range from, is set back to the whole
columns by a refresh that writes more rows than it covers; nothing else in workbook.xml changes
(README: What a refresh touches)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coachlog_xl import api
from tests import excel_kit as xk
from tests import fidelity_kit as kit
from tests.test_fidelity_excel import FIRST, SECOND, _type_session
from tests.wbkit import soffice_convert

BOOK = "xl/workbook.xml"
COMPUTED = ("Follow-up", "Baseline", "Aggregate", "Checks")
FILTER = re.compile(r'(<definedName name="_xlnm\._FilterDatabase" localSheetId="(\d+)" hidden="1">)([^<]*)<')


def _titles(book: str) -> list[str]:
    return re.findall(r'<sheet name="([^"]+)"', book)


def filter_names(book: str) -> dict[str, str]:
    """Each sheet's filter name's text in workbook.xml as Excel and openpyxl write it, by sheet."""
    titles = _titles(book)
    return {titles[int(at)]: text for _, at, text in FILTER.findall(book)}


def _narrow_as_excel_saves(path: Path) -> None:
    """Each filter name set to its sheet's filter's rows, as every save in Excel sets it: absolute, the
    sheet quoted only where its name needs it (``'Follow-up'!$A$1:$BJ$3``, ``Baseline!$A$1:$Q$3``)."""
    z = kit.Zip(path)
    book = z.text(BOOK)
    titles = _titles(book)

    def narrowed(m: re.Match) -> str:
        title = titles[int(m.group(2))]
        first, last = re.search(r'<autoFilter ref="([^"]+)"', z.text(z.sheet(title))).group(1).split(":")
        sheet = title if re.fullmatch(r"[A-Za-z_]\w*", title) else f"'{title}'"
        cells = ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", c) for c in (first, last))
        return f"{m.group(1)}{sheet}!{cells}<"

    z.parts[BOOK] = FILTER.sub(narrowed, book).encode("utf-8")
    z.save(path)


@pytest.fixture(scope="module")
def template_names(tmp_path_factory) -> dict[str, str]:
    """The filter names of a new workbook: each computed sheet's whole columns."""
    path = tmp_path_factory.mktemp("filternames") / "new.xlsx"
    api.new_workbook(path)
    return filter_names(kit.Zip(path).text(BOOK))


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    """The team's workbook refreshed with two sessions, saved in Excel (each filter name narrowed to the
    rows then: 3 on Follow-up and Baseline, 10 on Aggregate, 5 on Checks), then three more sessions
    typed on the Log."""
    path = tmp_path_factory.mktemp("filternames") / "team.xlsx"
    kit.base_workbook(path)
    api.refresh_file(path, as_of=FIRST, backup=False)
    xk.excel_save(path)
    _narrow_as_excel_saves(path)
    for row, (sid, rep) in enumerate([("S-3", "Ann Lee"), ("S-4", "Bo Chan"), ("S-5", "Ann Lee")], start=4):
        _type_session(path, row, {"session_id": sid, "rep": rep, "supervisor": "Lee Park",
                                  "session_date": "2026-03-20", "criterion": kit.CRIT, "method": "role-play"})
    return path


@pytest.fixture(scope="module")
def refreshed(saved, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("filternames") / saved.name
    shutil.copy(saved, path)
    api.refresh_file(path, as_of=SECOND, backup=False)
    return path


def _copy(src: Path, tmp_path: Path, name: str | None = None) -> Path:
    dst = tmp_path / (name or src.name)
    shutil.copy(src, dst)
    return dst


def test_excel_saves_each_filter_name_narrowed_to_the_rows_it_had(saved):
    names = filter_names(kit.Zip(saved).text(BOOK))
    assert {s: names[s] for s in COMPUTED} == {
        "Follow-up": "'Follow-up'!$A$1:$BJ$3", "Baseline": "Baseline!$A$1:$Q$3",
        "Aggregate": "Aggregate!$A$1:$AF$10", "Checks": "Checks!$A$1:$H$5"}


def test_a_filter_name_the_rows_outgrew_spans_the_whole_columns_and_nothing_else_in_workbook_xml_changes(
        saved, refreshed, template_names):
    rows = {s: load_workbook(refreshed, read_only=True)[s].max_row for s in COMPUTED}
    # five sessions now: header and five rows on Follow-up and Baseline; Aggregate's ten rows as before
    assert (rows["Follow-up"], rows["Baseline"], rows["Aggregate"]) == (6, 6, 10) and rows["Checks"] > 5
    before = kit.Zip(saved).text(BOOK)
    after = kit.Zip(refreshed).text(BOOK)
    names = filter_names(after)
    assert names["Follow-up"] == template_names["Follow-up"] == "'Follow-up'!$A$1:$BJ$1048576"
    assert names["Checks"] == template_names["Checks"].replace("'Checks'", "Checks")  # the sheet as Excel wrote it
    assert names["Baseline"] == "Baseline!$A$1:$Q$1048576"
    assert names["Aggregate"] == "Aggregate!$A$1:$AF$10"  # still covers the ten rows written: as Excel saved it
    expected = before
    for old, new in [("'Follow-up'!$A$1:$BJ$3", names["Follow-up"]), ("Baseline!$A$1:$Q$3", names["Baseline"]),
                     ("Checks!$A$1:$H$5", names["Checks"])]:
        assert expected.count(f">{old}<") == 1
        expected = expected.replace(f">{old}<", f">{new}<")
    assert after == expected


def test_a_second_refresh_leaves_workbook_xml_as_the_first_wrote_it(refreshed, tmp_path):
    path = _copy(refreshed, tmp_path)
    api.refresh_file(path, as_of=SECOND, backup=False, cache=False)
    assert kit.Zip(path).parts[BOOK] == kit.Zip(refreshed).parts[BOOK]


def test_a_workbook_whose_filter_names_cover_the_rows_keeps_workbook_xml_byte_for_byte(tmp_path):
    path = tmp_path / "same.xlsx"
    kit.base_workbook(path)
    api.refresh_file(path, as_of=FIRST, backup=False)
    xk.excel_save(path)
    _narrow_as_excel_saves(path)  # no session typed since: the same rows are written
    before = kit.Zip(path).parts[BOOK]
    api.refresh_file(path, as_of=SECOND, backup=False)
    assert kit.Zip(path).parts[BOOK] == before


def test_libreoffice_filters_every_row_after_the_refresh(refreshed, tmp_path):
    """LibreOffice takes the filter's range from the name (it saved the filter of the file before this
    fix as A1:BJ3, three of the six rows); as it saves the file again, the filter covers every row."""
    lo = kit.Zip(soffice_convert(refreshed, "xlsx", tmp_path))
    for sheet, last_col in [("Follow-up", "BJ"), ("Baseline", "Q"), ("Checks", "H")]:
        rows = load_workbook(refreshed, read_only=True)[sheet].max_row
        ref = re.search(r'<autoFilter ref="([^"]+)"', lo.text(lo.sheet(sheet))).group(1)
        first, last = ref.split(":")
        column, row = re.fullmatch(r"([A-Z]+)(\d*)", last).groups()
        assert first in ("A", "A1") and column == last_col, (sheet, ref)
        assert not row or int(row) >= rows, (sheet, ref, rows)  # (whole columns it saves as A:BJ)


PERSONS = {  # names a person made, with the rows of the time: a refresh leaves each as it is
    '<definedName name="Mine" localSheetId="6">': "'Follow-up'!$A$1:$BJ$3",
    '<definedName name="_xlnm.Print_Area" localSheetId="6">': "'Follow-up'!$A$1:$BJ$3",
    '<definedName name="AllFollowUp">': "'Follow-up'!$A$1:$BJ$3",
    '<definedName name="_xlnm._FilterDatabase" localSheetId="10" hidden="1">': "'My notes'!$A$1:$B$3",
}


def test_names_a_person_made_and_the_filter_name_of_their_own_sheet_stay(saved, tmp_path):
    path = _copy(saved, tmp_path)
    z = kit.Zip(path)
    assert _titles(z.text(BOOK))[10] == "My notes"
    z.insert(BOOK, "</definedNames>", "".join(f"{tag}{text}</definedName>" for tag, text in PERSONS.items()))
    z.save(path)
    api.refresh_file(path, as_of=SECOND, backup=False)
    book = kit.Zip(path).text(BOOK)
    for tag, text in PERSONS.items():
        assert f"{tag}{text}</definedName>" in book
    assert filter_names(book)["Follow-up"] == "'Follow-up'!$A$1:$BJ$1048576"


def test_a_macro_workbooks_filter_name_spans_the_whole_columns_and_its_vba_project_stays(saved, tmp_path):
    path = tmp_path / "team.xlsm"
    blob = kit.make_xlsm(saved, path)
    api.refresh_file(path, as_of=SECOND, backup=False)
    z = kit.Zip(path)
    assert filter_names(z.text(BOOK))["Follow-up"] == "'Follow-up'!$A$1:$BJ$1048576"
    assert z.parts["xl/vbaProject.bin"] == blob


LIBREOFFICE_TAG = ('<definedName function="false" hidden="true" localSheetId="6" name="_xlnm._FilterDatabase" '
                   'vbProcedure="false">')


@pytest.mark.parametrize("text, widened", [
    ("'Follow-up'!$A$1:$BJ$5", True),  # five of the six rows
    ("'Follow-up'!$A$1:$BH$9", True),  # the rows, not all the columns written
    ("'Follow-up'!#REF!", True),  # no range left: LibreOffice shows no filter
    ("'FOLLOW-UP'!$A$1:$BJ$3", True),  # the sheet in other capitals, as Excel takes it
    ("'Follow-up'!$A$1:$BJ$6", False),  # every row written
    ("'Follow-up'!$A:$BJ", False),  # whole columns, as LibreOffice saves them
    ("'My notes'!$A$1:$B$3", False),  # another sheet's cells: not this sheet's filter
])
def test_a_computed_sheets_filter_name_is_widened_only_when_it_misses_rows_written(saved, tmp_path, text, widened):
    path = _copy(saved, tmp_path)
    z = kit.Zip(path)
    z.parts[BOOK] = FILTER.sub(lambda m: f"{m.group(1)}{text}<" if m.group(2) == "6" else m.group(0),
                               z.text(BOOK)).encode("utf-8")
    z.save(path)
    api.refresh_file(path, as_of=SECOND, backup=False)
    sheet = text.split("!")[0]
    assert filter_names(kit.Zip(path).text(BOOK))["Follow-up"] == (f"{sheet}!$A$1:$BJ$1048576" if widened else text)


def test_libreoffices_way_of_writing_the_name_is_read_and_widened(saved, tmp_path):
    """LibreOffice writes the name's attributes in another order and its quotes as &apos;."""
    path = _copy(saved, tmp_path)
    z = kit.Zip(path)
    book = z.text(BOOK)
    tag = next(m.group(0) for m in FILTER.finditer(book) if m.group(2) == "6")
    z.parts[BOOK] = book.replace(tag, f"{LIBREOFFICE_TAG}&apos;Follow-up&apos;!$A$1:$BJ$3<").encode("utf-8")
    z.save(path)
    api.refresh_file(path, as_of=SECOND, backup=False)
    assert f"{LIBREOFFICE_TAG}'Follow-up'!$A$1:$BJ$1048576</definedName>" in kit.Zip(path).text(BOOK)


def test_the_filter_name_of_a_computed_sheet_whose_filter_was_switched_off_stays(saved, tmp_path):
    """Data > Filter switched off in Excel drops the sheet's <autoFilter> and may leave the name: no
    filter range of the refresh's, so the name is left as it is."""
    path = _copy(saved, tmp_path)
    z = kit.Zip(path)
    part = z.sheet("Follow-up")
    xml, n = re.subn(r"<autoFilter\b[^>]*?(?:/>|>.*?</autoFilter>)", "", z.text(part), flags=re.S)
    assert n == 1
    z.parts[part] = xml.encode("utf-8")
    z.save(path)
    api.refresh_file(path, as_of=SECOND, backup=False)
    assert filter_names(kit.Zip(path).text(BOOK))["Follow-up"] == "'Follow-up'!$A$1:$BJ$3"
    assert "<autoFilter" not in kit.Zip(path).text(part)


def test_beside_a_computed_sheet_added_back_the_others_filter_names_are_widened_where_they_now_stand(saved, tmp_path):
    """Baseline deleted (its entry and names gone, the names after it counted one place down, as Excel
    leaves them): the refresh adds it back, counting the sheets after it one place on, and the names
    it widens are the ones at the places the sheets now have."""
    path = _copy(saved, tmp_path)
    z = kit.Zip(path)
    book = re.sub(r'<sheet name="Baseline"[^>]*/>', "", z.text(BOOK))
    book = re.sub(r'<definedName [^>]*localSheetId="7"[^>]*>[^<]*</definedName>', "", book)
    book = re.sub(r'localSheetId="(\d+)"', lambda m: f'localSheetId="{int(m.group(1)) - (int(m.group(1)) > 7)}"', book)
    z.parts[BOOK] = book.encode("utf-8")
    z.save(path)
    assert filter_names(book) == {"Follow-up": "'Follow-up'!$A$1:$BJ$3", "Aggregate": "Aggregate!$A$1:$AF$10",
                                  "Checks": "Checks!$A$1:$H$5"}
    api.refresh_file(path, as_of=SECOND, backup=False)
    after = kit.Zip(path).text(BOOK)
    assert _titles(after)[6:10] == list(COMPUTED)
    assert filter_names(after) == {"Follow-up": "'Follow-up'!$A$1:$BJ$1048576",
                                   "Baseline": "'Baseline'!$A$1:$Q$1048576",
                                   "Aggregate": "Aggregate!$A$1:$AF$10", "Checks": "Checks!$A$1:$H$1048576"}


def test_a_whole_refresh_does_not_import_openpyxl(tmp_path):
    # (the filter name's columns are named by the package's own A1 functions: openpyxl took 0.2 s of
    # a refresh's save to import, on the way from the computed sheets to the file)
    path = tmp_path / "team.xlsx"
    api.new_workbook(path)
    code = ("import sys\nfrom pathlib import Path\nfrom coachlog_xl import api\n"
            f"api.refresh_file(Path({str(path)!r}), backup=False)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
