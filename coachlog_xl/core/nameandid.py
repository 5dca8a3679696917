"""A rep as exports write one with an ID: ``Dana Cruz (1001)``, the name then the agent ID in brackets.

Its name and its ID are each matched as a rep cell is (:class:`~coachlog_xl.core.names.RepDirectory`: the ID among a
rep's Other names, with or without leading zeros).  The cell is the rep both name, or the rep one names, only when
nothing in it may be another rep (:func:`may_be`): no other rep's name, nickname or ID, no ID two reps list in any
zeros, and, when the name alone is the rep's, no ID of the shape of the rep's own but another (``Ann Lee (2044)``
where Ann Lee's is 1001: a namesake).  Else it is an unknown rep, holding the baselines of all it may be.  A name of
one rep with another rep's ID is neither's, and Checks names both (``rep-name-and-id-differ``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from coachlog_xl.core.inputs import header_key
from coachlog_xl.core.severalreps import several_reps

if TYPE_CHECKING:
    from coachlog_xl.core.names import RepDirectory

# "Dana Cruz (1001)": a name, then one bracketed part at the end; neither holds a bracket
_NAME_ID = re.compile(r"^\s*([^()]*[^()\s])\s*\(\s*([^()]*[^()\s])\s*\)\s*$")


def name_and_id(text) -> tuple[str, str] | None:
    """The name and the ID of a cell written ``Name (ID)``, or None for a cell written otherwise."""
    found = _NAME_ID.match(text) if isinstance(text, str) and text.rstrip().endswith(")") else None
    return (found[1], found[2]) if found else None


def bare_id(key: str) -> str:
    """An id of digits without its leading zeros (``0101``: ``101``; ``000``: ``0``)."""
    return key.lstrip("0") or "0"


def id_shape(text) -> str | None:
    """The shape of an ID: ``digits`` (``1001``, ``01001``) or ``code`` (letters and digits: ``E1001``); None for a
    text with no digit (a name, a team, ``Sr.``) or an address."""
    key = header_key(text) if isinstance(text, str) and "@" not in text else ""
    return None if not any(ch.isdigit() for ch in key) else "digits" if key.isdigit() else "code"


def may_be(parts: tuple[str, str], reps: RepDirectory) -> list[str]:
    """The reps a cell written ``Name (ID)`` (``parts``: its name and ID) may be, but for the known spellings whose
    words it holds (:meth:`~.directory.Directory.hints`): the rep of its name and of its ID, every rep listing the ID
    in any zeros, the reps a part shares or lists several of, and, beside a part one rep is, the near misses of the
    other part (a cell neither part of which is a rep's is no rep's anyway: its near misses as a whole suffice)."""
    found = [reps.resolve(part) for part in parts]
    key, one = header_key(parts[1]), (found[0] is None) != (found[1] is None)
    found += reps.ids.get(bare_id(key), []) if key.isdigit() else []
    for part, hit in zip(parts, found[:2]):
        found += [*reps.sharing(part), *several_reps(part, reps), *(reps.near(part) if one and hit is None else ())]
    return [rep for rep in dict.fromkeys(found) if rep is not None]


def named_rep(text, reps: RepDirectory) -> str | None:
    """The rep a cell written ``Name (ID)`` is: the rep its name and its ID both are, or the one either is, when its
    hints (:meth:`RepDirectory.hints <.names.RepDirectory.hints>`: :func:`may_be`, and the spellings whose words it
    holds) name no other rep, and, the name alone the rep's, the ID is not of the shape of one the rep lists;
    None for a cell written otherwise, or naming no rep, or two (:func:`two_reps`)."""
    parts = name_and_id(text)
    if parts is None:
        return None
    by_name, by_id = reps.resolve(parts[0]), reps.resolve(parts[1])
    rep = by_id if by_name is None else by_name if by_id is None or by_id == by_name else None
    if rep is None or by_id is None and id_shape(parts[1]) in reps.id_shapes.get(header_key(rep), ()):
        return None
    return rep if set(reps.hints(text)) <= {rep} else None


def two_reps(text, resolve) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """For a cell written ``Name (ID)`` whose name is one rep's and whose ID another's: (its name, that rep) and
    (its ID, the other rep); else None."""
    parts = name_and_id(text)
    if parts is None:
        return None
    by_name, by_id = resolve(parts[0]), resolve(parts[1])
    if by_name is None or by_id is None or by_name == by_id:
        return None
    return (parts[0], by_name), (parts[1], by_id)


def two_reps_said(pair: tuple[tuple[str, str], tuple[str, str]]) -> str:
    """What a check says of a cell whose name and ID are two reps' (:func:`two_reps`), to follow the cell."""
    (name, by_name), (agent, by_id) = pair
    return f'names two reps: "{name}" is {by_name} and the ID "{agent}" is {by_id}\'s on the Reps sheet'


def two_reps_words(pair: tuple[tuple[str, str], tuple[str, str]]) -> tuple[str, str]:
    """What a Scores check says of a cell whose name and ID are two reps' (:func:`two_reps`), and its fix."""
    agent, by_id = pair[1]
    return (f"{two_reps_said(pair)}, so its scores count for neither (both baselines wait for it).",
            f"Correct the name or the ID where the export was made and paste the rows again; or, if the Reps sheet is "
            f'wrong, take "{agent}" out of the Other names of the rep it is not, and type it among the right one\'s.')
