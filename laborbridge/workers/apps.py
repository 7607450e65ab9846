from django.apps import AppConfig


class WorkersConfig(AppConfig):
    name = "laborbridge.workers"
    label = "workers"
    verbose_name = "劳动力台账"
