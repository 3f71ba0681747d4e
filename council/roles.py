"""The roles a login holds in a council, and the seats a person holds in a body: plain choices,
read by the models and by the permission registry alike."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    MEMBER = "member", _("Member")
    CITY = "city", _("City staff")
    AUDITOR = "auditor", _("Auditor")
    # The case side (issue #21): they read what city staff reads, plus the cases the rules in
    # referrals/permissions.py grant them.
    CASE_WORKER = "case_worker", _("Case worker")  # 相談支援専門員 / 地域福祉コーディネーター
    HUB_PROVIDER = "hub_provider", _("Hub provider staff")  # 拠点の事業所職員


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Chair (会長)")
    VICE_CHAIR = "vice_chair", _("Vice-chair (副会長)")
    SUBCOMMITTEE_CHAIR = "subcommittee_chair", _("Subcommittee chair (部会長)")
    LEADER = "leader", _("Leader")
    MEMBER = "member", _("Member (部会員)")
    SECRETARIAT = "secretariat", _("Secretariat (事務局)")


# Who chairs or runs a body's 事務局: they submit its sheets.
LEAD_ROLES = {SeatRole.CHAIR, SeatRole.SUBCOMMITTEE_CHAIR, SeatRole.LEADER, SeatRole.SECRETARIAT}
