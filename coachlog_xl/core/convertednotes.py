"""The ``scale-converted`` notes of scores put on 0-100 as they are read, not by their column's scale
(:mod:`.scales` says those): points over the maximum column beside them (``5`` of ``8`` = 62.5; a cell stating
its own, ``4 out of 5``, is said with its column's scale) and words (``Pass``, ``Yes``, ``Adhered`` = 100;
``Partial`` = 50; ``Fail``, ``No`` = 0; TRUE and FALSE cells).  Each is said once per paste (an export under
one header), with what was read, what it became and where to change it, never once per row (domain.md,
"Exact rules: Scores")."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issue, Issues
from coachlog_xl.core.distinct import blanks, per_distinct_table
from coachlog_xl.core.inputs import header_key
from coachlog_xl.core.weights import WEIGHT
from coachlog_xl.core.wording import count

FROM_ROW = "max_from_row"  # the frame's column marking the rows given a maximum by a row (their note is the row's)

_WORDS_SHOWN = 6  # the distinct words a note shows, with what each became
_WORDS_FIX = ("Nothing to do if that is right; to score a word otherwise, type the score (0-100) over it in the "
              "export, or type a reason in Exclude to leave the row out.")


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
    words = ((kinds == "word") | (kinds == "graded word") | (kinds == "yes/no")) & scored
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
            ids, distinct = pd.factorize(keys)
            ids = ids[codes]
            firsts, counts = np.sort(np.unique(ids, return_index=True)[1]), np.bincount(ids)
            scores = out["score"].to_numpy()[some]
            entries = [[coerce.text(cells.iat[i]), scores[i], int(counts[ids[i]]), distinct[ids[i]]] for i in firsts]
            note = [Issue(Code.SCALE_CONVERTED, sheet, None, "score", None, _words_said(where, entries), _WORDS_FIX),
                    where, entries]
            issues.add(*note[0])
            if (kinds[some] == "graded word").any():  # (a scale of ratings from 1 may refuse them: recounted)
                for tab in pd.unique(out["sheet"].to_numpy(dtype=object)[mine]):
                    issues.words[tab, paste] = note


def recounted(issues: Issues, sheet: str, paste, refused: list[str]) -> None:
    """The words note of ``paste`` on ``sheet`` said again without the graded words ``refused`` (each as written, a
    cell each: not read, :mod:`.rankedwords`), or taken out where no word is left read."""
    note = issues.words.get((sheet, paste))
    if note is None or not refused:
        return
    issue, where, entries = note
    for key, n in Counter(word.strip().casefold() for word in refused).items():  # (a paste may refuse a million)
        for entry in entries:
            if entry[3] == key:
                entry[2] -= min(n, entry[2])
                break
    if sum(e[2] for e in entries):
        note[0] = issue._replace(problem=_words_said(where, entries))
        issues.replace(issue, note[0])
    else:
        issues.drop(issue)
        for key in [k for k, v in issues.words.items() if v is note]:
            del issues.words[key]


def _words_said(where: str, entries: list) -> str:
    """The words note's problem: ``entries``, [word as first read, its score, its cells, key] in the order first
    read, those with a cell left counted and shown, each word once, the highest score first."""
    kept = [e for e in entries if e[2] > 0]
    ordered = sorted(kept, key=lambda e: -e[1])
    shown = ", ".join(f"{w} = {v:g}" for w, v, _, _ in ordered[:_WORDS_SHOWN])
    return (f"{where}: {count(sum(e[2] for e in kept), 'score')} written as words read on 0-100 ({shown}"
            f"{', ...' if len(kept) > _WORDS_SHOWN else ''}).")


def _where(out: pd.DataFrame, mine: np.ndarray, pastes: np.ndarray) -> tuple[str, str]:
    """How a note names a paste: its sheet (its tabs), and its rows where the sheet holds several pastes; and
    the sheet its Checks row names (the first of its tabs)."""
    sheets = pd.unique(out["sheet"].to_numpy(dtype=object)[mine])
    name = " and ".join(map(str, sheets))
    if len(pd.unique(pastes)) == 1 or len(sheets) > 1:
        return name, str(sheets[0])
    rows = out["row"].to_numpy()[mine]
    return f"{name} rows {rows.min()}-{rows.max()}", str(sheets[0])
