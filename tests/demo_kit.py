"""The demo workbook (``coachlog demo``, seed 2026) made once per test process and copied where a test
wants one of its own: making it (7,412 Scores rows written, then refreshed) costs 5-7 s, a copy a few
milliseconds."""

from __future__ import annotations

import shutil
from pathlib import Path

from coachlog_xl import api
from coachlog_xl.workbook.beside import cache_path, done_path

_MADE: list[Path] = []


def demo_copy(path: Path, tmp_path_factory) -> Path:
    """``path`` made the demo workbook, as ``coachlog demo PATH`` leaves it: the workbook and, beside
    it, the refresh's cache and record of what it saved (both told from the package's bytes, so a copy
    is as up to date as the demo)."""
    if not _MADE:
        made = tmp_path_factory.mktemp("demo-made") / "demo.xlsx"
        api.make_demo(made)
        _MADE.append(made)
    made, path = _MADE[0], Path(path)
    shutil.copyfile(made, path)
    for beside in (cache_path, done_path):
        if beside(made).exists():
            shutil.copyfile(beside(made), beside(path))
    return path
