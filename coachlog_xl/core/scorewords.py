"""The words a score cell may hold instead of a number: not scored (N/A and its spellings) and the
score words of QA scorecards (Yes/Pass/Adhered/Meets = 100, Partial/Partially meets = 50, No/Fail/Not
Adhered/Does not meet = 0); the yes and no of flag cells, and what an export's N/A flag column writes for an item
not applicable.

A cell is compared with these lists as :func:`spelled` writes it, so that the ways people and exports
type the same word (``N / A``, ``N\\A``, ``(n/a)``, ``Not  Adhered``, a no-break space after it) are
one word.  ``NS`` is not among them: it is "not scored" on some scorecards and "not satisfactory" or
"needs support" on others, so a score of ``NS`` is reported unreadable (a fail is never dropped on a
guess); type N/A, or a reason in Exclude, for the calls it means were not scored.
"""

from __future__ import annotations

import re

NOT_SCORED_WORDS = {"", "n/a", "na", "n.a.", "n.a", "n. a.", "-", "--", "'-", "none", "null", "nan", "not applicable",
                    # a dash: -, en dash, em dash, minus sign
                    "not scored", "#n/a", "\u2013", "\u2014", "\u2212", "'\u2013", "'\u2014"}
SCORE_WORDS = {
    "yes": 100.0, "y": 100.0, "pass": 100.0, "passed": 100.0, "adhered": 100.0, "present": 100.0,
    "met": 100.0, "true": 100.0, "achieved": 100.0, "partial": 50.0, "partially": 50.0, "partially met": 50.0,
    "no": 0.0, "n": 0.0, "fail": 0.0, "failed": 0.0, "not adhered": 0.0, "absent": 0.0,
    "not met": 0.0, "false": 0.0, "not achieved": 0.0, "partially adhered": 50.0, "partially achieved": 50.0,
    # a form's scorecard choices (Google Forms, Microsoft Forms): meets / partially meets / does not meet
    "meets": 100.0, "meets expectations": 100.0, "exceeds": 100.0, "exceeds expectations": 100.0,
    "partially meets": 50.0, "partially meets expectations": 50.0,
    "does not meet": 0.0, "does not meet expectations": 0.0, "below expectations": 0.0,
}
# the words of a graded scale, not of a yes and a no: a 3-point scale's middle (Partial = 50) and a form's expectation
# words (Met and Achieved are Meets as other scorecards write it: Exceeds / Met / Not met), whose place on a scale
# depends on the scale (Meets is 100 of meets / partially / does not meet, the middle of a 1-5 performance rating);
# beside Exceeds, or beside scores typed as numbers, they are not placed (:mod:`.rankedwords`)
GRADED_WORDS = {w for w, v in SCORE_WORDS.items() if v == 50.0} | {
    "meets", "meets expectations", "exceeds", "exceeds expectations", "does not meet", "does not meet expectations",
    "below expectations", "met", "not met", "achieved", "not achieved"}


class Graded(str):
    """How :func:`~.coerce.score` reads a word of :data:`GRADED_WORDS`: the kind ``graded word``, holding the word as
    written (``word``), which a Checks row names where the word is not placed on its column's rating."""

    word: str

    def __new__(cls, word: str):
        out = super().__new__(cls, "graded word")
        out.word = word
        return out


def word_kind(words: str, written: str) -> str:
    """How :func:`~.coerce.score` reads a score word (``words`` as :func:`spelled` writes it): :class:`Graded`
    holding it as ``written`` for a word of :data:`GRADED_WORDS`, else ``word``."""
    return Graded(written) if words in GRADED_WORDS else "word"


YES_WORDS = {"yes", "y", "true", "1", "x", "active"}
NO_WORDS = {"no", "n", "false", "0", "inactive"}
# a yes and a no as other tools write a boolean: t / f (Postgres and the data warehouses), a form's check box
# (checked / unchecked, ticked / unticked, an empty ballot box); in a flag column nothing else can they mean
_FLAG_YES = {"t", "checked", "ticked"}
_FLAG_NO = {"f", "unchecked", "unticked", "\u2610"}
# and TRUE and FALSE as Excel writes them in other languages, which a CSV saved by Excel there holds as text:
# German, French, Spanish, Italian, Portuguese, Dutch, Swedish, Danish, Norwegian, Finnish, Polish, Czech,
# Turkish, Russian (as Excel spells them, in capitals, lower-cased here as spelled() lower-cases a cell); the
# FALSE words are no reason in an Exclude column too (calls.NOT_A_REASON)
_EXCEL_TRUE = {w.lower() for w in ("WAHR", "VRAI", "VERDADERO", "VERO", "VERDADEIRO", "WAAR", "SANT", "SAND",
                                   "SANN", "TOSI", "PRAWDA", "PRAVDA", "DO\u011eRU",
                                   "\u0418\u0421\u0422\u0418\u041d\u0410")}
EXCEL_FALSE = {w.lower() for w in ("FALSCH", "FAUX", "FALSO", "ONWAAR", "FALSKT", "FALSK", "USANN",
                                   "EP\u00c4TOSI", "FA\u0141SZ", "NEPRAVDA", "YANLI\u015e", "\u041b\u041e\u0416\u042c")}
