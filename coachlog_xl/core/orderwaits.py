"""A Date order on Settings that cannot be read: the baselines text dates reading two ways could enter wait.

A Date order cell that names neither order (``dd/mm`` typed where the list offers month-first and day-first)
keeps the default, month-first.  Where no text date reads two ways that changes nothing, and the setting stays a
warning.  Where the Scores or the Log hold one (``03/04/2025``: 4 March or 3 April), read in the default only
because the setting could not be, a baseline recorded on it would stay on the wrong days for good, since a
baseline is recorded once (domain.md, "Baseline is recorded once"): every session whose baseline window such a
Scores row could enter, read either way, and every session whose own Session date is such a text, waits; the
setting's Checks row is an error saying so (docs/rules.md, "Date order").
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issue, Issues
from coachlog_xl.core.config import GIVEN_TWICE, Config
from coachlog_xl.core.dateorder import _proofs, reads_two_ways

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


def two_way_rows(col: pd.Series, out: pd.DataFrame, stated, proved, at: np.ndarray, zone: str | None,
                 convert) -> set[tuple]:
    """(rep, criterion, day) as written, for each day a Scores row may be on, of the rows without an Exclude reason
    whose call date is a text reading as two real dates in a paste read in the Settings' Date order only
    (:func:`settings_order_pastes`): the day it is read as, and the day its text is read as in the other order, read
    as the reader reads it (a zone its text writes converted into ``zone``, the Settings Time zone, a call time added:
    ``at``, each row's moment before the zone of its header, as it was read) and then converted by ``convert``
    (positions, those moments) as the reader converts it (:func:`~coachlog_xl.core.qualifiers.in_settings_zone`),
    never the converted day with its day and month swapped (``04/12/2026 23:00`` UTC is 13 April in Tokyo, whose
    day and month swapped are no date; day-first it is 5 December, 08:00 in Tokyo)."""
    pastes = out["paste"].to_numpy()
    fallback = np.isin(pastes, settings_order_pastes(pastes, col, stated, proved))
    if not fallback.any():
        return set()
    read = pd.to_datetime(out["at"]).to_numpy()
    rows = np.flatnonzero(fallback & ~np.isnat(read) & (out["exclude"].to_numpy() == ""))
    # each distinct text asked once whether it reads two ways (an export repeats its dates on thousands of rows)
    texts, distinct = pd.factorize(col.to_numpy(dtype=object)[rows])
    two = np.fromiter(map(reads_two_ways, distinct), dtype=bool, count=len(distinct))
    mine = texts >= 0
    mine[mine] = two[texts[mine]]
    ks, texts = rows[mine], texts[mine]
    if not len(ks):
        return set()
    # ... and read the other way once per distinct text and moment it was read to (a call time added, a zone)
    moments, firsts = pd.factorize(at[ks].astype("datetime64[us]").view(np.int64), use_na_sentinel=False)
    pairs, seen = pd.factorize(texts.astype(np.int64) * len(firsts) + moments)
    stamps = np.asarray(firsts).view("datetime64[us]")
    others = np.array([np.datetime64("NaT" if o is None else o, "us") for o in (
        _other_moment(distinct[t], stamps[m], zone) for t, m in
        zip((seen // len(firsts)).tolist(), (seen % len(firsts)).tolist()))], dtype="datetime64[us]")
    moved = convert(ks, others[pairs]).astype("datetime64[us]")
    return _triples(out, ks, read[ks], moved)


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


def _other_moment(text: str, at: np.datetime64, zone: str | None) -> dt.datetime | None:
    """A text date's moment read day-first as it was read month-first (an unreadable setting's default) to ``at``:
    each order's reading (:func:`coerce.moment`, a zone its text writes converted into ``zone``), and what was added
    to the month-first one since (a call time's), added to the day-first one; None where it cannot be read."""
    try:
        first, second = coerce.moment(text, "month-first", zone), coerce.moment(text, "day-first", zone)
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
    are any; none when Date order is read, or no text date reads two ways (the default then changes nothing)."""
    setting = unread_setting(issues) if cfg.order_unread else None
    logged = log_rows(log_issues) if setting is not None else set()
    if setting is None or not (rows or logged):
        return [], set()
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
    return (Code.BASELINE_HELD, schema.LOG.name, s["row"], "Baseline mean", None,
            f'{s["session_id"]}: the baseline is not recorded yet: {what}, and Date order on Settings cannot be read '
            "(see its row). A baseline recorded now could stay on the wrong days for good. It is shown as "
            "provisional.",
            f"Pick {ORDERS} in Date order on Settings; the next refresh records the baseline.")
