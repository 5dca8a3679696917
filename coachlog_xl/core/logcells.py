"""The Log's cells coerced a column at a time, for :mod:`~coachlog_xl.core.sessions`.

The rules are :mod:`~coachlog_xl.core.coerce`'s, cell by cell, with the same results; what is done a
column at a time is the looping, which row by row cost tens of microseconds a session: a text column
is stripped into a new list (what :func:`~coachlog_xl.core.coerce.text` gives each cell), and a rule
runs once per distinct text, blank or date of a column (a Log repeats its dates, its blanks and its
list entries) and once per cell of any other type, the :class:`~coachlog_xl.core.coerce.Unreadable`
it raises kept in the cell's place, so that the row's Checks row still names the cell.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial

import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import coerce, followupunits, followupwords, timeofday
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.config import ABSURD, Config, bounded
from coachlog_xl.core.filleddown import baseline_of_none, started
from coachlog_xl.core.frames import columns
from coachlog_xl.core.inputs import ROW, Formula, Merged, formula_words, header_key
from coachlog_xl.core.lonecells import comma_either
from coachlog_xl.core.names import Directory, person_key
from coachlog_xl.core.wording import count

# the Log's texts a session keeps as typed (the method and supervisor then as a list spells them)
NOTES = (
    "supervisor", "evidence_call", "evidence_timestamp", "evidence_criterion", "evidence_quote", "observation",
    "target", "method", "commitment", "summary", "response", "rep_context", "next_step", "decision",
)
# the notes whose text makes a Log row without a readable date a session (a rep's row prepared ahead holds none)
SESSION_NOTES = tuple(k for k in NOTES if k not in ("supervisor", "decision"))
TEXTS = ("session_id", "rep", "criterion", "call_type", *NOTES)  # the columns read as coerce.text reads them
FOLLOWUP_FIELDS = ("window_n", "timeframe_days", "threshold", "k_needed")
BASELINE_FIELDS = ("baseline_mean", "baseline_n", "baseline_recorded_on")
# types whose equal values are one value to every rule (equal floats may not be: 0.0 and -0.0; nor
# equal date-times: one in another time zone), so a rule's result for one is its result for all
_SAME = frozenset({str, type(None), dt.date})
# the columns matched against a Settings list, each by the key its list is matched by
KEYED = {"method": header_key, "supervisor": person_key, "call_type": header_key}
_MISSING = object()


def blank(values: list) -> list[bool]:
    """:func:`coerce.is_blank` of each value."""
    return [not v.strip() if type(v) is str else coerce.is_blank(v) for v in values]


def texts(values: list) -> list[str]:
    """:func:`coerce.text` of each value."""
    if set(map(type, values)) == {str}:  # (the usual column) a value at a time in C
        return list(map(str.strip, values))
    return [v.strip() if type(v) is str else coerce.text(v) for v in values]


def each(values: list, rule) -> list:
    """``rule`` of each value, or the :class:`coerce.Unreadable` it raises, in the value's place."""
    if set(map(type, values)) <= _SAME:  # (the usual column: texts, blanks, dates) a value at a time in C
        memo = {v: _read(rule, v) for v in dict.fromkeys(values)}
        return list(map(memo.__getitem__, values))
    memo: dict = {}
    out = []
    for v in values:
        if type(v) in _SAME:
            got = memo.get(v, _MISSING)
            if got is _MISSING:
                got = memo[v] = _read(rule, v)
        else:
            got = _read(rule, v)
        out.append(got)
    return out


def _read(rule, value):
    try:
        return rule(value)
    except coerce.Unreadable as exc:
        return exc


# Calls needed at threshold written as the follow-up criteria are said: "7 of 10", "7/10", "7 out of 10 calls";
# and as German, French, Spanish and Portuguese write it: "7 von 10", "7 sur 10", "7 de 10" (the calls in the words
# a number of calls is typed with: followupunits)
_K_OF_N = re.compile(rf"\s*(\d+)\s*(?:/|of|out of|von|sur|de)\s*(\d+)\s*(?:{followupunits.WORDS['calls']})?\s*", re.I)


