"""A binary file named .csv (a PDF report, random bytes) is refused with the file and what it is;
before, it was read as text and the refusal printed a line of symbols as the header it "found".  A
text export with a few control characters is still read (they are replaced in its cells)."""

from __future__ import annotations

import random

import pytest
from click.testing import CliRunner

from coachlog_xl.cli import main
from coachlog_xl.errors import WorkbookError
from coachlog_xl.workbook.exports import read_export


def test_random_bytes_named_csv_are_refused_as_a_binary_file(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(random.Random(7).randbytes(3000))
    with pytest.raises(WorkbookError, match=r"export\.csv: this is a binary file, not a text file of scores"):
        read_export(path)


def test_a_pdf_named_csv_is_refused_as_a_pdf(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    with pytest.raises(WorkbookError, match=r"export\.csv: this is a PDF document"):
        read_export(path)


def test_a_text_export_with_a_few_control_characters_is_read(tmp_path):
    path = tmp_path / "export.csv"
    lines = ["Call ID,Agent,Call Date,Criterion,Score"]
    lines += [f"C-{i},Dana Cruz,2026-03-0{1 + i % 9} 09:00,Empathy,{60 + i}" + ("\x00\x01" if i % 5 == 0 else "")
              for i in range(40)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_export(path)
    assert len(table.data) == 40
    assert table.data.iloc[1, 0] == "C-1"


def test_import_of_a_binary_file_exits_2_and_leaves_the_workbook(tmp_path):
    book, export = tmp_path / "team.xlsx", tmp_path / "export.csv"
    assert CliRunner().invoke(main, ["new", str(book)]).exit_code == 0
    before = book.read_bytes()
    export.write_bytes(random.Random(3).randbytes(5000))
    result = CliRunner().invoke(main, ["import", str(book), str(export)])
    assert result.exit_code == 2, result.output
    assert "this is a binary file" in result.output and "Traceback" not in result.output
    assert book.read_bytes() == before
