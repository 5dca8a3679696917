"""The Start here sheet: what the workbook is for, how each role uses it and how to read the evidence
(the methods note), in plain words.

It also holds the refresh stamp (``schema.STAMP_CELL``) and one line per sheet from ``Sheet.help``.
"""

from __future__ import annotations

from coachlog_xl import schema
from coachlog_xl.workbook import styles

TEXT_WIDTH = 110  # column B, in characters
EVIDENCE_TITLE = "How to read the evidence"

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
        "every refresh: anything typed there is replaced. Keep notes on the input sheets.",
    ),
    (
        "Refresh",
        "Run  coachlog refresh BOOK.xlsx  on the command line, or press the Refresh button in Excel. "
        "The Last refresh line above says when it ran and what it found.",
    ),
)

# The methods note (domain.md, "Evidence"): what the evidence columns of Follow-up and Aggregate mean.
EVIDENCE_GUIDE = (
    (
        "n",
        "How many calls (or sessions) a number stands on. A mean of 10 calls moves a lot from one set of "
        "10 calls to the next, so every figure shows its n.",
    ),
    (
        "The interval",
        "Delta low and Delta high bracket the delta: with 95% confidence the rep's real change lies between "
        "them (Welch's interval, from the spread of the scores in the two windows). On Aggregate the "
        "\u00b1 columns give the same for a mean over sessions. Follow-up's Share at threshold has a Wilson "
        "interval (Share low and Share high); Aggregate's Share meeting threshold has none.",
    ),
    (
        "Within noise",
        "The interval runs from below 0 to above 0: the scores moved, but no more than two sets of calls "
        "from an unchanged rep often do. improved: the whole interval is above 0; declined: below 0. With "
        "10 calls a side, a change of 10 points can still be noise.",
    ),
    (
        "Regression",
        "Regression to the mean (RTM): reps are coached when their recent calls were low, and a low run is "
        "partly bad luck: the next calls tend to come back up with no coaching at all. Expected RTM gain "
        "says how much, from the rep's own earlier calls (rep) or from the team's spread of scores (team, "
        "Barnett, van der Pols & Dobson 2005); Baseline far below mean flags it and Delta minus RTM gain takes it out. "
        "Anchor call in baseline: the call the session was about counts in the baseline; Baseline without anchor shows "
        "it without that call.",
    ),
    (
        "Comparison group",
        "Reps not coached on that criterion whose recent mean was in the same fifth of the team on the "
        "session date, over the same calendar windows: what happened without coaching to reps who started "
        "as low. Delta vs comparison is the delta minus their change (a difference-in-differences, in the "
        "spirit of Callaway & Sant'Anna 2021 for sessions held on different dates). If the coached reps gain "
        "no more than the comparison group, the gain is likely regression to the mean or a team-wide "
        "trend, and the Verdict on Aggregate says so.",
    ),
    (
        "Pre-trend",
        "The same comparison over the two windows before the baseline. Already trending = yes: the rep "
        "was moving away from the comparison group before the session, so read the difference with care.",
    ),
    (
        "Evaluator drift",
        "Evaluators differ: Aggregate shows each evaluator's mean offset (their scores minus the same reps' "
        "mean). Evaluator mix matters = yes: different evaluators scored the follow-up than the baseline, "
        "enough to move the delta by a point or more (Evaluator effect).",
    ),
    (
        "References",
        "Welch B.L. (1947) Biometrika 34:28. Wilson E.B. (1927) J Am Stat Assoc 22:209. Barnett A.G., van "
        "der Pols J.C., Dobson A.J. (2005) Regression to the mean: what it is and how to deal with it. Int J "
        "Epidemiol 34:215. Callaway B., Sant'Anna P.H.C. (2021) Difference-in-differences with multiple time "
        "periods. J Econometrics 225:200.",
    ),
)


def _section(ws, row: int, title: str, lines) -> int:
    """A heading and its (label, text) lines from ``row``; returns the last row written."""
    ws.cell(row=row, column=1, value=title).font = styles.SECTION_FONT
    for heading, text in lines:
        row += 1
        label = ws.cell(row=row, column=1, value=heading or None)
        label.font, label.alignment = styles.BOLD, styles.TOP
        ws.cell(row=row, column=2, value=text).alignment = styles.WRAP
        ws.row_dimensions[row].height = styles.LINE_HEIGHT * -(-len(text) // (TEXT_WIDTH + 10))
    return row


def write_start_sheet(ws) -> None:
    """The guide, the refresh stamp (template: not refreshed yet) and one line per sheet."""
    ws["A1"] = "Coaching log"
    ws["A1"].font = styles.TITLE_FONT
    ws["A2"] = (
        "Did coaching change a rep's scores on the criterion it targeted? This workbook keeps the answer."
    )
    stamp = ws[schema.STAMP_CELL]
    ws.cell(row=stamp.row, column=stamp.column - 1, value=schema.STAMP_LABEL).font = styles.BOLD
    stamp.value = schema.STAMP_TEMPLATE
    row = _section(ws, stamp.row + 2, "How to use it", GUIDE)
    row = _section(ws, row + 2, EVIDENCE_TITLE, EVIDENCE_GUIDE)
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
