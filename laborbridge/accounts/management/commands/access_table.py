from django.core.management.base import BaseCommand

from laborbridge.accounts.policy import access_table


class Command(BaseCommand):
    help = "Print the role × capability table generated from the access policy (docs/access.md)."

    def handle(self, *args, **options):
        self.stdout.write(access_table(), ending="")
