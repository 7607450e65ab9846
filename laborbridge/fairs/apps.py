from django.apps import AppConfig


class FairsConfig(AppConfig):
    name = "laborbridge.fairs"
    label = "fairs"
    verbose_name = "招聘会"
