"""Rows of a paste that are not calls: totals rows and the lines a report tool writes below the rows.

A row whose call id, rep or first cell starts or ends with Total, Grand Total, Subtotal, Average, Mean,
Median, Sum, Count or Summary (or one of these in German, French, Spanish, Italian, Portuguese or Dutch:
:data:`TOTAL_WORDS`) is a totals row (Excel's Data > Subtotal writes ``Dana Cruz Average`` and
``Grand Average``), and so is a row without a call id whose criterion starts or ends with one (a
report's per-rep ``Average`` line, ``Acknowledge Average``); a line such as "Report generated ...", "Confidential" or
"Page 1 of 3" is a report footer; a row labelled Weight, Max points or Points possible is a row of weights or points
possible (a spreadsheet scorecard's, under a wide header; where it is soundly its columns' points possible, it is read
as their maxima instead: :mod:`.weightrow`).  Each is skipped with a note, unless the row holds a rep, a
call date and a score: such a row is a call whatever its text.  A row of units right under a header (``points``,
``(0-5)``, ``%``, ``date`` and blanks: :func:`units_row`), or a Qualtrics export's row of import ids
(``{"ImportId": "QID4_1"}``), is skipped with a note too, before the columns are read.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from functools import partial

import numpy as np
import pandas as pd

from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.distinct import filled, per_distinct, per_distinct_table
from coachlog_xl.core.inputs import ROW, RawTable, header_key, header_keys

TOTAL_WORDS = {
    "total", "totals", "grandtotal", "subtotal", "subtotals", "average", "averages", "avg", "mean", "median",
    "sum", "count", "overall", "summary", "summaries",
    # the same in the languages of exports made in Europe (a semicolon-separated file with decimal commas),
    # and the words Excel's Data > Subtotal writes in them (``Dana Cruz Ergebnis``, ``Gesamtergebnis``,
    # ``Moyenne générale``, ``Promedio general``, ``Eindtotaal``); not "media" (``Social media``) nor "suma"
    # (a first name: ``Suma Patel``)
    "gesamt", "gesamtergebnis", "ergebnis", "summe", "durchschnitt", "mittelwert", "gesamtmittelwert",
    "moyenne", "somme", "totaal", "eindtotaal", "gemiddelde", "promedio", "totale", "média",
}
# The label of a row under a wide header giving each criterion's weight or points possible (a spreadsheet
# scorecard's): no call
WEIGHT_WORDS = {
    "weight", "weights", "weighting", "weightage", "maxpoints", "maximumpoints", "pointspossible", "possiblepoints",
    "outof", "maxscore",
}
# A cell of a units row under a header: what the column above it is written in, not a value of a call's
_UNIT = re.compile(
    r"^\(?\s*(?:%|percent(?:age)?|pct|points?|pts|date|time|date\s*/?\s*time|datetime|timestamp|text|id|number"
    r"|[ymd]{1,4}([-/.])[ymd]{1,4}\1[ymd]{1,4}(?:\s+hh:mm(?::ss)?)?|hh:mm(?::ss)?|seconds?|secs?|minutes?|mins?"
    r"|yes\s*/\s*no|y\s*/\s*n|pass\s*/\s*fail)\s*\)?$", re.I)
# and a scale's range, ``(0-5)``, ``1 to 10``, ``0-100%``: never a call id's, a rep's or a criterion's cell
_RANGE = re.compile(r"^\(?\s*\d+(?:\.\d+)?\s*(?:-|\u2013|to)\s*\d+(?:\.\d+)?\s*%?\s*\)?$", re.I)
# A cell of a Qualtrics export's third header row, the import id of its column's question or field:
# ``{"ImportId": "QID4_1"}``, ``{"ImportId": "startDate", "timeZone": "America/Denver"}``
_IMPORT_ID = re.compile(r'^\s*\{\s*"ImportId"\s*:.*\}\s*$', re.S)
# the cells of a SurveyMonkey export's second header row, the kind of answer under each question (header_key)
_ANSWER_KINDS = {"response", "openendedresponse"}
# the fields whose cell in a units row is blank or a unit word, not a range: a data row's call id may be 10-20
_NAMING = ("call_id", "rep", "criterion")
# Lines a report tool writes below (or above) the rows: when, by whom, page, confidentiality.
FOOTER = re.compile(
    r"^\s*(?:report\b|generated\b|exported\b|printed\b|downloaded\b|created (?:on|at|by)\b|run (?:on|at|by)\b"
    r"|confidential|internal use|page \d+(?: of \d+)?\s*$|copyright\b|\u00a9|\(c\)\s|end of (?:the )?report"
    r"|(?:total )?(?:rows|records)\s*:?\s*\d+\s*$|\d+ (?:rows|records)\b)",
    re.I | re.M,
)


# what header_key drops of an ASCII text, the line breaks kept: texts joined a line each are keyed at once
_NOT_ALNUM_LINES = re.compile(r"[^0-9a-z\n]+")
# an ASCII line that FOOTER matches holds one of these, its capitals lowered (the only other is the (c) sign)
_FOOTER_WORDS = ("report", "generated", "exported", "printed", "downloaded", "created ", "run ", "confidential",
                 "internal use", "page ", "copyright", "(c)", "end of ", "rows", "records")


def header_synonyms(header_map) -> set[str]:
    """Every header text the HeaderMap names a field by, as matched (:func:`header_key`)."""
    return {header_key(h) for hs in header_map.values() for h in hs}


def header_words(values: list, words: set[str], keyed: list | None = None) -> list[bool]:
    """Per value: whether it is text whose :func:`~coachlog_xl.core.inputs.header_key` is one of ``words``.
    A text far longer than the longest of them is none (a comment column's texts are not keyed).
    ``keyed``: the store of keyed texts of the table the values are of (:attr:`RawTable.keyed`), if any."""
    longest = 4 * max(map(len, words), default=0) + 16  # room for the spaces and punctuation a key drops
    texts = values[:-1] if values and values[-1] is None else values  # (per_distinct's blank last)
    # (all keyed: not looked at one by one)
    if texts and set(map(type, texts)) == {str} and max(map(len, texts)) <= longest:
        keys = _keys(texts, keyed)
        if not any(_within(keys, words, "\n")):  # (no key is a word, the usual: the keys not looked at one by one)
            return [False] * len(values)
        return [key in words for key in keys.split("\n")] + [False] * (len(values) - len(texts))
    at = [i for i, v in enumerate(values) if isinstance(v, str) and len(v) <= longest]
    out = [False] * len(values)
    for i, key in zip(at, _keys([values[i] for i in at], keyed).split("\n")):
        out[i] = key in words
    return out


def _keys(texts: list[str], keyed: list | None = None) -> str:
    """:func:`~coachlog_xl.core.inputs.header_keys` of the texts, a line each; those of ASCII texts of a
    line each (a column of 125,000 call ids) in one pass over them joined, without looking at each text.
    ``keyed``: the table's store of the texts keyed last and their keys (:attr:`RawTable.keyed`), where
    they are looked up first and kept: a paste's columns are looked at for a header row
    (:func:`header_words`), then for totals (:func:`_any_key_within`), and keyed once.  The store goes
    with its table: nothing keyed outlives the table it was keyed for."""
    for seen, keys in keyed or ():
        if len(seen) == len(texts) and seen == texts:  # (the same texts, compared object by object)
            return keys
    joined = "\n".join(texts)
    if joined.isascii() and joined.count("\n") == len(texts) - 1:
        keys = _NOT_ALNUM_LINES.sub("", joined.lower())
    else:
        keys = "\n".join(header_keys(texts))
    if keyed is not None:
        keyed[:] = [(list(texts), keys), *keyed[:KEYED - 1]]
    return keys


KEYED = 8  # the columns whose texts' keys a table keeps (a paste's fields: its call id, rep, criterion...)


def _any_key_within(texts: list[str], words: set[str], keyed: list | None = None) -> bool:
    """Whether any of ``words`` lies within the texts' :func:`header_key` s (a word that a text's key,
    or the key of its first word, equals lies within them); ``keyed``: see :func:`_keys`."""
    return any(_within(_keys(texts, keyed), words))


def _within(text: str, words, edge: str = ""):
    """Whether each of ``words`` lies within ``text`` (with ``edge``, between two ``edge`` s or the text's
    ends: a whole line of it, for a line break), one after another.  A word with a character the text lacks is
    not: the characters looked for first, each a quick scan (the keys of 110,000 call ids: 1 ms, where the
    55 total words' own scans took 22 ms)."""
    present = {ch for ch in set().union(*words) if ch in text}
    framed = f"{edge}{text}{edge}" if edge else text
    return (present.issuperset(w) and f"{edge}{w}{edge}" in framed for w in words)


def _any_footer(joined: str) -> bool:
    """Whether a line of the text is a report footer (:data:`FOOTER`); an ASCII text holding none of the
    words one holds is not searched."""
    lowered = joined.lower() if joined.isascii() else None
    if lowered is not None and not any(_within(lowered, _FOOTER_WORDS)):
        return False
    return FOOTER.search(joined) is not None


def _first_words(values: list) -> list:
    """Per value: the first word of its text (:func:`coerce.text`), or None for a blank cell."""
    texts = [v.strip() if type(v) is str else coerce.text(v) for v in values]
    return [t.split(None, 1)[0] if t else None for t in texts]


def drop_trailers(block: RawTable, cols: dict, issues: Issues) -> pd.DataFrame:
    """Totals rows (a call id, rep or first cell starting or ending with Total, Average, Sum...) and
    report footers (Report generated..., Confidential, Page 1 of 3) are skipped, each with a note; a
    row with a rep, a date and a score is a call whatever its text."""
    data = block.data
    if not len(data):
        return data
    mask, kind = np.zeros(len(data), dtype=bool), None  # (kind: each row's, made at the first hit)
    no_id = per_distinct(data[cols["call_id"]], _blank, bool, block.factors.get(cols["call_id"])) \
        if cols.get("call_id") in data else None
    keys = dict.fromkeys([*(cols[f] for f in ("call_id", "rep") if f in cols), 0])
    if no_id is not None and no_id.any() and cols.get("criterion") in data:
        keys.setdefault(cols["criterion"], "without a call id")
    for key, only in keys.items():
        if key not in data:
            continue
        codes, kinds = per_distinct_table(data[key], partial(_trailer_kinds, keyed=block.keyed), object,
                                          block.factors.get(key))
        if not (kinds != "").any():
            continue  # no value of the column is a total or a footer (the usual): nothing to spread over the rows
        found = kinds[codes]
        hit = (found != "") & ~mask & (no_id if only else True)
        kind = filled(len(data), "") if kind is None else kind
        kind[hit] = found[hit]
        mask |= hit
    if not mask.any():
        return data  # no totals row: the columns as they are, not copied
    for i in np.flatnonzero(mask):
        if _is_call(data.iloc[i], cols):
            mask[i] = False
    for r, what in zip(data.loc[mask, ROW], kind[mask]):
        issues.add(Code.LAYOUT_NOTE, block.sheet, r, "row", None,
                   f"{block.sheet} row {r} looks like a {what} and was skipped.", "Nothing to do.")
    return data[~mask] if mask.any() else data


def _blank(values: list) -> list[bool]:
    """Per value: :func:`coerce.is_blank`, a text's told at once (most cells)."""
    return [not v.strip() if type(v) is str else coerce.is_blank(v) for v in values]


def _trailer_kinds(values: list, keyed: list | None = None) -> list[str]:
    """Per value: "totals row", "row of weights or points possible", "report footer line" or "" (none);
    ``keyed``: the table's store of keyed texts (:func:`_keys`)."""
    only_text = set(map(type, values)) <= {str, type(None)}  # (the usual: then no value is looked at one by one)
    texts = [v for v in values if v is not None] if only_text else [v for v in values if isinstance(v, str)]
    joined = "\n".join(texts)
    totals = not (only_text or all(isinstance(v, str) or v is None for v in values)) or \
        _any_key_within(texts, TOTAL_WORDS | WEIGHT_WORDS, keyed)
    if not totals and not _any_footer(joined):
        return [""] * len(values)  # no total word and no footer anywhere in the column's text
    firsts = _first_words(values)
    two = [" ".join(v.split()[:2]) if isinstance(v, str) else None for v in values]
    lasts = [v.split()[-1] if isinstance(v, str) and len(v.split()) > 1 else None for v in values]
    weights = header_words(values, WEIGHT_WORDS, keyed)  # the whole label: not a criterion "Out of hours handling"
    out = []
    for v, first, one_hit, two_hit, last_hit, weight in zip(
            values, firsts, header_words(firsts, TOTAL_WORDS), header_words(two, TOTAL_WORDS),
            header_words(lasts, TOTAL_WORDS), weights):
        if first is not None and (one_hit or two_hit or last_hit):
            out.append("totals row")
        elif first is not None and weight:
            out.append("row of weights or points possible")
        elif isinstance(v, str) and FOOTER.match(v):
            out.append("report footer line")
        else:
            out.append("")
    return out


def _is_call(row: pd.Series, cols: dict) -> bool:
    """Whether a row holds a rep, a call (or grading) date and a score (any score, for a wide paste)."""
    needed = ["rep", "call_at" if "call_at" in cols else "graded_at"] + (["score"] if "score" in cols else [])
    return all(f in cols and not coerce.is_blank(row[cols[f]]) for f in needed)


def units_row(cells: list, named: Container[int]) -> list[str] | None:
    """The units a row under a header gives (``points``, ``(0-5)``, ``%``, ``date``), when it is such a row:
    every cell blank or text naming what its column is written in, one at least; else None.  ``named``: the
    positions of the header's call id, rep and criterion columns (:data:`_NAMING`), where a range is no unit.
    A row of scores is never one (a number, a score word such as ``Yes``, a date is no unit)."""
    units = []
    for p, v in enumerate(cells):
        if coerce.is_blank(v):
            continue
        if not isinstance(v, str) or not (_UNIT.match(v) or (p not in named and _RANGE.match(v))):
            return None
        units.append(v.strip())
    return units or None


def skip_units(sheet: str, head: list, cells: list, row: int, header_map: Mapping, issues: Issues) -> bool:
    """Whether ``cells``, the row under the header ``head`` (Excel row ``row``), is a row of units
    (:func:`units_row`): then a note says it is skipped, as other rows that are not calls are."""
    named = {p for p, h in enumerate(head) if header_key(h) in
             {header_key(s) for f in _NAMING for s in header_map.get(f, ())}}
    units = units_row(cells, named)
    if units is None:
        return _import_ids(sheet, cells, row, issues) or _answer_kinds(sheet, cells, row, named, issues)
    shown = ", ".join(dict.fromkeys(units))
    issues.add(Code.LAYOUT_NOTE, sheet, row, "row", None,
               f"{sheet} row {row} is a row of units under the header ({shown}), not a call, and was skipped.",
               "Nothing to do.")
    return True


def _answer_kinds(sheet: str, cells: list, row: int, named: Container[int], issues: Issues) -> bool:
    """Whether ``cells``, the row under a header, is a SurveyMonkey export's second header row: each question's kind
    of answer (``Response``, ``Open-Ended Response``; a choice's text under a question of several), one at least,
    every cell text, and under the call id, rep and criterion (``named``) blank or such a word; then a note says it
    is skipped, as a units row is."""
    filled_cells = {p: v for p, v in enumerate(cells) if not coerce.is_blank(v)}
    kinds = [p for p, v in filled_cells.items() if isinstance(v, str) and header_key(v) in _ANSWER_KINDS]
    if not kinds or not all(isinstance(v, str) for v in filled_cells.values()) or \
            any(p in named and p not in kinds for p in filled_cells):
        return False
    issues.add(Code.LAYOUT_NOTE, sheet, row, "row", None,
               f"{sheet} row {row} is a survey export's second header row (each question's kind of answer: "
               f"{', '.join(dict.fromkeys(filled_cells[p].strip() for p in kinds))}), not a call, and was skipped.",
               "Nothing to do.")
    return True


def _import_ids(sheet: str, cells: list, row: int, issues: Issues) -> bool:
    """Whether ``cells``, the row under a header, is a Qualtrics export's row of import ids (every cell blank or
    ``{"ImportId": ...}``, one at least; :data:`_IMPORT_ID`): then a note says it is skipped, as a units row is."""
    filled_cells = [v for v in cells if not coerce.is_blank(v)]
    if not filled_cells or not all(isinstance(v, str) and _IMPORT_ID.match(v) for v in filled_cells):
        return False
    issues.add(Code.LAYOUT_NOTE, sheet, row, "row", None,
               f'{sheet} row {row} is a survey export\'s row of import ids under the header ({filled_cells[0]}, ...), '
               "not a call, and was skipped.", "Nothing to do.")
    return True

