"""Score columns named after their evaluators, as calibration exports write them (``Lee Score``, ``Kim Score``)."""

from __future__ import annotations

import re

import pandas as pd

from coachlog_xl.core.inputs import header_key
from coachlog_xl.core.wide import OVERALL

# words before "score" that make it an overall score, not an evaluator's (QA Score, Final Score, Max Score)
OVERALL_PREFIXES = {"total", "overall", "evaluation", "qa", "final", "max", "maximum", "raw", "normalized",
                    "normalised", "weighted", "average", "avg", "call", "agent", "quality", "percent"}
_NAMED_SCORE = re.compile(r"^\s*(\S.*?)[\s_:-]+score\s*$", re.I)


def named_scores(headers: list, cols: dict) -> dict[int, str]:
    """Score columns named after their evaluators, as calibration exports write them (``Lee Score``,
    ``Kim Score``): position -> evaluator, when there are two or more and no plain score column (an
    overall score such as ``QA Score`` or ``Total Score`` is not one)."""
    used = set(cols.values())
    out = {}
    for p, h in enumerate(headers):
        m = _NAMED_SCORE.match(h) if isinstance(h, str) and p not in used else None
        if m and header_key(h) not in OVERALL and header_key(m.group(1)) not in OVERALL_PREFIXES:
            out[p] = m.group(1).strip()
    return out if len(out) >= 2 else {}


def per_named_evaluator(base: pd.DataFrame, data: pd.DataFrame, named: dict[int, str]) -> pd.DataFrame:
    """A long layout with one score column per evaluator, named after them (``named``: column -> evaluator), one row
    per evaluator: ``base`` (the block's rows as raw cells of its fields) with each column's score and its evaluator."""
    return pd.concat([base.assign(score=data[p].to_numpy(), evaluator=evaluator) for p, evaluator in named.items()],
                     ignore_index=True)
