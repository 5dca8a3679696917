"""What the front ends call: one function per command, on a workbook file.

Each function reads through the workbook layer, computes through the core and writes back through
:mod:`coachlog_xl.workbook.writelock` (lock checks) and :mod:`coachlog_xl.workbook.safety` (verified
atomic save, backup); the CLI only parses arguments, calls one of these and reports.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import filecmp
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from coachlog_xl import schema, workers
from coachlog_xl.core.checks import Issues, listed
from coachlog_xl.core.config import read_config
from coachlog_xl.core.refresh import RefreshResult, compute, resolve_as_of
from coachlog_xl.core.wording import checks_line, count, scores_of_calls
from coachlog_xl.errors import ConfigError, TemplateError, UserDataError, WorkbookError
from coachlog_xl.workbook import cache as refresh_cache
from coachlog_xl.workbook import done, reader, tablerefs, writer
from coachlog_xl.workbook.beside import backup_path, cache_path, writings
from coachlog_xl.workbook.besidetables import refuse_tables_beside
from coachlog_xl.workbook.book import FileBook
from coachlog_xl.workbook.intable import on_log_rows
from coachlog_xl.workbook.logformats import LogCells, log_cells, log_format_issues
from coachlog_xl.workbook.parts import refuse_strict, sheet_parts
from coachlog_xl.workbook.pivots import refuse_pivots
from coachlog_xl.workbook.recalc import stale_issues
from coachlog_xl.workbook.safety import Fingerprint, keep_apart, refuse_if_open, save_package, writable
from coachlog_xl.workbook.typedchecks import Typed, typed_in_file, typed_issues
from coachlog_xl.workbook.writelock import guarded_write, refuse_unlocked
from coachlog_xl.workbook.writer import add_checks

if TYPE_CHECKING:
    from coachlog_xl.core.imports import ImportPreview
    from coachlog_xl.workbook.importer import Appended
    from coachlog_xl.workbook.prefetch import ExportRows

Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    """The progress callback when nobody listens."""


def _xlsx_named(path: Path) -> Path:
    """``path`` for a workbook the tool makes (an .xlsx package): refused under another extension, which Excel
    would refuse to open it under (a .xltm or .xlsm name on a workbook without macros)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ConfigError(f"{path}: a new workbook must end in .xlsx.")
    return path


def new_workbook(path: Path, overwrite: bool = False, fixed: bool = False,
                 keep: str | None = "new") -> tuple[Path, Path | None]:
    """The empty workbook of the template at ``path``, an .xlsx in a folder that exists: an existing file is
    replaced only with ``overwrite``, and kept apart first (:func:`~coachlog_xl.workbook.safety.keep_apart`, its
    name telling ``keep``: the command; None: not kept, for the project's own template, kept in git); refused
    while Excel or LibreOffice has it open.  ``fixed``: byte-for-byte the same on every run, its properties'
    modified time fixed (:func:`~coachlog_xl.workbook.template.write_template`), as ``coachlog template`` writes
    it.  Returns the path and the kept copy's (None: none, or one of the same bytes as the file written, as a
    template written again is: not kept)."""
    from coachlog_xl.workbook.template import build_template, write_template  # (openpyxl: not imported by a refresh)

    path = _xlsx_named(path)
    if path.exists() and not overwrite:
        raise ConfigError(f"{path} already exists; choose another name or pass --force to replace it.")
    with guarded_write(path, forceable=False) as before, _keeping_apart(path, keep) as kept:
        if fixed:
            save_package(write_template, path, backup=False, expected=before)
        else:
            writer.save_atomically(build_template(), path, backup=False, expected=before)
    if kept is not None and filecmp.cmp(kept, path, shallow=False):  # (the same bytes again: nothing to keep)
        kept.unlink(missing_ok=True)
        kept = None
    return path, kept


@contextlib.contextmanager
def _keeping_apart(path: Path, before: str | None) -> Iterator[Path | None]:
    """The workbook ``path`` that ``coachlog new``, ``demo`` or ``template`` (``before``; None: keep none)
    replaces, kept apart under a name no later command replaces (:func:`~coachlog_xl.workbook.safety.keep_apart`),
    not as the ``.bak`` the next refresh replaces with its own: the team's log, were it that workbook, would be
    nowhere then.  None when no file is there; the copy is removed again when the save fails (the workbook is
    then as it was)."""
    kept = keep_apart(path, before) if before and os.path.lexists(path) else None
    try:
        yield kept
    except BaseException:
        if kept is not None:
            kept.unlink(missing_ok=True)
        raise


