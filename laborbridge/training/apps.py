from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "laborbridge.training"
    label = "training"
    verbose_name = "技能培训"
