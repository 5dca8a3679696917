"""The Checks table: every row-level problem, collected rather than raised.

Each problem has a stable :class:`Code`; its severity follows domain.md ("Checks severity"):
an *error* means a result cannot be computed or would be wrong, a *warning* that it is computed
but questionable, *info* that it is worth knowing.  Tests assert codes, never wording.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

import numpy as np
import pandas as pd

from coachlog_xl.core.wording import LONG_MESSAGE, shortened
from coachlog_xl.schema import CHECKS, SHEET_ROWS


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO


class Code(str, Enum):
    """Stable problem codes, each with its severity."""

    def __new__(cls, value: str, severity: Severity):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.severity = severity
        return obj

    # Workbook structure and settings
    MISSING_COLUMN = ("missing-column", _E)
    BAD_SETTING = ("bad-setting", _W)
    AS_OF_FORMULA_SAVED = ("as-of-formula-saved-value", _W)
    AS_OF_FORMULA_WORKED = ("as-of-formula-worked-out", _I)
    AMBIGUOUS_AS_OF = ("ambiguous-as-of-date", _W)
    CRITERION_ID_SHARED = ("criterion-id-shared", _W)
    CRITERION_NAME_SHARED = ("criterion-name-shared", _W)
    CRITERION_NAME_CLASH = ("criterion-name-clash", _W)
    VERSION_RENAMED = ("criterion-version-renamed", _I)
    SETTING_MISSING = ("setting-missing", _I)
    SCALE_EARLIER_MEANING = ("score-scale-earlier-meaning", _W)
    COMPUTED_RENAMED = ("computed-sheet-renamed", _W)
    DECISION_NOT_ON_LOG = ("decision-not-on-log", _W)
    DECISION_OF_SESSION_GONE = ("decision-of-session-gone", _I)
    TYPED_NOT_KEPT = ("typed-on-computed-sheet", _W)
    TABLE_COLUMN_GONE = ("formula-names-table-column", _W)
    OLD_VALUES_SHOWN = ("formulas-show-old-values", _I)
    STAMP_NOT_WRITTEN = ("stamp-not-written", _I)
    # Scores
    UNREADABLE_DATE = ("unreadable-date", _E)
    MISSING_CALL_DATE = ("missing-call-date", _E)
    UNREADABLE_SCORE = ("unreadable-score", _E)
    UNREADABLE_NA_FLAG = ("unreadable-na-flag", _E)
    MISSING_FIELD = ("missing-field", _E)
    SCORE_OUT_OF_SCALE = ("score-out-of-scale", _W)
    ROW_PAST_HEADER = ("row-past-header", _W)
    SCALE_CONVERTED = ("scale-converted", _I)
    SCALE_UNCLEAR = ("scale-unclear", _W)
    SCALE_HOLDS = ("scale-holds-baseline", _E)
    GRADING_DATE_USED = ("grading-date-used", _W)
    GRADING_DATE_HOLDS = ("grading-date-holds-baseline", _E)
    LAYOUT_NOTE = ("layout-note", _I)
    REPEATED_CRITERIA = ("repeated-criterion-columns", _E)
    SAME_HEADER = ("same-header-columns", _E)
    NOTHING_READ = ("no-row-read", _E)
    SCORES_ELSEWHERE = ("scores-sheet-not-read", _E)
    SHEETS_NOT_IMPORTED = ("sheets-not-imported", _W)
    TABLE_NOT_READ = ("table-not-read", _W)
    ZERO_NOT_SCORED = ("zero-not-scored", _I)
    DATE_ORDER = ("date-order-contradicted", _E)
    DATE_ORDER_OF_PASTE = ("date-order-of-paste", _I)
    DATE_ORDER_UNREAD = ("date-order-unreadable", _E)
    DATE_ORDER_OF_EXPORT = ("date-order-of-same-export", _W)
    DATE_ORDERS_DIFFER = ("date-orders-of-export-differ", _W)
    DATE_ORDER_DOUBTED = ("date-order-doubted", _E)
    WEEKDAY_NOT_DATE = ("weekday-not-its-date", _W)
    DATE_CELLS_TURNED = ("date-cells-maybe-swapped", _W)
    TWO_CALL_TIMES = ("two-call-times", _W)
    TWO_CALL_DATES = ("two-call-dates", _W)
    DATE_SYSTEM_UNKNOWN = ("date-system-unknown", _W)
    NOT_SCORED = ("not-scored", _I)
    UNKNOWN_REP = ("unknown-rep", _W)
    REP_NAME_CLASH = ("rep-name-clash", _W)
    REP_NAME_AND_ID_DIFFER = ("rep-name-and-id-differ", _E)
    NEAR_MISS_ROWS = ("near-miss-rows", _W)
    SHARED_OTHER_NAME = ("shared-other-name", _E)
    UNKNOWN_SCORE_CRITERION = ("unknown-score-criterion", _W)
    NO_KNOWN_CRITERION = ("no-known-criterion", _E)
    SWAPPED_REP_CRITERION = ("rep-criterion-swapped", _E)
    DUPLICATE_ROW = ("duplicate-row", _I)
    CALIBRATION_MERGED = ("calibration-merged", _I)
    SELF_ASSESSMENT = ("self-assessment", _W)
    REPEAT_DATES_DIFFER = ("repeat-dates-differ", _W)
    CONFLICT = ("conflicting-scores", _E)
    CALL_UNDER_TWO_REPS = ("call-under-two-reps", _W)
    EXCLUDED = ("excluded", _I)
    AFTER_AS_OF = ("after-as-of", _I)
    CALL_AFTER_TODAY = ("call-after-today", _E)
    PASTED_AFTER_TODAY = ("pasted-after-today", _W)  # (an import's: its export's calls dated after today)
    FORMULA_TEXT = ("formula-like-text", _I)
    SCORES_MERGED = ("merged-cells-in-scores", _E)
    SCORE_PER_CALL = ("score-per-call", _E)
    SCORE_ALIKE = ("score-alike-per-call", _W)
    MAXIMUM_UNSURE = ("maximum-or-overall", _E)
    PERCENT_DISAGREES = ("percent-disagrees-with-points", _W)
    BYTES_NOT_READ = ("bytes-not-in-encoding", _W)
    ENCODING_READ = ("encoding-read", _I)
    # Log: data needed to compute
    MISSING_SESSION_ID = ("missing-session-id", _W)
    DUPLICATE_SESSION_ID = ("duplicate-session-id", _E)
    SAME_SESSION_TWICE = ("same-session-twice", _W)
    MISSING_REP = ("missing-rep", _E)
    FILLED_DOWN_ROWS = ("filled-down-rows", _I)
    FOLLOWUP_MARK = ("follow-up-number-as-blank", _I)
    MISSING_LOG_COLUMN = ("missing-log-column", _W)
    TWO_SESSION_TIMES = ("two-session-times", _W)
    UNREADABLE_SESSION_TIME = ("unreadable-session-time", _W)
    MERGED_CELLS = ("merged-cells", _W)
    PIVOT_ON_INPUT = ("pivot-table-on-input-sheet", _W)
    LOG_FORMAT_SET_BACK = ("log-format-set-back", _I)
    LOG_UNKNOWN_REP = ("log-unknown-rep", _W)
    MISSING_SESSION_DATE = ("missing-session-date", _E)
    AMBIGUOUS_SESSION_DATE = ("ambiguous-session-date", _W)
    AMBIGUOUS_EFFECTIVE_DATE = ("ambiguous-effective-date", _W)
    BAD_FOLLOWUP_NUMBER = ("unmeasurable-follow-up", _W)
    UNKNOWN_CALL_TYPE = ("unknown-call-type", _W)
    NOT_ON_LIST = ("not-on-list", _W)
    SUPERVISOR_FROM_REPS = ("supervisor-from-reps", _I)
    SUPERVISOR_UNKNOWN = ("supervisor-unknown", _W)
    # Baseline
    BASELINE_CHANGED = ("baseline-differs-from-recorded", _W)
    WINDOW_SMALLER_THAN_RECORDED = ("window-smaller-than-recorded", _I)
    TYPED_BASELINE_DIFFERS = ("typed-baseline-differs", _W)
    BASELINE_FORMULA = ("formula-in-baseline-column", _W)
    BASELINE_HELD = ("baseline-not-recorded", _W)
    BASELINE_OF_NO_SESSION = ("baseline-without-session", _W)
    RECORDED_BEFORE_SESSION = ("recorded-before-session", _E)
    BASELINE_INCOMPLETE = ("recorded-mean-cleared", _E)
    RECORDED_N_CLEARED = ("recorded-n-cleared", _E)
    TYPED_N_WITHOUT_MEAN = ("typed-n-without-mean", _E)
    TYPED_MEAN_OF_NO_CALL = ("typed-mean-with-n-0", _W)
    UNCALCULATED = ("formula-without-value", _W)
    SAME_DAY_CALLS = ("calls-on-session-day", _I)
    UNSCORED_NAME = ("baseline-for-unscored-name", _I)
    TYPES_SHIFTED = ("call-types-shifted", _W)
    DEFINITION_CHANGED = ("definition-changed", _W)
    UNDATED_VERSION = ("criterion-version-undated", _W)
    # Log quality (domain.md, Log-quality checks)
    MISSING_CRITERION = ("missing-criterion", _E)
    BROAD_THEME = ("broad-theme", _E)
    UNKNOWN_CRITERION = ("unknown-criterion", _E)
    SEVERAL_TARGETS = ("several-targets", _W)
    OUTCOME_TARGET = ("outcome-target", _W)
    EVALUATIVE_OBSERVATION = ("evaluative-observation", _W)
    MIXED_OBSERVATION = ("observation-and-target-mixed", _W)
    GENERIC_SUMMARY = ("generic-summary", _W)
    MISSING_EVIDENCE = ("missing-evidence", _W)
    OVERALL_SCORE_EVIDENCE = ("overall-score-evidence", _W)
    LATE_LOG = ("late-log", _W)
    LOGGED_BEFORE = ("logged-before-session", _W)
    HELD_AHEAD = ("outcome-before-session", _W)
    NO_OUTCOME = ("no-outcome", _W)
    UNKNOWN_DECISION = ("unknown-decision", _W)
    MISSING_TARGET = ("missing-target", _W)
    MISSING_OBSERVATION = ("missing-observation", _W)
    # Evidence (domain.md, "Evidence"): the delta is computed but may not mean what it seems
    ANCHOR_IN_BASELINE = ("anchor-in-baseline", _I)
    LOW_BASELINE = ("baseline-far-below-mean", _W)
    EVALUATOR_MIX = ("evaluator-mix-changed", _W)
    PRE_TREND = ("pre-trend", _W)
    # The Checks sheet itself
    NOT_LISTED = ("checks-not-listed", _W)  # (written with the severity of the problems it counts: :func:`listed`)


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Issue(NamedTuple):
    """One problem, a Checks row to be (a named tuple: a refresh of a million score rows makes tens of
    thousands, each made four times faster than a frozen dataclass, and pickled as its fields)."""

    code: Code
    sheet: str
    row: int | None
    field: str
    value: object
    problem: str
    fix: str

    @property
    def severity(self) -> Severity:
        return self.code.severity


class Issues:
    """Collects problems; :meth:`frame` gives the Checks sheet in a stable order."""

    def __init__(self) -> None:
        self._items: list[Issue] = []
        # (sheet, paste) -> a words note whose graded words a scale may yet refuse (:mod:`.convertednotes`)
        self.words: dict[tuple, list] = {}

    def add(self, code: Code, sheet: str, row, field: str, value, problem: str, fix: str) -> None:
        self._items.append(Issue(code, sheet, None if row is None else int(row), field, value, problem, fix))

    def adder(self):
        """A function that adds a made :class:`Issue` as it is (its row a whole number or None): for a
        check that adds many, each without the call of :meth:`add`."""
        return self._items.append

    def extend(self, other: Issues) -> None:
        """Add another collection's problems after these, in their order."""
        self._items.extend(other._items)

    def __iter__(self):
        return iter(self._items)

    def replace(self, old: Issue, new: Issue) -> None:
        """Put ``new`` where ``old`` is (a warning that turns out to be an error once more is known)."""
        self._items[self._items.index(old)] = new

    def drop(self, old: Issue) -> None:
        """Take ``old`` out (a note whose every case turns out to be said otherwise)."""
        self._items.remove(old)

    def __len__(self) -> int:
        return len(self._items)

    def codes(self) -> list[Code]:
        return [i.code for i in self._items]

    def frame(self, shown=None) -> pd.DataFrame:
        """The Checks sheet: one row per problem in the order :func:`_order` gives; ``shown``: a function giving the
        fields as the sheets head them from the problems' sheets, rows and fields
        (:class:`~coachlog_xl.core.fieldnames.Shown`), where a problem names a field by the code's word for it."""
        items = self._items
        # the fields a column each (one pass over the problems), each cell as the frame shows it
        code, sheets, rows, fields, values, problems, fixes = map(list, zip(*items)) if items else ([],) * 7
        if shown is not None:
            fields = shown(sheets, rows, fields)
        codes = [c._value_ for c in code]  # (the codes' texts: an Enum member hashes in Python, a text in C)
        # the distinct cells of the columns many problems share, found once for the order and the frame
        coded = {5: _distinct(codes), 1: _distinct(sheets), 3: _distinct(fields)}
        coded[0] = (coded[5][0], [_SEVERITY[c] for c in coded[5][1]])  # (a code's severity: its own)
        # a list per column in the order of CHECKS.keys
        columns = [[_SEVERITY[c] for c in codes], sheets, rows, fields, [_shown(v) for v in values], codes,
                   [shortened(p) if len(p) > LONG_MESSAGE else p for p in problems], fixes]
        # the kinds of cells each column holds, found once (a coded column's: those of its distinct cells)
        kinds = [set(map(type, coded[k][1] if k in coded else col)) for k, col in enumerate(columns)]
        order = _order(columns, coded, kinds)
        if order is not None:  # the rows sorted first: the frame made once, in its order
            # row numbers stay whole numbers beside the blanks of sheet-wide problems (objects: 34, not 34.0)
            return pd.DataFrame({key: pd.Series(np.asarray(col, dtype=object)[order], dtype=object) if k == 2 and items
                                 else _texts(col, order, coded.get(k), kinds[k])
                                 for k, (key, col) in enumerate(zip(CHECKS.keys, columns))})
        df = pd.DataFrame(list(zip(*columns)), columns=CHECKS.keys)
        # row numbers stay whole numbers beside the blanks of sheet-wide problems (not floats: 34, not 34.0)
        df["row"] = pd.Series(columns[2], dtype=object)
        return in_order(df)


