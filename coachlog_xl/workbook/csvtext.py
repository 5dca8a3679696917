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
import unicodedata
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
    text, bad, _, _ = decode_named(data)
    return text, bad


def decode_named(data: bytes) -> tuple[str, int, str, str]:
    """The text of a CSV file, whatever encoding a QA platform chose, how many of its bytes that
    encoding could not read (each read as U+FFFD), the name of the one-byte (or Shift-JIS) encoding it was read
    in where it holds bytes beyond ASCII that are not UTF-8, else ``""``, and, where another such encoding reads
    it as plausibly and otherwise, that encoding and a word it reads otherwise (``Mac Roman ("José" would read
    "JosÈ")``), else ``""``.

    A file that is UTF-8 but for a few bytes (text pasted from a Windows program into the QA tool)
    is read as UTF-8: read as Windows-1252, every other accented letter in it would be garbled.  Only
    a file without one UTF-8 letter beyond ASCII is read in another encoding (:func:`_one_byte`).
    """
    if data.startswith(codecs.BOM_UTF8):  # (a Windows-1252 file a tool put a UTF-8 mark on: read as 1252)
        return _utf8_else_one_byte(data[len(codecs.BOM_UTF8):])
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # (before UTF-16's: FF FE begins both)
        return data.decode("utf-32", errors="replace"), 0, "", ""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), 0, "", ""
    if len(data) >= 4 and data[1:4] == b"\0\0\0":
        return data.decode("utf-32-le", errors="replace"), 0, "", ""
    if len(data) >= 4 and data[:3] == b"\0\0\0":
        return data.decode("utf-32-be", errors="replace"), 0, "", ""
    if len(data) >= 4 and data[1] == 0 and data[3] == 0:
        return data.decode("utf-16-le", errors="replace"), 0, "", ""
    if len(data) >= 4 and data[0] == 0 and data[2] == 0:
        return data.decode("utf-16-be", errors="replace"), 0, "", ""
    return _utf8_else_one_byte(data)


def _utf8_else_one_byte(data: bytes) -> tuple[str, int, str, str]:
    """``data`` read as UTF-8 (see :func:`decode_named`), or in the encoding :func:`_one_byte` finds when it holds
    not one UTF-8 character beyond ASCII and some byte that is not UTF-8."""
    text, bad = _utf8(data)
    if bad and len(text) - len(text.encode("ascii", "ignore")) == text.count("\ufffd"):
        return _one_byte(data)
    return text, bad, "", ""


# the encodings a one-byte file is read in, the first where the evidence is even: (codec, name said)
ONE_BYTE = (("cp1252", "Windows-1252"), ("mac_roman", "Mac Roman"), ("cp1250", "Windows-1250"))
_GLUE = set("\u2018\u2019\u201a\u201c\u201d\u201e\u00b4`\u00ab\u00bb\u2039\u203a\u2013\u2014\u2011\u00ad"
            "\u2026\u2022\u00b7\u2122\u00ae\u00a9\u00b0\u00a0")  # (quotes, dashes, ™ ® ©: glued to words)
_OPENING = set("\u00bf\u00a1")  # (¿ ¡: starting a word, never inside one)
_LOWER, _UPPER, _SYMBOL, _OPENER, _NONE = "l", "u", "s", "p", "x"  # (a glue mark: "", never against a reading)


def _kind(char: str) -> str:
    """A character's class as evidence: a lower-case or capital Latin letter, a symbol (a Greek π among Latin
    letters too), a mark opening a word, an undefined byte or control, or "" (a mark glued to words)."""
    if char in _GLUE:
        return ""
    if char in _OPENING:
        return _OPENER
    if char.isalpha() and "LATIN" in unicodedata.name(char, ""):
        return _LOWER if char.islower() else _UPPER
    return _NONE if char == "\ufffd" or ord(char) < 0xA0 else _SYMBOL


# each byte beyond ASCII's class per encoding (one table each, looked up per distinct byte in context)
_KINDS = {codec: [_kind(bytes([b]).decode(codec, errors="replace")) for b in range(0x80, 0x100)]
          for codec, _ in ONE_BYTE}
# an ASCII byte's class as context: l(ower), u(pper), o(ther); a byte beyond ASCII stays itself
_CONTEXT = bytes((b"l" if 97 <= b <= 122 else b"u" if 65 <= b <= 90 else b"o")[0] if b < 0x80 else b
                 for b in range(256))
_IN_CONTEXT = re.compile(rb"[luo][\x80-\xff][luo]")
# contexts (before, after) where a class is wrong: a capital or symbol inside or ending a lower-case word (RenŽe,
# JosÈ, Wi¹tek), a symbol starting one (£ukasz) or after its capital (B³a), a lower-case letter or symbol among
# capitals (JƒGER)
_WRONG = {(b"l", b"l"): {_UPPER, _SYMBOL, _OPENER}, (b"l", b"o"): {_UPPER, _SYMBOL, _OPENER},
          (b"o", b"l"): {_SYMBOL}, (b"u", b"l"): {_SYMBOL, _OPENER}, (b"u", b"u"): {_LOWER, _SYMBOL, _OPENER}}
