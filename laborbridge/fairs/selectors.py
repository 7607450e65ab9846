"""Reads of job fairs, each scoped by the access policy; a fair out of reach is not found (404)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core import idnumber, phone
from laborbridge.employment.models import Employment, Referral
from laborbridge.fairs.models import (
    Consultation,
    FairIntent,
    FairParticipation,
    FairPosition,
    FairPreregistration,
    FairVisit,
    JobFair,
)
from laborbridge.fairs.tokens import token_read
from laborbridge.workers.choices import PovertyStatus
from laborbridge.workers.derived import id_number_index, phone_index
from laborbridge.workers.models import Worker
from laborbridge.workers.search import identifier_kind
from laborbridge.workers.selectors import worker_queryset


def fair_queryset(*, actor, capability: str = "view_fairs") -> QuerySet[JobFair]:
    reached = JobFair.objects.filter(policy.fairs_q(actor, capability)).values("pk")
    return JobFair.objects.filter(pk__in=reached).select_related("township")


def fair_list(*, actor) -> QuerySet[JobFair]:
    policy.require(actor, "view_fairs")
    return fair_queryset(actor=actor).annotate(
        employers=Count("participations", distinct=True), visitors=Count("visits", distinct=True)
    )


def fair_get(*, actor, pk) -> JobFair:
    """One fair the actor may see, or 404 — the same answer whether it exists elsewhere or not."""
    try:
        fair = fair_queryset(actor=actor).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        fair = None
    if fair is None:
        raise Http404
    return fair


def fair_public_get(*, slug: str) -> JobFair:
    fair = JobFair.objects.select_related("township").filter(slug=str(slug)).first()
    if fair is None:
        raise Http404
    return fair


@dataclass(frozen=True)
class PublicPosition:
    """What the public page shows of a position: nothing of a contact, nothing of a person."""

    employer: str
    booth: str
    title: str
    occupation: str
    headcount: int
    pay_min: int
    pay_max: int
    place: str
    lodging: bool
    meals: bool


def fair_public_positions(*, fair: JobFair) -> list[PublicPosition]:
    rows = (
        FairPosition.objects.filter(participation__fair=fair)
        .select_related("participation__employer", "vacancy__occupation", "vacancy__place")
        .order_by("participation__booth", "participation__id", "id")
    )
    return [
        PublicPosition(
            employer=p.participation.employer.name,
            booth=p.participation.booth,
            title=p.vacancy.title,
            occupation=p.vacancy.occupation.name,
            headcount=p.headcount,
            pay_min=p.vacancy.pay_min,
            pay_max=p.vacancy.pay_max,
            place=p.vacancy.place.name,
            lodging=p.vacancy.lodging,
            meals=p.vacancy.meals,
        )
        for p in rows
    ]


def participation_list(*, fair: JobFair) -> QuerySet[FairParticipation]:
    return (
        fair.participations.select_related("employer")
        .prefetch_related("positions__vacancy")
        .annotate(offered=Sum("positions__headcount"))
    )


def participation_get(*, fair: JobFair, pk) -> FairParticipation:
    try:
        found = fair.participations.select_related("employer", "fair").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise Http404
    return found


def position_list(*, actor, fair: JobFair) -> QuerySet[FairPosition]:
    """The positions at the fair; an employer's user sees its own employer's (for its booth)."""
    qs = FairPosition.objects.filter(participation__fair=fair).select_related(
        "participation__employer", "vacancy"
    )
    if policy.acts_for_employer(actor):
        qs = qs.filter(participation__employer__members=actor)
    return qs.order_by("participation__booth", "id")


def visit_list(*, actor, fair: JobFair) -> QuerySet[FairVisit]:
    """The fair's visitors the actor may see (masked in the templates)."""
    return (
        fair.visits.filter(worker__in=worker_queryset(actor=actor))
        .select_related("worker", "worker__township")
        .order_by("-checked_in_at", "-id")
    )


@dataclass
class Found:
    """What a typed or scanned text at the door or the booth names."""

    worker: Worker | None = None
    preregistration: FairPreregistration | None = None
    id_number: str = ""  # an ID number not in the registry: register on the spot
    message: str = ""


