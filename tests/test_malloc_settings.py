"""The ``coachlog`` console script's allocator settings (:func:`coachlog_xl.entry.malloc_settings`): where
they are made, a 12 MiB block comes from the heap and the heap keeps it once it is freed; a user's own
glibc malloc settings are left to win; only the commands that read a workbook's Scores or an export
make them.  What glibc did is read back from glibc itself (``mallinfo2``), in a process of its own."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coachlog_xl import entry

ROOT = Path(__file__).resolve().parents[1]
GLIBC = sys.platform.startswith("linux") and (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")

# a 12 MiB block taken and freed after the settings (argv[1] == "set") or without them: prints what
# malloc_settings said, the bytes glibc held in mappings of their own while the block lived, and the
# heap's growth once it was freed
PROBE = '''
import ctypes, sys
from coachlog_xl.entry import malloc_settings

class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]

libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Info
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
said = malloc_settings() if sys.argv[1] == "set" else None
before = libc.mallinfo2()
block = libc.malloc(12 << 20)
ctypes.memset(block, 1, 12 << 20)
during = libc.mallinfo2()
libc.free(block)
after = libc.mallinfo2()
print(said, during.hblkhd - before.hblkhd, after.arena - before.arena)
'''
MIB = 1 << 20


def _probe(how: str, **env: str) -> tuple[str, int, int]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_") and k != "GLIBC_TUNABLES"}
    out = subprocess.run([sys.executable, "-c", PROBE, how], env={**clean, "PYTHONPATH": str(ROOT), **env},
                         capture_output=True, text=True, check=True).stdout.split()
    return out[0], int(out[1]), int(out[2])


@pytest.mark.skipif(not GLIBC, reason="glibc's allocator only: elsewhere the settings are not made")
def test_after_the_settings_a_large_block_comes_from_the_heap_and_the_heap_keeps_it():
    said, mapped, kept = _probe("set")
    assert said == "True"
    assert mapped == 0  # (under the 16 MiB threshold: not a mapping of its own)
    assert kept >= 12 * MIB  # (under the 256 MiB trim threshold: not given back)


@pytest.mark.skipif(not GLIBC, reason="glibc's allocator only")
def test_without_the_settings_glibc_maps_the_block_apart_and_gives_it_back():
    said, mapped, kept = _probe("leave")
    assert said == "None"
    assert mapped >= 12 * MIB
    assert kept < 12 * MIB


@pytest.mark.skipif(not GLIBC, reason="glibc's allocator only")
@pytest.mark.parametrize("env", [{"MALLOC_TOP_PAD_": "0"}, {"MALLOC_ARENA_MAX": "2"},
                                 {"GLIBC_TUNABLES": "glibc.malloc.mmap_threshold=131072"}])
def test_a_users_own_malloc_setting_leaves_the_allocator_as_glibc_set_it(env):
    said, mapped, kept = _probe("set", **env)
    assert said == "False"
    assert mapped >= 12 * MIB  # (glibc's own behaviour: the block mapped apart, as without the settings)
    assert kept < 12 * MIB


def test_no_settings_off_linux_or_with_a_malloc_variable(monkeypatch):
    assert entry.malloc_settings({"MALLOC_ARENA_MAX": "1"}) is False
    monkeypatch.setattr(sys, "platform", "darwin")
    assert entry.malloc_settings({}) is False


@pytest.fixture
def collector_restored():
    """The cycle collector running again after the test: ``entry.main`` pauses it for a command reading a
    workbook's Scores or an export, for the rest of the process (the console script's, which ends with it)."""
    yield
    gc.enable()


@pytest.mark.parametrize(("command", "made"), [("refresh", True), ("check", True), ("import", True),
                                               ("new", False), ("demo", False)])
def test_the_commands_reading_scores_or_an_export_make_the_settings(monkeypatch, tmp_path, command, made,
                                                                    collector_restored):
    from coachlog_xl import cli

    calls = []
    monkeypatch.setattr(entry, "malloc_settings", lambda: calls.append("set") or True)
    monkeypatch.setattr(cli, "run", lambda: calls.append("run"))  # (the command itself is not run)
    monkeypatch.setattr(sys, "argv", ["coachlog", command, str(tmp_path / "missing.xlsx")])
    entry.main()
    assert calls == (["set", "run"] if made else ["run"])
