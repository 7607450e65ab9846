"""Reads of ledger imports, scoped like the registry."""

from django.db.models import QuerySet
from django.http import Http404

from laborbridge.accounts import policy
from laborbridge.ledger.models import LedgerImport
from laborbridge.regions.models import Pairing, Region


def ledger_import_list(*, actor) -> QuerySet[LedgerImport]:
    """Imports into counties the actor may see (a township's staff: the imports of their county by themselves)."""
    return LedgerImport.objects.filter(policy.import_jobs_q(actor)).select_related("county")


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
    scope = policy.importable_scope(actor)
    if not scope:
        return []
    if scope.everywhere:
        codes = {code for pair in Pairing.objects.values_list("west_id", "east_id") for code in pair}
    else:
        codes = {prefix[:6] for prefix in scope.prefixes}
    return list(Region.objects.filter(code__in=codes, level=Region.Level.COUNTY).order_by("code"))
