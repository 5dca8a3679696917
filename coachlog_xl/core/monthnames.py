"""Text dates written in the words of another language, as exports made in a French, German, Spanish, Italian,
Portuguese or Dutch locale write them (``4 mars 2025``, ``4. März 2025``, ``4 de marzo de 2025``, ``mardi 4 mars
2025``), and a weekday in brackets after a date (``2025-03-04 (Tuesday)``), put into the English words the date
parser reads (:func:`in_english`), written with spaces or dashes (``03-abr-2025``, as a d-mmm-yyyy format writes
it).  A month's name says which field is the month, so such a date reads one way in
either date order.

Only whole words are put into English, and only month and weekday names (full, or cut short with or without a
dot: ``févr.``, ``Mär``, ``sept``) and the small words these languages write between a date's fields (``de``,
``le``, ``à``); a text with none of them is left to be unreadable as it was.  No name here is another month's
English name or abbreviation (Spanish ``mar`` is March in both), so an English date never reads otherwise.
A weekday of any of these languages or English written before or after a date is weighed against the date read
(:func:`wrong_weekday`); after a slashed or dotted date, it and the small words around a time (``04/03/2025
(Tuesday)``, ``04.03.2025 um 10:30 Uhr``) are left out of the time read (:func:`time_alone`).  A word in a date's
month place that is no month name known is named as such (:func:`not_a_date`).
"""

from __future__ import annotations

import re
import unicodedata

_MONTHS = (
    # French, German, Spanish, Italian, Portuguese, Dutch: full names, then their short forms
    ("January", "janvier janv januar jänner jaenner jan enero ene gennaio gen janeiro januari"),
    ("February", "février fevrier févr fevr fév fev februar feb febrero febbraio fevereiro februari"),
    ("March", "mars märz maerz mär mrz marzo mar março marco maart mrt"),
    ("April", "avril avr april apr abril abr aprile"),
    ("May", "mai mayo may maggio mag maio mei"),
    ("June", "juin juni jun junio giugno giu junho"),
    ("July", "juillet juil juli jul julio luglio lug julho"),
    ("August", "août aout august aug agosto ago augustus"),
    ("September", "septembre sept september sep septiembre setiembre settembre set setembro"),
    ("October", "octobre oct oktober okt octubre ottobre ott outubro out"),
    ("November", "novembre nov november noviembre novembro"),
    ("December", "décembre decembre déc dec dezember dez diciembre dic dicembre dezembro december"),
)
_WEEKDAYS = (
    "lundi mardi mercredi jeudi vendredi samedi dimanche lun mar mer jeu ven sam dim "
    "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag mo di mi do fr sa so "
    "lunes martes miércoles miercoles jueves viernes sábado sabado domingo mié mie jue vie sáb sab dom "
    "lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi venerdì venerdi sabato domenica gio "
    "segunda terça terca quarta quinta sexta feira seg ter qua qui sex "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag"
)
# words written between and after a date's fields
_BETWEEN = {"de", "del", "le", "à", "um", "om", "às", "alle", "ore", "uhr"}

_NAMES = {unicodedata.normalize("NFC", w): english for english, words in _MONTHS for w in words.split()}
# a weekday of these languages is dropped as dateutil drops an English one; "mar" (mardi, martes) is also
# March: a weekday beside another month's name (mar. 4 mars 2025), else the month (4 mar 2025)
_DROPPED = {w for w in _WEEKDAYS.split() if w not in _NAMES} | _BETWEEN
_BOTH = {w for w in _WEEKDAYS.split() if w in _NAMES}
# those words as a pattern (longest first), for a date that begins with one: the parser leaves it out and reads
# the date after it (``mardi 04/03/2025``) in the date order, so :mod:`.dateorder` looks there for proof of it
LEADING = "|".join(re.escape(w) for w in sorted(_DROPPED, key=len, reverse=True))
_WORD = re.compile(r"[^\W\d_]+\.?")
# a call written as a range of times (4 mars 2025 de 10:30 à 11:00: the words between left out, two times): its
# start, which the parser would leave for the last time it reads
_TIME = r"\d{1,2}(?::\d{2}(?::\d{2})?|h(?:\d{2})?)"  # 10:30, 10:30:15, 10h30, 10h
# a month name put into English between dashes (03-abr-2026: "03- April -2026"), whose "-2026" would read as an offset
_DASHED = re.compile(r"(\d)\s*- ([A-Z][a-z]+) -\s*(\d)")
_TIME_RANGE = re.compile(rf"(?<!\d)({_TIME})\s*[-\u2013]?\s*{_TIME}(?![\w:])")


