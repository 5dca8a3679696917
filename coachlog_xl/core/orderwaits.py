"""A Date order on Settings that cannot be read, or a paste's that cannot stand: the baselines text dates reading
two ways could enter wait.

A Date order cell that names neither order (``dd/mm`` typed where the list offers month-first and day-first)
keeps the default, month-first.  Where no text date reads two ways that changes nothing, and the setting stays a
warning.  Where the Scores or the Log hold one (``03/04/2025``: 4 March or 3 April), read in the default only
because the setting could not be, a baseline recorded on it would stay on the wrong days for good, since a
baseline is recorded once (domain.md, "Baseline is recorded once"): every session whose baseline window such a
Scores row could enter, read either way, and every session whose own Session date is such a text, waits; the
setting's Checks row is an error saying so (docs/rules.md, "Date order").  Where Date order is read, a paste read in
it only whose dates so read put calls after the as-of date, while read in the other order none would be, waits so
too, with an error of its own (:func:`doubted`), and so does one whose dates so read spread over months while read
the other way they fall within a few weeks, whatever the as-of date (:mod:`~coachlog_xl.core.orderspread`).
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.cellwaits import RECORDED
from coachlog_xl.core.checks import Code, Issue, Issues
from coachlog_xl.core.config import GIVEN_TWICE, Config
from coachlog_xl.core.dateorder import _proofs, reads_two_ways
from coachlog_xl.core.frames import paste_calls
from coachlog_xl.core.orderspread import spread_pastes
from coachlog_xl.core.wording import count

LABEL = next(s.label for s in schema.SETTINGS_ITEMS if s.key == "date_order")
ORDERS = "month-first or day-first"


def unread_setting(issues: Issues) -> Issue | None:
    """The Checks row saying the Date order on Settings cannot be read (its default used), if there is one."""
    return next((i for i in issues if i.code is Code.BAD_SETTING and i.field == LABEL and GIVEN_TWICE not in i.problem),
                None)


def settings_order_pastes(pastes: np.ndarray, col: pd.Series, stated, proved) -> list:
    """The pastes of a sheet whose text dates are read in the Settings' Date order only because nothing else
    says their order (:func:`~coachlog_xl.core.dateorder.date_orders`): no order stated by their header or proved
    by the same export elsewhere (``stated``), and none proved by their own texts, or both, unless the sheet's other
    pastes prove one order together (``proved``: :func:`~coachlog_xl.core.dateorder.export_proofs`)."""
    free = [k for k in pd.unique(pastes) if k not in stated]
    proofs = {k: set(proved[k][1] if k in proved else _proofs(col[pastes == k])) for k in free}
    shown = set().union(*proofs.values()) if proofs else set()
    return [] if len(shown) == 1 else [k for k in free if len(proofs[k]) != 1]


class Span:
    """The refresh's as-of date (None: no doubt looked for, an import's preview) and the as-of dates the doubts
    :func:`doubted` finds for it hold for: :attr:`held`, (from, to), None where open.  The normalised Scores the
    refresh cache keeps depend on them, and serve only a refresh whose as-of date is in that span
    (:mod:`coachlog_xl.workbook.cache`): the same workbook and as-of date always give the same result."""

    def __init__(self, as_of: dt.date | None) -> None:
        self.as_of, self.since, self.only = as_of, None, False

    def none_after(self, latest: np.datetime64) -> None:
        """No row of the pastes looked at is read after the as-of date, the latest read at ``latest`` (NaT: none):
        nothing is doubted for any as-of date from its day on."""
        if not np.isnat(latest):
            day = latest.astype("datetime64[D]").astype(dt.date)
            self.since = day if self.since is None else max(self.since, day)

    @property
    def held(self) -> tuple:
        if self.only:  # (a paste with a row read after the as-of date: what is found holds for that date alone)
            return self.as_of, self.as_of
        return self.since, None


def waits(cfg: Config, span: Span, sheet: str, heads_of: dict, issues: Issues):
    """What finds a paste's rows whose baselines wait for its date order: :func:`two_way_rows` where Date order cannot
    be read, else :func:`doubted` by the refresh's as-of date (``span``)."""
    return two_way_rows if cfg.order_unread else partial(doubted, order=cfg.date_order, span=span, sheet=sheet,
                                                         heads_of=heads_of, issues=issues)


