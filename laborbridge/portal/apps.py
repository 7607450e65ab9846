from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "laborbridge.portal"
    verbose_name = "招工信息平台"
