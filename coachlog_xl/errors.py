"""File-level failures, split by who must act.  Only the front ends turn them into messages."""

from __future__ import annotations


class CoachlogError(Exception):
    """Base class: a problem the user can fix; the message says what, where and how."""

    exit_code = 2


class WorkbookError(CoachlogError):
    """The file is not a workbook coachlog can read or write (damaged, locked, wrong kind)."""


class TemplateError(CoachlogError):
    """A sheet or column the tool needs was renamed or deleted."""


class ConfigError(CoachlogError):
    """A command-line option or setting cannot be used."""


class UserDataError(CoachlogError):
    """An input file's data cannot be used as it is (e.g. an export without a call id column)."""
