"""Matching the names people type to reps and criteria.

Reps match the Reps sheet's Rep or Other names, criteria the Criteria sheet's Criterion, Criterion ID or Other names
(:mod:`.criterionnames`), and a rep also as exports write a name (``Cruz, Dana``, ``Dana Cruz <dcruz@acme.test>``).
A rep's own name is never another rep's other name, and an other name two reps give is nobody's (:func:`rep_directory`
says so in Checks).  Matching ignores case, spaces and punctuation, in every script, and keeps accents (``header_key``).
:func:`resolve_names` puts the Scores rows' names on the sheets' and says in Checks which are unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from coachlog_xl import schema
from coachlog_xl.core import coerce
from coachlog_xl.core.checks import Code, Issues
from coachlog_xl.core.criterionnames import CriterionDirectory, add_other_names
from coachlog_xl.core.directory import Directory
from coachlog_xl.core.errorcells import ERROR_TEXTS
from coachlog_xl.core.frames import unplaced_rows
from coachlog_xl.core.garbled import garbled
from coachlog_xl.core.inputs import ROW, header_key
from coachlog_xl.core.nameandid import bare_id, id_shape, may_be, name_and_id, named_rep, two_reps, two_reps_words
from coachlog_xl.core.severalreps import several_reps, several_words
from coachlog_xl.core.swapped import swapped_rows
from coachlog_xl.core.trailers import TOTAL_WORDS
from coachlog_xl.core.versionnames import new_version_fix, version_text
from coachlog_xl.core.wording import count

REPS = schema.REPS.name


def _later_version(version, effective, first_version, first_effective, date_order: str) -> bool:
    """Whether a Criteria row is a later version than the first row of its ID: another version, or, without a
    version, a later Effective from date (a row that repeats the version is another criterion under a copied ID).
    Versions are read as a Scores version column's are (:func:`~.versionnames.version_text`: ``101.0`` is ``101``)."""
    if not coerce.is_blank(version):
        return version_text(coerce.text(version)) != version_text(coerce.text(first_version))
    try:
        day, first_day = coerce.day(effective, date_order), coerce.day(first_effective, date_order)
    except coerce.Unreadable:
        return False
    return day is not None and (first_day is None or day > first_day)


def _call_of(rows: pd.DataFrame) -> pd.Index:
    """Each row's call: its call id and its rep."""
    return pd.MultiIndex.from_arrays([rows["call_id"].astype(str), rows["rep"].astype(str)])


# "Dana Cruz <dcruz@acme.test>": a name with its address, as mail programs and some exports write it
_ADDRESS = re.compile(r"\s*<[^<>]*>\s*$")


@dataclass
class RepDirectory(Directory):
    """Reps, also found under the forms exports write a known name in: ``Cruz, Dana`` (last name first),
    ``Dana Cruz <dcruz@acme.test>`` (with an address) and ``Dana Cruz (1001)`` (with an ID: :mod:`.nameandid`); an id
    of digits also with or without its leading zeros (``01001`` in a text export, ``1001`` where Excel took them off a
    typed id)."""

    # a rep as exports write the roster's name (``Dana Cruz`` for ``Cruz, Dana``), after every name the roster
    # spells out: none where it is two reps'
    people: dict[str, str | None] = field(default_factory=dict)
    # an id of digits without its leading zeros -> every rep listing it in some zeros (it is theirs when one rep does)
    ids: dict[str, list[str]] = field(default_factory=dict)
    # a rep's name (``header_key``) -> the shapes of the IDs among their Other names (:func:`~.nameandid.id_shape`)
    id_shapes: dict[str, set[str]] = field(default_factory=dict)

    def resolve(self, name) -> str | None:
        hit = super().resolve(name)
        if hit is None:
            key = person_key(name)
            hit = self.aliases.get(key, self.people.get(key))
        if hit is None and self.ids:
            key = header_key(name)
            owners = self.ids.get(bare_id(key), ()) if key.isdigit() else ()
            hit = owners[0] if len(owners) == 1 else None
        return hit if hit is not None else named_rep(name, self)

    def hints(self, name) -> list[str]:
        parts = name_and_id(name)  # ("Dana Cruz (1002)": the rep of its name and the rep of its ID first)
        return list(dict.fromkeys([*may_be(parts, self), *super().hints(name)])) if parts else super().hints(name)

    def sharing(self, name) -> list[str]:
        return super().sharing(name) or self.shared.get(person_key(name), [])

    def near_key(self, name) -> str:
        return person_key(name)


