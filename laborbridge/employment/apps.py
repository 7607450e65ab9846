from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "laborbridge.employment"
    label = "employment"
    verbose_name = "就业"
