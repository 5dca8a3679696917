"""The baseline a session uses, and recording it once (domain.md, "Baseline is recorded once").

- provisional: the session's moment is after the as-of moment; the recomputed baseline is shown
  and nothing is written;
- recorded: the first refresh at or after the session's moment writes mean, n and the as-of date
  into the Log's tool-owned columns; from then on those values are used;
- typed: a person typed a mean (its n beside it, or not) or an n of 0 while "recorded on" is blank; it is
  kept and used, and flagged when it is more than the tolerance away from the score data (an n other than 0
  typed without a mean waits: :mod:`~coachlog_xl.core.cellwaits`);
- a cell of those columns that cannot be read (text where a number or date belongs, a formula that
  gives no value) is left as it is: the recomputed baseline is shown as provisional and nothing is
  written until the cell is corrected.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import baseline_words, cellwaits, gradingdate, held_types, orderwaits, recordedcalls, strangers
from coachlog_xl.core import scaledoubt as sd
from coachlog_xl.core.aftertoday import held as held_after_today
from coachlog_xl.core.baseline_words import fmt
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.config import GIVEN_TWICE, Config, named_scale
from coachlog_xl.core.directory import Directory
from coachlog_xl.core.logquality import broad_theme
from coachlog_xl.core.recordedcalls import RECORDED, last_mean, same
from coachlog_xl.core.wording import count

PROVISIONAL, TYPED = "provisional", "typed"
UNREADABLE = "unreadable"  # a stored cell that cannot be read: left as it is, nothing recorded


WRITES = ["_row", "baseline_mean", "baseline_n", "baseline_recorded_on"]


class Unplaced:
    """Scores rows that could not be counted (an unreadable date or score, a conflict, a rep or
    criterion spelled close to a known one), by rep and criterion: whether one of them may belong in
    a session's baseline or follow-up window once it is fixed.  A row without a readable day may
    belong anywhere; a row with one, only in a window whose days it falls within (or, for a window
    short of its N calls, on the side of the session it is on); a row with a blank rep (None) may be any
    rep's, one with a blank criterion any criterion's."""

    def __init__(self, rows: Iterable[tuple] = ()):
        self._undated: set[tuple[str, str]] = set()
        days: dict[tuple[str, str], list[dt.date]] = {}
        for rep, crit, day in rows:
            if day is None:
                self._undated.add((rep, crit))
            else:
                days.setdefault((rep, crit), []).append(day)
        self._days = {key: sorted(found) for key, found in days.items()}
        self._none = not (self._undated or self._days)  # (then no session's window waits for a row)

    @classmethod
    def of_days(cls, undated: set[tuple[str, str]], days: dict[tuple[str, str], list[dt.date]]) -> Unplaced:
        """The rows given as the (rep, criterion) of those with no readable day and, per (rep, criterion), their
        days, sorted (:func:`~coachlog_xl.core.scaledoubt.doubted_rows`: no tuple per row)."""
        found = cls()
        found._undated, found._days, found._none = set(undated), days, not (undated or days)
        return found

    def within(self, s: dict, first: dt.date | None, last: dt.date | None) -> bool:
        """Whether a row of the session's rep and criterion has no readable day or one from ``first``
        to ``last`` (None: no bound on that side)."""
        for key in ((s["rep"], s["criterion"]), (None, s["criterion"]), (s["rep"], None), (None, None)):
            if key in self._undated:
                return True
            days = self._days.get(key, ())
            i = bisect_left(days, first) if first is not None else 0
            if i < len(days) and (last is None or days[i] <= last):
                return True
        return False

    def in_baseline(self, s: dict, b_first, b_n: int, graded: bool = False) -> bool:
        """Whether a row may belong in the session's baseline: its last N calls before the session (a
        date-only session's own day is in neither window); ``graded``: the rows' days are grading days, their
        calls on that day or any day before, so one graded after the session may be a call before it."""
        if self._none:
            return False
        day = s["day"].date()
        last = day if s["timed"] else day - dt.timedelta(days=1)
        full = b_n >= int(s["window_n"]) and b_first is not None
        return self.within(s, pd.Timestamp(b_first).date() if full else None, None if graded else last)

    def in_followup(self, s: dict, f_last, f_n: int, ends) -> bool:
        """Whether a row may belong in the session's follow-up window: its next N calls, up to the
        window's end."""
        if self._none:
            return False
        day = s["day"].date()
        first = day if s["timed"] else day + dt.timedelta(days=1)
        full = f_n >= int(s["window_n"]) and f_last is not None
        return self.within(s, first, pd.Timestamp(f_last if full else ends).date())