# "lee.park@acme.test": an address alone, whose local part is a name in parts (lee.park, lee_park)
_BARE_ADDRESS = re.compile(r"^\s*([^\s@<>,]+[._-][^\s@<>,]+)@[^\s@<>,]+\.[^\s@<>,]+\s*$")


def evaluator_key(name) -> str:
    """An evaluator as matched: :func:`person_key`, and an address alone by its local part when it
    is a name in parts (``lee.park@acme.test`` is ``Lee Park``'s ``leepark``; ``lpark@...`` stays itself)."""
    bare = _BARE_ADDRESS.match(name) if isinstance(name, str) and "@" in name else None
    return header_key(bare[1]) if bare else person_key(name)


def person_key(name) -> str:
    """A person's name as matched: :func:`header_key` of it without an address and first name first
    (``Cruz, Dana`` and ``Dana Cruz <dcruz@acme.test>`` are ``danacruz``)."""
    if not isinstance(name, str) or not ("," in name or "<" in name):
        return header_key(name)
    bare = _ADDRESS.sub("", name)
    if bare.count(",") == 1:
        last, first = (part.strip() for part in bare.split(","))
        bare = f"{first} {last}" if last and first else bare
    return header_key(bare)


def _other_names(cell: str) -> list[str]:
    """A Reps row's Other names, one per line or between semicolons; and between commas where every part
    is a name of its own: an address or an id, or a name of two words or more (``dana@acme.test, D. Cruz``,
    ``E1001, Dana Cruz``).  A part of one word (``Cruz, Dana``, ``Lee, Sam, Jr.``, ``Cruz, Dana (E1001)``)
    keeps the entry whole: a name written last name first, whose parts alone would name others.  The
    entry whole is kept beside its parts."""
    out = []
    for entry in (e.strip() for e in re.split(r"[;\n]", cell)):
        parts = [p.strip() for p in entry.split(",") if p.strip()]
        listed = len(parts) > 1 and all("@" in p or any(c.isdigit() for c in p) or len(p.split()) > 1 for p in parts)
        out.extend(([entry, *parts] if listed else [entry]) if entry else [])
    return out


def _one_rep(found: dict[str, str | None], key: str, name: str) -> None:
    """``found[key]`` is ``name``, or None (nobody's) once another rep has it too."""
    found[key] = name if found.get(key, name) == name else None


def rep_directory(reps: pd.DataFrame, issues: Issues | None = None) -> Directory:
    """The reps by their names and other names (the Reps sheet, ``reps`` by schema).  A rep's own name
    is theirs even where another rep lists it among their other names, and an other name two reps list
    is neither's (its scores are of an unknown rep): with ``issues``, each such clash is named."""
    d = RepDirectory()
    issues = issues if issues is not None else Issues()
    people = [(coerce.text(rep), row, others) for rep, row, others in zip(reps["rep"], reps[ROW], reps["other_names"])]
    own: dict[str, tuple[str, int]] = {}
    for name, row, _ in people:
        if name:
            own.setdefault(header_key(name), (name, row))
            d.add(name)
    given: dict[str, tuple[str, int]] = {}  # other name -> the first rep (and row) listing it
    shared: dict[str, str] = {}  # other names two reps list: key -> as written
    for name, row, others in people:
        for other in (_other_names(coerce.text(others)) if name else ()):
            key = header_key(other)
            if shape := id_shape(other):
                d.id_shapes.setdefault(header_key(name), set()).add(shape)
            if not key or own.get(key, ("",))[0] == name:  # (their own name again)
                continue
            if key in own:
                issues.add(Code.REP_NAME_CLASH, REPS, row, "Other names", other,
                           f'Reps row {row}: "{other}", among {name}\'s other names, is the rep on Reps row '
                           f"{own[key][1]}; it is read as that rep.", f"Take it out of {name}'s other names.")
            elif given.setdefault(key, (name, row))[0] != name:
                if key not in shared:
                    shared[key], d.shared[key] = other, [given[key][0]]
                    issues.add(Code.SHARED_OTHER_NAME, REPS, row, "Other names", other,
                               f'Reps row {row}: "{other}" is an other name of both {given[key][0]} (Reps row '
                               f"{given[key][1]}) and {name}; scores under it are counted for neither.",
                               "Keep it among the other names of the one rep it means.")
                if name not in d.shared[key]:
                    d.shared[key].append(name)
            else:
                d.add(given[key][0], other)
    for other in shared.values():  # nobody's: no match (its rows hold each rep's baselines back)
        d.forget(other)
    for name, _, _ in people:  # a rep the roster writes last name first, "Cruz, Dana", is also the exports'
        key = person_key(name)  # "Dana Cruz" (as "Cruz, Dana" in an export is "Dana Cruz" on the roster),
        if name and key not in d.shared and key not in d.aliases:  # unless that spelling is another rep's
            _one_rep(d.people, key, name)
    # an id two reps list is nobody's, with other zeros too (its 101 may be either's 0101)
    for key, names in [*((key, [name]) for key, name in d.aliases.items()), *d.shared.items()]:
        if key.isdigit():
            d.ids[bare_id(key)] = list(dict.fromkeys([*d.ids.get(bare_id(key), []), *names]))
    d.supervisors = _roster_supervisors(d, reps)
    return d


