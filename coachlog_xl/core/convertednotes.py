"""The ``scale-converted`` notes of scores put on 0-100 as they are read, not by their column's scale
(:mod:`.scales` says those): points over the maximum column beside them (``5`` of ``8`` = 62.5; a cell stating
its own, ``4 out of 5``, is said with its column's scale) and words (``Pass``, ``Yes``, ``Adhered`` = 100;
``Partial`` = 50; ``Fail``, ``No`` = 0; TRUE and FALSE cells).  Each is said once per paste (an export under
one header), with what was read, what it became and where to change it, never once per row (domain.md,
"Exact rules: Scores")."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import blanks, per_distinct_table
from coachlog_xl.core.inputs import header_key
from coachlog_xl.core.weightrow import FROM_ROW
from coachlog_xl.core.weights import WEIGHT
from coachlog_xl.core.wording import count

_WORDS_SHOWN = 6  # the distinct words a note shows, with what each became


def said_converted(out: pd.DataFrame, raw: pd.DataFrame, found: dict[str, int], headers: list,
                   issues: Issues, kept: np.ndarray | None = None) -> None:
    """A note per paste of ``out`` (a table's rows as read: their ``read_as``, ``score``, ``sheet``, ``row`` and
    ``paste``) whose scores were read as points over a maximum, and one whose scores were read as words;
    ``raw``: the rows' cells (its ``score`` and ``max_score``); ``found`` and ``headers``: the fields' columns and
    the header, which name the maximum column; ``kept``: the rows not left out by a reason in Exclude (all when
    None).  Only rows scored so are counted and give the example: not an excluded row, nor one whose maximum
    could not be read."""
    kinds = out["read_as"].to_numpy(dtype=object)
    scored = out["score"].notna().to_numpy() & (True if kept is None else np.asarray(kept, dtype=bool))
    points = (kinds == "points/max") & scored
    if "max_score" in raw:
        points &= ~blanks(raw["max_score"])
    else:
        points[:] = False
    if FROM_ROW in raw:  # (over a row of points possible under the header: that row's note says them)
        points &= ~raw[FROM_ROW].to_numpy(dtype=bool)
    words = ((kinds == "word") | (kinds == "yes/no")) & scored
    if not points.any() and not words.any():
        return
    pastes = out["paste"].to_numpy()
    at = found.get("max_score", -1)
    column = f'the "{coerce.text(headers[at])}" column' if 0 <= at < len(headers) else "each criterion's maximum column"
    weighed = 0 <= at < len(headers) and header_key(headers[at]) == WEIGHT  # (said apart: weights.said_weight)
    for paste in pd.unique(pastes[points | words]):
        mine = pastes == paste
        where, sheet = _where(out, mine, pastes)
        if (some := np.flatnonzero(mine & points)).size and not weighed:
            i = some[0]
            issues.add(Code.SCALE_CONVERTED, sheet, None, "score", None,
                       f"{where}: {count(some.size, 'score')} read as points over the maximum beside each "
                       f"({coerce.text(raw['score'].iat[i])} of {coerce.text(raw['max_score'].iat[i])} = "
                       f"{out['score'].iat[i]:g}); converted to 0-100 as points / maximum x 100.",
                       f"Nothing to do if that is right; otherwise correct the maximum in {column} of the export, or "
                       "name the column of the points possible in the HeaderMap table on Settings (Field max_score).")
        if (some := np.flatnonzero(mine & words)).size:
            cells = pd.Series(raw["score"].to_numpy(dtype=object)[some])
            # (each word once, as first read, whatever its case: a paste may have a million, of a few distinct cells)
            codes, keys = per_distinct_table(cells, lambda vs: [coerce.text(v).strip().casefold() for v in vs])
            firsts = np.sort(np.unique(pd.factorize(keys)[0][codes], return_index=True)[1])
            became = dict(zip(map(coerce.text, cells.to_numpy()[firsts]), out["score"].to_numpy()[some][firsts]))
            ordered = sorted(became.items(), key=lambda wv: -wv[1])  # (the highest first, each as first read)
            shown = ", ".join(f"{w} = {v:g}" for w, v in ordered[:_WORDS_SHOWN])
            issues.add(Code.SCALE_CONVERTED, sheet, None, "score", None,
                       f"{where}: {count(some.size, 'score')} written as words read on 0-100 ({shown}"
                       f"{', ...' if len(became) > _WORDS_SHOWN else ''}).",
                       "Nothing to do if that is right; to score a word otherwise, type the score (0-100) over it in "
                       "the export, or type a reason in Exclude to leave the row out.")


def _where(out: pd.DataFrame, mine: np.ndarray, pastes: np.ndarray) -> tuple[str, str]:
    """How a note names a paste: its sheet (its tabs), and its rows where the sheet holds several pastes; and
    the sheet its Checks row names (the first of its tabs)."""
    sheets = pd.unique(out["sheet"].to_numpy(dtype=object)[mine])
    name = " and ".join(map(str, sheets))
    if len(pd.unique(pastes)) == 1 or len(sheets) > 1:
        return name, str(sheets[0])
    rows = out["row"].to_numpy()[mine]
    return f"{name} rows {rows.min()}-{rows.max()}", str(sheets[0])
