"""The single description of every sheet of a coachlog workbook.

The template builder, the reader, the writer and the README's sheet reference all read these
objects; nothing else in the package spells a header.  Each column has a stable ``key`` (the name the
code uses), the ``header`` people see in row 1, who owns it (``input``: a person types or pastes it;
``tool``: a refresh writes it), its value kind and, for dropdown columns, the list it draws from.

This module is pure data: it imports nothing outside the standard library, so the computation core
may use it too.
"""

from __future__ import annotations

from dataclasses import dataclass

INPUT = "input"
TOOL = "tool"

# Value kinds.  They drive number formats in the template and coercion in the core.
TEXT = "text"
DATE = "date"
DATETIME = "datetime"
TIME = "time"
NUMBER = "number"
INTEGER = "integer"
MEAN = "mean"  # a mean: stored unrounded, shown with one decimal (domain.md, Cells)
SHARE = "share"  # a fraction shown as a percentage
FLAG = "flag"  # the words yes / no

SHEET_ROWS = 1_048_576  # the rows of a worksheet (Excel's and LibreOffice's limit)

NUMBER_FORMATS = {
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm",
    TIME: "hh:mm",
    NUMBER: "General",
    INTEGER: "0",
    MEAN: "0.0",
    SHARE: "0%",
}