def _roster_supervisors(d: Directory, reps: pd.DataFrame) -> dict[str, list[tuple[str, int, str]]]:
    """Each rep's rows on the Reps sheet that give a Supervisor: (that supervisor, the row, its Active), in
    order (:func:`~coachlog_xl.core.roster.supervisors_from_reps` reads them)."""
    found: dict[str, list[tuple[str, int, str]]] = {}
    for rep, boss, row, active in zip(reps["rep"], reps["supervisor"], reps[ROW], reps["active"]):
        name, boss = d.resolve(coerce.text(rep)) if coerce.text(rep) else None, coerce.text(boss)
        if name is not None and boss:
            found.setdefault(name, []).append((boss, int(row), coerce.text(active)))
    return found


def criterion_directory(criteria: pd.DataFrame, issues: Issues | None = None, date_order: str = "month-first",
                        other_names: bool = True) -> CriterionDirectory:
    """The criteria by name, Criterion ID and Other names.  A later row of an ID under another name is a version of the
    first row's criterion (named as the first row names it: a new version that rewords the name) when it gives another
    version than the first row's, or a later Effective from date; else a criterion of its own, its ID another's.
    ``issues`` is told either way; ``date_order``: how a text Effective from date is read (the Settings date order);
    ``other_names``: whether the Criteria table has an Other names column (not in a workbook made before it)."""
    # (named: each row's criterion, row, name, ID and Other names, for add_other_names)
    d, named = CriterionDirectory(column=other_names), []
    first: dict[str, tuple] = {}  # ID -> the first row's name, version, row and Effective from
    for cid, name, version, effective, row, others in zip(*(criteria[c] for c in (
            "criterion_id", "name", "version", "effective", ROW, "other_names"))):
        key, canonical = header_key(cid), coerce.text(name) or coerce.text(cid)
        if not canonical:
            continue
        earlier = first.setdefault(key, (canonical, version, row, effective)) if key else None
        if earlier is not None and header_key(earlier[0]) != header_key(canonical):
            if _later_version(version, effective, earlier[1], earlier[3], date_order):
                if issues is not None:
                    issues.add(Code.VERSION_RENAMED, schema.CRITERIA.name, row, "Criterion", canonical,
                               f'Criteria row {row}: "{canonical}" is read as a new version of "{earlier[0]}" '
                               f"(row {earlier[2]}): the Criterion ID {coerce.text(cid)} is the same.",
                               "Nothing to do if it is; else give it a Criterion ID of its own.")
                canonical = earlier[0]
            elif issues is not None:
                issues.add(Code.CRITERION_ID_SHARED, schema.CRITERIA.name, row, "Criterion ID", coerce.text(cid),
                           f'Criteria row {row}: "{canonical}" has the Criterion ID {coerce.text(cid)} of '
                           f'"{earlier[0]}" (row {earlier[2]}), with no version or date of its own; the ID is read as '
                           f'"{earlier[0]}".',
                           "Give each criterion its own Criterion ID; or, if the row is a new version of it, type its "
                           "Version and Effective from.")
        d.add(canonical, coerce.text(name), coerce.text(cid))
        named.append((canonical, row, coerce.text(name), coerce.text(cid), others))
    return add_other_names(d, named, issues)


