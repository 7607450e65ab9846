"""Reads of employers and vacancies, through the actor's scope."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.employers.models import Employer, EmploymentBase, Vacancy


def _of_visible_employers(qs: QuerySet, actor) -> QuerySet:
    """Records of the employers the actor may see (a subquery, so a membership join cannot repeat rows)."""
    where = policy.employers_q(actor)
    return qs if not where else qs.filter(employer__in=Employer.objects.filter(where))


def employer_queryset(*, actor) -> QuerySet[Employer]:
    return Employer.objects.filter(policy.employers_q(actor)).select_related("region__parent", "provided_by")


def employer_list(*, actor, q: str = "", region: str = "", kind: str = "") -> QuerySet[Employer]:
    policy.require(actor, "view_employers")
    qs = employer_queryset(actor=actor).annotate(
        open_vacancies=Count("vacancies", filter=Q(vacancies__status=Vacancy.Status.OPEN)),
        open_positions=Sum("vacancies__headcount", filter=Q(vacancies__status=Vacancy.Status.OPEN)),
    )
    if q:
        qs = qs.filter(Q(name__contains=q.strip()) | Q(uscc=q.strip().upper()))
    if region:
        qs = qs.filter(Q(region_id=region) | Q(provided_by_id=region))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-id")


def employer_get(*, actor, pk) -> Employer:
    try:
        employer = employer_queryset(actor=actor).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        employer = None
    if employer is None:
        raise Http404
    return employer


def vacancy_queryset(*, actor) -> QuerySet[Vacancy]:
    return _of_visible_employers(Vacancy.objects.all(), actor).select_related(
        "employer", "occupation", "place__parent"
    )


def vacancy_list(
    *, actor, status: str = "", occupation: str = "", q: str = "", employer=None, region: str = ""
) -> QuerySet[Vacancy]:
    policy.require(actor, "view_employers")
    qs = vacancy_queryset(actor=actor)
    if employer is not None:
        qs = qs.filter(employer=employer)
    if region:  # of the employers a county hosts or brought in, as the employer list's filter
        qs = qs.filter(Q(employer__region_id=region) | Q(employer__provided_by_id=region))
    if status:
        qs = qs.filter(status=status)
    if occupation:
        qs = qs.filter(occupation_id=occupation)
    if q:
        qs = qs.filter(Q(title__contains=q.strip()) | Q(employer__name__contains=q.strip()))
    return qs.order_by("-id")


def vacancy_get(*, actor, pk) -> Vacancy:
    try:
        vacancy = vacancy_queryset(actor=actor).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        vacancy = None
    if vacancy is None:
        raise Http404
    return vacancy


def employer_ids_by_name(names) -> dict[str, int]:
    """Employers whose name matches exactly and uniquely: a ledger's free-text employer is linked only when sure."""
    found: dict[str, list[int]] = {}
    names = sorted({n for n in names if n})
    for start in range(0, len(names), 900):
        for pk, name in Employer.objects.filter(name__in=names[start : start + 900]).values_list(
            "pk", "name"
        ):
            found.setdefault(name, []).append(pk)
    return {name: ids[0] for name, ids in found.items() if len(ids) == 1}


def base_get(*, actor, pk) -> EmploymentBase:
    """One base of an employer the actor may see, or 404."""
    try:
        base = _of_visible_employers(EmploymentBase.objects.all(), actor).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        base = None
    if base is None:
        raise Http404
    return base


def base_list(*, actor) -> QuerySet[EmploymentBase]:
    """Recognised bases and workshops of the employers the actor may see."""
    policy.require(actor, "view_employers")
    return _of_visible_employers(EmploymentBase.objects.all(), actor).select_related("employer__region")


def employer_member_list(*, actor, employer: Employer) -> QuerySet:
    """The employer's user accounts, for those who manage them."""
    if not policy.may_manage_employer_members(actor, employer):
        raise PermissionDenied(_("单位账户由用工单位所在地或引进方的县（区）人社局管理"))
    return employer.members.order_by("username")
