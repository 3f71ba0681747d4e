"""The referrals app's rules: the catalogue (社会資源) is read by every reader of the council
and kept by its secretariat."""

from __future__ import annotations

from council.history import Related, register_history
from council.permissions import Scope, reads, register, runs
from referrals.models import OperatingForm, SocialResource

register(
    rules={
        "resource.view": reads,
        "resource.edit": runs,
    },
    models={
        SocialResource: Scope("council"),
        OperatingForm: Scope("resource__council"),
    },
)

register_history(
    "resource",
    SocialResource,
    select=("operator",),
    related=[Related(OperatingForm, "resource", ("kind",))],
)