PROJECT = Path(__file__).resolve().parents[1]  # the project's folder, in a checkout or an editable install


def shipped_template() -> Path:
    """The project's ``templates/coachlog.xlsx``, found beside the package's source whatever the current
    folder (the template is the code's output, kept with the code).  An installed package has no project
    folder: then a ConfigError asks for a path."""
    path = PROJECT / "templates" / "coachlog.xlsx"
    if not (PROJECT / "pyproject.toml").is_file() or not path.parent.is_dir():
        raise ConfigError("without a PATH, `coachlog template` regenerates the project's templates/coachlog.xlsx, "
                          "and coachlog_xl is installed here, not run from a checkout of the project. Give the path "
                          "to write, e.g. `coachlog template blank.xlsx` (`coachlog new team.xlsx` for a workbook "
                          "to fill).")
    return path


def stamp(result: RefreshResult, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now()
    checks = result.summary.get("checks", {})
    return (
        f"Refreshed {now:%Y-%m-%d %H:%M}, as of {result.as_of:%Y-%m-%d}: "
        f"{count(result.summary['sessions'], 'session')}, "
        f"{scores_of_calls(result.summary['scores'], result.summary['calls'])}; checks: {checks_line(checks)}."
    )


@workers.command()
def compute_file(
    path: Path, as_of: dt.date | None = None, progress: Progress | None = None, cache: bool = True,
    prefetch=None,
) -> RefreshResult:
    """Compute without writing (``coachlog check``); ``cache`` uses and keeps the refresh cache;
    ``prefetch``: the file's Scores being loaded already (:mod:`coachlog_xl.workbook.prefetch`)."""
    say = progress or _quiet
    say(f"Reading {Path(path).name}")
    book = FileBook(path, prefetch)
    try:
        inputs, keep = reader.read_cached(book, cache, _as_of(as_of))
        not_kept = reader.not_kept_rows(book)
        start = writer.start_rows(book)
    finally:
        book.close()
    with workers.ended(partial(writings, cache_path(path))):
        with _offered(keep, inputs) as spare:
            result = compute(inputs, as_of=as_of, today=done.today(), real=real_day(inputs), progress=say,
                             mapper=workers.for_rows(_score_rows(inputs)), beside_log=_log_cells(path, inputs),
                             beside_aggregate=_log_formats(path, inputs), normalised=_kept_early(inputs))
        if keep is not None and not spare.taken:
            keep()
    result.blocked = refresh_blocked(path)
    writer.stamp_said(result, start)  # (said when a refresh would stop too, as Excel's Check says it)
    if len(not_kept):  # what the last refresh did not keep, as its Checks rows say until a refresh writes again
        add_checks(result, not_kept)
    _tell_typed(path, inputs, result)
    if result.blocked is None:
        _tell_log_formats(path, inputs, result)
    workers.left(inputs, book)
    return result


def _tell_typed(path: Path, inputs, result: RefreshResult) -> None:
    """Add to ``result``'s checks what the next refresh of the file would not keep of what was typed on its
    computed sheets (:func:`~coachlog_xl.workbook.typedchecks.typed_in_file`), and the team's formulas naming a
    table column it would rename back or take out (:func:`~coachlog_xl.workbook.tablerefs.in_file`), in the
    refresh's words; of a
    file the refresh would stop on before it looks (a Strict Open XML file, a damaged computed sheet, a pivot
    table or a table on a computed sheet: ``result.blocked``, :func:`refresh_blocked`), nothing: that refresh
    writes nothing."""
    if result.blocked is not None:
        return
    rows = {sheet.name: (sheet, writer.SheetRows(sheet, frame)) for sheet, frame in writer.computed_frames(result)}
    try:
        typed = typed_in_file(Path(path), rows)
        naming, changed = tablerefs.in_file(Path(path))
    except WorkbookError:
        return
    headers = tablerefs.renamed_headers(changed)
    if typed or naming:
        issues = typed_issues(typed, inputs.log, None, preview=True, headers=headers)
        issues.extend(tablerefs.table_ref_issues(naming, None, preview=True))
        add_checks(result, issues)


def _tell_log_formats(path: Path, inputs, result: RefreshResult) -> None:
    """Add to ``result``'s checks, before anything is written, the number formats a person gave the Log's grey
    cells that recording the baselines sets back (:mod:`~coachlog_xl.workbook.logformats`): as the compute
    found them among the Aggregate's pieces (:func:`_log_formats`), else found now from the cells as the compute
    read them beside the Log (:func:`_log_cells`), else as read now."""
    if len(result.log_updates):
        issues = result.beside_aggregate
        if issues is None:
            issues = _log_formats(path, inputs)(result.log_updates, result.beside_log)
        if len(issues):
            add_checks(result, issues)


def _log_formats(path: Path, inputs) -> Callable[[pd.DataFrame, LogCells | None], Issues]:
    """:func:`_tell_log_formats`' rows as a task the compute does among the Aggregate's pieces, given the Log cells
    the refresh writes (its ``log_updates``) and the grey cells read beside the Log (:func:`_log_cells`): from
    500 Log rows in a second process where the compute has one, as at a million score rows, where the check
    took about 0.1 s after the compute with a core idle."""
    headers = list(inputs.log.headers)

    def issues(updates: pd.DataFrame, read: LogCells | None) -> Issues:
        return log_format_issues(Path(path), writer.log_cells(headers, updates), headers, read) if len(updates) \
            else Issues()

    return issues


def _log_cells(path: Path, inputs) -> Callable[[], LogCells | None]:
    """The Log's grey cells read for :func:`_tell_log_formats` (:func:`~coachlog_xl.workbook.logformats.log_cells`)
    as a task the compute does beside the Log's reading: at 10,000 Log rows that is the process reading the Log
    while the other normalises the Scores, where the check took about 0.1 s after the compute, with a core idle."""
    return partial(log_cells, Path(path), list(inputs.log.headers))


@workers.command()
def refresh_file(
    path: Path, as_of: dt.date | None = None, progress: Progress | None = None, force: bool = False,
    backup: bool | None = None, cache: bool = True, prefetch=None,
) -> RefreshResult:
    """Recompute the computed sheets of a workbook file and save it; ``cache`` uses the refresh cache of
    its normalised Scores and keeps it while the file is saved, in a second process where one may run
    (:mod:`coachlog_xl.workbook.cache`: its key is the Scores as read, which the save copies as they
    are); ``prefetch``: the file's Scores being loaded already (:mod:`coachlog_xl.workbook.prefetch`).

    With the cache on, a workbook exactly as the last refresh saved it (every part, the same
    ``as_of``, the same day when none is given) is left alone: the result has ``unchanged`` set and
    the last refresh's summary, and nothing is written."""
    say = progress or _quiet
    today = done.today()
    # (the refresh cache a second process writes is written, or its .tmp removed, before the lock goes)
    # (in a folder the user may only read, no lock is taken: the workbook may still be up to date)
    with guarded_write(path, force, waiting=say, unless_unwritable=True) as before, \
            workers.ended(partial(writings, cache_path(path))):
        if cache and before is not None \
                and (last := done.unchanged(Path(path), as_of, today, before.sha256)) is not None:
            return _unchanged(last)
        refuse_unlocked(before)
        refuse_strict(path, then=_refuse_in_the_way)
        book = FileBook(path, prefetch)
        try:
            say(f"Reading {book.name}")
            inputs, keep = reader.read_cached(book, cache, _as_of(as_of))
            with _offered(keep, inputs) as spare:
                result = _compute_and_write(book, inputs, as_of, say, partial(_tell_log_formats, path),
                                            _log_cells(path, inputs), _kept_early(inputs), _log_formats(path, inputs))
                kept = result.config.backup if backup is None else backup
                book.typed_checks = partial(_checks_of_typed, book, inputs, result,
                                            backup_path(Path(os.path.realpath(path))).name if kept else None)
                say("Saving")
                # the refresh cache, when no second process of the compute kept it, is kept by the save's
                # first one once it has sent its share (the save's parts, or their check), else here after it
                result.written = _saved_or_no_copy(book, kept, before, result)
            if keep is not None and not spare.taken:
                keep()
            result.dropped = book.dropped if result.written else {}
            result.decided = {name: on_log_rows(inputs.log, found) for name, found in book.decided.items()} \
                if result.written else {}
            result.notes = book.notes if result.written else {}
            result.unfiltered = book.unfiltered if result.written else {}
            result.links = book.links if result.written else {}
            result.totals = book.totals if result.written else {}
            result.restyled = book.restyled if result.written else {}
            result.unhidden = book.unhidden if result.written else {}
            result.reformatted = book.reformatted if result.written else {}
            result.formulas = book.own_formulas if result.written else []
            result.naming = book.naming if result.written else []
            result.renamed = book.renamed if result.written else []
        finally:
            book.close()
        if cache and result.config.cache:
            # (the file as the refresh left it: the digest of what the save wrote)
            left = (book.saved_sha256 or Fingerprint.of(path).sha256) if result.written else before.sha256
            done.record_done(Path(path), as_of, today, result.summary, result.as_of, left, result.ahead)
    workers.left(inputs, book)
    return result


def _saved_or_no_copy(book: FileBook, backup: bool, before: Fingerprint | None, result: RefreshResult) -> bool:
    """``book`` saved (whether it was written); the copy kept apart as the save began (:func:`_checks_of_typed`)
    removed when the workbook was not replaced after all (an error, nothing to write): it is then the
    workbook, still as it was."""
    try:
        written = book.save(backup=backup, expected=before) is not False
    except BaseException:
        _unkept(result)
        raise
    if not written:
        _unkept(result)
    return written


def _unkept(result: RefreshResult) -> None:
    """Remove the copy :func:`_checks_of_typed` kept apart, if any: the save did not replace the workbook."""
    if result.kept_apart is not None:
        Path(result.kept_apart).unlink(missing_ok=True)
        result.kept_apart = None


def _checks_of_typed(book: FileBook, inputs, result: RefreshResult, backup: str | None, typed: dict[str, Typed],
                     naming: list, formulas: list[str], changed: list) -> None:
    """Checks rows for what was typed on the computed sheets, which the save does not keep (``typed``:
    :func:`~coachlog_xl.workbook.typedchecks.typed_scan` of each; ``backup``: the name of the backup,
    or None: none is kept), for the team's formulas naming a table column the save renames back or takes out
    (``naming``: :func:`~coachlog_xl.workbook.tablerefs.naming_formulas`), and a note naming the team's sheets
    whose formulas show old values until recalculated (``formulas``: :mod:`~coachlog_xl.workbook.recalc`),
    written with the Checks sheet and the stamp's count before the save writes them; a table's header renamed
    (``changed``: the columns renamed back) is told that the refresh wrote the header back, not to move it.
    With a backup or without, the workbook holding cells typed there is first kept apart under a name no command
    replaces
    (``result.kept_apart``, :func:`~coachlog_xl.workbook.safety.keep_apart`), which the rows name: the ``.bak``
    is replaced by the next command that saves the workbook (an import too), which would say nothing of them."""
    headers = tablerefs.renamed_headers(changed)
    if typed:  # (kept apart, with the .bak off too: the .bak, replaced by the next save, would hold them a while only)
        result.kept_apart = keep_apart(book.path, "refresh")
        backup = result.kept_apart.name
    issues = typed_issues(typed, inputs.log, backup, headers=headers)
    issues.extend(tablerefs.table_ref_issues(naming, backup))
    issues.extend(stale_issues(formulas))
    add_checks(result, issues)
    book.write_sheet(schema.CHECKS, writer.SheetRows(schema.CHECKS, listed(result.checks)))
    book.restamp(stamp(result))


def _offered(keep, inputs) -> workers.Spare:
    """The refresh cache's keeping (``keep``, or None: nothing to keep) offered to a second process of the
    compute once the Scores are normalised, or of the save (:class:`~coachlog_xl.workers.Spare`): its key
    was taken before the Scores were read, and the save copies the parts it covers as they are, so the
    cache is the saved workbook's whether it is written before the save or beside it.  At 100,000 score
    rows the compute forks no process and the save one, for its parts: the cache, kept by a process of
    its own beside it, made three processes on two cores (and a fork of 0.2 GB more)."""
    return workers.Spare(keep, lambda: inputs.normalised is not None)


def _kept_early(inputs) -> Callable[[], None] | None:
    """What the compute calls once the Scores are normalised: from :data:`~coachlog_xl.workers.SPARE_ROWS` score
    rows, a second process of its own takes the refresh cache's keeping offered (:func:`_offered`) then
    (:func:`~coachlog_xl.workers.spare_now`); below, the compute's or the save's second process takes it."""
    return workers.spare_now if _score_rows(inputs) >= workers.SPARE_ROWS else None


def real_day(inputs) -> dt.date:
    """The real day where the team is, in Settings' Time zone when one is named: calls dated after the day after it
    are errors (:mod:`~coachlog_xl.core.aftertoday`)."""
    return done.today_where(read_config(inputs, Issues()).time_zone)


def _as_of(given: dt.date | None) -> Callable:
    """The as-of date a refresh of the inputs works by (``given``, the ``--as-of``; else Settings', else today's), as
    :func:`~coachlog_xl.core.refresh.compute` resolves it: the refresh cache holds for some as-of dates only."""
    return lambda inputs: resolve_as_of(given, read_config(inputs, Issues()), done.today())


def _score_rows(inputs) -> int:
    """The score rows a refresh reads: the pasted rows, or the cached normalised ones."""
    if inputs.normalised is not None:
        return len(inputs.normalised.rows)
    return sum(len(table) for table in inputs.scores)


def refresh_blocked(path: Path) -> str | None:
    """What would stop a refresh of the workbook file before it reads anything (a Strict Open XML file, a
    pivot table or a table where the computed sheets are written), in the words the refresh says it; None
    when nothing would (``coachlog check`` says it beside the data's problems)."""
    try:
        refuse_strict(path, then=_refuse_in_the_way)
    except WorkbookError as exc:
        return str(exc)
    return None


def _refuse_in_the_way(pkg, parts: dict[str, str]) -> None:
    """Stop a refresh before it writes when a pivot table or a table stands on a computed sheet where
    its cells would be written over or cleared."""
    refuse_pivots(pkg, parts)
    refuse_tables_beside(pkg, parts)


def _unchanged(last: dict) -> RefreshResult:
    """The result of a refresh that found nothing changed: the last refresh's summary, no tables."""
    summary = {**last["summary"], "baselines_recorded": 0}
    as_of = dt.date.fromisoformat(last["result_as_of"])
    empty = pd.DataFrame()
    return RefreshResult(as_of, empty, empty, empty, empty, empty, summary, unchanged=True)


def refresh_book(book, as_of: dt.date | None = None, progress: Progress | None = None,
                 before_write: Callable | None = None) -> RefreshResult:
    """The whole refresh on any :class:`~coachlog_xl.workbook.book.Book`: read every input, compute, write;
    ``before_write(inputs, result)`` is called before anything is written, and may stop the refresh by raising."""
    say = progress or _quiet
    say(f"Reading {book.name}")
    return _compute_and_write(book, reader.inputs_from_book(book), as_of, say, before_write)


def _compute_and_write(book, inputs, as_of: dt.date | None, say: Progress,
                       before_write: Callable | None = None, beside_log: Callable | None = None,
                       normalised: Callable | None = None, beside_aggregate: Callable | None = None) -> RefreshResult:
    result = compute(inputs, as_of=as_of, today=done.today(), real=real_day(inputs), progress=say,
                     mapper=workers.for_rows(_score_rows(inputs)), beside_log=beside_log, normalised=normalised,
                     beside_aggregate=beside_aggregate)
    if before_write is not None:
        before_write(inputs, result)
    say("Writing the computed sheets")
    writer.write_result(book, result, stamp(result))
    return result


@workers.command()
def import_export(
    book: Path, export: Path, sheet: str | None = None, dry_run: bool = False, progress: Progress | None = None,
    force: bool = False, prefetch: ExportRows | None = None, export_sheets: Sequence[str] = (),
    all_sheets: bool = False,
) -> tuple[ImportPreview, Appended | None]:
    """Append an export file's rows to the workbook (or, with ``dry_run``, only say what would happen),
    written surgically: only the sheet the rows go to and the parts listing it are rewritten
    (:mod:`coachlog_xl.workbook.append`).

    Returns ``(preview, appended)``; on a dry run ``appended`` says what would be added (where the
    write lock's file cannot be created for lack of permission, without the lock: it writes nothing,
    :func:`~coachlog_xl.workbook.writelock.guarded_write`).  An export
    without a column the windows need (call id, rep, call or grading date, criterion, score) is refused.
    ``prefetch``: a CSV export's rows being read already (:func:`coachlog_xl.workbook.prefetch.export_rows`).
    ``export_sheets``: an .xlsx export's sheets to read (else those naming the most fields of a score); ``all_sheets``:
    every sheet of it whose header names a call id and scores (:func:`coachlog_xl.workbook.exports.read_xlsx`).
    """
    # (the import's own modules: a refresh, which never reads an export, does not import them)
    from coachlog_xl.core.imports import preview
    from coachlog_xl.workbook.exports import read_export
    from coachlog_xl.workbook.importer import check_sheet_option, plan_import, write_import

    say = progress or _quiet
    if sheet is not None:
        check_sheet_option(sheet)
    # (a dry run writes nothing: in a folder the user may only read it goes on without the lock)
    with guarded_write(book, force=force or dry_run, waiting=say, unless_unwritable=dry_run) as before:
        refuse_strict(book)
        inputs = reader.read_inputs(book)
        cfg = read_config(inputs, Issues())
        if cfg.cache:  # the workbook's Scores as the last refresh normalised them, if unchanged since
            inputs.normalised = refresh_cache.load(Path(book), refresh_cache.key(Path(book)), _as_of(None)(inputs))
        say(f"Reading {Path(export).name}")
        table = read_export(export, cfg.header_map, prefetch, export_sheets, all_sheets)
        say("Normalising")
        # a large export's preview made by a second process (where the machine allows) while the plan is
        # made and the new file written beside the workbook: neither changes the export or the workbook's
        # tables, and the workbook is replaced only once the preview has had its say
        # (the as-of date by the machine's day, as a refresh takes it; calls dated after the zone's day warned of)
        today, real = done.today(), done.today_where(cfg.time_zone)
        with workers.Later(lambda: preview(inputs, table, today, real),
                           len(table.data) >= workers.SCORE_ROWS) as later:
            try:
                plan = plan_import(list(sheet_parts(book)), inputs.scores, table, cfg, sheet, Path(export).stem)
            except Exception as exc:  # noqa: BLE001 - raised once the preview's refusals are said
                plan = exc
            heard: list[ImportPreview] = []

            def hear() -> ImportPreview:  # the preview: its refusals first, then an error of the plan
                if not heard:
                    heard.append(later.result())
                if heard[0].refused:
                    raise UserDataError("\n".join(heard[0].refused))  # each names the file already
                if isinstance(plan, Exception):
                    raise plan
                return heard[0]

            def write(tmp: Path) -> list[str]:
                try:
                    parts = write_import(Path(book), plan, tmp)
                except Exception:
                    hear()  # (its refusal said first, as in one process)
                    raise
                hear()
                say(f"Writing into {Path(book).name}")
                return parts

            if later.ahead and not isinstance(plan, Exception) and plan.rows is not None and not dry_run \
                    and writable(book):
                save_package(write, book, backup=cfg.backup, expected=before)  # (the preview heard in write)
            else:
                hear()
                if plan.rows is not None and not dry_run:
                    say(f"Writing into {Path(book).name}")
                    save_package(partial(write_import, Path(book), plan), book, backup=cfg.backup, expected=before)
    return hear(), plan.appended


def make_demo(path: Path, seed: int = 2026, progress: Progress | None = None) -> RefreshResult:
    """A realistic, seeded workbook, filled as people would fill it, then refreshed."""
    from coachlog_xl.demo import demo_data
    from coachlog_xl.workbook.fill import append_records
    from coachlog_xl.workbook.template import build_template

    say = progress or _quiet
    path = _xlsx_named(path)
    refuse_if_open(path, forceable=False)  # (before the build: the save would refuse it the same way)
    data = demo_data(seed)
    say(f"Building a demo workbook: {len(data.reps)} reps, {len(data.scores)} score rows, {len(data.log)} sessions")
    wb = build_template()
    append_records(wb, schema.CRITERIA, data.criteria)
    append_records(wb, schema.REPS, data.reps)
    append_records(wb, schema.SCORES, data.scores)
    append_records(wb, schema.LOG, data.log)
    first = _settings_column(schema.SUPERVISORS)
    append_records(wb, schema.SUPERVISORS, [{"supervisor": s} for s in data.supervisors], first_col=first)
    _set_setting(wb, "as_of", data.as_of)
    # (a workbook replaced by --force kept apart)
    with guarded_write(path, waiting=say, forceable=False) as before, _keeping_apart(path, "demo") as kept:
        writer.save_atomically(wb, path, backup=False, expected=before)
    result = refresh_file(path, progress=say, backup=False)
    result.kept_apart = kept
    return result


@dataclass
class Repaired:
    """What a repair did: the sheets it re-created, the columns it added (``Criteria: Other names``), and why a
    column it would add was not."""

    sheets: list[str]
    columns: list[str]
    refused: list[str]


def repair(path: Path, force: bool = False) -> Repaired:
    """Re-create the sheets of the template that are missing from the workbook, as the template makes
    them (Settings with its default values, the other input sheets empty), with the dropdowns' lists
    read from them defined again (Excel turns those names into #REF! as it deletes the sheet); and add the
    input columns a later template added (the Criteria sheet's Other names) at the end of their tables
    (:mod:`~coachlog_xl.workbook.addedcolumns`: no cell of the user's moves).

    The workbook is loaded and saved whole through openpyxl, which renames every chart: the tool's own
    charts on the computed sheets are left out (found by where they stand), so that the next refresh
    draws them again instead of taking them for a user's."""
    from coachlog_xl.workbook import addedcolumns, toolcharts  # (drawing charts: not imported by the others)
    from coachlog_xl.workbook.template import build_template, defined_lists

    template = build_template()
    with guarded_write(path, force) as before:
        reader.check_signature(path)  # a password, an .xls, a text file: said as the refresh says it
        tool_charts = toolcharts.tool_chart_cells_of(path)
        wb = writer.load_for_writing(path)
        toolcharts.leave_out(wb, tool_charts)
        reader.refuse_other_workbook(path.name, wb.sheetnames, path)
        missing = [n for n in schema.SHEET_ORDER if schema.sheet_named(wb.sheetnames, n) is None]
        _refuse_renamed(path, wb, template, missing)
        for name in missing:
            ws = wb.create_sheet(name, min(schema.SHEET_ORDER.index(name), len(wb.sheetnames)))
            _copy_sheet(template[name], ws)
        defined_lists(wb, missing)
        columns, refused = addedcolumns.add_columns(wb)
        if missing or columns:
            writer.save_atomically(wb, path, expected=before)
    return Repaired(missing, columns, refused)


def _refuse_renamed(path: Path, wb, template, missing: list[str]) -> None:
    """Raise when a missing sheet was renamed rather than deleted: another sheet holds its table (a
    second, empty copy beside it would share the table's name, which a workbook cannot hold)."""
    holders = {t.lower(): ws.title for ws in wb.worksheets for t in ws.tables}
    for name in missing:
        held = next((holders[t.lower()] for t in template[name].tables if t.lower() in holders), None)
        if held is not None:
            raise TemplateError(f'{path.name}: the sheet "{held}" holds the {name} table: it is the "{name}" sheet '
                                f'renamed. Rename it back to "{name}"; nothing was changed.')


def _copy_sheet(src, dst) -> None:
    from copy import copy

    from openpyxl.worksheet.table import Table

    for row in src.iter_rows():
        for c in row:
            d = dst.cell(row=c.row, column=c.column)
            writer.set_cell(d, c.value)
            if c.has_style:
                d.font, d.fill, d.border = copy(c.font), copy(c.fill), copy(c.border)
                d.alignment, d.number_format = copy(c.alignment), c.number_format
    for key, dim in src.column_dimensions.items():
        dst.column_dimensions[key].width = dim.width
    dst.freeze_panes = src.freeze_panes
    for table in src.tables.values():
        twin = Table(displayName=table.displayName, ref=table.ref)
        twin.tableStyleInfo = copy(table.tableStyleInfo)
        dst.add_table(twin)
    for dv in src.data_validations.dataValidation:
        dst.add_data_validation(copy(dv))
    dst.protection = copy(src.protection)


def _settings_column(sheet: schema.Sheet) -> int:
    from openpyxl.utils import column_index_from_string

    return column_index_from_string(schema.SETTINGS_TABLE_COLUMNS[sheet.table])


def _set_setting(wb, key: str, value) -> None:
    label = next(s.label for s in schema.SETTINGS_ITEMS if s.key == key)
    ws = wb[schema.SETTINGS.name]
    for row in ws.iter_rows(min_row=2, max_col=2):
        if row[0].value == label:
            writer.set_cell(row[1], value)
            return
    raise ConfigError(f'Settings has no "{label}" row.')
