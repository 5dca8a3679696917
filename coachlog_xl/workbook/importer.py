"""Appending an export's rows to a Scores sheet of the workbook, as a person pasting it would.

The rows go, as exported (every cell where the file put it, a row holding a value past its header too:
:func:`~coachlog_xl.core.longrows.past_header`), into the Scores sheet when the export's header is the sheet's, else
into a sheet of its own whose name starts with ``Scores`` (a refresh reads every such sheet).  Rows the
sheet, or another Scores sheet, already holds are not added again (the same values under the same
headers, in any column order: :func:`_keys`; a reason typed in a row's Exclude cell leaves it the same
row; a header row the export repeats further down, as a paged report or a second tab does, is such a
row too), so importing the same file twice adds nothing, into whichever sheet.  What to add
is decided from the sheets as the refresh reads them (:func:`plan_import`); the file is then written
surgically by :func:`coachlog_xl.workbook.append.append_package`, every other part copied as stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from coachlog_xl import schema
from coachlog_xl.core import coerce, datenumbers
from coachlog_xl.core.checks import Issues
from coachlog_xl.core.config import Config
from coachlog_xl.core.grouped import header_over_two_rows
from coachlog_xl.core.inputs import ROW, RawTable, header_key
from coachlog_xl.core.layout import HEADER_FIELDS_NEEDED, is_header, map_headers, segments, unnamed
from coachlog_xl.core.trailers import header_synonyms, header_words
from coachlog_xl.core.weightrow import labelled
from coachlog_xl.errors import ConfigError
from coachlog_xl.workbook.a1 import get_column_letter
from coachlog_xl.workbook.append import Rows, altered, append_package
from coachlog_xl.workbook.beside import is_scores
from coachlog_xl.workbook.parts import safe_sheet_name, sheet_name_problem
from coachlog_xl.workbook.writer import MAX_CELL_TEXT, fitted_text
from coachlog_xl.workbook.xmltext import UNWRITABLE

EXCLUDE = schema.SCORES.column("exclude").header


@dataclass
class Appended:
    sheet: str
    new_sheet: bool
    rows_added: int
    rows_already_there: int
    first_row: int | None
    # (sheet row, column, whether cut) of a text changed to fit a cell: cut at 32,767 characters, or a character no
    # file holds (U+FFFE, U+FFFF, half a character) replaced by U+FFFD
    cells_cut: list[tuple[int, str, bool]] = field(default_factory=list)
    blank_rows: int = 0  # rows of the export with no value, not added
    held_in: list[str] = field(default_factory=list)  # when none is added: the sheets already holding them
    header_row: int | None = None  # the sheet's row of the header the rows added are under


@dataclass
class Plan:
    """What an import adds: the report, and the rows to write (None when nothing is added)."""

    appended: Appended
    rows: Rows | None
    after: str | None  # a new sheet goes right after this one (the last Scores sheet)


def target_sheet(sheets: list[str], scores_header: list, export: RawTable, name: str | None, stem: str) -> str:
    """The sheet the rows go to: ``--sheet``, else Scores when its header is the export's, else
    ``Scores <file name>``; a name matching a sheet's but for case is that sheet (Excel's names are
    case-insensitive).  A ``--sheet`` name is checked before the export is read (:func:`check_sheet_option`)."""
    if not name:
        same = [h for h in map(header_key, scores_header) if h] == [h for h in map(header_key, export.headers) if h]
        name = schema.SCORES.name if same else safe_sheet_name(f"Scores {stem}")
    return next((s for s in sheets if s.casefold() == name.casefold()), name)


def check_sheet_option(name: str) -> None:
    """Refuse a ``--sheet`` name a refresh would not read or Excel could not open."""
    if not is_scores(name):
        raise ConfigError(f'--sheet "{name}": the sheet name must start with "Scores" so a refresh reads it.')
    problem = sheet_name_problem(name)
    if problem:
        fixed = safe_sheet_name(name, "-")
        raise ConfigError(f'--sheet "{name}": {problem}. Choose another name, e.g. --sheet "{fixed}".')


def _row_key(values) -> tuple:
    out = [coerce.text(v) for v in values]
    while out and out[-1] == "":
        out.pop()
    return tuple(out)


def _rows(table: RawTable) -> list[tuple[int, list]]:
    """The sheet's rows with their Excel row numbers, the header row (row 1) first."""
    body = table.data.drop(columns=[ROW]).itertuples(index=False, name=None)
    return [(1, list(table.headers)), *zip(table.data[ROW].tolist(), map(list, body))]


