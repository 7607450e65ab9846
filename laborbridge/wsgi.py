"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laborbridge.settings")
os.umask(0o077)  # whatever the server writes (uploads, databases, temporary files) is the owner's only
application = get_wsgi_application()
