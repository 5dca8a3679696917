"""The computation core: pandas in, pandas out.

Nothing in this package touches a file, a workbook library, xlwings or a CLI framework; a test
asserts it.  The workbook layer hands it :class:`~coachlog_xl.core.inputs.RawInputs` and writes
back the :class:`~coachlog_xl.core.refresh.RefreshResult` it returns.
"""
