"""The check of the save made cheaper for a computed sheet's rows: a pattern in place of expat for them.

The check of a saved file parses every XML part a refresh writes (:mod:`coachlog_xl.workbook.safety`),
and expat takes about a second for the 80 MB of rows a refresh of a million score rows writes.  Whole
rows as :func:`~coachlog_xl.workbook.sheetxml.computed_sheet` writes them are matched instead by
:func:`rows_pattern`, twice as fast, and expat parses all the rest of the part with, in place of each
run of rows so matched, two empty elements (:data:`PROBE`); the part is well-formed exactly when that
is, for these reasons:

- every text the pattern matches is a sequence of elements, each well-formed: a fixed set of tags,
  each closed by its own end tag (the same name, the same prefix), attributes fixed in name and order
  (none twice) whose values hold only letters and digits, and text without ``<``, ``>`` (so no
  ``]]>``) or a control character XML forbids, and no reference but ``&amp;``, ``&lt;``, ``&gt;`` and
  ``&#13;``; the bytes are UTF-8 (checked where they are not ASCII) without U+FFFE or U+FFFF;
- the two elements of the probe are parsed, in the call that feeds them and nothing else, as two
  sibling elements, so that where the rows stand is the content of an open element (not the
  document's top level, where a second element is an error, nor a comment, a CDATA section, a
  processing instruction or a tag, where no element is parsed);
- there, one sequence of well-formed elements can stand for another: the grammar of an element's
  content does not depend on which elements it holds.

Anything else (a chunk not marked :class:`RowsXml`, a row the pattern does not match and all that
follows it in the chunk) is parsed by expat as before.  Where the probe is not parsed as two
elements, or the part does not parse, the part is parsed whole by expat after all, so that what is
said of a part that does not parse is what a parse of it whole says.
"""

from __future__ import annotations

import functools
import re

PROBE = b"<coachlog-rows/><coachlog-rows/>"
PROBE_NAME = "coachlog-rows"
_TEXT = rb"(?:[^<>&\x00-\x08\x0b\x0c\x0e-\x1f]++|&(?:amp|lt|gt|#13);)*+"
_PREFIX = re.compile(r"(?:[A-Za-z_][A-Za-z0-9_.-]*:)?")  # an element's prefix as XML names allow it (ASCII)
_NOT_XML = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")  # U+FFFE and U+FFFF, which XML does not allow


class RowsXml(bytes):
    """A chunk of a worksheet's XML (``text`` encoded as UTF-8) that starts where a row of its sheet
    data may start: after the rows before it, in the sheet data's content; its rows written with the
    worksheet's ``prefix`` as :func:`rows_pattern` matches them, and after them any XML (the end of the
    sheet data)."""

    def __new__(cls, text: str, prefix: str) -> RowsXml:
        made = super().__new__(cls, text, "utf-8")
        made.prefix = prefix
        return made


@functools.cache
def rows_pattern(prefix: str) -> re.Pattern[bytes]:
    """Rows of cells as :func:`~coachlog_xl.workbook.sheetxml.computed_sheet` writes them (numbers, flags,
    inline strings; a row's height and hidden mark), in a worksheet whose tags have ``prefix``."""
    p = re.escape(prefix.encode("utf-8"))
    cell = (rb'<' + p + rb'c r="[A-Z]++[0-9]++"(?: s="[0-9]++")?+(?: t="inlineStr"><' + p + rb'is><' + p
            + rb't(?: xml:space="preserve")?+>' + _TEXT + rb'</' + p + rb't></' + p + rb'is>|(?: t="b")?+><' + p
            + rb'v>' + _TEXT + rb'</' + p + rb'v>)</' + p + rb'c>')
    row = (rb'<' + p + rb'row r="[0-9]++"(?: ht="[0-9]++" customHeight="1")?+(?: hidden="1")?+>(?:' + cell
           + rb')*+</' + p + rb'row>')
    return re.compile(rb"(?:" + row + rb")*+")


def whole_rows(chunk: RowsXml) -> int:
    """How many bytes at the start of ``chunk`` are whole rows :func:`rows_pattern` matches, well-formed
    wherever an element may stand (0 where they are not UTF-8 or hold U+FFFE or U+FFFF)."""
    if not _PREFIX.fullmatch(chunk.prefix):  # (a prefix XML does not allow, e.g. one starting with a digit)
        return 0
    end = rows_pattern(chunk.prefix).match(chunk).end()
    if end and not chunk.isascii():
        try:
            str(memoryview(chunk)[:end], "utf-8")
        except UnicodeDecodeError:
            return 0
        if any(chunk.find(bad, 0, end) != -1 for bad in _NOT_XML):
            return 0
    return end
