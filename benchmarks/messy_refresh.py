"""Cold refresh of a clean Scores sheet against the messy ones a QA export often is, this code beside another.

Each workbook comes from ``scale_book.py`` with the same rows, one kind of mess at a time:
- ``clean``: call date-times as date cells, scores as numbers (the workbook Excel saves);
- ``us-text dates``: every call date as text, ``3/4/2025 2:15:07 PM`` (``--dates us-text``);
- ``percent text``: every score as text, ``85%`` (``--scores percent-text``);
- ``one #N/A``: one ``#N/A`` error cell among the scores (``--scores one-na``);
- ``mixed scores``: numbers, numbers stored as text, yes/no, ``N/A`` and a ``#N/A`` in the score column
  (``--scores mixed``);
- ``weekly headers``: each week's export pasted under the last with its header (``--paste weekly``);
and any workbook named with ``--book`` (a 200,000-row export holding every kind of mess at once).
Each run is ``coachlog refresh COPY -q --no-backup --as-of 2025-12-31`` on a fresh copy without a
refresh cache, run as a person runs it (:func:`refresh_scale.coachlog`); ``--against DIR`` runs each
also with the package of another checkout (``/work/main``, put first on ``PYTHONPATH``), interleaved
with this one's runs, and says whether both wrote the same cells in every sheet.  Prints seconds
(median of ``--repeat``), peak MB and the ratio to the clean workbook's seconds.

    python benchmarks/messy_refresh.py [--rows 100000] [--repeat 3] [--against /work/main] [--book B.xlsx ...]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import refresh_scale  # noqa: E402
import scale_book  # noqa: E402

CASES = {  # name -> scale_book.make_workbook's keywords
    "clean": {},
    "us-text dates": {"dates": "us-text"},
    "percent text": {"scores": "percent-text"},
    "one #N/A": {"scores": "one-na"},
    "mixed scores": {"scores": "mixed"},
    "weekly headers": {"paste": "weekly"},
}
AS_OF = "2025-12-31"
_NOT_WORD = re.compile(r"\W+")
_STAMP = re.compile(r"Refreshed \d{4}-\d\d-\d\d \d\d:\d\d")  # (the one cell a later refresh writes otherwise)


def refreshed(source: Path, where: Path, checkout: Path | None) -> tuple[float, float, Path]:
    """Seconds and peak MB of a cold refresh of a copy of ``source`` made in ``where``, with this
    package or the one in ``checkout``, and the copy."""
    copy = where / source.name
    shutil.copy(source, copy)
    refresh_scale._forget(copy)
    before = os.environ.get("PYTHONPATH")
    if checkout is not None:
        os.environ["PYTHONPATH"] = str(checkout)
    try:
        seconds, mb, _ = refresh_scale.run(refresh_scale.coachlog(
            "refresh", str(copy), "-q", "--no-backup", "--as-of", AS_OF))
    finally:
        if before is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = before
    return seconds, mb, copy


def cells(path: Path) -> dict[str, list]:
    """Every sheet's values (python-calamine), the refresh's time stamp left out."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return {name: [[_STAMP.sub("Refreshed", v) if isinstance(v, str) else v for v in row]
                   for row in book.get_sheet_by_name(name).to_python()] for name in book.sheet_names}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--against", type=Path, default=None, help="another checkout's root, e.g. /work/main")
    ap.add_argument("--book", type=Path, nargs="*", default=[], help="more workbooks to refresh as they are")
    args = ap.parse_args()
    refresh_scale.compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        books = {}
        for name, how in CASES.items():
            books[name] = Path(tmp) / (_NOT_WORD.sub("-", name).strip("-") + ".xlsx")
            scale_book.make_workbook(books[name], args.rows, **how)
        books.update((b.name, b) for b in args.book)
        codes = {"this": None} if args.against is None else {"this": None, "other": args.against}
        print(f"{args.rows:,} rows, cold refresh, median of {args.repeat}")
        print(f"{'workbook':<18}" + "".join(f"{c + ' s':>10}{c + ' MB':>10}{c + ' /clean':>13}" for c in codes)
              + ("  same cells" if args.against else ""))
        clean: dict[str, float] = {}
        for name, source in books.items():
            times = {c: [] for c in codes}
            peak = dict.fromkeys(codes, 0.0)
            last = {}
            for _ in range(args.repeat):
                for code, checkout in codes.items():  # (interleaved: the machine's load falls on both alike)
                    where = Path(tempfile.mkdtemp(dir=tmp))
                    seconds, mb, last[code] = refreshed(source, where, checkout)
                    times[code].append(seconds)
                    peak[code] = max(peak[code], mb)
            row = f"{name:<18}"
            for code in codes:
                median = statistics.median(times[code])
                clean.setdefault(code, median)
                row += f"{median:>10.2f}{peak[code]:>10.0f}{median / clean[code]:>13.2f}"
            if args.against:
                row += "  " + ("yes" if cells(last["this"]) == cells(last["other"]) else "NO")
            print(row, flush=True)


if __name__ == "__main__":
    main()
