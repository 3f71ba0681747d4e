"""Power edits for the secretariat; a review's status moves only through the workflow service."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hubs.models import (
    HubCoordinator,
    HubFigure,
    HubFunctionReview,
    HubPlan,
    HubProvider,
    HubReview,
    HubSetup,
)


@admin.register(HubSetup)
class HubSetupAdmin(SimpleHistoryAdmin):
    list_display = ["council", "development_type", "owner_body"]


@admin.register(HubPlan)
class HubPlanAdmin(SimpleHistoryAdmin):
    list_display = ["fiscal_year", "function", "hub_type", "target", "priority", "status"]
    list_filter = ["council", "fiscal_year", "function", "hub_type", "status"]


class HubCoordinatorInline(admin.TabularInline):
    model = HubCoordinator
    extra = 0


@admin.register(HubProvider)
class HubProviderAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "layer", "registered_on", "changed_on"]
    list_filter = ["organization__council", "layer"]
    search_fields = ["organization__name"]
    inlines = [HubCoordinatorInline]


class HubFigureInline(admin.TabularInline):
    model = HubFigure
    extra = 0


class HubFunctionReviewInline(admin.StackedInline):
    model = HubFunctionReview
    extra = 0


@admin.register(HubReview)
class HubReviewAdmin(SimpleHistoryAdmin):
    list_display = ["fiscal_year", "council", "status", "meeting"]
    list_filter = ["council", "status"]
    readonly_fields = ["status", "status_reason", "status_changed_at", "status_changed_by"]
    inlines = [HubFigureInline, HubFunctionReviewInline]
