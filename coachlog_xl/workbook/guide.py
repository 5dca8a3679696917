"""The Start here sheet: what the workbook is for and how each role uses it, in plain words.

It also holds the refresh stamp (``schema.STAMP_CELL``) and one line per sheet from ``Sheet.help``.
"""

from __future__ import annotations

from coachlog_xl import schema
from coachlog_xl.workbook import styles

STAMP_TEMPLATE = "Not refreshed yet."
STAMP_LABEL = "Last refresh"
TEXT_WIDTH = 110  # column B, in characters

GUIDE = (
    (
        "What it is for",
        "A coaching log that tells whether coaching changed a rep's QA scores on the one "
        "criterion it targeted: the rep's calls before the session (baseline) against the calls after it "
        "(follow-up).",
    ),
    (
        "Supervisor",
        "1. Keep the 5-8 coaching criteria on Criteria and the team on Reps: add a row below the "
        "last one and the dropdowns offer it at once.",
    ),
    (
        "",
        "2. After each coaching session add one row to Log: the rep, the one targeted criterion, the call it "
        "is based on (call id, timestamp, score, quote), what the rep did, the one behaviour to change, the "
        "method, the rep's commitment and a 3-5 point summary.",
    ),
    (
        "",
        "3. Leave Calls to review, Timeframe, Threshold score and Calls needed blank to use the Settings "
        "values.",
    ),
    (
        "QA lead",
        "1. Paste the QA platform's export into Scores below the header, as exported. Other header "
        "names are matched through the HeaderMap list on Settings.",
    ),
    (
        "",
        "2. To leave a row out (a duplicate grading, a misrouted call), type the reason in its Exclude "
        "cell. Never edit a pasted score.",
    ),
    (
        "Manager",
        "1. Refresh (see below), then read Follow-up (status, delta, threshold, suggested decision), "
        "Aggregate and Checks.",
    ),
    ("", "2. Record your decision in the Log's Decision column: close, continue or escalate."),
    (
        "Colours",
        "White columns are yours to type in. Grey columns are written by Refresh: Log's baseline "
        "columns are filled once, when the session has passed; a baseline typed there is kept and checked.",
    ),
    (
        "Computed sheets",
        "Follow-up, Baseline, Aggregate and Checks are written by Refresh and rewritten by "
        "every refresh; they are protected (no password). Keep notes on the input sheets.",
    ),
    (
        "Refresh",
        "Run  coachlog refresh BOOK.xlsx  on the command line, or press the Refresh button in Excel. "
        "The Last refresh line above says when it ran and what it found.",
    ),
)


def write_start_sheet(ws) -> None:
    """The guide, the refresh stamp (template: not refreshed yet) and one line per sheet."""
    ws["A1"] = "Coaching log"
    ws["A1"].font = styles.TITLE_FONT
    ws["A2"] = (
        "Did coaching change a rep's scores on the criterion it targeted? This workbook keeps the answer."
    )
    stamp = ws[schema.STAMP_CELL]
    ws.cell(row=stamp.row, column=stamp.column - 1, value=STAMP_LABEL).font = styles.BOLD
    stamp.value = STAMP_TEMPLATE
    row = stamp.row + 2
    ws.cell(row=row, column=1, value="How to use it").font = styles.SECTION_FONT
    for heading, text in GUIDE:
        row += 1
        label = ws.cell(row=row, column=1, value=heading or None)
        label.font, label.alignment = styles.BOLD, styles.TOP
        ws.cell(row=row, column=2, value=text).alignment = styles.WRAP
        ws.row_dimensions[row].height = styles.LINE_HEIGHT * -(-len(text) // (TEXT_WIDTH + 10))
    row += 2
    ws.cell(row=row, column=1, value="The sheets").font = styles.SECTION_FONT
    helps = {s.name: s.help for s in (*schema.INPUT_SHEETS, schema.SETTINGS, *schema.COMPUTED_SHEETS)}
    for name in schema.SHEET_ORDER[1:]:
        row += 1
        ws.cell(row=row, column=1, value=name).font = styles.BOLD
        ws.cell(row=row, column=2, value=helps[name]).alignment = styles.WRAP
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = TEXT_WIDTH
    ws.sheet_view.showGridLines = False
    styles.print_setup(ws, 18 + TEXT_WIDTH, title_rows=None)
