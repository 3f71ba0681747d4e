from typing import Any

from django.conf import settings
from django.http import HttpRequest

from council.permissions import can


def council_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "demo_mode": settings.DEMO_MODE,
        # Asked only when the menu shows (a logged-in page), from the rule as every view asks.
        "can_operate": lambda: can(request.user, "council.list", None),
    }
