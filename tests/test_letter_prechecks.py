"""The quick letter checks before the searches for total, weight, header and footer words only spare a
search that could find nothing: each answer is the plain search's, for texts holding the words in other
cases, with accents (typed as one character or as a letter and a combining mark), Turkish İ and ı,
full-width letters, line breaks, and texts holding a word's letters only across two of their keys."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from coachlog_xl.core import trailers
from coachlog_xl.core.inputs import header_key

_WORDS = sorted(trailers.TOTAL_WORDS | trailers.WEIGHT_WORDS)
# pieces of the words and their look-alikes: capitals, accents, dotted and dotless i, full-width letters
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(["TOTAL", "Tot", "al", "Média", "Me\u0301dia", "MÉDIA", "İ", "ı", "SUMMİ", "ＴＯＴＡＬ",
                     "Ｓｕｍ", "out", "of", "max", " ", "-", "\n", "é", "\u0301", "Report", "page 3", "(C) ",
                     "12 rows", "Created by", "ǅ", "ß", "ﬀ", "K"]),
    st.text(alphabet="aeilmostuAEILMOSTU\u0130\u0131\u00e9\uff34 \n", max_size=6),
)
_TEXT = st.lists(_PIECES, max_size=6).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.lists(st.one_of(st.sampled_from(_WORDS), _TEXT), min_size=1, max_size=8), st.sampled_from(["", "\n"]))
@example("to\ntal", ["total"], "")  # a word's letters only across two lines
@example("\n\ntotal", ["", "total"], "\n")
def test_each_word_is_within_a_text_as_the_plain_search_says(text, words, edge):
    plain = [f"{edge}{w}{edge}" in f"{edge}{text}{edge}" for w in words]
    assert list(trailers._within(text, words, edge)) == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=8))
@example(["to", "tal"])  # the letters of "total" only across two keys: no total
@example(["ＴＯＴＡＬ", "C1"])
@example(["Me\u0301dia", "C1"])
@example(["SUMMİ", "C1"])  # (İ is i: "summi" holds "sum")
def test_a_total_or_weight_word_is_found_in_a_columns_keys_as_the_plain_search_finds_it(texts):
    words = trailers.TOTAL_WORDS | trailers.WEIGHT_WORDS
    keys = "\n".join(header_key(t) for t in texts)
    assert trailers._any_key_within(texts, words) == any(w in keys for w in words)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_TEXT, st.none()), max_size=8))
@example(["Total", "ＴＯＴＡＬ", "to", "tal", None])
@example(["C1", "C2", None])
def test_a_header_word_is_each_texts_own_key_in_the_words(values):
    words = set(_WORDS)
    longest = 4 * max(map(len, words)) + 16
    expected = [isinstance(v, str) and len(v) <= longest and header_key(v) in words for v in values]
    assert trailers.header_words(values, words) == expected


@settings(max_examples=300, deadline=None)
@given(_TEXT)
@example("Report generated 2026-03-01")
@example("REPORT\n")
@example("PAGE 2 OF 3")
def test_a_footer_line_is_found_as_the_footer_pattern_finds_it(text):
    assert trailers._any_footer(text) == (trailers.FOOTER.search(text) is not None)
