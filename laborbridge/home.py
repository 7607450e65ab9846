"""The home page each role lands on after login, and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from laborbridge.accounts import policy
from laborbridge.workers.selectors import worker_figures


@login_required
def home(request):
    figures = worker_figures(actor=request.user) if policy.may(request.user, "view_workers") else {}
    return render(request, "accounts/home.html", {"figures": figures})


@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
