from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """PDF rendering, frozen published PDFs, downloads, backup and integrity checks."""

    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from documents import permissions  # noqa: F401  (registers the job rule)
