"""The words of a header about the call rather than its scoring (``Duration (sec)``, ``Handle time``, ``CSAT``,
``Evaluation ID``, ``Team``, ``Call #``): beside a band row's criteria, a column so headed under no criterion's band
is a side column (:func:`coachlog_xl.core.wide.scored_columns`, :func:`coachlog_xl.core.grouped.banded_header`)."""

from __future__ import annotations

import re

# the words of the call's details (a column headed otherwise, ``Courtesy``, is read as a criterion the Criteria sheet
# may lack)
ABOUT_CALL = {"duration", "length", "time", "sec", "secs", "seconds", "min", "mins", "minutes", "aht", "hold", "talk",
              "wait", "csat", "nps", "sat", "ces", "id", "ids", "count", "number", "no", "team", "site", "queue",
              "channel", "skill", "earned", "possible"}
# words a header about the call may hold beside those (``Evaluation ID``, ``Handle time``, ``Call #``)
_CALL_WORDS = ABOUT_CALL | {"handle", "handling", "evaluation", "call", "contact", "ticket", "case", "interaction",
                            "points", "avg", "average", "total", "of", "in", "s", "hh", "mm", "ss"}


def about_call(header: str) -> bool:
    """Whether a header is about the call, not a criterion's scoring: every word of it a word of the call's details
    (:data:`ABOUT_CALL`) or one they go with, at least one of the former (``Duration (sec)``, ``Handle time``,
    ``CSAT``, ``Team``, ``Call #``), where ``Hold time explained`` or ``Team handoff`` may name a criterion."""
    words = re.findall(r"[a-z]+", header.lower())
    return bool(words) and all(w in _CALL_WORDS for w in words) and (
        "#" in header or any(w in ABOUT_CALL for w in words))
