"""A session whose grey baseline cells cannot be used as they stand: its baseline waits (docs/rules.md).

The Log's Baseline mean, Baseline n and Baseline recorded on hold a recorded baseline (all three, the mean
blank for n 0) or a typed one (a mean, with or without its n, or an n of 0).  Some fillings are neither:
- a formula in Baseline recorded on, beside a blank mean or dated before the session: the team's own,
  never written over, so no baseline is recorded on that row (``formula``);
- Baseline recorded on before the session: another session's cells (``record``);
- a recorded mean cleared since, the n or the date left (``cleared``), or a recorded n cleared since, the
  mean and the date left (``n-cleared``);
- a typed Baseline n, not 0, with no Baseline mean (``typed-n``): a typed baseline whose mean is not typed,
  often what is left when the mean is cleared as typed-baseline-differs asks.  Taking the mean of the last
  n calls would move with late scores, and recording none would never end.
Each is left as it is and not used; the baseline from the score data is shown as provisional, and the
suggestion waits until the person mends the cells (:func:`held`).
"""

from __future__ import annotations

import datetime as dt

from coachlog_xl import schema
from coachlog_xl.core.baseline_words import fmt
from coachlog_xl.core.checks import Code
from coachlog_xl.core.inputs import formula_shown, formula_words

RECORDED, TYPED = "recorded", "typed"  # (core.baseline's states of the grey cells)


def held(s: dict) -> tuple | None:
    """Why the session's grey cells are not used (a word of :data:`~coachlog_xl.core.decisions._HELD`) and
    the Checks row saying so (the arguments of :meth:`~coachlog_xl.core.checks.Issues.add`), or None when they
    can be used (or hold nothing)."""
    state, mean, n = s["stored_state"], s["stored_mean"], s["stored_n"]
    if state == RECORDED and s.get("stored_formula") is not None and (_recorded_before(s) or mean is None and n != 0):
        return _formula(s)
    if state == RECORDED and _recorded_before(s):
        return ("record",
                Code.RECORDED_BEFORE_SESSION, schema.LOG.name, s["row"], "Baseline recorded on", s["stored_on"],
                f'{s["session_id"]}: Baseline recorded on {s["stored_on"]} is before the session '
                f'({s["day"]:%Y-%m-%d}), and no refresh records a baseline before its session: the grey cells are '
                "another session's (a row copied, or the session moved since), or a Session date typed as text is "
                "read as another day now (Date order on Settings changed). They are not used; the baseline from the "
                "score data is shown as provisional.",
                "If the Session date is text read as the wrong day, type it as a date and keep the grey cells (they "
                "are used again); else clear the session's Baseline mean, Baseline n and Baseline recorded on cells: "
                "the next refresh records its own baseline.")
    if state == RECORDED and mean is None and n != 0:
        blank = "Baseline mean is" if n is not None else "Baseline mean and Baseline n are"
        beside = "" if n is None else f" and Baseline n {n}"
        return ("cleared",
                Code.BASELINE_INCOMPLETE, schema.LOG.name, s["row"], "Baseline mean", None,
                f'{s["session_id"]}: {blank} blank beside Baseline recorded on {s["stored_on"]}{beside}: a recorded '
                "baseline has its n, and a mean unless n is 0, so a cell was cleared since. The cells are left as "
                "they are and not used; the baseline from the score data is shown as provisional.",
                "Type the recorded values back (the backup or an earlier copy of the workbook shows them), or clear "
                "the session's other grey baseline cells too for the next refresh to record the baseline again.")
    if state == RECORDED and n is None:  # a mean and its date left: not the data's n
        return ("n-cleared",
                Code.RECORDED_N_CLEARED, schema.LOG.name, s["row"], "Baseline n", None,
                f'{s["session_id"]}: Baseline n is blank beside Baseline recorded on {s["stored_on"]} and Baseline '
                f"mean {fmt(mean)}: a recorded baseline has its n, so the cell was cleared since, and how many calls "
                "that mean was taken over is not known. The cells are left as they are and not used; the baseline "
                "from the score data is shown as provisional.",
                "Type the recorded n back (the backup or an earlier copy of the workbook shows it), or clear the "
                "session's Baseline mean and Baseline recorded on too for the next refresh to record it again.")
    if state == TYPED and mean is None and n not in (None, 0):  # (n 0 is a whole baseline: no calls, no mean)
        return ("typed-n",
                Code.TYPED_N_WITHOUT_MEAN, schema.LOG.name, s["row"], "Baseline mean", None,
                f'{s["session_id"]}: Baseline n is typed ({n}) and Baseline mean is blank, with Baseline recorded '
                "on blank: a typed baseline needs its mean. The baseline is not recorded and the typed n is not used "
                "(its last calls' mean would move with late scores); the baseline from the score data is shown as "
                "provisional until the cells are mended.",
                "Type the baseline's mean in Baseline mean (a baseline the team kept), or clear Baseline n for the "
                "next refresh to record the baseline from the scores.")
    return None


def _formula(s: dict) -> tuple:
    """A formula in Baseline recorded on, the team's own: never written over, so no baseline is recorded."""
    text = formula_words(s["stored_formula"])
    # an n beside a blank mean would be a typed n without its mean once the formula is gone (typed-n-without-mean)
    lone_n = s["stored_mean"] is None and s["stored_n"] not in (None, 0)
    delete = ("Delete the formula from Baseline recorded on and clear Baseline n" if lone_n
              else "Delete the formula from Baseline recorded on")
    return ("formula",
            Code.BASELINE_FORMULA, schema.LOG.name, s["row"], "Baseline recorded on",
            formula_shown(s["stored_formula"]) or s["stored_on"],
            f'{s["session_id"]}: Baseline recorded on holds {text} (showing {s["stored_on"]}), the team\'s own, '
            "not a date a refresh recorded: a refresh never writes over a formula, so it records no baseline on "
            "this row. The cells are left as they are and not used; the baseline from the score data is shown "
            "as provisional.",
            f"{delete} (the next refresh records the baseline and its date), "
            "or, for a baseline of your own, type its Baseline mean and Baseline n and leave Baseline recorded "
            "on blank (a typed baseline is kept, used and checked against the scores).")


def _recorded_before(s: dict) -> bool:
    """Whether a session's Baseline recorded on is a day before the session: cells no refresh wrote for it."""
    on = s["stored_on"]
    on = on.date() if isinstance(on, dt.datetime) else on
    return isinstance(on, dt.date) and on < s["day"].date()
