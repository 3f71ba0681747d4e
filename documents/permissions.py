"""Who may follow a background job: the user who started it, and no one else (a stranger
gets 404, like any object they may not see)."""

from __future__ import annotations

from typing import Any

from council.permissions import Access, register


def _job_view(a: Access, job: Any) -> bool:
    return a.user_id is not None and job.meta.get("user_id") == a.user_id


register(rules={"job.view": _job_view}, models={})
