"""coachlog_xl: a coaching log in an Excel workbook that tells whether coaching worked."""

__version__ = "0.3.25"
