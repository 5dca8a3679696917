"""The ``coachlog`` command: parse, call one function of :mod:`coachlog_xl.api`, report.

Exit status: 0 done; 1 ``check`` found an error in the data or something that would stop a refresh, or
``import`` added (with ``--dry-run``, would add) rows holding an error; 2 the file or an option cannot be
used (the message says what, where and how to fix it); 128 + the signal's number when Ctrl-C (130) or
the end of the session (SIGTERM, SIGHUP) stopped the command.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import os
import re
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coachlog_xl import __version__, stopping, workers
from coachlog_xl.core.wording import checks_line, count, scores_of_calls, shortened
from coachlog_xl.entry import INTERRUPTED, arrow_memory
from coachlog_xl.errors import CoachlogError
from coachlog_xl.shellword import shell_word
from coachlog_xl.workbook import prefetch
from coachlog_xl.workbook.beside import backup_path, done_path

if TYPE_CHECKING:
    from coachlog_xl.core.refresh import RefreshResult

SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}
arrow_memory()  # (before pyarrow is imported, when the console script has not called it already)


def _api():
    """The library's entry points, imported by the commands that use them: pandas and the workbook
    readers take half a second to import, which ``--help``, ``excel`` and ``lite`` need not pay.  The
    cycle collector is paused meanwhile: the import makes over a hundred thousand objects that live on
    (modules, functions, classes), and the collector's passes over them, which free a few hundred,
    took about 5 % of the import's time (20 ms).  Running again after it, the collector makes one pass
    over all of them at once (40-50 ms): the console script pauses it for good before a command that
    reads a workbook's Scores or an export (:func:`coachlog_xl.entry.main`), and it stays paused here."""
    was = gc.isenabled()
    gc.disable()
    try:
        from coachlog_xl import api
    finally:
        if was:
            gc.enable()
    return api


def _say(message: str = "", err: bool = False, nl: bool = True, **style) -> None:
    """``click.echo`` (``click.secho`` with a ``style``, unless ``NO_COLOR`` is set), a reader that went
    away silenced: with ``coachlog refresh BOOK | head -1`` the command still finishes its work and exits
    with its status."""
    if os.environ.get("NO_COLOR"):  # no-color.org: set and not empty, no colours
        style = {}
    try:
        (click.secho if style else click.echo)(message, err=err, nl=nl, **style)
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError):  # what is left to print goes nowhere
            os.dup2(os.open(os.devnull, os.O_WRONLY), (sys.stderr if err else sys.stdout).fileno())


class _Steps:
    """Progress on long steps: one line per step with its duration (to stderr)."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.started = time.perf_counter()
        self.current: tuple[str, float] | None = None

    def __call__(self, message: str) -> None:
        stopping.check()  # (each step: a Ctrl-C dropped during the last one stops the command here)
        self.done()
        self.current = (message, time.perf_counter())
        if not self.quiet:
            _say(f"  {message} ...", err=True, nl=False)

    def done(self) -> None:
        if self.current and not self.quiet:
            _say(f" {time.perf_counter() - self.current[1]:.1f} s", err=True)
        self.current = None

    def interrupt(self) -> None:
        """End the current step's line without its duration: an error message follows on its own line."""
        if self.current and not self.quiet:
            _say(err=True)
        self.current = None


