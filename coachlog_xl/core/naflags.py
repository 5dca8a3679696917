"""An export's N/A flag column (``is_na``, ``not_applicable``, ``N/A``, or a wide export's ``<criterion> N/A``)
read beside each score (domain.md, "Exact rules: Scores": an N/A item is not scored, never a 0).

A yes (:func:`~.scorewords.marks_not_applicable`: ``TRUE``, ``1``, ``x``, ``t``, ``checked``, a tick, ``N/A``,
``WAHR``) leaves the row's score not scored; a no (``FALSE``, ``0``, ``f``, ``unchecked``, blank, a dash,
``FALSCH``) leaves it as read.  A cell saying neither (a cross, ``#N/A``, ``unknown``) beside a score is named in
Checks, by sheet and value with its rows, and its score is left out as an unreadable one is: exports write an N/A item's
score as 0 (MaestroQA's ``raw_score``), so counting it could put a 0 into a baseline that is recorded once, while a row
left out holds the baseline of the sessions it may belong to until the cell says which.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce, scorewords
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import blanks, per_value
from coachlog_xl.core.wording import count, some
from coachlog_xl.schema import FIELD_NAMES

_NA, _READ, _NEITHER = 2, 1, 0  # a flag cell: marks not applicable, says no, says neither


def apply_na_flags(out: pd.DataFrame, flags: pd.Series, issues: Issues) -> None:
    """``out``'s scores beside a yes in ``flags`` (the N/A flag cell of each row) made not scored, and those
    beside a cell saying neither yes nor no made unreadable, named in Checks once per sheet and value."""
    said = per_value(flags, _reading, np.int8)
    na = said == _NA
    out.loc[na, "score"] = None
    out.loc[na, "read_as"] = "not scored"
    neither = said == _NEITHER
    if not neither.any():
        return
    neither &= ~pd.isna(out["score"]).to_numpy()  # (a flag beside no score leaves nothing out)
    if not neither.any():
        return
    out.loc[neither, "score"] = None
    out.loc[neither, "read_as"] = "unreadable"
    field = FIELD_NAMES["not_applicable"]
    values = flags.to_numpy(dtype=object)[neither]
    named = pd.DataFrame({"sheet": out["sheet"].to_numpy(dtype=object)[neither], "row": out["row"].to_numpy()[neither],
                          "value": values, "text": [coerce.text(v) for v in values]})
    named = named.drop_duplicates(["sheet", "row", "text"])  # (a wide export's row: a score per criterion)
    for (sheet, text), grp in named.groupby(["sheet", "text"], sort=False):
        rows = grp["row"].tolist()
        issues.add(
            Code.UNREADABLE_NA_FLAG, sheet, rows[0], field, grp["value"].iloc[0],
            f'{sheet}: the {field} "{text}" is neither yes nor no, so the score beside it is left out '
            f'({count(len(rows), "row")}: {some(rows)}): an N/A item\'s score is no 0.',
            f"Write yes (the item was not applicable) or no (it was scored) in those {field} cells, or type a "
            "reason in Exclude to leave the rows out.",
        )


def marked_na(out: pd.DataFrame, raw: pd.DataFrame, rows: np.ndarray) -> list[str]:
    """The reps, as written, of the rows ``rows`` of ``out`` (not scored, with a call id, rep and criterion, and no
    Exclude reason) that are marked not applicable and have a call date: their score cell holds N/A (not blank), or
    their N/A flag cell says yes.  Such a row names its rep as a counted one would (docs/rules.md, "Recorded"); a
    blank score, a row without a call date or with an Exclude reason names no one."""
    rows = np.asarray(rows, dtype=bool) & out["at"].notna().to_numpy()
    if not rows.any():
        return []
    marked = ~np.asarray(blanks(raw["score"][rows]), dtype=bool)
    if "not_applicable" in raw:
        marked |= per_value(raw["not_applicable"][rows], _reading, np.int8) == _NA
    return [v for v in out["rep"].to_numpy(dtype=object)[rows][marked].tolist() if isinstance(v, str)]


def _reading(value) -> int:
    """What an N/A flag cell says (:data:`_NA`, :data:`_READ` or :data:`_NEITHER`)."""
    text = coerce.text(value)
    if scorewords.marks_not_applicable(text):
        return _NA
    return _READ if scorewords.flag_read(text) else _NEITHER
