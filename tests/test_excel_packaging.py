"""What xlwings Lite (Pyodide) needs of the package: a pure-Python wheel that leaves pandas, numpy and
xlwings to Lite, and an Excel module that imports nothing compiled that Lite lacks."""

from __future__ import annotations

import email
import subprocess
import sys
import zipfile
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
LITE_SUPPLIES = {"pandas", "numpy", "xlwings"}
COMPILED = ("python_calamine", "fastexcel", "pyarrow", "polars")


def test_wheel_is_pure_python_and_pins_nothing_lite_supplies(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
                    "-q", "-w", str(tmp_path)], check=True, capture_output=True, text=True)
    (wheel,) = tmp_path.glob("coachlog_xl-*.whl")
    assert wheel.name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as zf:
        info = next(n for n in zf.namelist() if n.endswith(".dist-info/WHEEL"))
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        tags = [line.split(": ", 1)[1] for line in zf.read(info).decode().splitlines() if line.startswith("Tag:")]
        assert tags == ["py3-none-any"]
        assert "Root-Is-Purelib: true" in zf.read(info).decode()
        assert not [n for n in zf.namelist() if n.endswith((".so", ".pyd", ".dll", ".dylib"))]
        requires = [Requirement(r) for r in email.message_from_bytes(zf.read(meta)).get_all("Requires-Dist")]
    runtime = [r for r in requires if r.marker is None or "extra" not in str(r.marker)]
    by_name = {r.name.lower().replace("_", "-"): r for r in runtime}
    for name in LITE_SUPPLIES & set(by_name):
        assert all(s.operator == ">=" for s in by_name[name].specifier), f"{name} is pinned: {by_name[name]}"
    assert "numpy" not in by_name or not by_name["numpy"].specifier
    compiled = {"python-calamine", "fastexcel", "pyarrow"}  # the optional fast readers
    assert "python-calamine" in by_name
    for name in compiled & set(by_name):
        assert str(by_name[name].marker) == 'sys_platform != "emscripten"', name
        assert not by_name[name].marker.evaluate({"sys_platform": "emscripten"})
    for r in runtime:
        if r.name.lower() not in compiled:
            assert r.marker is None or r.marker.evaluate({"sys_platform": "emscripten"}), r


BLOCKER = """
import importlib.abc, sys
BLOCKED = {blocked!r}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{{name}} is not available on xlwings Lite")
sys.meta_path.insert(0, Block())
"""

RUN = """
import datetime as dt
import coachlog_xl.excel as excel
from coachlog_xl import schema
from tests.xlbook import MemoryBook

def sheet(s, records):
    return [s.headers] + [[rec.get(k) for k in s.keys] for rec in records]

book = MemoryBook({{
    "Start here": [["Coaching log"]],
    "Criteria": sheet(schema.CRITERIA, [dict(criterion_id="ACK", name="Acknowledges")]),
    "Reps": sheet(schema.REPS, [dict(rep="Ann Lee")]),
    "Scores": sheet(schema.SCORES, [
        dict(call_id="C1", rep="Ann Lee", call_at=dt.datetime(2026, 3, 1, 9), criterion="ACK", score=70),
        dict(call_id="C2", rep="Ann Lee", call_at=dt.datetime(2026, 3, 12, 9), criterion="ACK", score=90)]),
    "Log": sheet(schema.LOG, [dict(session_id="S1", rep="Ann Lee", session_date=dt.datetime(2026, 3, 10),
                                   criterion="ACK")]),
    "Settings": [["Setting", "Value"], ["As-of date", dt.datetime(2026, 3, 31)]],
}})
result = excel.refresh(book)
follow = book.grid("Follow-up")
print(follow[(2, 9)], follow[(2, 11)], result.summary["sessions"])
print(sorted(m for m in sys.modules if m.split(".")[0] in {blocked!r}))
"""


def test_the_excel_module_refreshes_without_the_compiled_readers():
    code = BLOCKER.format(blocked=COMPILED) + "import sys\n" + RUN.format(blocked=COMPILED)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    baseline, followup, sessions = out.stdout.splitlines()[0].split()
    assert (float(baseline), float(followup), int(sessions)) == (70.0, 90.0, 1)  # one call on each side
    assert out.stdout.splitlines()[1] == "[]"
