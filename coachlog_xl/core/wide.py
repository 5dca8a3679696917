"""The score columns of a wide paste (one row per call), a column per criterion: the columns, not a field's, whose
cells read as scores; the per-metric side columns (``<metric> - Violation``, ``- Adherence Weight``...) and overall
scores (total, qa_score, is passed...) are not criteria (:func:`criterion_columns`); a criterion's own N/A flag
column (``Greeting N/A``) leaves a flagged cell not scored (:func:`na_columns`).  A list of scores flattened into
columns is read by :mod:`~coachlog_xl.core.flatlist`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container

import pandas as pd

from coachlog_xl.core import coerce, labelpoints, scorewords
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.criterionnames import CriterionDirectory
from coachlog_xl.core.inputs import RawTable, header_key
from coachlog_xl.core.namedcolumns import first_filled, mostly_scores, said_unread
from coachlog_xl.core.qualifiers import scale, split
from coachlog_xl.core.sidewords import about_call, flag_keys, record_ids

SIDE_COLUMN = re.compile(
    r"\s+-\s+(is fatal metric|adherence weight|violation|weight|comments?|notes?|feedback|is na)\s*$", re.I)
# the words that head a criterion's score column: after its name (``Greeting - Score``), or under it in a
# header over two rows (:mod:`coachlog_xl.core.grouped`)
SCORE_HEADS = ("score", "rating", "points")
SCORE_SUFFIX = re.compile(rf"\s+-\s+(?:{'|'.join(SCORE_HEADS)})\s*$", re.I)
OVERALL = {
    "total", "totalscore", "overall", "overallscore", "evaluationscore", "qascore", "ispassed", "passed",
    "finalscore", "percentage", "score", "result", "grade", "fatal", "reviewscore", "averagescore", "avgscore",
    "qualityscore", "internalqualityscore", "iqs", "totalpoints", "overallrating", "auditscore", "scorecardscore",
}
# a form's quiz export names a question's points and feedback before it (Microsoft Forms: ``Points - Greeting``,
# ``Feedback - Greeting``): read as ``Greeting - Points``, ``Greeting - Feedback`` are (:func:`as_suffixed`)
PREFIXED = re.compile(r"^\s*(?P<word>score|rating|points|feedback|comments?|notes?)\s+-\s+(?P<name>\S.*?)\s*$", re.I)
# a form's or a survey tool's response number (header_key): no criterion's scores, whatever numbers it holds
RESPONSE_IDS = {"id", "responseid", "submissionid"}
# generic words heading an evaluation's outcome (header_key): a paste's one column of scores headed so is no
# criterion's unless the Criteria sheet names it (an export with no criterion column, its verdict beside each call)
GENERIC = {"outcome", "result", "status", "passfail", "passorfail", "verdict"}
# the keys (header_key) an item's fields go by in JSON exports, besides the HeaderMap's names of the fields
KEYS = {
    "criterion": ("criterion", "criterionname", "name", "question", "questionname", "metric", "category", "label",
                  "title"),
    "score": ("value", "score", "rating", "points", "result"),
    "max_score": ("max", "maximum", "maxscore", "maxvalue", "maxpoints", "outof", "possible", "possiblepoints"),
    "not_applicable": ("na", "isna", "notapplicable"),
}
# what follows a criterion's name in the header of the column of its points possible (header_key): ``Greeting -
# Max Points``, ``Greeting (max)``, ``Greeting Possible``
MAXIMUM_SUFFIXES = {*KEYS["max_score"], "maxpossible", "pointspossible", "possiblescore", "maximumpoints"}
# two whole numbers of one or two digits around a slash: points over a maximum, or a day and a month
_DAY_OR_POINTS = re.compile(r"\d{1,2} */ *0*(\d{1,2})")

def criterion_columns(block: RawTable, data: pd.DataFrame, cols: dict, known: Container = ()) -> list[int]:
    """A wide paste's criterion columns: named, scored, not a field's, a side column or an overall score (also
    with the scale it is on, ``Evaluation Score (0-100)``), unless ``known`` (the Criteria sheet's names) holds
    it as a criterion's own name or ID: a team's criterion named ``Quality score`` is its own.  An other name does
    not: it is how a long export spells a criterion's rows, and a wide export's column so headed is likelier its
    overall score.  Nor the one column of scores headed by a generic word (:data:`GENERIC`,
    :func:`~.genericscore.generic_column`), nor, in an export whose band row says which columns are criteria, a
    column under no criterion's band (:attr:`~.inputs.RawTable.side`) headed about the call (:func:`about_call`:
    ``Duration (sec)``, ``CSAT``), its header no criterion's name, ID or other name ``known`` holds; one headed
    otherwise (``Courtesy``) is read, a criterion the Criteria sheet may lack."""
    return _chosen(block, data, cols, known)[0]


def _chosen(block: RawTable, data: pd.DataFrame, cols: dict, known: Container) -> tuple[list[int], list[int]]:
    """:func:`criterion_columns`, and the columns headed as a criterion left unread (:func:`_columns`)."""
    out, unread = _columns(block, data, cols, known, OVERALL | flag_keys(block.headers, known))
    return ([] if lone_generic(block, data, cols, known) is not None else out), unread


def lone_generic(block: RawTable, data: pd.DataFrame, cols: dict, known: Container) -> int | None:
    """The paste's column of scores headed by a generic word (:func:`generic`), when it is its only column of
    scores but an overall score's (``Evaluation Score``, ``Total points``) and no column is the score field's; else
    None: beside a ``Score`` column, a ``Status`` is read as any other column is."""
    if "score" in cols:
        return None
    out = scored_columns(block, data, cols, known, OVERALL - GENERIC)
    return out[0] if len(out) == 1 and generic(coerce.text(block.headers[out[0]]), known, block.headers) else None


def generic(name: str, known: Container, headers: list = ()) -> bool:
    """Whether a column's header is a generic word of :data:`GENERIC` that ``known`` (the Criteria sheet's names)
    does not hold as a criterion's own name or ID (an other name does not: :func:`criterion_columns`)."""
    return header_key(unscaled(name)) in GENERIC and not _own(known, headers)(name)


