"""Property: header order, extra columns, blank rows and N/A sprinkles never change the scored values."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from coachlog_xl.core.imports import preview
from coachlog_xl.core.inputs import RawInputs, RawTable

HEADERS = ["call_id", "agent_name", "ticket_created_at", "question_id", "raw_score", "grader"]
CRITERIA = [{"name": "ACK"}, {"name": "VERIFY"}]
REPS = [{"rep": "Dana Cruz"}, {"rep": "Eli Moss"}]

scores = st.lists(
    st.tuples(st.sampled_from(["Dana Cruz", "Eli Moss"]), st.sampled_from(["ACK", "VERIFY"]),
              st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=200)),
    min_size=1, max_size=25,
)


def canonical(headers: list[str], rows: list[list]) -> list[tuple]:
    pv = preview(RawInputs.from_records(criteria=CRITERIA, reps=REPS), RawTable.from_rows("Scores", headers, rows))
    return sorted((r.call_id, r.rep, r.criterion, r.score, r.at.to_pydatetime()) for r in pv.calls.itertuples())


def base_rows(data) -> list[list]:
    # Each call a distinct id; scores 0-100 with at least one above 50 so no rating scale is detected.
    rows = [[f"C{i}", rep, dt.datetime(2026, 1, 1) + dt.timedelta(hours=h), crit, score, "Quinn"]
            for i, (rep, crit, score, h) in enumerate(data)]
    rows.append(["C-top", "Dana Cruz", dt.datetime(2026, 1, 2, 9), "ACK", 99, "Quinn"])
    return rows


@settings(max_examples=40, deadline=None)
@given(data=scores, order=st.permutations(range(6)), extra=st.integers(0, 3), blanks=st.sets(st.integers(0, 30)),
       nas=st.sets(st.integers(0, 30), max_size=5))
def test_layout_noise_never_changes_scored_values(data, order, extra, blanks, nas):
    rows = base_rows(data)
    expected = canonical(HEADERS, rows)
    headers = [HEADERS[i] for i in order] + [f"extra {k}" for k in range(extra)]
    noisy = []
    for n, row in enumerate(rows):
        if n in blanks:
            noisy.append([None] * len(headers))
        noisy.append([row[i] for i in order] + ["noise"] * extra)
    # N/A rows added as new calls: they must not add or change a scored value.
    for k in sorted(nas):
        na_row = [f"NA{k}", "Dana Cruz", dt.datetime(2026, 1, 3), "ACK", "N/A", "Quinn"]
        noisy.append([na_row[i] for i in order] + [None] * extra)
    assert canonical(headers, noisy) == expected
    assert ("C-top", "Dana Cruz", "ACK", 99.0, dt.datetime(2026, 1, 2, 9)) in expected


# Letters whose lower case is unusual: the final sigma (context-dependent), dotted I (two characters),
# the Kelvin sign (an ASCII k), sharp s; and line breaks, which the joined keying uses as a separator.
_AWKWARD = "ΣσςİKßÆ\n\r\t _-./"


# letters to Unicode that stand for an apostrophe or a prime (``Customerʼs``): punctuation in a key
_AS_APOSTROPHES = {unicodedata.lookup(f"MODIFIER LETTER {name}") for name in (
    "PRIME", "DOUBLE PRIME", "TURNED COMMA", "APOSTROPHE", "REVERSED COMMA", "VERTICAL LINE", "DOUBLE APOSTROPHE")}


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(list(_AWKWARD)),
                              max_size=12), max_size=30))
@example(texts=["\u02b9", "Customer\u02bcs", "ok\u02c8"])  # found by this test: primes are no letters here
def test_header_keys_of_many_texts_are_each_text_keyed_alone(texts):
    from coachlog_xl.core.inputs import header_key, header_keys

    keys = header_keys(texts)
    # each key made independently: normalised (NFKC), Turkish İ and ı made i (its locale's cases of i and I),
    # and case-folded alone, then only letters, marks and digits kept, but for the modifier letters written
    # as apostrophes
    nfkc = functools.partial(unicodedata.normalize, "NFKC")
    turkish = str.maketrans({"\u0130": "i", "\u0131": "i"})
    assert keys == ["".join(c for c in nfkc(nfkc(t).translate(turkish).casefold())
                            if unicodedata.category(c)[0] in "LMN" and c not in _AS_APOSTROPHES) for t in texts]
    assert keys == [header_key(t) for t in texts]


def test_header_keys_lower_each_text_alone_where_joining_would_change_the_context():
    from coachlog_xl.core.inputs import header_keys

    # Σ folds to σ wherever it stands; Turkish İ is i (case folding alone gives i and a combining dot above)
    assert header_keys(["ΚΑΣ", "Total", "AVG\nx", "İd", "Kelvin"]) == ["κασ", "total", "avgx", "id", "kelvin"]
