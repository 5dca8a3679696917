"""The calls' rep and criterion factors made while counting them, taken by the calls' runs instead of
factorising a million texts again: the same runs either way, and none where the counted calls are
other rows than the ones factorised (duplicates dropped, evaluators merged); and the call ids', reps' and
criteria's texts factorised from the codes a paste's texts were made by, not hashed text by text."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from coachlog_xl.core.calls import count, normalise
from coachlog_xl.core.checks import Issues
from coachlog_xl.core.config import read_config
from coachlog_xl.core.distinct import factorised, joined_factors, kept_factors
from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.core.names import Directory
from coachlog_xl.core.windows import CallRuns
from tests.evidence_kit import simulate


def _counted(records: dict, as_of: dt.date) -> tuple[pd.DataFrame, dict]:
    inputs = RawInputs.from_records(scores=records["scores"])
    factors: dict = {}
    cfg = read_config(inputs, Issues())
    calls = count(normalise(inputs.scores, cfg, Directory(), Directory()), as_of, Issues(), set(), factors)
    return calls, factors


def test_counting_gives_the_calls_factors_when_each_call_and_criterion_has_one_row():
    _, as_of, records = simulate(effect=0.0, seed=3, reps=12, days=60)
    calls, factors = _counted(records, as_of)
    assert set(factors) == {"call_id", "rep", "criterion"}
    for key in ("call_id", "rep", "criterion"):
        codes, values = pd.factorize(calls[key].to_numpy(dtype=object))
        assert factors[key][0].tolist() == codes.tolist() and list(factors[key][1]) == list(values)
    assert len(factors["rep"][1]) == 12 and len(factors["criterion"][1]) == 1


def test_counting_gives_no_factors_when_the_calls_are_other_rows():
    # a row pasted twice is counted once: the calls are not the rows factorised
    _, as_of, records = simulate(effect=0.0, seed=3, reps=12, days=60)
    records["scores"].append(dict(records["scores"][5]))
    calls, factors = _counted(records, as_of)
    assert factors == {} and len(calls) == len(records["scores"]) - 1


def test_runs_from_the_counted_factors_are_the_runs_without_and_factorise_only_the_call_types(monkeypatch):
    _, as_of, records = simulate(effect=0.0, seed=4, reps=9, days=50)
    for i, call in enumerate(records["scores"]):
        call["call_type"] = ("inbound", "outbound", None)[i % 3]
    calls, factors = _counted(records, as_of)
    plain = CallRuns(calls)
    seen = []
    real = pd.factorize

    def factorize(values, *args, **kwargs):
        if len(values) == len(calls):
            seen.append(list(pd.Series(values, dtype=object).head(3)))
        return real(values, *args, **kwargs)

    monkeypatch.setattr(pd, "factorize", factorize)
    given = CallRuns(calls, factors)
    monkeypatch.setattr(pd, "factorize", real)
    assert seen == [["inbound", "outbound", ""]]  # the call types (a blank one is read as ""), no rep or criterion
    for attr in ("order", "run", "key", "_run_start"):
        assert np.array_equal(getattr(given, attr), getattr(plain, attr))
    assert all(a.equals(b) for a, b in zip(given._values, plain._values))
    probe = pd.DataFrame({"rep": ["Rep 03", "Rep 08", "nobody", "Rep 01"],
                          "criterion": [records["scores"][0]["criterion"]] * 4,
                          "call_type": ["outbound", None, None, "Inbound"]})
    assert np.array_equal(given.of(probe), plain.of(probe)) and (given.of(probe)[[0, 1, 3]] >= 0).all()


def _scored(rows: list[tuple]) -> dict:
    return {"scores": [{"call_id": c, "rep": r, "criterion": k, "call_at": dt.datetime(2026, 3, d, 9), "score": 80,
                        "exclude": x} for c, r, k, d, x in rows]}


def test_the_factors_made_resolving_the_names_are_those_of_the_resolved_names_in_row_order():
    # spellings of one rep and one criterion, first seen apart: the names' factors in order of first appearance
    reps, crits = Directory(), Directory()
    reps.add("Dana Cruz", "Dana Cruz", "dcruz")
    crits.add("Empathy", "Empathy", "EMP")
    for name in ("Tone", "Close"):
        crits.add(name, name, "")
    rows = [("C1", "dcruz", "Tone", 2, None), ("C2", "Lee Park", "EMP", 3, None),
            ("C3", "Dana Cruz", "Empathy", 4, None),
            ("C4", "DANA CRUZ", "close", 5, None), ("C5", "Lee Park", "Tone", 6, None)]
    inputs = RawInputs.from_records(**_scored(rows))
    cfg = read_config(inputs, Issues())
    normalised = normalise(inputs.scores, cfg, reps, crits)
    made = normalised.factors
    assert made["rep"][0].tolist() == [0, 1, 0, 0, 1] and list(made["rep"][1]) == ["Dana Cruz", "Lee Park"]
    assert made["criterion"][0].tolist() == [0, 1, 1, 2, 0] \
        and list(made["criterion"][1]) == ["Tone", "Empathy", "Close"]
    factors: dict = {}
    calls = count(normalised, dt.date(2026, 3, 31), Issues(), set(), factors)
    assert factors["rep"][0].tolist() == [0, 1, 0, 0, 1] and factors["criterion"][0].tolist() == [0, 1, 1, 2, 0]
    assert calls["rep"].tolist() == ["Dana Cruz", "Lee Park", "Dana Cruz", "Dana Cruz", "Lee Park"]


def test_a_row_left_out_when_counting_makes_the_factors_anew_for_the_rows_counted():
    # the first row excluded and the last after the as-of date: the rows counted are C2 .. C4
    rows = [("C1", "Ann", "Tone", 2, "test call"), ("C2", "Bo", "Empathy", 3, None), ("C3", "Ann", "Empathy", 4, None),
            ("C4", "Bo", "Tone", 5, None), ("C5", "Cy", "Close", 30, None)]
    inputs = RawInputs.from_records(**_scored(rows))
    normalised = normalise(inputs.scores, read_config(inputs, Issues()), Directory(), Directory())
    assert normalised.factors["rep"][0].tolist() == [0, 1, 0, 1, 2]
    factors: dict = {}
    calls = count(normalised, dt.date(2026, 3, 20), Issues(), set(), factors)
    assert calls["call_id"].tolist() == ["C2", "C3", "C4"]
    assert factors["rep"][0].tolist() == [0, 1, 0] and list(factors["rep"][1]) == ["Bo", "Ann"]
    assert factors["criterion"][0].tolist() == [0, 0, 1] and list(factors["criterion"][1]) == ["Empathy", "Tone"]


def test_a_row_left_out_when_counting_leaves_the_names_unfactorised(monkeypatch):
    # the rows counted are C2 .. C4 (C1 excluded, C5 after the as-of date): their factors come from the
    # codes made as the names were resolved, the names themselves never factorised again
    rows = [("C1", "Ann", "Tone", 2, "test call"), ("C2", "Bo", "Empathy", 3, None), ("C3", "Ann", "Empathy", 4, None),
            ("C4", "Bo", "Tone", 5, None), ("C5", "Cy", "Close", 30, None)]
    inputs = RawInputs.from_records(**_scored(rows))
    normalised = normalise(inputs.scores, read_config(inputs, Issues()), Directory(), Directory())
    real, seen = pd.factorize, []

    def factorize(values, *args, **kwargs):
        seen.append(list(np.asarray(values, dtype=object)))
        return real(values, *args, **kwargs)

    monkeypatch.setattr(pd, "factorize", factorize)
    factors: dict = {}
    count(normalised, dt.date(2026, 3, 20), Issues(), set(), factors)
    assert ["Bo", "Ann", "Bo"] not in seen and ["Empathy", "Empathy", "Tone"] not in seen
    assert factors["rep"][0].tolist() == [0, 1, 0] and list(factors["rep"][1]) == ["Bo", "Ann"]


@pytest.mark.parametrize("seed", range(10))
def test_the_factors_of_some_rows_are_those_of_a_factorisation_of_their_values(seed):
    rng = np.random.default_rng(seed)
    values = np.array([f"name {k}" for k in rng.integers(0, 12, 200)], dtype=object)
    codes, names = pd.factorize(values)
    kept = rng.random(200) < 0.3 * (seed % 3 + 1)
    got = kept_factors({"rep": (codes, np.asarray(names, dtype=object))}, kept)["rep"]
    want = pd.factorize(values[kept])  # (worked out by hashing the texts themselves)
    assert got[0].tolist() == want[0].tolist() and list(got[1]) == list(want[1])


@pytest.mark.parametrize("seed", range(12))
def test_texts_factorised_from_their_codes_are_a_factorisation_of_the_texts(seed):
    # a reader's codes into a few texts (equal texts among them, as stripping makes them; -1 picks the last,
    # the blank's), some rows left out: the same codes and texts as hashing the texts themselves gives
    rng = np.random.default_rng(seed)
    table = np.array([["Ann", "Bo", "", "ann", "Bo", "Cy", "Dee"][k] for k in rng.integers(0, 7, 6)] + [""],
                     dtype=object)
    codes = rng.integers(-1, 6, 300)
    kept = rng.random(300) < 0.5 if seed % 2 else slice(None)
    got = factorised(codes[kept], table)
    want = pd.factorize(table[codes][kept])
    assert got[0].tolist() == want[0].tolist() and list(got[1]) == list(want[1])
    # two pastes' rows one below the other, each coded against its own texts
    other = np.array(["Cy", "Eve", "Ann", ""], dtype=object)
    more = rng.integers(-1, 3, 50)
    joined = joined_factors([{"rep": (codes, table)}, {"rep": (more, other)}], ["rep", "criterion"])
    want = pd.factorize(np.concatenate([table[codes], other[more]]))
    assert set(joined) == {"rep"}
    assert joined["rep"][0].tolist() == want[0].tolist() and list(joined["rep"][1]) == list(want[1])


def test_the_call_ids_are_factorised_from_the_pastes_codes_not_from_their_texts(monkeypatch):
    # the call ids' factors go from the paste to the counting, through a row put on no scale (an unreadable
    # score) and a row excluded: no factorisation of the call ids' texts on the way
    rows = [("C1", "Ann", "Tone", 2, None), ("C2", "Bo", "Tone", 3, "test call"), ("C1", "Ann", "Empathy", 2, None),
            ("C3", "Bo", "Tone", 4, None), ("C4", "Bo", "Tone", 5, None)]
    records = _scored(rows)
    records["scores"][3]["score"] = "n/a?"
    inputs = RawInputs.from_records(**records)
    table = inputs.scores[0]
    for p in range(len(table.headers)):  # the text columns' factors, as a column-wise reader gives them
        if table.data[p].map(lambda v: isinstance(v, str)).any():
            codes, texts = pd.factorize(table.data[p].to_numpy(dtype=object))
            table.factors[p] = (codes, np.asarray(texts, dtype=object))
    real, seen = pd.factorize, []

    def factorize(values, *args, **kwargs):
        seen.append(list(np.asarray(values, dtype=object)))
        return real(values, *args, **kwargs)

    monkeypatch.setattr(pd, "factorize", factorize)
    normalised = normalise(inputs.scores, read_config(inputs, Issues()), Directory(), Directory())
    factors: dict = {}
    calls = count(normalised, dt.date(2026, 3, 20), Issues(), set(), factors)
    monkeypatch.setattr(pd, "factorize", real)
    assert calls["call_id"].tolist() == ["C1", "C1", "C4"]
    assert not [v for v in seen if len(v) >= 3 and set(v) <= {"C1", "C2", "C3", "C4"}]
    assert factors["call_id"][0].tolist() == [0, 0, 1] and list(factors["call_id"][1]) == ["C1", "C4"]
