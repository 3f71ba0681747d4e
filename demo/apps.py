from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo council (長岡市, 令和2年度), loaded by `seed_demo` from fixtures/."""

    name = "demo"
    verbose_name = _("Demo council")
