"""Login: the only page an anonymous visitor may see."""

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views

DEMO_ACCOUNTS = [
    ("jimukyoku", "事務局"),
    ("shuro", "就労部会の部会員"),
    ("soudan", "相談支援部会の部会員"),
    ("city", "市職員"),
    ("kansa", "監査"),
]
# The published demo accounts' password, shown only in demo mode.
DEMO_PASSWORD = "kyogikai-demo"  # noqa: S105  # nosec B105


class DemoLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_accounts"] = DEMO_ACCOUNTS
            context["demo_password"] = DEMO_PASSWORD
        return context
