from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    """The social-resource catalogue and the 参加支援・緊急時受入れ・体験 referrals; personal case
    data lives only here."""

    name = "referrals"
    verbose_name = _("Case referrals")

    def ready(self) -> None:
        from documents.registry import SENSITIVE
        from referrals import permissions  # noqa: F401  (registers the app's rules)

        SENSITIVE["referrals.CaseIdentity"] = "case identities"
