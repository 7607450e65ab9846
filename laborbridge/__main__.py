"""The `laborbridge` command: Django's manage.py for this project."""

import os
import sys


def main() -> None:
    """Run a Django management command with LaborBridge's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laborbridge.settings")
    os.umask(0o077)  # whatever the server writes (uploads, databases, temporary files) is the owner's only
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
