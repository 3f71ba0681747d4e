"""The referral pipeline's table (参加支援): action → (allowed from, goes to), and who may.

相談受付 → プラン作成 → 資源開発・マッチング → 定着支援・フォローアップ → 終結. "not_successful"
closes from any open stage with a reason among the Outcome choices; "reopen" takes a closed case
back to the stage it was closed from (intake when that is not known). The rules themselves are
in referrals/permissions.py, as "case.transition.<action>", read from WHO below."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from council.workflow import Table
from referrals.models import Outcome, Stage

IN, P, M, F, C = Stage.INTAKE, Stage.PLANNING, Stage.MATCHING, Stage.FOLLOW_UP, Stage.CLOSED
OPEN = frozenset({IN, P, M, F})

CASE_FLOW: Table = {
    "start_plan": (frozenset({IN}), P),
    "start_matching": (frozenset({P}), M),
    "start_follow_up": (frozenset({M}), F),
    "close": (frozenset({F}), C),
    "not_successful": (OPEN, C),
    "reopen": (frozenset({C}), IN),  # to `closed_from`, when the case knows it
}

# Who may: TEAM is the case's assigned workers (while a consent is active) and its case
# managers; TEAM_OR_SECRETARIAT adds the council's secretariat, which closes and reopens cases
# at the 重層的支援会議. Hub providers and auditors never move a case.
TEAM, TEAM_OR_SECRETARIAT = "team", "team_or_secretariat"
WHO = {
    "start_plan": TEAM,
    "start_matching": TEAM,
    "start_follow_up": TEAM,
    "close": TEAM_OR_SECRETARIAT,
    "not_successful": TEAM,
    "reopen": TEAM_OR_SECRETARIAT,
}

NEEDS_REASON = {"reopen"}  # "not_successful" needs its outcome, its text is optional
NEEDS_EVALUATION = {"close"}
# The reasons a case closes without a connection.
UNSUCCESSFUL = [choice for choice in Outcome.choices if choice[0] != Outcome.SUCCESSFUL]

LABELS = {
    "start_plan": _("Start the plan"),
    "start_matching": _("Start matching"),
    "start_follow_up": _("Start the follow-up"),
    "close": _("Close as connected"),
    "not_successful": _("Close as not successful"),
    "reopen": _("Reopen"),
}