class Graded:
    """Scores rows dated by their grading date alone (an export without a call date column), by the grading-date-used
    row naming their export (:func:`~coachlog_xl.core.gradingdate.graded_rows`): which exports' rows may be a call in
    a session's baseline, each on its grading day or any day before (:meth:`Unplaced.in_baseline`); and ``doubted``,
    rows read on a scale in doubt, by their column (:func:`~coachlog_xl.core.scaledoubt.doubted_rows`), each on its
    call day."""

    def __init__(self, rows: dict[tuple, list[tuple]] | None = None, doubted: dict[tuple, tuple] | None = None):
        self._by = {key: Unplaced(found) for key, found in (rows or {}).items()}
        self._on_call_day = {key: Unplaced.of_days(*found) for key, found in (doubted or {}).items()}

    def holding(self, s: dict, b_first, b_n: int) -> list[tuple]:
        """The keys of the exports (and doubted columns) whose rows may be calls in the session's baseline."""
        return [key for key, found in self._by.items() if found.in_baseline(s, b_first, b_n, graded=True)] + [
            key for key, found in self._on_call_day.items() if found.in_baseline(s, b_first, b_n)]


def writes_frame(writes: list[dict]) -> pd.DataFrame:
    """The Log cells to write, from :func:`settle_rows` (of all sessions, in order)."""
    return pd.DataFrame(writes, columns=WRITES)


