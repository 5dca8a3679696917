"""The text of a CSV export as rows of cells: its encoding, its separator and its fields.

Only the standard library: the command line reads an export's text in a second process while the
first imports pandas (:mod:`coachlog_xl.workbook.prefetch`), and :mod:`coachlog_xl.workbook.exports`
reads it so where there is no second process.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from itertools import zip_longest

PLAIN_NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?")
EXCEL_DIGITS = 15  # a cell's number keeps 15 significant digits; Excel shows the rest as zeros
DELIMITERS = ",;\t|"
_NUMBER_START = frozenset("-0123456789")
# a plain number whose dot may group thousands (1.250, 12.500.000) as a decimal-comma file writes them
_DOTTED = re.compile(r"-?[1-9]\d{0,2}(?:\.\d{3})+")


def decode(data: bytes) -> tuple[str, int]:
    """The text of a CSV file and how many of its bytes its encoding could not read (:func:`decode_named`)."""
    text, bad, _ = decode_named(data)
    return text, bad


def decode_named(data: bytes) -> tuple[str, int, str]:
    """The text of a CSV file, whatever encoding a QA platform chose, how many of its bytes that
    encoding could not read (each read as U+FFFD), and the name of the one-byte encoding it was read in
    (``Windows-1252`` or ``Mac Roman``) where it holds bytes beyond ASCII that are not UTF-8, else ``""``.

    A file that is UTF-8 but for a few bytes (text pasted from a Windows program into the QA tool)
    is read as UTF-8: read as Windows-1252, every other accented letter in it would be garbled.  Only
    a file without one UTF-8 letter beyond ASCII is read in a one-byte encoding: Mac Roman where it
    looks like a Mac's (:func:`_mac_roman`), else Windows-1252.
    """
    if data.startswith(codecs.BOM_UTF8):  # (a Windows-1252 file a tool put a UTF-8 mark on: read as 1252)
        return _utf8_else_one_byte(data[len(codecs.BOM_UTF8):])
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # (before UTF-16's: FF FE begins both)
        return data.decode("utf-32", errors="replace"), 0, ""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), 0, ""
    if len(data) >= 4 and data[1:4] == b"\0\0\0":
        return data.decode("utf-32-le", errors="replace"), 0, ""
    if len(data) >= 4 and data[:3] == b"\0\0\0":
        return data.decode("utf-32-be", errors="replace"), 0, ""
    if len(data) >= 4 and data[1] == 0 and data[3] == 0:
        return data.decode("utf-16-le", errors="replace"), 0, ""
    if len(data) >= 4 and data[0] == 0 and data[2] == 0:
        return data.decode("utf-16-be", errors="replace"), 0, ""
    return _utf8_else_one_byte(data)


def _utf8_else_one_byte(data: bytes) -> tuple[str, int, str]:
    """``data`` read as UTF-8 (see :func:`decode_named`), or as Windows-1252 or Mac Roman when it holds not
    one UTF-8 character beyond ASCII and some byte that is not UTF-8."""
    text, bad = _utf8(data)
    if bad and len(text) - len(text.encode("ascii", "ignore")) == text.count("\ufffd"):
        if _mac_roman(data):  # not one UTF-8 character beyond ASCII
            return data.decode("mac_roman"), 0, "Mac Roman"
        return data.decode("cp1252", errors="replace"), 0, "Windows-1252"
    return text, bad, ""


# a byte beyond ASCII inside a word (an ASCII letter either side): an accented letter, or an apostrophe
_IN_WORD = re.compile(rb"(?<=[A-Za-z])[\x80-\xff](?=[A-Za-z])")
_APOSTROPHES = "\u2019\u2018\u00b4"  # (’ ‘ ´: between two letters, as in don’t, in either encoding)


def _mac_roman(data: bytes) -> bool:
    """Whether a file of one-byte text is Mac Roman (Excel for Mac's "CSV (Macintosh)") rather than
    Windows-1252: more of its bytes inside words are lower-case letters (or an apostrophe) read as Mac
    Roman than as Windows-1252 (byte 8E in ``Ren?e``: Mac Roman's ``Renée``, Windows-1252's ``RenŽe``; byte E9:
    Windows-1252's ``Renée``, Mac Roman's ``RenÈe``), or, with line ends of a bare CR (only a Mac's old
    line end: Windows writes CR LF), no fewer.  Where the two are even and the lines end otherwise, it is
    not: Windows-1252, which the import names."""
    mac = win = 0
    for m in _IN_WORD.finditer(data):
        byte = m.group()
        mac += _letter(byte.decode("mac_roman"))
        win += _letter(byte.decode("cp1252", errors="replace"))
    bare_cr = b"\r" in data and b"\n" not in data
    return mac > win or (bare_cr and mac == win)


def _letter(char: str) -> bool:
    """Whether a character read inside a word fits there: a lower-case letter, or an apostrophe."""
    return char.islower() or char in _APOSTROPHES


def _utf8(data: bytes) -> tuple[str, int]:
    """The UTF-8 text of ``data`` and how many bytes were not UTF-8 (read as U+FFFD)."""
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        return text, text.count("\ufffd") - data.count("\ufffd".encode())


def sniff_delimiter(text: str) -> str:
    """The separator whose most common number (> 1) of fields per record covers the most lines of the
    file (then: the most records, the most fields).

    More robust than ``csv.Sniffer`` on exports with a title line or quoted text full of commas.  Counting
    lines, not records, keeps a semicolon export with decimal commas and quoted comments over two lines
    from being read as comma-separated: by commas each of those lines is a record of two fields, but
    the header (without a comma) is none, so the semicolons' records cover one line more.
    """
    sample = text[:20000]
    best, best_score = ",", (0, 0, 0)
    for delim in DELIMITERS:
        records, lines, before = Counter(), Counter(), 0
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delim)
        for fields in reader:
            if len(fields) > 1:
                records[len(fields)] += 1
                lines[len(fields)] += reader.line_num - before
            before = reader.line_num
        if not records:
            continue
        width, count = max(records.items(), key=lambda kv: (kv[1], kv[0]))
        if (lines[width], count, width) > best_score:
            best, best_score = delim, (lines[width], count, width)
    return best


def cell(text: str):
    """A CSV field as a cell value: a plain number of at most 15 significant digits becomes a number,
    everything else stays text (a longer number, such as a telephony call id, would lose digits)."""
    if text[:1] in _NUMBER_START and PLAIN_NUMBER.fullmatch(text):
        digits = text.lstrip("-").replace(".", "").lstrip("0")
        if len(digits) > EXCEL_DIGITS:
            return text
        return float(text) if "." in text else int(text)
    return text if text != "" else None


_SEP_LINE = re.compile(r"sep=([^\r\n\"])\r?(\n|$)")  # Excel's first line naming the separator
_EXCEL_TEXT = re.compile(r'="(.*)"', re.S)  # ="000123": a field written for Excel to show as that text


def _as_excel_shows(text: str) -> str:
    """A CSV field written for Excel as the formula ``="..."`` (to keep ``000123`` or a date as text),
    as the text Excel shows; any other field as it is."""
    found = _EXCEL_TEXT.fullmatch(text)
    return found[1].replace('""', '"') if found else text


def layout(text: str) -> tuple[str, str, int]:
    """(the text without a first line ``sep=;``, which Excel writes to name the separator and does
    not show, its separator, the lines left out before it: 0 or 1)."""
    sep = _SEP_LINE.match(text)
    if sep:
        text = text[sep.end():]
    return text, sep[1] if sep else sniff_delimiter(text), 1 if sep else 0


def fields(text: str, delimiter: str) -> list[list]:
    """The rows of cells of a CSV text whose quotes all close (:func:`cell`; a field written for Excel
    as ``="000123"`` is the text Excel shows).  In a file not separated by commas (a decimal-comma
    file's is a semicolon), a number whose dot may group thousands (``1.250``) stays text, as written,
    unless its column writes a decimal point elsewhere (``87.5``): whether it is 1250 or 1.25 is the
    column's to tell (:func:`~coachlog_xl.core.coerce.column_decimal_comma`)."""
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    kept: list[str] = []
    read = cell if delimiter == "," else _cell_or_dotted(kept)
    # a field of any length (the reader's own limit, 131,072 characters, would stop the import; a cell's
    # 32,767 are said where the rows are written), the reader's limit as it was afterwards
    was = csv.field_size_limit(min(max(len(text), csv.field_size_limit()), 2**31 - 1))
    try:  # cell() inlined for text (most fields): only a field that starts like a number or = is looked at again
        out = [[read(v) if not v or v[0] in _NUMBER_START else _as_excel_shows(v) if v[0] == "=" else v for v in r]
               for r in rows]
    finally:
        csv.field_size_limit(was)
    if kept:
        _dots_of_decimal_points(out)
    return out


def _cell_or_dotted(kept: list[str]):
    """:func:`cell`, but for a number whose dot may group thousands: kept as its text (and in ``kept``)."""
    def read(text: str):
        if "." in text and _DOTTED.fullmatch(text):
            kept.append(text)
            return text
        return cell(text)
    return read


def _dots_of_decimal_points(rows: list[list]) -> None:
    """The numbers kept as text by :func:`_cell_or_dotted` made numbers (:func:`cell`) in the columns holding
    a number with a decimal point that groups no thousands (``87.5``, ``0.875``): those columns write a point."""
    for i, column in enumerate(zip_longest(*rows)):
        if not {float, str} <= set(map(type, column)):  # (a column with no decimal point keeps them all)
            continue
        for r, v in zip(rows, column):
            if type(v) is str and v[:1] in _NUMBER_START and _DOTTED.fullmatch(v):
                r[i] = cell(v)


def plain_rows(data: bytes) -> tuple[list[list], str] | None:
    """The rows of a CSV file's bytes and its separator when reading them needs no word to the user (every
    byte is of its encoding, every quote closes, the encoding is not a one-byte one the import names), else None."""
    text, bad, one_byte = decode_named(data)
    if bad or one_byte:  # (the import names the encoding read)
        return None
    text, delimiter, _ = layout(text)
    return None if text.count('"') % 2 else (fields(text, delimiter), delimiter)
