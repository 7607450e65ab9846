"""The home page each role lands on after login, and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from laborbridge.accounts import policy
from laborbridge.employment.receiving import receiving_figures
from laborbridge.workers.selectors import worker_figures


@login_required
def home(request):
    """Each role lands where its work is: an eastern bureau on the employers it brings and the workers placed
    with them, the western side on its registry, the auditor on the trail, an employer on its desk."""
    user, figures, receiving = request.user, {}, {}
    if policy.receiving_side(user) and policy.may(user, "view_employers"):
        receiving = receiving_figures(actor=user)
    elif policy.may(user, "view_workers"):
        figures = worker_figures(actor=user)
    return render(request, "accounts/home.html", {"figures": figures, "receiving": receiving})


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
