from django.contrib import admin

from laborbridge.regions.models import Pairing, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Pairing)
class PairingAdmin(admin.ModelAdmin):
    list_display = ["east", "west", "since_year"]
    raw_id_fields = ["east", "west"]