_CJK = re.compile("[\u3000-\u30ff\u3400-\u9fff\uff01-\uff5e]")  # kana, kanji, full-width forms: two bytes each
_ASCII = bytes(range(0x80))
_GLUED_CJK = re.compile("[A-Za-z][\u3000-\u30ff\u3400-\u9fff\uff01-\uff5e]")


def _one_byte(data: bytes) -> tuple[str, int, str, str]:
    """A file of bytes beyond ASCII that are not UTF-8 read by evidence (:func:`decode_named`'s answer).

    Shift-JIS (Windows-932, a Japanese Excel's CSV) where it reads every byte, as kana or kanji for nearly all
    bytes beyond ASCII, not glued to a Latin letter (a Windows-1252 ``Renée`` reads ``Ren`` and a kanji).  Else
    each of :data:`ONE_BYTE` counts the bytes it reads wrongly for their place (:data:`_WRONG`) and those it
    cannot read at all; one reads the file when it has fewer than half of Windows-1252's, a line end of a bare
    CR (an old Mac's) being one against the two Windows encodings; else Windows-1252.  Only bytes read
    differently decide: an em dash or curly quotes inside words (``Greeted—then``) read as letters in Mac Roman
    too, so they never tell it from Windows-1252."""
    japanese = _shift_jis(data)
    if japanese is not None:
        return japanese, 0, "Shift-JIS", ""
    seen = Counter(_IN_CONTEXT.findall(data.translate(_CONTEXT)))
    bare_cr = b"\r" in data and b"\n" not in data
    wrong = {codec: int(bare_cr and codec != "mac_roman") for codec, _ in ONE_BYTE}
    for found, n in seen.items():
        against = _WRONG.get((found[:1], found[2:]), ())
        for codec, _ in ONE_BYTE:
            wrong[codec] += n * (_KINDS[codec][found[1] - 0x80] in against)
    for byte in range(0x80, 0xA0):  # undefined bytes and C1 controls, wherever they are
        if any(_KINDS[codec][byte - 0x80] == _NONE for codec, _ in ONE_BYTE) and (n := data.count(bytes([byte]))):
            for codec, _ in ONE_BYTE:
                wrong[codec] += n * (_KINDS[codec][byte - 0x80] == _NONE)
    best = min(ONE_BYTE, key=lambda c: wrong[c[0]])  # (the first of the least: Windows-1252 on a tie)
    if wrong["cp1252"] <= 2 * wrong[best[0]]:
        best = ONE_BYTE[0]
    text = data.decode(best[0], errors="replace")
    others = [(name, word) for codec, name in ONE_BYTE if codec != best[0] and wrong[codec] <= 2 * wrong[best[0]]
              and (word := _read_otherwise(data, text, codec))]
    return text, 0, best[1], " or ".join(f'{name} ("{w[0]}" would read "{w[1]}")' for name, w in others)


def _shift_jis(data: bytes) -> str | None:
    """``data`` read as Shift-JIS where that is clear (:func:`_one_byte`), else None."""
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        return None
    cjk = _CJK.findall(text)
    high = len(data.translate(None, _ASCII))
    covered = len("".join(cjk).encode("cp932").translate(None, _ASCII))
    if len(cjk) >= 2 and covered >= 0.9 * high and len(_GLUED_CJK.findall(text)) * 10 <= len(cjk):
        return text
    return None


_WORD = re.compile(rb"[^\s,;\t|\"]*[\x80-\xff][^\s,;\t|\"]*")


def _read_otherwise(data: bytes, text: str, codec: str) -> tuple[str, str] | None:
    """The first word of ``data`` (``text`` as read) that ``codec`` reads otherwise: (as read, in ``codec``)."""
    other = data.decode(codec, errors="replace")
    if other == text:
        return None
    for found in _WORD.finditer(data):
        word = found.group()
        if (ours := word.decode(codec, errors="replace")) != (theirs := text[found.start():found.end()]):
            return theirs, ours
    return None


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


# a CSV file's rows, separator, encoding named and the other as plausible (:func:`plain_rows`)
PlainRows = tuple[list[list], str, str, str]


def plain_rows(data: bytes) -> PlainRows | None:
    """The rows of a CSV file's bytes, its separator and the encoding read with the other that reads it as
    plausibly (:func:`decode_named`) when reading them needs no word to the user but the encoding's (every
    byte is of its encoding, every quote closes), else None."""
    text, bad, one_byte, doubt = decode_named(data)
    if bad:
        return None
    text, delimiter, _ = layout(text)
    return None if text.count('"') % 2 else (fields(text, delimiter), delimiter, one_byte, doubt)
