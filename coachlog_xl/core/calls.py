"""Which calls count: the Scores pastes turned into one table of scored calls.

domain.md, "Which calls count" and "Exact rules: Scores": a call counts on a criterion when it has
a score (N/A and blanks don't), is not excluded, is not after the as-of moment and is not in an
unresolved conflict.  Exact duplicates count once; several evaluators on one call and criterion
count as one call with their mean; a rep's self-assessment is no QA score (:mod:`~.selfscored`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce, datenumbers, distinct, headerscale, leftout, paste_checks, scorewords, selfscored
from coachlog_xl.core.aftertoday import Ahead, last_day
from coachlog_xl.core.calibrated import marked
from coachlog_xl.core.calltimes import other_days, two_times, unreadable_times
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.config import Config, named_scale
from coachlog_xl.core.convertednotes import said_converted
from coachlog_xl.core.dateorder import date_orders, export_proofs, proved_orders, same_exports
from coachlog_xl.core.datesystem import in_date_system
from coachlog_xl.core.distinct import blanks, filled, holds_text, kept_factors, typed_codes
from coachlog_xl.core.errorcells import ERROR_TEXTS
from coachlog_xl.core.frames import paste_rows, unplaced_rows
from coachlog_xl.core.inputs import RawTable
from coachlog_xl.core.labelpoints import with_points
from coachlog_xl.core.layout import to_long
from coachlog_xl.core.likelyheader import judged_on
from coachlog_xl.core.maxima import apply_max
from coachlog_xl.core.naflags import apply_na_flags, marked_na
from coachlog_xl.core.names import Directory, resolve_names
from coachlog_xl.core.normalised import Normalised
from coachlog_xl.core.orderwaits import Span, waits
from coachlog_xl.core.paste_checks import neither_criterion_nor_score, no_call_named, nothing_read, settled
from coachlog_xl.core.pastetexts import column_texts
from coachlog_xl.core.pointscale import points_columns
from coachlog_xl.core.qualifiers import header_notes, in_settings_zone, scale, zoned_time
from coachlog_xl.core.repeats import per_call_and_criterion, with_call_keys
from coachlog_xl.core.scales import Ratings, put_on_scale
from coachlog_xl.core.scorecells import score_reader
from coachlog_xl.core.summarypaste import summary_said
from coachlog_xl.core.uncalculated import uncalculated
from coachlog_xl.core.unreadruns import unread_runs
from coachlog_xl.core.versionnames import version_text
from coachlog_xl.core.weekdaynotes import weekdays_said
from coachlog_xl.core.widecells import held_by_unread, held_elsewhere, unreadable_in, wide_column
from coachlog_xl.schema import FIELD_NAMES

REQUIRED = ("call_id", "rep", "criterion", "score")
NOTHING_READ_ROWS = 5  # a paste of this many rows, none readable, is pasted wrong (fewer: a typo, said row by row)
CALL_COLUMNS = ["call_id", "rep", "criterion", "score", "at", "date_only", "day", "call_type", "version", "evaluator",
                "sheet", "row"]
# an Exclude cell holding one of these says there is nothing to exclude (an export's Excluded = FALSE, or FALSCH)
NOT_A_REASON = frozenset((coerce.NO_WORDS - {"inactive"}) | coerce.NOT_SCORED_WORDS | scorewords.EXCEL_FALSE)
_TEXT_FIELDS = ("call_id", "rep", "criterion", "call_type", "version", "evaluator", "exclude")
_CODED = ("call_id", "rep", "criterion")  # the fields whose texts' factorisations go on from the pastes' codes
_KEPT = (*_CODED, "evaluator")  # the fields whose codes each paste gives (the evaluator's: selfscored.mark)
_NORMAL_COLUMNS = ["sheet", "row", *_TEXT_FIELDS, "score", "read_as", "at", "date_only"]


def normalise(tables: list[RawTable], cfg: Config, reps: Directory, criteria: Directory,
              seen: Ratings | None = None, beside=None, as_of: dt.date | None = None) -> Normalised:
    """Every readable score of the pastes, on 0-100, with the issues found (``seen``: see :class:`Ratings`;
    ``beside``: a callable giving other sheets' :attr:`Normalised.dated`, called if a paste's dates prove no order;
    ``as_of``: a refresh's, by which a paste's order is doubted, :func:`~.orderwaits.doubted`)."""
    issues, excluded = Issues(), []  # excluded: per paste, the (sheets, rows) whose Exclude holds a reason
    known = {"rep": reps, "criterion": criteria}
    unplaced, two_way, shown, named = set(), set(), {}, set()  # (two_way, shown, named: see Normalised)
    # (sheet, paste) -> its score header's scale and the header; (sheet, paste, criterion as named) -> a wide column's
    headed: dict[tuple, tuple] = {}
    # each paste read up to its dates, then its dates read in the order its header's pastes on other sheets prove
    placing = (unplaced, two_way, shown, named, held := [])  # (held: columns unread, widecells.held_by_unread)
    span = Span(as_of)  # (the as-of dates whose doubts, orderwaits.doubted, are those found for as_of)
    reading = [(g, next(g, None)) for g in (_one_table(t, cfg, issues, known, placing, excluded, headed, span)
                                            for t in tables if not t.cleared())]
    dated = proved_orders([f for _, f in reading if f is not None], beside)
    read = [f for f in (g.send(same_exports(*found, dated, cfg.date_order, issues)) for g, found in reading
                        if found is not None) if f is not None and len(f[0])]
    unplaced.update(held_elsewhere(held, [f for f, _ in read], criteria.resolve, issues))  # (the workbook's pastes)
    if not read:
        return Normalised(pd.DataFrame(columns=_NORMAL_COLUMNS), settled(issues, excluded),
                          leftout.unplaced_named(unplaced, known), dated=dated,
                          two_way=leftout.unplaced_named(two_way, known), shown=shown, named=sorted(named),
                          as_of_span=span.held)
    # (from the codes the pastes' texts were made by)
    made = distinct.joined_factors([coded for _, coded in read], _CODED)
    rows = pd.concat([f for f, _ in read], ignore_index=True)
    headed = headerscale.resolved(headed, criteria.resolve, issues, rows)  # (of the criteria as written)
    rows = resolve_names(rows, reps, criteria, issues, unplaced, made, made)
    selfscored.mark(rows, [coded for _, coded in read], reps)  # (before put_on_scale drops rows: see mark)
    # an export's tabs, each named apart, are put on a scale as the one sheet its import makes of them
    rows = put_on_scale(rows, cfg, issues, unplaced, seen, {tab: t.sheet for t in tables for tab, _ in t.tabs}, made,
                        headed, as_of)
    rows, made = selfscored.left_out(rows, issues, made)
    return Normalised(marked(rows, tables, shown), settled(issues, excluded), leftout.unplaced_named(unplaced, known),
                      made, dated, leftout.unplaced_named(two_way, known), shown, sorted(named), span.held)


def count(normalised: Normalised, as_of: dt.date, issues: Issues, held: set[tuple] | None = None,
          factors: dict | None = None, tally: dict | None = None, today: dt.date | None = None,
          future: Ahead | None = None) -> pd.DataFrame:
    """The counted calls as of a date, a row per call and criterion scored: excluded and later rows out,
    duplicates once, evaluators merged (the (rep, criterion, day) of calls left out for conflicting scores go
    to ``held``; ``factors``, given, gets the calls' rep and criterion factors when they are made on the way:
    :func:`one_row_per_pair`; ``tally``, given, how many calls the rows are scores of, as ``"calls"``; ``today``,
    ``future``: the real day and the rows dated after it, :func:`~.leftout.drop_excluded_and_late`, with those not
    counted, a blank rep or criterion any one's: :attr:`Normalised.unplaced`)."""
    for i in normalised.issues:
        issues.add(i.code, i.sheet, i.row, i.field, i.value, i.problem, i.fix)
    if future is not None and today is not None:  # (rows not counted dated after it: their rep's, or any rep's)
        late = [(rep, crit, day) for rep, crit, day in normalised.unplaced if day is not None and day > last_day(today)]
        future.note({(rep, crit, None) for rep, crit, _ in late}, [day for *_, day in late])
    if normalised.rows.empty:
        return pd.DataFrame(columns=CALL_COLUMNS)
    rows, kept = leftout.drop_excluded_and_late(normalised.rows.copy(deep=False), as_of, issues, today, future,
                                                normalised.factors)
    if factors is not None:  # (the factors made, of the rows kept)
        factors.update(normalised.factors if kept is None else kept_factors(normalised.factors, kept))
    return per_call_and_criterion(with_call_keys(rows, issues, factors), issues, CALL_COLUMNS, held, factors, tally)


def _one_table(table: RawTable, cfg: Config, issues: Issues, known: dict[str, Directory],
               placing: tuple, excluded: list[tuple], headed: dict, as_of: Span) -> Generator:
    """One paste's rows with typed values, and the (codes, texts) of its :data:`_KEPT` fields
    (:func:`~.distinct.kept_codes`), yielded once it is sent the orders of its pastes the same exports elsewhere prove,
    after it yielded its sheet and :func:`~.dateorder.export_proofs` (nothing, for a paste without a column the windows
    need); rows that cannot be read go to Checks, and the (rep, criterion, day) as written of those that may be a call's
    to ``unplaced`` (``placing``: it and the sets of :attr:`Normalised.two_way`, ``shown``, ``named``, and the columns
    unread that hold, :func:`~.widecells.held_by_unread`).  ``known``: the names of the Reps and Criteria sheets, which
    decide between two columns that could be one field's (:func:`~coachlog_xl.core.layout.to_long`); ``headed`` gets
    the scale each paste's score header states, by (sheet, paste) (:func:`~.qualifiers.scale`), and each wide paste's
    criterion column's, by (sheet, paste, criterion as written); ``as_of``: the refresh's (:class:`~.orderwaits.Span`);
    a date order a paste's call date header states is its own (:func:`~.qualifiers.header_notes`)."""
    uncalculated(table, issues, cfg.header_map, known)
    unplaced, two_way, _, named, held = placing
    paste_checks.merged_cells(table, issues, cfg.header_map, known)
    raw, found, headers, factors, dated, heads_of, shown = to_long(
        table, cfg.header_map, issues, known, cfg.dates, named_scale(cfg.score_scale))
    placing[2][table.sheet] = placing[2].get(table.sheet, []) + shown
    headed.update({(table.sheet, paste): (on, h["score"]) for paste, h in heads_of.items()
                   if (on := scale(h.get("score"))) is not None})
    headed.update({(table.sheet, paste, crit): (scale(head), head) for paste, h in heads_of.items()
                   for crit, head in h.get("criteria", {}).items()})  # (a wide paste's column stating its own)
    headed.update(points_columns(table.sheet, heads_of))  # (a quiz's points with no maximum: .pointscale)
    stated = header_notes(table.sheet, heads_of, issues, cfg.date_order, cfg.time_zone)  # (per paste)
    # the date column's name in messages: the call date, the grading date, or either (exports of both)
    date_name = " or ".join(FIELD_NAMES[f] for f in ("call_at", "graded_at") if f in dated) or FIELD_NAMES["call_at"]
    judged = judged_on(table, found, headers, cfg.header_map, REQUIRED, known["criterion"])  # (the row most like a
    if summary_said(table, raw, issues) or paste_checks.missing_fields(  # header: named as found)
            table, *judged, cfg.header_map, REQUIRED, issues):
        return None
    sheet = table.sheet
    # text columns stay objects (pandas 3 would copy them into Arrow strings, 0.1 s per million rows, to no use)
    out = pd.DataFrame({"sheet": pd.Series(raw["sheet"].to_numpy(), dtype=object, copy=False),
                        "row": raw["row"].to_numpy(), "paste": raw["paste"].to_numpy()})
    empty, no_score, coded = {}, blanks(raw["score"]), {}
    for f in _TEXT_FIELDS:
        out[f], empty[f], marked, coded[f] = column_texts(raw[f], factors.get(f), NOT_A_REASON if f == "exclude" else
                                                    frozenset(), ERROR_TEXTS if f == "call_id" else frozenset(),
                                                    version_text if f == "version" else None)
        if f == "call_id":  # (an error id beside no score: said as a row scoring nothing is)
            error_id = marked & ~no_score
    if (reason := ~empty["exclude"]).any():  # (what cannot be read in them is not said: settled)
        excluded.append((out["sheet"].to_numpy()[reason], out["row"].to_numpy()[reason]))
    # no call id and no score: an empty row (or one of notes), left out without a message; a call id
    # (or anything in its column) without a criterion or score: a summary or notes, left out with a note
    blank = empty["call_id"] & no_score
    notes = empty["criterion"] & no_score & ~blank
    if notes.any():
        neither_criterion_nor_score(out.loc[notes, ["sheet", "row"]], issues)
        blank = blank | notes
    # a score beside no call id, rep, criterion or date, under rows that name calls, is no call's (a per-agent
    # summary under the export)
    nameless = empty["call_id"] & empty["rep"] & empty["criterion"] & ~blank
    if nameless.any():  # (the dates looked at only then: a long paste has no such row)
        nameless &= blanks(raw["call_at"])
    if nameless.any() and not empty["call_id"].all():
        no_call_named(out.loc[nameless, ["sheet", "row"]], issues)
        blank = blank | nameless
    if blank.any():
        out, raw = out[~blank].reset_index(drop=True), raw[~blank].reset_index(drop=True)
        empty = {f: empty[f][~blank] for f in ("call_id", "rep", "criterion", "exclude")}
        error_id = error_id[~blank]
        coded = distinct.kept_codes(coded, _KEPT, ~blank)
    columns = {p: h["columns"] for p, h in heads_of.items() if h.get("columns")}  # (a wide paste's, by criterion)
    raw["score"], contradicted = with_points(raw, issues)  # ("Yes (2)" as 2 of its maximum, where it is known)
    scores, read_as = _parse(raw["score"], score_reader(raw["score"], raw.get("max_score")), out, "score",
                             Code.UNREADABLE_SCORE, issues, columns and wide_column(columns, out, raw))
    out["score"], out["read_as"] = scores, pd.Series(read_as, dtype=object, index=out.index, copy=False)
    if contradicted.any():  # (a top answer's points below the maximum beside it: named by with_points)
        out.loc[contradicted, "score"], out.loc[contradicted, "read_as"] = np.nan, "unreadable"
    if "not_applicable" in found:
        apply_na_flags(out, raw["not_applicable"], issues)
    if "max_score" in found:
        apply_max(out, raw["max_score"], issues, wide=found.get("criterion") == -1, scores=raw["score"])
    said_converted(out, raw, found, headers, issues, empty["exclude"])  # (points over a maximum, words)
    if table.date1904 is not False:  # its serials count days from 1904 (Excel for Mac's option), or may
        raw["call_at"] = in_date_system(raw["call_at"], table.date1904, out, issues, date_name)
    texts = holds_text(raw["call_at"])
    proved = export_proofs(raw["call_at"], out, heads_of, stated) if texts else {}
    stated |= yield sheet, proved  # (the pastes of an export proving an order elsewhere: :func:`normalise`)
    orders = date_orders(raw["call_at"], cfg.date_order, sheet, issues, out, stated, proved) if texts \
        else [(None, cfg.date_order)]
    # (a call date beside a call time column gives no time at midnight: that column does)
    apart = np.isin(out["paste"].to_numpy(), [p for p, h in heads_of.items() if "call_time" in h])
    at, date_only, when_kind = _moments(raw["call_at"], cfg, orders, out, date_name, issues, apart)
    own = None  # (each row's call time's own zone, where its time is used)
    if "call_time" in found:
        codes, times, _ = _parse_distinct(raw["call_time"], lambda v: zoned_time(v, cfg.time_zone), out, "call time",
                                          Code.UNREADABLE_DATE, told := Issues())
        offset = np.array([np.timedelta64("NaT", "us") if t is None else np.timedelta64(
            ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond, "us") for t in times],
            dtype="timedelta64[us]")[codes]
        own = np.array([np.timedelta64("NaT", "us") if t is None or t.tzinfo is None else np.timedelta64(
            t.utcoffset(), "us") for t in times], dtype="timedelta64[us]")[codes]
        timed = ~np.isnat(offset)
        graded = np.isin(out["paste"].to_numpy(), [p for p, h in heads_of.items() if h.get("dated_by") == "graded_at"])
        other_days(out, at, raw["call_time"], issues, graded, cfg.date_order)
        date_only = two_times(out, at, date_only, offset, raw["call_time"], issues, graded)
        at = np.where(timed & date_only, at + offset, at)
        own = np.where(timed & date_only, own, np.timedelta64("NaT", "us"))
        date_only = date_only & ~timed
        unreadable_times(told, out, at, date_only, issues, graded)
    out["at"] = in_settings_zone(raw["call_at"], at, date_only, out["paste"].to_numpy(), heads_of, cfg.time_zone, own)
    out["date_only"] = date_only
    if texts and (cfg.order_unread or as_of.as_of):  # (a text date read two ways in an order not proved: orderwaits)
        two_way.update(waits(cfg, as_of, sheet, heads_of, issues)(
            raw["call_at"], out, stated, proved, at, cfg.time_zone, lambda k, m: in_settings_zone(
                raw["call_at"].iloc[k], m, date_only[k], out["paste"].to_numpy()[k], heads_of, cfg.time_zone,
                None if own is None else own[k])))
    if graded := {p: h["graded_under"] for p, h in heads_of.items() if h.get("dated_by") == "graded_at"}:
        out["graded_only"] = np.isin(out["paste"].to_numpy(), list(graded)).astype(float)  # (no call date: repeats.py)
        # the header row of the grading-date-used row naming each row's export (core.gradingdate.holding)
        out["graded_under"] = out["paste"].map(pd.Series(graded, dtype=float)).to_numpy(dtype=float)
    if error_id.any():  # an id a formula could not compute names no call: two such rows are not one call
        paste_checks.error_ids(out.loc[error_id, ["sheet", "row", "call_id"]], issues)
        empty["call_id"] = empty["call_id"] | error_id
    has_ids = ~(empty["call_id"] | empty["rep"] | empty["criterion"])
    for f in (k for k in ("call_id", "rep", "criterion") if empty[k].any()):  # (none looked up when none is blank)
        blank_f = empty[f] & ~error_id if f == "call_id" else empty[f]  # (an error id said above)
        for s, r in out.loc[blank_f, ["sheet", "row"]].drop_duplicates().itertuples(index=False):
            issues.add(Code.MISSING_FIELD, s, r, FIELD_NAMES[f], None,
                       f"{s} row {r}: the {FIELD_NAMES[f]} is blank, so the score cannot be used.",
                       f"Fill in the {FIELD_NAMES[f]}, or type a reason in Exclude {_MERGED}.")
    no_date = out["at"].isna().to_numpy() & (when_kind != "unreadable") & out["score"].notna().to_numpy() & has_ids
    for s, r in out.loc[no_date, ["sheet", "row"]].drop_duplicates().itertuples(index=False) if no_date.any() else ():
        issues.add(Code.MISSING_CALL_DATE, s, r, date_name, None,
                   f"{s} row {r}: the call date is blank, so the call cannot be placed in a window.",
                   f"Fill in the call date, or type a reason in Exclude {_MERGED}.")
    unscored = out["read_as"].to_numpy() == "not scored"  # (as an array: pandas compares objects 5x slower)
    not_scored = unscored & has_ids
    named.update(marked_na(out, raw, not_scored & np.asarray(empty["exclude"], dtype=bool)))
    paste_checks.not_scored(sheet, out["row"].to_numpy()[not_scored], issues)
    keep = out["score"].notna() & out["at"].notna() & has_ids
    counted = ~unscored & empty["exclude"]  # (a blank Exclude: its text '', as column_texts says of each row)
    if not keep.any() and counted.sum() >= NOTHING_READ_ROWS:
        nothing_read(sheet, paste_rows(out), paste_rows(out[counted]), {  # (rows as pasted, not per criterion)
            "no readable score": paste_rows(out[counted & out["score"].isna()]),
            f"no readable {date_name}": paste_rows(out[counted & out["at"].isna()]),
            "a blank call id, rep or criterion": paste_rows(out[counted & ~has_ids])}, issues)
    elif (unread := (counted & out["score"].isna()).to_numpy()).sum() >= NOTHING_READ_ROWS:  # (a run of them)
        unread_runs(sheet, out, unread, keep.to_numpy(), raw["rep"], known, NOTHING_READ_ROWS, issues)
    # rows not used, the scored and not excluded, with a call id or a date, or a criterion and no rep (the
    # rows below a report's first of a call); a rep's line without either is no call (e.g. a subtotal)
    lost = (~keep & (~empty["call_id"] | out["at"].notna() | (empty["rep"] & ~empty["criterion"]))).to_numpy()
    if lost.any():
        unplaced.update(unplaced_rows(out.loc[lost & counted, ["rep", "criterion", "at"]]))
    held.extend(held_by_unread(out, heads_of, np.asarray(empty["exclude"] & ~empty["rep"]), sheet))
    kept = slice(None) if keep.all() else keep.to_numpy()  # (every row kept: no copy)
    yield out if keep.all() else out[kept].reset_index(drop=True), distinct.kept_codes(coded, _KEPT, kept)


_MERGED = ("(a value shown over several rows is a merged cell, held by its first row only: unmerge the cells and "
           "fill the value down)")


def _moments(col: pd.Series, cfg: Config, orders: list, out: pd.DataFrame, field: str, issues: Issues,
             apart: np.ndarray | None = None):
    """Call moments of a date column: (at as datetime64[us], date only, kind per row); ``orders``: the pastes' date
    orders and the rows of each (:func:`~coachlog_xl.core.dateorder.date_orders`; None: all). A column a reader already
    typed as date-times is converted at once, exactly as :func:`coerce.moment` converts each value (fractions of a
    second dropped, midnight = date only), and so are Unix times and yyyymmdd
    (:func:`~coachlog_xl.core.datenumbers.read_column`) when Settings names no time zone; other cells are read once per
    distinct value.  In a column holding times (a value at another time of day), a text that writes the time is at
    midnight (``2025-10-10T00:00:00Z``), and so is Unix time (``1760054400``); a text of a date alone, a date-time cell,
    and every cell of the rows ``apart`` (a paste's with a call time column, which gives its calls' times:
    :func:`~coachlog_xl.core.datenumbers.midnights_timed`) stay date only.  A midnight written with a zone is converted
    into the Settings Time zone only as a time (:attr:`coerce.Moment.converted`)."""
    if col.dtype.kind == "M":
        ms = col.to_numpy().astype("datetime64[ms]").view(np.int64)
        missing = np.isnat(col.to_numpy())
        whole = np.where(missing, 0, ms // 1000 * 1000)
        at = np.where(missing, np.datetime64("NaT", "us"), whole.astype("datetime64[ms]").astype("datetime64[us]"))
        date_only = ~missing & (whole % 86_400_000 == 0)
        return at, date_only, filled(len(at), "ok")
    quick, later = None if cfg.time_zone else datenumbers.read_column(col, coerce.YEARS), None
    if quick is None or not quick[1].any():
        at, date_only, kinds, later = _in_orders(col, cfg, orders, out, field, issues, np.arange(len(col)))
    else:  # (no time zone: nothing converted)
        (at, done, date_only), kinds = quick, filled(len(col), "ok")
        if (rest := np.flatnonzero(~done)).size:
            at[rest], date_only[rest], kinds[rest], _ = _in_orders(col, cfg, orders, out, field, issues, rest)
    alone = datenumbers.midnights_timed(col, at, date_only.copy(), apart)
    timed = date_only & ~alone & ~np.isnat(later) if later is not None else None
    return (at if timed is None or not timed.any() else np.where(timed, later, at)), alone, kinds


def _in_orders(col: pd.Series, cfg: Config, orders: list, out: pd.DataFrame, field: str, issues: Issues,
               rest: np.ndarray):
    """:func:`_each_moment` of the cells at positions ``rest``, each paste's in its date order."""
    if len(orders) == 1:
        if len(rest) == len(col):
            return _each_moment(col, cfg, orders[0][1], out, field, issues)
        return _each_moment(col.iloc[rest], cfg, orders[0][1], out.iloc[rest], field, issues)
    none = np.full(len(rest), np.datetime64("NaT", "us"))
    got = (none, np.zeros(len(rest), dtype=bool), filled(len(rest), "ok"), none.copy())
    for rows, order in orders:
        if (part := np.flatnonzero(rows[rest])).size:
            for whole, some in zip(got, _each_moment(col.iloc[rest[part]], cfg, order, out.iloc[rest[part]], field,
                                                     issues)):
                whole[part] = some
    return got


def _each_moment(col: pd.Series, cfg: Config, order: str, out: pd.DataFrame, field: str, issues: Issues):
    """:func:`_moments` of the cells read one by one (once per distinct value), with each midnight's converted moment
    (:attr:`coerce.Moment.converted`; NaT where none)."""
    codes, when, kinds = _parse_distinct(col, lambda v: coerce.moment(v, order, cfg.time_zone), out, field,
                                         Code.UNREADABLE_DATE, issues)
    weekdays_said(col, codes, when, out, field, issues)  # (a weekday that is not its date's)
    at = np.array([np.datetime64("NaT", "us") if m is None else np.datetime64(m.at, "us") for m in when],
                  dtype="datetime64[us]")
    date_only = np.array([m is not None and m.date_only for m in when], dtype=bool)
    later = np.array([np.datetime64("NaT", "us") if m is None or m.converted is None
                      else np.datetime64(m.converted, "us") for m in when], dtype="datetime64[us]")
    return at[codes], date_only[codes], kinds[codes], later[codes]


def _parse(col: pd.Series, fn, out: pd.DataFrame, field: str, code: Code, issues: Issues, where=None):
    """Apply ``fn`` to each cell (once per distinct value); unreadable cells go to Checks (``where``: a row's
    column, of a wide paste, :func:`~.widecells.wide_column`).  Returns the cells' values and kinds ("ok",
    "unreadable", or the kind ``fn`` gives beside its value)."""
    if col.dtype.kind == "f" and fn is coerce.score:
        values = col.to_numpy(dtype=float)
        blank = np.isnan(values)
        return values, np.array(["number", "not scored"], dtype=object)[blank.astype(np.intp)]
    codes, values, kinds = _parse_distinct(col, fn, out, field, code, issues, where)
    return values[codes].tolist(), kinds[codes].tolist()


def _parse_distinct(col: pd.Series, fn, out: pd.DataFrame, field: str, code: Code, issues: Issues, where=None):
    """:func:`_parse` as (each cell's code, the value and kind of each code): ``fn`` is called once per
    distinct cell, a blank cell (None, NaN, spaces) standing for them all, and the Checks rows are
    added row by row, in order."""
    raw = col.to_numpy(dtype=object)
    codes, distinct = typed_codes(raw)
    blank = np.fromiter(map(coerce.is_blank, distinct), dtype=bool, count=len(distinct))
    if blank.any():  # every blank cell is read as the first one is
        is_blank_cell = blank[codes]
        first = raw[int(np.argmax(is_blank_cell))]
        distinct = np.append(distinct, None)
        distinct[-1] = first
        codes = np.where(is_blank_cell, len(distinct) - 1, codes)
        used = np.append(np.flatnonzero(~blank), len(distinct) - 1)
        blank = np.append(blank, True)
    else:
        used = np.arange(len(distinct))
    values = np.full(len(distinct), None, dtype=object)
    kinds = np.full(len(distinct), "unreadable", dtype=object)
    errors: dict[int, str] = {}
    for i in used.tolist():
        try:
            got = fn(distinct[i])
        except coerce.Unreadable as exc:
            errors[i] = str(exc)
            continue
        values[i], kinds[i] = got if isinstance(got, tuple) else (got, "ok")
    if errors:
        told: set = set()  # a wide paste's row is several scores: its unreadable cell is named once
        bad = np.zeros(len(distinct), dtype=bool)
        bad[list(errors)] = True
        sheets, rows = out["sheet"].to_numpy(dtype=object), out["row"].to_numpy()
        for at in np.flatnonzero(bad[codes]).tolist():
            c, sheet, r = int(codes[at]), sheets[at], int(rows[at])
            value = raw[at]
            key = ("blank",) if blank[c] else (type(value), value)
            named = where(at) if where else None
            if (sheet, r, key, named) not in told:
                told.add((sheet, r, key, named))
                issues.add(code, sheet, r, field, value, f"{sheet} row {r}: the {field} {errors[c]}.",
                           f"Correct the {field}, or type a reason in Exclude to leave the row out.") if named is None \
                    else issues.add(*unreadable_in(named, sheet, r, value, errors[c]))
    return codes, values, kinds
