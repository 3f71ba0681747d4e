from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    """地域生活支援拠点等 and 提言 (filled by the hub issue)."""

    name = "hubs"
    verbose_name = _("Regional life-support hub")

    def ready(self) -> None:
        from documents import registry
        from hubs import (
            permissions,  # noqa: F401  (registers the app's rules)
            services,
        )

        registry.FREEZERS.append(services.freeze_published)
        registry.ANNUAL_PARTS.append(services.annual_parts)
