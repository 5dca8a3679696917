"""How Checks messages name a paste of scores (a sheet's block under one header): the sheet, its rows, or its tabs
(:func:`~coachlog_xl.core.scales.put_on_scale`)."""

from __future__ import annotations

from collections import Counter

import pandas as pd


def paste_labels(rows: pd.DataFrame, together: dict[str, str]) -> dict[tuple[str, int], str]:
    """How messages name each paste (sheet, header block): the sheet, or, on a sheet holding pastes under
    several headers, the sheet and the paste's rows (``Scores rows 14-23``); a paste of an export's tabs
    (``together``, see :func:`~.scales.put_on_scale`) by the tab it is on and its rows there, or by its tabs."""
    spans = rows.groupby(["sheet", "paste"], sort=False)["row"].agg(["min", "max"])
    tabs: dict[tuple[str, int], list[str]] = {}  # each paste of a sheet -> the sheets (tabs) it is on
    for sheet, paste in spans.index:
        tabs.setdefault((together.get(sheet, sheet), paste), []).append(sheet)
    pastes = Counter(one for one, _ in tabs)
    per_tab = Counter(tab for on in tabs.values() for tab in on)
    labels = {}
    for (one, paste), on in tabs.items():
        if pastes[one] == 1 or len(on) > 1:
            labels[one, paste] = one if pastes[one] == 1 else " and ".join(on)
        else:
            lo, hi = spans.loc[(on[0], paste)]
            labels[one, paste] = on[0] if per_tab[on[0]] == 1 else f"{on[0]} rows {lo}-{hi}"
    return labels
