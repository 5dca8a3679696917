"""Names that look garbled by a text file read in the wrong encoding (mojibake): ``RenÃ©e`` (UTF-8 read as
Windows-1252), ``RenŽe`` (Mac Roman read so), ``ŽR“c‘¾˜Y`` (Shift-JIS read so), ``£ukasz`` (Windows-1250 read so).

Such a spelling is never advised into Other names (that would keep the garbling for good): the fix is to import
the file read right (:func:`garbled`)."""

from __future__ import annotations

import re
import unicodedata

# the characters beyond ASCII, not letters, that names hold: ’ ‘ ´ “ ” « » – — · ™ ® © € °, the no-break space
_MARKS = frozenset("\u2019\u2018\u00b4\u201c\u201d\u00ab\u00bb\u2013\u2014\u00b7\u2122\u00ae\u00a9\u20ac\u00b0"
                   "\u00a0\u2010\u2011")
# a character of UTF-8 beyond ASCII, its two to four bytes (Ã© is é's C3 A9 read one byte a character)
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# a capital beyond ASCII between two lower-case letters (RenŽe, tožsamoŠci) or ending a lower-case word (JosÈ)
_CAPITAL_INSIDE = re.compile(r"(?<=[a-zà-ÿ])[^\x00-\x7f](?=[a-zà-ÿ]|\W|$)")
# a lower-case letter beyond ASCII between two capitals (JƒGER)
_LOWER_AMONG_CAPITALS = re.compile(r"(?<=[A-Z])[^\x00-\x7f](?=[A-Z])")


def garbled(name) -> bool:
    """Whether a name reads as text of one encoding read in another: UTF-8 read as Windows-1252 or Mac Roman
    (``RenÃ©e``, ``â€œ``: its characters are the bytes of a UTF-8 character), a symbol beyond ASCII (``£ukasz``,
    ``ŽR“c‘¾˜Y``, ``Wi¹tek``), a word of Latin letters and others (``Wiπtek``; 山田太郎 is a name), a capital beyond
    ASCII inside or ending a lower-case word (``RenŽe``, ``JosÈ``) or a lower-case one among capitals (``JƒGER``)."""
    text = str(name)
    if text.isascii():
        return False
    for codec in ("cp1252", "mac_roman"):
        try:
            if _UTF8_SEQUENCE.search(text.encode(codec)):
                return True
        except UnicodeError:
            pass
    for word in text.split():
        latin = other = False
        for char in word:
            if char.isalpha():
                if "LATIN" in unicodedata.name(char, ""):
                    latin = True
                else:
                    other = True
            elif not char.isascii() and char not in _MARKS:
                return True
        if latin and other:
            return True
    return any(m.group().isupper() for m in _CAPITAL_INSIDE.finditer(text)) \
        or any(m.group().islower() for m in _LOWER_AMONG_CAPITALS.finditer(text))
