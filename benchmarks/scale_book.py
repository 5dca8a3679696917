"""A large coaching-log workbook for the speed benchmarks, made in seconds.

The small sheets (Criteria, Reps, Log) are filled through openpyxl; the Scores sheet is streamed
straight into the package as sheet XML with a shared-strings part, the way Excel stores a pasted
export (text in sharedStrings.xml, call date-times as serial numbers).  A million rows take about
ten seconds, against many minutes through openpyxl.

    python benchmarks/scale_book.py BOOK.xlsx --rows 1000000 [--writer inline|bare] [--dates us-text]
        [--paste below|weekly] [--scores percent-text|one-na|mixed] [--columns 8|6]

``--writer`` and ``--dates`` write the same rows the way other writers do, for the benchmarks to see
them too: ``inline`` the texts in the cells (as xlsxwriter's constant_memory mode and openpyxl's
write-only mode store them), ``bare`` no row or cell numbers (``r``, which the format makes optional),
``us-text`` the call date-times as text (``3/4/2025 2:15:07 PM``, as ``coachlog import`` keeps a US
export's dates); ``--scores percent-text`` every score as text (``85%``), ``--scores one-na`` one ``#N/A``
error cell among the numbers, half way down, ``--scores mixed`` the numbers mixed with what a QA export
mixes in (every 20th score a number stored as text, ``85``, every 20th a yes/no, every 50th ``N/A``, and the
``#N/A`` half way down).  ``--paste below`` writes the rows as a QA lead pastes an export, header row
included, under the template's header: the export's own header (MaestroQA's names) in row 2, the rows
from row 3, so every number and date column holds a text in its first row.  ``--paste weekly`` goes
on as the README's QA lead does, one week's export pasted under the last, each with its header: the
same header row again above each week's rows (52 of them in a year).  ``--columns``: 8 (the default,
the shape of the workbook issue 6 measured, "1,000,000 rows x 8 columns") fills each row's call id, rep,
call date-time, criterion, score, call type, evaluator (one of twelve per call) and grading date (two
days after the call), as MaestroQA's export carries them (``grader``, ``date_graded``); 6 leaves the
last two out (the workbook of the benchmarks up to refresh_scale-2026-12-07.txt, and of messy_refresh.py's
and unseen_shapes.py's results before it: the same calls, scores and sessions).
The default is the workbook Excel saves.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

CRITERIA = [
    "Greeting", "Verification", "Discovery", "Empathy statement", "Resolution", "Compliance script",
    "Hold etiquette", "Closing",
]
CALL_TYPES = ["inbound", "outbound", "retention"]
EXPORT_HEADER = ["gradable_id", "agent_name", "ticket_created_at", "question_id", "normalized_score", "grade_type",
                 "grader", "date_graded"]
# the Scores columns each export column goes in (the template's: Evaluator is H, Graded on I)
LETTERS = "ABCDEFHI"
EVALUATORS = 12
START = dt.datetime(2025, 1, 1, 8)
WEEK = 7 * 24 * 3600  # seconds
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def make_workbook(path: Path, rows: int, seed: int = 7, sessions: int | None = None, writer: str = "shared",
                  dates: str = "serial", reps: int | None = None, paste: str = "header",
                  scores: str = "number", columns: int = 8) -> None:
    """A workbook with about ``rows`` score rows (8 criteria per call, calls spread over 2025), one
    rep per 2,000 rows (at least 4) unless ``reps`` says and one session per 100 rows unless ``sessions``
    says; ``writer`` and ``dates``: how the Scores cells are stored, ``paste``: "below" for the rows
    under an export's own header in row 2, "weekly" for that header again above each week's rows (see
    the module), ``scores``: how the scores are stored (see the module), ``columns``: 8 or 6 (see the module),
    the same rows whichever."""
    from openpyxl import load_workbook

    from coachlog_xl import api, schema

    path = Path(path)
    rng = random.Random(seed)
    reps = [f"Rep {i:03d}" for i in range(reps if reps is not None else max(4, rows // 2000))]
    api.new_workbook(path, overwrite=True)
    wb = load_workbook(path)
    for i, name in enumerate(CRITERIA, start=2):
        wb["Criteria"].cell(row=i, column=1, value=f"K{i - 1}")
        wb["Criteria"].cell(row=i, column=2, value=name)
    for i, rep in enumerate(reps, start=2):
        wb["Reps"].cell(row=i, column=1, value=rep)
    log = wb["Log"]
    head = [c.value for c in log[1]]
    col = {key: head.index(schema.LOG.column(key).header) + 1 for key in
           ("session_id", "rep", "session_date", "session_time", "criterion", "method", "call_type")}
    for s in range(sessions if sessions is not None else max(1, rows // 100)):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(20, 330))
        values = {"session_id": f"S{s:05d}", "rep": rng.choice(reps), "session_date": day,
                  "criterion": rng.choice(CRITERIA), "method": "role-play"}
        if s % 3 == 0:
            values["session_time"] = dt.time(rng.randint(8, 17), rng.choice((0, 30)))
        if s % 7 == 0:
            values["call_type"] = "inbound"
        for key, value in values.items():
            log.cell(row=s + 2, column=col[key], value=value)
    wb.save(path)
    _stream_scores(path, rows, reps, rng, writer, dates, paste, scores, columns)


def _stream_scores(path: Path, rows: int, reps: list[str], rng: random.Random, writer: str = "shared",
                   dates: str = "serial", paste: str = "header", scores: str = "number", columns: int = 8) -> None:
    """Replace the Scores sheet part with ``rows`` data rows (inline header kept) and add sharedStrings."""
    strings: dict[str, int] = {}

    def sst(text: str) -> int:
        return strings.setdefault(text, len(strings))

    def cell(ref: str, text: str) -> str:  # a text cell
        if writer == "inline":
            return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'
        return f'<c r="{ref}" t="s"><v>{sst(text)}</v></c>'

    def when_cell(ref: str, when: dt.datetime) -> str:
        if dates == "us-text":
            return cell(ref, f"{when.month}/{when.day}/{when.year} {(when.hour % 12) or 12}:{when:%M:%S} "
                             f"{'PM' if when.hour >= 12 else 'AM'}")
        return f'<c r="{ref}" s="6"><v>{(when - EXCEL_EPOCH).total_seconds() / 86400!r}</v></c>'

    def score_cell(ref: str, score: int, middle: bool, r: int) -> str:
        if scores == "percent-text":
            return cell(ref, f"{score}%")
        if scores in ("one-na", "mixed") and middle:
            return f'<c r="{ref}" t="e"><v>#N/A</v></c>'
        if scores == "mixed" and r % 20 == 3:
            return cell(ref, str(score))
        if scores == "mixed" and r % 20 == 11:  # (a yes/no criterion's cell)
            return f'<c r="{ref}" t="b"><v>{int(score >= 70)}</v></c>'
        if scores == "mixed" and r % 50 == 17:
            return cell(ref, "N/A")
        return f'<c r="{ref}"><v>{score}</v></c>'

    def graders(r: int, grader: str, graded: int) -> str:  # the last two of 8 columns: Evaluator, Graded on
        if columns == 6:
            return ""
        gap = "<c/>" if writer == "bare" else ""  # (cells without numbers are read in turn: G's place kept)
        return f'{gap}{cell(f"H{r}", grader)}<c r="I{r}" s="6"><v>{graded}</v></c>'

    tmp = path.with_suffix(".tmp.xlsx")
    with zipfile.ZipFile(path) as src:
        part = _sheet_part(src, "Scores")
        template = src.read(part).decode()
        head_row = re.search(r"<row r=\"1\".*?</row>", template).group(0)
        calls = max(1, rows // len(CRITERIA))
        step = 365 * 24 * 3600 / calls
        first = 3 if paste in ("below", "weekly") else 2  # (the first data row)
        weeks = int(int((calls - 1) * step) // WEEK) + 1 if paste == "weekly" else 1  # (a header row above each)
        last = calls * len(CRITERIA) + first - 1 + weeks - 1
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for info in src.infolist():
                if info.filename == part:
                    continue
                data = src.read(info.filename)
                data = with_shared_strings(info.filename, data)
                if info.filename.startswith("xl/tables/") and b'name="Scores"' in data:
                    data = re.sub(rb'ref="A1:M\d+"', f'ref="A1:M{last}"'.encode(), data)
                out.writestr(info, data)
            with out.open(part, "w", force_zip64=True) as fh:
                before, after = template.split(head_row)
                # The template's own rows below the header (the first data row's formats) would
                # follow the streamed rows out of order: OOXML rows must ascend, each once.
                after = after[after.index("</sheetData>"):]
                before = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:M{last}"', before)
                fh.write(before.encode() + head_row.encode())
                def export_header(r: int) -> str:
                    cells = "".join(cell(f"{LETTERS[i]}{r}", h) for i, h in enumerate(EXPORT_HEADER[:columns]))
                    return f'<row r="{r}">{cells}</row>'

                if paste in ("below", "weekly"):
                    fh.write(_bare(export_header(2), writer).encode())
                r, week = first, 0
                chunk: list[str] = []
                for k in range(calls):
                    when = START + dt.timedelta(seconds=int(k * step))
                    if paste == "weekly" and int(k * step) // WEEK != week:
                        week = int(k * step) // WEEK
                        chunk.append(export_header(r))
                        r += 1
                    rep, kind = reps[k % len(reps)], CALL_TYPES[0 if rng.random() < 0.7 else 1 + rng.randrange(2)]
                    call = f"C{k:07d}"
                    # the grader from the call's number (Knuth's multiplicative hash), not the random stream:
                    # 8 columns or 6, the same scores
                    grader = f"Evaluator {(k * 2654435761 >> 16) % EVALUATORS:02d}"
                    graded = (when.date() + dt.timedelta(days=2) - EXCEL_EPOCH.date()).days
                    if writer != "inline":  # (the texts numbered in the order they always were)
                        sst(rep), sst(kind), sst(call)
                    for crit in CRITERIA:
                        chunk.append(
                            f'<row r="{r}">{cell(f"A{r}", call)}{cell(f"B{r}", rep)}{when_cell(f"C{r}", when)}'
                            f'{cell(f"D{r}", crit)}{score_cell(f"E{r}", rng.randint(40, 100), r == last // 2, r)}'
                            f'{cell(f"F{r}", kind)}{graders(r, grader, graded)}</row>'
                        )
                        r += 1
                    if len(chunk) > 20000:
                        fh.write(_bare("".join(chunk), writer).encode())
                        chunk = []
                fh.write(_bare("".join(chunk), writer).encode() + after.encode())
            body = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
            out.writestr("xl/sharedStrings.xml",
                         '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                         f'count="{len(strings)}" uniqueCount="{len(strings)}">{body}</sst>')
    shutil.move(tmp, path)


def _bare(rows: str, writer: str) -> str:
    """The rows without their row and cell numbers when ``writer`` is "bare"."""
    return re.sub(r' r="[A-Z]*\d+"', "", rows) if writer == "bare" else rows


def with_shared_strings(name: str, data: bytes) -> bytes:
    """A package part (``name``) as it must read once the package has a shared-strings part: the content
    types and the workbook's relationships list it (other parts as they are)."""
    if name == "[Content_Types].xml" and b"sharedStrings" not in data:
        return data.replace(b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" '
                            f'ContentType="{SHARED_STRINGS}" /></Types>'.encode())
    if name == "xl/_rels/workbook.xml.rels" and b"sharedStrings" not in data:
        return data.replace(b"</Relationships>", f'<Relationship Id="rIdSST" Type="{SHARED_REL}" '
                            'Target="sharedStrings.xml" /></Relationships>'.encode())
    return data


