from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    """提言: a body's or the council's numbered proposal to the city, and the city's answer."""

    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from documents import registry
        from proposals import (
            permissions,  # noqa: F401  (registers the app's rules)
            services,
        )

        registry.FREEZERS.append(services.freeze_published)
