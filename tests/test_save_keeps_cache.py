"""A refresh whose compute forks no second process (as at 100,000 score rows) has its refresh cache kept
by the save's second process, once that one has sent its share of the parts: no process of its own
beside the save (three processes on two cores), and the same cache as one process keeps."""

from __future__ import annotations

import os
import shutil
import zipfile

import pytest

from coachlog_xl import api, workers
from coachlog_xl.workbook import cache
from tests.test_cache import AS_OF, made_book  # noqa: F401 - the team workbook of the cache's tests

needs_two = pytest.mark.skipif(not workers.available(), reason="one process here: nothing is forked")


@needs_two
def test_the_save_forks_once_and_its_second_process_keeps_the_cache(made_book, monkeypatch, tmp_path):  # noqa: F811
    book = shutil.copyfile(made_book, tmp_path / "team.xlsx")
    one = shutil.copyfile(made_book, tmp_path / "one.xlsx")
    monkeypatch.setattr(workers, "SCORE_ROWS", 0)  # (the refresh's pieces mapped however few the rows)
    monkeypatch.setattr(workers, "CELLS", 0)  # (the save's parts made in two processes)
    stores, store, forks, fork = tmp_path / "stores", cache.store, [], os.fork

    def spy(path, wanted, normalised, *styles):  # which process keeps it
        with open(stores, "a") as fh:
            fh.write(f"{os.getpid()}\n")
        return store(path, wanted, normalised, *styles)

    def counted():
        pid = fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(cache, "store", spy)
    monkeypatch.setattr(os, "fork", counted)
    api.refresh_file(book, AS_OF)
    assert len(forks) == 1  # the save's parts' second process, no other
    kept_by = int(stores.read_text())
    assert kept_by == forks[0]
    monkeypatch.setattr(os, "fork", fork)
    with monkeypatch.context() as m:
        m.setenv("COACHLOG_WORKERS", "1")
        api.refresh_file(one, AS_OF)
    with zipfile.ZipFile(cache.cache_path(book)) as a, zipfile.ZipFile(cache.cache_path(one)) as b:
        assert a.namelist() == b.namelist() and len(a.namelist()) > 5
        assert all(a.read(name) == b.read(name) for name in a.namelist())
