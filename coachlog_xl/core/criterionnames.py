"""A criterion's Other names: the spellings QA exports write it in (``ACK - Acknowledgement`` in one export,
``Acknowledge concern`` in another), matched as its Criterion and Criterion ID are (``header_key``).

They are read as a rep's are, one per line or between semicolons; not between commas, which criterion names hold
(``Hold, transfer``).  The rows of one Criterion ID (its versions) are one criterion, so its Other names are the
union of its rows'.  As on the Reps sheet, a criterion's own name or ID is never another criterion's other name
(``criterion-name-clash``), and an other name two criteria give is neither's (``shared-other-name``): its scores
count for neither until one of them drops it.  A spelling holding a semicolon (a question text) is typed there
without it (:func:`typed_among`): names match ignoring punctuation, so it matches, and the fixes say so.  A
workbook made before the column reads as before, and the fixes that name Other names say to add it (``coachlog
repair`` adds it at the end of the Criteria table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.directory import Directory
from coachlog_xl.core.inputs import header_key

CRITERIA = schema.CRITERIA.name
OTHER_NAMES = schema.CRITERIA.column("other_names").header


@dataclass
class CriterionDirectory(Directory):
    """The criteria by name, Criterion ID and Other names; also which spellings are a criterion's own name or ID,
    each part between commas of an other name (``ACK - Ack`` of ``ACK - Ack, Acknowledge concern``: one name) with
    the criterion and the name it is part of, and whether the Criteria table has an Other names column at all."""

    own: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    comma_parts: dict[str, tuple[str, str]] = field(default_factory=dict)
    column: bool = True

    def is_own(self, name) -> bool:
        """Whether ``name`` is a criterion's own name or Criterion ID (not only one of its other names)."""
        return header_key(name) in self.own

    def is_name(self, name) -> bool:
        """Whether ``name`` is a criterion's own name (not its Criterion ID, nor one of its other names)."""
        return header_key(name) in self.names

    def where_typed(self, name, fix: str) -> str:
        """``fix``, a fix for an unknown spelling ``name`` that names Other names, as it holds here: a comma part of
        an other name is among them already, read as part of one name; a Criteria table made before the column has
        no Other names to type it in."""
        if (part := self.comma_parts.get(header_key(name))) is not None:
            return (f'"{name}" is already part of "{part[1]}" among {part[0]}\'s Other names, read as one name (a '
                    "criterion's name may hold a comma): if it is that criterion, put a semicolon or a new line "
                    "between the names there.")
        if not self.column:
            return (f"{fix} The Criteria table has no Other names column (the workbook was made before it): add one "
                    "at its end, or run `coachlog repair`, which adds it, and type the spelling there.")
        if ";" in str(name):
            return (f'{fix} Other names are split at semicolons, so type it there without its semicolon, as '
                    f'"{typed_among(name)}": names match whatever their punctuation.')
        return fix


def typed_among(name) -> str:
    """``name`` as it is typed among Other names to match it: without a semicolon, which splits them (a question
    text, ``Was it resolved; first time?``: ``Was it resolved first time?``, the same name to :func:`header_key`)."""
    return " ".join(str(name).replace(";", " ").split())


def other_names(cell) -> list[str]:
    """A Criteria row's Other names: one per line or between semicolons, blanks left out."""
    return [e.strip() for e in re.split(r"[;\n]", coerce.text(cell)) if e.strip()]


def add_other_names(d: CriterionDirectory, named: list[tuple[str, int, str, str, object]],
                    issues: Issues | None) -> CriterionDirectory:
    """``d``, the criteria by name and Criterion ID, with each criterion's Other names (``named``: each Criteria row's
    criterion as ``d`` names it, row, Criterion, Criterion ID and Other names cell, in order).  An other name that is
    another criterion's name or ID stays that criterion's, and one that two criteria give is neither's (kept in
    ``d.shared``, for the Scores rows under it to say so): with ``issues``, each such clash is named."""
    issues = issues if issues is not None else Issues()
    own: dict[str, tuple[str, int]] = {}  # a name or ID -> its criterion and the first row giving it
    for canonical, row, name, cid, _ in named:
        for text in (name, cid):
            if header_key(text):
                own.setdefault(header_key(text), (canonical, row))
    given: dict[str, tuple[str, int, str]] = {}  # other name -> the first criterion giving it, its row, as written
    for canonical, row, _, _, others in named:
        for other in other_names(others):
            key = header_key(other)
            if not key or own.get(key, ("",))[0] == canonical:  # (its own name or ID again)
                continue
            if key in own:
                issues.add(Code.CRITERION_NAME_CLASH, CRITERIA, row, "Other names", other,
                           f'Criteria row {row}: "{other}", among {canonical}\'s other names, is the criterion '
                           f"{own[key][0]} (Criteria row {own[key][1]}); it is read as that criterion.",
                           f"Take it out of {canonical}'s other names.")
            elif given.setdefault(key, (canonical, row, other))[0] != canonical:
                first, first_row, _ = given[key]
                if key not in d.shared:
                    d.shared[key] = [first]
                    issues.add(Code.SHARED_OTHER_NAME, CRITERIA, row, "Other names", other,
                               f'Criteria row {row}: "{other}" is an other name of both {first} (Criteria row '
                               f"{first_row}) and {canonical}; scores under it are counted for neither.",
                               "Keep it among the other names of the one criterion it means.")
                if canonical not in d.shared[key]:
                    d.shared[key].append(canonical)
    d.own = set(own)
    d.names = {header_key(name) for _, _, name, _, _ in named if header_key(name)}
    for key, (canonical, _, other) in given.items():
        for part in (p.strip() for p in other.split(",")) if "," in other else ():  # (for where_typed)
            if header_key(part) and header_key(part) not in own:
                d.comma_parts.setdefault(header_key(part), (canonical, other))
        if key not in d.shared:  # (an other name two criteria give is nobody's: no match, its rows hold both back)
            d.add(canonical, other)
    return d
