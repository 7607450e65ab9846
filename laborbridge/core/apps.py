from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "laborbridge.core"
    label = "core"
    verbose_name = "核心"

    def ready(self):
        from laborbridge.core import checks  # noqa: F401  (registers the production-stack checks)
