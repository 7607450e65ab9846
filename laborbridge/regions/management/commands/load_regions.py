from django.core.management.base import BaseCommand

from laborbridge.regions.services import regions_load


class Command(BaseCommand):
    help = "Load the division tree (all China to township; villages of the paired counties) and the pairings."

    def handle(self, *args, **options):
        counts = regions_load()
        self.stdout.write(
            f"regions: {counts['created']} created, {counts['renamed']} renamed; "
            f"pairings: {counts['pairings_created']} created"
        )
