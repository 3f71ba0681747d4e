"""Whether the menu shows the case list: read from the user's roles (loaded once per request),
never from the cases."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from council.permissions import access_for
from referrals.permissions import CASE_ROLES


def case_menu(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_see_cases": False}
    access = access_for(user)
    shown = access.is_superuser or any(role in CASE_ROLES for role in access.roles.values())
    return {"can_see_cases": shown}
