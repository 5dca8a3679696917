"""Names of the parts of an Open XML package: a part's relationships part, and where a relationship's
target points.  The standard library only: the prefetch's second process uses them too
(:mod:`coachlog_xl.workbook.leadrows`), as the package writer does (:mod:`coachlog_xl.workbook.package`)."""

from __future__ import annotations

import posixpath


def rels_name(part: str) -> str:
    """The relationships part of ``part`` (``xl/_rels/workbook.xml.rels`` of ``xl/workbook.xml``)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve(part: str, target: str) -> str:
    """A relationship target as a part name (no leading slash)."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target)).lstrip("/")
