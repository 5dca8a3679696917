"""A criterion version whose Effective from date cannot be read, each case computed by hand."""

from __future__ import annotations

from tests.rules_kit import CRIT, D, calls, codes, row, run, session

BEFORE = [60, 62, 64, 66, 68, 70, 58, 62, 66, 69]  # mean 64.5
AFTER = [80, 85, 90, 85, 82, 88, 90, 79, 84, 86]  # mean 84.9, 9 at 80+: met, valid -> close


def _scores():
    return calls(BEFORE, D(2026, 2, 20), prefix="B") + calls(AFTER, D(2026, 3, 11), prefix="F")


def test_a_version_whose_effective_date_cannot_be_read_leaves_definition_unchanged_unknown():
    # a second version of the criterion was typed with a date the refresh cannot read (15/02/2026 under
    # month-first): it may take effect inside the windows, so condition 2 cannot be said to hold, and the
    # comparison cannot be judged valid (domain.md: valid only when all four hold; blank = not known)
    versions = [{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)},
                {"criterion_id": "ACK", "name": CRIT, "version": "v2", "effective": "15/02/2026"}]
    got = row(run(_scores(), [session()], criteria=versions))
    assert (got["baseline_n"], got["followup_n"], got["status"]) == (10, 10, "complete")
    assert got["definition_unchanged"] is None and got["valid"] is None
    assert "Effective from" in got["invalid_because"]
    assert got["suggested"] == "continue" and "cannot be judged" in got["reason"]


def test_the_same_versions_with_a_readable_date_outside_the_windows_stay_valid():
    versions = [{"criterion_id": "ACK", "name": CRIT, "version": "v1", "effective": D(2025, 1, 1)},
                {"criterion_id": "ACK", "name": CRIT, "version": "v2", "effective": D(2026, 5, 15)}]
    r = run(_scores(), [session()], criteria=versions)
    got = row(r)
    assert (got["definition_unchanged"], got["valid"], got["suggested"]) == ("yes", "yes", "close")
    assert "unreadable-date" not in codes(r)
