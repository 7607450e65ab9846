"""The site's URLs plus pages that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from laborbridge.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("the database went away")


def refuse_in_english(request):
    raise PermissionDenied("You do not have permission")


def suspicious(request):
    raise SuspiciousOperation("bad input")


urlpatterns = [
    path("test-errors/boom/", boom),
    path("test-errors/refuse-in-english/", refuse_in_english),
    path("test-errors/suspicious/", suspicious),
    *urlpatterns,
]
