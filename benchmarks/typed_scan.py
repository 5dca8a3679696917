"""What finding the cells typed on the computed sheets costs a refresh: :func:`strays.typed_cells` of each
computed sheet of a refreshed workbook, as the tool wrote it (its texts inline strings) and as Excel
saves it (every text a shared string, behind OTHERS strings of the Scores' as in a workbook that size),
and with a heading typed in a row inserted in the middle of Follow-up's table (the rows under it
renumbered), the row the scan reads whole; and on Baseline and Follow-up with none of the session IDs
known ("none told": a pivot table's refusal, or a Log whose IDs were all renamed), every row told by the
columns a refresh row fills.  Each figure is the fastest of RUNS calls, in one process.

    python benchmarks/typed_scan.py REFRESHED.xlsx [--others 100000] [--runs 15]
"""

from __future__ import annotations

import argparse
import re
import time
import zipfile
from functools import partial

from coachlog_xl import schema
from coachlog_xl.workbook.strays import refresh_row, typed_cells

HEADING = b"--- Q2 sessions below ---"


def sheet_parts(path: str) -> dict[str, bytes]:
    """Each computed sheet's XML in the workbook file ``path``, by its name."""
    with zipfile.ZipFile(path) as z:
        book, rels = z.read("xl/workbook.xml").decode(), z.read("xl/_rels/workbook.xml.rels").decode()
        out = {}
        for sheet in schema.COMPUTED_SHEETS:
            rid = re.search(rf'<sheet [^>]*name="{sheet.name}"[^>]*r:id="(\w+)"', book)[1]
            target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
            out[sheet.name] = z.read("xl/" + (target[1] or target[2]).lstrip("/").removeprefix("xl/"))
    return out


def as_shared(xml: bytes, others: int) -> tuple[bytes, bytes]:
    """``xml`` with its inline strings turned into shared ones, and the shared strings part holding
    ``others`` other texts before them."""
    texts: dict[bytes, int] = {}

    def shared(m: re.Match) -> bytes:
        return m[1] + b't="s"><v>%d</v>' % (others + texts.setdefault(m[2], len(texts)))

    out = re.sub(rb'(<c [^>]*?)t="inlineStr"><is><t[^>]*>([^<]*)</t></is>', shared, xml)
    sst = b"<sst>" + b"".join(b"<si><t>c%d</t></si>" % i for i in range(others)) \
        + b"".join(b"<si><t>" + t + b"</t></si>" for t in texts) + b"</sst>"
    return out, sst


def with_row_inserted(xml: bytes) -> bytes:
    """``xml`` with a heading typed in a row inserted above its middle row (the rows under it one lower)."""
    rows = [int(n) for n in re.findall(rb'<row r="(\d+)"', xml)]
    at = rows[len(rows) // 2]
    out = re.sub(rb'(<row r="|<c r="[A-Z]+)(\d+)"', lambda m: b'%s%d"' % (m[1], int(m[2]) + (int(m[2]) >= at)), xml)
    where = out.index(b'<row r="%d"' % (at + 1))
    row = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (at, at, HEADING)
    return out[:where] + row + out[where:]


def fastest(runs: int, call) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        out = call()
        best = min(best, time.perf_counter() - start)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("book")
    parser.add_argument("--others", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    parts = sheet_parts(args.book)
    totals: dict[str, float] = {}
    for sheet in schema.COMPUTED_SHEETS:
        own, xml = refresh_row(sheet), parts[sheet.name]
        ids = [[t.decode()] for r, t in re.findall(rb'<c r="A(\d+)"[^>]*t="inlineStr"><is><t[^>]*>([^<]*)<', xml)
               if int(r) > 1]
        firsts = own.firsts(ids)  # (the session IDs the refresh writes again: those on the sheet)
        shapes = {"inline": (xml, b""), "shared": as_shared(xml, args.others)}
        if sheet.name == schema.FOLLOWUP.name:
            shapes["row inserted"] = (with_row_inserted(xml), b"")
        if sheet.name in (schema.BASELINE.name, schema.FOLLOWUP.name):
            shapes["none told"] = (xml, b"")
        for shape, (data, sst) in shapes.items():
            told = frozenset() if shape == "none told" else firsts
            seconds, named = fastest(args.runs,
                                     partial(typed_cells, data, sheet.headers, partial(bytes, sst), own, told))
            totals[shape] = totals.get(shape, 0.0) + seconds
            print(f"{sheet.name:10s} {shape:12s} {len(data) / 1e6:5.1f} MB {len(ids):6d} rows: "
                  f"{seconds * 1000:6.1f} ms, {len(named)} named {named[:3]}")
    for shape, seconds in totals.items():
        print(f"all sheets, {shape}: {seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