def _k_of_n(raw, got, n, default_n: int):
    """A Calls needed at threshold cell read as ``got`` (:func:`bounded`): written "7 of 10" (or "7 von 10",
    "7 sur 10", "7 de 10"), it is 7 when
    10 is the row's calls to review (``n``, else ``default_n`` from Settings); unreadable, saying what to
    type, when the row reviews another number of calls (or why not, when no row may review that many)."""
    found = _K_OF_N.fullmatch(raw) if isinstance(got, coerce.Unreadable) and isinstance(raw, str) else None
    if found is None:
        return got
    k, of = int(found[1]), int(found[2])
    calls = n if isinstance(n, int) else default_n
    try:
        bounded("window_n", of)
    except coerce.Unreadable as why:  # "1 of 1": typing 1 in Calls to review would be refused in turn
        return coerce.Unreadable(f"{raw.strip()!r} counts {count(of, 'call')}, which Calls to review cannot be: {why}")
    if of != calls:
        return coerce.Unreadable(f"{raw.strip()!r} counts {of} calls where {calls} are to be reviewed: type {k} here "
                                 f"and {of} in Calls to review")
    return _read(partial(bounded, "k_needed"), k)


LEFT_AS_IT_IS = ("the cell is left as it is, and the session uses the baseline from the score data, shown as "
                 "provisional and not recorded.")


def held_cell(raw: Formula, row: int, sid: str, header: str) -> tuple:
    """The Checks row (the arguments of :meth:`Issues.add`) of a tool-owned baseline cell a refresh leaves as it is
    (:func:`~coachlog_xl.core.sessions._stored_baseline`): one holding a formula that gives no value, or one of a
    merge's cells but its first (:class:`~coachlog_xl.core.inputs.Merged`), where Excel keeps no value written."""
    if isinstance(raw, Merged):
        return (Code.BASELINE_HELD, schema.LOG.name, row, header, raw.text,
                f"Log row {row} ({sid}): {header} is one of the merged cells {raw.text}, but its first: Excel keeps no "
                "value written there, so nothing is written on this row: the session uses the baseline from the score "
                "data, shown as provisional and not recorded.",
                "Select the range and unmerge it (Home > Merge & Center): the next refresh records the baseline.")
    return (Code.BASELINE_FORMULA, schema.LOG.name, row, header, str(raw),
            f"Log row {row} ({sid}): {header} holds {formula_words(raw.text)}, which has no value here (never "
            f"calculated, or it gives an empty text). A refresh never writes over a formula, which is the team's own, "
            f"so {LEFT_AS_IT_IS}",
            f"Delete the formula from {header} (a refresh fills the grey columns), or make it give a value.")


def _stored(fn, value):
    """A tool-owned baseline cell by ``fn``; a formula reads as None here (the session's row names it,
    from the cell as typed), and a cell of spaces only is not blank to Excel: typed, and unreadable."""
    if isinstance(value, Formula):
        return None
    if isinstance(value, str) and value and not value.strip():
        raise coerce.Unreadable("holds only spaces, which a refresh would write over")
    return fn(value)


# between two criteria one cell names: a comma, semicolon, slash, ampersand, plus, line break or "and"
_BETWEEN = re.compile(r"\s*(?:[,;/&+\n]|\band\b)\s*", re.IGNORECASE)


def _named(text: str, criteria: Directory) -> tuple[str, ...]:
    """The criteria of the Criteria sheet a targeted criterion not on it names when it names two or more
    (domain.md: one development target per session); else its closest criterion, or none.  The longest
    runs of its parts, joined back as written, are matched first, so a name holding a separator (``Q&A``,
    ``Hold/transfer``) is one criterion, not its pieces; a piece of one letter matches no Criterion ID
    (the ``A`` of ``Q&A`` is not the criterion whose ID is A)."""
    ends = [0, *(k for m in _BETWEEN.finditer(text) for k in m.span()), len(text)]
    parts = [(a, b) for a, b in zip(ends[::2], ends[1::2]) if text[a:b].strip()]  # (start, end) of each part
    found: dict[int, str] = {}  # the first part of each run matched -> its criterion
    taken = [False] * len(parts)
    for size in range(len(parts), 0, -1):
        for first in range(len(parts) - size + 1):
            if any(taken[first:first + size]):
                continue
            run = text[parts[first][0]:parts[first + size - 1][1]]
            hit = criteria.resolve(run)
            if hit and (len(header_key(run)) > 1 or header_key(hit) == header_key(run)):
                found[first] = hit
                taken[first:first + size] = [True] * size
    named = tuple(dict.fromkeys(found[k] for k in sorted(found)))
    if len(named) > 1:
        return named
    near = criteria.suggest(text)
    return (near,) if near else ()


def _followup_number(key: str, raw):
    """A Log row's own N, timeframe, threshold or K (:func:`~coachlog_xl.core.config.bounded`); None for a blank or
    a mark meaning blank (``-``, ``N/A``)."""
    if followupwords.is_blank_mark(raw):
        return None
    return bounded(key, raw)


