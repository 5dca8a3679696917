"""Known names, as the Reps and Criteria sheets give them: each spelling (``header_key``) to the name it is, with
the words of each for the hints of a name that holds them among others (:mod:`.names` fills them)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import numpy as np

from coachlog_xl.core import coerce
from coachlog_xl.core.inputs import header_key, unaccented


@dataclass
class Directory:
    """Known names: normalised spelling -> canonical display name."""

    aliases: dict[str, str] = field(default_factory=dict)
    # each spelling's words -> canonical name, for the hints of a name that holds them among others
    words: dict[frozenset, str] = field(default_factory=dict)
    # a spelling several names give (an other name two reps list): it is none of them, but may be any
    shared: dict[str, list[str]] = field(default_factory=dict)
    # (reps) each rep's supervisors on the Reps sheet (as typed, row, Active), for a session whose Log leaves it blank
    supervisors: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)
    # the spellings indexed for near misses and held words, made at the first hint (:class:`_Index`)
    _index: _Index | None = field(default=None, init=False, repr=False, compare=False)

    def add(self, canonical: str, *spellings: str) -> None:
        self._index = None
        for s in (canonical, *spellings):
            key = header_key(s)
            if key:
                self.aliases.setdefault(key, canonical)
                self.words.setdefault(spelling_words(s), canonical)

    def forget(self, spelling: str) -> None:
        """No name is found under ``spelling`` any more (an other name two names give)."""
        self._index = None
        self.aliases.pop(header_key(spelling), None)
        self.words.pop(spelling_words(spelling), None)

    def resolve(self, name) -> str | None:
        return self.aliases.get(header_key(name))

    def suggest(self, name) -> str | None:
        """The closest known name, for a "did you mean" hint (none for a spelling several names give); never
        used to merge."""
        found = [] if self.sharing(name) else self.hints(name)
        return found[0] if found else None

    def sharing(self, name) -> list[str]:
        """The names that all give this spelling (an other name two reps list), or none."""
        return self.shared.get(header_key(name), [])

    def hints(self, name) -> list[str]:
        """The known names an unknown one may be, for "did you mean" and to hold the baselines it may belong in
        (never used to merge): the closest spelling, and each known spelling whose words it holds among others
        (``Dana Cruz E1001``, ``Cruz Dana``, ``ACK; NAME``), and every name that gives it when several do."""
        index = self._indexed()
        found = index.held.get(name)
        if found is None:
            found = index.held[name] = list(dict.fromkeys([*self.near(name), *index.holding(spelling_words(name))]))
        return list(dict.fromkeys([*self.sharing(name), *found]))

    def near(self, name) -> list[str]:
        """The known names a name is a near miss of: the closest one mistake away, each its accents alone apart."""
        index = self._indexed()
        near = index.near.get(name)
        if near is None:
            near = index.near[name] = index.near_miss(self.near_key(name), self.aliases)
        return list(near)

    def _indexed(self) -> _Index:
        """The index of the spellings as they are now (made again after :meth:`add` or :meth:`forget`, or where
        the spellings were changed otherwise: their number is another)."""
        if self._index is None or self._index.sizes != (len(self.aliases), len(self.words)):
            self._index = _Index(self.aliases, self.words)
        return self._index

    def near_key(self, name) -> str:
        """The key a name's near misses are looked for under."""
        return header_key(name)

    def where_typed(self, name, fix: str) -> str:
        """``fix``, a fix that names Other names for an unknown spelling ``name``, as it holds for these names
        (:class:`~.criterionnames.CriterionDirectory` says more): as it is."""
        return fix

    def __contains__(self, name) -> bool:
        return self.resolve(name) is not None



class _Index:
    """The known spellings looked up by what a hint asks of them, made once for all the unknown names (thousands of
    unknown reps beside a roster of hundreds: each once through the roster was seconds), with each name's
    hints once found: the same hints, in the same order, as going through every spelling."""

    def __init__(self, aliases: dict[str, str], words: dict[frozenset, str]):
        self.sizes = (len(aliases), len(words))
        self.keys = list(aliases)
        self.plain: dict[str, list[str]] = {}  # each spelling without its accents -> the spellings, in order
        for key in self.keys:
            self.plain.setdefault(unaccented(key), []).append(key)
        # each spelling's characters counted (a column per character), for difflib's quick_ratio of them all at once
        self.chars = {ch: at for at, ch in enumerate(sorted(set("".join(self.keys))))}
        self.counts = np.zeros((len(self.keys), len(self.chars)), dtype=np.int32)
        for row, key in enumerate(self.keys):
            for ch in key:
                self.counts[row, self.chars[ch]] += 1
        self.lengths = np.array([len(key) for key in self.keys], dtype=np.float64)
        # each telling spelling's words under one of them (any: a name holding them all holds that one), in order
        self.by_word: dict[str, list[tuple[int, frozenset, str]]] = {}
        for at, (held, canon) in enumerate(words.items()):
            if telling(held):
                self.by_word.setdefault(min(held), []).append((at, held, canon))
        self.near: dict[object, list[str]] = {}  # a name -> :meth:`Directory.near` of it
        self.held: dict[object, list[str]] = {}  # a name -> its hints but the sharing names'

    def near_miss(self, near: str, aliases: dict[str, str]) -> list[str]:
        """The names of the closest spelling to the key ``near`` and of each spelling its accents alone apart."""
        # difflib.get_close_matches passes over a spelling whose quick_ratio (twice the characters both hold, each as
        # often as the one holding it less, over both lengths) is under the cutoff, and its best one, ties to the
        # greatest, does not hang on their order: only the others are asked, told by the same sum for all at once
        held = np.zeros(len(self.chars), dtype=np.int32)
        for ch in near:
            if ch in self.chars:
                held[self.chars[ch]] += 1
        both = np.minimum(self.counts, held).sum(axis=1)
        close = np.flatnonzero(2.0 * both / (self.lengths + len(near)) >= 0.8)
        keys = difflib.get_close_matches(near, [self.keys[at] for at in close.tolist()], n=1, cutoff=0.8)
        plain = unaccented(near)  # "Jose Nunez" beside "José Núñez": the accents alone differ
        keys += self.plain.get(plain, []) if plain else []
        return list(dict.fromkeys(aliases[key] for key in keys))

    def holding(self, held: frozenset) -> list[str]:
        """The names of the telling spellings whose words are all among ``held``, in the spellings' order."""
        some = sorted((hit for word in held for hit in self.by_word.get(word, ())), key=lambda hit: hit[0])
        return [canon for _, words, canon in some if words <= held]


def spelling_words(text) -> frozenset:
    """A text's words, lower case (letters and digits, accents kept)."""
    return frozenset(re.findall(r"[^\W_]+", coerce.text(text).lower()))


def telling(words: frozenset) -> bool:
    """Whether a known spelling's words say enough to hint at it inside a longer name: two words or
    more, or one of three characters or more holding a letter (not ``2`` inside ``Section 2 total``)."""
    if len(words) > 1:
        return True
    word = next(iter(words), "")
    return len(word) >= 3 and any(ch.isalpha() for ch in word)