def _as_of(_ctx, _param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2026-03-31.") from None


class _Path(click.Path):
    """A path given as a :class:`~pathlib.Path`."""

    def __init__(self):
        super().__init__(path_type=Path)


class _File(_Path):
    """A file's path; a folder given instead is refused with the fix (click's own words name the folder
    but not what to give)."""

    def convert(self, value, param, ctx):
        path = super().convert(value, param, ctx)
        if os.path.isdir(path):
            example = Path(path) / ("export.csv" if param is not None and param.name == "export" else "team.xlsx")
            self.fail(f"{os.fsdecode(path)} is a folder, not a file. Give the path of the file in it, e.g. "
                      f"{shell_word(example)}.", param, ctx)
        return path


class _Folder(_Path):
    """A folder's path (made when missing); a file given instead is refused with the fix."""

    def convert(self, value, param, ctx):
        path = super().convert(value, param, ctx)
        if os.path.exists(path) and not os.path.isdir(path):
            self.fail(f"{os.fsdecode(path)} is a file, not a folder. Give the folder to write into (it is made when "
                      f"missing), e.g. {shell_word(Path(path).parent / 'lite')}.", param, ctx)
        return path


AS_OF = click.option("--as-of", callback=_as_of, metavar="YYYY-MM-DD",
                     help="Compute as if today were this date (default: the Settings cell, else today).")
BOOK = click.argument("book", type=_File())
FORCE = click.option("--force", is_flag=True,
                     help="Write even though an Excel/LibreOffice lock file says the workbook is open.")
QUIET = click.option("-q", "--quiet", is_flag=True,
                     help="Print only the summary: no progress lines, nor the wait for another coachlog command.")
REPLACED = ("Replace the file if it exists, kept first as BOOK.before-COMMAND-YYYY-MM-DD-HHMMSS.xlsx beside it (a "
            "copy no command replaces; the command says its name).")
NO_BACKUP = click.option("--no-backup", is_flag=True, help="Do not keep the previous file as BOOK.xlsx.bak.")
NO_CACHE = click.option("--no-cache", is_flag=True,
                        help="Read and recompute everything even if unchanged; neither use nor write the refresh cache "
                             "(.BOOK.xlsx.coachlog-cache and -done).")


def _run(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except (CoachlogError, OSError, MemoryError) as exc:
        for arg in args:  # the command's progress, when it shows any
            if isinstance(arg, _Steps):
                arg.interrupt()
        if isinstance(exc, MemoryError):
            _say("Error: this machine's memory ran out; nothing was written. A sheet read from A1 to its last "
                 "value may be far larger than its table: in Excel or LibreOffice, Ctrl+End on each sheet goes to "
                 "its last cell; delete what was typed far beyond the table, save, and run the command again.",
                 fg="red", err=True)
            raise SystemExit(2) from None
        if isinstance(exc, CoachlogError):
            _say(f"Error: {exc}", fg="red", err=True)
            raise SystemExit(exc.exit_code) from None
        where = f"{os.fsdecode(exc.filename)}: " if exc.filename is not None else ""
        fix = ("Give the workbook a shorter name: coachlog keeps files beside it whose names are longer still."
               if exc.errno == errno.ENAMETOOLONG else "Check the file, its name and its folder, then run the command "
               "again (a workbook is only ever replaced whole, after it was written and checked).")
        _say(f"Error: {where}{exc.strerror or exc}. {fix}", fg="red", err=True)
        raise SystemExit(2) from None


class _Commands(click.Group):
    """The commands, an interruption said plainly: Ctrl-C, or the end of the session (SIGTERM, SIGHUP),
    stops the command with exit status 128 + the signal's number; the temporary files are removed on
    the way out, and a workbook is either as it was or saved whole.  Ctrl-C while click reads the command
    line, before a command runs, is said the same way (click itself would say "Aborted!", status 1).  The
    signal is noted as it is raised (:mod:`coachlog_xl.stopping`): one dropped on the way (inside a
    library's callback, a fork's hook) stops the command at its next step, before anything is written; one a
    library turned into an error of its own (a SystemError from fastexcel) is said as the interruption it was."""

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            _stopped(signal.SIGINT, None)

    def invoke(self, ctx):
        with stopping.handled():  # (a stop is noted as it is raised: one dropped on the way still stops the command)
            try:
                return super().invoke(ctx)
            except KeyboardInterrupt:
                _stopped(stopping.asked() or signal.SIGINT, None)
            except Exception:  # what the stop became on the way (fastexcel: "returned a result with an exception set")
                if stopping.asked() is None:
                    raise
                _stopped(stopping.asked(), None)


def _stopped(signum, _frame) -> None:
    _say(f"\n{INTERRUPTED}", err=True)  # (as the console script says it of a Ctrl-C before this module is imported)
    raise SystemExit(128 + int(signum))


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coachlog")
def main() -> None:
    """coachlog: a coaching log in an Excel workbook that tells whether coaching worked."""


@main.command()
@BOOK
@click.option("--force", is_flag=True, help=REPLACED)
def new(book: Path, force: bool) -> None:
    """Write a new, empty coaching-log workbook BOOK.xlsx."""
    path, kept = _run(_api().new_workbook, book, overwrite=force)
    _said_kept(book, kept)
    _say(f"Wrote {path}. Open it, read 'Start here', then fill Criteria, Reps, Scores and Log.")


def _said_kept(book: Path, kept: Path | None) -> None:
    """The line naming where the workbook a command replaced whole is kept (``kept``; None: there was none)."""
    if kept is not None:  # (named as the book was given, but through a link: the copy is beside the file it points to)
        shown = kept if os.path.islink(book) else book.with_name(kept.name)
        _say(f"The workbook {book} held before is kept as {shell_word(shown)}; no command replaces that copy: "
             "delete it once you no longer need it.", fg="yellow", err=True)


@main.command()
@BOOK
@AS_OF
@QUIET
@FORCE
@NO_BACKUP
@NO_CACHE
def refresh(book: Path, as_of: dt.date | None, quiet: bool, force: bool, no_backup: bool, no_cache: bool) -> None:
    """Recompute Baseline, Follow-up, Aggregate and Checks in BOOK, record the Log's baselines that are due,
    and save it."""
    steps = _Steps(quiet)
    if not no_cache and (last := _run(_up_to_date, book, as_of, force, steps)) is not None:
        steps.done()
        _said_up_to_date(book, last["summary"], last["result_as_of"], steps)
        _misnamed(book)
        return
    with prefetch.started(book, cache=not no_cache) as scores:  # the Scores load while the library imports
        result = _run(_api().refresh_file, book, as_of, steps, force, False if no_backup else None,
                      cache=not no_cache, prefetch=scores)
    steps.done()
    _summary(result, book, steps, backup=not no_backup)
    _misnamed(book)
    _kept_nothing_beside(book)


def _as_of_said(checks) -> list[tuple[str, str]]:
    """The Checks rows saying the as-of date came from a formula on Settings (:mod:`coachlog_xl.core.asof`), or
    could not be read, and what that holds back (Settings' ``baseline-not-recorded``: a refresh as of today, or as of
    a day after it), as (problem, fix): a summary reader must know which day every status is as of."""
    from coachlog_xl.core.checks import Code

    if checks.empty:
        return []
    on_settings = checks["sheet"].eq("Settings") & checks["field"].isin(["As-of date", ""])
    held = checks["code"].eq(Code.BASELINE_HELD.value) & on_settings  # (none with --as-of given)
    bad = checks["code"].eq(Code.BAD_SETTING.value) & on_settings & held.any()
    said = checks[checks["code"].isin([Code.AS_OF_FORMULA_SAVED.value, Code.AS_OF_FORMULA_WORKED.value]) | held | bad]
    return list(zip(said["problem"].tolist(), said["fix"].tolist()))


def _kept_nothing_beside(book: Path) -> None:
    """A note when the workbook's name is too long for the files a refresh keeps beside it: the workbook
    was saved, but no cache or record of this refresh could be (see :func:`beside.too_long_to_keep`)."""
    from coachlog_xl.workbook.beside import too_long_to_keep

    if lost := too_long_to_keep(book):
        _say(f"Note: the workbook's name is too long for the files coachlog keeps beside it, so this refresh kept "
             f"no {' and no '.join(_KEPT[name[-5:]] for name in lost)} ({', '.join(lost)}): the next refresh "
             "reads the whole workbook again. Give the workbook a shorter name.", fg="yellow", err=True)


_KEPT = {"cache": "refresh cache", "-done": "record of itself"}


def _misnamed(book: Path) -> None:
    """A note when Excel would not open the workbook under its name (see :func:`parts.misnamed`)."""
    from coachlog_xl.workbook.parts import misnamed

    if (said := misnamed(book)) is not None:
        _say(f"Note: {said}", fg="yellow", err=True)


@main.command()
@BOOK
@AS_OF
@NO_CACHE
def check(book: Path, as_of: dt.date | None, no_cache: bool) -> None:
    """Print the problems in BOOK's data, grouped, and what would stop a refresh of BOOK; exit 1 when any is
    an error or a refresh would stop. Writes nothing to BOOK."""
    with prefetch.started(book, cache=not no_cache, imports=()) as scores:  # (it saves nothing: no save modules)
        result = _run(_api().compute_file, book, as_of, cache=not no_cache, prefetch=scores)
    checks = result.checks
    blocked = result.blocked  # what would stop a refresh of the file, said as the refresh says it
    if checks.empty and blocked is None:
        _say(f"{book}: no problems found (as of {result.as_of}).")
        _misnamed(book)
        return
    for severity in ("error", "warning", "info"):
        part = checks[checks["severity"] == severity]
        if part.empty:
            continue
        _say(f"\n{severity.upper()}S ({len(part)})", fg=SEVERITY_COLOURS[severity], bold=True)
        for code, group in part.groupby("code", sort=False):
            _say(f"  {code} ({len(group)})", bold=True)
            lines = []  # the group's lines printed at once: one write, where a line at a time took seconds
            # the four columns read as lists (a dict per row of every column took half a second at 47,505)
            for sheet, row, problem, fix in zip(*(group[k].tolist() for k in ("sheet", "row", "problem", "fix"))):
                where = sheet + (f" row {row}" if row else "")
                # most problems name their sheet (and row, or a cell of the row) already
                named = problem.startswith(where) or (
                    row and re.match(rf"{re.escape(str(sheet))} [A-Z]+{row}\b", problem))
                lines.append(f"    {shortened(problem)}" if named else f"    {where}: {shortened(problem)}")
                lines.append(f"      fix: {fix}")
            _say("\n".join(lines))
    if blocked is not None:
        _say("\nA REFRESH WOULD STOP", fg=SEVERITY_COLOURS["error"], bold=True)
        _say(f"  {blocked}")
    counts = Counter(checks["severity"])
    found = "no problems found in its data" if checks.empty else checks_line(counts)  # (not "0 errors" over a stop)
    _say(f"\n{book}: {found} (as of {result.as_of})."
         + (" A refresh would stop: see above." if blocked is not None else ""))
    _misnamed(book)
    if counts.get("error") or blocked is not None:
        raise SystemExit(1)


@main.command(name="import")
@BOOK
@click.argument("export", type=_File())
@click.option("--sheet", metavar="NAME", help="The Scores sheet to append to (its name starts with Scores).")
@click.option("--export-sheet", "export_sheets", metavar="NAME", multiple=True,
              help="The sheet of an .xlsx export to import (repeat it for several); without it, the sheets whose "
                   "header names the most columns of a score are, and the import names any other sheet of scores.")
@click.option("--all-sheets", is_flag=True, help="Import every visible sheet of an .xlsx export whose header names a "
                                                 "call id, scores and criteria, each under its own header (not with "
                                                 "--export-sheet).")
@click.option("--dry-run", is_flag=True, help="Show what would be added, mapped and flagged; write nothing.")
@QUIET
@FORCE
def import_(book: Path, export: Path, sheet: str | None, export_sheets: tuple[str, ...], all_sheets: bool,
            dry_run: bool, quiet: bool, force: bool) -> None:
    """Append the rows of a QA export (.csv or .xlsx) to BOOK, as exported; exit 1 when rows added (or, with
    --dry-run, rows it would add) hold an error."""
    from coachlog_xl.core.longrows import SAID_AT_IMPORT

    if export_sheets and all_sheets:
        raise click.UsageError("--export-sheet and --all-sheets cannot be used together: --export-sheet NAME imports "
                               "the sheets named (hidden ones too), --all-sheets every visible sheet of scores; give "
                               "one of them.")
    steps = _Steps(quiet)
    with prefetch.export_rows(export) as rows:  # a CSV export's rows read while the library imports
        pv, appended = _run(_api().import_export, book, export, sheet, dry_run, steps, force, prefetch=rows,
                            export_sheets=export_sheets, all_sheets=all_sheets)
    steps.done()
    criteria, reps = (pv.calls[c].nunique() if len(pv.calls) else 0 for c in ("criterion", "rep"))
    _say(f"{export.name}: {scores_of_calls(len(pv.calls), pv.called)} on {count(criteria, 'criterion', 'criteria')} "
         f"for {count(reps, 'rep')}.")
    _say("  columns read: " + ", ".join(f"{f} <- {h}" for f, h in pv.mapped.items()))
    if pv.ignored:
        _say("  columns kept but not used: " + ", ".join(pv.ignored))
    said: set[str] = set()
    for sev in ("error", "warning", "info"):
        part = _at_workbook_rows(pv.checks[pv.checks["severity"] == sev], appended)
        # what only the import says (Checks never holds it) always, first, each code one line naming its rows and
        # its fix; the rest in its first 15 lines, the others in Checks; each with its fix, a fix said above (one
        # code's rows, one fix) not again
        alone = part["code"].isin(SAID_AT_IMPORT).to_numpy()
        shown = part[alone].to_dict("records") + part[~alone].head(15).to_dict("records")
        for rec in shown:
            _say(f"  {sev}: {shortened(rec['problem'])}", fg=SEVERITY_COLOURS[sev])
            if rec["fix"] and rec["fix"] not in said:
                _say(f"    fix: {shortened(rec['fix'])}")
                said.add(rec["fix"])
        if len(part) > len(shown):
            _say(f"  ... and {len(part) - len(shown)} more {sev}s (see Checks after a refresh)")
    dry = "Dry run: " if dry_run else ""
    nothing = "Dry run, nothing to add" if dry_run else "Nothing added"
    if appended.rows_added == 0 and appended.rows_already_there == 0:
        _say(f"{nothing}: {export.name} holds no rows below its header"
             + (f" but {count(appended.blank_rows, 'blank one')}." if appended.blank_rows else "."))
    elif appended.rows_added == 0:
        there = appended.rows_already_there
        _say(f"{nothing}: {'its one row is' if there == 1 else f'all {there} rows are'} already in "
             f"{' and '.join(appended.held_in) or appended.sheet}.")
        if len(pv.checks):
            _say(f"  (What is said above is of {export.name} read on its own; an Exclude typed in the workbook "
                 f"since may have settled it: `coachlog check {shell_word(book)}` says what stands.)")
    else:
        where = f"a new sheet {appended.sheet!r}" if appended.new_sheet else f"sheet {appended.sheet!r}"
        blank = f"; {count(appended.blank_rows, 'blank row')} left out" if appended.blank_rows else ""
        _say(f"{dry}{'would add' if dry_run else 'Added'} {count(appended.rows_added, 'row')} to {where} of {book} "
             f"(from row {appended.first_row}); {_already(appended.rows_already_there, dry_run)} already there{blank}."
             + (" Nothing written." if dry_run else f" Run `coachlog refresh {shell_word(book)}` next."))
        if cut := appended.cells_cut:
            _say(f"  {_cut_words(cut, appended.sheet, dry_run)}; the export keeps the whole text.", fg="yellow")
    if (pv.checks["severity"] == "error").any() and appended.rows_added:
        raise SystemExit(1)  # rows that cannot be read, as `check` says: a scheduled import can tell


def _at_workbook_rows(checks, appended):
    """The import's ``checks`` with the header a maximum-or-overall fix is typed on named where the import put it (the
    sheet and row of the workbook, not of the export file), the export being read on its own before it is written."""
    from coachlog_xl.core.checks import Code
    from coachlog_xl.core.overallmax import at_header

    held = checks["code"].eq(Code.MAXIMUM_UNSURE.value)
    if not held.any() or not appended.rows_added or appended.header_row is None:
        return checks
    there = at_header(appended.sheet, appended.header_row)
    return checks.assign(fix=[f.replace(at_header(s, int(r)), there) if h else f
                              for f, s, r, h in zip(checks["fix"], checks["sheet"], checks["row"], held)])


def _cut_words(cut: list[tuple[int, str, bool]], sheet: str, dry_run: bool) -> str:
    """What an import changed of texts to fit a cell (``cut``:
    :attr:`~coachlog_xl.workbook.importer.Appended.cells_cut`), and where the first is."""
    row, column, _ = cut[0]
    where = f"row {row} of {sheet!r}, column {column}" + (f", and {len(cut) - 1} more" if len(cut) > 1 else "")
    long, verb = sum(c[2] for c in cut), "would be" if dry_run else "was"
    held = ("more than 32,767 characters, as many as a cell holds" if long == len(cut) else
            "a character no file holds (U+FFFE, U+FFFF or a broken one)" if not long else
            "more than 32,767 characters (as many as a cell holds) or a character no file holds")
    done = "cut" if long == len(cut) else "replaced by \ufffd" if not long else "cut, or the character replaced"
    return f"{count(len(cut), 'cell')} held {held}: {'it' if len(cut) == 1 else 'each'} {verb} {done} there ({where})"


def _already(n: int, dry_run: bool) -> str:
    """``n`` rows already in the workbook, in the tense of an import (``1 was``) or of a dry run (``1 is``)."""
    return f"{n} {('is' if n == 1 else 'are') if dry_run else ('was' if n == 1 else 'were')}"


@main.command()
@BOOK
@FORCE
def repair(book: Path, force: bool) -> None:
    """Re-create, empty, any sheet of the template that is missing from BOOK, and add the columns a later
    template added (Criteria's Other names) at the end of their tables."""
    done = _run(_api().repair, book, force)
    if done.sheets:
        _say(f"Re-created {', '.join(done.sheets)} in {book}, empty. Copy your rows back in if you have them.")
    if done.columns:
        _say(f"Added the column {', '.join(done.columns)} in {book}, at the end of its table: no cell of yours moved.")
    for why in done.refused:
        _say(f"Warning: {why}", fg="yellow", err=True)
    if done.sheets or done.columns:
        kept = backup_path(Path(os.path.realpath(book))).name  # (through a link, beside the file it points to)
        _say(f"The workbook as it was is kept as {kept}: a repair writes the whole file through openpyxl, which "
             "drops what it does not know (slicers, threaded comments, Power Query connections, rich text in "
             "cells, Excel 2010 dropdowns and data bars); copy back from it anything you miss.")
    elif not done.refused:
        _say(f"{book}: every sheet and column is there; nothing to repair.")


@main.command()
@click.argument("book", required=False, default="coachlog_demo.xlsx", type=_File())
@click.option("--seed", default=2026, show_default=True, help="The same seed gives the same workbook.")
@click.option("--force", is_flag=True, help=REPLACED)
def demo(book: Path, seed: int, force: bool) -> None:
    """Build a realistic demo workbook (default coachlog_demo.xlsx) and refresh it."""
    if book.exists() and not force:
        _say(f"Error: {book} already exists; choose another name or pass --force.", fg="red", err=True)
        raise SystemExit(2)
    steps = _Steps(False)
    result = _run(_api().make_demo, book, seed, steps)
    steps.done()
    _said_kept(book, result.kept_apart)
    _summary(result, book, steps)
    _say(DEMO_MISTAKES)


DEMO_MISTAKES = ("The demo holds mistakes on purpose (an unresolved score conflict, a targeted criterion left blank, a "
                 "log written three days late, ...): its errors and warnings are there to show what Checks says and "
                 "how to fix it.")


@main.command()
@click.argument("path", required=False, type=_File())
@click.option("--force", is_flag=True, help=REPLACED)
def template(path: Path | None, force: bool) -> None:
    """Write the empty template, byte-for-byte the same on every run, to PATH (.xlsx); without PATH,
    regenerate the project's templates/coachlog.xlsx from the code (in a checkout of the project)."""
    api = _api()
    given = path
    if path is None:  # the code's own output, kept with the code (in git): replaced, no copy kept
        path, force = _run(api.shipped_template), True
    path, kept = _run(api.new_workbook, path, force, fixed=True, keep="template" if given is not None else None)
    _said_kept(path, kept)
    _say(f"Wrote {path}.")


def _up_to_date(book: Path, as_of: dt.date | None, force: bool, steps: _Steps) -> dict | None:
    """The record of the last refresh when ``book`` is exactly as it left it, on the same terms
    (:func:`coachlog_xl.workbook.done.unchanged`), asked under the same locks as a refresh and before
    the library (pandas, the readers) is imported: a second of an up-to-date refresh's 1.1 s.  None at
    once when no refresh was recorded beside it: the refresh takes the locks and the file's digest
    itself, and asks again under them (30 ms of CPU at a million score rows, 7 ms at 100,000, asked twice)."""
    from coachlog_xl.workbook import done
    from coachlog_xl.workbook.writelock import guarded_write

    if not done_path(book).exists():
        return None
    with guarded_write(book, force, waiting=steps, unless_unwritable=True) as before:  # (nothing written here)
        return done.unchanged(book, as_of, done.today(), before.sha256) if before is not None else None


def _said_up_to_date(book: Path, s: dict, as_of, steps: _Steps) -> None:
    took = time.perf_counter() - steps.started
    _say(f"{book} is up to date: nothing in it changed since its last refresh (as of {as_of}), "
         f"so nothing was written ({took:.1f} s). --no-cache recomputes anyway.")
    _say(_sessions_line(s))
    _say(f"  checks: {checks_line(s['checks'])} (see the Checks sheet)")


def _sessions_line(s: dict) -> str:
    """The summary's line of sessions, scores and calls, the sessions by status."""
    status = ", ".join(f"{n} {k}" for k, n in sorted(s["status"].items(), key=lambda kv: -kv[1]))
    return f"  {count(s['sessions'], 'session')} from {scores_of_calls(s['scores'], s['calls'])}: {status or 'none'}"


_UNTIL = ", until the next command that saves the workbook (a refresh, an import, a repair) replaces it"


def _summary(result: RefreshResult, book: Path, steps: _Steps, backup: bool = True) -> None:
    s = result.summary
    if result.unchanged:
        _said_up_to_date(book, s, result.as_of, steps)
        return
    took = time.perf_counter() - steps.started
    if not result.written:
        _say(f"Refreshed {book} as of {result.as_of} in {took:.1f} s: every result is as the file holds it "
             "already, so it was not rewritten (its stamp and backup stay).")
    else:
        _say(f"Refreshed {book} as of {result.as_of} in {took:.1f} s")
    _say(_sessions_line(s))
    _say(f"  {count(s['baselines_recorded'], 'baseline')} recorded this time")
    _say(f"  checks: {checks_line(s['checks'])} (see the Checks sheet, or `coachlog check {shell_word(book)}`)")
    if result.unstamped:
        from coachlog_xl.schema import START

        _say(f"Note: no sheet is named {START} (renamed?), so the line saying when and as of which date "
             f"the workbook was refreshed was written nowhere; name the sheet {START} again to see it there.",
             fg="yellow", err=True)
    for problem, fix in _as_of_said(result.checks):
        _say(f"Note: {problem} {fix}", fg="yellow", err=True)
    if result.formulas:
        _say(f"Note: formulas of your own on {' and '.join(result.formulas)} show the values they had when the "
             "file was last saved until they are recalculated: press Ctrl+Alt+F9 in Excel (Data > Calculate > "
             "Recalculate Hard in LibreOffice).", fg="yellow", err=True)
    from coachlog_xl.workbook.strays import decided_where, said
    from coachlog_xl.workbook.tablerefs import renamed_headers

    backed = backup_path(Path(os.path.realpath(book))) if result.config.backup and backup else None
    decisions = {(sheet, cell[0]) for sheet, cells in result.decided.items() for cell in cells}
    headers = renamed_headers(result.renamed)  # (a table column's header renamed)
    lost = {sheet: kept for sheet, refs in result.dropped.items()
            if (kept := [r for r in refs if (sheet, r) not in decisions and (sheet, r) not in headers])}
    for (sheet, cell), now in headers.items():
        if cell in result.dropped.get(sheet, ()):
            _say(f'Note: {sheet} {cell} is the header of a table column renamed: the refresh wrote "{now}" back there '
                 "(and as the table column's name), as it writes every header of a computed sheet; to show the column "
                 "under another name, do it on a sheet of your own.", fg="yellow", err=True)
    if lost:
        kept = (f"They are still in {result.kept_apart}, a copy of the workbook as it was before this refresh, which "
                "no command replaces: move them to a sheet of your own." if result.kept_apart else
                f"They are still in {backed}{_UNTIL}: move them to a sheet of your own." if backed else
                "No backup was kept.")
        _say(f"Warning: a refresh rewrites the computed sheets, so what was typed on them is gone: "
             f"{said(lost)}. {kept}", fg="yellow", err=True)
    if result.naming:
        from coachlog_xl.workbook.tablerefs import said_naming

        _say(f"Warning: formulas of your own name a column of a table on a computed sheet that the refresh named back "
             f"as the template's header or took out of the table (a column added to it, not the template's): "
             f"{said_naming(result.naming)}. They show an error now: edit each to name the column as the table does, "
             "or put a column of your own on a sheet of your own and refer to it there (Checks says which).",
             fg="yellow", err=True)
    if result.decided:  # (a decision typed on Follow-up, or one cleared on the Log since: the tool cannot tell)
        kept = f" {result.kept_apart or backed} holds them too{'' if result.kept_apart else _UNTIL}." if \
            result.kept_apart or backed else ""
        _say("Note: Follow-up's Decision is the Log's, copied by every refresh: "
             f"{decided_where(result.decided)}.{kept}",
             fg="yellow", err=True)
    for sheet, headers in result.unfiltered.items():
        _say(f"Note: {sheet}: the filter on {', '.join(headers)} is not applied to the new rows (a filter of "
             "dates, text conditions, top ten or colour is Excel's to apply): all rows shown; reapply the filter in "
             "Excel (Data > Reapply).", fg="yellow", err=True)
    still = f" The formatted cells are still in {backed}{_UNTIL}." if backed else ""
    if result.restyled:
        _say(f"Note: a refresh writes the computed sheets' rows anew, in its own order, so the formatting given to "
             f"some of their cells (a merge too) is not kept: {said(result.restyled)}. Formatting given to whole "
             "columns is kept, and so is conditional formatting (Home > Conditional Formatting), which grows with the "
             f"rows: use it to highlight sessions.{still}", fg="yellow", err=True)
    if result.reformatted:
        _say(f"Note: a refresh gives every cell of a computed sheet its column's number format, so the number format "
             f"given to some cells of a column is set back to the column's: {said(result.reformatted)}. To keep a "
             "number format, give it to the whole column (select the column, then format it): one that shows the "
             f"values as the column's own does, such as 0.000 for 0.0, is kept.{still}", fg="yellow", err=True)
    if result.unhidden:
        _say(f"Note: a refresh writes the computed sheets' rows anew, so rows hidden by hand are shown again: "
             f"{said(result.unhidden)}. To hide rows, filter them on a column of text, such as Status (Data > "
             "Filter): the refresh applies such a filter to the new rows.", fg="yellow", err=True)
    for moved, kind, done in ((result.notes, "note", "left"), (result.links, "link", "made")):
        if moved:
            _say(f"Note: the {kind}s on {said(moved)} now stand beside another session, group or check than when "
                 f"they were {done}: a {kind} stays on its cell, and a refresh writes the rows under it anew, in its "
                 f"own order. A {kind} on the session's row of the Log stays with it.", fg="yellow", err=True)
    if result.totals:
        table = next(iter(result.totals.values()))[0]
        _say(f"Note: the Total Row of the table {said(result.totals)} is switched off: the row under a computed "
             "sheet's data is the refresh's, which writes every row anew. Its totals are kept for when it is switched "
             "on again (Table Design > Total Row); to keep a total, put it on a sheet of your own, e.g. "
             f"=SUBTOTAL(109, {table}[Delta]).", fg="yellow", err=True)


@main.command(name="excel")
@BOOK
@click.option("--force", is_flag=True, help="Replace BOOK.py if it exists.")
def excel_(book: Path, force: bool) -> None:
    """Write BOOK.py beside BOOK.xlsx so the xlwings add-in's Run main refreshes it in Excel."""
    from coachlog_xl.excel_files import desktop_entry

    target = _run(desktop_entry, book, force)
    _say(f"Wrote {target}. In Excel, open {book.name} and click Run main on the xlwings tab "
         "(install the add-in once with `xlwings addin install`).")


@main.command()
@click.argument("folder", required=False, default=".", type=_Folder())
@click.option("--wheel", metavar="URL", help="Where Lite installs coachlog_xl from (default: the name, from PyPI).")
@click.option("--force", is_flag=True, help="Replace main.py and requirements.txt if they exist.")
def lite(folder: Path, wheel: str | None, force: bool) -> None:
    """Write main.py and requirements.txt for xlwings Lite into FOLDER (default: here)."""
    from coachlog_xl.excel_files import lite_files

    main_py, requirements = _run(lite_files, folder, wheel, force)
    _say(f"Wrote {main_py} and {requirements}. In Excel: xlwings Lite > paste requirements.txt into its "
         "requirements.txt tab, then main.py into main.py; run Refresh.")


def run() -> None:
    """The ``coachlog`` command: :func:`main`, then the process ends at once with its exit code.

    Every file the command wrote is closed by then; what is left is freeing the refresh's tables, which
    takes a tenth of a second or more at a million score rows and which the end of the process does
    anyway: nor are they freed, the cycle collector resumed or a second process's exit waited for as the
    command ends (:func:`coachlog_xl.workers.ends_with_command`).  An exception click does not turn into an exit (a
    bug's traceback) ends the process as usual, and so does every run under a profiler or a coverage tracer, whose
    results are written as the process ends."""
    workers.ends_with_command()
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    finally:  # (a second process the console script started for a command line that was refused)
        prefetch.dropped()
    if code is None:
        code = 0
    elif not isinstance(code, int):  # an exit with a message: printed, status 1, as Python does
        print(code, file=sys.stderr)
        code = 1
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`coachlog check | head`)
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
