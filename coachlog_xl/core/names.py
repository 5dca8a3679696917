"""Matching the names people type to reps and criteria.

Reps match the Reps sheet's Rep or any of its Other names; criteria match the Criteria sheet's
Criterion or Criterion ID.  Matching ignores case, spaces and punctuation, in every script, and keeps
accents (``header_key``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.inputs import header_key


@dataclass
class Directory:
    """Known names: normalised spelling -> canonical display name."""

    aliases: dict[str, str] = field(default_factory=dict)

    def add(self, canonical: str, *spellings: str) -> None:
        for s in (canonical, *spellings):
            key = header_key(s)
            if key:
                self.aliases.setdefault(key, canonical)

    def resolve(self, name) -> str | None:
        return self.aliases.get(header_key(name))

    def suggest(self, name) -> str | None:
        """The closest known name, for a "did you mean" hint; never used to merge."""
        keys = difflib.get_close_matches(header_key(name), list(self.aliases), n=1, cutoff=0.8)
        return self.aliases[keys[0]] if keys else None

    def __contains__(self, name) -> bool:
        return header_key(name) in self.aliases


def rep_directory(reps: pd.DataFrame) -> Directory:
    d = Directory()
    for rep, others in zip(reps["rep"], reps["other_names"]):
        name = coerce.text(rep)
        if not name:
            continue
        d.add(name, *[o for o in re.split(r"[;\n]", coerce.text(others)) if o.strip()])
    return d


def criterion_directory(criteria: pd.DataFrame) -> Directory:
    d = Directory()
    for cid, name in zip(criteria["criterion_id"], criteria["name"]):
        canonical = coerce.text(name) or coerce.text(cid)
        if canonical:
            d.add(canonical, coerce.text(cid))
    return d


def resolve_column(texts: pd.Series, directory: Directory) -> tuple[pd.Series, pd.Series]:
    """Canonical names for a column of stripped texts, and a mask of the ones not in the directory.

    Unknown values keep their own spelling, so two unknown spellings that normalise alike still
    match each other; a spelling with no letter or digit (an empty key) matches only itself.  Blank
    stays blank.
    """
    codes, uniques = pd.factorize(texts.astype(object), use_na_sentinel=False)
    canon, unknown = [], []
    first_spelling: dict[str, str] = {}
    for t in uniques:
        hit = directory.resolve(t)
        if hit is None:
            hit = first_spelling.setdefault(header_key(t) or t, t)
        canon.append(hit)
        unknown.append(t != "" and t not in directory)
    return (pd.Series(np.array(canon, dtype=object)[codes], index=texts.index, dtype=object, copy=False),
            pd.Series(np.array(unknown, dtype=bool)[codes], index=texts.index, dtype=bool, copy=False))