def _exclude_of(row: list, cfg: Config) -> int | None:
    return map_headers(list(row), cfg.header_map).get("exclude")


def split_lead(export: RawTable, cfg: Config, sheet_exclude: int | None = None) -> tuple[list[list], list[list], list]:
    """The export's rows as (its lead: any title rows and the header row; its body: the rows below;
    the header row), with an Exclude column added to the header row after its last column when it has
    none: so a row of the import can be left out as any pasted row is (a reason in its Exclude cell).
    ``sheet_exclude``: the column of the Exclude of the sheet's first header; a narrower export's rows
    use it, as a paste's do (:func:`coachlog_xl.core.layout.to_long`), and get no second one."""
    block = segments(export, cfg.header_map, Issues())[0]
    head = list(block.headers)
    key = _row_key(head)
    rows = [list(r) for r in export.data.drop(columns=[ROW]).itertuples(index=False, name=None)]
    cells = [list(export.headers), *rows]  # (Excel row r is cells[r - 1])
    if block.header_row < len(cells) and header_over_two_rows(cells[block.header_row - 1], cells[block.header_row],
                                                              cfg.header_map):
        at = block.header_row  # a header over two rows (criteria named over their groups of columns): both
    else:
        at = 0 if _row_key(export.headers) == key else \
            next((i + 1 for i, r in enumerate(rows) if _row_key(r) == key), 0)  # rows down to the header
    lead, body = [list(export.headers), *rows[:at]], rows[at:]
    shared = sheet_exclude is not None and sheet_exclude >= len(export.headers)
    if _exclude_of(head, cfg) is None and not shared:
        lead[-1] = [*lead[-1], *[None] * (len(export.headers) - len(lead[-1])), EXCLUDE]
    return lead, body, head


def _texts(row, control: bool = False) -> list[str]:
    """A row's cells as text (:func:`coerce.text`), each read once for both of its keys; ``control``: with each
    control character as U+FFFD, as versions before 0.3.20 wrote it (an export holding one, imported before and
    again now, is found there)."""
    texts = list(map(coerce.text, row))
    return [UNWRITABLE.sub("\ufffd", t) for t in texts] if control else texts


def _trim(texts: list[str]) -> tuple:
    while texts and texts[-1] == "":
        texts.pop()
    return tuple(texts)


def _key_apart(texts: list[str], width: int, skip: set[int]) -> tuple:
    """A row's key (its cells' texts) without the cells of ``skip`` (its Exclude columns), or its whole
    key when it holds a value past the export's ``width`` in another column."""
    if any(texts[i] for i in range(width, len(texts)) if i not in skip):
        return _trim(list(texts))
    out = texts[:width]
    for i in skip:
        if i < len(out):
            out[i] = ""
    return _trim(out)


def _named(headers: list, cfg: Config) -> tuple[tuple, list[int], int] | None:
    """A header row's texts (keyed as :func:`header_key` keys headers), sorted, its Exclude column aside;
    the column of each; and how far the header reaches (past its last text).  None when the row is no
    header, or a text in it is blank or repeated (two Score columns): which column is which then cannot
    be told by name, and the rows under it are compared cell by cell only."""
    if not is_header(list(headers), cfg.header_map):
        return None
    keys = [header_key(h) for h in headers]
    reach = 1 + max((i for i, k in enumerate(keys) if k), default=-1)
    skip = _exclude_of(headers, cfg)
    at: dict[str, int] = {}
    for i, k in enumerate(keys[:reach]):
        if i == skip:
            continue
        if not k or k in at:
            return None
        at[k] = i
    names = tuple(sorted(at))
    return names, [at[n] for n in names], reach