def two_way_rows(col: pd.Series, out: pd.DataFrame, stated, proved, at: np.ndarray, zone: str | None,
                 convert) -> set[tuple]:
    """(rep, criterion, day) as written, for each day a Scores row may be on, of the rows without an Exclude reason
    whose call date is a text reading as two real dates in a paste read in the Settings' Date order only
    (:func:`two_way_moments`): the day it is read as and the day it is read as in the other order."""
    ks, read, moved = two_way_moments(col, out, stated, proved, at, zone, convert)
    return _triples(out, ks, read, moved) if len(ks) else set()


def two_way_moments(col: pd.Series, out: pd.DataFrame, stated, proved, at: np.ndarray, zone: str | None,
                    convert, order: str = "month-first", after: np.datetime64 | None = None, span: Span | None = None,
                    free: list | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The positions of the rows without an Exclude reason whose call date is a text reading as two real dates in a
    paste read in the Settings' Date order (``order``) only (:func:`settings_order_pastes`), the moment each is read
    as, and the moment its text is read as in the other order (NaT where it cannot be), read
    as the reader reads it (a zone its text writes converted into ``zone``, the Settings Time zone, a call time added:
    ``at``, each row's moment before the zone of its header, as it was read) and then converted by ``convert``
    (positions, those moments) as the reader converts it (:func:`~coachlog_xl.core.qualifiers.in_settings_zone`),
    never the converted day with its day and month swapped (``04/12/2026 23:00`` UTC is 13 April in Tokyo, whose
    day and month swapped are no date; day-first it is 5 December, 08:00 in Tokyo).  With ``after``, only the rows of
    the pastes with such a row read at or after it (none read so: nothing, and no text is read the other way; ``span``
    told which, :class:`Span`); ``free``: the pastes read in the Settings order only, when known."""
    pastes, none = out["paste"].to_numpy(), (np.zeros(0, dtype=np.int64), *[np.zeros(0, "datetime64[us]")] * 2)
    fallback = np.isin(pastes, settings_order_pastes(pastes, col, stated, proved) if free is None else free)
    if not fallback.any():
        return none
    read = pd.to_datetime(out["at"]).to_numpy()
    rows = np.flatnonzero(fallback & ~np.isnat(read) & (out["exclude"].to_numpy() == ""))
    if after is not None:  # (the pastes with a row read after it: the others' texts are not looked at)
        late = read[rows] >= after
        if span is not None and not late.any():
            span.none_after(read[rows].max() if len(rows) else np.datetime64("NaT"))
        elif span is not None:
            span.only = True
        rows = rows[np.isin(pastes[rows], pastes[rows][late])]
    # each distinct text asked once whether it reads two ways (an export repeats its dates on thousands of rows)
    texts, distinct = pd.factorize(col.to_numpy(dtype=object)[rows])
    two = np.fromiter(map(reads_two_ways, distinct), dtype=bool, count=len(distinct))
    mine = texts >= 0
    mine[mine] = two[texts[mine]]
    ks, texts = rows[mine], texts[mine]
    if after is not None:  # (of those, the pastes with a row reading two ways read after it)
        kept = np.isin(pastes[ks], pastes[ks][read[ks] >= after])
        ks, texts = ks[kept], texts[kept]
    if not len(ks):
        return none
    # ... and read the other way once per distinct text and moment it was read to (a call time added, a zone)
    moments, firsts = pd.factorize(at[ks].astype("datetime64[us]").view(np.int64), use_na_sentinel=False)
    pairs, seen = pd.factorize(texts.astype(np.int64) * len(firsts) + moments)
    stamps = np.asarray(firsts).view("datetime64[us]")
    others = np.array([np.datetime64("NaT" if o is None else o, "us") for o in (
        _other_moment(distinct[t], stamps[m], zone, order) for t, m in
        zip((seen // len(firsts)).tolist(), (seen % len(firsts)).tolist()))], dtype="datetime64[us]")
    return ks, read[ks].astype("datetime64[us]"), convert(ks, others[pairs]).astype("datetime64[us]")


def doubted(col: pd.Series, out: pd.DataFrame, stated, proved, at: np.ndarray, zone: str | None, convert, *,
            order: str, span: Span, sheet: str, heads_of: dict, issues: Issues) -> set[tuple]:
    """As :func:`two_way_rows`, of the pastes read in the Settings' Date order (``order``, readable) only whose dates
    so read put calls after the as-of date while read in the other order none would be (a day-first export whose days
    are all up to the 12th read month-first: 11-12-2026 is 12 November, not 11 December, for an as-of date in
    between), each with an error (``date-order-doubted``): the order the paste is read in cannot stand, and a
    baseline recorded from it would stay on the wrong days for good (domain.md, "Baseline is recorded once")."""
    as_of = span.as_of
    after = np.datetime64(as_of + dt.timedelta(days=1), "us")  # (a moment from the next day's midnight on)
    free = settings_order_pastes(out["paste"].to_numpy(), col, stated, proved)  # (once a sheet: both doubts')
    moments = partial(two_way_moments, col, out, stated, proved, at, zone, convert, order, free=free)
    ks, read, moved = moments(after, span)
    spread = partial(_spread, col, out, free, moments, order=order, sheet=sheet, heads_of=heads_of, issues=issues)
    if not len(ks):
        return spread([])
    pastes, one_way = out["paste"].to_numpy(), np.ones(len(out), dtype=bool)
    one_way[ks] = False
    late = one_way & (pd.to_datetime(out["at"]).to_numpy().astype("datetime64[us]") >= after)
    found = [k for k in pd.unique(pastes[ks]) if (read[pastes[ks] == k] >= after).any()
             and not (moved[pastes[ks] == k] >= after).any() and not late[pastes == k].any()]
    for k in found:
        mine = np.flatnonzero(pastes[ks] == k)
        first = mine[np.argmax(read[mine] >= after)]
        head, row, text = heads_of.get(k, {}).get("call_at", "call date"), int(out["row"].iloc[ks[first]]), \
            col.iloc[ks[first]]
        after_it = ks[mine][read[mine] >= after]
        late = len(np.unique(out["row"].to_numpy()[after_it]))  # (the sheet rows after it)
        calls = paste_calls(out.iloc[after_it])  # (a wide export's row is one call with a score per criterion)
        lead, other, held, tell = _doubt_words(sheet, head, order)
        issues.add(Code.DATE_ORDER_DOUBTED, sheet, row, "call date", text,
                   f"{lead}puts {calls} of its calls after the as-of date "
                   f'{as_of:%Y-%m-%d} (row {row}: "{text}" read as {read[first].astype("datetime64[D]")}); read '
                   f"{other}, none would be. {held}", tell
                   + (f'the date of row {row} is mistyped (a wrong month or year), correct it, or type a reason in '
                      "its Exclude cell to leave the call out" if late == 1 else
                      f"the date of that call is mistyped (a wrong month or year), correct it in its {late} rows (row "
                      f"{row} the first), or type a reason in their Exclude cells to leave the call out" if calls == 1
                      else
                      f"those dates are mistyped (a wrong month or year), correct them (row {row} the first), or type "
                      "a reason in their Exclude cells to leave the calls out")
                   + "; if those calls are indeed later, nothing to do: the baselines are recorded once the as-of "
                   "date reaches them.")
    mask = np.isin(pastes[ks], found)
    return (_triples(out, ks[mask], read[mask], moved[mask]) if mask.any() else set()) | spread(found)


def _spread(col: pd.Series, out: pd.DataFrame, free: list, moments, found: list, *, order: str, sheet: str,
            heads_of: dict, issues: Issues) -> set[tuple]:
    """As :func:`doubted`, of the pastes read in ``order`` only (``free``) but those ``found`` already whose dates so
    read spread over months while read the other way they fall within a few weeks
    (:func:`~.orderspread.spread_pastes`), whatever the as-of date, each with an error (``date-order-doubted``);
    ``moments``: :func:`two_way_moments` of the sheet's pastes."""
    free = [k for k in free if k not in found]
    spread = spread_pastes(col, out, free, order) if free else {}
    if not spread:
        return set()
    own = "mm/dd/yyyy" if order == "month-first" else "dd/mm/yyyy"
    ks, read, moved = moments()
    pastes = out["paste"].to_numpy()
    counted = ~pd.isna(out["at"]).to_numpy() & (out["exclude"].to_numpy() == "")
    for k, (first, last, other_first, other_last) in spread.items():
        at_row = int(np.flatnonzero(counted & (pastes == k))[0])  # (the first row the spread counted)
        head, row, text = heads_of.get(k, {}).get("call_at", "call date"), int(out["row"].iloc[at_row]), \
            col.iloc[at_row]
        lead, other, held, tell = _doubt_words(sheet, head, order)
        issues.add(Code.DATE_ORDER_DOUBTED, sheet, row, "call date", text,
                   f"{lead}spreads them over {(last - first).days + 1} days, {first:%Y-%m-%d} to {last:%Y-%m-%d}; read "
                   f"{other}, they fall within {(other_last - other_first).days + 1} days, {other_first:%Y-%m-%d} to "
                   f"{other_last:%Y-%m-%d}, as an export of a few weeks' calls does, unless its calls are on the same "
                   f"days of several months (a sample of the 1st of each month). {held}",
                   f'{tell}the calls do spread over those months, write "{head} ({own})" there: the next refresh '
                   "records the baselines.")
    mask = np.isin(pastes[ks], list(spread))
    return _triples(out, ks[mask], read[mask], moved[mask]) if mask.any() else set()


def _doubt_words(sheet: str, head: str, order: str) -> tuple[str, str, str, str]:
    """The words both doubts of a paste's order say: the problem's start (to end with what its reading does), the
    other order, why its baselines wait, and the fix's start (to end with what else may be so)."""
    other = "day-first" if order == "month-first" else "month-first"
    form = "dd/mm/yyyy" if other == "day-first" else "mm/dd/yyyy"
    return (f'{sheet}: its "{head}" dates show no order (no day above 12) and are read {order}, as Settings says, '
            "which ", other, "No baseline whose window its calls could enter, read either way, is recorded until its "
            "order is told: recorded on the wrong days, it would stay so for good.",
            f"If the export writes its dates {other}, pick {other} in Date order on Settings (where every export does "
            f'so), or write its order in its header cell on {sheet}: "{head} ({form})"; if ')


def _triples(out: pd.DataFrame, ks: np.ndarray, read: np.ndarray, moved: np.ndarray) -> set[tuple]:
    """(rep, criterion, day) of the rows ``ks`` (a blank rep or criterion None), on the day each was ``read`` as and
    on the day it is ``moved`` to (none where NaT), each distinct triple made once (a rep's rows on a few hundred
    days)."""
    reps, rep_names = pd.factorize(out["rep"].to_numpy(dtype=object)[ks], use_na_sentinel=False)
    crits, crit_names = pd.factorize(out["criterion"].to_numpy(dtype=object)[ks], use_na_sentinel=False)
    days = moved.astype("datetime64[D]")
    dated = ~np.isnat(days)
    keys = pd.DataFrame({"r": np.concatenate([reps, reps[dated]]), "c": np.concatenate([crits, crits[dated]]),
                         "d": np.concatenate([read.astype("datetime64[D]"), days[dated]]).view(np.int64)})
    keys = keys.drop_duplicates()
    rep_names, crit_names = ([None if pd.isna(v) or v == "" else v for v in np.asarray(names, dtype=object).tolist()]
                             for names in (rep_names, crit_names))  # (a blank, None or NaN: any rep or criterion)
    return set(zip([rep_names[r] for r in keys["r"].tolist()], [crit_names[c] for c in keys["c"].tolist()],
                   keys["d"].to_numpy().view("datetime64[D]").astype(object).tolist()))


def _other_moment(text: str, at: np.datetime64, zone: str | None, order: str = "month-first") -> dt.datetime | None:
    """A text date's moment read in the other order as it was read in ``order`` (an unreadable setting's default,
    month-first) to ``at``: each order's reading (:func:`coerce.moment`, a zone its text writes converted into
    ``zone``), and what was added to the first since (a call time's), added to the other; None where it cannot be
    read."""
    other = "day-first" if order == "month-first" else "month-first"
    try:
        first, second = coerce.moment(text, order, zone), coerce.moment(text, other, zone)
    except coerce.Unreadable:
        return None
    if first is None or second is None:
        return None
    given = pd.Timestamp(at).to_pydatetime()
    if first.converted is not None and second.converted is not None and given == first.converted:
        return second.converted  # (a midnight written with a zone, read as its time in a column of times)
    return second.at + (given - first.at)


def log_rows(log_issues: Issues) -> set[int]:
    """The Log rows whose Session date is a text reading two ways (``ambiguous-session-date``)."""
    return {i.row for i in log_issues if i.code is Code.AMBIGUOUS_SESSION_DATE}


def found(cfg: Config, issues: Issues, log_issues: Issues, rows: list[tuple]) -> tuple[list[tuple], set[int]]:
    """The Scores rows (:attr:`~coachlog_xl.core.calls.Normalised.two_way`) and the Log rows whose text dates read
    two ways while Date order cannot be read, with the setting's Checks row made an error (:func:`said`) when there
    are any; none when no text date reads two ways (the default then changes nothing).  Where Date order is read, the
    rows are those of pastes whose order it cannot stand for (:func:`doubted`), said already."""
    setting = unread_setting(issues) if cfg.order_unread else None
    logged = log_rows(log_issues) if setting is not None else set()
    if setting is None or not (rows or logged):
        return (rows, set()) if setting is None and not cfg.order_unread else ([], set())
    said(issues, setting)
    return rows, logged


def said(issues: Issues, setting: Issue) -> None:
    """The Date order's Checks row made an error: text dates read two ways are read in its default."""
    issues.replace(setting, Issue(
        Code.DATE_ORDER_UNREAD, setting.sheet, setting.row, setting.field, setting.value,
        f"{setting.problem.rstrip('.')}, and the Scores or the Log hold text dates that read two ways (03/04/2025: "
        "4 March month-first, 3 April day-first), read month-first only because the setting cannot be read. No "
        "baseline whose window such a date could enter is recorded until Date order is one of its values: it "
        "would stay on the wrong days for good.",
        f"Pick {ORDERS} in Date order (the order the exports and the Log write dates in); the next refresh records "
        "the baselines that wait."))


def held(s: dict) -> tuple:
    """The Checks row (the arguments of :meth:`~coachlog_xl.core.checks.Issues.add`) of a session whose baseline
    waits for the Date order on Settings."""
    what = ("its Session date is a text that reads two ways" if s.get("order_waits") else
            f"Scores rows that may be {s['rep']}'s on this criterion, one of which may belong in the baseline, have "
            "text call dates that read two ways")
    if s.get("order_doubted"):  # (Date order read, but a paste's dates read so fall after the as-of date: doubted)
        return (Code.BASELINE_HELD, schema.LOG.name, s["row"], "Baseline mean", None,
                f'{s["session_id"]}: the baseline is not recorded yet: {what}, in a paste whose dates read in the '
                "Settings Date order fall after the as-of date, read in the other order not (see its "
                "date-order-doubted row). A baseline recorded now could stay on the wrong days for good. It is shown "
                "as provisional.", "Tell that paste's date order, or correct the mistyped date it names, as its "
                "date-order-doubted row says; the next refresh records the baseline.")
    return (Code.BASELINE_HELD, schema.LOG.name, s["row"], "Baseline mean", None,
            f'{s["session_id"]}: the baseline is not recorded yet: {what}, and Date order on Settings cannot be read '
            "(see its row). A baseline recorded now could stay on the wrong days for good. It is shown as "
            "provisional.",
            f"Pick {ORDERS} in Date order on Settings; the next refresh records the baseline.")


def recorded_doubted(issues: Issues, sessions: list[dict], two_way) -> None:
    """Each ``date-order-doubted`` error named with the sessions whose baseline was recorded already (an earlier
    refresh, as of another date or before the paste) though rows of the doubted paste, read either way
    (``two_way``: :class:`~.baseline.Unplaced`), may fall before the session on its rep and criterion: recorded
    from the dates read in an order that cannot stand, they may be on the wrong days, and stay so until cleared."""
    doubts = [i for i in issues if i.code is Code.DATE_ORDER_DOUBTED]
    if not doubts:
        return
    kept = [s for s in sessions if s["stored_state"] == RECORDED and two_way.within(
        s, None, s["day"].date() if s["timed"] else s["day"].date() - dt.timedelta(days=1))]
    if not kept:
        return
    ids = [str(s["session_id"]) for s in kept]
    rows = ", ".join(str(s["row"]) for s in kept[:5]) + (", ..." if len(kept) > 5 else "")
    named = ids[0] if len(ids) == 1 else ", ".join(ids[:min(len(ids) - 1, 5)]) + (
        f" and {ids[-1]}" if len(ids) <= 6 else f" and {count(len(ids) - 5, 'more')}")
    one = len(kept) == 1
    for issue in doubts:
        issues.replace(issue, issue._replace(
            problem=f"{issue.problem} The baseline{'s' * (not one)} of {named} (Log row{'s' * (not one)} {rows}) "
                    f"{'was' if one else 'were'} recorded already, from dates this paste may hold read in that order: "
                    f"{'it' if one else 'they'} may be on the wrong days.",
            fix=f"{issue.fix} Once the order is told, clear Baseline mean, Baseline n and Baseline recorded on in "
                f"{'that Log row' if len(kept) == 1 else 'those Log rows'} if a call of this paste was read on the "
                "wrong day there: the next refresh records the baseline again from the dates as told."))
