from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "laborbridge.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self):
        from laborbridge.accounts import receivers  # noqa: F401  (login audit)
