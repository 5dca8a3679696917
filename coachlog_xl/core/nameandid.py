"""A rep as exports write one with an ID: ``Dana Cruz (1001)``, the name then the agent ID in brackets.

Its name and its ID are each matched as a rep cell is (:class:`~coachlog_xl.core.names.RepDirectory`: the ID among a
rep's Other names, with or without leading zeros).  The cell is the rep both name, or the rep one names when the other
names nobody else (no rep, nor an Other name two other reps list).  A name of one rep with another rep's ID is
neither's: its scores count for nobody, and Checks names both (``rep-name-and-id-differ``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

# "Dana Cruz (1001)": a name, then one bracketed part at the end; neither holds a bracket
_NAME_ID = re.compile(r"^\s*([^()]*[^()\s])\s*\(\s*([^()]*[^()\s])\s*\)\s*$")


def name_and_id(text) -> tuple[str, str] | None:
    """The name and the ID of a cell written ``Name (ID)``, or None for a cell written otherwise."""
    found = _NAME_ID.match(text) if isinstance(text, str) and text.rstrip().endswith(")") else None
    return (found[1], found[2]) if found else None


def named_rep(text, resolve: Callable, sharing: Callable) -> str | None:
    """The rep a cell written ``Name (ID)`` is (``resolve``: a spelling's rep, or None; ``sharing``: the reps listing
    it as an Other name, when several do): the rep its name and its ID both are, or the one either is while the other
    is no one else's; None for a cell written otherwise, or naming no rep, or two (:func:`two_reps`)."""
    parts = name_and_id(text)
    if parts is None:
        return None
    by_name, by_id = resolve(parts[0]), resolve(parts[1])
    if by_name is None and by_id is None or by_name is not None and by_id is not None:
        return by_name if by_name == by_id else None
    rep, other = (by_name, parts[1]) if by_id is None else (by_id, parts[0])
    others = sharing(other)
    return rep if not others or rep in others else None


def two_reps(text, resolve: Callable) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """For a cell written ``Name (ID)`` whose name is one rep's and whose ID another's: (its name, that rep) and
    (its ID, the other rep); else None."""
    parts = name_and_id(text)
    if parts is None:
        return None
    by_name, by_id = resolve(parts[0]), resolve(parts[1])
    if by_name is None or by_id is None or by_name == by_id:
        return None
    return (parts[0], by_name), (parts[1], by_id)


def two_reps_words(pair: tuple[tuple[str, str], tuple[str, str]]) -> tuple[str, str]:
    """What a check says of a cell whose name and ID are two reps' (:func:`two_reps`), and its fix."""
    (name, by_name), (agent, by_id) = pair
    return (f'names two reps: "{name}" is {by_name} and the ID "{agent}" is {by_id}\'s on the Reps sheet, so its '
            "scores count for neither (both baselines wait for it).",
            f"Correct the name or the ID where the export was made and paste the rows again; or, if the Reps sheet is "
            f'wrong, take "{agent}" out of the Other names of the rep it is not, and type it among the right one\'s.')
