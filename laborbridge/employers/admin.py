from django.contrib import admin

from laborbridge.employers.models import EmploymentBase, Occupation


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort"]
    search_fields = ["name", "code"]


@admin.register(EmploymentBase)
class EmploymentBaseAdmin(admin.ModelAdmin):
    list_display = ["employer", "kind", "recognised_on", "recognised_by"]
    list_filter = ["kind"]
    raw_id_fields = ["employer"]

    # Recognition goes through employers.services.base_recognise (its checks and its audit event), from
    # the employer's page; here it can only be looked at.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
