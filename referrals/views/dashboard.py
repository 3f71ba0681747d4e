"""The case dashboard: counts by stage and month, the funnel of the year's cases, and the
follow-ups and reminders that are overdue. The counts name no case; the overdue lists name
cases by pseudonym, to those who may see their record, and are logged as reads."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from council.current import council_for
from council.permissions import can, require
from referrals import dashboard, services
from referrals.charts import funnel_chart
from referrals.models import Case, CaseReadLog, Stage


def case_dashboard(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "case.list", council)
    visible = Case.objects.visible_to(request.user).filter(council=council)
    fiscal_year, years = dashboard.fiscal_years(visible, request.GET.get("year"))
    by_stage = dict(
        visible.order_by().values("stage").annotate(n=Count("pk")).values_list("stage", "n")
    )
    months = dashboard.monthly(visible, council.pk, fiscal_year)
    funnel = funnel_chart(
        chart_id="case-funnel",
        title=_("Cases opened in %(year)s, by the stage they reached")
        % {"year": fiscal_year.label},
        rows=dashboard.funnel(visible, fiscal_year),
    )
    overdue = [
        case
        for case in dashboard.overdue(visible.for_rules())
        if can(request.user, "case.record", case)
    ]
    services.case_read_log_many(
        cases=overdue, user=request.user, what=CaseReadLog.What.LIST, path=request.get_full_path()
    )
    return render(
        request,
        "referrals/case_dashboard.html",
        {
            "fiscal_year": fiscal_year,
            "years": years,
            "stages": [(label, by_stage.get(value, 0)) for value, label in Stage.choices],
            "columns": [label for _key, label in dashboard.COLUMNS],
            "months": months,
            "totals": dashboard.totals(months),
            "funnel": funnel,
            "overdue": overdue,
            "today": timezone.localdate(),
            "editable": {case.pk for case in overdue if can(request.user, "case.edit", case)},
        },
    )