def in_english(text: str) -> str | None:
    """``text`` with its month and weekday names of the languages above in English words (their weekdays and
    the small words between its fields left out), brackets made spaces and a range of times its start, for the
    date parser to read; None
    when it holds none of them (nothing to read otherwise)."""
    found = False
    text = unicodedata.normalize("NFC", text)
    keys = [m.group().rstrip(".").casefold() for m in _WORD.finditer(text)]
    weekday = {k for k in keys if k in _BOTH} if sum(k in _NAMES for k in keys) > 1 else set()

    def word(m: re.Match) -> str:
        nonlocal found
        key = m.group().rstrip(".").casefold()
        if key in _NAMES and key not in weekday:
            found = True
            return f" {_NAMES[key]} "
        if key in _DROPPED or key in weekday:
            found = True
            return " "
        return m.group()

    out = _DASHED.sub(r"\1 \2 \3", _TIME_RANGE.sub(r"\1", _WORD.sub(word, text)))
    if "(" in out or ")" in out:
        out, found = out.replace("(", " ").replace(")", " "), True
    return out if found else None


# each weekday's names, Monday first: English, French, German, Spanish, Italian, Portuguese, Dutch (full, then short);
# a short name two languages give two days (Spanish do, Sunday; German Do, Thursday) may mean either
_DAY_NAMES = (
    "monday mon lundi lun montag mo lunes lu lunedì lunedi segunda seg maandag ma",
    "tuesday tue tues mardi dienstag di martes ma martedì martedi terça terca ter dinsdag",
    "wednesday wed mercredi mer mittwoch mi miércoles miercoles mié mie mercoledì mercoledi quarta qua woensdag wo",
    "thursday thu thur thurs jeudi jeu donnerstag do jueves ju jue giovedì giovedi gio quinta qui donderdag",
    "friday fri vendredi ven freitag fr viernes vi vie venerdì venerdi sexta sex vrijdag vr",
    "saturday sat samedi sam samstag sonnabend sa sábado sabado sáb sab zaterdag za",
    "sunday sun dimanche dim sonntag so domingo do domenica dom zondag zo",
)
_FIRST_WORD = re.compile(r"\W*([^\W\d_]+)")  # a word before the date, and one after all its numbers
_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")
_DAYS = {w: {n for n, names in enumerate(_DAY_NAMES) if w in names.split()} for w in " ".join(_DAY_NAMES).split()}


def wrong_weekday(text: str, weekday: int) -> str | None:
    """The weekday ``text`` names before or after its numbers (``vendredi 4 mars 2025``, ``2025-03-04 (Friday)``), as
    written, when it is not ``weekday`` (0: Monday), the day of the date read: one of the two is wrong; None when it
    names none or that day.  A word that is also a month's name (``mar``, mardi or March) names no weekday here."""
    text = unicodedata.normalize("NFC", text)
    for m in (_FIRST_WORD.match(text), _LAST_WORD.search(text)):
        key = m[1].casefold() if m else ""
        if key in _DAYS and key not in _NAMES and weekday not in _DAYS[key]:
            return m[1]
    return None


def time_alone(rest: str) -> str | None:
    """What follows a date's numbers (``(Tuesday)``, ``Tue 10:30``, ``um 10:30 Uhr``, ``à 10h30``) without the
    weekday's name, the small words (:data:`_BETWEEN`) and the brackets and commas around them: the time alone
    (empty for none), for the time parser; None when ``rest`` holds none of them."""
    words = _WORD.sub(lambda m: " " if _dropped_after(m.group()) else m.group(), unicodedata.normalize("NFC", rest))
    bare = " ".join(words.replace("(", " ").replace(")", " ").replace(",", " ").split())
    return None if bare == " ".join(rest.split()) else bare


def _dropped_after(word: str) -> bool:
    key = word.rstrip(".").casefold()
    return key in _BETWEEN or (key in _DAYS and key not in _NAMES)


_ENGLISH = {e.casefold() for e, _ in _MONTHS} | {e[:3].casefold() for e, _ in _MONTHS} | {"sept"}
# a word where a date writes its month, between its day and its year (03-xyz-2026, 18 listopada 2026)
_MONTH_PLACE = re.compile(r"\W*\d{1,2}\.?[\s/-]+([^\W\d_]{2,})\.?[\s/-]+\d{2,4}\b.*", re.S)


def not_a_date(text: str) -> str:
    """Why a text the date parser cannot read is not a date: where a word stands in its month's place that is no
    month name of English or of the languages above (``03-xyz-2026``, Polish ``18 listopada 2026``), that word."""
    m = _MONTH_PLACE.fullmatch(text)
    word = m[1] if m else None
    if word is None or unicodedata.normalize("NFC", word).casefold() in _NAMES or word.casefold() in _ENGLISH:
        return f"{text!r} is not a date"
    return (f"{text!r} is not a date: {word!r} is not a month name known (English, French, German, Spanish, Italian, "
            "Portuguese or Dutch); write the month as a number, as 2026-04-03")
