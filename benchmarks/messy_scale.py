"""Checks of a messy paste whose cost grows with its names and conflicts, not its rows: the naive way beside ours.

- ``unknown reps``: :func:`~coachlog_xl.core.names.resolve_names` of a paste with thousands of reps on no list
  (each named once in Checks), beside :func:`naive_resolve_names`, which groups the rows name by name;
- ``hints``: :meth:`~coachlog_xl.core.directory.Directory.hints` of each unknown name against a roster of hundreds,
  beside :func:`naive_hints`, which goes through every spelling of the roster for each name;
- ``conflicts``: :func:`~coachlog_xl.core.repeats.merge_evaluators` of a paste with tens of thousands of calls
  scored twice by one evaluator (each an error in Checks), beside :func:`naive_merge_evaluators`, which groups the
  rows call by call;
- with ``--book NAME=FILE``, ``coachlog refresh`` of each workbook (a fresh copy, no backup, as of 2025-12-31) with
  this checkout's package and with ``--against``'s, interleaved, and whether both wrote the same Checks.

The naive functions are the code before (tests/test_many_names_checks.py holds ours to theirs, row by row); the
table gives seconds (the least of ``--repeat``) and the ratio naive / ours.  Timings on a loaded machine: compare
the ratios of one run.

    python benchmarks/messy_scale.py [--names 7000] [--roster 500] [--conflicts 25000] [--repeat 3]
        [--against /work/main --book unlisted-many=B.xlsx --book conflict-many=C.xlsx]
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
import refresh_scale  # noqa: E402

from coachlog_xl.core.checks import Code, Issues  # noqa: E402
from coachlog_xl.core.conflictnotes import ROUNDED_ID, repeats_of  # noqa: E402
from coachlog_xl.core.directory import Directory, spelling_words, telling  # noqa: E402
from coachlog_xl.core.distinct import per_value  # noqa: E402
from coachlog_xl.core.errorcells import ERROR_TEXTS  # noqa: E402
from coachlog_xl.core.frames import paste_rows, unplaced_rows  # noqa: E402
from coachlog_xl.core.inputs import ROW, header_key, unaccented  # noqa: E402
from coachlog_xl.core.names import (  # noqa: E402
    _call_of,
    _no_known_criterion,
    _rows_said,
    criterion_directory,
    evaluator_key,
    rep_directory,
    resolve_column,
    resolve_names,
)
from coachlog_xl.core.repeatnotes import CALL_KEY, LISTED, calibrations, dates_apart, days_apart, named_calls  # noqa: E402
from coachlog_xl.core.repeats import (  # noqa: E402
    _per_sheet_row,
    _unnamed_beside_named,
    call_pairs,
    drop_duplicates,
    merge_evaluators,
    with_call_keys,
)
from coachlog_xl.core.severalreps import several_reps, several_words  # noqa: E402
from coachlog_xl.core.swapped import swapped_rows  # noqa: E402
from coachlog_xl.core.trailers import TOTAL_WORDS  # noqa: E402
from coachlog_xl.core.versionnames import new_version_fix  # noqa: E402

CRITERIA = ["Greeting", "Verification", "Discovery", "Empathy statement", "Resolution", "Compliance script", "Closing"]
COLUMNS = ["call_id", "rep", "criterion", "score", "at", "date_only", "day", "call_type", "version", "evaluator",
           "sheet", "row", CALL_KEY]


# ---- the naive functions: the code before, each name and each conflict grouped apart ----

def naive_hints(directory: Directory, name) -> list[str]:
    """:meth:`Directory.hints` as it was: every spelling of the directory looked at for each name."""
    held = spelling_words(name)
    found = [canon for words, canon in directory.words.items() if words <= held and telling(words)]
    near = directory.near_key(name)
    keys = difflib.get_close_matches(near, list(directory.aliases), n=1, cutoff=0.8)
    plain = unaccented(near)
    keys += [key for key in directory.aliases if plain and unaccented(key) == plain]
    close = list(dict.fromkeys(directory.aliases[key] for key in keys))
    return list(dict.fromkeys([*directory.sharing(name), *close, *found]))


def naive_resolve_names(rows: pd.DataFrame, reps: Directory, criteria: Directory, issues: Issues,
                        unplaced: set[tuple] | None = None) -> pd.DataFrame:
    """:func:`~coachlog_xl.core.names.resolve_names` as it was: a group of rows per unknown name."""
    rows["rep"], unknown_rep = resolve_column(rows["rep"], reps)
    rows["criterion"], unknown_crit = resolve_column(rows["criterion"], criteria)
    ok = ~swapped_rows(rows, unknown_rep.to_numpy(), unknown_crit.to_numpy(), reps, criteria, issues, unplaced)
    for mask, directory, code, what, where, fix in (
        (unknown_rep.to_numpy() & ok, reps, Code.UNKNOWN_REP, "rep", "the Reps sheet (Rep or Other names)",
         "Add the rep to the Reps sheet, or add this spelling to the matching rep's Other names."),
        (unknown_crit.to_numpy() & ok, criteria, Code.UNKNOWN_SCORE_CRITERION, "criterion", "the Criteria sheet",
         "Nothing to do if the team does not coach it; else add it to the Criteria sheet, or add this "
         "spelling to the matching criterion's Other names."),
    ):
        for name, grp in rows[mask & (rows["exclude"].to_numpy() == "")].groupby(what) if mask.any() else ():
            first, hints = grp.iloc[0], naive_hints(directory, name)
            for hint in hints if unplaced is not None else ():
                maybe = grp
                if what == "criterion":
                    under = rows[rows["criterion"] == hint]
                    maybe = maybe[~_call_of(maybe).isin(_call_of(under))]
                unplaced.update(unplaced_rows(maybe, **{what: hint}))
            did_you = " Did you mean " + " or ".join(f'"{h}"' for h in hints) + "?" if hints else ""
            said, how = f"is not on {where}.{did_you}", (what == "criterion" and new_version_fix(name, hints)) or fix
            how = directory.where_typed(name, how) if what == "criterion" else how
            if str(name).casefold() in ERROR_TEXTS:
                said = f"is the Excel error {name} (a formula that could not be computed), not a {what}'s name."
                how = f"Mend the formula where the export was made and paste its values again, or type the {what}."
            elif what == "criterion" and header_key(name) in TOTAL_WORDS:
                said = (f"is not on {where}: it looks like a total row (each evaluation's total written as one more "
                        "criterion), which counts for no session.")
                how = ("Nothing to do if those rows are totals; to leave them out of Checks, type a reason (e.g. total "
                       "row) in their Exclude cells. If the criteria are in another column, put its header first among "
                       "the criterion rows of the HeaderMap table on Settings.")
            elif what == "rep" and (several := several_reps(name, directory)):
                said, how = several_words(several)
            elif directory.sharing(name):
                said = (f"is an other name of {' and '.join(directory.sharing(name))} on {where.split(' (')[0]}, "
                        "so its scores count for neither (their baselines wait for it).")
                how = f"Keep it among the other names of the one {what} it means."
            issues.add(code, first["sheet"], first["row"], what, name,
                       f'{first["sheet"]}: {what} "{name}" ({_rows_said(paste_rows(grp), first["row"])}) {said}', how)
    if criteria.aliases and (unknown := unknown_crit.to_numpy()).any():
        _no_known_criterion(rows, unknown, issues, criteria)
    return rows


def _naive_with_repeats(grp: pd.DataFrame, repeats: dict[str, list[str]]) -> list[str]:
    keys = [f"{s} {r} {c}" for s, r, c in zip(grp["sheet"], grp["row"], grp["criterion"])]
    return [f"{s} row {r}" + (f" (again at {', '.join(repeats[k])})" if k in repeats else "")
            for s, r, k in zip(grp["sheet"], grp["row"], keys)]


def naive_merge_evaluators(rows: pd.DataFrame, issues: Issues, columns: list[str], held: set[tuple] | None = None,
                           repeated: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`~coachlog_xl.core.repeats.merge_evaluators` as it was: a group of rows per conflict."""
    from coachlog_xl.core.repeatnotes import per_sheet
    repeated = repeated if repeated is not None else drop_duplicates(rows.iloc[:0], Issues())[1]
    pair = call_pairs(rows)
    rows["_ev"] = per_value(rows["evaluator"], evaluator_key)
    unnamed, clash = _unnamed_beside_named(rows, pair)
    if unnamed.any():
        per_sheet(Code.DUPLICATE_ROW, rows["sheet"].to_numpy(dtype=object)[unnamed], rows["row"].to_numpy()[unnamed],
                  "evaluator", "row(s) give a call's score without its evaluator, and another row gives the same "
                  "call and score with one (the export pasted twice, once without that column?); each is counted once",
                  "Nothing to do; delete the rows without the evaluator if you like.", issues)
        rows, pair = rows[~unnamed], pair[~unnamed]
    ev = pd.factorize(rows["_ev"])[0]
    per_eval = rows["score"].groupby([pair, ev], sort=False).transform("nunique").to_numpy()
    in_conflict = np.isin(pair, np.concatenate([pair[per_eval > 1], clash]))
    repeats = repeats_of(rows[in_conflict], repeated)
    if in_conflict.any():
        held_by = np.concatenate([rows["sheet"].to_numpy(dtype=object), repeated["sheet"].to_numpy(dtype=object)])
        numbers = np.concatenate([rows["row"].to_numpy(), repeated["row"].to_numpy().astype(rows["row"].dtype)])
        width = _per_sheet_row(held_by, numbers, np.flatnonzero(in_conflict))
    for (call, _, crit), grp in named_calls(rows[in_conflict]).groupby(["_shown", CALL_KEY, "criterion"], sort=True):
        own = Counter(zip(grp["sheet"], grp["row"]))
        listed = [t + (f" ({own[k]} score columns of one row)" if own[k] > 1 else "")
                  for k, t in dict(zip(zip(grp["sheet"], grp["row"]), _naive_with_repeats(grp, repeats))).items()]
        wide = [f"{s} row {r}" for s, r in own if width[s, r] > own[s, r]]
        apart = [f"{s} row {r}" for s, r in own if own[s, r] > 1]
        more = f", ... ({len(grp)} rows in all)" if len(grp) > LISTED else ""
        where = ", ".join(listed[:LISTED]) + more
        scores = ", ".join(f"{v:g}" for v in grp["score"][:LISTED]) + (", ..." if more else "")
        rounded = ROUNDED_ID.match(str(call)) is not None
        issues.add(
            Code.CONFLICT, grp["sheet"].iloc[0], grp["row"].iloc[0], "score", scores,
            f'Call {call}, "{crit}": different scores ({scores}) at {where}; the call is left out until resolved.'
            + (" The call id looks rounded: Excel keeps 15 digits of a number, so long ids opened in Excel "
               "become one." if rounded else ""),
            "Import the export file itself (`coachlog import`), whose ids are read as text, instead of pasting "
            "it from Excel." if rounded else
            "Type a reason (e.g. superseded grading) in the Exclude cell of each row with the wrong score."
            + (f" {' and '.join(wide[:LISTED])} {'holds' if len(wide) == 1 else 'hold'} other criteria's scores too "
               "(a wide export's row): an Exclude there leaves those out as well, but where another row repeats them."
               if wide else "")
            + (f" {' and '.join(apart[:LISTED])} {'gives' if len(apart) == 1 else 'give'} both scores in columns of "
               "its own (one evaluator's each): an Exclude there leaves both out; correct the wrong cell instead, or "
               "name the column to read in the HeaderMap table on Settings (Field score)." if apart else ""),
        )
    if held is not None and in_conflict.any():
        held.update(unplaced_rows(rows[in_conflict]))
    rows, pair, ev = rows[~in_conflict], pair[~in_conflict], ev[~in_conflict]
    n_eval = pd.Series(ev).groupby(pair, sort=False).transform("nunique").to_numpy()
    several = len(rows) and np.bincount(pair).max() > 1
    apart = days_apart(rows, pair, ev) if several else np.zeros(len(rows), dtype=bool)
    calibrations(rows[(n_eval > 1) & ~apart], issues)
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