def resolve_column(texts: pd.Series, directory: Directory, factors: list | None = None, written=None) -> tuple:
    """Canonical names for a column of stripped texts, and a mask of the ones not in the directory.

    Unknown values keep their own spelling, so two unknown spellings that normalise alike still
    match each other; a spelling with no letter or digit (an empty key) matches only itself.  Blank
    stays blank.  ``factors``, given, gets the names' ``pandas.factorize`` (made from the distinct texts') when
    no cell is blank, else None; ``written``: the texts' ``pandas.factorize``, when made (then not made again)."""
    values = texts.to_numpy(dtype=object)
    codes, uniques = written or pd.factorize(values)  # (a column of texts has no blank: no scan for one)
    if blank := bool(len(codes) and codes.min() < 0):
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
    canon, unknown = [], []
    first_spelling: dict[str, str] = {}
    for t in uniques:
        hit = directory.resolve(t)
        unknown.append(t != "" and hit is None)
        if hit is None:
            hit = first_spelling.setdefault(header_key(t) or t, t)
        canon.append(hit)
    if factors is not None:  # (None for a column with a blank)
        merged, names = pd.factorize(np.array(canon, dtype=object))
        factors.append(None if blank else (merged[codes], np.asarray(names, dtype=object)))
    return (pd.Series(np.array(canon, dtype=object)[codes], index=texts.index, dtype=object, copy=False),
            pd.Series(np.array(unknown, dtype=bool)[codes], index=texts.index, dtype=bool, copy=False))


def resolve_names(rows: pd.DataFrame, reps: Directory, criteria: Directory, issues: Issues,
                  unplaced: set[tuple] | None = None, factors: dict | None = None, written=None) -> pd.DataFrame:
    """The Scores rows' reps and criteria as the Reps and Criteria sheets name them; the unknown ones kept as
    written, each named once in Checks (its rows without a reason in Exclude; rows with the two swapped: see
    :mod:`~coachlog_xl.core.swapped`).  An unknown rep close to a known one (a misspelling?) adds the known rep
    with each criterion and call day of its rows to ``unplaced``: those calls may be the known rep's; an unknown
    criterion close to a known one adds each rep and day of its rows with the known criterion, but for a call that
    has a row under the known one too (then the unknown is another item of the scorecard: ``Empathy statement
    count`` beside ``Empathy``).  ``factors``, given, gets the columns' factors as ``"rep"``, ``"criterion"``
    (:func:`resolve_column`); ``written``: their texts'."""
    rows["rep"], unknown_rep = resolve_column(rows["rep"], reps, made := [], (written or {}).get("rep"))
    rows["criterion"], unknown_crit = resolve_column(rows["criterion"], criteria, made,
                                                     (written or {}).get("criterion"))
    if factors is not None:
        factors.update((key, f) for key, f in zip(("rep", "criterion"), made) if f is not None)
    ok = ~swapped_rows(rows, unknown_rep.to_numpy(), unknown_crit.to_numpy(), reps, criteria, issues, unplaced)
    for mask, directory, code, what, where, fix in (
        (unknown_rep.to_numpy() & ok, reps, Code.UNKNOWN_REP, "rep", "the Reps sheet (Rep or Other names)",
         "Add the rep to the Reps sheet, or add this spelling to the matching rep's Other names."),
        (unknown_crit.to_numpy() & ok, criteria, Code.UNKNOWN_SCORE_CRITERION, "criterion", "the Criteria sheet",
         "Nothing to do if the team does not coach it; else add it to the Criteria sheet, or add this "
         "spelling to the matching criterion's Other names."),
    ):
        # (a row left out with a reason in Exclude, another team's, is not named; every name known: none looked at)
        for name, grp, sheet, row, n in _per_name(rows[mask & (rows["exclude"].to_numpy() == "")], what) \
                if mask.any() else ():
            hints = directory.hints(name)
            for hint in hints if unplaced is not None else ():
                maybe = grp()
                if what == "criterion":  # a call with a row under the criterion too: another item of it
                    under = rows[rows["criterion"] == hint]
                    maybe = maybe[~_call_of(maybe).isin(_call_of(under))]
                unplaced.update(unplaced_rows(maybe, **{what: hint}))
            did_you = " Did you mean " + " or ".join(f'"{h}"' for h in hints) + "?" if hints else ""
            said, how = f"is not on {where}.{did_you}", (what == "criterion" and new_version_fix(name, hints)) or fix
            said_code = code
            how = directory.where_typed(name, how) if what == "criterion" else how
            if garbled(name):
                said = (f"is not on {where}, and its letters look garbled, as when a file is read in the wrong "
                        "encoding (é shown as Ã© or Ž): likely the export's encoding was not the one read.")
                how = ("Do not add this spelling to Other names: save the export from Excel as \"CSV UTF-8\" and "
                       f"import it again, then delete this paste's rows of this {what} (or type a reason in their "
                       "Exclude cells).")
            elif str(name).casefold() in ERROR_TEXTS:
                said = f"is the Excel error {name} (a formula that could not be computed), not a {what}'s name."
                how = f"Mend the formula where the export was made and paste its values again, or type the {what}."
            elif what == "criterion" and header_key(name) in TOTAL_WORDS:  # (Gesamt: an evaluation's total row)
                said = (f"is not on {where}: it looks like a total row (each evaluation's total written as one more "
                        "criterion), which counts for no session.")
                how = ("Nothing to do if those rows are totals; to leave them out of Checks, type a reason (e.g. total "
                       "row) in their Exclude cells. If the criteria are in another column, put its header first among "
                       "the criterion rows of the HeaderMap table on Settings.")
            elif what == "rep" and (pair := two_reps(name, directory.resolve)):
                said_code, (said, how) = Code.REP_NAME_AND_ID_DIFFER, two_reps_words(pair)
            elif what == "rep" and (several := several_reps(name, directory)):
                said, how = several_words(several)
            elif directory.sharing(name):
                said = (f"is an other name of {' and '.join(directory.sharing(name))} on {where.split(' (')[0]}, "
                        "so its scores count for neither (their baselines wait for it).")
                how = f"Keep it among the other names of the one {what} it means."
            issues.add(said_code, sheet, row, what, name, f'{sheet}: {what} "{name}" ({_rows_said(n, row)}) {said}',
                       how)
    if criteria.aliases and (unknown := unknown_crit.to_numpy()).any():  # (all known, the usual: no row looked at)
        _no_known_criterion(rows, unknown, issues, criteria)
    return rows


