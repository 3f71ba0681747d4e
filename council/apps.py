from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Council")

    def ready(self) -> None:
        # The core's rules, and the signals that keep Meeting.search_text up to date.
        from council import rules, signals  # noqa: F401
