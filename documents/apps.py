from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """PDF rendering, frozen published PDFs, downloads, backup and integrity checks, and
    the structured documents' engine."""

    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from documents import permissions, registry, writings  # noqa: F401  (registers rules)

        registry.FREEZERS.append(writings.freeze_published)