def _own(known: Container, headers: list = ()):
    """Whether ``known`` holds a header as a criterion's own name or ID (any of its names, where it is no
    :class:`CriterionDirectory`), as written, or without the scale it states as a criterion's name (``Result
    (0-100)``: ``Result``; not its ID, as an overall score is often headed), the latter only where no other of the
    paste's ``headers`` is the name as written (beside the criterion's own ``Total``, ``Total (0-100)`` is no second
    column of it: read as it would be under any other name)."""
    own, named = ((known.is_own, known.is_name) if isinstance(known, CriterionDirectory) else
                  (known.__contains__, known.__contains__))
    plain = {header_key(h) for h in headers}
    return lambda name: own(name) or header_key(unscaled(name)) not in plain and named(unscaled(name))


def overall(header) -> bool:
    """Whether a header names a call's overall score (:data:`OVERALL`, its scale aside: ``Total (%)``)."""
    return header_key(unscaled(coerce.text(header))) in OVERALL


def scored_columns(block: RawTable, data: pd.DataFrame, cols: dict, known: Container, overall: set[str]) -> list[int]:
    """The columns :func:`criterion_columns` reads (``overall``: the header keys of overall scores left out): those
    whose cells look scored (:func:`looks_scored`), and a column headed by a criterion's name, ID or other name whose
    cells read as scores for the most part (:func:`mostly_scores`: its few unreadable cells then said unreadable,
    never the column dropped unsaid) where no other column gives that criterion scores (``Greeting - Score``); not
    a form's response number (:data:`RESPONSE_IDS`) nor a record's ids (:func:`~.sidewords.record_ids`); of a quiz
    question's answer and its points (:func:`answer_and_points`), one."""
    return _columns(block, data, cols, known, overall)[0]


