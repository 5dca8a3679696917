"""Reading the layout of a pasted QA export: where its header is, long or wide, which column is what.

A paste may carry a title row above its header, a second header block from a second paste, a totals
row, duplicated score headers (one per evaluator), separate date and time columns, and either layout:
- **long**: one row per call x criterion, with a criterion and a score column;
- **wide**: one row per call, one column per criterion (side columns such as ``<metric> - Violation``
  and overall-score columns are not criteria).
:func:`to_long` turns any of them into one long table of raw cells with the sheet row of each.
"""

from __future__ import annotations

import re

import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.inputs import ROW, RawTable, header_key

FIELDS = (
    "call_id", "rep", "call_at", "call_time", "criterion", "score", "max_score", "not_applicable", "call_type",
    "version", "evaluator", "graded_at", "recording", "exclude",
)
SIDE_COLUMN = re.compile(r"\s+-\s+(is fatal metric|adherence weight|violation|weight|comments?|notes?|is na)\s*$", re.I)
OVERALL = {
    "total", "totalscore", "overall", "overallscore", "evaluationscore", "qascore", "ispassed", "passed",
    "finalscore", "percentage", "score", "result", "grade", "fatal",
}
TOTAL_WORDS = {"total", "totals", "grandtotal", "average", "averages", "avg", "sum", "count", "overall"}
HEADER_FIELDS_NEEDED = 3


def map_headers(headers: list, header_map: dict[str, list[str]], filled: set[int] | None = None) -> dict[str, int]:
    """The column of each field: a field's synonyms are tried in Settings order and the first one
    present wins; each column serves one field only, the others are kept as extra columns.

    With ``filled`` (the columns holding any value), an empty column gives way to a later synonym
    that has values (an export with an empty ``normalized_score`` beside a filled ``raw_score``).
    """
    positions: dict[str, list[int]] = {}
    for pos, head in enumerate(headers):
        positions.setdefault(header_key(head), []).append(pos)
    used: set[int] = set()
    out: dict[str, int] = {}
    for fld, synonyms in header_map.items():
        candidates = [p for syn in synonyms for p in positions.get(header_key(syn), []) if p not in used]
        if filled is not None:
            candidates = [p for p in candidates if p in filled] or candidates
        if candidates:
            out[fld] = candidates[0]
            used.add(candidates[0])
    return out


def filled_columns(table: RawTable) -> set[int]:
    """The positions of the columns that hold at least one value."""
    return {p for p in range(len(table.headers)) if p in table.data and not table.data[p].map(coerce.is_blank).all()}


def _is_header(values: list, header_map) -> bool:
    cells = [v for v in values if not coerce.is_blank(v)]
    if not cells or not all(isinstance(v, str) for v in cells):
        return False
    return len(map_headers(values, header_map)) >= HEADER_FIELDS_NEEDED


def segments(table: RawTable, header_map, issues: Issues) -> list[RawTable]:
    """The header blocks of a paste: each header-like row starts a block that runs to the next one."""
    rows = [(1, list(table.headers))] + [
        (int(r), [row[i] for i in range(len(table.headers))])
        for r, row in zip(table.data[ROW], table.data.drop(columns=[ROW]).itertuples(index=False, name=None))
    ]
    starts = [i for i, (_, values) in enumerate(rows) if _is_header(values, header_map)]
    if not starts:
        return [table]
    if starts[0] > 0:
        issues.add(Code.LAYOUT_NOTE, table.sheet, rows[0][0], "header", None,
                   f"{table.sheet}: {starts[0]} row(s) above the header row {rows[starts[0]][0]} were skipped "
                   "(a title?).", "Nothing to do.")
    for i in starts[1:]:
        issues.add(Code.LAYOUT_NOTE, table.sheet, rows[i][0], "header", None,
                   f"{table.sheet}: row {rows[i][0]} is another header row (a second paste); the rows below "
                   "it are read with it.", "Nothing to do.")
    blocks = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(rows)
        head = list(rows[start][1])
        while head and coerce.is_blank(head[-1]):
            head.pop()
        body = [values[: len(head)] for _, values in rows[start + 1:end]]
        block = RawTable.from_rows(table.sheet, head, body)
        block.data[ROW] = [r for r, _ in rows[start + 1:end]]
        blocks.append(block)
    return blocks