def _getter(positions: list[int]):
    """The cells at ``positions`` of a row's texts, as a tuple (position -1: the '' a row's texts end with)."""
    if len(positions) == 1:
        return lambda texts: (texts[positions[0]],)
    return itemgetter(*positions)


@dataclass
class Held:
    """The rows a sheet holds, as an export's rows are compared with them: ``rows``, each row's cells
    in column order (:func:`_key_apart`); ``named``, for each export header (its header texts, sorted),
    each row's values under those headers, '' under one its own header lacks (its other columns set
    aside: an export without a sheet's Comments column finds the rows whatever their comments);
    ``headers``, the sorted header texts of the sheet's header rows."""

    rows: set[tuple]
    named: dict[tuple, set[tuple]]
    headers: set[tuple]

    def holds(self, head: bool, key: tuple, names: tuple | None, values: tuple | None) -> bool:
        """Whether the sheet holds an export's row: its cells in column order, or its values under the
        same headers in any order; a header row (``head``), when the sheet has a header of the same
        texts in any order (:func:`_headers_needed` then decides whether the rows below need it again)."""
        if key in self.rows:
            return True
        return names in self.headers if head else values is not None and values in self.named[names]

    def holds_any(self, keys: list[tuple], specs: list[tuple | None], values: list[tuple | None],
                  heads: list[int]) -> bool:
        """Whether the sheet holds any of an export's rows (:func:`_export_keys`; ``heads``: its header rows)."""
        return (not self.rows.isdisjoint(keys)
                or any(v is not None and v in self.named[n] for n, v in zip(specs, values))
                or any(specs[i] in self.headers for i in heads))

    @classmethod
    def union(cls, sheets: list[Held], specs: set[tuple]) -> Held:
        return cls(set().union(*(h.rows for h in sheets)),
                   {s: set().union(*(h.named[s] for h in sheets)) for s in specs},
                   set().union(*(h.headers for h in sheets)))


def _keys(table: RawTable, blocks: list[RawTable], cfg: Config, width: int, specs: set[tuple],
          control: bool = False) -> Held:
    """The rows a sheet holds (``blocks``: its header blocks), as an export ``width`` columns wide whose
    headers are ``specs`` is compared with them: a reason typed in an Exclude cell (the fix Checks gives
    for a conflict or a duplicate) does not make the row another one, so importing the export again does
    not bring the row back.  A row's Exclude is its block's, or the first block's where its own header
    leaves that column unnamed (as :func:`~coachlog_xl.core.layout.to_long` reads it).  A row under a
    header naming each column once is also keyed by name, whatever its columns' order.  ``control``: as
    :func:`_texts`."""
    held = Held({_trim(_texts(table.headers))}, {s: set() for s in specs}, set())
    first = _exclude_of(blocks[0].headers, cfg) if blocks and is_header(blocks[0].headers, cfg.header_map) else None
    for block in blocks:
        skip = {_exclude_of(block.headers, cfg)} | ({first} if unnamed(block.headers, first) else set())
        skip.discard(None)
        held.rows.add(_key_apart(_texts(block.headers), width, skip))  # a header row further down: an export's own
        named = _named(block.headers, cfg)
        if named is not None:
            held.headers.add(named[0])
            at = dict(zip(named[0], named[1]))
        getters = [] if named is None else [(held.named[s], _getter([at.get(n, -1) for n in s])) for s in specs
                                            if any(n in at for n in s)]  # (a header sharing none: no row of it)
        for row in block.data.drop(columns=[ROW]).itertuples(index=False, name=None):
            texts = _texts(row, control)
            held.rows.add(_key_apart(texts, width, skip))
            texts.append("")
            for into, get in getters:
                into.add(get(texts))
    return held


