"""Properties of a refresh on random, valid, real .xlsx workbooks (hypothesis).

Each example fills a fresh template as a person would (criteria, reps, pasted scores, Log sessions
and free-text notes in arbitrary Unicode), saves it, refreshes it through the CLI with a fixed
``--as-of`` and reopens the file.  Whatever the data:

- the refresh exits 0;
- no input cell changes (value, data type, style) on any input sheet, and the Log's tool-owned
  baseline columns change only as domain.md says (filled once, when empty and the session has passed);
- a second refresh with the same as-of leaves every cell identical except the refresh stamp;
- every number on the Follow-up sheet matches ``tests.reference``, a slow implementation written
  from the rules that imports nothing from the package.
"""

from __future__ import annotations

import pytest

from tests import rules_kit


def test_improvement_emerging_is_blank_without_a_baseline_mean():
    # Regression found by the property above: S-1 has no call before it (baseline n 0, mean blank) while
    # S-2 has a baseline; S-1 read "no" instead of blank (docs/rules.md: blank without both means).
    scores = rules_kit.calls([70, 75, 80, 85, 82], rules_kit.D(2026, 3, 11), prefix="F")
    result = rules_kit.run(scores, [rules_kit.session("S-1"), rules_kit.session("S-2", rules_kit.D(2026, 4, 20))])
    first, second = rules_kit.row(result, "S-1"), rules_kit.row(result, "S-2")
    assert (first["baseline_n"], first["baseline_mean"]) == (0, None)
    assert first["checkin_mean"] == pytest.approx((70 + 75 + 80 + 85 + 82) / 5)
    assert first["improvement_emerging"] is None and first["delta"] is None
    assert second["baseline_mean"] == pytest.approx((70 + 75 + 80 + 85 + 82) / 5)
