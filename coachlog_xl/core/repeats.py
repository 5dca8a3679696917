"""One call and criterion on several Scores rows (domain.md, "Exact rules: Scores").

- An exact repeat (the same call, rep, criterion, moment, evaluator and score: a paste overlapping
  an earlier one) counts once.
- One evaluator with two different scores is a conflict: the call is left out of the windows until
  one row is excluded; each conflict is an error row of Checks.
- Several evaluators (calibration) count as one call with their mean (a rep's self-assessment was left out before:
  :mod:`~coachlog_xl.core.selfscored`).
- Rows of one call and criterion on different call days (the call pasted again with another date: a date misread,
  as a 1904 workbook's read in the 1900 system, re-imported; or an id the QA platform used again) count once, at
  the first row's date, whoever scored them (a call's evaluators share its call date); each such call is a warning
  of Checks naming its rows and their dates.  In an export dated by its grading date alone, only one evaluator's
  rows on other moments are said (a calibration's evaluators may grade apart).

Repeats and calibrations are notes, and an overlapping weekly paste repeats thousands of rows: Checks
names the first :data:`~.repeatnotes.SHOWN` of each sheet one by one and the rest of that sheet in one row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.conflictnotes import ROUNDED_ID, conflict_notes, repeats_of
from coachlog_xl.core.distinct import per_value
from coachlog_xl.core.frames import unplaced_rows
from coachlog_xl.core.names import evaluator_key
from coachlog_xl.core.repeatnotes import (
    CALL_KEY,
    calibrations,
    dates_apart,
    days_apart,
    first_shown,
    named_calls,
    per_sheet,
    the_rest,
    when,
)

DUP_KEY = [CALL_KEY, "rep", "criterion", "at", "evaluator", "score"]


def with_call_keys(rows: pd.DataFrame, issues: Issues | None = None, factors: dict | None = None) -> pd.DataFrame:
    """``rows`` with the column :data:`CALL_KEY`: one number per call as calls are matched.  A call is
    its id and its rep: a call id of digits is the same call with or without leading zeros (``000123``
    pasted as text is the call Excel shows as 123), and any id with or without the apostrophe in front
    that keeps a cell text (``'0012345`` in one export is ``0012345`` in the next); two reps' rows under one id are two
    calls (a platform that numbers calls per queue); and rows under an id Excel rounded (:data:`ROUNDED_ID`,
    where many calls' ids became one number) are told apart by the call's moment as well.  With
    ``issues``, one id at one moment under two reps is named (:func:`_two_reps`); ``factors``, given, gets
    the rep column's ``pandas.factorize`` (codes, distinct values) as ``"rep"``, or gives it when it holds it,
    and gives the call id column's as ``"call_id"`` when it holds it."""
    by_id, ids = (factors or {}).get("call_id") or pd.factorize(rows["call_id"])
    codes, ids = by_id, np.asarray(ids, dtype=object)
    lines = _lines(ids)
    if ("\n0" in lines or "\n'" in lines) if lines is not None else any(isinstance(i, str) and i[:1] in ("0", "'")
                                                                        for i in ids):
        merged = pd.factorize(np.array([call_key(i) for i in ids], dtype=object))[0]
        codes = np.where(codes < 0, codes, merged[codes])
    reps, names = (factors or {}).get("rep") or pd.factorize(rows["rep"])
    if factors is not None:
        factors["rep"] = (reps, names)
    if len(reps) and reps.max() > 0:  # several reps: the call is its id and rep
        joined = _joined(codes, reps)
        if issues is not None:
            _two_reps(rows, codes, reps, joined, issues)
        codes = joined
    rounded = _rounded(ids, lines)
    if rounded.any():
        by_moment = (by_id >= 0) & rounded[by_id]
        moments = np.where(by_moment, pd.factorize(rows["at"])[0], -1)
        codes = _joined(codes, moments)
    rows[CALL_KEY] = codes
    return rows


def _two_reps(rows: pd.DataFrame, codes: np.ndarray, reps: np.ndarray, joined: np.ndarray, issues: Issues) -> None:
    """A warning per call id scored at one moment under two reps (``codes``, ``reps``: per row;
    ``joined``: :func:`_joined` of them): most likely a call the platform moved or transferred to
    another rep and exported again, which counts for both.  Only moments with a time of day: a platform
    numbering calls per queue and day may give two reps' calls one id on one date.  Arrays and hash
    tables only, and the moments of ids under two reps only."""
    ok = codes >= 0
    rep_of = np.zeros(int(codes.max(initial=-1)) + 1, dtype=reps.dtype)
    rep_of[codes[ok]] = reps[ok]  # a rep of each id (any of its rows'): another rep on a row of it is a second
    if (rep_of[codes[ok]] == reps[ok]).all():
        return  # no id under two reps (each call id is one rep's)
    pairs = pd.unique(joined[joined >= 0])
    per_id = np.bincount(pairs // (int(reps.max(initial=0)) + 2), minlength=1)
    some = np.flatnonzero((codes >= 0) & (per_id[np.maximum(codes, 0)] > 1))
    timed = ~rows["date_only"].to_numpy(dtype=bool)[some]
    some = some[timed]
    moments = pd.factorize(rows["at"].to_numpy()[some])[0]
    call = np.where(moments >= 0, _joined(codes[some], moments), -1)
    width = int(reps.max()) + 1
    pairs = pd.unique(call[call >= 0] * width + reps[some][call >= 0])
    calls = pd.Series(pairs // width)
    twice = calls[calls.duplicated()].unique()
    if not len(twice):
        return
    mine = np.isin(call, twice)
    named = rows.iloc[some[mine]].assign(_c=call[mine])
    firsts = named.drop_duplicates("_c")
    sheets = firsts["sheet"].to_numpy(dtype=object)
    shown = first_shown(sheets)
    for (c, first) in zip(firsts["_c"][shown], firsts.index[shown]):
        grp = named[named["_c"] == c]
        others = grp[grp["rep"] != rows.at[first, "rep"]].iloc[0]
        issues.add(
            Code.CALL_UNDER_TWO_REPS, others["sheet"], int(others["row"]), "rep", others["rep"],
            f'Call {others["call_id"]} on {when(others)} is under {others["rep"]} here and under '
            f'{rows.at[first, "rep"]} at {rows.at[first, "sheet"]} row {rows.at[first, "row"]}: it counts for both.',
            "If the call was moved to another rep, type a reason (e.g. reassigned) in the Exclude cells of the rows "
            "under the wrong rep; if it was transferred and each rep's part was scored, or your QA platform "
            "numbers calls per queue, nothing to do.")
    the_rest(Code.CALL_UNDER_TWO_REPS, sheets, firsts["row"].to_numpy(), shown, "rep",
             "call ids are under two reps at one moment; each counts for both", "See the rows above.", issues)


def _joined(codes: np.ndarray, more: np.ndarray) -> np.ndarray:
    """One number per pair of (code, more), both codes from -1 up; a code of -1 (no call id) stays -1."""
    return np.where(codes < 0, -1, codes.astype(np.int64) * (int(more.max(initial=0)) + 2) + (more + 1))


def _lines(ids: np.ndarray) -> str | None:
    """The distinct call ids, each after a line break, when every one is a text of one line (the usual:
    a column of call ids), for a test of them all in one search of one text; else None."""
    if not len(ids) or set(map(type, ids)) != {str}:
        return None
    lines = "\n" + "\n".join(ids)
    return lines if lines.count("\n") == len(ids) else None


def _rounded(ids, lines: str | None = None) -> np.ndarray:
    """Per distinct call id, whether Excel rounded it (:data:`ROUNDED_ID`): only a long or ``E+`` text
    is matched against the pattern; ``lines``: :func:`_lines` of them, when each is a line of text (then
    none is matched when none is long and none holds a ``+``)."""
    if lines is not None and "+" not in lines and max(map(len, ids)) <= 15:
        return np.zeros(len(ids), dtype=bool)
    texts = (i if type(i) is str else str(i) for i in ids)
    return np.fromiter(((len(s) > 15 or "+" in s) and ROUNDED_ID.match(s) is not None for s in texts),
                       dtype=bool, count=len(ids))


def call_key(call_id):
    """A call id as calls are matched: without the apostrophe in front that keeps a cell text (``'C-9`` is
    ``C-9``: an export escapes a value so, as it does ``'-36``), and one of digits without its leading zeros
    (``000123`` and ``'000123`` are ``123``).  The id shown stays as written."""
    if not isinstance(call_id, str):
        return call_id
    if call_id[:1] == "'" and len(call_id) > 1:
        call_id = call_id[1:]
    return call_id.lstrip("0") or "0" if call_id.isdigit() else call_id


def call_pairs(rows: pd.DataFrame) -> np.ndarray:
    """One number per (call, criterion) (:func:`with_call_keys`), in order of first appearance:
    grouping on numbers gives the same groups in the same order as grouping on the texts, much faster."""
    call_code, crit_code = pd.factorize(rows[CALL_KEY])[0], pd.factorize(rows["criterion"])[0]
    return pd.factorize(call_code.astype(np.int64) * (int(crit_code.max(initial=0)) + 1) + crit_code)[0]


def one_row_per_pair(rows: pd.DataFrame, factors: dict | None = None) -> bool:
    """Whether no two rows share a call (:func:`with_call_keys`) and criterion, i.e. :func:`call_pairs`
    all differ: told from one number per row (a paste in call order is checked as it is sorted, with no
    hash table) unless the numbers could overflow or a criterion is missing (None).  ``factors``, given
    (the rep's from :func:`with_call_keys`), gets the criterion column's as ``"criterion"`` when true: these
    rows are the calls then, whose runs (:class:`~coachlog_xl.core.windows.CallRuns`) need not factorise
    them again; when false it is emptied (the calls will be other rows).  Its ``"criterion"``, held, is used."""
    codes, names = (factors or {}).get("criterion") or pd.factorize(rows["criterion"])
    one = _one_per_pair(rows, codes.astype(np.int64))
    if factors is not None:
        if one:
            factors["criterion"] = (codes, names)
        else:
            factors.clear()
    return one


def _one_per_pair(rows: pd.DataFrame, crit: np.ndarray) -> bool:
    """:func:`one_row_per_pair` of the rows, given their criteria's codes."""
    calls = rows[CALL_KEY].to_numpy(dtype=np.int64)
    width = int(crit.max(initial=0)) + 1
    if not len(calls) or crit.min() < 0 or max(-int(calls.min()), int(calls.max())) >= (1 << 62) // width:
        return not len(rows) or np.bincount(call_pairs(rows)).max() == 1
    return pd.Index(calls * width + crit, copy=False).is_unique  # (an array of its own: not copied again)


def per_call_and_criterion(rows: pd.DataFrame, issues: Issues, columns: list[str], held: set[tuple] | None = None,
                           factors: dict | None = None, tally: dict | None = None) -> pd.DataFrame:
    """``rows`` (:func:`with_call_keys`) made one per call and criterion, with ``columns``: exact repeats once,
    evaluators merged (:func:`merge_evaluators`, with ``held``; ``factors``: :func:`one_row_per_pair`);
    ``tally``, given, gets ``"calls"``: how many calls the rows left are scores of, as calls are matched."""
    keyed = [*columns, CALL_KEY]
    if one_row_per_pair(rows, factors):
        # one row per call and criterion (nothing to merge or flag): the columns as they are, not copied
        calls = pd.DataFrame({key: rows[key] for key in keyed}, copy=False).reset_index(drop=True)
    else:
        rows, repeated = drop_duplicates(rows, issues)
        calls = merge_evaluators(rows, issues, keyed, held, repeated)
    keys = calls.pop(CALL_KEY).to_numpy(dtype=np.int64)
    if tally is not None:
        tally["calls"] = _distinct(keys)
    return calls


def _distinct(keys: np.ndarray) -> int:
    """How many numbers ``keys`` holds, each once: a flag per number from the least to the largest where
    they lie within 32 a row (call keys, a call id's number times the reps' count plus the rep's, mostly do:
    4 ms at a million rows of 12 reps' calls, 15 ms of 100 reps', where a hash table took 100 to 130)."""
    if not len(keys):
        return 0
    low, high = int(keys.min()), int(keys.max())
    if high - low >= 32 * len(keys):  # (a table of flags of 32 MB at most for a million rows)
        return len(pd.unique(keys))
    seen = np.zeros(high - low + 1, dtype=bool)
    seen[keys - low] = True
    return int(np.count_nonzero(seen))


def drop_duplicates(rows: pd.DataFrame, issues: Issues) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows with each exact repeat left out, and a note of it; and the repeats left out (their
    ``sheet`` and ``row``, and the ``first`` row, as ``sheet row``, each repeats)."""
    dup = rows.duplicated(DUP_KEY, keep="first")
    if not dup.any():
        return rows.reset_index(drop=True), _NO_REPEATS
    # each repeat with the row it repeats: the first of its group (blanks equal, as duplicated has them)
    group = rows.groupby(DUP_KEY, dropna=False, sort=False).ngroup().to_numpy()
    repeat = dup.to_numpy()
    sheets = rows["sheet"].to_numpy(dtype=object)
    row_numbers, ids, crits = rows["row"].to_numpy(), rows["call_id"].tolist(), rows["criterion"].to_numpy(dtype=object)
    at = np.flatnonzero(repeat)
    groups, kept = np.unique(group, return_index=True)  # each group's first row: the one kept
    firsts = kept[np.searchsorted(groups, group[at])]
    # a row of a wide paste is a row per criterion here: each sheet row said once, with the criteria it repeats
    # where it holds others too (a re-export of a call regraded on one criterion repeats the others alone)
    at_sheet, at_row, first_sheet, first_row = sheets[at], row_numbers[at], sheets[firsts], row_numbers[firsts]
    said = ~pd.DataFrame({"sheet": at_sheet, "row": at_row}).duplicated().to_numpy()
    shown = first_shown(at_sheet[said])
    width = _per_sheet_row(sheets, row_numbers, at[said][shown])
    for n in np.flatnonzero(said)[shown].tolist():
        i, j = at[n], firsts[n]
        where = f"row {row_numbers[j]}" if sheets[j] == sheets[i] else f"{sheets[j]} row {row_numbers[j]}"
        same = [crits[at[m]] for m in np.flatnonzero((at_sheet == sheets[i]) & (at_row == row_numbers[i])
                                                     & (first_sheet == sheets[j]) & (first_row == row_numbers[j]))]
        whole = len(same) == width[sheets[i], row_numbers[i]]
        what = "" if whole else f"'s {' and '.join(map(str, same))} score{'s' if len(same) > 1 else ''}"
        issues.add(
            Code.DUPLICATE_ROW, sheets[i], row_numbers[i], "row", ids[i],
            f"{sheets[i]} row {row_numbers[i]} repeats {where}{what} exactly (call {ids[i]}"
            f"{'' if whole else '; its other scores differ'}); {'it is' if whole or len(same) == 1 else 'they are'} "
            "counted once.",
            "Nothing to do; delete the repeated row if you like." if not what else "Nothing to do.",
        )
    the_rest(Code.DUPLICATE_ROW, at_sheet[said], at_row[said], shown, "row",
             "rows repeat earlier rows exactly (a paste overlapping an earlier one?); each is counted once",
             "Nothing to do; delete the repeated rows if you like.", issues)
    repeated = pd.DataFrame({"sheet": at_sheet, "row": at_row, "criterion": crits[at],
                             "first_sheet": first_sheet, "first_row": first_row})
    return rows[~dup].reset_index(drop=True), repeated


_NO_REPEATS = pd.DataFrame({"sheet": [], "row": [], "criterion": [], "first_sheet": [], "first_row": []})


def _per_sheet_row(sheets: np.ndarray, rows: np.ndarray, some: np.ndarray) -> dict[tuple, int]:
    """(sheet, row) -> how many scores the sheet row holds (a wide paste's: one per criterion), of the sheet rows
    of the positions ``some`` (a few: those a note names); ``sheets``, ``rows``: per score."""
    near = np.flatnonzero(np.isin(rows, rows[some]))
    wanted = set(zip(sheets[some].tolist(), rows[some].tolist()))
    out: dict[tuple, int] = dict.fromkeys(wanted, 0)
    for key in zip(sheets[near].tolist(), rows[near].tolist()):
        if key in wanted:
            out[key] += 1
    return out


def merge_evaluators(rows: pd.DataFrame, issues: Issues, columns: list[str],
                     held: set[tuple] | None = None, repeated: pd.DataFrame = _NO_REPEATS) -> pd.DataFrame:
    """Conflicts leave the call out (their (rep, criterion, day) go to ``held``: a baseline recorded while
    a call is out could miss it); calibration (several evaluators) gives one call with the mean;
    ``columns``: the columns of the table returned; ``repeated``: the exact repeats left out before
    (:func:`drop_duplicates`), named beside the rows of a conflict they repeat."""
    pair = call_pairs(rows)  # and one number per evaluator below
    rows["_ev"] = per_value(rows["evaluator"], evaluator_key)  # Lee Park, "Park, Lee", lee.park@...: one
    unnamed, clash = _unnamed_beside_named(rows, pair)
    if unnamed.any():  # a named evaluator's score listed again without the name: counted once
        per_sheet(Code.DUPLICATE_ROW, rows["sheet"].to_numpy(dtype=object)[unnamed], rows["row"].to_numpy()[unnamed],
                   "evaluator", "row(s) give a call's score without its evaluator, and another row gives the same "
                   "call and score with one (the export pasted twice, once without that column?); each is counted once",
                   "Nothing to do; delete the rows without the evaluator if you like.", issues)
        rows, pair = rows[~unnamed], pair[~unnamed]
    ev = pd.factorize(rows["_ev"])[0]
    per_eval = rows["score"].groupby([pair, ev], sort=False).transform("nunique").to_numpy()
    in_conflict = np.isin(pair, np.concatenate([pair[per_eval > 1], clash]))
    repeats = repeats_of(rows[in_conflict], repeated)
    if in_conflict.any():  # a wide paste's sheet row holds other criteria's scores, which its Exclude leaves out too
        held_by = np.concatenate([rows["sheet"].to_numpy(dtype=object), repeated["sheet"].to_numpy(dtype=object)])
        numbers = np.concatenate([rows["row"].to_numpy(), repeated["row"].to_numpy().astype(rows["row"].dtype)])
        width = _per_sheet_row(held_by, numbers, np.flatnonzero(in_conflict))
    if in_conflict.any():
        conflict_notes(named_calls(rows[in_conflict]), repeats, width, issues)
    if held is not None and in_conflict.any():
        held.update(unplaced_rows(rows[in_conflict]))
    rows, pair, ev = rows[~in_conflict], pair[~in_conflict], ev[~in_conflict]
    n_eval = pd.Series(ev).groupby(pair, sort=False).transform("nunique").to_numpy()
    several = len(rows) and np.bincount(pair).max() > 1  # (one row per call and criterion: nothing to merge)
    apart = days_apart(rows, pair, ev) if several else np.zeros(len(rows), dtype=bool)
    calibrations(rows[(n_eval > 1) & ~apart], issues)  # (rows of other days are said so, with their mean)
    if not several:
        return rows[columns].reset_index(drop=True)
    dates_apart(rows, apart, issues)
    merged = rows.groupby(pair, sort=False).agg(
        call_id=("call_id", "first"), criterion=("criterion", "first"), rep=("rep", "first"), score=("score", "mean"),
        at=("at", "first"), date_only=("date_only", "first"), day=("day", "first"), call_type=("call_type", "first"),
        version=("version", "first"), evaluator=("evaluator", "first"), sheet=("sheet", "first"), row=("row", "first"),
        **{CALL_KEY: (CALL_KEY, "first")},
    )
    return merged[columns].reset_index(drop=True)


def _unnamed_beside_named(rows: pd.DataFrame, pair: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Of a call's rows some with an evaluator and some without (who scored those is not known): the
    rows without one whose score a named row of the call gives (the same grading listed twice), and the
    calls where a row without one gives another score (a conflict: it cannot be told from a second
    evaluator's)."""
    blank = (rows["_ev"] == "").to_numpy()
    mixed = blank & np.isin(pair, pair[~blank]) if blank.any() and not blank.all() else np.zeros(len(rows), bool)
    if not mixed.any():
        return mixed, np.array([], dtype=pair.dtype)
    scores, beside = rows["score"].to_numpy(dtype=float), ~blank & np.isin(pair, pair[mixed])
    named = set(zip(pair[beside].tolist(), scores[beside].tolist()))
    same = np.array([(p, v) in named for p, v in zip(pair[mixed].tolist(), scores[mixed].tolist())], dtype=bool)
    unnamed = np.zeros(len(rows), dtype=bool)
    unnamed[np.flatnonzero(mixed)[same]] = True
    return unnamed, pair[mixed][~same]


