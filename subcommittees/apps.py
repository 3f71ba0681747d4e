from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubcommitteesConfig(AppConfig):
    """活動方針, 検討状況報告書, 振り返り・評価シート, 地域課題 (the subcommittee-year issue)."""

    name = "subcommittees"
    verbose_name = _("Subcommittee year")

    def ready(self) -> None:
        from council import todos as council_todos
        from documents import registry
        from subcommittees import (
            permissions,  # noqa: F401  (registers the app's rules)
            services,
            todos,
        )

        registry.FREEZERS.append(services.freeze_published)
        council_todos.register(todos.member_todos)
