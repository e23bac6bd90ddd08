from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin
from knox.models import AuthToken

from zhaoshang.core.admin import ReadOnlyAdmin
from zhaoshang.core.evidence_admin import EvidenceAdmin

from .models import SignInRecord


@admin.register(SignInRecord)
class SignInRecordAdmin(EvidenceAdmin):
    """The sign-in log (`zhaoshang purge_audit` removes records past the retention period)."""

    list_display = ["at", "username", "outcome", "address", "path", "user_agent"]
    list_filter = ["outcome", "path"]
    search_fields = ["username", "address"]
    date_hierarchy = "at"
    export_fields = list_display


# axes keeps its own access logs only when asked; SignInRecord is the log here, so its empty
# pages would only mislead. Its access attempts stay: deleting one lifts a lock early.
for log in (AccessLog, AccessFailureLog):
    if admin.site.is_registered(log):
        admin.site.unregister(log)


# A token is made by signing in to the API and ended by signing out; the admin only shows them.
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class AuthTokenAdmin(ReadOnlyAdmin):
    list_display = ["user", "created", "expiry"]
    search_fields = ["user__username"]
