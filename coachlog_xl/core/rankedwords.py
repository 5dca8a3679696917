"""A graded scale's words (``Meets``, ``Met``, ``Exceeds``, ``Partial``, ``Below expectations``:
:data:`~.scorewords.GRADED_WORDS`) whose points cannot be told from the criterion's other scores, so that none is
placed on a guess: two different words of one graded scale in one criterion never get the same score, and typing
points over some of them never leaves the others read on the wrong points.  A criterion's graded words are read
(Meets 100, Partial 50, Does not meet 0) unless, among all its pastes (as :mod:`.scales` gathers its ratings):
- ``Exceeds`` sits beside another of its words (Exceeds / Meets / Below, Exceeds / Met / Not met): Exceeds ranks above
  Meets, so Meets is not full marks and how many points each word is worth cannot be told;
- or they sit beside scores typed as numbers (a 1-5 rating, points over a maximum, ``3/3``, a percent) in the same
  paste and column: where each word stands on those cannot be told (Meets is the top of meets / partially meets /
  does not meet, the middle of a 1-5 performance rating, 2 of 3 beside an Exceeds typed ``3/3``).  A pass and a fail
  (``Met`` / ``Not met``, ``Meets`` / ``Does not meet``, ``Achieved`` / ``Not achieved``: no Exceeds, no middle
  level) are full marks and none beside numbers, 100 and 0, as a yes and a no are.
What they are judged on leaves out rows dated after the as-of moment, and numbers in rows with a reason in Exclude
(as the windows do), so a replay ``--as-of`` reads them as a refresh then did.
Then each is an unreadable score, not counted, that holds the baselines it may belong in as any unreadable score does
(docs/reading.md, "scores go on 0-100"), and the note of words read no longer counts it; Checks says so once per paste
and criterion, with how many rows and the first of them.  A yes and a no (``Yes``, ``Pass``, ``No``, ``Fail``) are
full marks and none on any scale, 100 and 0, and stay so.  Used by :func:`coachlog_xl.core.scales.put_on_scale`."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.convertednotes import recounted
from coachlog_xl.core.datenumbers import days_of
from coachlog_xl.core.frames import unplaced_rows
from coachlog_xl.core.headerscale import rows_named
from coachlog_xl.core.scorewords import spelled
from coachlog_xl.core.wording import count

# the words that rank above Meets: beside another graded word, Meets is not the top of the criterion's scale
_ABOVE_MEETS = {"exceeds"}
_WORDS_SHOWN = 4  # the distinct words a message names
_NUMBERS = ("number", "percent", "points/max")  # the kinds of a score typed as a number (points/max: 3/3, 2 of 5)
# a pass and a fail: each top level with the level that is its "not" (full marks and none on any scale)
_PAIRS = {"meets": "does not meet", "met": "not met", "achieved": "not achieved"}


def _level(word: str) -> str:
    """A graded word's level as :func:`~.scorewords.spelled` writes it, ``expectations`` after it dropped (``Meets
    expectations`` and ``Meets`` are one level)."""
    return spelled(word).removesuffix(" expectations")


def _pair(levels: set[str]) -> str | None:
    """The top level of the pass / fail pair ``levels`` are (a "not" level among them, nothing but the pair), or
    None."""
    return next((top for top, bottom in _PAIRS.items() if bottom in levels and levels <= {top, bottom}), None)


def _grouped(*columns: np.ndarray) -> tuple[np.ndarray, list[tuple]]:
    """Each row's group of equal values over ``columns`` (0, 1... in order of first row) and each group's values: of
    each column's factorised codes, not a tuple per row (a paste may hold a million)."""
    codes = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        one, names = pd.factorize(column, use_na_sentinel=False)
        codes = codes * max(len(names), 1) + one
    codes = pd.factorize(codes)[0]
    first = np.unique(codes, return_index=True)[1]
    return codes, list(zip(*(column[first].tolist() for column in columns)))