# ---- generated inputs: many names, many conflicts, and the odd cases among them ----

def roster(n: int) -> tuple[Directory, Directory]:
    """A Reps sheet of ``n`` reps (some with accents, other names, one other name two reps give, one written last
    name first) and the Criteria sheet, as directories."""
    names = [f"Rep {i:03d}" for i in range(n)]
    others = [""] * n
    for i in range(0, n, 7):
        names[i] = f"Jos\u00e9 N\u00fa\u00f1ez {i}"
    for i in range(3, n, 11):
        others[i] = f"agent{i:04d}@acme.test; R{i}"
    if n > 6:
        names[5], others[1], others[2] = "Cruz, Dana", "Shared Alias", "Shared Alias"
    reps = pd.DataFrame({"rep": names, ROW: range(2, n + 2), "other_names": others, "supervisor": "",
                         "active": ""})
    crits = pd.DataFrame({"criterion_id": [f"K{i}" for i in range(len(CRITERIA))], "name": CRITERIA, "version": "",
                          "effective": "", ROW: range(2, len(CRITERIA) + 2), "other_names": ""})
    return rep_directory(reps), criterion_directory(crits)


def unknown_names(n: int, size: int) -> list[str]:
    """``n`` rep spellings on no list of a roster of ``size``: mostly strangers, and near misses of its names (a
    letter off, accents left off, a name with an id beside it, last name first, two reps in one cell, errors)."""
    odd = ["Jose Nunez 0", "Jose Nunez 7", "Rep 0001", "Rep 00", "Rep 001 (E1001)", "Rep 002 / Rep 003", "#N/A",
           "Dana Cruz", "Shared Alias", "Nunez Jose 14", "R3 Rep", "agent0003", "Rep 01x", "Rpe 004", "Total", ""]
    names = [f"Stranger {k:06d}" for k in range(n)]
    for k in range(0, n, 5):
        names[k] = odd[k // 5 % len(odd)] if k // 5 < len(odd) else f"Rep {k % size:03d}{'x' if k % 2 else ''}"
    return names


def unknown_paste(n: int, size: int, per: int = 3) -> pd.DataFrame:
    """A long paste of ``per`` criteria per call, every other call under a rep on no list (:func:`unknown_names`)
    and a few criteria on no list (one a total row); some rows with a reason in Exclude, a wide part (one sheet row
    per call) and a sheet of criteria on no list."""
    names = unknown_names(n, size)
    calls = 2 * n
    k = np.repeat(np.arange(calls), per)
    rep = np.array([names[i // 2] if i % 2 else f"Rep {i % size:03d}" for i in range(calls)], dtype=object)[k]
    crit = np.array(CRITERIA, dtype=object)[(k + np.tile(np.arange(per), calls)) % len(CRITERIA)]
    crit[::97] = "Empathy statement count"
    crit[5::389] = "Greting"
    crit[7::701] = "Total"
    at = pd.Timestamp("2025-01-01 08:00") + pd.to_timedelta(k * 3607, unit="s")
    wide = k % 3 == 0  # (one sheet row per call: its criteria's scores side by side)
    row = np.where(wide, k + 2, np.arange(len(k)) + 2)
    sheet = np.where(k % 10 == 9, "Scores (2)", "Scores").astype(object)
    sheet[k % 50 == 49], crit[k % 50 == 49] = "Other", "Q7"  # (a sheet none of whose criteria is known)
    return pd.DataFrame({
        "call_id": [f"C{i:07d}" for i in k], "rep": rep, "criterion": crit, "score": (k * 7 % 61 + 40).astype(float),
        "at": at, "date_only": False, "day": at.normalize(), "call_type": "", "version": "", "evaluator": "Eve",
        "sheet": sheet, "row": row, "exclude": np.where(k % 13 == 11, "other team", "").astype(object),
    })


def conflict_paste(n: int) -> pd.DataFrame:
    """A paste of calls of 3 criteria with ``n`` conflicts (one evaluator, two scores) among calibrations, exact
    repeats, rows without the evaluator, an id with and without its zeros, rounded ids, a row's two score columns,
    wide rows and a conflict of more rows than a note lists."""
    rows = []
    for c in range(n * 2 // 3 + 20):  # (3 conflicts per 2 calls)
        cid = (f"{c:05d}" if c % 17 == 0 else f"{10**15 + c * 1000:d}000" if c % 23 == 0 else f"C{c:06d}")
        at = pd.Timestamp("2025-01-01 08:00") + pd.Timedelta(minutes=61 * c)
        base = 3 * c + 2
        for j, crit in enumerate(CRITERIA[:3]):
            row = base if c % 4 == 0 else base + j  # (a wide row per call, or a row per criterion)
            rows.append((cid, crit, 80.0, at, "Eve", "Scores", row))
            if c % 2 == 0 and j < 2 or c % 2 == 1 and j == 0:
                rows.append((cid, crit, 65.0 + j, at, "Eve" if c % 3 else "eve", "Scores", row + 100000))
            if c % 5 == 0:
                rows.append((cid, crit, 80.0, at, "Eve", "Scores (2)", row))  # an exact repeat
            if c % 7 == 0:
                rows.append((cid, crit, 90.0, at, "Ann Lee", "Scores", row + 200000))  # a calibration
            if c % 11 == 0 and j == 1:
                rows.append((cid, crit, 55.0, at, "Eve", "Scores", row))  # a row's two score columns
            if c % 13 == 0 and j == 2:
                rows.append((cid, crit, 80.0, at, "", "Scores", row + 300000))  # the score again, unnamed
        if c % 17 == 0:
            rows.append((cid.lstrip("0") or "0", CRITERIA[2], 70.0, at, "Eve", "Scores", base + 400000))
        if c == 3:
            rows += [(cid, CRITERIA[1], 40.0 + m, at, "Eve", "Scores", base + 500000 + m) for m in range(14)]
    frame = pd.DataFrame(rows, columns=["call_id", "criterion", "score", "at", "evaluator", "sheet", "row"])
    frame["rep"] = ["Rep 001" if i % 3 else "Rep 002" for i in range(len(frame))]
    frame["rep"] = frame.groupby("call_id")["rep"].transform("first")
    frame["date_only"], frame["day"], frame["call_type"], frame["version"] = False, frame["at"].dt.normalize(), "", ""
    return with_call_keys(frame)


def conflicts_checked(merge, frame: pd.DataFrame) -> tuple[list, set, pd.DataFrame]:
    """Checks, the held (rep, criterion, day) and the calls of ``merge`` (ours or the naive) on ``frame``."""
    issues, held = Issues(), set()
    rows, repeated = drop_duplicates(frame.copy(), issues)
    calls = merge(rows, issues, COLUMNS, held, repeated)
    return list(issues), held, calls


def names_checked(resolve, frame: pd.DataFrame, size: int) -> tuple[list, set, pd.DataFrame]:
    """Checks, the unplaced (rep, criterion, day) and the rows of ``resolve`` (ours or the naive) on ``frame``."""
    reps, crits = roster(size)
    issues, unplaced = Issues(), set()
    rows = resolve(frame.copy(), reps, crits, issues, unplaced)
    return list(issues), unplaced, rows


# ---- the table ----

def _least(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _refreshes(books: dict[str, Path], against: Path, repeat: int) -> list[tuple]:
    """``coachlog refresh`` of each book with ``against``'s package and this one's, interleaved: (rows, name,
    seconds naive, seconds ours, whether both wrote the same Checks)."""
    from openpyxl import load_workbook
    here, out = Path(__file__).resolve().parent.parent, []
    for name, book in books.items():
        took, checks = {}, {}
        with tempfile.TemporaryDirectory(prefix="speedfix-") as tmp:
            for i in range(repeat):
                for tree in (against, here):
                    copy = Path(tmp) / f"{tree.name}-{i}.xlsx"
                    shutil.copy(book, copy)
                    os.environ["PYTHONPATH"] = str(tree)
                    seconds, _, _ = refresh_scale.run(refresh_scale.coachlog(
                        "refresh", str(copy), "-q", "--no-backup", "--as-of", "2025-12-31"))
                    took[tree] = min(took.get(tree, float("inf")), seconds)
                    if i == 0:
                        sheet = load_workbook(copy, read_only=True)["Checks"]
                        checks[tree] = [row for row in sheet.iter_rows(values_only=True)]
            rows = _pasted(book)
        out.append((rows, f"refresh {name}", took[against], took[here], checks[against] == checks[here]))
    return out


def _pasted(book: Path) -> int:
    """The rows under the headers of a workbook's Scores sheets (an import's tab of its own among them)."""
    from openpyxl import load_workbook
    wb, rows = load_workbook(book, read_only=True), 0
    for sheet in (wb[name] for name in wb.sheetnames if name.startswith("Scores")):
        sheet.reset_dimensions()  # (a saved dimension of A1: each row read)
        rows += max(sum(1 for _ in sheet.iter_rows(max_col=1)) - 1, 0)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--names", type=int, default=7000)
    ap.add_argument("--roster", type=int, default=500)
    ap.add_argument("--conflicts", type=int, default=25000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--against", type=Path, help="another checkout, for the refreshes of --book")
    ap.add_argument("--book", action="append", default=[], help="NAME=FILE, a workbook to refresh")
    args = ap.parse_args()
    table = []
    paste = unknown_paste(args.names, args.roster)
    same = _same(names_checked(resolve_names, paste, args.roster),
                 names_checked(naive_resolve_names, paste, args.roster))
    table.append((len(paste), f"unknown reps ({args.names}, roster {args.roster})",
                  _least(lambda: names_checked(naive_resolve_names, paste, args.roster), args.repeat),
                  _least(lambda: names_checked(resolve_names, paste, args.roster), args.repeat), same))
    names = unknown_names(args.names, args.roster)

    def hinted(hints) -> list[list[str]]:  # (a roster made anew: no hint found before)
        reps = roster(args.roster)[0]
        return [hints(reps, n) for n in names]

    table.append((len(names), f"hints ({args.names} names, roster {args.roster})",
                  _least(lambda: hinted(naive_hints), args.repeat),
                  _least(lambda: hinted(Directory.hints), args.repeat),
                  hinted(naive_hints) == hinted(Directory.hints)))
    frame = conflict_paste(args.conflicts)
    mine, theirs = conflicts_checked(merge_evaluators, frame), conflicts_checked(naive_merge_evaluators, frame)
    n = sum(i.code == Code.CONFLICT for i in mine[0])
    table.append((len(frame), f"conflicts ({n})", _least(lambda: conflicts_checked(naive_merge_evaluators, frame),
                                                          args.repeat),
                  _least(lambda: conflicts_checked(merge_evaluators, frame), args.repeat),
                  _same(mine, theirs)))
    if args.book:
        if args.against is None:
            ap.error("--book needs --against")
        table += _refreshes(dict(b.split("=", 1) for b in args.book), args.against.resolve(), args.repeat)
    print(f"{'rows':>8}  {'trait':<40} {'naive s':>9} {'ours s':>9} {'ratio':>7}  same Checks")
    for rows, trait, naive, ours_s, same in table:
        print(f"{rows:>8}  {trait:<40} {naive:>9.3f} {ours_s:>9.3f} {naive / ours_s:>7.1f}  {'yes' if same else 'NO'}")


def _same(ours: tuple, naive: tuple) -> bool:
    """Whether two of :func:`names_checked` or :func:`conflicts_checked` are the same: Checks, set, table."""
    return ours[0] == naive[0] and ours[1] == naive[1] and ours[2].equals(naive[2])


if __name__ == "__main__":
    main()