def settle_rows(sessions: list[dict], stats: pd.DataFrame, held_later: list[bool], cfg: Config, as_of: dt.date,
                issues: Issues, hold: bool = False, unplaced: Unplaced | None = None,
                ahead: list[bool] | None = None,
                unheld: list[int] | None = None, two_way: Unplaced | None = None, graded: Graded | None = None,
                criteria: Directory | None = None, holders: set | None = None,
                unlisted: strangers.Strangers | None = None,
                future: Unplaced | None = None) -> tuple[list[tuple], list[dict], list[str]]:
    """The baseline each session uses: per session (state, n, mean, recorded on), the Log cells to
    write, and per session why its baseline waits (it would be recorded now, but is not), "" when not;
    ``held_later``: per session, whether it is scheduled after the as-of moment (a baseline recorded by
    a later refresh is not used when replaying an earlier date: it is provisional again); ``hold``:
    record none (a Scores sheet could not be read: a baseline recorded now would stay wrong);
    ``unplaced``: Scores rows that could not be counted: a session one of them may belong in the
    baseline of records none either, and Checks says why; ``ahead``: per session, whether it is after the
    real today (an as-of date after it): one that would be recorded now is shown as provisional instead,
    its Log row added to ``unheld`` (:func:`~coachlog_xl.core.asof.not_yet_held`), since calls before it may
    still come; ``two_way``: Scores rows whose text call date reads two ways while Date order cannot be read: a
    session one of them may belong in the baseline of records none, nor one whose own date so reads
    (``order_waits``: :mod:`~coachlog_xl.core.orderwaits`); ``graded``: Scores rows dated by their grading date
    (an export without a call date column): a session one of them may be a call in the baseline of records none
    (domain.md: windows use the call date, never the grading date), and the keys of the exports whose rows hold one
    go to ``holders`` (:func:`~coachlog_xl.core.gradingdate.holding`), and so do rows read on a scale in doubt
    (:mod:`~coachlog_xl.core.scaledoubt`); ``criteria``: the criteria's names, for a
    fix naming their Other names to say so where the Criteria table has no such column (a workbook made before
    it); ``unlisted``: Scores rows of reps on no list: a session whose rep has no Scores row at all, such rows
    before it, records none (:mod:`~coachlog_xl.core.strangers`); ``future``: Scores rows dated after the real today
    (a year typed wrong), by rep and criterion: a session one of them may belong in the baseline of records none
    (:mod:`~coachlog_xl.core.aftertoday`)."""
    used, writes, waits = [], [], []  # waits: per session, why its baseline waits ("" when it does not)
    unplaced_fix = ("Fix those Scores rows (or add the spelling to the rep's or the criterion's Other names), or type "
                    "a reason in their Exclude cells; the next refresh records the baseline.")
    b_ns, b_means, b_firsts = stats["b_n"].tolist(), stats["b_mean"].tolist(), stats["b_first"].tolist()
    b_scores = stats["b_scores"].tolist()
    unplaced, two_way, graded = unplaced or Unplaced(), two_way or Unplaced(), graded or Graded()
    future = future or Unplaced()
    unlisted = unlisted or strangers.Strangers()

    def wait(why: str, *said) -> None:
        """The session's baseline from the score data, provisional: it waits for ``why``, as ``said``
        in Checks (the arguments of :meth:`Issues.add`)."""
        used.append((PROVISIONAL, comp_n, comp_mean, None))
        waits[-1] = why
        issues.add(*said)

    told = (named_scale(cfg.score_scale) or (None, None))[1]  # (a scale told since may explain a recorded baseline)
    for i, s in enumerate(sessions):
        comp_n, comp_mean = int(b_ns[i]), b_means[i]
        state = s["stored_state"]
        waits.append("")
        if state == RECORDED and held_later[i]:  # replayed as of before the session: not recorded yet then
            used.append((PROVISIONAL, comp_n, comp_mean, None))
        elif (held := cellwaits.held(s)) is not None:  # grey cells that cannot be used as they stand
            wait(*held)
        elif state == RECORDED:
            recordedcalls.check(s, comp_n, comp_mean, issues, b_scores[i], told)
            used.append((RECORDED, s["stored_n"], s["stored_mean"], s["stored_on"]))
        elif state == TYPED and s["stored_n"] == 0 and s["stored_mean"] is not None:  # n 0 has no mean
            issues.add(Code.TYPED_MEAN_OF_NO_CALL, schema.LOG.name, s["row"], "Baseline mean", s["stored_mean"],
                       *baseline_words.typed_mean_of_zero(s["session_id"], fmt(s["stored_mean"]), comp_n,
                                                          fmt(comp_mean)))
            used.append((TYPED, 0, None, None))
        elif state == TYPED:  # a blank n is taken from the score data (a blank mean is an n of 0's)
            n = s["stored_n"] if s["stored_n"] is not None else comp_n
            mean = s["stored_mean"] if s["stored_mean"] is not None else last_mean(b_scores[i], n)
            # the score data for a typed n is its last n calls (all when fewer), as a blank mean is taken
            data_n, data_mean = (comp_n, comp_mean) if s["stored_n"] is None or int(n) == 0 else (
                min(int(n), comp_n), last_mean(b_scores[i], n))
            if s["stored_mean"] is not None and data_mean is not None and not same(mean, data_mean,
                                                                                    cfg.baseline_tolerance):
                read, how = baseline_words.read_as_points(mean)
                issues.add(
                    Code.TYPED_BASELINE_DIFFERS, schema.LOG.name, s["row"], "Baseline mean", mean,
                    f'{s["session_id"]}: the typed baseline {fmt(mean)} differs from the score data '
                    f"({fmt(data_mean)} over {count(data_n, 'call')}) by more than {cfg.baseline_tolerance:g} "
                    f"point{'' if cfg.baseline_tolerance == 1 else 's'}.{read} The typed value is used; the calls "
                    f"behind it are not known, {baseline_words.CALLS_UNKNOWN}.",
                    how or "Check the typed value (memory bias?); clear Baseline mean and Baseline n to let "
                    "Refresh record the baseline from the scores.",
                )
            elif s["stored_n"] == 0 and s["stored_mean"] is None and comp_n:
                issues.add(Code.TYPED_BASELINE_DIFFERS, schema.LOG.name, s["row"], "Baseline n", 0,
                           *baseline_words.typed_zero(s["session_id"], comp_n, fmt(comp_mean)))
            used.append((TYPED, n, mean, None))
        elif held_later[i] or state == UNREADABLE:
            used.append((PROVISIONAL, comp_n, comp_mean, None))
        elif hold:
            used.append((PROVISIONAL, comp_n, comp_mean, None))
            waits[-1] = "baseline"
        elif s.get("time_waits") or s.get("n_waits"):  # its moment or its N in doubt: that cell's Checks row says
            used.append((PROVISIONAL, comp_n, comp_mean, None))
            waits[-1] = s.get("time_waits") or s["n_waits"]
        elif comp_n == 0 and s.get("untyped"):  # an export without call types, more likely than no call yet
            wait("untyped", *held_types.held(s))
        elif comp_n and s.get("unknown_rep"):  # its calls under that name may be some of the rep's only
            wait("session",
                 Code.BASELINE_HELD, schema.LOG.name, s["row"], "Rep", s["rep"],
                 f'{s["session_id"]}: the baseline is not recorded yet: its rep "{s["rep"]}" is not on the Reps sheet, '
                 f"so the {count(comp_n, 'call')} scored under that name may be only some of the rep's (a rep renamed "
                 "on Reps, or exports writing the name in other ways). A baseline recorded now would stay when the row "
                 "is fixed.",
                 f'Pick the rep from the dropdown, or add "{s["rep"]}" to the Reps sheet or to the rep\'s Other names; '
                 "the next refresh records the baseline.")
        elif comp_n == 0 and s["unlisted"]:  # more likely a name mistyped than a rep with no call yet
            wait("session", Code.BASELINE_HELD, schema.LOG.name, s["row"], "Baseline n", None,
                 *baseline_words.unlisted_held(s["session_id"], s["unlisted"],
                                               broad_theme(s["criterion_text"], cfg, s.get("criterion_hints"))))
        elif comp_n == 0 and s.get("other_types"):  # a call type the exports do not write, likelier than no call
            wait("types", *held_types.held(s))
        elif s.get("order_waits") or two_way.in_baseline(s, b_firsts[i], comp_n):
            wait("baseline", *orderwaits.held(s))
        elif future.in_baseline(s, b_firsts[i], comp_n) and not (ahead is not None and ahead[i]):
            # (a session after today, under a what-if as-of date, is held for that: said so, not blamed on the calls)
            wait("baseline", *held_after_today(s))
        elif exports := graded.holding(s, b_firsts[i], comp_n):
            wait("baseline", *(sd.held(s) if all(k[0] == sd.SCALE for k in exports)
                               else gradingdate.held(s)))
            if holders is not None:
                holders.update(exports)
        elif unplaced.in_baseline(s, b_firsts[i], comp_n):
            wait("baseline",
                 Code.BASELINE_HELD, schema.LOG.name, s["row"], "Baseline mean", None,
                 f'{s["session_id"]}: the baseline is not recorded yet: Scores rows that may be {s["rep"]}\'s on '
                 "this criterion could not be counted (a blank call id, rep or criterion, an unreadable or blank call "
                 "date or score, scores in conflict, or a rep or criterion name close to this one; see the Scores rows "
                 "on this sheet), and one of them may belong in the baseline. It is shown as provisional.",
                 unplaced_fix if criteria is None else criteria.where_typed("", unplaced_fix))
        elif (found := strangers.held(s, comp_n, unlisted)) is not None:
            wait("baseline", *found)
        elif ahead is not None and ahead[i]:
            used.append((PROVISIONAL, comp_n, comp_mean, None))
            if unheld is not None:
                unheld.append(s["row"])
        else:
            used.append((RECORDED, comp_n, comp_mean, as_of))
            writes.append({"_row": s["row"], "baseline_mean": comp_mean, "baseline_n": comp_n,
                           "baseline_recorded_on": as_of})
        if waits[-1] and holders is not None:  # waiting first for another reason: its grading-date rows hold it too
            holders.update(graded.holding(s, b_firsts[i], comp_n))
    return used, writes, waits


