"""The evidence on simulated teams with a known truth (tests/evidence_kit.py): reps picked because their
noisy last-10 mean fell in the bottom fifth, with no coaching effect and with an effect of +8 points."""

from __future__ import annotations

import pytest

from coachlog_xl.core.refresh import compute
from tests.evidence_kit import overall, simulate


def _covers(g: dict, key: str, margin: str, truth: float) -> bool:
    return g[key] - g[margin] <= truth <= g[key] + g[margin]


@pytest.fixture(scope="module")
def no_effect():
    inputs, as_of, _ = simulate(effect=0.0, seed=0)
    return compute(inputs, as_of=as_of)


@pytest.fixture(scope="module")
def effect_of_eight():
    inputs, as_of, _ = simulate(effect=8.0, seed=0)
    return compute(inputs, as_of=as_of)


def test_pure_regression_to_the_mean_shows_a_naive_gain_that_the_corrections_remove(no_effect):
    g = overall(no_effect)
    assert g["valid"] >= 20 and g["compared"] >= 10 and g["comparison_reps"] >= 5
    assert g["mean_delta"] - g["delta_margin"] > 0  # the naive mean delta "improves" with no coaching
    assert _covers(g, "did", "did_margin", 0.0)  # the comparison group removes it
    assert _covers(g, "rtm_corrected", "rtm_margin", 0.0)  # and so does the expected RTM gain
    # the verdict rests on the sessions with a comparison group, fewer than the valid ones, and says so
    assert g["compared"] < g["valid"]
    assert g["verdict"] == ("gain matched by the comparison group: likely regression to the mean "
                            f"(on the {g['compared']} of {g['valid']} sessions with a comparison group)")


def test_pure_regression_to_the_mean_is_flagged_per_session(no_effect):
    f = no_effect.followup
    valid = f[f["valid"] == "yes"]
    assert (valid["rtm_flag"] == "yes").mean() > 0.5  # they were picked for low baselines
    assert (valid["rtm_corrected"] < valid["delta"]).mean() > 0.8


def test_a_known_effect_is_recovered_within_its_interval(effect_of_eight):
    g = overall(effect_of_eight)
    assert g["valid"] >= 20 and g["compared"] >= 10
    assert _covers(g, "did", "did_margin", 8.0)
    assert _covers(g, "rtm_corrected", "rtm_margin", 8.0)
    assert g["mean_delta"] - g["delta_margin"] > 8.0  # the naive mean delta overstates it
    assert g["verdict"] == ("improved beyond the comparison group "
                            f"(on the {g['compared']} of {g['valid']} sessions with a comparison group)")


def test_session_intervals_cover_the_known_effect_about_95_percent_of_the_time(effect_of_eight):
    f = effect_of_eight.followup
    with_did = f[(f["valid"] == "yes") & f["did_low"].notna()]
    covered = ((with_did["did_low"] <= 8.0) & (8.0 <= with_did["did_high"])).mean()
    assert len(with_did) >= 20 and covered >= 0.85