def visitor_find(*, actor, fair: JobFair, text: str, visitors_only: bool = False) -> Found:
    """Resolve a badge or ticket QR, a phone or an ID number to a registry record (or a pre-registration)."""
    text = (text or "").strip()
    token = token_read(text)
    visible = worker_queryset(actor=actor)
    pool = Worker.objects.filter(fair_visits__fair=fair) if visitors_only else visible
    if token is not None:
        kind, pk = token
        if kind == "p":
            prereg = fair.preregistrations.filter(pk=pk).first()
            if prereg is None:
                return Found(message=_("该报名码不是本次招聘会的"))
            visit = FairVisit.objects.filter(preregistration=prereg).select_related("worker").first()
            if visit is not None:
                return Found(worker=visit.worker, preregistration=prereg)
            if visitors_only:
                return Found(message=_("此人未在本次招聘会签到"))
            return Found(preregistration=prereg)
        worker = pool.filter(pk=pk).first()
        return (
            Found(worker=worker)
            if worker
            else Found(message=_("此人未在本次招聘会签到") if visitors_only else _("未找到该劳动力"))
        )
    kind = identifier_kind(text)
    if kind == "id":
        try:
            number = idnumber.parse(text).number
        except ValidationError as exc:
            return Found(message=exc.messages[0])
        worker = Worker.objects.filter(id_number_bidx=id_number_index(number)).first()
        if worker is None:
            return Found(message=_("此人未在本次招聘会签到")) if visitors_only else Found(id_number=number)
        if visitors_only:
            return (
                Found(worker=worker)
                if pool.filter(pk=worker.pk).exists()
                else Found(message=_("此人未在本次招聘会签到"))
            )
        return Found(worker=worker)  # the check-in decides whether the actor may see it
    if kind == "phone":
        index = phone_index(phone.normalise(text))
        workers = list(pool.filter(phone_bidx=index)[:2])
        if len(workers) == 1:
            return Found(worker=workers[0])
        if len(workers) > 1:
            return Found(message=_("该手机号对应多人，请改用证件号码"))
        if visitors_only:
            return Found(message=_("此人未在本次招聘会签到"))
        prereg = fair.preregistrations.filter(phone_bidx=index).first()
        if prereg is not None:
            return Found(preregistration=prereg)
        return Found(message=_("未找到，请输入证件号码现场登记"))
    return Found(message=_("请扫码，或输入手机号码、证件号码"))


def consultation_list(*, fair: JobFair) -> QuerySet[Consultation]:
    return fair.consultations.select_related("staff", "worker")


def intent_list(*, actor, fair: JobFair) -> QuerySet[FairIntent]:
    """Intents at the fair whose referral the actor may read."""
    readable = Referral.objects.filter(policy.referrals_q(actor)).values("pk")
    return (
        fair.intents.filter(referral__in=readable)
        .select_related("referral__worker", "referral__vacancy__employer", "position__participation")
        .order_by("-id")
    )


def follow_up_list(*, actor, fair: JobFair) -> QuerySet[FairIntent]:
    """Intents still waiting for a hire or a no, of workers the actor may write (its to call)."""
    return intent_list(actor=actor, fair=fair).filter(
        referral__status=Referral.Status.INTENT, referral__worker__in=Worker.objects.filter(
            policy.worker_write_scope(actor).worker_q())
    )  # fmt: skip


def fair_results(*, fair: JobFair) -> dict:
    """The fair's figures (counts only, nothing personal): employers, positions, visitors, intents, hires."""
    visits = fair.visits.all()
    intents = fair.intents.all()
    hired = intents.filter(Exists(Employment.objects.filter(referral=OuterRef("referral"))))
    return {
        "employers": fair.participations.count(),
        "vacancies": FairPosition.objects.filter(participation__fair=fair).count(),
        "positions": FairPosition.objects.filter(participation__fair=fair).aggregate(n=Sum("headcount"))["n"]
        or 0,
        "preregistrations": fair.preregistrations.count(),
        "visitors": visits.count(),
        "walk_ins": visits.filter(walk_in=True).count(),
        "visitors_alleviated": visits.filter(worker__poverty_status=PovertyStatus.ALLEVIATED).count(),
        "intents": intents.count(),
        "hires": hired.count(),
        "consultations": fair.consultations.count(),
    }


def fair_results_by_employer(*, fair: JobFair) -> list[dict]:
    offered = dict(
        FairPosition.objects.filter(participation__fair=fair)
        .values("participation_id")
        .annotate(n=Sum("headcount"))
        .values_list("participation_id", "n")
    )
    hires = Q(positions__intents__referral__employment__isnull=False)
    rows = []
    for p in fair.participations.select_related("employer").annotate(
        intent_count=Count("positions__intents", distinct=True),
        hire_count=Count("positions__intents", filter=hires, distinct=True),
    ):
        rows.append({"employer": p.employer.name, "booth": p.booth, "offered": offered.get(p.pk, 0),
                     "intents": p.intent_count, "hires": p.hire_count})  # fmt: skip
    return rows
