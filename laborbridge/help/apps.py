from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "laborbridge.help"
    label = "help"
    verbose_name = "使用帮助"

    def ready(self):
        from laborbridge.help import checks  # noqa: F401  (registers the guide-folder check)