def _columns(block: RawTable, data: pd.DataFrame, cols: dict, known: Container,
             overall: set[str]) -> tuple[list[int], list[int]]:
    """:func:`scored_columns`, and the columns headed as a criterion (not blank on every row) left unread."""
    own = _own(known, block.headers)
    used = set(cols.values())
    heads = read_headers(block.headers, known)
    keys = [header_key(block.headers[p]) for p in block.side if p < len(block.headers)]
    repeated = {k for k in keys if keys.count(k) > 1}  # (under each band: a field of every criterion's group)
    out, loose, named = [], [], []
    for p, name in enumerate(heads):
        aside = p in block.side and not _named(name, known) and (  # (a side column: CSAT; a band's field, Answer)
            about_call(name) or header_key(name) in repeated)
        if p in used or not name or SIDE_COLUMN.search(name) or aside or (
                (header_key(unscaled(name)) in overall | RESPONSE_IDS or record_ids(name, data[p])) and not own(name)):
            continue
        if looks_scored(data[p]):
            out.append(p)
        elif name in known and first_filled(data[p], 1):
            (loose if mostly_scores(data[p]) else named).append(p)
    keys = {p: _criterion_key(heads[p], known) for p in out}
    named += [p for p in loose if _criterion_key(heads[p], known) in keys.values()]
    # a form's Id beside the full name's column of a criterion whose ID is ID: the form's response number
    named += [p for p in out if header_key(heads[p]) in RESPONSE_IDS and [*keys.values()].count(keys[p]) > 1]
    out = sorted(p for p in out + loose if p not in named)
    beside = {*maximum_columns(heads, out).values(), *na_columns(heads, data, out).values()}
    out = [p for p in out if p not in beside]
    unread = {left for _, left, _ in answer_and_points(heads, out, block.headers)}
    return [p for p in out if p not in unread], sorted(named)


def _criterion_key(head: str, known: Container) -> str:
    """The criterion a criterion column's header names, for telling two columns of one criterion: the criterion
    ``known`` resolves it to, else its header key without a trailing `` - Score`` or scale."""
    bare = SCORE_SUFFIX.sub("", unscaled(head))
    found = known.resolve(bare) if isinstance(known, CriterionDirectory) else None
    return found if found is not None else header_key(bare)


def read_headers(headers: list, known: Container = ()) -> list[str]:
    """The headers as read: a form's ``Points - Greeting``, ``Feedback - Greeting`` (a quiz export's points and
    feedback named before the question, :data:`PREFIXED`) as ``Greeting - Points``, ``Greeting - Feedback``, unless
    ``known`` holds the header whole as a criterion's own name or ID; a score's (``Score - Customer``) only where
    it names a criterion, else kept as written (said so where it is no criterion's)."""
    own, out = _own(known), []
    for head in headers:
        name = coerce.text(head)
        m = PREFIXED.match(name)
        out.append(f"{m['name']} - {m['word']}" if m and not own(name) and (
            header_key(m["word"]) not in SCORE_HEADS or _named(m["name"], known)) else name)
    return out


def _named(name: str, known: Container) -> bool:
    """Whether ``known`` holds a header as a criterion's (any of its names: name, ID or other name), as written or
    without the scale it states."""
    held = (lambda n: known.resolve(n) is not None) if isinstance(known, CriterionDirectory) else known.__contains__
    return held(name) or held(unscaled(name))


def answer_and_points(heads: list[str], criteria: list[int], headers: list) -> list[tuple[int, int, str]]:
    """Of the criterion columns, each quiz question's answer and its points named before it (``Greeting`` and
    ``Points - Greeting``: ``headers`` as written, ``heads`` as :func:`read_headers` reads them) both read: (the
    column read, the one left, why).  The points are read when a column of their maximum is beside them
    (:func:`maximum_columns`), else the answer: its words or rating read as any, where points with no maximum may be
    on any scale.  A ``Greeting - Score`` beside ``Greeting`` is no quiz's: the score is read."""
    keys = {header_key(heads[p]): p for p in criteria}
    out = []
    for p in criteria:
        if heads[p] == coerce.text(headers[p]) or heads[p] == (bare := SCORE_SUFFIX.sub("", heads[p])) or \
                (q := keys.get(header_key(bare))) is None:
            continue
        if maximum_columns(heads, [p]):
            out.append((p, q, "the points, their maximum beside them"))
        else:
            out.append((q, p, "the answer, the points having no maximum column"))
    return out


def maximum_columns(headers: list, criteria: list[int]) -> dict[int, int]:
    """Criterion column -> the column of its points possible, the criterion's header followed by a word of
    :data:`MAXIMUM_SUFFIXES` (a wide export giving each criterion's points and maximum side by side)."""
    return _beside(headers, criteria, MAXIMUM_SUFFIXES)


