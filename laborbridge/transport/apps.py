from django.apps import AppConfig


class TransportConfig(AppConfig):
    name = "laborbridge.transport"
    label = "transport"
    verbose_name = "点对点专车"
