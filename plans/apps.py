from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """年間計画: a body's year plan (month rows by fiscal year) and its planned meetings."""

    name = "plans"
    verbose_name = _("Year plans")

    def ready(self) -> None:
        from documents import registry
        from plans import permissions, report  # noqa: F401  (registers the app's rules)

        registry.ATTACHMENTS.append(report.attached_to)
