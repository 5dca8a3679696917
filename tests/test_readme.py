"""The README's examples that name columns, sheets or values hold for the workbook as built."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter

from coachlog_xl import schema
from coachlog_xl.core import functions as fn
from coachlog_xl.demo import demo_data

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _letter(sheet: schema.Sheet, key: str) -> str:
    return get_column_letter([c.key for c in sheet.columns].index(key) + 1)


def test_the_pivot_source_range_spans_every_follow_up_column():
    ranges = re.findall(r"'Follow-up'!\$A:\$([A-Z]+)", README)
    assert ranges == [get_column_letter(len(schema.FOLLOWUP.columns))]


def test_the_chart_example_names_the_delta_column_and_counts_the_session_ids():
    series = re.findall(r"'Follow-up'!\$([A-Z]+)\$2:\$\1\$40", README)
    offset = re.findall(r"=OFFSET\('Follow-up'!\$([A-Z]+)\$2,0,0,COUNTA\('Follow-up'!([A-Z]+):\2\)-1,1\)", README)
    assert series == [_letter(schema.FOLLOWUP, "delta")]
    assert offset == [(_letter(schema.FOLLOWUP, "delta"), _letter(schema.FOLLOWUP, "session_id"))]


def test_the_countif_example_counts_the_status_column():
    columns = re.findall(r"COUNTIF\('Follow-up'!([A-Z]+):\1,\"complete\"\)", README)
    assert columns and set(columns) == {_letter(schema.FOLLOWUP, "status")}


def test_the_worksheet_function_example_gives_the_baseline_mean_on_the_demo_scores():
    example = re.search(r'=COACHLOG_WINDOW\(Scores\[#All\], "([^"]+)", "([^"]+)",\s+DATE\((\d+),(\d+),(\d+)\), '
                        r'"before", (\d+)\)', README)
    assert example, "the README's COACHLOG_WINDOW example"
    rep, crit, day, n = example[1], example[2], dt.date(*map(int, example.group(3, 4, 5))), int(example[6])
    scores = demo_data(2026).scores
    keys = [c.key for c in schema.SCORES.columns]
    table = [schema.SCORES.headers] + [[r.get(k) for k in keys] for r in scores]
    # independently: the rep's scores on the criterion on days before the session's (a date-only
    # session's own day is in neither window), the last n of them by call time
    before = sorted((r["call_at"], r["score"]) for r in scores
                    if r["rep"] == rep and r["criterion"] == crit and _day(r["call_at"]) < day)[-n:]
    assert len(before) == n
    want = sum(s for _, s in before) / n
    assert fn.window_mean(table, rep, crit, dt.datetime.combine(day, dt.time()), "before", n) == pytest.approx(want)


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _command_rows() -> dict[str, str]:
    """The README's Commands table: each command's name and its usage cell."""
    section = README.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    return {m[1]: m[0] for m in re.finditer(r"^\| `coachlog (\w+)[^`]*`", section, re.M)}


def test_the_commands_table_lists_every_command_with_every_option_its_help_gives():
    import click

    from coachlog_xl.cli import main

    rows = _command_rows()
    assert set(rows) == set(main.commands)
    for name, command in main.commands.items():
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden and "--help" not in param.opts:
                assert any(opt in rows[name] for opt in param.opts), f"coachlog {name} {param.opts[-1]}"


def test_the_readme_says_how_to_see_the_installed_version():
    from click.testing import CliRunner

    from coachlog_xl import __version__
    from coachlog_xl.cli import main

    assert "`coachlog --version`" in README
    assert CliRunner().invoke(main, ["--version"]).output == f"coachlog, version {__version__}\n"


def test_the_log_row_of_the_sheet_table_names_columns_the_log_has():
    row = re.search(r"^\| Log \| supervisors \| (.*) \|$", README, re.M)[1]
    headers = {h.lower() for h in schema.LOG.headers}
    for named in ("behavioral observation", "development target", "targeted criterion", "coaching method",
                  "commitment", "conversation summary", "decision"):
        assert named in row.lower() and named in headers, named


def _anchors(text: str) -> set[str]:
    """The anchors GitHub gives a Markdown file's headings: lower case, punctuation but hyphens
    dropped, spaces as hyphens."""
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
            for h in re.findall(r"^#{1,6} (.+)$", text, re.M)}


def test_every_link_of_the_readme_and_the_docs_to_a_file_of_the_repository_and_its_heading_is_there():
    root = Path(__file__).resolve().parents[1]
    pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    checked = 0
    for page in pages:
        for target, anchor in re.findall(r"\]\(([^)\s:#]*)(?:#([^)\s]+))?\)", page.read_text(encoding="utf-8")):
            linked = (page.parent / target) if target else page
            assert linked.is_file(), f"{page.name} links to {target}"
            if anchor:
                assert anchor in _anchors(linked.read_text(encoding="utf-8")), f"{page.name} links to {target}#{anchor}"
            checked += 1
    assert checked >= 4  # the README's links to docs/reading.md (two headings), docs/speed.md and docs/rules.md
