"""Cold refresh against fastexcel's read of the same Scores sheet, on workbooks shaped as other writers
and teams make them (not ``scale_book.py``'s one shape), ratios side by side in one run.

Each shape starts from ``scale_book.make_workbook`` (the template's sheets, Criteria, Reps and Log
rows made by ``coachlog new``), then writes its Scores sheet another way: by xlsxwriter (shared
strings, or its constant_memory mode's inline strings; needs the ``xlsxwriter`` package), by openpyxl
(write-only), by LibreOffice (the whole workbook saved again by ``soffice --convert-to xlsx``), as a
wide export pasted with extra columns (comments, call ids as long digit strings), with dates typed as
text, scores as "85%" or Yes/No, 30 criteria, 2,000 reps, 10,000 sessions, a dimension of
A1:Z1048576 with whole-column formats, or a Log with many columns of the team's own.  Each shape's
``refresh-cold`` (``coachlog refresh`` with no cache beside the workbook) and ``fastexcel`` (fastexcel
alone reading Scores into pandas) run as whole processes on fresh copies, median of ``--repeat``.

    python benchmarks/unseen_shapes.py [--rows 100000] [--repeat 3] [--only xlsxwriter wide-25col ...]
        [--keep FOLDER]

The writers' own row and cell markup is kept (spans, styles, inline or shared strings); their shared
strings are appended to the base workbook's and renumbered, their date-time cells given the
template's date-time style.  ``scale_book`` (the refresh benchmark's own workbook) runs first: the last
column is each shape's ratio over its ratio.  Shapes written by xlsxwriter are left out, with a note,
where it is not installed (it is no dependency of the package).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from refresh_scale import AS_OF, FASTEXCEL, _forget, coachlog, compile_package, run  # noqa: E402
from scale_book import CALL_TYPES, CRITERIA, START, _sheet_part, edit_sheet, make_workbook, with_shared_strings  # noqa: E402

HEADERS = ["Call ID", "Rep", "Call date", "Criterion", "Score", "Call type", "Criteria version", "Evaluator",
           "Graded on", "Recording link", "Timestamp", "Transcript quote", "Exclude"]
EXTRA = ["Ticket ID", "Customer ID", "Queue", "Channel", "Language", "Site", "Team lead", "Handle time (s)",
         "Hold time (s)", "Wrap code", "Comments", "Disposition"]
MORE_CRITERIA = [f"Criterion {i:02d}" for i in range(len(CRITERIA) + 1, 31)]


class Shape:
    """How one shape's Scores rows are typed (``row``: call k, criterion -> cell values) and written."""

    def __init__(self, name, writer="xlsxwriter", row=None, criteria=CRITERIA, reps=None, sessions=None,
                 extra=0, after=None):
        self.name, self.writer, self.criteria = name, writer, criteria
        self.row, self.reps, self.sessions, self.extra, self.after = row, reps, sessions, extra, after


def _when(k: int, step: float) -> dt.datetime:
    return START + dt.timedelta(seconds=int(k * step))


def plain(k, when, crit, rep, kind, rng):
    return [f"C{k:07d}", rep, when, crit, rng.randint(40, 100), kind]


def iso_text(k, when, crit, rep, kind, rng):
    return [f"C{k:07d}", rep, f"{when:%Y-%m-%d %H:%M}", crit, rng.randint(40, 100), kind]


def us_date_only(k, when, crit, rep, kind, rng):
    return [f"C{k:07d}", rep, f"{when:%m/%d/%Y}", crit, rng.randint(40, 100), kind]


def percent_text(k, when, crit, rep, kind, rng):
    return [f"C{k:07d}", rep, when, crit, f"{rng.randint(40, 100)}%", kind]


def yes_no(k, when, crit, rep, kind, rng):
    return [f"C{k:07d}", rep, when, crit, "Yes" if rng.random() < 0.75 else "No", kind]


def zero_five(k, when, crit, rep, kind, rng):
    return [f"C{k:07d}", rep, when, crit, rng.randint(1, 5), kind]


def wide(k, when, crit, rep, kind, rng):
    call = f"{20250000000000 + k * 7919}"  # a long digit string, stored as text
    return [call, rep, when, crit, rng.randint(40, 100), kind, "v1", f"qa{k % 17}@example.com",
            when + dt.timedelta(days=2), f"https://rec.example.com/{call}", "00:01:23",
            "I understand, let me check that for you", None,
            f"T{k:09d}", f"{9000000000 + k}", rng.choice(["Billing", "Tech", "Sales"]), "phone", "en",
            rng.choice(["Austin", "Manila", "Cork"]), f"Lead {k % 9}", rng.randint(60, 900),
            rng.randint(0, 120), rng.choice(["RESOLVED", "ESCALATED", "CALLBACK"]),
            rng.choice(["good call", "missed verification step; coached live", "", "customer angry, rep calm"]),
            rng.choice(["closed", "open"])]


