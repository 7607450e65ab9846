from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "laborbridge.core"
    label = "core"
    verbose_name = "核心"
