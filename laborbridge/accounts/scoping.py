"""What each actor may see and do: the one place where region scoping is decided.

A scope is a set of region-code prefixes. Workers are filtered by their township code
(which starts with its county's code), so scoping needs no join.
"""

from dataclasses import dataclass

from django.db.models import Q

from laborbridge.accounts.models import User
from laborbridge.regions.selectors import region_partner_codes

UNMASK_PERMISSION = "workers.unmask_worker"


def prefix_q(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, as a range so both SQLite and PostgreSQL use the index.

    (LIKE 'x%' is case-insensitive on SQLite and collation-bound on PostgreSQL: neither uses a plain index.)
    """
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})


@dataclass(frozen=True)
class Scope:
    prefixes: tuple[str, ...]  # ("",) means everywhere; () means nothing
    can_write: bool
    can_unmask: bool

    @property
    def everywhere(self) -> bool:
        return "" in self.prefixes

    @property
    def sees_personal_data(self) -> bool:
        return bool(self.prefixes)

    def q(self, field: str, *, county_field: str = "", township_field: str = "") -> Q:
        """A filter on a region-code field: true where the code lies inside the scope.

        Where the model also keeps its county and township codes, a county or township scope
        becomes an equality on that column, which an index on (column, id) serves in id order.
        """
        if self.everywhere:
            return Q()
        if not self.prefixes:
            return Q(pk__in=[])
        query = Q()
        for prefix in self.prefixes:
            if len(prefix) == 6 and county_field:
                query |= Q(**{county_field: prefix})
            elif len(prefix) == 9 and township_field:
                query |= Q(**{township_field: prefix})
            else:
                query |= prefix_q(field, prefix)
        return query

    def covers(self, code: str | None) -> bool:
        return self.everywhere or (code is not None and any(code.startswith(p) for p in self.prefixes))


NOTHING = Scope(prefixes=(), can_write=False, can_unmask=False)


def scope_for(actor) -> Scope:
    """The scope of personal data `actor` may read, write and unmask."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return NOTHING
    cached = getattr(actor, "_laborbridge_scope", None)
    if cached is not None:
        return cached
    scope = _compute(actor)
    actor._laborbridge_scope = scope
    return scope


def _compute(actor: User) -> Scope:
    role = actor.role
    granted_unmask = actor.has_perm(UNMASK_PERMISSION)
    if actor.is_superuser or role == User.Role.ADMIN:
        return Scope(prefixes=("",), can_write=True, can_unmask=True)
    if not actor.region_id:
        return NOTHING
    if role == User.Role.COUNTY:
        return Scope(prefixes=(actor.region_id,), can_write=True, can_unmask=True)
    if role == User.Role.TOWNSHIP:
        return Scope(prefixes=(actor.region_id,), can_write=True, can_unmask=granted_unmask)
    if role == User.Role.COOPERATION:
        codes = (actor.region_id, *region_partner_codes(code=actor.region_id))
        return Scope(prefixes=tuple(codes), can_write=False, can_unmask=granted_unmask)
    # Employers see only their own employer's records (employers app); auditors see no personal data.
    return NOTHING


def can_view_audit_trail(actor) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return False
    return actor.role in (User.Role.AUDITOR, User.Role.ADMIN) or actor.is_superuser