def rows_of(shape: Shape, rows: int, reps: list[str]):
    rng = random.Random(11)
    calls = max(1, rows // len(shape.criteria))
    step = 365 * 24 * 3600 / calls
    for k in range(calls):
        when = _when(k, step)
        rep, kind = reps[k % len(reps)], CALL_TYPES[0 if rng.random() < 0.7 else 1 + rng.randrange(2)]
        for crit in shape.criteria:
            yield shape.row(k, when, crit, rep, kind, rng)


def header_of(shape: Shape) -> list[str]:
    return HEADERS + EXTRA if shape.extra else HEADERS


def write_side(shape: Shape, path: Path, rows: int, reps: list[str]) -> None:
    """A workbook of one sheet, Scores, written by the shape's writer."""
    if shape.writer.startswith("xlsxwriter"):
        import xlsxwriter

        wb = xlsxwriter.Workbook(str(path), {"constant_memory": shape.writer == "xlsxwriter-cm"})
        ws = wb.add_worksheet("Scores")
        fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        ws.write_row(0, 0, header_of(shape))
        for r, values in enumerate(rows_of(shape, rows, reps), start=1):
            for c, v in enumerate(values):
                if v is None:
                    continue
                if isinstance(v, dt.datetime):
                    ws.write_datetime(r, c, v, fmt)
                elif isinstance(v, str):
                    ws.write_string(r, c, v)
                else:
                    ws.write_number(r, c, v)
        wb.close()
    else:  # openpyxl write-only
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Scores")
        ws.append(header_of(shape))
        for values in rows_of(shape, rows, reps):
            out = []
            for v in values:
                if isinstance(v, dt.datetime):
                    cell = WriteOnlyCell(ws, value=v)
                    cell.number_format = "yyyy-mm-dd hh:mm"
                    out.append(cell)
                else:
                    out.append(v)
            ws.append(out)
        wb.save(path)


def _sst(book: zipfile.ZipFile) -> list[bytes]:
    names = book.namelist()
    if "xl/sharedStrings.xml" not in names:
        return []
    return re.findall(rb"<si>.*?</si>|<si/>", book.read("xl/sharedStrings.xml"), re.S)


def splice(base: Path, side: Path, out: Path) -> None:
    """``base`` with its Scores sheet's cells replaced by ``side``'s Scores sheet (its rows as that
    writer stored them): shared strings appended to the base's and renumbered, date cells given the
    base's date-time style, the base's table kept and sized to the rows."""
    with zipfile.ZipFile(base) as b, zipfile.ZipFile(side) as s:
        base_sst, side_sst = _sst(b), _sst(s)
        shift = len(base_sst)
        spart = _sheet_part(s, "Scores")
        sheet = s.read(spart)
        date_styles = _date_styles(s.read("xl/styles.xml"))
        sheet = re.sub(rb'(<c [^>]*?t="s"[^>]*>)<v>(\d+)</v>',
                       lambda m: m[1] + b"<v>" + str(int(m[2]) + shift).encode() + b"</v>", sheet)
        sheet = re.sub(rb' s="(\d+)"', lambda m: b' s="6"' if int(m[1]) in date_styles else b"", sheet)
        bpart = _sheet_part(b, "Scores")
        base_sheet = b.read(bpart)
        tables = re.search(rb"<tableParts.*?</tableParts>", base_sheet, re.S)
        sheet = sheet.replace(b"</worksheet>", (tables[0] if tables else b"") + b"</worksheet>")
        last = len(re.findall(rb"<row ", sheet))
        body = b"".join(base_sst + side_sst)
        n = len(base_sst) + len(side_sst)
        sst = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               + f'count="{n}" uniqueCount="{n}">'.encode() + body + b"</sst>")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as o:
            for info in b.infolist():
                data = b.read(info.filename)
                data = with_shared_strings(info.filename, data)
                if info.filename == bpart:
                    data = sheet
                elif info.filename == "xl/sharedStrings.xml":
                    data = sst
                elif info.filename.startswith("xl/tables/") and b'name="Scores"' in data:
                    data = re.sub(rb'ref="A1:M\d+"', f'ref="A1:M{last}"'.encode(), data)
                o.writestr(info, data)
            if "xl/sharedStrings.xml" not in b.namelist():
                o.writestr("xl/sharedStrings.xml", sst)


def _date_styles(styles: bytes) -> set[int]:
    xfs = re.search(rb"<cellXfs.*?</cellXfs>", styles, re.S)[0]
    found = set()
    for i, xf in enumerate(re.findall(rb"<xf [^>]*>", xfs)):
        m = re.search(rb'numFmtId="(\d+)"', xf)
        if m and (int(m[1]) >= 164 or 14 <= int(m[1]) <= 22):
            found.add(i)
    return found


def _add_criteria(path: Path, names: list[str]) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["Criteria"]
    start = ws.max_row + 1
    for i, name in enumerate(names):
        ws.cell(row=start + i, column=1, value=f"K{start + i - 1}")
        ws.cell(row=start + i, column=2, value=name)
    wb.save(path)


