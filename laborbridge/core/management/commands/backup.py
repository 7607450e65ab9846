from django.core.management.base import BaseCommand, CommandError

from laborbridge.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write an encrypted backup of the whole database to FILE (SQLite: online backup API; "
        "PostgreSQL: pg_dump). It is encrypted with a key derived from FIELD_ENCRYPTION_KEY: keep that key too."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            header = backup(file)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{file}: {header['engine']} backup of {header['bytes']:,} bytes, key version {header['key_version']}, "
            f"sha256 {header['sha256']}"
        )
