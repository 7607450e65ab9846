from django.core.management.base import BaseCommand, CommandError

from laborbridge.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `laborbridge backup` into an empty database: the one DATABASE_URL names, "
        "or --database-url. Stop the server and the task worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--database-url", default="", help="restore into this database instead")
        parser.add_argument("--force", action="store_true", help="replace what the target database holds")

    def handle(self, *args, file, database_url, force, **options):
        try:
            header = restore(file, database_url=database_url, force=force)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"restored the {header['engine']} backup of {header['created']} ({header['sha256']})"
        )
