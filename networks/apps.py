from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    """連絡会・区ネットワーク: a network's profile, its study visits (視察研修) and its report."""

    name = "networks"
    verbose_name = _("Networks")

    def ready(self) -> None:
        from networks import permissions  # noqa: F401  (registers the app's rules)
