"""The check of the save's pattern for a computed sheet's rows finds what expat parsing the part whole finds."""

import datetime as dt
import random
from xml.parsers import expat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachlog_xl import schema
from coachlog_xl.workbook import sheetxml, zipparts
from coachlog_xl.workbook.rowscheck import RowsXml, rows_pattern, whole_rows
from coachlog_xl.workbook.sheetxml import computed_sheet
from coachlog_xl.workbook.stylesxml import Styles

HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<x:worksheet xmlns:x="urn:s"><x:sheetData><x:row r="1"/>'
TAIL = b"</x:sheetData></x:worksheet>"
ROWS = ('<x:row r="2" ht="30" customHeight="1"><x:c r="A2" s="3" t="inlineStr"><x:is><x:t xml:space="preserve"> '
        'a &amp; b'
        ' \u00e9\U0001F600</x:t></x:is></x:c><x:c r="B2" t="b"><x:v>1</x:v></x:c><x:c r="AB2" '
        's="12"><x:v>-1.5e-07</x:v>'
        '</x:c></x:row><x:row r="3" hidden="1"><x:c r="A3" t="inlineStr"><x:is><x:t>x&#13;y&lt;&gt;</x:t></x:is></x:c>'
        '</x:row><x:row r="4"></x:row>')


def expat_says(data: bytes) -> str | None:
    """What expat finds parsing the part whole: the independent check the pattern stands in for."""
    try:
        expat.ParserCreate().Parse(data, True)
    except expat.ExpatError as exc:
        return str(exc)
    return None


def checked(chunks: list[bytes]) -> str | None:
    made = zipparts.deflate(iter(chunks), parse=True)
    assert made.parsed
    return made.problem


def test_rows_as_a_computed_sheet_writes_them_are_matched_whole_and_the_part_is_well_formed():
    chunk = RowsXml(ROWS, "x:")
    assert whole_rows(chunk) == len(chunk)  # every row matched: expat never sees them
    assert checked([HEAD, chunk, TAIL]) is None is expat_says(HEAD + chunk + TAIL)


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
VALUES = [1, -7, 2.5, float("nan"), float("inf"), None, True, False, dt.date(2026, 3, 1),
          dt.datetime(2026, 3, 1, 9, 30),
          dt.time(8, 15), dt.datetime(2026, 3, 1, 9, tzinfo=dt.timezone.utc), -0.0, 1e300, 5e-324, "plain", " spaced ",
          "a < b & c > d", "line\nbreak", "cr\rhere", "\u05e9\u05dc\u05d5\u05dd \U0001F600", "x" * 33000, "bad\x01char",
          "tab\tin", "\ud800", "\ufffe", "]]>", "&amp;", ""]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(VALUES), min_size=1, max_size=4), min_size=1, max_size=5),
       st.integers(1, 700), st.integers(0, 2**32), st.sampled_from(["", "x:"]))
