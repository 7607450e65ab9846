"""`laborbridge check --deploy`: what the production stack needs beyond Django's own checks (docs/deploy.md)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from laborbridge import config


@register(Tags.security, deploy=True)
def production_stack(app_configs, **kwargs):
    found = []
    if config.LOCAL_SECRETS_USED:
        found.append(
            Warning(
                f"{', '.join(config.LOCAL_SECRETS_USED)} read from files in var/ (LOCAL_SECRETS).",
                hint="Give every process the same secrets from the environment (or NAME_FILE) and unset "
                "LOCAL_SECRETS; another machine's process would make up keys of its own.",
                id="core.W001",
            )
        )
    if not settings.REDIS_URL:
        found.append(
            Warning(
                "REDIS_URL is not set: rate limits, sessions and the task queue live in this machine's "
                "database and SQLite file.",
                hint="Set REDIS_URL (docs/deploy.md).",
                id="core.W002",
            )
        )
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        found.append(
            Warning(
                "The database is not PostgreSQL.", hint="Set DATABASE_URL (docs/deploy.md).", id="core.W003"
            )
        )
    return found