def na_columns(headers: list, data: pd.DataFrame, criteria: list[int]) -> dict[int, int]:
    """Criterion column -> the column of its N/A flag: the criterion's header followed by N/A (``Greeting N/A``,
    ``Greeting - Is NA``, ``Greeting (not applicable)``), its cells flags (TRUE/FALSE, yes/no, t/f, checked/unchecked,
    x, N/A: :func:`~.scorewords.flag_read`).  A flag set leaves the criterion's cell not scored, never 0, as an N/A
    column of a long export does."""
    found = _beside(headers, criteria, set(KEYS["not_applicable"]))
    return {p: q for p, q in found.items()
            if all(scorewords.flag_read(t)
                   for t in (coerce.text(v) for v in data[q].head(200) if not coerce.is_blank(v)))}


def _beside(headers: list, criteria: list[int], suffixes: set[str]) -> dict[int, int]:
    """Criterion column -> the column headed by the criterion's header (without a trailing `` - Score``:
    ``Greeting - Score`` beside ``Greeting - Max``) followed by one of ``suffixes``."""
    keys = {header_key(coerce.text(h)): q for q, h in enumerate(headers) if coerce.text(h)}
    out = {}
    for p in criteria:
        key = header_key(SCORE_SUFFIX.sub("", coerce.text(headers[p])))
        q = next((keys[key + s] for s in sorted(suffixes) if key + s in keys), None)
        if q is not None and q != p:
            out[p] = q
    return out


def looks_scored(col: pd.Series) -> bool:
    """Most non-blank cells read as a score (a number, a percent, a rating word, points over a maximum).

    Two whole numbers of one or two digits around a slash (``3/4``) may be a day and month as much as
    points: such cells make a criterion column only when they all give one maximum (``3/5``, ``0/5``,
    ``5/5``), as a scorecard's points do and a column of dates does not; other points over a maximum
    (``8.5/10``, ``4 out of 5``, stars) are never dates."""
    good = bad = 0
    slashed: dict[str, int] = {}  # the maxima of the cells that may be dates, and how many give each
    for v in col.head(200):
        if coerce.is_blank(v):
            continue
        try:
            value, how = labelpoints.score_like(v)
        except coerce.Unreadable:
            bad += 1
            continue
        if how == "points/max":
            over = _DAY_OR_POINTS.fullmatch(coerce.text(v))
            if over:
                slashed[over[1]] = slashed.get(over[1], 0) + 1
            else:
                good += 1
        elif how != "not scored":
            good += 1
    if len(slashed) == 1:
        good += sum(slashed.values())
    else:
        bad += sum(slashed.values())
    return good > 0 and good >= 3 * bad


def criterion_name(header: str, known: Container, taken: set[str], stated: dict[str, str]) -> str:
    """The criterion a criterion column's header names: the header without a trailing `` - Score``, and without a
    scale in brackets (``Empathy (1-5)``, ``Opening [0-10]``: :func:`~.qualifiers.scale`), which is the column's
    scale, as ``Score (1-5)`` is a long paste's (``stated`` gets the criterion as named -> the header); the header
    whole when ``known`` (the Criteria sheet's names) holds it so, or when the name without the scale is another
    column's header (``taken``: the criterion columns' header keys), its scale stated all the same.  Any other
    bracket stays part of the name (``Score (Opening)``, ``Greeting (v2)``)."""
    bare = unscaled(header)
    if header in known or bare == header or header_key(name := SCORE_SUFFIX.sub("", bare)) in taken:
        name = header if header in known else SCORE_SUFFIX.sub("", header)
    else:
        taken.add(header_key(name))  # (a second column of the criterion on another scale keeps its header whole)
    if bare != header:
        stated[name] = header
    return name


def unscaled(header: str) -> str:
    """A header without the scale in brackets it ends in (``Empathy (1-5)`` -> ``Empathy``), else as it is."""
    parts = split(header) if scale(header) is not None else None
    return header if parts is None else parts[0]