def ranked_apart(rows: pd.DataFrame, graded: np.ndarray, columns: tuple[np.ndarray, np.ndarray, np.ndarray],
                 label: dict, rated: dict, issues: Issues, unplaced: set[tuple] | None,
                 as_of: dt.date | None = None) -> None:
    """The rows whose score is a graded word (``graded``; :class:`~.scorewords.Graded`) of a criterion whose words
    cannot be placed (see the module) taken out of the count (their score NaN), said once per (sheet, paste,
    criterion); those without a reason in Exclude go to ``unplaced``.  ``columns``: each row's sheet (an export's tabs
    as the one sheet their import writes), paste and criterion; ``label``: how messages name each (sheet, paste) (the
    sheet where it names none); ``rated``: (sheet, paste, criterion) -> (bottom, top) of a column read on a rating
    from 1, whose words are said among its ratings; ``as_of``: a refresh's, after whose end no row is judged on."""
    sheets, pastes, criteria = columns
    in_time = np.ones(len(rows), dtype=bool) if as_of is None else \
        ~(days_of(pd.to_datetime(rows["at"])) > pd.Timestamp(as_of)).to_numpy()
    every = np.flatnonzero(graded & in_time)
    written = rows["read_as"].to_numpy()  # (arrays, not a lookup per row: a paste of words may hold a million)
    levels: dict[str, set[str]] = {}  # per criterion, its graded words' levels in every paste (an Excluded row's too)
    found: dict[str, dict[tuple, None]] = {}  # and the pastes they are in, in order
    paired: dict[tuple, set[str]] = {}  # and per (sheet, paste, criterion), its words' levels there
    for crit, word, where in dict.fromkeys(zip(criteria[every].tolist(), (written[i].word for i in every.tolist()),
                                               zip(sheets[every].tolist(), pastes[every].tolist()))):
        levels.setdefault(crit, set()).add(_level(word))
        found.setdefault(crit, {})[where] = None
        paired.setdefault((*where, crit), set()).add(_level(word))
    ranked = {crit for crit, on in levels.items() if len(on) > 1 and on & _ABOVE_MEETS}
    kinds = rows["read_as"].to_numpy(dtype=object)
    typed = np.flatnonzero(np.logical_or.reduce([kinds == k for k in _NUMBERS]) & rows["score"].notna().to_numpy()
                           & in_time & (rows["exclude"].to_numpy(dtype=object) == ""))
    # per (sheet, paste, criterion) of graded words, its first score typed as a number (a million numbers: factorised)
    codes, names = _grouped(sheets[typed], pastes[typed], criteria[typed])
    beside = {names[c]: int(typed[i]) for c, i in zip(*np.unique(codes, return_index=True))
              if names[c] in paired and _pair(paired[names[c]]) is None}
    at = every[rows["score"].notna().to_numpy()[every]]
    if not len(at):
        return
    # the rows of each (sheet, paste, criterion) held, in order: grouped by their factorised codes
    codes, keys = _grouped(sheets[at], pastes[at], criteria[at])
    ends = np.cumsum(np.bincount(codes, minlength=len(keys)))
    order = at[np.argsort(codes, kind="stable")]
    held = {key: order[end - n:end] for key, n, end in zip(keys, np.bincount(codes, minlength=len(keys)), ends)
            if key[2] in ranked or key in beside}
    if not held:
        return
    on, numbers = rows["sheet"].to_numpy(), rows["row"].to_numpy()
    for (sheet, paste, crit), mine in held.items():
        words = list(dict.fromkeys(written[i].word.strip() for i in mine))
        named = " / ".join(words[:_WORDS_SHOWN]) + (" / ..." if len(words) > _WORDS_SHOWN else "")
        tabs = None if len(pd.unique(on[mine])) == 1 else on[mine]
        cells = rows_named([(on[i], numbers[i], 0.0) for i in mine[:5]], tabs, len(mine))
        said = f'{label.get((sheet, paste), sheet)}, "{crit}": the words of a graded scale ({named}; ' \
               f'{count(len(mine), "score")}: {cells})'
        if crit in ranked:
            over = "" if len(found[crit]) < 2 else " in " + " and ".join(label.get(k, k[0]) for k in found[crit])
            why = (f"; Exceeds ranks above Meets in the criterion's words{over} ({' / '.join(sorted(levels[crit]))}): "
                   "Meets is not full marks there and how many points each word is worth cannot be told")
        elif (sheet, paste, crit) in rated:
            bottom, top = rated[sheet, paste, crit]
            why = (f" stand among its {bottom:g}-{top:g} ratings; where each stands on that rating cannot be told "
                   f"(Meets is the top of meets / partially meets / does not meet, the middle of a 1-{top:g} "
                   "performance rating)")
        else:
            first = beside[sheet, paste, crit]
            why = (f" stand beside scores typed as numbers (as {on[first]} row {numbers[first]}); how many points "
                   "each word is worth beside them cannot be told")
        top = None if crit in ranked else next((t for t in _PAIRS if paired[sheet, paste, crit] <= {t, _PAIRS[t]}),
                                               None)
        example = (f"{top.capitalize()} 1/1, {_PAIRS[top].capitalize()} 0/1), or the points (1, 0) with the maximum (1)"
                   if top else "Exceeds 3/3, Meets 2/3, Below 1/3), or the points (3, 2, 1) with the maximum (3)")
        fix = (f"Type the rating each word stands for ({rated[sheet, paste, crit][0]:g} to "
               f"{rated[sheet, paste, crit][1]:g}) over it" if crit not in ranked and (sheet, paste, crit) in rated
               else f"Type the points each word is worth with their maximum over it (e.g. {example} in a column of "
               "points possible beside them (HeaderMap Field max_score on Settings)")
        longest = sorted(words, key=len, reverse=True)
        issues.add(Code.UNREADABLE_SCORE, on[mine[0]], int(numbers[mine[0]]), "score", written[mine[0]].word,
                   f"{said}{why}, so they are not counted.",
                   f"{fix}; Find & Replace on the Score column, with Match entire cell contents ticked, replaces every "
                   "cell of a word at once (replace each word, the longer first: "
                   f"{', then '.join(longest[:_WORDS_SHOWN])}; those left stay held). Or type a reason in Exclude to "
                   "leave a row out.")
    _refused(rows, np.sort(np.concatenate(list(held.values()))), issues, unplaced)


def _refused(rows: pd.DataFrame, at: np.ndarray, issues: Issues, unplaced: set[tuple] | None) -> None:
    """The rows ``at`` not counted (their score NaN): those without a reason in Exclude, which the words note
    counted, to ``unplaced`` and recounted out of it."""
    kept = (rows["exclude"].iloc[at] == "").to_numpy()
    if unplaced is not None:
        unplaced.update(unplaced_rows(rows.iloc[at][kept]))
    said: dict[tuple, list[str]] = {}
    on, paste, written = rows["sheet"].to_numpy(), rows["paste"].to_numpy(), rows["read_as"].to_numpy()
    for i in at[kept].tolist():
        said.setdefault((on[i], paste[i]), []).append(written[i].word)
    for (sheet, one), words in said.items():  # (the words note counts only the words read)
        recounted(issues, sheet, one, words)
    rows.loc[rows.index[at], "score"] = float("nan")
