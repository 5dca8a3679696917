"""A file the refresh keeps beside the workbook (its record, the refresh cache) is written through a
temporary file and moved into place: a write stopped part way (Ctrl-C, an error) leaves neither a
half-written file nor the temporary one beside the workbook, and the stop still reaches the caller."""

from __future__ import annotations

import pytest

from coachlog_xl.workbook.done import write_beside


def _beside(tmp_path):
    book = tmp_path / "team.xlsx"
    book.write_bytes(b"PK")
    return book, tmp_path / ".team.xlsx.coachlog-cache"


@pytest.mark.parametrize("stop", [KeyboardInterrupt, ValueError])
def test_a_write_stopped_part_way_leaves_nothing_beside_the_workbook(tmp_path, stop):
    book, path = _beside(tmp_path)

    def write(fh):
        fh.write(b"half of it")
        raise stop

    with pytest.raises(stop):
        write_beside(book, path, write)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.xlsx"]


def test_a_write_stopped_part_way_keeps_the_file_written_before(tmp_path):
    book, path = _beside(tmp_path)
    assert write_beside(book, path, lambda fh: fh.write(b"first"))

    def write(fh):
        fh.write(b"sec")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_beside(book, path, write)
    assert path.read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, "team.xlsx"]