def _log_columns(path: Path) -> None:
    """Twenty columns of the team's own after the Log's last, filled on every session row."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["Log"]
    first = ws.max_column + 1
    for j in range(20):
        ws.cell(row=1, column=first + j, value=f"Team note {j + 1}")
        for r in range(2, ws.max_row + 1):
            ws.cell(row=r, column=first + j, value=f"note {r} {j}" if j % 2 else r * j)
    wb.save(path)


def _huge_dimension(path: Path) -> None:
    """The Scores sheet's dimension A1:Z1048576 and whole-column formats on A:Z (a sheet formatted by
    selecting whole columns)."""
    def edit(data: bytes) -> bytes:
        data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:Z1048576"', data)
        cols = b'<cols><col min="1" max="26" width="14" style="0" customWidth="1"/></cols>'
        return re.sub(rb"<cols>.*?</cols>", cols, data, flags=re.S) if b"<cols>" in data else \
            data.replace(b"<sheetData", cols + b"<sheetData", 1)

    edit_sheet(path, "Scores", edit)


def _libreoffice(path: Path) -> None:
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "in" / path.name
        src.parent.mkdir()
        shutil.copyfile(path, src)
        subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(Path(d) / "out"),
                        str(src)], check=True, capture_output=True, timeout=900)
        shutil.copyfile(Path(d) / "out" / path.name, path)


SHAPES = [
    Shape("scale_book", writer="scale_book"),
    Shape("xlsxwriter", row=plain),
    Shape("xlsxwriter-cm", writer="xlsxwriter-cm", row=plain),
    Shape("openpyxl-wo", writer="openpyxl", row=plain),
    Shape("libreoffice", writer="scale_book", after=_libreoffice),
    Shape("wide-25col", row=wide, extra=1),
    Shape("iso-text-dates", row=iso_text),
    Shape("us-date-only", row=us_date_only),
    Shape("percent-text", row=percent_text),
    Shape("yes-no", row=yes_no),
    Shape("scale-0-5", row=zero_five),
    Shape("30-criteria", row=plain, criteria=CRITERIA + MORE_CRITERIA),
    Shape("2000-reps", row=plain, reps=2000),
    Shape("10k-sessions", row=plain, sessions=10000),
    Shape("dim-A1:Z1048576", row=plain, after=_huge_dimension),
    Shape("log-20-columns", row=plain, after=_log_columns),
]


def build(shape: Shape, folder: Path, rows: int) -> Path:
    path = folder / f"{shape.name.replace(':', '-')}.xlsx"
    if path.exists():
        return path
    reps = shape.reps or max(4, rows // 2000)
    sessions = shape.sessions or max(1, rows // 100)
    if shape.writer == "scale_book":
        make_workbook(path, rows, reps=reps, sessions=sessions)
    else:
        base = folder / f"base-{path.name}"
        make_workbook(base, 8, reps=reps, sessions=sessions)
        if shape.criteria is not CRITERIA:
            _add_criteria(base, shape.criteria[len(CRITERIA):])
        side = folder / f"side-{path.name}"
        write_side(shape, side, rows, [f"Rep {i:03d}" for i in range(reps)])
        splice(base, side, path)
        base.unlink()
        side.unlink()
    if shape.after:
        shape.after(path)
    return path


def timed(command, source: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        work = source.with_name("run-" + source.name)
        _forget(work)
        shutil.copyfile(source, work)
        times.append(run(command(work))[0])
        work.unlink(missing_ok=True)
        _forget(work)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--keep", type=Path, default=None, help="a folder to make (and keep) the workbooks in")
    args = ap.parse_args()
    compile_package()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="unseen-"))
    folder.mkdir(parents=True, exist_ok=True)
    refresh = ["-q", "--no-backup", "--as-of", AS_OF]
    print(f"{'shape':<18} {'refresh s':>9} {'fastexcel s':>11} {'ratio':>6} {'vs scale_book':>13}", flush=True)
    base_ratio = None
    for shape in SHAPES:
        if args.only and shape.name not in args.only and shape.name != "scale_book":
            continue
        if shape.writer.startswith("xlsxwriter") and importlib.util.find_spec("xlsxwriter") is None:
            print(f"{shape.name:<18} left out: xlsxwriter is not installed", flush=True)
            continue
        path = build(shape, folder, args.rows)
        cold = timed(lambda p: coachlog("refresh", str(p), *refresh), path, args.repeat)
        fast = timed(lambda p: [sys.executable, "-c", FASTEXCEL, str(p)], path, args.repeat)
        ratio = cold / fast
        base_ratio = base_ratio or ratio
        print(f"{shape.name:<18} {cold:9.2f} {fast:11.2f} {ratio:6.2f} {ratio / base_ratio:12.2f}x", flush=True)
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
