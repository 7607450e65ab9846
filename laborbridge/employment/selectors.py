"""Reads of employment spells, scoped through the worker they belong to."""

from django.db.models import QuerySet
from django.http import Http404

from laborbridge.accounts.scoping import scope_for
from laborbridge.employment.models import Employment


def employment_list(*, actor, worker=None) -> QuerySet[Employment]:
    qs = Employment.objects.filter(
        scope_for(actor).q(
            "worker__township_id", county_field="worker__county_id", township_field="worker__township_id"
        )
    ).select_related("place", "worker")
    if worker is not None:
        qs = qs.filter(worker=worker)
    return qs


def employment_get(*, actor, pk) -> Employment:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    spell = employment_list(actor=actor).filter(pk=pk).first()
    if spell is None:
        raise Http404
    return spell