def in_order(df: pd.DataFrame) -> pd.DataFrame:
    """A Checks table in the Checks order (severity, sheet, row number, field, code, problem; ties as they
    came): errors, then warnings, then notes, as :func:`listed` needs them."""
    order = df["severity"].map(_RANK)
    sheet_order = df["sheet"].fillna("")
    row_order = pd.to_numeric(df["row"], errors="coerce").fillna(0)
    df = df.assign(_o=order, _s=sheet_order, _r=row_order)
    df = df.sort_values(["_o", "_s", "_r", "field", "code", "problem"], kind="stable")
    return df.drop(columns=["_o", "_s", "_r"]).reset_index(drop=True)


_RANK = {s.value: n for s, n in SEVERITY_ORDER.items()}
_SEVERITY = {code.value: code.severity.value for code in Code}


def _order(columns: list[list], coded: dict | None = None, kinds: list[set] | None = None) -> np.ndarray | None:
    """The Checks order of the rows (severity, sheet, row number, field, code, problem; ties as they
    came), as the frame's stable sort by those columns gives it, found from each column's ranks: where
    every sheet is a text or blank, every row a whole number or blank, and every field, code and problem
    a text (compared as texts, as the sort compares them); else None.  Many problems share their sheet,
    field and code: each distinct text is ranked once; the problems' texts only where the other
    columns leave rows tied.  ``coded``: the distinct cells (:func:`_distinct`) of some columns, by
    position, when found (a severity's those of the codes: each code has its own); ``kinds``: the types
    of each column's cells, when found."""
    severity, sheets, rows, fields, _, codes, problems, _ = columns
    kinds = kinds or [set(map(type, col)) for col in columns]
    if not (kinds[1] <= {str, type(None)} and kinds[2] <= {int, type(None)}
            and kinds[3] | kinds[5] | kinds[6] <= {str}):
        return None
    known = coded or {}
    ids = [known.get(k) or _distinct(col) for k, col in ((5, codes), (3, fields), (1, sheets), (0, severity))]
    keys = [_ranks(ids[0][1])[ids[0][0]], _ranks(ids[1][1])[ids[1][0]],
            np.fromiter((r or 0 for r in rows), np.int64, len(rows)),
            _ranks([s or "" for s in ids[2][1]])[ids[2][0]],
            np.array([_RANK[s] for s in ids[3][1]], dtype=np.int64)[ids[3][0]] if len(rows) else np.empty(0, np.int64)]
    order = np.lexsort(keys)  # (a stable sort: the last key first)
    tied = np.ones(max(len(order) - 1, 0), dtype=bool)
    for key in keys:
        tied &= key[order[1:]] == key[order[:-1]]
    return np.lexsort([_ranks(problems), *keys]) if tied.any() else order