def known_calls(kept: pd.DataFrame, used: list[tuple], cfg: Config) -> pd.DataFrame:
    """``kept`` (window figures of the sessions, in order) with the baseline's scores and ids cut to the
    calls of the baseline in use: the window's last n calls (all of them for a typed n beyond it; a recorded n
    beyond it, the rep's last n calls :func:`~coachlog_xl.core.recordedcalls.swapped` puts in) when
    their mean is its mean (within 1e-9 for a recorded one, within the tolerance for a typed one), none when
    it is not (late scores, the Log row corrected since, a typed value).  Those calls are then not known,
    so what needs them (the baseline's SD, the delta's interval, the anchor check) is left blank."""
    if all(state == PROVISIONAL for state, *_ in used):
        return kept
    cut: dict[str, list] = {"b_scores": [], "b_ids": []}
    for (state, n, mean, _), scores, ids in zip(used, kept["b_scores"], kept["b_ids"]):
        # a typed n beyond the window means all its calls, as the mean taken for it does (last_mean)
        last = None if state == PROVISIONAL else min(int(n), len(scores)) if state == TYPED else int(n)
        if last is not None and (last > len(scores) or not same(
                mean, last_mean(scores, last), cfg.baseline_tolerance if state == TYPED else 0.0)):
            last = 0
        cut["b_scores"].append(scores if last is None else scores[len(scores) - last:])  # (none for 0)
        cut["b_ids"].append(ids if last is None else ids[len(ids) - last:])
    return kept.assign(**cut)