def _per_name(rows: pd.DataFrame, what: str):
    """Per distinct name of the column ``what``, in order (as grouping on it: blanks left out): the name, a function
    giving its rows, the sheet and row of its first, and how many paste rows it is of (:func:`~.frames.paste_rows`),
    all found in one pass over the rows (thousands of unknown reps grouped one by one took seconds)."""
    codes, names = pd.factorize(rows[what].to_numpy(dtype=object), sort=True)
    kept = np.flatnonzero(codes >= 0)
    order = kept[np.argsort(codes[kept], kind="stable")]  # each name's rows together, in their order
    starts = np.flatnonzero(np.diff(codes[order], prepend=-1))
    ends = [*starts[1:].tolist(), len(order)]
    sheets, numbers = rows["sheet"].to_numpy(dtype=object), rows["row"].to_numpy()
    pasted = pd.DataFrame({"c": codes[kept], "s": sheets[kept], "r": numbers[kept]}).drop_duplicates()
    per_name = np.bincount(pasted["c"].to_numpy(), minlength=len(names)).tolist()
    for code, start, end in zip(codes[order[starts]].tolist(), starts.tolist(), ends):
        first = order[start]
        yield (names[code], lambda start=start, end=end: rows.iloc[order[start:end]], sheets[first], numbers[first],
               per_name[code])


def _rows_said(n: int, first: int) -> str:
    """``5 rows, first at row 12``; ``1 row, row 12``."""
    return f"{count(n, 'row')}, first at row {first}" if n > 1 else f"1 row, row {first}"


def _no_known_criterion(rows: pd.DataFrame, unknown: np.ndarray, issues: Issues, criteria: Directory) -> None:
    """An error for each Scores sheet none of whose criteria is on the Criteria sheet: the column read
    as the criterion is most likely another one than the team's criteria are named in (``criteria``: their names,
    whose fix for a Criteria table without Other names says so)."""
    # (its rows left out with a reason in Exclude, another team's, aside: a sheet of only those is not said)
    kept = rows["exclude"].to_numpy() == ""
    sheets = rows["sheet"].to_numpy(dtype=object)
    for sheet in pd.unique(sheets[unknown & kept]):
        mine = (sheets == sheet) & kept
        if unknown[mine].all():
            first = rows.loc[mine].iloc[0]
            names = pd.unique(rows.loc[mine, "criterion"].to_numpy(dtype=object))
            shown = ", ".join(f'"{n}"' for n in names[:3]) + (", ..." if len(names) > 3 else "")
            issues.add(
                Code.NO_KNOWN_CRITERION, sheet, first["row"], "criterion", None,
                f"{sheet}: none of its {len(names)} criteria ({shown}) is on the Criteria sheet, so none of "
                "its scores counts for a session.",
                criteria.where_typed("", "Add the criteria to the Criteria sheet as the export writes them (a "
                                     "name, an id as Criterion ID, or a spelling among a criterion's Other names); or, "
                                     "if the export names them in another column, put that column's header first "
                                     "among the criterion rows of the HeaderMap table on Settings."),
            )
