"""A workbook in the 1904 date system (Excel for Mac's option, LibreOffice's 1904 null date) is read in its
own date system: its Scores dates are the days it shows, not 1,462 days earlier.

The column-wise reader of Scores (fastexcel 0.21) takes the flag from the workbook part's last
``workbookPr`` element of any prefix, and Excel 2013 and later write a second one, ``x15:workbookPr``,
in the part's extensions: it then reads every date cell as days from 1900.  python-calamine did the
same before 0.9.1 (0.8.2 and 0.9.0 give 2022-02-09 for a call of 2026-02-10 in such a file); openpyxl
reads the flag.  The calls of
tests/fidelity_kit.py are dated 2026-02-10 .. 2026-02-21 (twelve before each session of 2026-03-01) and
2026-03-02 .. 2026-03-11 (ten after); read 1,462 days early they would all fall in 2022, before every
session, and the recorded baseline would be the follow-up calls'.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from coachlog_xl import api, schema
from coachlog_xl.workbook import book, fastload
from tests import fidelity_kit as kit

AS_OF = dt.date(2026, 6, 1)


EXCEL_EXT = ('<extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDEB5}" xmlns:x15="http://schemas.microsoft.com/'
             'office/spreadsheetml/2010/11/main"><x15:workbookPr chartTrackingRefBase="1"/></ext></extLst>')


def _book_1904(path, spelling: str, ext: str = EXCEL_EXT):
    """The kit's workbook saved in the 1904 date system, its flag written ``date1904="<spelling>"``, with
    the workbook extension Excel writes (``ext``)."""
    kit.base_workbook(path)
    wb = load_workbook(path)
    wb.epoch = CALENDAR_MAC_1904  # every date cell stored as days from 1904-01-01
    wb.save(path)
    z = kit.Zip(path)
    book = z.text("xl/workbook.xml")
    assert re.search(r'date1904="(1|true)"', book)
    book = re.sub(r'date1904="(1|true)"', f'date1904="{spelling}"', book).replace("</workbook>", ext + "</workbook>")
    z.parts["xl/workbook.xml"] = book.encode("utf-8")
    z.save(path)
    return path


@pytest.mark.parametrize("spelling, ext, trusted", [("1", EXCEL_EXT, None), ("true", EXCEL_EXT, None), ("1", "", None),
                                                    ("1", EXCEL_EXT, False)])
def test_scores_dates_of_a_1904_workbook_are_read_in_its_date_system(tmp_path, monkeypatch, spelling, ext, trusted):
    # trusted False: a python-calamine older than 0.9.1, which openpyxl stands in for
    if trusted is not None:
        monkeypatch.setattr(book, "READS_1904", trusted)
    path = _book_1904(tmp_path / "mac.xlsx", spelling, ext)
    api.refresh_file(path, as_of=AS_OF, backup=False)
    wb = load_workbook(path)
    assert wb.epoch == CALENDAR_MAC_1904
    keys = schema.FOLLOWUP.keys
    rows = {r[0]: r for r in wb["Follow-up"].iter_rows(min_row=2, values_only=True)}
    ann = rows["S-1"]
    # baseline: the last ten of the twelve calls before 2026-03-01, 64+66+68+70+58+62+66+69+61+63 = 647;
    # follow-up: the ten calls from 2026-03-02, 70+75+80+85+82+88+90+79+84+86 = 819
    assert ann[keys.index("baseline_n")] == 10
    assert ann[keys.index("baseline_mean")] == pytest.approx(64.7)
    assert ann[keys.index("followup_n")] == 10
    assert ann[keys.index("followup_mean")] == pytest.approx(81.9)
    assert ann[keys.index("status")] == "complete"
    baseline = {r[0]: r for r in wb["Baseline"].iter_rows(min_row=2, values_only=True)}["S-1"]
    first = schema.BASELINE.keys.index("first_call")
    # the third call of 2026-02-10 .. (the first two fall outside the last ten)
    assert baseline[first:first + 2] == (dt.datetime(2026, 2, 12, 10), dt.datetime(2026, 2, 21, 10))
    log = wb["Log"]
    head = [c.value for c in log[1]]
    assert log.cell(row=2, column=head.index("Baseline mean") + 1).value == pytest.approx(64.7)


def test_the_column_reader_leaves_a_1904_workbook_to_the_row_reader(tmp_path):
    path = _book_1904(tmp_path / "mac.xlsx", "1")
    assert fastload.load(path, "Scores") is None
    plain = tmp_path / "plain.xlsx"
    kit.base_workbook(plain)
    assert fastload.load(plain, "Scores") is not None  # (the same sheet in the 1900 system: read column-wise)


def test_a_python_calamine_before_0_9_1_does_not_read_a_1904_workbook(tmp_path, monkeypatch):
    mac, plain = _book_1904(tmp_path / "mac.xlsx", "1"), tmp_path / "plain.xlsx"
    kit.base_workbook(plain)
    monkeypatch.setattr(book, "READS_1904", False)
    assert book._calamine(mac) is None and book._calamine(plain) is not None
    monkeypatch.setattr(book, "READS_1904", True)
    assert book._calamine(mac) is not None
    assert [book._version(v) >= (0, 9, 1) for v in ("0.8.2", "0.9.0", "0.9.1", "0.10.0", "1.0.0rc1")] == \
        [False, False, True, True, True]


def test_the_installed_version_is_read_from_the_name_of_the_distribution_folder_beside_the_package(tmp_path):
    package = tmp_path / "fakereader"
    package.mkdir()
    (package / "__init__.py").write_text("")
    module = type("Module", (), {"__file__": str(package / "__init__.py")})
    assert book._installed_version(module, "fakereader") is None  # (no folder, and no distribution of that name)
    (tmp_path / "fakereader-0.9.1.dist-info").mkdir()
    (tmp_path / "fakereader_extras-2.0.dist-info").mkdir()  # (another distribution's folder)
    assert book._installed_version(module, "fakereader") == "0.9.1"
    (tmp_path / "fakereader-0.8.2.dist-info").mkdir()  # two: which one is installed is not known from names
    assert book._installed_version(module, "fakereader") is None


def test_the_installed_python_calamine_version_is_the_one_package_metadata_gives():
    from importlib import metadata

    import python_calamine

    assert book._installed_version(python_calamine, "python_calamine") == metadata.version("python-calamine")
