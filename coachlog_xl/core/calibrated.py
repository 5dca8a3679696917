"""Scores rows an export marks as a calibration's in an evaluation-type column (a Salesforce-like ``Evaluation Type``
of ``Standard`` or ``Calibration``).  domain.md's rule stands: several evaluators on one call count as one call with
their mean.  But a calibration evaluation is often a QA team's exercise on a call already scored, not a production
score; where the export says so, the calibration's note (``calibration-merged``) names the rows so marked and the
Exclude reason that keeps them out, instead of saying there is nothing to do (:func:`~.repeatnotes.calibrations`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.distinct import per_value
from coachlog_xl.core.inputs import ROW, RawTable

MARK = "calibration"  # the column :func:`marked` adds to the normalised rows where an export marks some
# an evaluation's type, as exports head it (Evaluation Type, Review type, QA_Eval_Kind, Type); a call's is no such
TYPE_HEADER = re.compile(r"(?:evaluation|review|eval|audit|assessment|qa)[\s_:.-]*(?:type|kind)\b"
                         r"|^\s*(?:type|kind)\s*$", re.I)
CALIBRATION = re.compile(r"^\s*calibrat", re.I)  # Calibration, calibration session, Calibrated


def marked(rows: pd.DataFrame, tables: list[RawTable], shown: dict | None = None) -> pd.DataFrame:
    """``rows`` (the normalised Scores: ``sheet`` and ``row`` each) with :data:`MARK` true on those whose sheet row an
    evaluation-type column of its paste (by the paste's own header: ``shown``, each sheet's pastes' header rows,
    :attr:`~.calls.Normalised.shown`) marks as a calibration's; as they are where none is."""
    found = {t.sheet: _rows(t, [r for r, _ in (shown or {}).get(t.sheet, ())]) for t in tables}
    found = {s: r for s, r in found.items() if len(r)}
    if not found or not len(rows):
        return rows
    sheets, numbers = rows["sheet"].to_numpy(dtype=object), rows["row"].to_numpy()
    mine = np.zeros(len(rows), dtype=bool)
    for sheet, at in found.items():
        mine |= (sheets == sheet) & np.isin(numbers, at)
    return rows.assign(**{MARK: mine}) if mine.any() else rows


def _rows(table: RawTable, heads: list[int]) -> np.ndarray:
    """The Excel rows of ``table`` whose evaluation-type cell says calibration: each paste's, below its header row
    (``heads``, the Excel rows of the pastes' headers; the sheet's own header's the first) to the next one, by the
    columns its own header heads so."""
    numbers = table.data[ROW].to_numpy()
    starts = sorted({table.header_row, *heads})
    ends = [*starts[1:], np.inf]
    out, said = [], {}  # (said: per column, its cells saying calibration, looked at once)
    for start, end in zip(starts, ends):
        headers = table.headers if start == table.header_row else _cells(table, start)
        inside = (numbers > start) & (numbers < end)
        for p, head in enumerate(headers):
            if p in table.data and inside.any() and TYPE_HEADER.search(coerce.text(head) or ""):
                if p not in said:
                    said[p] = per_value(table.data[p], lambda v: isinstance(v, str) and CALIBRATION.match(v)
                                        is not None, bool)
                out.append(numbers[said[p] & inside])
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def _cells(table: RawTable, row: int) -> list:
    """The cells of the sheet row ``row`` (a later paste's header), one per column of ``table``."""
    at = np.flatnonzero(table.data[ROW].to_numpy() == row)
    return [table.data[p].iloc[at[0]] if len(at) and p in table.data else None for p in range(len(table.headers))]
