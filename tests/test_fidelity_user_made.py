"""Workbooks as a person's own tools leave them, refreshed: what LibreOffice and hand-made OOXML write
that the tool's other fixtures do not."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from openpyxl import load_workbook

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
