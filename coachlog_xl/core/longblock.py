"""A block's rows as raw cells of each field (:data:`FIELDS`), as :func:`~coachlog_xl.core.layout.to_long` reads a
long block (:func:`long_rows`: one row per score, a score header repeated once per evaluator one row per evaluator)
and the fields beside a wide block's criterion columns (:func:`base_rows`)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from coachlog_xl.core.distinct import filled
from coachlog_xl.core.inputs import ROW, RawTable, header_key
from coachlog_xl.core.percentcol import one_score, pairs

FIELDS = (
    "call_id", "rep", "call_at", "call_time", "criterion", "score", "max_score", "not_applicable", "call_type",
    "version", "evaluator", "graded_at", "recording", "exclude",
)
NORMALISED = re.compile(r"normali[sz]ed|percent|pct|%", re.I)  # a score header of a score out of 100 already


def base_rows(block: RawTable, data: pd.DataFrame, cols: dict) -> pd.DataFrame:
    """The block's rows as raw cells of :data:`FIELDS`; its maximum column only beside a score column that
    is not normalised already (``normalized_score``, ``score_percent``): points / maximum."""
    n = len(data)
    if "max_score" in cols and ("score" not in cols or NORMALISED.search(str(block.headers[cols["score"]]))):
        cols = {f: p for f, p in cols.items() if f != "max_score"}
    out = {"sheet": pd.Series(filled(n, block.sheet), dtype=object, copy=False),  # (not a list of n made first)
           "row": pd.Series(data[ROW].to_numpy(), copy=False)}
    for f in FIELDS:
        # raw cells stay as the reader gave them (an object column is not re-typed as text)
        values = data[cols[f]].to_numpy() if f in cols else np.full(n, None, dtype=object)
        out[f] = pd.Series(values, dtype=values.dtype, copy=False)
    # side by side: each column keeps its own array (a frame from a dict copies the object columns
    # into one block)
    return pd.concat([s.rename(k) for k, s in out.items()], axis=1)


def long_rows(block: RawTable, data: pd.DataFrame, cols: dict) -> pd.DataFrame:
    """Long layout; a score header repeated once per evaluator gives one row per evaluator."""
    key, beside = header_key(block.headers[cols["score"]]), pairs(block, cols)  # (a percent beside: no evaluator)
    score_cols = [p for p, h in enumerate(block.headers) if header_key(h) == key and p not in beside.values()]
    base = base_rows(block, data, cols).assign(score=one_score(block, data, cols, cols["score"], beside))
    if len(score_cols) == 1:
        return base
    eval_key = header_key(block.headers[cols["evaluator"]]) if "evaluator" in cols else None
    eval_cols = [p for p, h in enumerate(block.headers) if eval_key and header_key(h) == eval_key]
    parts = []
    for k, p in enumerate(score_cols, start=1):
        part = base.copy()
        part["score"] = one_score(block, data, cols, p, beside)
        before = [e for e in eval_cols if e < p]
        part["evaluator"] = data[before[-1]].to_numpy() if before else f"evaluator {k}"
        parts.append(part)
    return pd.concat(parts, ignore_index=True)
