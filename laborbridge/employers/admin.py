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