def _export_keys(rows: list[list], heads: list[int], header_row: list, width: int, own: int | None,
                 cfg: Config, control: bool = False) -> tuple[list[tuple], list[tuple | None], list[tuple | None]]:
    """Each export row's key in column order (:func:`_key_apart`), the header texts it is read under
    (None where its header does not name each column once: :func:`_named`) and its values under them
    (None for a header row, a row holding a value past its header, or one with none under it)."""
    keys, specs, values = [], [], []
    at, skip = set(heads), {own} - {None}
    named = _named(header_row, cfg)
    get = None if named is None else _getter(named[1])
    for i, row in enumerate(rows):
        texts = _texts(row, control)
        keys.append(_key_apart(texts, width, skip))
        if i in at:
            named = _named(row, cfg)
            get = None if named is None else _getter(named[1])
            specs.append(None if named is None else named[0])
            values.append(None)
        elif named is None or any(texts[named[2]:]):
            specs.append(None)
            values.append(None)
        else:
            specs.append(named[0])
            got = get(texts)
            values.append(got if any(got) else None)  # (a row holding only an Exclude is no row of the sheet)
    return keys, specs, values


def _header_rows(rows: list[list], cfg: Config) -> list[int]:
    """The positions of the header rows among ``rows``: as the refresh finds header rows."""
    synonyms = header_synonyms(cfg.header_map)
    texts = list({v for r in rows for v in r if isinstance(v, str)})
    named = {v for v, yes in zip(texts, header_words(texts, synonyms)) if yes}  # the texts that are header words
    # (only a row with as many header words as a header needs is asked)
    return [i for i, r in enumerate(rows) if sum(isinstance(v, str) and v in named for v in r) >= HEADER_FIELDS_NEEDED
            and is_header(r, cfg.header_map)]


def _headers_needed(rows: list[list], fresh: list[bool], heads: list[int], current: list) -> list[bool]:
    """``fresh`` with the header rows among ``rows`` (at ``heads``) the sheet already holds marked fresh
    again where the rows written below them need them: a fresh row follows before the next header row,
    and the header the sheet reads at that point (``current``: the header the first of ``rows`` is
    written under) is another.  Any other header row a sheet holds (a paged report's repeated header, a
    second tab's) is not added again, so importing the same export twice adds nothing."""
    out = list(fresh)
    for n, i in enumerate(heads):
        below = range(i + 1, heads[n + 1] if n + 1 < len(heads) else len(rows))
        if not out[i] and any(out[j] for j in below) and not _same_header(current, rows[i]):
            out[i] = True
        if out[i]:
            current = rows[i]
    return out


def _points_possible_needed(rows: list[list], fresh: list[bool], heads: list[int], first: bool) -> list[bool]:
    """``fresh`` with a row of points possible right under a header that is written (the export's own header row
    when ``first``, one among ``rows`` at ``heads`` marked fresh) marked fresh again where a row below it, before the
    next header, is: the refresh reads those rows over it (:mod:`~coachlog_xl.core.weightrow`), as the import's
    preview did, though another week's row of the same numbers is in the workbook already."""
    out = list(fresh)
    for n, (i, written) in enumerate([(-1, first), *((h, out[h]) for h in heads)]):
        end = heads[n] if n < len(heads) else len(rows)
        if written and i + 1 < end and not out[i + 1] and any(out[i + 2:end]) and labelled(rows[i + 1]):
            out[i + 1] = True
    return out


def _points(cells: list | None) -> tuple | None:
    """A row of points possible's numbers by column (its label aside), None for any other row."""
    if cells is None or not labelled(cells):
        return None
    out = [None if coerce.is_blank(v) or isinstance(v, str) else coerce.score(v)[0] for v in cells]
    while out and out[-1] is None:
        out.pop()
    return tuple(out)


