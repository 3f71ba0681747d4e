"""Login: the only page an anonymous visitor may see."""

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

DEMO_ACCOUNTS = [
    ("jimukyoku", "事務局"),
    ("shuro", "就労部会の部会員"),
    ("soudan", "相談支援部会の部会員"),
    ("city", "市職員"),
    ("kansa", "監査"),
]
# The published demo accounts' password, shown only in demo mode.
DEMO_PASSWORD = "kyogikai-demo"  # noqa: S105  # nosec B105


class LoginForm(AuthenticationForm):
    """Django's, with the user name's length enforced: the form only tells the browser its
    maxlength, and a longer name went on to the lockout's log (255 characters) and a 500."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class DemoLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_accounts"] = DEMO_ACCOUNTS
            context["demo_password"] = DEMO_PASSWORD
        return context
