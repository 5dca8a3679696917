"""The namespace prefix of a worksheet part's root element: the one its rows are written and found with.

The root element is the first element after the prolog (a byte order mark, white space, the XML
declaration and other processing instructions, comments, a document type), not the first
``<...:worksheet`` in the text: a comment or processing instruction before the root may hold one with
another prefix, one that is not bound, or one that is not even a name (``<!--<9:worksheet-->``).
Rows written with such a prefix are not XML, and rows searched for with it are not found.

Imports nothing but :mod:`re`: the prefetch's second process uses it
(:mod:`~coachlog_xl.workbook.leadrows`, :mod:`~coachlog_xl.workbook.unvalued`), which imports
neither pandas nor numpy.
"""

from __future__ import annotations

import re

# what may stand before a part's root element: white space, the XML declaration and other processing
# instructions, comments, a document type (after a byte order mark)
_PROLOG = r"(?:\s++|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*+>)*+"
_ROOT = re.compile("\ufeff?" + _PROLOG + r"<([^\W\d][\w.\-]*:)?worksheet\b", re.S)
_ROOT_BYTES = re.compile(b"(?:\xef\xbb\xbf)?" + _PROLOG.encode()
                         + rb"<((?:[A-Za-z_]|[\x80-\xff])(?:[\w.\-]|[\x80-\xff])*:)?worksheet\b",
                         re.S)
_PROLOG_BYTES = re.compile(b"(?:\xef\xbb\xbf)?" + _PROLOG.encode(), re.S)
# the start of a part cut before its root element's name ends: a byte order mark cut short, or after
# the whole prolog so far a comment, processing instruction or document type not yet closed, or "<"
# and the start of a name ("worksheet" ends at a space, "/" or ">")
_CUT_BOM = re.compile(b"\xef(?:\xbb)?\\Z")
_CUT = re.compile(rb"(?:<!--(?:(?!-->).)*+|<\?(?:(?!\?>).)*+|<!(?!--)[^>]*+|<[^\s<>/!?]*+)?\Z", re.S)


def root_prefix(xml: str | bytes) -> str | None:
    """The prefix (with its colon) of the worksheet's root element, "" when it has none; None when
    ``xml`` does not start with a worksheet's root element after its prolog (not a worksheet, or cut
    before the root's name ends: see :func:`root_unread`)."""
    m = (_ROOT_BYTES if isinstance(xml, bytes) else _ROOT).match(xml)
    if m is None:
        return None
    group = m.group(1)
    return (group.decode("utf-8", "replace") if isinstance(group, bytes) else group) or ""


def prefix_of(xml: str | bytes) -> str:
    """The prefix (with its colon) of the worksheet's root element, the one its rows are written with
    ("" when it has none, or when ``xml`` is not a worksheet)."""
    return root_prefix(xml) or ""


def root_unread(xml: bytes) -> bool:
    """Whether ``xml``, the first bytes of a part read a piece at a time, ends before its root element's
    name does (in the prolog, or in that name): what follows may still make it a worksheet's root, so
    that :func:`root_prefix` can tell only once more is read.  False once the root's name is whole,
    or when what stands after the prolog can start no element (the part is not XML)."""
    return _CUT_BOM.match(xml) is not None or _CUT.match(xml, _PROLOG_BYTES.match(xml).end()) is not None
