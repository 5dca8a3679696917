"""The HeaderMap lines a workbook made by an earlier version lacks: the template's HeaderMap table on Settings
is the workbook's own once made, so export headers the package learnt to read since (``Date of call``) are not
read in it until a line names them.  A paste missing a field names such a header when the paste has it."""

from __future__ import annotations

from collections.abc import Mapping

from coachlog_xl import schema
from coachlog_xl.core.coerce import text
from coachlog_xl.core.inputs import header_key
from coachlog_xl.core.qualifiers import loose_positions, split


def newer_lines(header_map: Mapping, field: str, headers: list) -> list[str]:
    """The paste's ``headers`` that the template's HeaderMap gives as ``field`` and the workbook's ``header_map``
    names under no field at all (a line it lacks, not one it maps elsewhere), as the paste writes them; a header
    with a qualifier after it (``Date of call (UTC)``) as the reader takes it (:mod:`~coachlog_xl.core.qualifiers`)."""
    known = {header_key(h) for names in header_map.values() for h in names}
    lacking = [h for h in schema.DEFAULT_HEADER_MAP.get(field, ()) if header_key(h) not in known]
    wanted = {header_key(h) for h in lacking}
    plain = [text(h) for h in headers if text(h) and header_key(text(h)) in wanted]
    # a qualifier is set aside as a workbook holding those lines too would set it aside (judged against every
    # field's names), for a header whose name before it is one of them
    whole = {f: [*names, *(lacking if f == field else ())] for f, names in header_map.items()}
    whole.setdefault(field, list(lacking))
    loose = [p for p in loose_positions(headers, whole).get(field, [])
             if (parts := split(headers[p])) is not None and header_key(parts[0]) in wanted]
    return plain + [text(headers[p]) for p in loose]
