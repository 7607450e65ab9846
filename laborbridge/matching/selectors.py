"""Recommendations both ways, within what the actor may see: vacancies for a worker, workers for a vacancy."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.employers.models import Vacancy
from laborbridge.employers.selectors import vacancy_queryset
from laborbridge.employment.models import Referral
from laborbridge.matching.batch import rank_many
from laborbridge.matching.facts import vacancy_facts, worker_facts
from laborbridge.matching.scoring import Match, Weights, rank_workers
from laborbridge.workers.models import Worker

LIVE = ~Q(status__in=[Referral.Status.DECLINED, Referral.Status.LEFT])


def weights() -> Weights:
    """The weights in force (settings.MATCHING_WEIGHTS overrides some defaults)."""
    return Weights().replace(**getattr(settings, "MATCHING_WEIGHTS", {}))


def _require(actor) -> None:
    if not policy.may(actor, "use_matching"):
        raise PermissionDenied(_("您的角色不能使用智能匹配"))


@dataclass
class Recommendation:
    match: Match
    vacancy: Vacancy
    referred: bool  # a live referral of the worker to this vacancy exists


@dataclass
class Candidate:
    match: Match
    worker: Worker
    referred: bool


def recommendations_for_worker(
    *, actor, worker: Worker, limit: int = 10, today: datetime.date | None = None
) -> list[Recommendation]:
    """The best open vacancies for a worker (one the actor may see), among the vacancies the actor may see."""
    _require(actor)
    if not policy.matching_scope(actor).covers(worker.township_id):
        raise PermissionDenied(_("该劳动力不在您的智能匹配范围内"))
    today = today or timezone.localdate()
    facts = worker_facts(Worker.objects.filter(pk=worker.pk), as_of=today)[0]
    vacancies = vacancy_queryset(actor=actor).filter(status=Vacancy.Status.OPEN)
    ranked = rank_many([facts], vacancy_facts(vacancies), weights=weights(), as_of=today, limit=limit)[
        facts.id
    ]
    by_pk = vacancies.in_bulk([m.vacancy_id for m in ranked])
    referred = set(
        Referral.objects.filter(LIVE, worker=worker, vacancy_id__in=list(by_pk)).values_list(
            "vacancy_id", flat=True
        )
    )
    return [Recommendation(m, by_pk[m.vacancy_id], m.vacancy_id in referred) for m in ranked]


def candidates_for_vacancy(
    *, actor, vacancy: Vacancy, limit: int = 20, today: datetime.date | None = None
) -> list[Candidate]:
    """The best workers for a vacancy (one the actor may see), among the workers in the actor's matching scope."""
    _require(actor)
    today = today or timezone.localdate()
    workers = Worker.objects.filter(policy.matching_scope(actor).worker_q())
    facts = vacancy_facts(Vacancy.objects.filter(pk=vacancy.pk))[0]
    ranked = rank_workers(
        facts, worker_facts(workers, as_of=today), weights=weights(), as_of=today, limit=limit
    )
    by_pk = Worker.objects.select_related("township").in_bulk([m.worker_id for m in ranked])
    referred = set(
        Referral.objects.filter(LIVE, vacancy=vacancy, worker_id__in=list(by_pk)).values_list(
            "worker_id", flat=True
        )
    )
    return [Candidate(m, by_pk[m.worker_id], m.worker_id in referred) for m in ranked]


@dataclass
class FairSeeker:
    """A fair's pre-registered job seeker or visitor, with the registry record found for them, if any."""

    name: str
    township: str
    looking_for: str
    worker: Worker | None
    recommendations: list[Recommendation]


def fair_recommendations(*, actor, fair, per_worker: int = 3, today=None) -> list[FairSeeker]:
    """For every seeker of a fair (pre-registered or checked in) found in the actor's scope, the best of the
    fair's own vacancies. A pre-registration is found in the registry by its phone's index."""
    _require(actor)
    if not policy.may_see_fair(actor, fair):
        raise PermissionDenied(_("您不能查看该招聘会"))
    today = today or timezone.localdate()
    scope = policy.matching_scope(actor)
    vacancy_ids = list(fair.participations.values_list("positions__vacancy_id", flat=True))
    vacancies = vacancy_queryset(actor=actor).filter(pk__in=[v for v in vacancy_ids if v])
    v_facts = vacancy_facts(vacancies)
    by_vacancy = vacancies.in_bulk()
    in_scope = Worker.objects.filter(scope.worker_q())
    prereg = list(fair.preregistrations.select_related("township").order_by("id"))
    found = {
        w.phone_bidx: w
        for w in in_scope.filter(phone_bidx__in=[p.phone_bidx for p in prereg if p.phone_bidx])
    }
    visitors = {
        v.worker_id: v for v in fair.visits.filter(worker__in=in_scope).select_related("worker__township")
    }
    seekers: list[tuple[str, str, str, Worker | None]] = []
    seen: set[int] = set()
    for p in prereg:
        if not scope.covers(p.township_id):
            continue
        worker = found.get(p.phone_bidx)
        seekers.append((p.name, p.township.name, p.looking_for, worker))
        if worker:
            seen.add(worker.pk)
    for worker_id, visit in visitors.items():
        if worker_id not in seen:
            seekers.append((visit.worker.name, visit.worker.township.name, "", visit.worker))
    workers = [w for *_rest, w in seekers if w is not None]
    facts = worker_facts(workers, as_of=today) if workers else []
    ranked = rank_many(facts, v_facts, weights=weights(), as_of=today, limit=per_worker)
    out = []
    for name, township, looking_for, worker in seekers:
        recs = []
        if worker is not None:
            recs = [Recommendation(m, by_vacancy[m.vacancy_id], False) for m in ranked[worker.pk]]
        out.append(FairSeeker(name, township, looking_for, worker, recs))
    return out