def _baseline_mean(raw) -> float | None:
    """A Baseline mean cell as a number (:func:`~.lonecells.comma_either`), never one beyond
    :data:`~.config.ABSURD` either way: no mean of counted scores is (a score beyond it is a misread number), so a
    baseline typed so (64500 for 64.5) is a misread too, and not used."""
    comma_either(raw)
    mean = coerce.number(raw)
    if mean is not None and abs(mean) > ABSURD:
        raise coerce.Unreadable(f"{coerce.text(raw)!r} is far outside 0-100, which no mean of scores is (a decimal "
                                "comma read as a thousands separator?)")
    return mean


def _baseline_n(raw) -> int | None:
    """A Baseline n cell as a whole number of 0 or more (:func:`~.lonecells.comma_either`)."""
    comma_either(raw)
    return coerce.whole_number(raw, least=0)


class LogCells:
    """The Log's columns (``raw``: each a list of its cells, as :func:`~coachlog_xl.core.frames.records`
    gives them), their texts (``text``; ``notes``: a row's :data:`NOTES`), the names resolved (``rep``,
    ``criterion``), the keys of the columns matched against a Settings list (``key``, by :data:`KEYED`), and
    the coerced value or Unreadable of each cell of the date, time and number columns (``read``)."""

    def __init__(self, log: pd.DataFrame, cfg: Config, reps: Directory, criteria: Directory,
                 formula_on: dict[int, str] | None = None) -> None:
        self.formula_on = formula_on or {}  # Excel row -> the formula of its Baseline recorded on, with a value
        self.raw = columns(log)
        self.rows = [int(r) for r in self.raw[ROW]]
        self.text = {k: texts(self.raw[k]) for k in TEXTS}
        self.notes = list(zip(*(self.text[k] for k in NOTES)))  # per row, its NOTES
        self.rep = each(self.text["rep"], reps.resolve)
        self.criterion = each(self.raw["criterion"], criteria.resolve)
        # of one not on the Criteria sheet: the criteria it names (``Upsell offer, Closing``: two targets), else the
        # closest one, for a "did you mean" (never used to match)
        self.hints = [_named(t, criteria) if c is None and t else ()
                      for c, t in zip(self.criterion, self.text["criterion"])]
        # of one an other name of two criteria or more (shared-other-name): those criteria
        self.sharing = [tuple(criteria.sharing(t)) if c is None and t else ()
                        for c, t in zip(self.criterion, self.text["criterion"])]
        self.key = {k: each(self.text[k], keyed) for k, keyed in KEYED.items()}
        moment = partial(coerce.moment, date_order=cfg.date_order)
        self.read = {k: each(self.raw[k], moment) for k in ("scheduled_at", "session_date", "logged_at")}
        self.read["session_time"] = each(self.raw["session_time"], timeofday.time_of_day)
        # (a dash or N/A in one is blank: the Settings value)
        self.read.update({k: each(self.raw[k], partial(_followup_number, k)) for k in FOLLOWUP_FIELDS})
        self.n_uncalculated: dict[int, str] = {}  # Excel row -> the formula of its Calls to review, with no value
        self.read["k_needed"] = [_k_of_n(raw, got, n, cfg.window_n) for raw, got, n in
                                 zip(self.raw["k_needed"], self.read["k_needed"], self.read["window_n"])]
        on = partial(coerce.day, date_order=cfg.date_order)
        for key, fn in zip(BASELINE_FIELDS, (_baseline_mean, _baseline_n, on)):
            self.read[key] = each(self.raw[key], partial(_stored, fn))
        self.date_blank = blank(self.raw["session_date"])

    def filled(self, issues: Issues) -> list[int]:
        """The positions of the rows with a cell a person fills that is not blank, but those holding only
        values filled down a column (:func:`~coachlog_xl.core.filleddown.started`, which says them in ``issues``); a
        row whose grey baseline cells are filled without a session's key fields is named (``baseline_of_none``)."""
        empty = range(len(self.rows))  # the rows blank in the columns looked at so far: few after the first
        for column in (self.raw[c.key] for c in schema.LOG.columns if c.owner == schema.INPUT):
            empty = [i for i, b in zip(empty, blank([column[i] for i in empty])) if b]
        unsaid = baseline_of_none(self.raw, self.rows, blank, issues)
        return started(self.raw, self.rows, sorted(set(range(len(self.rows))).difference(empty)), blank, issues,
                       unsaid)


def a_session(criterion: str, notes: dict) -> bool:
    """Whether a Log row with no readable Session date is a session missing its date, as Aggregate counts it
    (docs/rules.md, "Aggregates"): a targeted criterion, a coaching method or one of the six elements typed
    (:data:`SESSION_NOTES`); a row with only its id, rep, supervisor or decision typed is prepared ahead, no session."""
    return bool(criterion) or any(notes.get(k) for k in SESSION_NOTES)
