"""A Scores column's cells as text, each distinct cell read once (:func:`column_texts`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce, scorewords
from coachlog_xl.core.distinct import filled, is_empty, per_distinct_table


def column_texts(col: pd.Series, factors: tuple | None = None, nothing: frozenset = frozenset(),
                 flagged: frozenset = frozenset(), read=None) -> tuple[pd.Series, np.ndarray, np.ndarray, tuple | None]:
    """A column's cells as text (blank: ''), whether each is blank, whether each is one of ``flagged`` (texts in lower
    case; None when none are given), and (codes, texts) the cells are (None: every cell blank); ``factors``: the
    column's (codes, distinct values), when known; ``nothing``: texts read as blank, as
    :func:`~coachlog_xl.core.scorewords.spelled` writes them; ``read``: how each text is then read (a version's:
    :func:`~.versionnames.version_text`), where it is not as written."""
    if (not len(factors[1])) if factors is not None else is_empty(col):  # every cell blank (the factors say so)
        none = np.zeros(len(col), bool)
        return pd.Series(filled(len(col), ""), index=col.index, dtype=object, copy=False), ~none, none, None
    # text's own strip for text cells (a blank one strips to ''), the full coercion for the others

    def texts(values: list) -> list[str]:
        out = [v.strip() if type(v) is str else "" if coerce.is_blank(v) else coerce.text(v) for v in values]
        out = [read(t) for t in out] if read else out
        return [("" if scorewords.spelled(t) in nothing else t) for t in out] if nothing else out

    codes, table = per_distinct_table(col, texts, factors=factors)
    # (texts holding no # are none of flagged texts that each start with one: not looked at one by one)
    marked = None if not flagged else np.zeros(len(codes), bool) if "#" not in "".join(table) and all(
        f[:1] == "#" for f in flagged) else np.fromiter((t.lower() in flagged for t in table), bool, len(table))[codes]
    return (pd.Series(table[codes], index=col.index, dtype=object, copy=False), (table == "")[codes], marked,
            (codes, table))
