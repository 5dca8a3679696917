"""Known names, as the Reps and Criteria sheets give them: each spelling (``header_key``) to the name it is, with
the words of each for the hints of a name that holds them among others (:mod:`.names` fills them)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

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

    def add(self, canonical: str, *spellings: str) -> None:
        for s in (canonical, *spellings):
            key = header_key(s)
            if key:
                self.aliases.setdefault(key, canonical)
                self.words.setdefault(spelling_words(s), canonical)

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
        (``Dana Cruz (E1001)``, ``Cruz Dana``, ``ACK; NAME``), and every name that gives it when several do."""
        held = spelling_words(name)
        found = [canon for words, canon in self.words.items() if words <= held and telling(words)]
        return list(dict.fromkeys([*self.sharing(name), *self.near(name), *found]))

    def near(self, name) -> list[str]:
        """The known names a name is a near miss of: the closest one mistake away, each its accents alone apart."""
        near = self.near_key(name)
        keys = difflib.get_close_matches(near, list(self.aliases), n=1, cutoff=0.8)
        plain = unaccented(near)  # "Jose Nunez" beside "José Núñez": the accents alone differ
        keys += [key for key in self.aliases if plain and unaccented(key) == plain]
        return list(dict.fromkeys(self.aliases[key] for key in keys))

    def near_key(self, name) -> str:
        """The key a name's near misses are looked for under."""
        return header_key(name)

    def where_typed(self, name, fix: str) -> str:
        """``fix``, a fix that names Other names for an unknown spelling ``name``, as it holds for these names
        (:class:`~.criterionnames.CriterionDirectory` says more): as it is."""
        return fix

    def __contains__(self, name) -> bool:
        return self.resolve(name) is not None



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