def _first_row(blocks: list[RawTable]) -> list | None:
    """The first row under the sheet's last header, as its cells."""
    if not blocks or not len(blocks[-1].data):
        return None
    first = blocks[-1].data.iloc[0]
    return [first[p] for p in blocks[-1].data.columns if p != ROW]


def _same_header(existing: list, headers: list) -> bool:
    """Whether a header row already in the sheet is the export's (the Exclude an import added aside)."""
    key, theirs = _row_key(existing), _row_key(headers)
    return key == theirs or (key[-1:] == (EXCLUDE,) and _row_key(key[:-1]) == theirs)


def plan_import(sheets: list[str], scores: list[RawTable], export: RawTable, cfg: Config, sheet: str | None,
                stem: str) -> Plan:
    """Decide what an import adds, from the workbook's sheet names and its Scores sheets as read.

    ``scores``: every sheet whose name starts with Scores, as :func:`coachlog_xl.workbook.reader.score_tables`
    reads it.  The export's header row is written when the sheet's last header row is not the export's
    (with the export's title rows above it on an empty sheet); its rows below, when the sheet does not
    hold them already."""
    tables = {t.sheet: t for t in scores}
    head = tables[schema.SCORES.name].headers if schema.SCORES.name in tables else []
    name = target_sheet(sheets, head, export, sheet, stem)
    new_sheet = name not in sheets
    table = None if new_sheet else tables.get(name)
    existing_rows = [] if table is None else _rows(table)
    next_row = 1 + max((n for n, r in existing_rows if any(not coerce.is_blank(v) for v in r)), default=0)
    blocks = [] if table is None else segments(table, cfg.header_map, Issues())
    headed = [b for b in blocks if is_header(b.headers, cfg.header_map)]
    headers = [b.headers for b in headed]
    lead, rows, header_row = split_lead(export, cfg, _exclude_of(headers[0], cfg) if headers else None)
    if export.date1904:
        _dates_from_1904(rows, header_row, cfg)
    width, own = len(export.headers), _exclude_of(header_row, cfg)
    filled = [r for r in rows if any(not coerce.is_blank(v) for v in r)]
    # keyed as written: a text a cell cannot hold is cut, and read back so from the sheet
    texts = [v for r in filled for v in r if type(v) is str]  # (listed once for both looks below)
    mended = bool(altered(filled, texts))
    written = [[fitted_text(v) if type(v) is str else v for v in r] for r in filled] if mended else filled
    others = [t for t in scores if t is not table and len(t.data)]  # a row another Scores sheet holds
    held: dict[str, Held] = {}
    fresh, keys, specs, values, heads, restart = filled, [], [], [], [], False
    if table is not None or others:
        heads = _header_rows(filled, cfg)
        # (an export holding a control character: compared as versions before 0.3.20 wrote it too)
        control = UNWRITABLE.search("".join(texts)) is not None
        keys, specs, values = _export_keys(written, heads, header_row, width, own, cfg, control)
        wanted = set(specs) - {None}
        if table is not None:
            held[name] = _keys(table, blocks, cfg, width, wanted, control)
        for other in others:
            held[other.sheet] = _keys(other, segments(other, cfg.header_map, Issues()), cfg, width, wanted,
                                      control)
        every = Held.union(list(held.values()), wanted)
        lines, named = every.rows, every.named  # (the rows' test spelled out: 100,000 rows and more)
        new = [k not in lines and (v is None or v not in named[n]) for k, n, v in zip(keys, specs, values)]
        for i in heads:
            new[i] = not every.holds(True, keys[i], specs[i], None)
        new = _headers_needed(filled, new, heads, header_row)
        header = headers[-1] if headers else None
        new = _points_possible_needed(filled, new, heads, header is None or not _same_header(header, header_row))
        # (and the export's header again above its row of points possible where the sheet's last block is read over
        # other numbers, or none: a week of other numbers starts its own block, read over its row as the preview read
        # it, though an earlier week's row of the same numbers is in the workbook)
        restart = (header is not None and _same_header(header, header_row) and 0 not in heads
                   and any(new[1:heads[0] if heads else len(new)]) and labelled(filled[0])
                   and _points(filled[0]) != _points(_first_row(blocks)))
        if restart:
            new[0] = True
        fresh = [r for r, n in zip(filled, new) if n]
    after = max((s for s in sheets if is_scores(s)), key=sheets.index, default=None)
    blank = len(rows) - len(filled)
    if not fresh:  # the sheets that hold them, in the workbook's order
        holders = [s for s in sheets if s in held and held[s].holds_any(keys, specs, values, heads)]
        return Plan(Appended(name, new_sheet, 0, len(filled), None, blank_rows=blank, held_in=holders), None, after)
    header = headers[-1] if headers else None
    # the header row when the sheet's last one is another (with the title above it only on an empty sheet:
    # in the middle of one, a title line would be read as a row of the paste above it)
    joins = header is not None and _same_header(header, header_row) and not restart
    out = [] if joins else lead if next_row == 1 else lead[-1:]
    plain = frozenset(range(len(out)))
    first = next_row + len(out)
    out = [*out, *fresh]
    cut = altered(out if mended else out[:len(out) - len(fresh)])  # (the rows above the export's: a title, a header)
    changed = [(next_row + i, _column_name(header_row, k), len(out[i][k]) > MAX_CELL_TEXT) for i, k in cut]
    links = map_headers(header_row, cfg.header_map).get("recording")
    add = Rows(out, next_row, links, plain)
    return Plan(Appended(name, new_sheet, len(fresh), len(filled) - len(fresh), first, changed, blank,
                         header_row=headed[-1].header_row if joins else first - 1), add, after)