def edit_sheet(path: Path, sheet: str, edit) -> None:
    """The workbook at ``path`` with the part of ``sheet`` made anew by ``edit`` (its XML -> the new XML),
    every other part copied; replaced in place."""
    tmp = path.with_name("edit-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        part = _sheet_part(src, sheet)
        for info in src.infolist():
            data = src.read(info.filename)
            out.writestr(info, edit(data) if info.filename == part else data)
    os.replace(tmp, path)


def _sheet_part(book: zipfile.ZipFile, name: str) -> str:
    """The zip path of a sheet's XML, from workbook.xml and its relationships."""
    wb = book.read("xl/workbook.xml").decode()
    rid = re.search(rf'<sheet name="{re.escape(name)}"[^>]*r:id="([^"]+)"', wb).group(1)
    rels = book.read("xl/_rels/workbook.xml.rels").decode()
    target = re.search(rf'<Relationship[^>]*Id="{rid}"[^>]*Target="([^"]+)"|'
                       rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    found = target.group(1) or target.group(2)
    return found.lstrip("/") if found.startswith("/") else "xl/" + found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("book", type=Path)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--sessions", type=int, default=None)
    ap.add_argument("--reps", type=int, default=None)
    ap.add_argument("--writer", choices=("shared", "inline", "bare"), default="shared")
    ap.add_argument("--dates", choices=("serial", "us-text"), default="serial")
    ap.add_argument("--paste", choices=("header", "below", "weekly"), default="header")
    ap.add_argument("--scores", choices=("number", "percent-text", "one-na", "mixed"), default="number")
    ap.add_argument("--columns", type=int, choices=(8, 6), default=8)
    args = ap.parse_args()
    make_workbook(args.book, args.rows, sessions=args.sessions, writer=args.writer, dates=args.dates,
                  reps=args.reps, paste=args.paste, scores=args.scores, columns=args.columns)


if __name__ == "__main__":
    main()
