from django.core.management.base import BaseCommand

from laborbridge.core import crypto
from laborbridge.core.keyrotation import encrypted_models, rotate_table
from laborbridge.ledger import storage


class Command(BaseCommand):
    help = (
        "Rewrite every encrypted value, blind index and kept file with the current FIELD_ENCRYPTION_KEY "
        "(version FIELD_ENCRYPTION_KEY_VERSION), reading older ones with FIELD_ENCRYPTION_KEYS_OLD. "
        "Batches commit one by one; run it again to resume."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--check", action="store_true", help="only count rows still holding a value of an older key"
        )

    def handle(self, *args, batch_size, check, verbosity, **options):
        version = crypto.current_version()
        remaining = 0
        for model, fields, indexes in encrypted_models():

            def report(outcome):
                if verbosity >= 2:
                    self.stdout.write(
                        f"  {outcome.label}: {outcome.rows} rows, {outcome.rewritten} rewritten"
                    )

            outcome = rotate_table(model, fields, indexes, batch_size=batch_size, check=check, report=report)
            remaining += outcome.remaining
            if check:
                self.stdout.write(
                    f"{outcome.label}: {outcome.remaining} of {outcome.rows} rows on an older key"
                )
            else:
                self.stdout.write(f"{outcome.label}: {outcome.rewritten} of {outcome.rows} rows rewritten")
        if check:
            self.stdout.write(f"key version {version}: {remaining} rows still to rotate")
            return
        files = storage.reencrypt_all()
        self.stdout.write(f"{files} kept files re-encrypted; everything is on key version {version}")
