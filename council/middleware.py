"""Response headers and the auditor's read-only rule, applied to every request."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from council.permissions import writes_anywhere

# No inline script or style anywhere in our templates, so the policy can stay strict.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Django's admin ships a few inline style attributes; it is staff-only and keeps its own policy.
ADMIN_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        is_admin = request.path.startswith("/admin/")
        response.headers.setdefault("Content-Security-Policy", ADMIN_CSP if is_admin else CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # A logged-in page is one person's view: no shared or browser cache may keep it.
            patch_cache_control(response, no_store=True, private=True)
        return response


class ReadOnlyRoleMiddleware:
    """Refuse any write by an auditor, even on a view that forgot to check. What an auditor
    writes to their own account (log out, their password, their calendar key) is not the
    council's record, and a printout's POST only starts a job that reads (the annual report)."""

    SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
    OWN_ACCOUNT = frozenset(
        {
            "logout",
            "password_change",
            "password_reset",
            "password_reset_confirm",
            "council:council-choose",
            "council:calendar-token-issue",
            "council:calendar-token-revoke",
        }
    )
    PRINTOUTS = frozenset({"subcommittees:annual-report"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *args: Any) -> None:
        if (
            request.method not in self.SAFE
            and request.user.is_authenticated
            and request.resolver_match.view_name not in self.OWN_ACCOUNT | self.PRINTOUTS
            and not writes_anywhere(request.user)
        ):
            raise PermissionDenied("read-only role")