def _ranks(texts: list[str]) -> np.ndarray:
    """Each text's rank among the distinct texts, in Python's order of texts (each distinct one sorted once)."""
    codes, distinct = _distinct(texts)
    rank = np.empty(len(distinct), dtype=np.int64)
    rank[sorted(range(len(distinct)), key=distinct.__getitem__)] = np.arange(len(distinct))
    return rank[codes]


def _texts(cells: list, order: np.ndarray, coded: tuple | None = None, kinds: set | None = None):
    """A column's cells in ``order``, as the frame holds them: a column of texts (blanks among them) typed
    as pandas types a column of them (its text dtype from pandas 3; before, objects with None for a
    blank), made from each distinct text once where many rows share one; any other as a list.  ``coded``:
    each cell's code and the cell of each code (:func:`_distinct`), when found; ``kinds``: the cells' types,
    when found."""
    kinds = set(map(type, cells)) if kinds is None else kinds
    if str not in kinds or not kinds <= {str, type(None)}:
        return [cells[k] for k in order]
    sample = cells[::max(1, len(cells) // 64)]
    if 2 * len(set(sample)) > len(sample):  # (texts of their own, as the problems: made as they are)
        return pd.Series(np.asarray(cells, dtype=object)[order]).array
    codes, distinct = coded or _distinct(cells)
    return pd.Series(np.asarray(distinct, dtype=object)).array.take(codes[order])


def _distinct(cells: list) -> tuple[np.ndarray, list]:
    """Each cell's code and the distinct cells, in order of first appearance (texts and blanks: a dict
    tells them apart faster than a factorisation of the objects)."""
    index: dict = {}
    return np.fromiter((index.setdefault(v, len(index)) for v in cells), np.int64, len(cells)), list(index)


def listed(checks: pd.DataFrame, rows: int = SHEET_ROWS - 1) -> pd.DataFrame:
    """The Checks table as a sheet can hold it: all of it when it fits in ``rows`` rows, else its first
    rows (the most severe first) and one last row that counts, code by code, the problems not listed and
    says where the whole list is (``coachlog check``), so none is dropped without a word.  That row has
    the severity of the most severe problem it counts: it stays in the sheet's order, and a filter on
    errors shows it when errors are among them."""
    if len(checks) <= rows:
        return checks
    shown, rest = checks.iloc[:rows - 1], checks.iloc[rows - 1:]
    counts = rest["code"].value_counts(sort=False)
    told = "; ".join(f"{n:,} {code}" for code, n in counts.items())
    note = {"severity": min(rest["severity"].unique(), key=_RANK.__getitem__), "sheet": None, "row": None, "field": "",
            "value": None, "code": Code.NOT_LISTED.value,
            "problem": f"{len(rest):,} more problems are not listed: a sheet holds {SHEET_ROWS:,} rows. "
                       f"Not listed: {told}.",
            "fix": "Fix the problems listed (one cause often makes thousands, such as a score column mapped "
                   "to the wrong header) and refresh; `coachlog check BOOK` prints every problem."}
    return pd.concat([shown, pd.DataFrame([note], columns=checks.columns)], ignore_index=True)


def _shown(value) -> object:
    """The value as it appears in the Checks sheet: text, never a formula."""
    if value is None:
        return None
    if type(value) is str:  # (a text, the usual value: shown as it is, up to 200 characters)
        return value if len(value) <= 200 else value[:197] + "..."
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        value = int(value)  # a whole number as typed: 20250408, not 20250408.0
    text = str(value)
    return text if len(text) <= 200 else text[:197] + "..."
