"""A Scores rep cell naming several reps (``Dana Cruz / Li Wei``, as an export's Agents column lists everyone on a
call): the call is none of theirs alone, so the words of its check differ from a misspelling's."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coachlog_xl.core.names import Directory

_SEPARATORS = re.compile(r"\s*(?:[/;|&+,]|\band\b)\s*", re.I)


def several_reps(name, reps: Directory) -> list[str]:
    """The reps an unknown rep cell names, each part between separators a known rep (two or more), else none:
    ``Cruz, Dana`` is one rep's name written last name first, and a part naming no rep makes it no list."""
    parts = [p for p in _SEPARATORS.split(str(name)) if p]
    found = [reps.resolve(p) for p in parts] if len(parts) > 1 else []
    if len(parts) < 2 or None in found or len(set(found)) < 2:
        return []
    return list(dict.fromkeys(found))


def several_words(names: list[str]) -> tuple[str, str]:
    """What a check says of a cell naming ``names``, and its fix."""
    return (f"names {len(names)} reps ({', '.join(names)}): a call scored for several reps counts for none of them "
            "(their baselines wait for it).",
            "Type the one rep the scores are for (where the export names the scored rep in a column of its own, "
            "make that column the rep in the HeaderMap table on Settings), or type a reason in the rows' Exclude "
            "cells.")
