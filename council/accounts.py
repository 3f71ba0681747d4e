"""Login (with the demo accounts), and the client address the lockout counts failures by."""

import ipaddress
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest

DEMO_ACCOUNTS = [
    ("jimukyoku", "事務局"),
    ("shuro", "就労部会の部会員"),
    ("soudan", "相談支援部会の部会員"),
    ("city", "市職員"),
    ("kansa", "監査"),
    ("soudanin", "相談支援専門員"),
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


def client_ip(request: HttpRequest) -> str | None:
    """The address django-axes locks out (AXES_CLIENT_IP_CALLABLE). Behind TRUSTED_PROXY_COUNT
    proxies it is the one the outermost of them saw: each proxy appends its peer's address to
    X-Forwarded-For, so we count from the right; what a client wrote further left is forgeable
    and ignored. With no trusted proxy, or a header that is not an address, REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [hop.strip() for hop in forwarded.split(",") if hop.strip()] + [remote or ""]
    candidate = chain[max(0, len(chain) - 1 - trusted)]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