def criterion_rows(block: RawTable, data: pd.DataFrame, cols: dict[str, int],
                   base: Callable[[dict[str, int]], pd.DataFrame], issues: Issues,
                   known: Container = (), stated: dict[str, str] | None = None,
                   columns: dict[str, str] | None = None, held: dict | None = None) -> pd.DataFrame | None:
    """A column per criterion: each criterion column becomes rows of (criterion = its header, without a
    trailing `` - Score`` or a scale in brackets unless ``known``, the Criteria sheet's names, holds it whole,
    score = its cells) (``base``: the rows of the block with the fields' columns it is given); said in Checks.
    ``stated`` gets, per criterion whose column's header states its scale (``Empathy (1-5)``), that header:
    :func:`criterion_name`; ``columns`` gets each criterion as read -> the header of its column and the
    criterion it names (said in the message of a cell of it unreadable); ``held``: see :func:`said_unread`."""
    criteria, unread = _chosen(block, data, cols, known)
    heads = read_headers(block.headers, known)
    given = {_criterion_key(heads[p], known) for p in criteria}  # (a criterion read elsewhere waits on no other column)
    for p in unread:  # (headed as a criterion, not read as its scores: said once, :func:`~.namedcolumns.said_unread`)
        crit = known.resolve(coerce.text(block.headers[p])) if isinstance(known, CriterionDirectory) else None
        elsewhere = _criterion_key(heads[p], known) in given
        said_unread(block, data[p], p, crit, issues, None if elsewhere else held, elsewhere)
    keys = [header_key(h) for h in read_headers([block.headers[p] for p in criteria], known)]
    repeated = [p for p, k in zip(criteria, keys) if keys.count(k) > 1]
    if repeated:
        names = ", ".join(dict.fromkeys(f'"{coerce.text(block.headers[p])}"' for p in repeated))
        issues.add(Code.REPEATED_CRITERIA, block.sheet, 1, "header", None,
                   f"{block.sheet}: {len(repeated)} score columns share the headers {names}, so they cannot be told "
                   "apart and none of them is read (are the criteria named in a row above, over merged cells?).",
                   "Give each criterion's column a header of its own in one header row: the criterion's name as the "
                   "Criteria sheet has it, its Criterion ID or one of its Other names.")
        criteria = [p for p in criteria if p not in repeated]
    if not criteria:
        return None
    rows = base(cols)
    maxima, flags = maximum_columns(heads, criteria), na_columns(heads, data, criteria)
    parts, taken = [], set(keys)
    for p in criteria:
        part = rows.copy()
        part["criterion"] = criterion_name(heads[p], known, taken, {} if stated is None else stated)
        if columns is not None and len(part):
            written = part["criterion"].iat[0]
            found = known.resolve(written) if isinstance(known, CriterionDirectory) else None
            columns[written] = (coerce.text(block.headers[p]), found or written)
        part["score"] = data[p].to_numpy()
        if p in maxima:  # its points possible: points / maximum, as a maximum column of a long export
            part["max_score"] = data[maxima[p]].to_numpy()
        if p in flags:  # its N/A flag: a flagged cell not scored, as an N/A column of a long export
            part["not_applicable"] = data[flags[p]].to_numpy()
        parts.append(part)
    issues.add(Code.LAYOUT_NOTE, block.sheet, block.header_row, "layout", None,
               f"{block.sheet}: wide layout read, {len(criteria)} criterion columns: "
               + ", ".join(coerce.text(block.headers[p]) for p in criteria) + ".",
               "Nothing to do; add a criterion's spelling to the Criteria sheet if it is reported unknown.")
    both = read_headers(block.headers, known)
    for read, left, why in answer_and_points(both, [p for p, h in enumerate(both) if h], block.headers):
        if read in criteria:
            issues.add(Code.LAYOUT_NOTE, block.sheet, block.header_row, "layout", None,
                       f'{block.sheet}: "{coerce.text(block.headers[read])}" and "{coerce.text(block.headers[left])}" '
                       f"each score one question; {why}, so \"{coerce.text(block.headers[read])}\" is read.",
                       f'Nothing to do if that is right; to read "{coerce.text(block.headers[left])}" instead, '
                       f'delete "{coerce.text(block.headers[read])}" from the paste.')
    return pd.concat(parts, ignore_index=True)
