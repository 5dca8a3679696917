"""A refresh runs with Python's collector of reference cycles paused (refresh.cycles_uncollected): it
leaves the collector as it found it, and makes no cycles the pause would keep."""

from __future__ import annotations

import gc

import pytest

from coachlog_xl.core.inputs import RawInputs
from coachlog_xl.core.refresh import compute
from tests.rules_kit import AS_OF, CRIT, REP, D, calls, run, session


def worked_example_scores():  # domain.md's worked example: ten calls before the session, two on its day, eleven after
    return (calls([95, 91, 60, 62, 64, 66, 68, 70, 58, 62, 66, 69], D(2026, 2, 20), prefix="B")
            + calls([40, 99], D(2026, 3, 10), step=0, prefix="D")
            + calls([70, 75, 80, 85, 82, 88, 90, 79, 84, 86, 20], D(2026, 3, 11), prefix="F"))


@pytest.mark.parametrize("enabled", [True, False])
def test_a_refresh_leaves_the_collector_as_it_found_it(enabled):
    seen = []
    was = gc.isenabled()
    try:
        inputs = RawInputs.from_records(criteria=[{"criterion_id": "ACK", "name": CRIT, "version": "v1"}],
                                        reps=[{"rep": REP}], scores=worked_example_scores(),
                                        log=[session(), session("S-2", method="call review")])
        (gc.enable if enabled else gc.disable)()
        gc.callbacks.append(lambda phase, info: seen.append(phase))
        compute(inputs, as_of=AS_OF)
        assert gc.isenabled() == enabled
        assert seen == []  # no collection ran during the refresh
    finally:
        gc.callbacks.pop()
        (gc.enable if was else gc.disable)()


def test_a_refresh_leaves_no_reference_cycles_behind():
    gc.collect()
    result = run(worked_example_scores(), [session(), session("S-2", target="")])
    assert len(result.followup) == 2
    del result
    assert gc.collect() == 0
