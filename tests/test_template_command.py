"""`coachlog template`: never replaces a file a person may have filled, and writes the project's template
without a path wherever it is run."""

from __future__ import annotations

from click.testing import CliRunner
from openpyxl import load_workbook

from coachlog_xl import api
from coachlog_xl.cli import main
from coachlog_xl.workbook.template import write_template


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def said(result) -> str:
    return " ".join(result.output.split())


def filled(path):
    """A team's workbook: the empty one with a session typed on the Log."""
    assert run("new", path).exit_code == 0
    wb = load_workbook(path)
    wb["Log"]["A2"] = "S-1"
    wb.save(path)
    return path.read_bytes()


def test_template_refuses_a_filled_workbook_and_replaces_it_with_force_keeping_it_apart(tmp_path):
    book = tmp_path / "team.xlsx"
    typed = filled(book)
    refused = run("template", book)
    assert refused.exit_code == 2
    assert f"{book} already exists; choose another name or pass --force to replace it." in said(refused)
    assert book.read_bytes() == typed and not (tmp_path / "team.xlsx.bak").exists()
    forced = run("template", book, "--force")
    assert forced.exit_code == 0, forced.output
    # what was replaced, byte for byte, kept apart under a name no later command replaces, and said
    [kept] = list(tmp_path.glob("team.before-template-*.xlsx"))
    assert kept.read_bytes() == typed and kept.name in said(forced)
    assert not (tmp_path / "team.xlsx.bak").exists()
    assert load_workbook(book)["Log"]["A2"].value is None
    fixed = tmp_path / "fixed.xlsx"
    write_template(fixed)
    assert book.read_bytes() == fixed.read_bytes()  # the template, as the shipped one is written
    # written over again, the same bytes: nothing of the file is lost, so no copy piles up, and none is named
    again = run("template", book, "--force")
    assert again.exit_code == 0, again.output
    assert list(tmp_path.glob("team.before-template-*.xlsx")) == [kept] and "kept as" not in said(again)
    assert book.read_bytes() == fixed.read_bytes()


def test_template_refuses_a_workbook_open_in_excel_even_with_force(tmp_path):
    book = tmp_path / "open.xlsx"
    typed = filled(book)
    (tmp_path / "~$open.xlsx").write_bytes(b"x" * 165)  # Excel's owner file beside the open workbook
    assert run("template", book).exit_code == 2  # (it exists: refused as a filled one is)
    refused = run("template", book, "--force")
    assert refused.exit_code == 2
    assert "the workbook is open in Excel or LibreOffice (lock file ~$open.xlsx)" in said(refused)
    assert book.read_bytes() == typed and not (tmp_path / "open.xlsx.bak").exists()


def test_template_refuses_a_name_not_ending_in_xlsx_and_a_missing_folder(tmp_path):
    refused = run("template", tmp_path / "notes.csv")
    assert refused.exit_code == 2 and f"{tmp_path / 'notes.csv'}: a new workbook must end in .xlsx." in said(refused)
    deep = tmp_path / "new" / "deep" / "t.xlsx"
    missing = run("template", deep)
    assert missing.exit_code == 2
    assert f"the folder {tmp_path / 'new' / 'deep'} does not exist; nothing was written." in said(missing)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_template_without_a_path_writes_the_project_template_not_the_current_folder(tmp_path, monkeypatch):
    project, elsewhere = tmp_path / "project", tmp_path / "team files"
    (project / "templates").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\n")
    (project / "templates" / "coachlog.xlsx").write_bytes(b"an old template")
    elsewhere.mkdir()
    monkeypatch.setattr(api, "PROJECT", project)
    monkeypatch.chdir(elsewhere)
    wrote = run("template")
    assert wrote.exit_code == 0, wrote.output
    fixed = tmp_path / "fixed.xlsx"
    write_template(fixed)
    assert (project / "templates" / "coachlog.xlsx").read_bytes() == fixed.read_bytes()
    # the project's own template is kept in git: replaced with no copy beside it
    assert sorted(p.name for p in (project / "templates").iterdir()) == ["coachlog.xlsx"]
    assert list(elsewhere.iterdir()) == []  # no templates/ made in the folder it was run in


def test_template_without_a_path_asks_for_one_when_the_package_is_installed(tmp_path, monkeypatch):
    site = tmp_path / "site-packages"  # an installed package: no pyproject.toml, no templates/ beside it
    site.mkdir()
    monkeypatch.setattr(api, "PROJECT", site)
    monkeypatch.chdir(tmp_path)
    refused = run("template")
    assert refused.exit_code == 2
    assert "Give the path to write, e.g. `coachlog template blank.xlsx`" in said(refused)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site-packages"] and list(site.iterdir()) == []