def _column_name(header_row: list, k: int) -> str:
    """The export's column ``k`` (from 0) as a message names it: its header, or its letter."""
    head = header_row[k] if k < len(header_row) else None
    return f'"{head}"' if isinstance(head, str) and head.strip() else f"column {get_column_letter(k + 1)}"


_TEXT_TYPES = frozenset({str, type(None)})


def _dates_from_1904(rows: list[list], header_row: list, cfg: Config) -> None:
    """The date numbers (serials) of an export in the 1904 date system written as the dates they are, in
    place: the workbook may count its serials from 1900, where the same number is another day.  Each block
    of rows under its header row (``header_row``, or one further down: a repeated header, another paste),
    in the columns the refresh reads as its call and grading dates: a field's empty column gives way to a
    filled one (``map_headers`` given the block's filled columns, as the reader gives them; the reader's
    ``prefer`` decides only between columns of the fields whose names it knows, rep and criterion)."""
    # (only rows of texts alone may be header rows: a paste's rows of scores, numbers among them, not looked at)
    texts = [i for i, r in enumerate(rows) if _TEXT_TYPES.issuperset(map(type, r))]
    heads = [texts[i] for i in _header_rows([rows[i] for i in texts], cfg)]
    for head, lo, hi in zip([header_row, *(rows[i] for i in heads)], [0, *(i + 1 for i in heads)],
                            [*heads, len(rows)]):
        block = rows[lo:hi]
        filled = {p for p in range(len(head)) if any(p < len(r) and not coerce.is_blank(r[p]) for r in block)}
        cols = map_headers(head, cfg.header_map, filled)
        dated = [cols[f] for f in ("call_at", "graded_at") if f in cols]
        for row in block:
            for p in (p for p in dated if p < len(row)):
                if (moved := datenumbers.serial_from_1904(row[p])) is not None:
                    row[p] = datenumbers.read(moved)


def write_import(path: Path, plan: Plan, tmp: Path) -> list[str]:
    """Write the workbook ``path`` with the planned rows added to ``tmp``; returns the parts written anew
    (see :func:`coachlog_xl.workbook.safety.save_package`)."""
    with open(tmp, "wb") as fh:
        return append_package(path, fh, plan.appended.sheet, plan.rows, plan.after)
