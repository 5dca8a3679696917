"""Names of the parts of an Open XML package: a part's relationships part, where a relationship's
target points, and the name a package stores a part under.  The standard library only: the prefetch's second process
uses them too (:mod:`coachlog_xl.workbook.leadrows`), as the package writer does
(:mod:`coachlog_xl.workbook.package`)."""

from __future__ import annotations

import posixpath
import string
from collections.abc import Collection


def rels_name(part: str) -> str:
    """The relationships part of ``part`` (``xl/_rels/workbook.xml.rels`` of ``xl/workbook.xml``)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve(part: str, target: str) -> str:
    """A relationship target as a part name (no leading slash)."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target)).lstrip("/")


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def folded(name: str) -> str:
    """``name`` as part names compare: Open XML compares them ignoring the case of ASCII letters only
    (ECMA-376 Part 2, 6.2.2.3), so ``Sheet9.xml`` is ``sheet9.xml`` while ``Ä.png`` and ``ä.png`` are two
    parts (:meth:`str.lower` would fold those too)."""
    return name.translate(_ASCII_LOWER)


def stored_name(name: str, names: Collection[str]) -> str:
    """``name`` as ``names`` (a package's entries) holds it: part names compare ignoring case
    (:func:`folded`), so ``xl/worksheets/sheet9.xml`` is the part a zip stores as
    ``xl/worksheets/Sheet9.xml``, and a relationships part ``_rels/sheet9.xml.rels`` is that part's.
    A name held as it is written is taken first; ``name`` itself when none is held."""
    if name in names:
        return name
    key = folded(name)
    return next((held for held in names if folded(held) == key), name)


def alike_but_case(names: Collection[str]) -> tuple[str, str] | None:
    """Two of ``names`` that differ only in case (:func:`folded`; the first such pair, in order), or None: a package
    holding both breaks Open XML's rule that part names are unique ignoring case, and which of the two
    a reader takes for the part is its own choice."""
    seen: dict[str, str] = {}
    for name in names:
        first = seen.setdefault(folded(name), name)
        if first != name:
            return first, name
    return None


def alike_message(path, pair: tuple[str, str]) -> str:
    """What a command says of a file holding the two parts ``pair`` (:func:`alike_but_case`), which it
    leaves as it was."""
    return (f"{path}: not a readable .xlsx workbook; it holds two parts whose names differ only in case, "
            f"{pair[0]} and {pair[1]}, where a workbook holds one (a damaged or altered file, whose programs may "
            "each read a different one); the file is left as it was. Restore it from your last copy, or open it "
            "in Excel, which offers to repair it.")
