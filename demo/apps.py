from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo council (長岡市, 令和2年度), loaded by `seed_demo` from fixtures/."""

    name = "demo"
    verbose_name = _("Demo council")

    def ready(self) -> None:
        from council.history import register_reasons

        # The change reason seed_demo and the hub's loader write, as the history page says it.
        register_reasons({"seed_demo": _("Demo data loaded"), "seed_hub": _("Demo data loaded")})
