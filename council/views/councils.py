"""The install's councils: the site operator lists them and creates one with its first
secretariat (whose invitation is the same as any account's)."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council import forms, services
from council.models import Council, CouncilRole, Person
from council.permissions import require
from council.views.helpers import form_data, form_page, reset_outcome, saved


def _counts(model: type[Person] | type[CouncilRole]) -> dict[int, int]:
    """Rows per council, one grouped query (a join of both tables would multiply them)."""
    rows = model.objects.order_by().values("council").annotate(n=Count("pk"))
    return {row["council"]: row["n"] for row in rows}


def council_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "council.list", None)
    people, accounts = _counts(Person), _counts(CouncilRole)
    rows = [
        (council, people.get(council.pk, 0), accounts.get(council.pk, 0))
        for council in Council.objects.only("name", "municipality", "prefecture", "slug")
    ]
    return render(request, "council/council_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def council_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "council.create", None)
    form = forms.CouncilCreateForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # saved(): a slug or user name taken between the form's checks and the insert is
        # named on the form, as the checks name it.
        person = saved(
            request,
            lambda: services.council_create(**data, by=request.user),
            form,
            _("The council %(name)s is created.") % {"name": data["name"]},
        )
        if person is not None:
            # The invitation, as for any account: after the commit, the e-mail or the link.
            reset = services.account_password_reset(
                person=person,
                by=request.user,
                domain=request.get_host(),
                secure=request.is_secure(),
            )
            back = reverse("council:council-list")
            return reset_outcome(request, person, reset, invited=True, back=back)
    return form_page(request, "council/council_form.html", {"form": form})