def test_a_computed_sheets_rows_are_matched_by_the_pattern_whatever_their_values(pools, n, seed, prefix):
    pick = random.Random(seed)
    rows = [[pick.choice(pool) for pool in pools] for _ in range(n)]
    sheet = schema.Sheet("Made",
                         tuple(schema.C(f"c{k}", f"Column {k}", (schema.TEXT, schema.NUMBER, schema.DATE)[k % 3])
                                       for k in range(len(pools))), computed=True)
    styles = Styles(f'<styleSheet xmlns="{MAIN}"/>'.encode())
    xml = f'<{prefix}worksheet xmlns{":x" if prefix else ""}="{MAIN}"><{prefix}sheetData/></{prefix}worksheet>'.encode()
    with pytest.MonkeyPatch.context() as patch:  # (rows made a run of 250 at a time)
        patch.setattr(sheetxml, "_ROWS_PER_CHUNK", 250)
        chunks = list(computed_sheet(xml, sheet, rows, styles))
    marked = [c for c in chunks if isinstance(c, RowsXml)]
    assert len(marked) == -(-n // 250)
    # every row matched: expat parses none of them, only the end of the sheet data after the last
    assert [whole_rows(c) for c in marked] == [len(c)
                                               for c in marked[:-1]] + [len(marked[-1]) - len(f"</{prefix}sheetData>")]
    assert checked(chunks) is None is expat_says(b"".join(chunks))


@pytest.mark.parametrize("rows, prefix", [
    ('<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:row>', "x:"),  # a cell not closed
    ('<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c></x:row><x:row r="3">', "x:"),  # the last row not closed
    ('<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>a\x01b</x:t></x:is></x:c></x:row>', "x:"),  # no XML character
    ('<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>a]]>b</x:t></x:is></x:c></x:row>', "x:"),
    ('<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>a&nbsp;b</x:t></x:is></x:c></x:row>', "x:"),
    ('<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>a\ufffeb</x:t></x:is></x:c></x:row>', "x:"),
    ('<x:row r="2"><x:c r="A2" s="1" s="2"><x:v>1</x:v></x:c></x:row>', "x:"),  # an attribute twice
    ('<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c></x:row>', ""),  # marked with another prefix: parsed
    ('<row r="2"><c r="A2"><v>1</v></c></row>', ""),  # rows of another prefix than the sheet's
    ('<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c></x:row><x:row r="3"><x:c r="A3"><x:v>1</x:v></x:c></x:row>', "x:"),
])
def test_rows_that_are_not_well_formed_there_are_found_in_the_words_of_a_parse_of_the_part_whole(rows, prefix):
    part = [HEAD, RowsXml(rows, prefix), TAIL]
    assert checked(part) == expat_says(b"".join(part))
    # and rows that stand where no element may: after the worksheet, before it, in a comment (where "--"
    # is not well-formed), a CDATA section or a processing instruction (where they are text), a tag or
    # an attribute's value
    good = RowsXml('<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>a--b</x:t></x:is></x:c></x:row>'
                   '<x:row r="3"></x:row>', "x:")
    for before, after in ((HEAD + TAIL, b""), (b"", HEAD + TAIL), (HEAD + b"<!--", b"-->" + TAIL),
                          (HEAD + b"<![CDATA[", b"]]>" + TAIL), (HEAD + b"<?pi ", b"?>" + TAIL),
                          (HEAD + b"<x:c ", b"/>" + TAIL), (HEAD + b'<x:c r="', b'"/>' + TAIL),
                          (b"", b""), (b"<!-- a -->", b"")):
        part = [before, good, after]
        assert checked(part) == expat_says(b"".join(part))
        assert (checked(part) is None) == (b"CDATA" in before or b"<?pi" in before)
    assert checked([HEAD, good, TAIL]) is None


def test_bytes_not_utf8_or_not_xml_in_matched_rows_are_found():
    for bad in (b"\xff", b"\xed\xa0\x80", b"\xef\xbf\xbf", b"\xc0\xaf"):
        chunk = b'<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>a' + bad + b"</x:t></x:is></x:c></x:row>"
        part = [HEAD, _marked(chunk, "x:"), TAIL]
        assert whole_rows(part[1]) == 0
        assert checked(part) == expat_says(b"".join(part)) is not None


def _marked(data: bytes, prefix: str) -> RowsXml:
    """Bytes marked as rows whatever they hold (RowsXml is made from text)."""
    made = bytes.__new__(RowsXml, data)
    made.prefix = prefix
    return made


def test_the_pattern_never_passes_a_changed_byte_expat_would_not():
    # every kind of change, at random places of rows the pattern matches: whatever the pattern passes, a
    # parse of the part whole passes; what it does not, expat finds, in its own words
    rng = random.Random(17)
    base = RowsXml(ROWS, "x:").decode("utf-8").encode("utf-8")
    alphabet = b'<>/&;"= #:xrcvistA0123456789\x01\r\n]-?!\xef\xbf\xbe\xff'
    for _ in range(3000):
        data = bytearray(base)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(data))
            how = rng.randrange(3)
            if how == 0:
                del data[at]
            elif how == 1:
                data.insert(at, rng.choice(alphabet))
            else:
                data[at] = rng.choice(alphabet)
        part = [HEAD, _marked(bytes(data), "x:"), TAIL]
        assert checked(part) == expat_says(b"".join(part)), bytes(data)


def test_a_pattern_for_each_prefix():
    assert rows_pattern("x:").fullmatch(RowsXml(ROWS, "x:"))
    assert not rows_pattern("").fullmatch(RowsXml(ROWS, "x:"))
    assert rows_pattern("").fullmatch(b'<row r="2"><c r="A2"><v>1</v></c></row>')
