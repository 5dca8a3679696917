"""The warm refresh: the normalised Scores kept next to the workbook between refreshes.

Reading and normalising a million score rows is most of a cold refresh.  When nothing the
normalised table depends on has changed, a refresh loads it from ``.BOOK.xlsx.coachlog-cache`` in the
workbook's folder instead.  Whether anything changed is told from the zip directory alone (each
part's CRC-32 and size; nothing is decompressed).  The key covers:
- the sheet parts of every sheet whose name starts with Scores, and of Settings, Criteria and Reps,
  with the names and order of those sheets;
- the shared strings (text cells) and the styles (which numbers are dates), and the workbook's
  1904 date system flag;
- the package version and this file's format version.

A refresh of a workbook another program wrote (xlsxwriter, openpyxl's write-only mode, pandas'
``to_excel``) adds the computed sheets' cell styles to its styles part as it saves, so the file it
leaves has another key than the one it read.  The cache therefore also keeps the key without the
styles part and each cell style as read (its number format, font, fill, border, alignment): a styles
part that holds those same styles first, others added after them, reads every cell as before (a
cell's style is an index into that list; the Scores parts are in the key unchanged), and the cache
serves it.  Without this the refresh after such a workbook's first refresh read it cold again.

The file is a NumPy ``.npz`` read with ``allow_pickle=False`` (text columns as codes plus a JSON list
of values, no pickled objects), written atomically with the workbook's permissions: it holds the same
personal data as the workbook.  Beside the table it keeps its Checks rows, the calls that could not be placed,
the reps of rows marked not scored (dated, no Exclude reason), the date orders the pastes prove per header (an
import reads an export proving none as they do), and the as-of dates its doubts of a paste's date order hold for
(``date-order-doubted``, decided by the refresh's as-of date): a refresh as of another date reads the workbook again.
A cache that is missing, from another key, truncated or unreadable is ignored and the refresh reads the workbook (a
cold refresh); it never stops a refresh.

Beside it, ``.BOOK.xlsx.coachlog-done`` records the workbook the last refresh saved
(:mod:`coachlog_xl.workbook.done`): a workbook exactly as it left it is not refreshed again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from coachlog_xl import __version__
from coachlog_xl.core.calls import Normalised
from coachlog_xl.core.checks import Code, Issue
from coachlog_xl.workbook.beside import cache_path, done_path, is_scores
from coachlog_xl.workbook.done import FORMAT, write_beside
from coachlog_xl.workbook.parts import date1904, sheet_parts
from coachlog_xl.workbook.zipsizes import refuse_oversized

KEY_SHEETS = ("Settings", "Criteria", "Reps")
STYLES = "xl/styles.xml"
SHARED_PARTS = ("xl/sharedStrings.xml", STYLES)


def key(book: Path) -> str | None:
    """The hash of everything the normalised Scores depend on, or None when the file is no zip or its
    sheets cannot be found."""
    return keys(book)[0]


def keys(book: Path, styles: bool = False) -> tuple[str | None, dict | None]:
    """:func:`key`, and with ``styles`` what else the cache may serve (None where there is no styles
    part to read): ``loose``, the key without the styles part, and ``styles``, each cell style of it
    as read (:meth:`~coachlog_xl.workbook.stylesxml.Styles.cell_styles`)."""
    try:
        with zipfile.ZipFile(book) as z:
            refuse_oversized(book, z.infolist())  # (before workbook.xml is unzipped)
            infos = {i.filename: (i.CRC, i.file_size) for i in z.infolist()}
            head = z.read("xl/workbook.xml")[:4096] if "xl/workbook.xml" in infos else b""
            xml = z.read(STYLES) if styles and STYLES in infos else None
    except (OSError, zipfile.BadZipFile):
        return None, None
    parts = sheet_parts(book)
    if not parts:  # no sheet found: a key would cover none of the data, so nothing is cached
        return None, None
    sheets = [n for n in parts if is_scores(n) or n in KEY_SHEETS]
    material = {
        "format": FORMAT,
        "version": __version__,
        "date1904": date1904(head),
        "sheets": [[n, parts[n], infos.get(parts[n])] for n in sheets],
        "shared": [[p, infos.get(p)] for p in SHARED_PARTS],
    }
    full = _hash(material)
    if xml is None:
        return full, None
    material["shared"] = [[p, infos.get(p)] for p in SHARED_PARTS if p != STYLES]
    from xml.etree import ElementTree  # (here: a warm refresh, whose key is its own, parses no styles)

    from coachlog_xl.workbook.stylesxml import Styles

    try:
        cells = json.loads(json.dumps(Styles(xml).cell_styles()))  # (as the cache's JSON gives it back)
    except ElementTree.ParseError:
        return full, None
    return full, {"loose": _hash(material), "styles": cells}


def _hash(material: dict) -> str:
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def _styles_added(book: Path, meta: dict) -> bool:
    """Whether ``book`` differs from the workbook the cache was made of by cell styles added after its
    own alone (see the module)."""
    kept = meta.get("styles")
    if not isinstance(kept, dict) or not isinstance(kept.get("styles"), list):
        return False
    now = keys(book, styles=True)[1]
    return (now is not None and now["loose"] == kept.get("loose")
            and now["styles"][:len(kept["styles"])] == kept["styles"])


def load(book: Path, wanted: str | None, as_of: dt.date | None = None) -> Normalised | None:
    """The cached normalised Scores when the cache file holds this key, and they hold for the refresh's ``as_of``
    (the doubts of a paste's date order found for the as-of date they were read for,
    :class:`~coachlog_xl.core.orderwaits.Span`); None otherwise."""
    path = cache_path(book)
    if wanted is None or not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode())
            if meta.get("format") != FORMAT or meta.get("key") != wanted and not _styles_added(book, meta):
                return None
            span = tuple(None if d is None else dt.date.fromisoformat(d) for d in meta["as_of_span"])
            if as_of is not None and not _holds(span, as_of):
                return None
            frame = _decode(meta["columns"], data)
        issues = [Issue(Code(i[0]), i[1], i[2], i[3], i[4], i[5], i[6]) for i in meta["issues"]]
        # (a cache made before two_way was kept has none: read again, as a Date order it may hold back needs)
        unplaced, two_way = ([(rep, crit, None if day is None else dt.date.fromisoformat(day))
                              for rep, crit, day in meta[key]] for key in ("unplaced", "two_way"))
        shown = {sheet: [(row, heads) for row, heads in pastes] for sheet, pastes in meta["shown"].items()}
        dated: dict = {}
        for words, order, sheet, example in meta["dated"]:
            dated.setdefault(tuple(words), {}).setdefault(order, []).append((sheet, example))
        named = [str(name) for name in meta["named"]]  # (a cache made before it was kept: read again)
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, zipfile.BadZipFile):
        return None
    return Normalised(frame, issues, unplaced, dated=dated, two_way=two_way, shown=shown, named=named,
                      as_of_span=span)


def _holds(span: tuple, as_of: dt.date) -> bool:
    """Whether the as-of dates ``span`` (from, to; None: open) hold ``as_of``."""
    return (span[0] is None or span[0] <= as_of) and (span[1] is None or as_of <= span[1])


def store(book: Path, wanted: str | None, normalised: Normalised, styles: dict | None = None) -> bool:
    """Write the cache for this key (atomically, with the workbook's permissions); False when the
    table cannot be kept (an unusual value type) or the folder is not writable; ``styles``: the
    workbook's as read (:func:`keys`), for a save that adds cell styles to leave the cache in use."""
    if wanted is None:
        return False
    encoded = _encode(normalised.rows)
    if encoded is None:
        return False
    columns, arrays = encoded
    meta = {"format": FORMAT, "key": wanted, "styles": styles, "columns": columns,
            "issues": [[i.code.value, i.sheet, i.row, i.field, _plain(i.value), i.problem, i.fix]
                       for i in normalised.issues],
            **{key: [[rep, crit, None if day is None else day.isoformat()]
                     for rep, crit, day in getattr(normalised, key)] for key in ("unplaced", "two_way")},
            "shown": normalised.shown, "named": list(normalised.named),
            "as_of_span": [None if d is None else d.isoformat() for d in normalised.as_of_span],
            "dated": [[list(words), order, sheet, example] for words, orders in normalised.dated.items()
                      for order, where in orders.items() for sheet, example in where]}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    return write_beside(book, cache_path(book), lambda fh: np.savez(fh, **arrays))


def remove(book: Path) -> None:
    """Delete the cache files, if any (the cache is turned off); where the folder is read-only they stay."""
    for path in (cache_path(book), done_path(book)):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _encode(frame: pd.DataFrame) -> tuple[list, dict] | None:
    columns, arrays = [], {}
    for n, name in enumerate(frame.columns):
        col = frame[name]
        if col.dtype == object or isinstance(col.dtype, pd.StringDtype):
            codes, uniques = factorized(col.to_numpy(dtype=object))
            values = [None if v is None or (isinstance(v, float) and v != v) else v for v in uniques]
            if not all(v is None or isinstance(v, str) for v in values):
                return None
            columns.append([name, "text", values, str(col.dtype)])
            arrays[f"c{n}"] = codes.astype(np.int32)
        elif col.dtype.kind in "biufM":
            columns.append([name, str(col.dtype), None, str(col.dtype)])
            arrays[f"c{n}"] = col.to_numpy()
        else:
            return None
    return columns, arrays


_SHARED = 4  # cells per distinct object, at least, for :func:`factorized` to code the objects first


def factorized(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pandas.factorize(values, use_na_sentinel=False)`` of an array of Python objects: the same codes and
    uniques.  The normalised Scores' text columns hold a few objects each, shared by many rows (a rep's
    name is one string object on all of the rep's rows), so the objects are coded first by their address (a
    hash of integers) and only one cell of each object is compared by value: about 20 ms per million
    rows where hashing every cell's text took about 100 ms (a refresh cache of a million rows keeps nine
    such columns).  The first cell of each object, in order, holds each value's first appearance in
    order, so the values' codes are those of the whole array.  A column of mostly distinct objects
    (or where :mod:`ctypes` cannot be imported; Pyodide has it, its addresses 32 bits as its
    ``size_t``) is coded as it is."""
    objects = np.ascontiguousarray(values, dtype=object)
    n = len(objects)
    try:
        import ctypes

        addresses = np.ctypeslib.as_array((ctypes.c_size_t * n).from_address(objects.ctypes.data)) if n else None
    except ImportError:
        addresses = None
    if addresses is None:
        return pd.factorize(objects, use_na_sentinel=False)
    by_object, distinct = pd.factorize(addresses)
    if len(distinct) * _SHARED > n:
        return pd.factorize(objects, use_na_sentinel=False)
    # each object's first cell: where the codes, given in order of first appearance, pass their maximum so far
    first = np.flatnonzero(by_object > np.concatenate(([-1], np.maximum.accumulate(by_object)[:-1])))
    by_value, uniques = pd.factorize(objects[first], use_na_sentinel=False)
    return by_value[by_object], uniques


def _decode(columns: list, data) -> pd.DataFrame:
    out = {}
    for n, (name, kind, values, dtype) in enumerate(columns):
        arr = data[f"c{n}"]
        if kind == "text":
            out[name] = pd.Series(np.array(values, dtype=object)[arr], dtype=dtype, copy=False)
        else:
            out[name] = pd.Series(arr.astype(kind, copy=False))
    # the columns as made (a frame of Series copies them into blocks unless told not to: 0.2 s at 1M rows)
    return pd.DataFrame(out, columns=[c[0] for c in columns], copy=False)


def _plain(value):
    """An issue's value as JSON keeps it for the Checks sheet (which shows it as text)."""
    if value is None or (isinstance(value, (str, bool, int, float))
                         and not (isinstance(value, float) and value != value)):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)
