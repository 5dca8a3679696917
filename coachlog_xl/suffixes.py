"""The file suffixes a QA export is read from, and those a coaching-log workbook is opened as a
package of sheets by (its fast reads, the prefetch, the Excel files beside it): one list for the import
(which reader reads the file: :func:`~coachlog_xl.workbook.exports.read_export`), the prefetch (which
export it reads ahead in a second process: :mod:`~coachlog_xl.workbook.prefetch`) and Checks (a sheet
named so is an export file an import named, not a sheet of the team's own:
:func:`~coachlog_xl.core.paste_checks.missing_fields`).

It imports nothing: the prefetch, which must stay cheap to import, and the core, which touches no file,
both read it.
"""

TEXT_SUFFIXES = (".csv", ".txt", ".tsv")  # read as delimited text, whatever the separator
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")  # read as an Excel workbook's sheets
EXPORT_SUFFIXES = TEXT_SUFFIXES + WORKBOOK_SUFFIXES  # in the order a message lists them
