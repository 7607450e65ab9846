from django.core.management.base import BaseCommand, CommandError

from laborbridge.demo.services import DEFAULT_WORKERS, RealDataPresent, demo_password, demo_present, demo_seed


class Command(BaseCommand):
    help = "Create the demo: regions, the 粤桂 pairing, demo users and a registry of 金秀's workers (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help=f"how many demo workers (default {DEFAULT_WORKERS:,}, the 2024 story's size)",
        )
        parser.add_argument("--force", action="store_true", help="add demo data even beside real records")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if the demo is already there")

    def handle(self, *args, workers, force, if_empty, **options):
        if if_empty and demo_present():
            self.stdout.write("demo data already present")
            return
        try:
            counts = demo_seed(workers=workers, force=force)
        except RealDataPresent:
            if if_empty:
                self.stdout.write("database holds real records: demo not loaded")
                return
            raise CommandError("数据库中已有非演示数据，拒绝添加演示数据；确需添加请使用 --force") from None
        self.stdout.write(
            f"demo: {counts['workers']} workers, {counts['employments']} employment spells created; "
            f"{counts['employers']} employers; {counts['users'] + 1} demo users (password: {demo_password()})"
        )