def mark_untyped(sessions: list[dict], calls: pd.DataFrame, blank: bool) -> None:
    """Each session's ``untyped``: for one that counts a single call type, how many of its rep's scored
    calls on its criterion before its moment there are when none of them has a call type (an export
    without the column); 0 for the others.  ``blank``: whether any call's type is blank
    (:attr:`~coachlog_xl.core.windows.CallRuns.blank_types`: not looked for again, 0.07 s at a million calls)."""
    wanted = {(s["rep"], s["criterion"]) for s in sessions if s["call_type"]}
    seen: dict[tuple, tuple] = {}  # (rep, criterion) -> the moments of its untyped calls, of its typed ones
    # (a column without a blank call type, as most have, is looked at once)
    if wanted and blank:
        # the calls near the sessions' (rep, criterion) pairs, only their call type copied until one is blank
        near = (calls["rep"].isin({r for r, _ in wanted}).to_numpy()
                & calls["criterion"].isin({c for _, c in wanted}).to_numpy())
        blank = _blank_types(calls["call_type"][near])
        if blank.any():
            rows = calls.loc[near, ["rep", "criterion", "at"]].assign(_blank=blank)
            for key, grp in rows.groupby(["rep", "criterion"], sort=False):
                at, none = grp["at"].to_numpy(), grp["_blank"].to_numpy()
                seen[key] = (np.sort(at[none]), np.sort(at[~none]))
    for s in sessions:
        untyped, typed = seen.get((s["rep"], s["criterion"]), ((), ())) if s["call_type"] else ((), ())
        if not len(untyped):
            s["untyped"] = 0
            continue
        moment = pd.Timestamp(s["at"]).to_datetime64()
        none_typed = not len(typed) or typed[0] >= moment
        s["untyped"] = int(np.searchsorted(untyped, moment)) if none_typed else 0


def _blank_types(types: pd.Series) -> np.ndarray:
    """Which call types are blank (None, NaN or ''; isin: == "" by hashing, faster)."""
    return types.isna().to_numpy() | types.isin([""]).to_numpy()


def mark_held(table: dict[str, list], waits: list[str], stats: pd.DataFrame, unplaced: Unplaced, hold: bool, ends,
              scheduled) -> None:
    """The Follow-up columns' ``held``: per session, what waits for Scores rows that could not be
    counted, so that no decision is suggested on numbers that may change: ``baseline`` (not recorded:
    a row may belong in it), ``session`` (not recorded: the session's rep, criterion or call type is
    not on the lists), ``record`` (its grey cells say they were recorded before the session: another
    session's), ``cleared`` (its recorded mean was cleared, n or the date left), ``n-cleared`` (its
    recorded n was cleared, the mean and the date left), ``typed-n`` (an n typed without its mean), ``time`` or
    ``two-times`` (its Session time cannot be read, or differs from a time or date in the other cell), ``n``,
    ``n-invalid`` or ``n-formula`` (its Calls to review cannot be read, is not a valid N, or is a formula with no
    value), ``follow-up`` (a row may belong in the follow-up window, or a Scores sheet was
    not read), or "";
    and ``scores_wait``: whether its figures wait for such rows (its baseline or follow-up may take
    them), which keeps it out of Aggregate.  ``table``: the sessions' Follow-up columns (their rep,
    criterion as shown, day, timed and window n read); ``waits``: :func:`settle_rows`' third list;
    ``ends``, ``scheduled``: per session, lists."""
    held, scores_wait = [], []
    for rep, crit, day, timed, window_n, wait, f_last, f_n, end, later in zip(
            table["rep"], table["criterion"], table["day"], table["timed"], table["window_n"], waits,
            stats["f_last"].tolist(), stats["f_n"].tolist(), ends, scheduled):
        r = {"rep": rep, "criterion": crit, "day": day, "timed": timed, "window_n": window_n}
        follow = not later and (hold or unplaced.in_followup(r, f_last, int(f_n), end))
        held.append("" if later else wait or ("follow-up" if follow else ""))
        scores_wait.append(bool(follow or (not later and wait == "baseline")))
    table["held"], table["scores_wait"] = held, scores_wait


