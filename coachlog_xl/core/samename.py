"""Two criteria of the Criteria sheet that one name means: names match ignoring case, spaces and
punctuation, and Turkish ``İ`` and ``ı`` as ``i`` (:func:`~coachlog_xl.core.inputs.header_key`), so two
rows of other Criterion IDs whose names differ only so (``Greeting`` and ``GREETING``, ``Kır`` and ``Kir``)
name one criterion: a score under the later name counts for the first row's criterion, and the later
row's criterion gets none.  Said in Checks (``criterion-name-shared``); the rows of one Criterion ID, its
versions, are one criterion and say nothing here."""

from __future__ import annotations

import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import ROW, header_key


def same_named(criteria: pd.DataFrame, issues: Issues) -> None:
    """A warning for each Criteria row (``criteria`` by schema) whose name an earlier row of another
    Criterion ID has, as names are matched."""
    first: dict[str, tuple[str, str, str, int]] = {}  # name key -> (name, ID, ID key, row) of the first row
    for cid, name, row in zip(criteria["criterion_id"], criteria["name"], criteria[ROW]):
        name, cid = coerce.text(name), coerce.text(cid)
        key, id_key = header_key(name), header_key(cid)
        if not key or not id_key:
            continue
        was, was_id, was_key, was_row = first.setdefault(key, (name, cid, id_key, row))
        if was_key != id_key:
            issues.add(Code.CRITERION_NAME_SHARED, schema.CRITERIA.name, row, "Criterion", name,
                       f'Criteria row {row}: "{name}" has another Criterion ID ({cid}) than "{was}" on row {was_row} '
                       f"({was_id}), and names are matched without case, spaces and punctuation (Turkish İ and ı "
                       f'as i): scores under "{name}" count for {was_id}, none for {cid}.',
                       f'If row {row} is a new version of "{was}" (its definition changed), type {was_id} in its '
                       "Criterion ID: a new version is a row with the same Criterion ID, its own Version and Effective "
                       f'from. If it is another criterion, give it a name that differs from "{was}" in more than case, '
                       "spaces and punctuation.")