@dataclass(frozen=True)
class Column:
    """One column of a sheet."""

    key: str
    header: str
    kind: str = TEXT
    owner: str = INPUT
    width: int = 14
    choices: str | None = None  # the name of a dropdown list (see LISTS)
    help: str = ""
    wrap: bool = False  # sentences and long names: a computed sheet wraps them in the column's width


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, its Excel table (input sheets) and its columns in order."""

    name: str
    columns: tuple[Column, ...]
    table: str | None = None
    computed: bool = False
    help: str = ""

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"{self.name} has no column {key!r}")

    def tool_columns(self) -> list[Column]:
        return [c for c in self.columns if c.owner == TOOL]


@dataclass(frozen=True)
class ListSource:
    """A dropdown list: either fixed words, or a column of a table that grows with it."""

    name: str
    fixed: tuple[str, ...] = ()
    sheet: str | None = None
    column_letter: str | None = None
    help: str = ""


def C(key, header, kind=TEXT, width=14, choices=None, help="", owner=INPUT, wrap=False):  # noqa: A002
    return Column(key, header, kind, owner, width, choices, help, wrap)


# --- Settings values (the Settings sheet below lists them) -------------------------------


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    default: object
    help: str
    choices: str | None = None


SETTINGS_ITEMS: tuple[Setting, ...] = (
    Setting("window_n", "Calls per window (N)", 10,
            "Baseline = the last N scored calls before the session; follow-up = the next N."),
    Setting("timeframe_days", "Follow-up timeframe (days)", 30,
            "Follow-up calls count only within this many days after the session."),
    Setting("threshold", "Threshold score", 80,
            "A follow-up call at or above this score counts toward the threshold. Scores are read on 0-100 whatever "
            "scale the export uses: 80 is 4 of 5 or 8 of 10."),
    Setting("k_needed", "Calls needed at threshold (K)", 7,
            "The threshold is met when K of the N follow-up calls reach it."),
    Setting("checkin_n", "Check-in after (calls)", 5,
            "After this many follow-up calls, show the check-in mean and the delta."),
    Setting("type_tolerance", "Call-type share tolerance (points)", 30,
            "Each call type's share may differ between the two windows by at most this."),
    Setting("escalate_after", "Escalate after unmet sessions", 2,
            "Suggest escalate when the rep already had this many earlier complete, unmet sessions."),
    Setting("as_of", "As-of date", None, "Refresh as if today were this date; blank = today."),
    Setting("date_order", "Date order", "month-first",
            "How to read ambiguous text dates like 03/04/2025: month-first or day-first (a paste holding a date only "
            "possible the other way, 13/04/2025, is read that way).", "DateOrderList"),
    Setting("time_zone", "Time zone", None,
            "Blank: call times are used as written. Or a zone (Europe/London) to convert Z/offset times into."),
    Setting("score_scale", "Score scale", "auto",
            "auto: each paste's scale is detected (0-1, 1-5, 1-10, 1-50, 0-100); or name one, e.g. 1-50."),
    Setting("late_log_hours", "Log due within (hours)", 24,
            "A Log row written later than this after the session is flagged."),
    Setting("backup", "Keep a backup (.bak)", "yes",
            "Each save keeps the previous file as BOOK.xlsx.bak; no turns it off.", "YesNoList"),
    Setting("baseline_tolerance", "Typed baseline tolerance (points)", 1,
            "A typed baseline further than this from the score data is flagged."),
    Setting("cache", "Keep a refresh cache", "yes",
            "Keeps the read Scores next to the workbook (.BOOK.xlsx.coachlog-cache, same personal data) so an "
            "unchanged Scores sheet is not read again; no turns it off.", "YesNoList"),
)


def _setting(key: str) -> str:
    """A Settings value as a header note names it: its cell's label and its default (a note is written once,
    when the sheet is made, so it cannot give the value a team sets later)."""
    item = next(s for s in SETTINGS_ITEMS if s.key == key)
    return f'Settings "{item.label}" ({item.default} unless changed there)'


# --- Input sheets ---------------------------------------------------------------------------

CRITERIA = Sheet(
    "Criteria",
    table="Criteria",
    help="The 5-8 coaching targets. A definition change is a new row with the same Criterion ID, a new Version "
         "and its Effective from date. Other names lists the spellings the QA exports use.",
    columns=(
        C("criterion_id", "Criterion ID", width=12, help="Short id, e.g. ACK."),
        C("name", "Criterion", width=34, help="The name used in Scores and in the Log."),
        C("other_names", "Other names", width=30,
          help="Other spellings the QA exports use, separated by ; e.g. ACK - Acknowledgement; Acknowledge concern. "
               "The rows of one Criterion ID (its versions) share theirs."),
        C("main", "Main criterion", width=20, help="The scorecard section it belongs to."),
        C("weight", "Weight", NUMBER, width=9),
        C("good", "What good looks like", width=40),
        C("poor", "What poor looks like", width=40),
        C("scoring", "Scoring", width=16, choices="ScoringList", help="percent 0-100 or present/absent."),
        C("version", "Version", width=10),
        C("effective", "Effective from", DATE, width=14, help="The date this version took effect."),
        C("active", "Active", width=9, choices="YesNoList"),
        C("in_recordings", "Appears in recordings", width=12, choices="YesNoList"),
        C("binary_testable", "Present/absent testable", width=12, choices="YesNoList"),
        C("in_control", "Within the rep's control", width=12, choices="YesNoList"),
    ),
)

REPS = Sheet(
    "Reps",
    table="Reps",
    help="The roster. Other names lists the spellings, emails and ids the QA exports use.",
    columns=(
        C("rep", "Rep", width=22),
        C("other_names", "Other names", width=36, help="Separated by ; e.g. jsmith@acme.com; J. Smith"),
        C("supervisor", "Supervisor", width=20, choices="SupervisorList"),
        C("team", "Team", width=14),
        C("active", "Active", width=9, choices="YesNoList"),
    ),
)

SCORES = Sheet(
    "Scores",
    table="Scores",
    help="Paste QA exports here as exported. Type in Exclude to leave a row out of every window.",
    columns=(
        C("call_id", "Call ID", width=16),
        C("rep", "Rep", width=20),
        C("call_at", "Call date", DATETIME, width=17, help="When the call took place (not the grading)."),
        C("criterion", "Criterion", width=30),
        C("score", "Score", NUMBER, width=8),
        C("call_type", "Call type", width=12),
        C("version", "Criteria version", width=10),
        C("evaluator", "Evaluator", width=16),
        C("graded_at", "Graded on", DATE, width=12),
        C("recording", "Recording link", width=24),
        C("call_moment", "Timestamp", width=10, help="Where in the recording the moment is."),
        C("quote", "Transcript quote", width=30),
        C("exclude", "Exclude", width=22, help="Any text leaves this row out, e.g. duplicate grading."),
    ),
)

LOG = Sheet(
    "Log",
    table="Log",
    help="One row per coaching session. Grey columns are written by Refresh.",
    columns=(
        C("session_id", "Session ID", width=11,
          help="The session's own id, e.g. S-001: one per session; Follow-up and Checks name the session by it."),
        C("rep", "Rep", width=18, choices="RepList", help="The rep coached, as the Reps sheet names them."),
        C("supervisor", "Supervisor", width=16, choices="SupervisorList",
          help="Who held the session. Blank: the rep's supervisor on Reps, when it names one."),
        C("scheduled_at", "Scheduled at", DATETIME, width=16,
          help="When the session is planned. A row written ahead may leave Session date blank until it is held."),
        C("session_date", "Session date", DATE, width=12,
          help="The day the session was held: the baseline is the calls before it, the follow-up the calls after."),
        C("session_time", "Session time", TIME, width=9, help="Optional; blank means date only."),
        C("logged_at", "Logged at", DATETIME, width=16,
          help="When this row was written: flagged when later after the session than the hours in "
               f"{_setting('late_log_hours')}."),
        C("evidence_call", "Evidence call ID or link", width=18,
          help="The call the session is based on: its call ID or recording link."),
        C("evidence_timestamp", "Evidence timestamp", width=10, help="Where in the call the moment is, e.g. 02:14."),
        C("evidence_criterion", "Evidence criterion", width=22, choices="CriterionList",
          help="The criterion scored at that moment of the call, not the call's overall score."),
        C("evidence_score", "Evidence score", NUMBER, width=9, help="That criterion's score on the evidence call."),
        C("evidence_quote", "Evidence quote", width=30, help="The words at that moment, from the transcript."),
        C("observation", "Behavioral observation", width=36,
          help="What the rep said or did, described, not judged: interrupted the customer at 02:14, not was rude."),
        C("target", "Development target", width=30,
          help="The one behaviour to change (a behaviour, not an outcome such as CSAT or handle time)."),
        C("criterion", "Targeted criterion", width=26, choices="CriterionList",
          help="The one criterion on Criteria the target moves: its scores give the baseline and follow-up."),
        C("method", "Coaching method", width=16, choices="MethodList",
          help="How the session coached: role-play, call review, script walkthrough or other (the list on Settings)."),
        C("commitment", "Commitment", width=30, help="The rep's commitment, in one sentence."),
        C("summary", "Conversation summary", width=36, help="The conversation in 3-5 points."),
        C("response", "Rep's response", width=12, choices="ResponseList", help="agreed or pushed back."),
        C("rep_context", "Context from the rep", width=24,
          help="What the rep said of the moment, e.g. the billing screen is slow to load."),
        C("next_step", "Agreed next step", width=24,
          help="What happens next, by when, e.g. a check-in after five scored calls."),
        C("window_n", "Calls to review", INTEGER, width=9, help=f"Blank: {_setting('window_n')}."),
        C("timeframe_days", "Timeframe (days)", INTEGER, width=10, help=f"Blank: {_setting('timeframe_days')}."),
        C("threshold", "Threshold score", NUMBER, width=9, help=f"Blank: {_setting('threshold')}."),
        C("k_needed", "Calls needed at threshold", INTEGER, width=10, help=f"Blank: {_setting('k_needed')}."),
        C("call_type", "Call type", width=12, choices="CallTypeList", help="Optional: windows use only it."),
        C("baseline_mean", "Baseline mean", MEAN, width=10, owner=TOOL),
        C("baseline_n", "Baseline n", INTEGER, width=9, owner=TOOL),
        C("baseline_recorded_on", "Baseline recorded on", DATE, width=12, owner=TOOL),
        C("decision", "Decision", width=11, choices="DecisionList", help="The manager's: close/continue/escalate."),
    ),
)

# --- Settings -----------------------------------------------------------------------------


SETTINGS = Sheet(
    "Settings",
    table="Settings",
    help="Defaults and rules. Change a value in the Value column; blank means the default.",
    columns=(
        C("setting", "Setting", width=34),
        C("value", "Value", width=14),
        C("help", "What it means", width=100),
    ),
)

CALL_TYPES = Sheet("Settings", table="CallTypes", columns=(C("call_type", "Call type", width=14),))
METHODS = Sheet("Settings", table="Methods", columns=(C("method", "Coaching method", width=18),))
SUPERVISORS = Sheet("Settings", table="Supervisors", columns=(C("supervisor", "Supervisor", width=18),))
WORD_LISTS = Sheet(
    "Settings",
    table="WordLists",
    columns=(C("list", "Word list", width=20), C("phrase", "Word or phrase", width=24)),
)
HEADER_MAP = Sheet(
    "Settings",
    table="HeaderMap",
    columns=(C("field", "Field", width=14), C("header", "Export header", width=26)),
)

DEFAULT_CALL_TYPES = ("inbound", "outbound", "retention")
DEFAULT_METHODS = ("role-play", "call review", "script walkthrough", "other")

# The word lists the log-quality checks use (domain.md, Log-quality checks).  Matching is
# case-insensitive and on whole words.
DEFAULT_WORD_LISTS: dict[str, tuple[str, ...]] = {
    "broad theme": (
        "communication", "empathy", "professionalism", "attitude", "soft skills", "customer service",
        "rapport", "tone", "listening", "product knowledge", "call control", "quality",
    ),
    "outcome": (
        "csat", "nps", "handle time", "aht", "revenue", "sales", "conversion", "quota",
        "satisfaction", "first call resolution", "fcr", "skills", "score", "scores",
    ),
    "evaluative": (
        "rude", "lazy", "didn't care", "did not care", "doesn't care", "careless", "bad attitude",
        "unprofessional", "terrible", "awful", "sloppy", "arrogant", "incompetent", "poor attitude",
        "disrespectful", "clueless", "rudely", "unprofessionally", "dismissive", "impatient", "condescending",
        "not to care",
    ),
    "generic summary": (
        "discussed performance", "talked about performance", "went over scores", "general discussion",
        "reviewed calls", "discussed calls", "see above", "n/a", "coaching session", "performance review",
    ),
    "target in observation": (
        "should", "needs to", "need to", "must", "will work on", "going forward", "next time", "has to",
    ),
    "second target": (";", "also", "as well as", "in addition", "and also"),
}

# the Scores fields as messages name them
FIELD_NAMES = {
    "call_id": "call id", "rep": "rep", "call_at": "call date", "criterion": "criterion", "score": "score",
    "call_type": "call type", "version": "criteria version", "evaluator": "evaluator",
    "graded_at": "grading date", "exclude": "Exclude", "call_time": "call time", "max_score": "maximum score",
    "not_applicable": "N/A flag", "recording": "recording",
}

# The header synonyms of exports.md, in priority order: when several columns of one paste map
# to one field, the one listed first wins.
DEFAULT_HEADER_MAP: dict[str, tuple[str, ...]] = {
    "call_id": (
        "Call ID", "call_id", "gradable_id", "ticket id", "externalId", "conversation_external_id",
        "ConversationID", "conversation_id", "Conversation", "meeting_id", "interaction_id", "Interaction ID",
        "ticket_id", "reference", "qa_id", "Contact reference",
    ),
    "rep": ("Rep", "Scored Agent", "agent_name", "agent_email", "agent_id", "reviewee", "reviewed_user_id", "Agent",
            "trainee", "Reviewee name", "Agent full name", "Staff name"),
    "call_at": (
        "Call date", "call_start_time", "ticket_created_at", "Start Time", "interaction_date",
        "conversationCreatedAt", "call date-time", "call_date", "Conversation Date", "Contact Date", "Date of call",
        "Date", "Conversation start", "Contact start", "Interaction start", "Conversation created",
    ),
    "call_time": ("Call time", "Time"),
    "criterion": ("Criterion", "question", "question text", "question_id", "categoryName", "category_name", "Metric",
                  "section_name"),
    "score": ("Score", "normalized_score", "raw_score", "rubric_score", "obtainedScore", "score_percent", "Rating"),
    "not_applicable": ("N/A", "is_na", "not_applicable"),
    "max_score": ("Max score", "max_rubric_score", "max_points", "possible_points", "total_score"),
    "call_type": ("Call type", "Contact Direction", "Channel", "Queue", "grade_type", "Topic", "campaign"),
    "version": ("Criteria version", "question_revision_id", "scorecard revision", "version"),
    "evaluator": ("Evaluator", "grader", "reviewer", "reviewer_user_id", "monitor_id", "evaluator_name",
                  "evaluator_id"),
    "graded_at": ("Graded on", "date_graded", "date_first_graded", "review_time", "scored_at", "evaluation_date",
                  "created"),
    "recording": ("Recording link", "recording_url", "recording"),
    "call_moment": ("Timestamp", "timestamp", "moment"),
    "quote": ("Transcript quote", "transcript", "comment"),
    "exclude": ("Exclude", "Excluded", "is_excluded"),
}

# --- Dropdown lists -------------------------------------------------------------------------

LISTS: tuple[ListSource, ...] = (
    ListSource("RepList", sheet="Reps", column_letter="A", help="Reps!Rep"),
    ListSource("CriterionList", sheet="Criteria", column_letter="B", help="Criteria!Criterion"),
    ListSource("CallTypeList", sheet="Settings", column_letter="E", help="Settings: Call type"),
    ListSource("MethodList", sheet="Settings", column_letter="G", help="Settings: Coaching method"),
    ListSource("SupervisorList", sheet="Settings", column_letter="I", help="Settings: Supervisor"),
    ListSource("ResponseList", fixed=("agreed", "pushed back")),
    ListSource("DecisionList", fixed=("close", "continue", "escalate")),
    ListSource("YesNoList", fixed=("yes", "no")),
    ListSource("ScoringList", fixed=("percent 0-100", "present/absent")),
    ListSource("DateOrderList", fixed=("month-first", "day-first")),
)

# Where each Settings table starts (column letter of its first column, header in row 1).
SETTINGS_TABLE_COLUMNS = {
    "Settings": "A",
    "CallTypes": "E",
    "Methods": "G",
    "Supervisors": "I",
    "WordLists": "K",
    "HeaderMap": "N",
}

# --- Computed sheets ------------------------------------------------------------------------

BASELINE = Sheet(
    "Baseline",
    computed=True,
    help="Per session: the calls in the baseline window. Written by Refresh.",
    columns=(
        C("session_id", "Session ID", width=11),
        C("rep", "Rep", width=18),
        C("criterion", "Criterion", width=26, wrap=True),
        C("session_at", "Session date", DATE, width=16),
        C("state", "Baseline state", width=12),
        C("baseline_n", "Baseline n", INTEGER, width=9),
        C("baseline_mean", "Baseline mean", MEAN, width=10),
        C("recorded_on", "Recorded on", DATE, width=12),
        C("computed_n", "Recomputed n", INTEGER, width=11),
        C("computed_mean", "Recomputed mean", MEAN, width=11),
        C("difference", "Difference", MEAN, width=10,
          help="Baseline mean - Recomputed mean: how far the baseline used is above what the score data gives now."),
        C("first_call", "First call", DATETIME, width=16),
        C("last_call", "Last call", DATETIME, width=16),
        C("call_types", "Call types", width=22, wrap=True),
        C("versions", "Versions", width=12),
        C("left_out_same_day", "Calls on the session day", INTEGER, width=11),
        C("calls", "Calls", width=60),
    ),
)

FOLLOWUP = Sheet(
    "Follow-up",
    computed=True,
    help="Per session: follow-up window, delta, threshold, comparability and the suggested decision.",
    columns=(
        C("session_id", "Session ID", width=11),
        C("rep", "Rep", width=18),
        C("supervisor", "Supervisor", width=16),
        C("criterion", "Criterion", width=26, wrap=True),
        C("method", "Coaching method", width=16),
        C("session_at", "Session date", DATE, width=16),
        C("call_type", "Call type", width=11),
        C("baseline_n", "Baseline n", INTEGER, width=9),
        C("baseline_mean", "Baseline mean", MEAN, width=10),
        C("followup_n", "Follow-up n", INTEGER, width=9),
        C("followup_mean", "Follow-up mean", MEAN, width=10),
        C("delta", "Delta", MEAN, width=8),
        C("baseline_sd", "Baseline SD", MEAN, width=9, help="Spread of the baseline calls (per call)."),
        C("followup_sd", "Follow-up SD", MEAN, width=9, help="Spread of the follow-up calls (per call)."),
        C("delta_low", "Delta low (95%)", MEAN, width=9, help="Welch 95% interval of the delta: lower end."),
        C("delta_high", "Delta high (95%)", MEAN, width=9, help="Welch 95% interval of the delta: upper end."),
        C("change", "Change", width=12, help="improved / declined / within noise (the interval spans 0)."),
        C("at_threshold", "Calls at threshold", INTEGER, width=10),
        C("share_at_threshold", "Share at threshold", SHARE, width=10),
        C("share_low", "Share low (95%)", SHARE, width=9, help="Wilson 95% interval of the share: lower end."),
        C("share_high", "Share high (95%)", SHARE, width=9, help="Wilson 95% interval of the share: upper end."),
        C("threshold_met", "Threshold met", FLAG, width=10),
        C("checkin_mean", "Check-in mean", MEAN, width=10),
        C("improvement_emerging", "Improvement emerging", FLAG, width=11),
        C("status", "Status", width=14),
        C("window_ends", "Window ends", DATE, width=16),
        C("same_criterion", "Same criterion", FLAG, width=10),
        C("definition_unchanged", "Definition unchanged", FLAG, width=11),
        C("types_comparable", "Call types comparable", FLAG, width=14),
        C("enough_calls", "Enough calls", FLAG, width=9),
        C("valid", "Valid", FLAG, width=7),
        C("invalid_because", "Not valid because", width=36, wrap=True),
        C("suggested", "Suggested decision", width=11),
        C("reason", "Reason", width=48, wrap=True),
        C("decision", "Decision", width=10,
          help="The Log's Decision, copied: record yours in the Decision column of the session's Log row."),
        C("anchor_in_baseline", "Anchor call in baseline", FLAG, width=10,
          help="The call the session is about is one of the baseline calls."),
        C("baseline_without_anchor", "Baseline without anchor", MEAN, width=10),
        C("long_run_n", "Rep's earlier calls", INTEGER, width=9, help="The rep's calls before the baseline window."),
        C("long_run_mean", "Rep's earlier mean", MEAN, width=10),
        C("rtm_gain_rep", "Expected RTM gain (rep)", MEAN, width=10,
          help="Gain expected with no coaching, from the rep's earlier mean (regression to the mean)."),
        C("rtm_gain_team", "Expected RTM gain (team)", MEAN, width=10,
          help="Gain expected with no coaching, from the team's variance (Barnett et al. 2005)."),
        C("rtm_basis", "RTM basis", width=8, help="rep when the rep has N earlier calls, else team."),
        C("rtm_flag", "Baseline far below mean", FLAG, width=10),
        C("rtm_corrected", "Delta minus RTM gain", MEAN, width=10),
        C("comparison_reps", "Comparison reps", INTEGER, width=10,
          help="Uncoached reps in the same fifth of the team at the session date."),
        C("comparison_baseline", "Comparison baseline", MEAN, width=10),
        C("comparison_change", "Comparison change", MEAN, width=10,
          help="Their change over the same calendar windows, moved to this rep's baseline."),
        C("comparison_low", "Comparison low (95%)", MEAN, width=10),
        C("comparison_high", "Comparison high (95%)", MEAN, width=10),
        C("did", "Delta vs comparison", MEAN, width=10, help="Delta minus the comparison change (DiD)."),
        C("did_low", "DiD low (95%)", MEAN, width=9),
        C("did_high", "DiD high (95%)", MEAN, width=9),
        C("did_change", "Change vs comparison", width=12),
        C("no_comparison", "No comparison because", width=30, wrap=True),
        C("placebo", "Pre-trend (placebo)", MEAN, width=10,
          help="The same difference over the two windows before the baseline."),
        C("placebo_low", "Pre-trend low (95%)", MEAN, width=10),
        C("placebo_high", "Pre-trend high (95%)", MEAN, width=10),
        C("pretrend", "Already trending", FLAG, width=9),
        C("evaluator_shift", "Evaluator mix shift", SHARE, width=10),
        C("evaluators_changed", "Evaluator mix matters", FLAG, width=10,
          help="yes: over 30% of the calls changed evaluator and that moves the delta by 1 point or more."),
        C("evaluator_effect", "Evaluator effect", MEAN, width=10,
          help="What the change of evaluators alone adds to the delta, from their offsets."),
        C("calls", "Follow-up calls", width=60),
    ),
)

AGGREGATE = Sheet(
    "Aggregate",
    computed=True,
    help="By method, criterion, rep, supervisor and month: deltas, shares improved and meeting threshold, intervals "
         "and verdict over valid comparisons only; shares of suggested decisions over sessions held; charts.",
    columns=(
        C("dimension", "By", width=16,
          help="What the rows are grouped by: coaching method, criterion, rep, supervisor, month of the session; "
               "then one Session row per valid comparison and one Evaluator row per evaluator and criterion."),
        C("group", "Group", width=26, wrap=True,
          help="The method, criterion, rep, supervisor or month (YYYY-MM); (blank) where the Log leaves it empty."),
        C("sessions", "Sessions", INTEGER, width=9,
          help="Every Log session in the group, scheduled and open ones included. A session written twice under one "
               "id counts once; one likely typed twice under another id counts here and is left out."),
        C("valid", "Valid comparisons", INTEGER, width=11,
          help="Sessions with Valid = yes on Follow-up (complete, all four conditions met), none waiting for scores; "
               "a session likely typed twice under another id counts once, on its earlier Log row. Mean and median "
               "delta, shares improved and meeting threshold and the evidence count these only."),
        C("left_out", "Left out", INTEGER, width=9,
          help="Sessions - Valid comparisons: the sessions the deltas and shares do not count (scheduled, still "
               "open, not valid, waiting for scores, or a Log row likely typed twice under another id)."),
        C("left_out_why", "Why left out", width=48, wrap=True,
          help="The sessions left out by first reason, with how many: likely typed twice, no targeted criterion, a "
               "criterion or rep not on its sheet, not held yet (scheduled), not complete (still open, no condition "
               "failed), waits for scores, or the condition that failed (no baseline calls, no follow-up calls, call "
               "types, too few calls...), open sessions included: one whose Valid is no already never becomes valid; "
               "Effective from unreadable (a finished session a Criteria row's fix decides), cannot be checked."),
        C("mean_delta", "Mean delta", MEAN, width=10,
          help="Mean of the valid comparisons' deltas (follow-up mean - baseline mean). Blank without one."),
        C("median_delta", "Median delta", MEAN, width=10,
          help="Median of the valid comparisons' deltas. Blank without one."),
        C("share_improved", "Share improved", SHARE, width=10,
          help="Of the valid comparisons, the share whose delta is above 0."),
        C("share_threshold", "Share meeting threshold", SHARE, width=12,
          help="Of the valid comparisons, the share whose Threshold met is yes (K follow-up calls at the threshold "
               "score). No interval here: Follow-up gives each session's."),
        C("delta_margin", "Mean delta ± (95%)", MEAN, width=10,
          help="Half-width of the mean delta's 95% interval: the real mean change lies within Mean delta ± this. "
               "One valid comparison: its own Welch interval."),
        C("compared", "With comparison", INTEGER, width=10, help="Valid sessions with a comparison group."),
        C("comparison_reps", "Comparison reps", INTEGER, width=10, help="Distinct reps behind the comparison."),
        C("comparison_change", "Comparison change", MEAN, width=10,
          help="Mean change of the comparison groups (uncoached reps in the same fifth, same windows) over the "
               "sessions With comparison: what happened without coaching."),
        C("comparison_margin", "Comparison ± (95%)", MEAN, width=10,
          help="Half-width of the comparison change's 95% interval."),
        C("did", "Delta vs comparison", MEAN, width=10,
          help="Mean of the sessions' delta minus comparison change, over the sessions With comparison."),
        C("did_margin", "Delta vs comparison ±", MEAN, width=10,
          help="Half-width of Delta vs comparison's 95% interval."),
        C("rtm_corrected", "Delta minus RTM gain", MEAN, width=10,
          help="Mean of the valid comparisons' delta minus the gain expected back with no coaching (regression to "
               "the mean), over those with an expected gain."),
        C("rtm_margin", "Delta minus RTM ±", MEAN, width=10,
          help="Half-width of Delta minus RTM gain's 95% interval."),
        C("placebo", "Pre-trend (placebo)", MEAN, width=10,
          help="Mean of the valid comparisons' pre-trend: Delta vs comparison's difference over the two windows "
               "before the baseline. Away from 0: the reps were already moving before the session."),
        C("placebo_margin", "Pre-trend ±", MEAN, width=9, help="Half-width of the pre-trend's 95% interval."),
        C("verdict", "Verdict", width=34, wrap=True,
          help="The evidence in words: by Delta vs comparison, else Delta minus RTM gain, else the mean delta. It ends "
               "(on the n of m sessions with a comparison group, or with an expected RTM gain) when that figure is "
               "known for fewer than the valid comparisons. Without one: no valid comparison yet while a session "
               "left out may still become one, no valid comparison until the Log rows are fixed where fixing a Log "
               "row would make one (the Criteria rows: a Criteria row's unreadable Effective from; the Log or "
               "Criteria rows: either), else no valid comparison."),
        C("no_comparison_why", "No comparison because", width=40, wrap=True,
          help="The valid comparisons without a comparison group, by reason, with how many."),
        C("before", "Before (baseline)", MEAN, width=10,
          help="Session rows: the session's baseline mean (the before/after chart)."),
        C("after", "After (follow-up)", MEAN, width=10,
          help="Session rows: the session's follow-up mean (the before/after chart)."),
        C("held", "Sessions held", INTEGER, width=9,
          help="The sessions not scheduled, open windows included: the decision shares count these. A session "
               "likely typed twice under another id counts once here, so this can be fewer than Sessions."),
        C("share_close", "Share closing", SHARE, width=9,
          help="Of the sessions held (not only valid comparisons), the share whose suggested decision is close."),
        C("share_continue", "Share continuing", SHARE, width=9,
          help="Of the sessions held, the share whose suggested decision is continue: open windows, expired or "
               "not valid comparisons included."),
        C("share_escalate", "Share escalating", SHARE, width=9,
          help="Of the sessions held (not only valid comparisons), the share whose suggested decision is escalate."),
        C("calls", "Calls", INTEGER, width=8, help="Evaluator rows: calls the evaluator scored."),
        C("offset", "Evaluator offset", MEAN, width=10, help="Evaluator rows: mean score minus the rep's mean."),
        C("offset_margin", "Offset ± (95%)", MEAN, width=10,
          help="Evaluator rows: half-width of the offset's 95% interval."),
    ),
)

CHECKS = Sheet(
    "Checks",
    computed=True,
    help="Every problem found in the data, with where it is and how to fix it.",
    columns=(
        C("severity", "Severity", width=9),
        C("sheet", "Sheet", width=10),
        C("row", "Row", INTEGER, width=7),
        C("field", "Field", width=20, wrap=True),
        C("value", "Value", width=22, wrap=True),
        C("code", "Code", width=30),
        C("problem", "Problem", width=60, wrap=True),
        C("fix", "How to fix", width=60, wrap=True),
    ),
)

START = "Start here"
INPUT_SHEETS = (CRITERIA, REPS, SCORES, LOG)
COMPUTED_SHEETS = (BASELINE, FOLLOWUP, AGGREGATE, CHECKS)
SHEET_ORDER = (START, "Log", "Scores", "Criteria", "Reps", "Settings", "Follow-up", "Baseline", "Aggregate", "Checks")

# The cell on Start here that holds the one-line refresh summary, its label (beside it, in column A)
# and what it holds before the first refresh.
STAMP_CELL = "B3"
STAMP_LABEL = "Last refresh"
STAMP_TEMPLATE = "Not refreshed yet."

AGGREGATE_DIMENSIONS = (
    ("method", "Coaching method"),
    ("criterion", "Criterion"),
    ("rep", "Rep"),
    ("supervisor", "Supervisor"),
    ("month", "Month"),
)

# Aggregate rows beyond the dimensions above: one per valid session (the before/after chart, grouped by
# rep) and one per evaluator and criterion (the offsets).
SESSION_DIMENSION = "Session"
EVALUATOR_DIMENSION = "Evaluator"


def sheet_named(names, name: str) -> str | None:
    """The sheet of ``names`` Excel takes for ``name``: the same name, else one differing only in its
    capitals (Excel finds a sheet whatever its capitals, and holds no two names equal but for them)."""
    if name in names:
        return name
    return next((n for n in names if n.casefold() == name.casefold()), None)