_UNREAD = {Code.MISSING_COLUMN: "could not be read (a column is missing)",
           Code.NO_KNOWN_CRITERION: "names none of the criteria on the Criteria sheet",
           Code.SAME_HEADER: "has two columns under one header",
           Code.NOTHING_READ: "has rows that could not be read",
           Code.SCORES_ELSEWHERE: "holds scores under a Scores header but is not read (its name does not start with "
                                  "Scores)",
           Code.SCORES_MERGED: "has cells merged over several rows, whose rows below the first are read without them",
           Code.SCORE_PER_CALL: "reads an evaluation's overall score as each of its criteria's",
           Code.MAXIMUM_UNSURE: "reads a column that may be an evaluation's overall score (or is one, on too few calls "
                                "to show the scale of its scores) as each question's maximum"}


def unread_scores(issues: Issues) -> str | None:
    """The Scores sheet whose rows could not be read (a column missing, or no criterion known), with
    a Checks row saying no baseline is recorded until it can be; None when every Scores sheet was read."""
    found = next((i for i in issues if i.code in _UNREAD), None)
    if found is not None:
        issues.add(Code.BASELINE_HELD, found.sheet, None, "", None,
                   f"{found.sheet} {_UNREAD[found.code]}, so no baseline was recorded in the Log this "
                   "time: the sessions' baselines are shown as provisional.",
                   f"Fix what the {found.code.value} error says; the next refresh records the baselines.")
    return None if found is None else found.sheet


def unread_as_of(issues: Issues, as_of: dt.date) -> str | None:
    """"Settings" when its As-of date cannot be read (the refresh runs as of today: a baseline recorded
    now may not be the one meant), with a Checks row saying no baseline is recorded; else None."""
    label = next(item.label for item in schema.SETTINGS_ITEMS if item.key == "as_of")
    if not any(i.code is Code.BAD_SETTING and i.field == label and GIVEN_TWICE not in i.problem for i in issues):
        return None
    issues.add(Code.BASELINE_HELD, schema.SETTINGS.name, None, label, None,
               f"The {label} on Settings cannot be read, so this refresh ran as of {as_of:%Y-%m-%d} and recorded no "
               "baseline in the Log: the sessions' baselines are shown as provisional.",
               f"Type the {label} as a date, or clear it to refresh as of today; the next refresh records the "
               "baselines.")
    return schema.SETTINGS.name


def no_scores(normalised, as_of: dt.date, issues: Issues, due: bool = True) -> bool:
    """Whether the Scores sheets hold no score yet (no row read, none read as N/A), with a Checks row saying
    no baseline is recorded until they do: a Log filled in before the first paste would otherwise record
    every due session's baseline as 0 calls, for good (rows all N/A or excluded say what they are).
    ``due``: whether a session's baseline is due (its moment has passed); when none is, nothing is held
    and nothing is said."""
    if not due or not normalised.rows.empty or any(i.code is Code.NOT_SCORED for i in normalised.issues):
        return False
    issues.add(Code.BASELINE_HELD, schema.SCORES.name, None, "", None,
               f"Scores holds no score to read yet (as of {as_of:%Y-%m-%d}), so no baseline was recorded in the Log "
               "this time: the sessions' baselines are shown as provisional.",
               "Paste the QA scores into Scores (or run `coachlog import`); the next refresh records the baselines.")
    return True
