"""Which date order a paste's text dates are written in, and date cells that may have been turned.

domain.md, "Exact rules: Scores": a text date such as ``03/04/2025`` reads two ways; the paste's own texts
that can read one way only (a day above 12) prove its order, and a paste whose proof differs from the
Settings' Date order is read in its own order and named in Checks (:func:`paste_date_order`); each export
pasted under a header of its own on one sheet is a paste (:func:`date_orders`), and a paste proving nothing is read
in the order pastes under its header on other sheets prove (:func:`same_exports`: the same export, another week).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce, monthnames
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import per_value
from coachlog_xl.core.frames import first_row_of
from coachlog_xl.core.wording import count, listed

# a text date written day and month first, either way round (dotted dates are day-first always), apart as
# coerce reads them: 03/04/2025, 03 / 04 / 2025, 03//04/2025, 03 04 2025
SLASHED_DATE = re.compile(r"^\s*'?(\d{1,2})(?:\s*[/\-]+\s*|\s+)(\d{1,2})(?:\s*[/\-]+\s*|\s+)(\d{2,4})")
# the same after a weekday's name or not, as some exports write them (Thu 03/04/2025, Thursday, 03/04/2025,
# Tues. 03/04/2025; in the other languages coerce reads, mardi 04/03/2025, Di., 04/03/2025, segunda-feira
# 04/03/2025: monthnames.LEADING), which coerce reads in the same date order; a word that only begins as one
# does (Monster, Sunset) is no weekday
WEEKDAY = (r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs?(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
           rf"|{monthnames.LEADING})")
WEEKDAY_DATE = re.compile(rf"^\s*'?(?:{WEEKDAY}\.?(?:-feira)?(?![^\W\d_])\s*,?\s*)?"
                          r"(\d{1,2})(?:\s*[/\-]+\s*|\s+)(\d{1,2})(?:\s*[/\-]+\s*|\s+)(\d{2,4})", re.IGNORECASE)

FIRST_TEXTS = 100  # the distinct values looked through for a paste's first date written as text


def other_reading(value, day: dt.date, order: str) -> tuple[str, dt.date] | None:
    """The other date order and the date in it of a text read as ``day`` in ``order`` (Settings' Date order),
    when it reads as two real dates (``09/02/2026``: 2 September month-first, 9 February day-first); None for a
    date cell, or a text that reads one way only.  A Log Session date and Settings' As-of date are so named."""
    if not reads_two_ways(value):
        return None
    return "day-first" if order == "month-first" else "month-first", dt.date(day.year, day.day, day.month)


def reads_two_ways(value) -> bool:
    """Whether a cell is a text whose day and month, either way round, make two dates (``09/02/2026``)."""
    m = WEEKDAY_DATE.match(value) if isinstance(value, str) else None
    return m is not None and int(m.group(1)) != int(m.group(2)) and max(int(m.group(1)), int(m.group(2))) <= 12


def two_readings(order: str, day: dt.date, other: str, swapped: dt.date) -> tuple[str, str]:
    """The words that name a text date reading two ways (:func:`other_reading`), wherever it is typed: how it was
    read and how else it would be, and how to type it so that it cannot be read two ways."""
    return (f"read {order} (the Settings date order) as {day:%Y-%m-%d}; {other} it would be {swapped:%Y-%m-%d}",
            f"as a date, or as {day:%Y-%m-%d} or {swapped:%Y-%m-%d}, whichever it is, so that it cannot be read "
            "two ways")


def _is_date(year: int, month: int, day: int) -> bool:
    """Whether a day, month and year make a date; a two-digit year as :mod:`coerce` reads it (00-69: 20xx)."""
    try:
        dt.date(coerce.full_year(year), month, day)
    except ValueError:
        return False
    return True


def date_orders(col: pd.Series, order: str, sheet: str, issues: Issues, where: pd.DataFrame,
                stated: Mapping[int, tuple[str, str]] | None = None,
                proved: Mapping[int, tuple] | None = None) -> list[tuple[np.ndarray | None, str]]:
    """The order each paste of a sheet's text dates is read in, as (the rows it holds, None for all, order).

    Each export pasted under a header of its own writes its dates its own way: a paste whose texts prove an
    order is read in it (:func:`paste_date_order`), and only its own date cells are named as turned by them.
    A day-first export pasted under a month-first one is so read day-first and the month-first rows
    month-first, where one order for the sheet read the day-first export's 04/03 as 3 April and its 13/03 as
    no date; and an export of date cells is not named as turned by the texts of another pasted below it.  A
    paste proving nothing is read in the order the sheet's other pastes are read in when they agree, else in
    ``order`` (Settings').  ``stated``: paste -> (order, what states it) of a paste whose call date header states
    its order (``Date (dd/mm/yyyy)``, :func:`~.qualifiers.header_notes`), or that is the export of pastes on other
    sheets proving one (:func:`same_exports`): read in it unless its own texts prove the other, whatever the other
    pastes are read in.  ``proved``: :func:`export_proofs` of the pastes, when found already."""
    pastes = where["paste"].to_numpy()
    stated, proved = stated or {}, proved or {}
    if not len(pastes) or (pastes == pastes[0]).all():  # (one paste, as most sheets hold: no search of them)
        own, source = stated.get(pastes[0], (order, "Settings")) if len(pastes) else (order, "Settings")
        proofs = proved[pastes[0]][1] if len(pastes) and pastes[0] in proved else None
        return [(None, paste_date_order(col, own, sheet, issues, where, proofs, source=source))]
    keys = pd.unique(pastes)
    if any(k in stated for k in keys):  # a paste whose header states its order is read in it; the others as below
        own = np.isin(pastes, [k for k in keys if k in stated])
        out: list[tuple[np.ndarray | None, str]] = []
        for k in (k for k in keys if k in stated):
            m = pastes == k
            out.append((m, paste_date_order(col[m], stated[k][0], sheet, issues, where[m], proved.get(k, (0, None))[1],
                                            _rows_of(sheet, where[m]), stated[k][1])))
        if not own.all():
            out += [(~own if m is None else _spread(~own, m), o)
                    for m, o in date_orders(col[~own], order, sheet, issues, where[~own], proved=proved)]
        return out
    rows = [pastes == k for k in keys]
    proofs = [proved[k][1] if k in proved else _proofs(col[m]) for k, m in zip(keys, rows)]
    proving = [(m, ps) for m, ps in zip(rows, proofs) if ps]
    if not proving:
        return [(None, order)]
    if len({p for _, ps in proving for p in ps}) == 1:  # the pastes that prove an order agree: one note for them
        those = np.logical_or.reduce([m for m, _ in proving])
        return [(None, paste_date_order(col[those], order, sheet, issues, where[those]))]
    read = [paste_date_order(col[m], order, sheet, issues, where[m], ps, _rows_of(sheet, where[m])) if ps else None
            for m, ps in zip(rows, proofs)]
    agreed = {r for r in read if r is not None}
    unproven = agreed.pop() if len(agreed) == 1 else order
    orders = [unproven if r is None else r for r in read]
    return [(np.logical_or.reduce([m for m, o in zip(rows, orders) if o == one]), one)
            for one in dict.fromkeys(orders)]


def export_proofs(col: pd.Series, where: pd.DataFrame, heads_of: Mapping[int, Mapping], stated: Mapping[int, tuple]
                  ) -> dict[int, tuple[tuple, dict[str, str], int]]:
    """Per paste of text call dates whose header states no order: (its header's words, the first date only
    possible in each order, :func:`_proofs`, and its first row), for :func:`proved_orders` and
    :func:`same_exports` (``heads_of``: :func:`~coachlog_xl.core.layout.to_long`'s; ``stated``: as in
    :func:`date_orders`)."""
    pastes, out = where["paste"].to_numpy(), {}
    for k in pd.unique(pastes):
        if k in stated or "words" not in heads_of.get(k, {}):
            continue
        m = pastes == k
        out[k] = (heads_of[k]["words"], _proofs(col if m.all() else col[m]), int(where["row"].to_numpy()[m][0]))
    return out


def proved_orders(found: list[tuple[str, Mapping]], beside=None) -> dict[tuple, dict[str, list[tuple[str, str]]]]:
    """A header's words -> each order its pastes prove -> the (sheet, first date only possible in it) of each
    paste proving it, of ``found``: (sheet, :func:`export_proofs`) per sheet; a paste proving both orders proves
    none.  ``beside``: a callable giving the same of other sheets (the workbook's, beside an export it imports),
    called only when a paste proves nothing."""
    out: dict[tuple, dict[str, list[tuple[str, str]]]] = {}
    for sheet, pastes in found:
        for words, proofs, _ in pastes.values():
            if len(proofs) == 1:
                (order, example), = proofs.items()
                out.setdefault(words, {}).setdefault(order, []).append((sheet, example))
    if beside is not None and any(not proofs for _, pastes in found for _, proofs, _ in pastes.values()):
        for words, orders in beside().items():
            for order, where in orders.items():
                out.setdefault(words, {}).setdefault(order, []).extend(where)
    return out


def same_exports(sheet: str, pastes: Mapping[int, tuple], proved: Mapping[tuple, Mapping], order: str,
                 issues: Issues) -> dict[int, tuple[str, str]]:
    """paste -> (order, what says it) of each of a sheet's ``pastes`` (:func:`export_proofs`) whose dates prove
    no order (no day above 12) but whose header is that of pastes on other sheets proving one (``proved``:
    :func:`proved_orders`): the same export of another week, which writes its dates the same way, so read in
    that order, where Settings' ``order`` would put its 02/04 on another day and its 08/04 months away; with a
    warning where that is not ``order``.  Where those pastes prove both orders, ``order``, with a warning naming
    them: its dates may be on the wrong day.  Read as :func:`date_orders` reads a paste whose header states its
    order."""
    out: dict[int, tuple[str, str]] = {}
    for k, (words, proofs, row) in pastes.items():
        others = {o: [w for w in where if w[0] != sheet] for o, where in proved.get(words, {}).items()}
        others = {o: where for o, where in others.items() if where}
        if proofs or not others:
            continue
        if len(others) == 1:
            (own, where), = others.items()
            out[k] = own, f"the same export on {_sheets(where)}"
            if own != order:
                issues.add(
                    Code.DATE_ORDER_OF_EXPORT, sheet, row, "call date", None,
                    f'{sheet}: its dates show no order (no day above 12), and are read {own}, as the export with the '
                    f'same header on {_sheets(where)} writes them ("{where[0][1]}" is only possible {own}), though '
                    f"Settings says {order}.",
                    f"Check that this is that export of another week (its calls' dates then as the platform shows "
                    f"them); if it is another platform's, whose dates are {order}, write its order in its call date "
                    "header (Date (dd/mm/yyyy) or (mm/dd/yyyy)).")
            continue
        out[k] = order, "Settings"
        said = "; ".join(f'{o} on {_sheets(where)} ("{where[0][1]}")' for o, where in sorted(others.items()))
        issues.add(
            Code.DATE_ORDERS_DIFFER, sheet, row, "call date", None,
            f"{sheet}: its dates show no order (no day above 12), and the pastes with its header prove both: {said}; "
            f"its dates such as 03/04 are read {order}, as Settings says, so some may be on the wrong day.",
            "Write this paste's order in its call date header (Date (dd/mm/yyyy) or (mm/dd/yyyy)), or export the "
            "file again with dates written one way (2025-04-03 is never ambiguous).")
    return out


def _sheets(where: list[tuple[str, str]]) -> str:
    """The sheets of (sheet, example) pairs, each once: ``Scores t16a and Scores t17a``."""
    return listed(dict.fromkeys(s for s, _ in where))


def _spread(within: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``rows``, a mask of the positions ``within`` holds, as a mask of all positions."""
    out = np.zeros(len(within), dtype=bool)
    out[np.flatnonzero(within)[rows]] = True
    return out


def _rows_of(sheet: str, where: pd.DataFrame) -> str:
    """A paste named by its rows in messages (``Scores rows 5-40``): the sheet's other pastes are read otherwise."""
    rows = where["row"].to_numpy()
    return f"{sheet} rows {rows.min()}-{rows.max()}"


def _proofs(col: pd.Series) -> dict[str, str]:
    """The first text date of ``col`` only possible in each order (``{"day-first": "13/04/2025"}``)."""
    proofs: dict[str, str] = {}
    values = pd.unique(col.to_numpy(dtype=object))
    # an export writes its dates one way: the first of its first texts that is a date (not a placeholder
    # such as "-" or "N/A") says whether they begin with a weekday (a match that allows one takes up to
    # twice the CPU on a million dates without, and an ISO column holds none of either)
    leading = next((m for v in values[:FIRST_TEXTS] if isinstance(v, str) and (m := WEEKDAY_DATE.match(v))), None)
    match = WEEKDAY_DATE.match if leading and not SLASHED_DATE.match(leading.string) else SLASHED_DATE.match
    for v in values:
        m = match(v) if isinstance(v, str) else None
        if m is None:
            continue
        first, second = int(m.group(1)), int(m.group(2))
        proves = "day-first" if first > 12 >= second else "month-first" if second > 12 >= first else None
        if proves and not _is_date(int(m.group(3)), second if proves == "day-first" else first, max(first, second)):
            continue  # 31/04: no date either way (April has 30 days), so no proof of either
        if proves:
            proofs.setdefault(proves, v)
        if len(proofs) == 2:
            break
    return proofs


def column_order(col: pd.Series, order: str) -> str:
    """The order a column's slashed text dates are read in: the one its own texts alone prove (a day above 12 first:
    day-first), else the Settings ``order``."""
    proofs = _proofs(col)
    return next(iter(proofs)) if len(proofs) == 1 else order


def paste_date_order(col: pd.Series, order: str, sheet: str, issues: Issues, where: pd.DataFrame | None = None,
                     proofs: dict[str, str] | None = None, whose: str | None = None, source: str = "Settings") -> str:
    """The order a paste's slashed text dates are read in: the Settings ``order``, unless one of its
    dates is only possible in the other (``13/04/2025``: day-first) and none only in ``order``; then
    the other, with a note (an export writes its dates one way: under the wrong order its 03/04 would
    be on the wrong day and its 13/04 unreadable).  A date that is no date in the order it would prove
    either (``31/04/2025``: April has 30 days) proves nothing: it is unreadable in both.  A paste with
    dates only possible in each order is an error, read in ``order``: its ambiguous dates may be on the
    wrong day.  Date cells beside texts proving one order are named (see :func:`_turned_cells`;
    ``where``: a frame whose ``sheet`` and ``row`` columns place each of ``col``'s cells; ``proofs``: what
    :func:`_proofs` found in ``col``, when looked for already; ``whose``: the paste's name in messages, where
    it is not the whole sheet; ``source``: what says ``order``, in messages)."""
    whose = whose or sheet
    if proofs is None:
        proofs = _proofs(col)
    if len(proofs) == 1 and where is not None:
        _turned_cells(col, *next(iter(proofs.items())), where, issues)
    other = next((p for p in proofs if p != order), None)
    if other is None:
        return order
    rows = {p: first_row_of(col, v, where) for p, v in proofs.items()}
    at = {p: "" if r is None else f" (row {r})" for p, r in rows.items()}
    if order in proofs:
        issues.add(
            Code.DATE_ORDER, sheet, rows[other], "call date", proofs[other],
            f'{whose}: the date "{proofs[other]}"{at[other]} is only possible {other} and "{proofs[order]}"{at[order]} '
            f"only {order}, so its dates are written both ways; its ambiguous dates such as 03/04 are read {order}, "
            f"as {source} says, so some may be on the wrong day.",
            "Correct the dates written the other way, or export the file again with dates written one way "
            "(2025-04-03 is never ambiguous).")
        return order
    issues.add(
        Code.DATE_ORDER_OF_PASTE, sheet, rows[other], "call date", proofs[other],
        f'{whose}: its dates are read {other} (the date "{proofs[other]}"{at[other]} is only possible {other}), though '
        f"{source} says {order}.",
        "Nothing to do if that is right; a paste whose dates do not show their order is read as pastes under its "
        "header on other sheets prove, else as the other pastes of its sheet are when they agree, else in the "
        "Settings date order.")
    return other


def _turned_cells(col: pd.Series, written: str, example: str, where: pd.DataFrame, issues: Issues) -> None:
    """A warning naming the date cells of a column whose text dates prove they were written ``written``:
    a spreadsheet that opened the export reading dates the other way left those texts (``13/04/2025``) as
    text and turned the others into date cells with day and month swapped (``03/04/2025``, 3 April as
    written, into 4 March), so a cell of a day up to 12 may be on the wrong day; one past the 12th was no
    such swap, nor one whose day and month are the same (``02/02/2025`` either way), nor one of a row whose
    Exclude holds a reason (the fix says to type one once the rows are pasted again as text)."""
    turned = per_value(col, _swappable, bool)
    if "exclude" in where and turned.any():
        turned = turned & (where["exclude"].to_numpy() == "")
    if not turned.any():
        return
    first = int(np.flatnonzero(turned)[0])
    sheet, row, cell, n = where["sheet"].iloc[first], where["row"].iloc[first], col.iloc[first], int(turned.sum())
    read = "month-first" if written == "day-first" else "day-first"
    issues.add(
        Code.DATE_CELLS_TURNED, sheet, row, "call date", f"{cell:%Y-%m-%d}",
        f'{sheet}: {count(n, "call date")} {"is a date cell" if n == 1 else "are date cells"} (first on row {row}: '
        f'{cell:%Y-%m-%d}) beside text '
        f'dates written {written} ("{example}"): a spreadsheet reading dates {read} that opened the export left '
        "those as text and may have made these dates with the day and month swapped (03/04/2025 into "
        f"{'4 March' if written == 'day-first' else '3 April'}).",
        "Import the export file with coachlog import (it reads its dates as written), or paste it again with the "
        "date column formatted as Text; then type a reason in the Exclude cells of these rows.")


def _swappable(value) -> bool:
    """Whether a cell is a date whose day and month, swapped, make another date."""
    return isinstance(value, dt.date) and value.day <= 12 and value.day != value.month
