"""Reads of ledger imports, scoped like the registry."""

from django.db.models import Q, QuerySet
from django.http import Http404

from laborbridge.accounts.scoping import scope_for
from laborbridge.ledger.models import LedgerImport
from laborbridge.regions.models import Pairing, Region


def ledger_import_list(*, actor) -> QuerySet[LedgerImport]:
    """Imports into counties the actor may see (a township's staff: the imports of their county by themselves)."""
    scope = scope_for(actor)
    if scope.everywhere:
        return LedgerImport.objects.select_related("county")
    if not scope.sees_personal_data:
        return LedgerImport.objects.none()
    whole_counties = [prefix for prefix in scope.prefixes if len(prefix) == 6]
    return LedgerImport.objects.filter(Q(actor=actor) | Q(county_id__in=whole_counties)).select_related(
        "county"
    )


def ledger_import_get(*, actor, pk) -> LedgerImport:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    job = ledger_import_list(actor=actor).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def importable_counties(*, actor) -> list[Region]:
    """The counties the actor may import a ledger into."""
    scope = scope_for(actor)
    if not scope.can_write:
        return []
    if scope.everywhere:
        codes = {code for pair in Pairing.objects.values_list("west_id", "east_id") for code in pair}
    else:
        codes = {prefix[:6] for prefix in scope.prefixes}
    return list(Region.objects.filter(code__in=codes, level=Region.Level.COUNTY).order_by("code"))
