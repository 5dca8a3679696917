"""A Scores column's yes and no in another language (``Sí``/``No``, ``Ja``/``Nein``, ``Oui``/``Non``, ``Sim``/``Não``,
``J``/``N``): Yes = 100 and No = 0 (domain.md, Exact rules: Scores) where the column tells the pair.

A yes word of another language is read as 100 only where its column holds that language's no as well, which is then
0; a single-letter pair (``J``/``N`` German and Dutch, ``S``/``N`` Spanish, Portuguese and Italian, ``O``/``N``
French) only where the column's words are exactly those two letters (a lone ``S`` or ``O`` is a grade, a size or
anything else).  Where the column holds such a yes and its no cannot be told (``Ja`` beside ``No``: German yes,
English or Spanish no; ``J``/``N`` among other words), every yes and no word of the column is unreadable: a no
counted while its yes is not would leave only the zeros in the windows."""

from __future__ import annotations

from collections.abc import Sequence

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
_YES = set().union(*(yes for yes, _ in _PAIRS))
_NO = set().union(*(no for _, no in _PAIRS)) | {w for w, v in SCORE_WORDS.items() if v == 0.0}
# a single-letter pair: the yes letters and their no
_LETTERS = ({"j", "n"}, {"s", "n"}, {"o", "n"})


class Unpaired(str):
    """Why a yes or no word of a column whose pair cannot be told is not read."""


def read_pairs(cells: Sequence) -> dict[str, float | Unpaired]:
    """The yes and no words of a Scores column's distinct ``cells`` read by their pair: each word as :func:`spelled`
    writes it, its score (100 or 0), or :class:`Unpaired` saying why it is not read; empty where the column holds no
    yes word of another language (its English words are read as they are)."""
    written = {spelled(c): c.strip() for c in cells if isinstance(c, str)}
    words = set(written) - NOT_SCORED_WORDS
    others = any(not isinstance(c, str) and not is_blank(c) for c in cells)  # (a number beside the letters)
    letters = None if others else next((pair for pair in _LETTERS if words == pair), None)
    if letters is not None:
        return {w: 0.0 if w == "n" else 100.0 for w in letters}
    yes, no, singles = words & _YES, words & _NO, words & {"j", "s", "o"} if "n" in words else set()
    if not yes and not singles:
        return {}
    for yes_words, no_words in _PAIRS:
        if yes and yes <= yes_words and no and no <= no_words and not singles:
            return {**dict.fromkeys(yes, 100.0), **dict.fromkeys(no, 0.0)}
    told = sorted(yes | no | singles)
    shown = ", ".join(repr(written[w]) for w in told)
    return dict.fromkeys(told, Unpaired(
        f"is one of the yes and no words of its column ({shown}), which do not make one language's yes and no, so "
        "none of them is read (a no counted without its yes would leave only the zeros): type 100 over a yes and 0 "
        "over a no"))
