"""Power edits for the secretariat; history is browsable from every change page."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from council.models import (
    Attendance,
    Body,
    BodyYear,
    CalendarToken,
    Council,
    CouncilRole,
    FiscalYear,
    Meeting,
    MeetingAttachment,
    MeetingItem,
    Membership,
    Organization,
    Person,
)


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "slug"]


@admin.register(CouncilRole)
class CouncilRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "council", "role", "is_privacy_officer", "organization"]
    list_filter = ["council", "role"]
    filter_horizontal = ["bodies"]  # a ward's secretariat: the bodies it runs


@admin.register(FiscalYear)
class FiscalYearAdmin(SimpleHistoryAdmin):
    list_display = ["label", "council", "is_current"]
    list_filter = ["council"]


class BodyYearInline(admin.TabularInline):
    model = BodyYear
    extra = 0


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "order", "council"]
    list_filter = ["council", "kind"]
    search_fields = ["name", "short_name"]
    inlines = [BodyYearInline]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category", "consultation_layer", "council"]
    list_filter = ["council", "category", "consultation_layer"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "post", "is_council_member", "user"]
    list_filter = ["council", "is_council_member"]
    search_fields = ["name", "name_kana", "organization__name"]
    raw_id_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "body", "fiscal_year", "role"]
    list_filter = ["fiscal_year", "body", "role"]
    search_fields = ["person__name"]
    list_select_related = ["person", "body", "fiscal_year"]


class MeetingItemInline(admin.TabularInline):
    model = MeetingItem
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["body", "number", "date", "mode", "fiscal_year", "minutes_status"]
    list_filter = ["fiscal_year", "body", "mode", "minutes_status"]
    date_hierarchy = "date"
    list_select_related = ["body", "fiscal_year"]
    # Minutes move through the workflow service only, never by a form field.
    readonly_fields = ["minutes_status"]
    inlines = [MeetingItemInline, AttendanceInline]


@admin.register(MeetingAttachment)
class MeetingAttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "label", "title", "content_type", "size"]
    readonly_fields = ["content_type", "size", "sha256", "uploaded_by", "uploaded_at"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    """Only to see who holds a key and to revoke one (delete): a key is never made here."""

    list_display = ["user", "created_at"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "key_hash", "password_fingerprint", "created_at"]

    def has_add_permission(self, request: object) -> bool:
        return False
