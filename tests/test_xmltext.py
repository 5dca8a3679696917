"""coachlog_xl.workbook.xmltext gives what xml.sax.saxutils gives (the standard library's functions are
the reference), without importing it: it imports urllib.request and with it http.client, ssl and email."""

from __future__ import annotations

import subprocess
import sys
from xml.sax import saxutils

from hypothesis import given
from hypothesis import strategies as st

from coachlog_xl.workbook import xmltext

PIECES = [*"a &<>\"'\n\r\t;#", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
TEXT = st.lists(st.sampled_from(PIECES)).map("".join)
ENTITIES = st.sampled_from([None, {'"': "&quot;"}, {"&quot;": '"', "&apos;": "'"}, {"'": "&apos;"}])


def test_hand_examples():
    assert xmltext.escape('a<b & "c">') == 'a&lt;b &amp; "c"&gt;'
    assert xmltext.escape('say "hi"', {'"': "&quot;"}) == "say &quot;hi&quot;"
    assert xmltext.unescape("&amp;lt; &lt;b&gt;") == "&lt; <b>"  # (&amp; last: &amp;lt; is the text &lt;)
    assert xmltext.unescape("&quot;x&apos;", {"&quot;": '"', "&apos;": "'"}) == "\"x'"
    assert xmltext.quoteattr("R&D") == '"R&amp;D"'
    assert xmltext.quoteattr('5" screen') == "'5\" screen'"
    assert xmltext.quoteattr("5\" it's") == '"5&quot; it\'s"'
    assert xmltext.quoteattr("a\tb\nc\rd") == '"a&#9;b&#10;c&#13;d"'


@given(TEXT, ENTITIES)
def test_the_same_strings_as_the_standard_library(text, entities):
    assert xmltext.escape(text, entities) == saxutils.escape(text, entities or {})
    assert xmltext.unescape(text, entities) == saxutils.unescape(text, entities or {})
    assert xmltext.quoteattr(text, entities) == saxutils.quoteattr(text, entities or {})


# any text, lone surrogates included, and entities whose keys and values hold & and each other's text, in
# any order (each key is replaced in the dict's order, after &, < and >)
ANY = st.text(st.characters(blacklist_categories=()), max_size=30)
PIECE = st.lists(st.sampled_from([*"&;<>\"'ab\n", "&amp;", "\ud800"]), min_size=1, max_size=4).map("".join)


@given(ANY | TEXT, st.dictionaries(PIECE, PIECE, max_size=4) | ENTITIES)
def test_the_same_strings_for_any_text_and_entities(text, entities):
    assert xmltext.escape(text, entities) == saxutils.escape(text, entities or {})
    assert xmltext.unescape(text, entities) == saxutils.unescape(text, entities or {})
    assert xmltext.quoteattr(text, entities) == saxutils.quoteattr(text, entities or {})


def test_the_modules_of_a_refresh_import_neither_saxutils_nor_package_metadata():
    # (both took 35 ms of each refresh's start: the email package, http.client, ssl, a look through
    # every installed distribution)
    code = ("import sys\nimport coachlog_xl.api, coachlog_xl.cli\n"
            "from coachlog_xl.workbook import prefetch\n"
            "for m in prefetch.MEANWHILE + ('coachlog_xl.workbook.charts', 'coachlog_xl.workbook.append'):\n"
            "    __import__(m)\n"
            "print(sorted(m for m in ('xml.sax.saxutils', 'urllib.request', 'importlib.metadata', 'email') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_whole_refresh_imports_neither_saxutils_nor_package_metadata(tmp_path):
    # (the modules a refresh imports only once it writes, as the widening of a filter name, too)
    from coachlog_xl import api

    path = tmp_path / "team.xlsx"
    api.new_workbook(path)
    code = ("import sys\nfrom pathlib import Path\nfrom coachlog_xl import api\n"
            f"api.refresh_file(Path({str(path)!r}), backup=False)\n"
            "print(sorted(m for m in ('xml.sax.saxutils', 'urllib.request', 'importlib.metadata', 'email') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