# what an N/A flag column's cell (is_na, not_applicable, N/A) writes for an item not applicable: a yes, a
# tick, or N/A itself (the header says N/A, and so does the cell)
_NA_MARKS = YES_WORDS | _FLAG_YES | _EXCEL_TRUE | {"n/a", "na", "n.a.", "n.a", "n. a.", "not applicable", "\u2713",
                                                   "\u2714", "\u2611", "\u2705"}
# and for an item that applies: a no, or nothing (a blank, as data tools write one, or a dash, as a table
# writes an empty cell).  A cross (a box crossed is ticked on some forms and "no" on others), an Excel error
# or any other word is neither: naflags.py names it
_NA_UNMARKED = NO_WORDS | _FLAG_NO | EXCEL_FALSE | {"", "null", "none", "nan", "-", "--", "\u2013", "\u2014", "\u2212"}
_SLASH = re.compile(r"\s*[/\\]\s*")
# a scorecard answer written as its label and its points in brackets: "Good (4)", "Excellent (5)", "Yes (2)"
_LABELLED = re.compile(r"([^()]*[^\W\d_][^()]*?)\s*\(\s*([+-]?\d+(?:[.,]\d+)?)\s*\)")


def spelled(text: str) -> str:
    """``text`` as the word lists spell it: lower case, words one space apart (any spaces, the no-break
    one included), no space around a slash and a backslash typed for it (``N / A``, ``N\\A``: ``n/a``),
    without the apostrophe in front that keeps a cell text or a pair of brackets around a word (``'-``,
    ``(n/a)``, ``[N/A]``).  A bracket alone stays (``-]`` is not ``-``), and so do brackets around nothing
    (``()``) and an apostrophe after the text (``-'`` is not ``-``): each is something typed, not a spelling."""
    words = _SLASH.sub("/", " ".join(text.lower().split())).lstrip("' ")
    if len(words) > 2 and words[0] + words[-1] in ("()", "[]") and (inner := words[1:-1].strip().lstrip("' ")):
        words = inner
    return words


def not_scored(text: str) -> bool:
    """Whether a cell's text means the call was not scored on the criterion (N/A, a dash, blank...)."""
    return spelled(text) in NOT_SCORED_WORDS


def marks_not_applicable(text: str) -> bool:
    """Whether an N/A flag column's cell marks its row's item not applicable (its score, a 0 as often as
    not, is then not scored): ``TRUE``, ``yes``, ``1``, ``x``, ``t``, ``checked``, a tick, ``N/A`` itself, or TRUE
    as Excel writes it in another language (``WAHR``, ``VRAI``...)."""
    return spelled(text) in _NA_MARKS


def flag_read(text: str) -> bool:
    """Whether an N/A flag column's cell says yes or no: :func:`marks_not_applicable`, or a no (``FALSE``,
    ``no``, ``0``, ``f``, ``unchecked``, ``FALSCH``, ``FAUX``..., blank, ``null`` or a dash); a cross, ``#N/A`` or
    another word says neither."""
    words = spelled(text)
    return words in _NA_MARKS or words in _NA_UNMARKED


# the labels of a rating scale's answers, whose points an export may write after them in brackets (``Good (4)``)
RATING_LABELS = {"very poor", "poor", "below average", "fair", "average", "satisfactory", "unsatisfactory", "good",
                 "very good", "above average", "needs improvement", "excellent", "outstanding", "exceptional"}
# and the labels that give a column's top answer (as a score word reading 100 does): its points are the maximum
_TOP_LABELS = {"excellent", "outstanding", "exceptional"}
LABEL_UNREAD = ("gives its points in brackets but not their maximum: no maximum column beside it, and no top answer "
                "(Yes, Pass, Met, Excellent) with its points in its column or criterion")


def labelled(text: str) -> tuple[str, str] | None:
    """A scorecard answer written as a known label followed by its points in brackets (``Good (4)``, ``Yes (2)``,
    ``N/A (0)``: a score word, an N/A word or a rating label before the bracket): (its points as written, ``"na"``,
    ``"top"`` or ``""`` as the label is N/A, the top answer of its scale (a score word reading 100, ``Excellent``) or
    another); None for any other text (``Attempt (2)``, ``Renewal (2026)``)."""
    m = _LABELLED.fullmatch(text)
    if m is None:
        return None
    label = spelled(m[1])
    if not_scored(m[1]):
        return m[2], "na"
    if label not in SCORE_WORDS and label not in RATING_LABELS:
        return None
    return m[2], "top" if SCORE_WORDS.get(label) == 100.0 or label in _TOP_LABELS else ""


def points_of_label(text: str) -> str | None:
    """``""`` (not scored) for an answer labelled N/A with points in brackets (``N/A (0)``: the item did not apply,
    not 0 points); None for another labelled answer (``Yes (2)``: its points are read where its column's maximum is
    known, :mod:`~coachlog_xl.core.labelpoints`, else it is unreadable, :data:`LABEL_UNREAD`); any other text as it
    is."""
    got = labelled(text)
    return text if got is None else "" if got[1] == "na" else None
