"""Workbooks as a person's own tools leave them, refreshed: what LibreOffice and hand-made OOXML write
that the tool's other fixtures do not."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from coachlog_xl import api
from tests import fidelity_kit as kit

FIRST, SECOND = dt.date(2026, 6, 1), dt.date(2026, 6, 2)
_NAME = re.compile(r'<(?:\w+:)?cNvPr\b[^>]*?\bname="([^"]*)"')
_ANCHOR = re.compile(r"<((?:\w+:)?)(oneCellAnchor|twoCellAnchor|absoluteAnchor)\b.*?</\1\2>", re.S)


def _aggregate_drawing(z: kit.Zip) -> str:
    return next(t for t in z.targets(z.sheet("Aggregate")) if re.search(r"drawings/drawing\d+\.xml$", t))


def _charts(z: kit.Zip) -> list[tuple[str, str]]:
    """(name, title) of each chart anchored on Aggregate, in the drawing's order."""
    drawing = _aggregate_drawing(z)
    rels = dict(re.findall(r'Id="([^"]+)"[^>]*Target="/?([^"]+)"', z.text(drawing.replace(
        "drawings/", "drawings/_rels/") + ".rels")))
    out = []
    for anchor in (m.group(0) for m in _ANCHOR.finditer(z.text(drawing))):
        target = rels[re.search(r'r:id="([^"]+)"', anchor).group(1)]
        part = target if target.startswith("xl/") else "xl/" + target.replace("../", "")
        title = "".join(re.findall(r"<a:t>([^<]*)</a:t>", z.text(part).split("</c:title>")[0]))
        out.append((_NAME.search(anchor).group(1), title))
    return out


def test_the_tools_charts_libreoffice_renumbered_when_a_tab_was_moved_are_drawn_anew_not_doubled(tmp_path: Path):
    # LibreOffice, moving any sheet's tab (Sheet > Move or Copy, or a drag; the Log's to the front, say),
    # names the charts anew past the names the document holds: the tool's "coachlog_xl chart 1..4" are
    # saved as 1, 5, 6, 7
    path = tmp_path / "team.xlsx"
    kit.base_workbook(path)
    api.refresh_file(path, as_of=FIRST, backup=False)
    z = kit.Zip(path)
    before = _charts(z)
    assert [n for n, _ in before] == [f"coachlog_xl chart {k}" for k in (1, 2, 3, 4)]
    drawing = _aggregate_drawing(z)
    text = z.text(drawing)
    for old, new in ((2, 5), (3, 6), (4, 7)):
        text = text.replace(f'name="coachlog_xl chart {old}"', f'name="coachlog_xl chart {new}"')
    z.parts[drawing] = text.encode("utf-8")
    z.save(path)
    kit.type_setting(path, "threshold", 80, 60)
    api.refresh_file(path, as_of=SECOND, backup=False)
    after = _charts(kit.Zip(path))
    assert len(after) == 4  # each of the tool's charts once: the renumbered ones are not kept beside the new
    assert sorted(t for _, t in after) == sorted(t for _, t in before)
    assert [n for n, _ in after] == [f"coachlog_xl chart {k}" for k in (1, 2, 3, 4)]
    assert len(load_workbook(path)["Aggregate"]._charts) == 4


def test_a_recorded_baseline_libreoffice_saved_to_fifteen_digits_differs_by_nothing(tmp_path: Path):
    """LibreOffice writes a number with 15 significant digits, so a recorded baseline of a mean that
    does not end (one call scored 2 of 3 points) comes back a few 1e-14 short of the mean recomputed
    from the same calls: the Baseline sheet's Difference is 0, not a value that a filter on "not 0"
    lists and a cell shows as -0.0."""
    path = tmp_path / "book.xlsx"
    kit.base_workbook(path)
    wb = load_workbook(path)
    scores = wb["Scores"]
    head = [c.value for c in scores[1]]
    score_col = head.index("Score") + 1
    # Ann Lee's twelfth call before the session (in her baseline window) scores 2 of 3 points
    scores.cell(row=13, column=score_col, value=200 / 3)
    wb.save(path)
    api.refresh_file(path, as_of=FIRST, backup=False)
    # the last ten calls before the session: 64, 66, 68, 70, 58, 62, 66, 69, 61 and 200/3
    recorded = (64 + 66 + 68 + 70 + 58 + 62 + 66 + 69 + 61 + 200 / 3) / 10
    z = kit.Zip(path)
    log = z.text(z.sheet("Log"))
    column = get_column_letter([c.value for c in wb["Log"][1]].index("Baseline mean") + 1)
    fifteen = format(recorded, ".15g")
    assert float(fifteen) != recorded
    cell = re.search(rf'(<c r="{column}2"[^>]*><v>)([^<]*)(</v>)', log)
    assert float(cell.group(2)) == recorded
    z.parts[z.sheet("Log")] = log.replace(cell.group(0), cell.group(1) + fifteen + cell.group(3)).encode()
    z.save(path)
    api.refresh_file(path, as_of=SECOND, backup=False)
    baseline = load_workbook(path)["Baseline"]
    rows = {r[0]: r for r in baseline.iter_rows(min_row=2, values_only=True)}
    head = [c.value for c in baseline[1]]
    assert rows["S-1"][head.index("Baseline mean")] == float(fifteen)
    assert rows["S-1"][head.index("Difference")] == 0
    assert rows["S-2"][head.index("Difference")] == 0
