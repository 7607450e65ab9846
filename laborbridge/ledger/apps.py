from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "laborbridge.ledger"
    label = "ledger"
    verbose_name = "台账导入导出"
