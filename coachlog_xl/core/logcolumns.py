"""The Log's columns as its header row names them: a column a person fills that is missing (renamed), what its
absence changes, and one named twice (the first read; a later one past a blank column a table of the team's own)."""

from __future__ import annotations

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import RawTable, header_key
from coachlog_xl.core.paste_checks import all_blank, column_letter

LOG = schema.LOG.name

# the Log's optional columns that change the numbers, and what their absence means
WITHOUT = {
    "session_time": "every session is read as date only",
    "window_n": "the Settings value is used for every session",
    "timeframe_days": "the Settings value is used for every session",
    "threshold": "the Settings value is used for every session",
    "k_needed": "the Settings value is used for every session",
    "call_type": "no session's windows are limited to one call type",
    "method": "no session has a coaching method, so the Aggregate has none to compare",
    "supervisor": "each session's supervisor is its rep's on the Reps sheet (blank where Reps gives none)",
    "decision": "no session's decision is read: every finished session is reported without one",
    "logged_at": 'no session is checked for being logged later than Settings "Log due within (hours)" after it',
}


def _beyond_empty(table: RawTable, last: int, at: int) -> bool:
    """Whether column ``at`` stands right of an empty column (header and cells) that is right of ``last``, the last
    of the Log's own columns: a table of the team's own beside the Log."""
    return any(not coerce.text(table.headers[q]) and (q not in table.data or all_blank(table.data[q]))
               for q in range(last + 1, at))


def side_table(header: str, read: str, apart: list[str], issues: Issues) -> None:
    """A note for columns headed as the Log's column ``read`` (its letter) is, past a blank column (``apart``)."""
    those, one = " and ".join(apart), len(apart) == 1
    issues.add(Code.LAYOUT_NOTE, LOG, 1, header, None,
               f'Log: column{"" if one else "s"} {those}, past a blank column, {"is" if one else "are"} '
               f'headed "{header}" too (a table of your own beside the Log?); only column {read} is read.',
               f"Nothing to do if it is a table of your own; if the cells belong to the Log's rows, move them into "
               f"column {read}.")


def missing_columns(missing: list[str], table: RawTable, issues: Issues) -> None:
    """A Checks row for each of the Log's columns a person fills that is not found (renamed): what it
    changes (:data:`WITHOUT`), else that it is read as blank on every row; and for each found twice
    with values in a later one, which is not read."""
    known = {header_key(c.header) for c in schema.LOG.columns}
    others = [coerce.text(h) for h in table.headers if coerce.text(h) and header_key(h) not in known]
    unread = f" Columns not read: {', '.join(others)}." if others else ""
    keys = [header_key(h) for h in table.headers]
    last = max((keys.index(k) for k in known if k in keys), default=-1)  # (the Log's own last column)
    for column in schema.LOG.columns:
        header, meaning = column.header, WITHOUT.get(column.key, "it is read as blank on every row")
        spots = [p for p, k in enumerate(keys) if k == header_key(header)] if column.owner == schema.INPUT else []
        filled = [p for p in spots[1:] if not all_blank(table.data[p])]
        apart = [p for p in filled if _beyond_empty(table, last, p)]
        letters = [column_letter(p) for p in spots[:1] + [p for p in filled if p not in apart]]
        if apart:  # past a blank column: a table of the team's own beside the Log, more likely than the Log's cells
            side_table(header, letters[0], [column_letter(p) for p in apart], issues)
        if len(letters) > 1:
            one, rest = len(letters) == 2, " and ".join(filter(None, [", ".join(letters[1:-1]), letters[-1]]))
            issues.add(Code.SAME_HEADER, LOG, 1, header, None,
                       f'Log: columns {", ".join(letters[:-1])} and {letters[-1]} are {"both" if one else "all"} '
                       f'headed "{header}"; only column {letters[0]} is read, not {"column" if one else "columns"} '
                       f'{rest}.',
                       f'Move what {"column" if one else "columns"} {rest} {"holds" if one else "hold"} into column '
                       f'{letters[0]}, or rename {"its header" if one else "their headers"}.')
        if column.owner == schema.INPUT and header in missing:
            issues.add(Code.MISSING_LOG_COLUMN, LOG, 1, header, None,
                       f'Log: no "{header}" column, so {meaning}.{unread}',
                       f'Rename the column back to "{header}" (a column under another header is not read).' if others
                       else f'Add a column headed "{header}" and fill it in (while it is blank, {meaning}).')