def to_long(table: RawTable, header_map: dict[str, list[str]], issues: Issues) -> tuple[pd.DataFrame, dict, list]:
    """Raw cells of every score in a paste, one row per call x criterion x evaluator column.

    Returns the frame (columns :data:`FIELDS` plus ``sheet`` and ``row``), the fields found and the
    header row they were found in (of the first block), for the caller's messages.
    """
    frames, found, heads = [], {}, list(table.headers)
    for n, block in enumerate(segments(table, header_map, issues)):
        cols = map_headers(block.headers, header_map, filled_columns(block))
        if n == 0:
            found, heads = cols, list(block.headers)
        data = _drop_totals(block, cols, issues)
        if "criterion" in cols and "score" in cols:
            frames.append(_long(block, data, cols))
        elif "criterion" not in cols:
            wide = _wide(block, data, cols, issues)
            if wide is not None:
                frames.append(wide)
                found = {**cols, "criterion": -1, "score": -1}
        else:
            found = cols
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*FIELDS, "sheet", "row"])
    return frame, found, heads


def _drop_totals(block: RawTable, cols: dict, issues: Issues) -> pd.DataFrame:
    data = block.data
    keys = [cols[f] for f in ("call_id", "rep") if f in cols] or [0]
    first = data[keys].apply(lambda r: " ".join(coerce.text(v) for v in r), axis=1) if len(data) else pd.Series()
    is_total = first.map(lambda t: header_key(t.split(" ")[0] if t.strip() else "") in TOTAL_WORDS) if len(data) \
        else pd.Series(dtype=bool)
    for r in data.loc[is_total.to_numpy(), ROW] if len(data) else []:
        issues.add(Code.LAYOUT_NOTE, block.sheet, r, "row", None,
                   f"{block.sheet} row {r} looks like a totals row and was skipped.", "Nothing to do.")
    return data[~is_total.to_numpy()] if len(data) else data


def _base(block: RawTable, data: pd.DataFrame, cols: dict) -> pd.DataFrame:
    out = pd.DataFrame({"sheet": block.sheet, "row": data[ROW].to_numpy()})
    for f in FIELDS:
        out[f] = data[cols[f]].to_numpy() if f in cols else None
    return out


def _long(block: RawTable, data: pd.DataFrame, cols: dict) -> pd.DataFrame:
    """Long layout; a score header repeated once per evaluator gives one row per evaluator."""
    score_key = header_key(block.headers[cols["score"]])
    score_cols = [p for p, h in enumerate(block.headers) if header_key(h) == score_key]
    base = _base(block, data, cols)
    if len(score_cols) == 1:
        return base
    eval_key = header_key(block.headers[cols["evaluator"]]) if "evaluator" in cols else None
    eval_cols = [p for p, h in enumerate(block.headers) if eval_key and header_key(h) == eval_key]
    parts = []
    for k, p in enumerate(score_cols, start=1):
        part = base.copy()
        part["score"] = data[p].to_numpy()
        before = [e for e in eval_cols if e < p]
        part["evaluator"] = data[before[-1]].to_numpy() if before else f"evaluator {k}"
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _wide(block: RawTable, data: pd.DataFrame, cols: dict, issues: Issues) -> pd.DataFrame | None:
    """Wide layout: each criterion column becomes rows of (criterion = its header, score = its cells)."""
    used = set(cols.values())
    criteria = []
    for p, head in enumerate(block.headers):
        name = coerce.text(head)
        if p in used or not name or SIDE_COLUMN.search(name) or header_key(name) in OVERALL:
            continue
        if _looks_scored(data[p]):
            criteria.append(p)
    if not criteria:
        return None
    base = _base(block, data, cols)
    parts = []
    for p in criteria:
        part = base.copy()
        part["criterion"] = coerce.text(block.headers[p])
        part["score"] = data[p].to_numpy()
        parts.append(part)
    issues.add(Code.LAYOUT_NOTE, block.sheet, 1, "layout", None,
               f"{block.sheet}: wide layout read, {len(criteria)} criterion columns: "
               + ", ".join(coerce.text(block.headers[p]) for p in criteria) + ".",
               "Nothing to do; add a criterion's spelling to the Criteria sheet if it is reported unknown.")
    return pd.concat(parts, ignore_index=True)


def _looks_scored(col: pd.Series) -> bool:
    """Most non-blank cells read as a score (a number, a percent or a rating word)."""
    good = bad = 0
    for v in col.head(200):
        if coerce.is_blank(v):
            continue
        try:
            value, how = coerce.score(v)
        except coerce.Unreadable:
            bad += 1
            continue
        if how != "not scored":
            good += 1
    return good > 0 and good >= 3 * bad
