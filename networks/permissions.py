"""Who may see and change a network's profile and study visits: every reader of the council
reads them; the secretariat (a ward's, for its bodies) and the body's members write them, a
profile in a year they sit there now, a visit in the visit's year."""

from __future__ import annotations

from council.history import Related, register_history
from council.models import Body
from council.permissions import Access, Scope, may_create, reads, register, runs
from networks.models import (
    NetworkComposition,
    NetworkProfile,
    NetworkPurpose,
    StudyVisit,
    StudyVisitFinding,
)


def _network_edit(a: Access, body: Body) -> bool:
    return runs(a, body) or (a.is_member(body.council_id) and body.pk in a.current_bodies)


def _visit_edit(a: Access, visit: StudyVisit) -> bool:
    return runs(a, visit) or (
        a.is_member(visit.body.council_id) and a.sits_in(visit.body_id, visit.fiscal_year_id)
    )


register(
    rules={
        "network.view": reads,  # a network body's profile page and its report (PDF)
        "network.edit": _network_edit,
        "visit.list": reads,
        "visit.view": reads,
        "visit.create": may_create,
        "visit.edit": _visit_edit,
    },
    models={
        NetworkProfile: Scope("body__council", body="body"),
        NetworkPurpose: Scope("profile__body__council", body="profile__body"),
        NetworkComposition: Scope("profile__body__council", body="profile__body"),
        StudyVisit: Scope("body__council", body="body"),
        StudyVisitFinding: Scope("visit__body__council", body="visit__body"),
    },
)

register_history(
    "networkprofile",
    NetworkProfile,
    select=("body",),
    related=[Related(NetworkPurpose, "profile"), Related(NetworkComposition, "profile")],
)
register_history(
    "studyvisit", StudyVisit, select=("body",), related=[Related(StudyVisitFinding, "visit")]
)
