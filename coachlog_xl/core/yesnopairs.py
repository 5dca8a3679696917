"""A Scores column's yes and no in another language (``Sí``/``No``, ``Ja``/``Nein``, ``Oui``/``Non``, ``Sim``/``Não``,
``J``/``N``): Yes = 100 and No = 0 (domain.md, Exact rules: Scores) where the column tells the pair.

Each language's pair is read on its own: a yes word of another language is read as 100 where its column holds that
language's no as well, which is then 0; a single-letter pair (``J``/``N`` German and Dutch, ``S``/``N`` Spanish,
Portuguese and Italian, ``O``/``N`` French) only where the column's words are exactly those two letters (a lone ``S``
or ``O`` is a grade, a size or anything else).  English words keep their English values whatever else the column
holds (``No`` is 0 as English and as Spanish).  A yes of another language without its no (``Ja`` beside ``No``), or a
no without its yes, is unreadable; and where that leaves the column no yes read, its no words are unreadable too (or
no no read, its yes words): counting only the zeros of a column, or only its hundreds, would move every mean."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

from coachlog_xl.core.coerce import is_blank
from coachlog_xl.core.scorewords import NOT_SCORED_WORDS, SCORE_WORDS, spelled

# each language's yes and no words, as spelled() writes them (lower case): Spanish and Italian, German, Dutch,
# Swedish, Danish and Norwegian, French, Portuguese, Polish, Turkish, Japanese (romanised and in kana)
_PAIRS = (
    ({"s\u00ed", "si", "s\u00ec"}, {"no"}),
    ({"ja"}, {"nein"}),
    ({"ja"}, {"nee"}),
    ({"ja"}, {"nej", "nei"}),
    ({"oui"}, {"non"}),
    ({"sim"}, {"n\u00e3o", "nao"}),
    ({"tak"}, {"nie"}),
    ({"evet"}, {"hay\u0131r", "hayir"}),
    ({"hai"}, {"iie"}),
    ({"\u306f\u3044"}, {"\u3044\u3044\u3048"}),
)
_ENGLISH_YES = {w for w, v in SCORE_WORDS.items() if v == 100.0}
_ENGLISH_NO = {w for w, v in SCORE_WORDS.items() if v == 0.0}
_YES = set().union(*(yes for yes, _ in _PAIRS)) - _ENGLISH_YES
_NO = set().union(*(no for _, no in _PAIRS)) - _ENGLISH_NO
# a single-letter pair: the yes letters and their no
_LETTERS = ({"j", "n"}, {"s", "n"}, {"o", "n"})
_SINGLES = {"j", "s", "o"}
# what is cut from a cell's ends before it is looked up among the words above: spaces (any), the apostrophe that keeps
# a cell text and brackets, which spelled() takes off a word (a cell so cut that is none of them is none spelled)
_AROUND = "'()[]" + "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace())
_FOREIGN = _YES | _NO | _SINGLES
_FIRST = itemgetter(slice(0, 1))
_STARTS = set(_AROUND) | {w[0] for w in _FOREIGN} | {w[0].upper() for w in _FOREIGN}  # (how such a cell may start)


class Unpaired(str):
    """Why a yes or no word of a column whose pair cannot be told is not read."""


def read_pairs(cells: Sequence) -> dict[str, float | Unpaired]:
    """The yes and no words of a Scores column's distinct ``cells`` read by their pair: each word as :func:`spelled`
    writes it, its score (100 or 0), or :class:`Unpaired` saying why it is not read; empty where the column holds no
    yes or no word of another language (its English words are read as they are)."""
    texts = [c for c in cells if type(c) is str]
    if not set(map(_FIRST, texts)) & _STARTS or not any(c.lower().strip(_AROUND) in _FOREIGN for c in texts):
        return {}  # (a quick look first: most columns hold numbers and English words only)
    written = {spelled(c): c.strip() for c in cells if isinstance(c, str)}
    words = set(written) - NOT_SCORED_WORDS
    others = any(not isinstance(c, str) and not is_blank(c) for c in cells)  # (a number beside the letters)
    letters = None if others else next((pair for pair in _LETTERS if words == pair), None)
    if letters is not None:
        return {w: 0.0 if w == "n" else 100.0 for w in letters}
    read: dict[str, float | Unpaired] = {}
    for yes_words, no_words in _PAIRS:
        if (yes := words & yes_words) and (no := words & no_words):
            read |= {**dict.fromkeys(yes, 100.0), **dict.fromkeys(no, 0.0)}
    lone_yes = (words & _YES) - set(read) | (words & _SINGLES if "n" in words else set())
    lone_no = (words & _NO) - set(read)
    said_yes = {w for w, v in read.items() if v == 100.0} | (words & _ENGLISH_YES)
    said_no = {w for w, v in read.items() if v == 0.0} | (words & _ENGLISH_NO)
    refused = lone_yes | lone_no | (said_no if lone_yes and not said_yes else set()) | (
        said_yes if lone_no and not said_no else set())
    if not refused:
        return read
    shown = ", ".join(repr(written[w]) for w in sorted(refused))
    return read | dict.fromkeys(refused, Unpaired(
        f"is one of the yes and no words of its column ({shown}) that do not make one language's yes and no, so none "
        "of them is read (a no counted without its yes would leave only the zeros): type 100 over a yes and 0 over a "
        "no"))
