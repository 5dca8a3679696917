"""One refresh of the computed sheets: raw inputs in, the four computed tables out.

:func:`compute` is the only entry point the front ends call (through the workbook layer).  It is
deterministic: the same inputs and as-of date always give the same tables.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import asof, evidence, gradingdate, logquality, orderwaits, sameday, shownnames, unscored
from coachlog_xl.core import baseline as bl
from coachlog_xl.core import followup as fu
from coachlog_xl.core import recordedcalls as rc
from coachlog_xl.core import scaledoubt as sd
from coachlog_xl.core import verdicts as vd
from coachlog_xl.core.aftertoday import Ahead
from coachlog_xl.core.aggregate import Aggregation, aggregate
from coachlog_xl.core.calls import count, normalise
from coachlog_xl.core.checks import Issues
from coachlog_xl.core.config import Config, read_config
from coachlog_xl.core.criterionnames import OTHER_NAMES
from coachlog_xl.core.datesystem import in_date_system
from coachlog_xl.core.decisions import earlier_unmet_sessions, suggest_all, waits_for_log_row
from coachlog_xl.core.effective import effective_dates
from coachlog_xl.core.elsewhere import scores_elsewhere
from coachlog_xl.core.fieldnames import Shown
from coachlog_xl.core.frames import records
from coachlog_xl.core.gradingdate import graded_rows
from coachlog_xl.core.held_types import mark_other_types
from coachlog_xl.core.inputs import RawInputs, by_schema
from coachlog_xl.core.names import criterion_directory, rep_directory
from coachlog_xl.core.nearrows import near_rows
from coachlog_xl.core.samename import same_named
from coachlog_xl.core.session_tables import baseline_columns, baseline_table, followup_columns, followup_table
from coachlog_xl.core.sessions import held_back, read_sessions
from coachlog_xl.core.sessiontime import recorded_two_ways
from coachlog_xl.core.stats import READS, window_stats
from coachlog_xl.core.strangers import Strangers
from coachlog_xl.core.unread import unread_cells
from coachlog_xl.core.windows import CallRuns, assign, id_rank, join_parts, window_ends
from coachlog_xl.core.wording import count as counted

Progress = Callable[[str], None]


@dataclass
class RefreshResult:
    """The computed tables (columns = schema keys) and the tool-owned Log cells to write."""

    as_of: dt.date
    baseline: pd.DataFrame
    followup: pd.DataFrame
    aggregate: pd.DataFrame
    checks: pd.DataFrame
    log_updates: pd.DataFrame
    summary: dict = field(default_factory=dict)
    config: Config = field(default_factory=Config)
    unchanged: bool = False  # the workbook was as the last refresh left it: nothing computed or written
    written: bool = True  # computed, and saved (False: every result was as the file held it already)
    dropped: dict = field(default_factory=dict)  # computed sheet -> cells typed on it that the save did not keep
    # computed sheet -> (cell, Log row) of decisions typed there, of dropped
    decided: dict = field(default_factory=dict)
    unfiltered: dict = field(default_factory=dict)  # computed sheet -> columns whose filter is not applied again
    notes: dict = field(default_factory=dict)  # computed sheet -> cells of notes whose row now holds another subject
    # computed sheet -> links (Insert > Link) whose row now holds another subject
    links: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)  # computed sheet -> tables on it whose Total Row the save switched off
    restyled: dict = field(default_factory=dict)  # computed sheet -> cells a person formatted, not kept by the save
    unhidden: dict = field(default_factory=dict)  # computed sheet -> rows a person hid, shown again by the save
    reformatted: dict = field(default_factory=dict)  # computed sheet -> cells given a number format the save set back
    unstamped: bool = False  # no sheet is named Start here: the refresh stamp was written nowhere
    formulas: list = field(default_factory=list)  # sheets whose own formulas show old values until recalculated
    naming: list = field(default_factory=list)  # the team's formulas naming a table column renamed back or taken out
    renamed: list = field(default_factory=list)  # the table columns on the computed sheets renamed back or taken out
    blocked: str | None = None  # what would stop a refresh of the file (compute_file: coachlog check), None: nothing
    beside_log: object = None  # what compute's beside_log gave
    beside_aggregate: object = None  # what compute's beside_aggregate gave (None: not done)
    ahead: dt.date | None = None  # the earliest Scores day after the day after today (baselines held until then)
    kept_apart: object = None  # the workbook as it was, kept under a name of its own (safety.keep_apart), or None


def resolve_as_of(given: dt.date | None, cfg: Config, today: dt.date | None) -> dt.date:
    """``--as-of`` first, then the Settings cell (a formula of today's date worked out for ``today``:
    :mod:`~coachlog_xl.core.asof`), then today (domain.md, "As of")."""
    today = today or dt.date.today()
    if isinstance(given, dt.datetime):  # (a script may pass a date-time, a date's subclass: its day)
        given = given.date()
    return given or asof.worked_out(cfg.as_of_formula, today) or cfg.as_of or today


def cycles_uncollected(work: Callable) -> Callable:
    """``work`` with Python's collector of reference cycles paused while it runs (as it was after it).
    The windows and the evidence make a few containers per session (rows, the windows' lists, call-type
    counts) that live to the end of the refresh, and the collector walks every live container again each
    time enough more are made: at 10,000 sessions three or four full walks, 0.3-0.5 s of CPU.  A refresh
    makes no cycles of its own for it to find, so paused it frees the same memory at the same moments
    (reference counting does that); under pandas before 3, a Series' cached ``.dt`` or ``.str`` accessor
    points back at it, and those few cycles wait for the collector's next run after the refresh (at a
    million score rows the peak memory is the same within 1 %)."""

    @functools.wraps(work)
    def paused(*args, **kwargs):
        was = gc.isenabled()
        gc.disable()
        try:
            return work(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    return paused


@cycles_uncollected
def compute(
    inputs: RawInputs, as_of: dt.date | None = None, today: dt.date | None = None, progress: Progress | None = None,
    mapper: Callable = map, beside_log: Callable[[], object] | None = None,
    normalised: Callable[[], None] | None = None, real: dt.date | None = None,
    beside_aggregate: Callable[[pd.DataFrame, object], object] | None = None,
) -> RefreshResult:
    """The whole refresh's results from the raw inputs (nothing is written).

    ``as_of``: the date to compute as of (else the Settings cell, else ``today``, else today); ``today``: the real day,
    the caller's, and ``real``: that day where the team is (Settings' Time zone), else ``today`` (given, Scores rows
    dated after the day after it are errors and hold the baselines they could enter: :mod:`.aftertoday`); ``progress``:
    called with a short message as each step starts; ``mapper``: how independent pieces of work (the Scores beside the
    Log, the windows beside the team's figures, chunks of the comparison group, the Aggregate's pieces beside the
    checks) are mapped where each is large enough to be worth it (:data:`LOG_BESIDE`,
    :data:`~coachlog_xl.core.evidence.BESIDE_RUNS`, :data:`~coachlog_xl.core.aggregate.APART`; else :func:`map`): the
    built-in :func:`map`, or one that gives the same results in the same order (e.g. from two processes,
    :func:`coachlog_xl.workers.map_halves`); ``beside_log``: a task of the caller's, done after the Log's reading where
    it is read (beside the Scores' normalising: a core would idle), its value the result's; ``normalised``: called once
    the Scores are normalised (the caller's: the refresh cache kept meanwhile); ``beside_aggregate``: a task of the
    caller's given the Log cells to write (the result's ``log_updates``) and ``beside_log``'s value, done among the
    Aggregate's pieces (in the second process where mapper maps them so: the check of the Log's number formats took a
    tenth of a second of a million score rows' refresh after the compute, the other core idle), its value the result's.
    """
    say = progress or (lambda _msg: None)
    issues = Issues()
    cfg = read_config(inputs, issues)
    cfg.order_unread = orderwaits.unread_setting(issues) is not None
    formula = cfg.as_of_formula
    # (an As-of formula with no value: worked out, or said as a setting that cannot be read: not said twice)
    unread_cells(inputs, issues, (schema.SETTINGS.name, formula.row) if formula and formula.uncalculated else None)
    real, today = real or today, today or dt.date.today()  # (real: the day the caller knows, for calls dated after it)
    given, as_of = as_of, resolve_as_of(as_of, cfg, today)
    asof.said(cfg.as_of_formula, given, as_of, today, issues)
    asof.two_ways(cfg.as_of_text, given, cfg.date_order, issues)
    if cfg.as_of_number is not None and given is None:  # (a date number, the date system unknown: said)
        row, value, date1904 = cfg.as_of_number
        in_date_system(pd.Series([value], dtype=object), date1904,
                       pd.DataFrame({"sheet": [schema.SETTINGS.name], "row": [row]}), issues, "As-of date")
    criteria, lacking = by_schema(inputs.criteria, schema.CRITERIA)
    reps, _ = by_schema(inputs.reps, schema.REPS)
    rep_dir = rep_directory(reps, issues)
    crit_dir = criterion_directory(criteria, issues, cfg.date_order, OTHER_NAMES not in lacking)
    same_named(criteria, issues)
    say("Reading scores")
    log_issues = Issues()

    def log() -> tuple[pd.DataFrame, Issues, object, list]:
        undated: list[dict] = []  # (Log rows with no readable Session date: Aggregate counts them left out)
        sessions = read_sessions(inputs.log, cfg, rep_dir, crit_dir, log_issues, undated)
        return sessions, log_issues, beside_log() if beside_log is not None else None, undated

    if inputs.normalised is None:  # the Scores and the Log are read apart: side by side when mapper allows
        beside = mapper if len(inputs.log.data) >= LOG_BESIDE else map
        (inputs.normalised, (sessions, log_issues, read_beside, undated)) = beside(lambda task: task(), [
            lambda: normalise(inputs.scores, cfg, rep_dir, crit_dir, as_of=as_of), log])
    else:
        sessions, log_issues, read_beside, undated = log()
    if normalised is not None:
        normalised()
    near_rows(reps, criteria, rep_dir, crit_dir, inputs.normalised.rows, issues)
    scores_elsewhere(inputs.elsewhere, cfg.header_map, inputs.normalised.rows["call_id"], crit_dir, issues)
    conflicted: set[tuple] = set()
    factors: dict = {}  # (the calls' rep and criterion factors, when counting made them: for their runs)
    tally: dict = {}  # (how many calls the rows of calls, one per call and criterion, are scores of)
    future = Ahead()  # (rep, criterion, None) of Scores rows dated after today: the baselines they hold
    calls = count(inputs.normalised, as_of, issues, conflicted, factors, tally, real, future)
    hold = bl.unread_scores(issues) is not None or (not given and bl.unread_as_of(issues, as_of) is not None)
    unplaced = bl.Unplaced([*inputs.normalised.unplaced, *conflicted])
    shown = Shown(inputs.normalised.shown)  # (Checks' Field column: a Scores field as its sheet heads it)
    # text dates read two ways in the default order of a Date order that cannot be read: their baselines wait
    two_way, two_way_log = orderwaits.found(cfg, issues, log_issues, inputs.normalised.two_way)
    graded = bl.Graded(graded_rows(inputs.normalised.rows), doubted := sd.doubted_rows(inputs.normalised.rows))
    # (reps on no list: the baselines of reps with no Scores row, whose rows they may be)
    unlisted = Strangers(inputs.normalised.rows, rep_dir, inputs.normalised.factors.get("rep"), inputs.normalised.named)
    say("Reading the log")
    sessions = held_back(sessions, as_of, log_issues, undated)
    unread = logquality.unread_columns(log_issues)
    issues.extend(log_issues)  # after the Scores' issues, as they were read
    if sessions.empty:
        return _result(as_of, pd.DataFrame(columns=schema.BASELINE.keys), _empty_followup(), pd.DataFrame(), issues,
                       calls, cfg, beside_log=read_beside, tally=tally, shown=shown, undated=undated)
    hold = hold or bl.no_scores(inputs.normalised, as_of, issues, due=not fu.is_scheduled(sessions, as_of).all())
    # within a day, ids in the order a person reads them (S-2 before S-10), as the windows sort call ids
    sessions = (sessions.assign(_id=id_rank(sessions["session_id"])).sort_values(["day", "_id", "row"], kind="stable")
                .reset_index(drop=True))
    id_ranks = sessions.pop("_id").to_numpy()  # (the earlier unmet sessions are ordered by them too)
    rows = records(sessions)  # the sessions' row dicts, made once for every per-session step
    for s in rows:
        s["order_waits"], s["order_doubted"] = s["row"] in two_way_log, bool(two_way) and not cfg.order_unread
    runs = CallRuns(calls, factors)  # the calls sorted into runs once, for the windows and the comparison group
    bl.mark_untyped(rows, calls, runs.blank_types)
    vd.uncalled(rows, calls["rep"])
    say(f"Computing windows for {counted(len(sessions), 'Log row')}")  # (the summary counts a row written twice once)

    ends = window_ends(sessions)
    scheduled, over = fu.is_scheduled(sessions, as_of).tolist(), fu.is_window_over(sessions, ends, as_of).tolist()
    # an as-of date after today (a what-if) records no baseline of a session not held yet (docs/rules.md)
    ahead = fu.is_scheduled(sessions, today).tolist() if as_of > today else None
    ends = ends.tolist()
    effective_issues = Issues()
    effective = effective_dates(criteria, crit_dir, cfg, effective_issues)
    # (the names the calls and the rows read are under, found when a baseline of 0 calls asks)
    scored = unscored.Scored(calls, inputs.normalised.rows, inputs.normalised.unplaced)

    def windows(runs: CallRuns, part: range) -> _WindowPart:  # a part of the sessions, session by session
        settled, found, logged, unheld, holders = Issues(), Issues(), Issues(), [], set()
        lo, hi = part.start, part.stop
        mine = rows[lo:hi]
        members = assign(sessions.iloc[lo:hi], calls, runs, first=lo, keep=_CALL_KEEP)
        stats = window_stats(hi - lo, members, first=lo)
        mark_other_types(mine, stats["b_n"].tolist(), calls)
        wide = rc.mark(mine, sessions.iloc[lo:hi], calls, runs, _CALL_KEEP)  # (n not N)
        used, writes, waits = bl.settle_rows(mine, stats, scheduled[lo:hi], cfg, as_of, settled, hold, unplaced,
                                             ahead and ahead[lo:hi], unheld, bl.Unplaced(two_way),
                                             graded, criteria=crit_dir, holders=holders, unlisted=unlisted,
                                             future=bl.Unplaced(future))
        unscored.note(mine, used, scored, settled, unlisted)
        stats, members = rc.swapped(wide, mine, used, stats, members, lo)  # (its calls found: its figures)
        table = followup_columns(mine, stats, used, ends[lo:hi], scheduled[lo:hi], over[lo:hi], effective, cfg, found)
        bl.mark_held(table, waits, stats, unplaced, hold, ends[lo:hi], scheduled[lo:hi])
        waiting = [h or ("log row" if waits_for_log_row(u, w) else "") for h, u, w in
                   zip(table["held"], table["unlisted"], table["uncalled"])]
        _log_checks(mine, table["status"], waiting, stats["same_day"].tolist(),
                    sameday.timed_on_day(members, lo, hi - lo), [u[0] for u in used], cfg, logged, unread)
        # of the pairs and the windows' figures, what the evidence needs: whose window each pair is and
        # who scored it (the evaluators' mix), the windows' scores, the baseline's calls and each window's
        # first and last call's moment (which sessions' windows share calls)
        return _WindowPart(members[_PAIR_KEEP], bl.known_calls(stats[_STATS_KEEP], used, cfg), writes, table,
                           baseline_columns(mine, stats, used), settled, found, logged, unheld, holders)

    # the windows in this process, beside what the evidence needs of the whole team (the variance
    # components, the evaluators' offsets) and the comparison group's set-up but for the calls' running
    # sums (its pairs' table and twins: 0.13 s at a million score rows, which that process's core has
    # to spare while this one works out the windows) when mapper allows and the calls are worth it: they
    # come back as a few numbers and small arrays (1 MB; the running sums are made here, as quickly as
    # their 65 MB would be read back), where the windows' pairs, rows and Checks rows would be pickled
    # and read back
    parts, team = (mapper if len(calls) >= evidence.BESIDE_RUNS else map)(
        lambda task: task(), [lambda: [windows(runs, part) for part in _parts(len(sessions))],
                              lambda: evidence.team_figures(sessions, calls, cfg, factors, runs)])
    members = join_parts([p.members for p in parts], calls)
    stats = pd.concat([p.stats for p in parts])
    log_updates = bl.writes_frame([w for p in parts for w in p.writes])
    table = followup_table([p.table for p in parts])
    fu.held_deltas(table, issues)  # (scores read over what may be the overall, 5 of 100: a held follow-up no delta)
    base = baseline_table([p.baseline for p in parts])
    for p in parts:  # the Checks rows in the order one pass over all sessions gives
        issues.extend(p.settled)
    gradingdate.holding(issues, holders := set().union(*(p.holders for p in parts)))  # (those holding one: errors)
    recorded_two_ways(issues, rows, set(log_updates["_row"]), cfg.date_order)
    orderwaits.recorded_doubted(issues, rows, bl.Unplaced(two_way))  # (recorded already: maybe on the wrong days)
    sd.said(issues, holders, rows, {key: bl.Unplaced.of_days(*found) for key, found in doubted.items()})
    asof.not_yet_held([row for p in parts for row in p.unheld], as_of, today, given is not None, issues)
    issues.extend(effective_issues)
    for p in parts:
        issues.extend(p.found)
    say("Weighing the evidence")
    extra, offsets = evidence.session_evidence(sessions, calls, members, stats, table, cfg, runs, mapper, team)
    table = pd.concat([table, extra], axis=1)
    _suggest(table, cfg, as_of, id_ranks)
    say("Aggregating")

    def checked() -> pd.DataFrame:  # the evidence and Log checks after the others: the Checks sheet
        every = Issues()
        every.extend(issues)
        evidence.evidence_checks(table, every)
        for p in parts:
            every.extend(p.logged)
        return every.frame(shown)

    shownnames.shown(shownnames.names_in_force(criteria, crit_dir, as_of, cfg.date_order), table, base, offsets)
    # independent tasks, each a value of its own, mapper may run them side by side when they are worth
    # it: the checks and the aggregates' pieces (the largest first), the caller's task with the largest
    # (dealt every other one: the Checks on one side, the largest piece and the caller's task on the other)
    agg = Aggregation(table, offsets, undated)
    tasks = [checked, *agg.pieces]
    if beside_aggregate is not None:
        largest, told = tasks.pop(1), functools.partial(beside_aggregate, log_updates, read_beside)
        tasks.insert(1, lambda: (largest(), told()))
    checks, *pieces = (mapper if agg.weighty else map)(lambda task: task(), tasks)
    if beside_aggregate is not None:
        pieces[0], told = pieces[0]
    result = _result(as_of, base, table, log_updates, issues, calls, cfg, offsets, agg.frame(pieces), checks,
                     read_beside, tally)
    result.beside_aggregate, result.ahead = told if beside_aggregate is not None else None, future.first
    return result


def _result(as_of, base, table, log_updates, issues, calls, cfg, offsets=None, aggregated=None,
            checks: pd.DataFrame | None = None, beside_log: object = None, tally: dict | None = None,
            shown: Shown | None = None, undated: list | None = None) -> RefreshResult:
    """The refresh's result; ``checks``: the Checks sheet, when made already (else from ``issues``); ``tally``:
    :func:`~coachlog_xl.core.calls.count`'s, how many calls the rows of ``calls`` (a row per call and criterion
    scored) are scores of; ``undated``: the Log rows Aggregate counts with no readable Session date."""
    if checks is None:
        checks = issues.frame(shown)
    followup = table[schema.FOLLOWUP.keys].reset_index(drop=True)
    if not isinstance(log_updates, pd.DataFrame) or log_updates.empty:
        log_updates = bl.writes_frame([])
    # a session written twice in the Log (one Follow-up row each) is one session, as Aggregate counts it
    once = followup[~fu.same_sessions(followup)] if len(followup) else followup
    summary = {
        "as_of": as_of,
        "sessions": len(once),
        "scores": len(calls),  # a score per call and criterion scored
        "calls": (tally or {}).get("calls", 0),
        "status": once["status"].value_counts().to_dict() if len(once) else {},
        "checks": checks["severity"].value_counts().to_dict() if len(checks) else {},
        "baselines_recorded": len(log_updates),
    }
    if aggregated is None:
        aggregated = aggregate(table, offsets, undated)
    return RefreshResult(as_of, base.reset_index(drop=True), followup, aggregated, checks, log_updates, summary, cfg,
                         beside_log=beside_log)


def _empty_followup() -> pd.DataFrame:
    return pd.DataFrame(columns=schema.FOLLOWUP.keys + ["day", "session_at"])


_PAIR_KEEP, _STATS_KEEP = (["s", "role", "evaluator"],
                           ["b_scores", "f_scores", "b_ids", "b_from", "b_to", "f_from", "f_to"])
# the calls' columns a pair takes: those the windows' figures read (window_stats), the evaluator and whether
# the call has a time of day (what would place a call on the session's day: sameday)
_CALL_KEEP = [*READS, "evaluator", "date_only"]
# Log rows from which the Log is read beside the Scores (when mapper allows): a shorter Log is read in
# this process, as a second process reading 1,000 rows (30 ms) slowed this one's reading of the
# Scores, by the pages it then copied, about as much as it saved
LOG_BESIDE = 5_000


@dataclass
class _WindowPart:
    """What :func:`compute` works out session by session, for a part of the sessions: the pairs
    (session, role, evaluator), the windows' scores and baseline calls, the Log cells to write
    (:func:`~coachlog_xl.core.baseline.settle_rows`), the Follow-up and Baseline columns, the Checks rows
    of the baselines, of the rest of the windows and of the Log's quality, the Log rows of sessions after
    today whose baseline an as-of date after today did not record, and the exports dated by their grading date
    whose rows hold a baseline (:func:`~coachlog_xl.core.gradingdate.holding`)."""

    members: pd.DataFrame
    stats: pd.DataFrame
    writes: list
    table: dict
    baseline: dict
    settled: Issues
    found: Issues
    logged: Issues
    unheld: list
    holders: set


def _parts(n: int) -> list[range]:
    """Sessions 0 .. n-1 in the consecutive parts computed one after another: one.  (Two halves side by
    side in two processes took longer at 100,000 score rows and at a million: the second process's
    pages copied as it touched them and its half pickled and read back cost more than the half.)"""
    return [range(0, n)]


def _suggest(table: pd.DataFrame, cfg: Config, as_of: dt.date, id_ranks) -> None:
    """The suggested decision and its reason, which names the evidence label (domain.md, "Evidence");
    ``id_ranks``: the sessions' :func:`id_rank`, row by row."""
    table["suggested"], table["reason"] = suggest_all(table, earlier_unmet_sessions(table, id_ranks),
                                                      cfg.escalate_after, as_of)


def _log_checks(rows: list[dict], statuses: list, held: list, same_days: list, timed_days: list, states: list[str],
                cfg: Config, issues: Issues, unread: frozenset[str]) -> None:
    """The Log-quality checks of the sessions ``rows``, given each one's status, what it waits for (``held``: no
    decision is asked for meanwhile), calls in neither window on its day (and how many of those have a time of
    day) and the state of the baseline it uses (one recorded is never recomputed: placing the calls of its day
    needs its recorded cells cleared too); ``unread``: see :func:`logquality.check_row`."""
    for i, s in enumerate(rows):
        logquality.check_criterion(s, s["criterion"] is not None, cfg, issues)
        logquality.check_row(s, statuses[i], cfg, issues, unread, held[i])
        if same_days[i]:
            sameday.said(s, int(same_days[i]), timed_days[i], states[i] == bl.RECORDED, issues)
