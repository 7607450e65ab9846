from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from laborbridge.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "role", "region", "is_active", "is_demo"]
    list_filter = ["role", "is_active", "is_demo"]
    raw_id_fields = ["region"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("角色与地区"), {"fields": ["role", "region", "is_demo"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("角色与地区"), {"fields": ["role", "region"]}),
    ]
