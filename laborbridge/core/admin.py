from django.contrib import admin

from laborbridge.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only."""

    list_display = [
        "time",
        "actor_label",
        "role",
        "region_code",
        "action",
        "object_type",
        "object_id",
        "success",
    ]
    list_filter = ["action", "success", "role"]
    search_fields = ["actor_label", "region_code", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
