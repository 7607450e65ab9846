"""Public reads: what anybody may see of the open vacancies and training classes, and a worker's own sign-ups.

The public reads take no actor: they return only public fields as plain records (`PublicVacancy`,
`PublicClass`), never a model instance a template could follow to an employer's contact person or phone, a
class's teachers, or anybody's personal data. The staff reads at the end (`self_sign_ups_of`,
`self_sign_up_get`) take the actor and are scoped by the policy like every read of personal data.
"""

import datetime
import hashlib
from dataclasses import astuple, dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core.pagination import Page, keyset_page
from laborbridge.employers.models import Employer, Occupation, Vacancy
from laborbridge.employment.models import Employment, Referral
from laborbridge.portal.models import SelfSignUp
from laborbridge.training.models import Enrolment, TrainingClass
from laborbridge.transport.models import SignUp as BusSignUp
from laborbridge.transport.models import TransportCampaign
from laborbridge.workers.models import Worker

PAGE_SIZE = 20
FILLED = (Referral.Status.HIRED, Referral.Status.ARRIVED)  # a position taken; one who left frees it again


@dataclass(frozen=True)
class PublicVacancy:
    """A vacancy as the public sees it: the job, the pay and the place, and the employer's name only."""

    id: int
    title: str
    employer_name: str
    occupation: str
    positions_left: int
    pay_min: int
    pay_max: int
    place: str
    lodging: bool
    meals: bool
    age_min: int | None
    age_max: int | None
    education_min: str
    skills: str
    certificate: str
    description: str
    posted_on: datetime.date | None
    closes_on: datetime.date | None


@dataclass(frozen=True)
class JobFilters:
    place: str = ""  # words of the place: 电白, 茂名, 广东 ...
    occupation: int | None = None
    pay_min: int | None = None  # at least this much a month (the vacancy's upper figure reaches it)
    lodging: bool = False
    meals: bool = False


def _public_queryset(today: datetime.date | None = None) -> QuerySet[Vacancy]:
    today = today or datetime.date.today()
    taken = (
        Referral.objects.filter(vacancy=OuterRef("pk"), status__in=FILLED)
        .order_by()
        .values("vacancy")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Vacancy.objects.filter(status=Vacancy.Status.OPEN)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        # A correlated count rather than a join and GROUP BY: a page newest-first stops after its rows.
        .annotate(left=F("headcount") - Coalesce(Subquery(taken, output_field=IntegerField()), 0))
        .filter(left__gt=0)
        .select_related("employer", "occupation", "place__parent__parent")
        .order_by("-id")
    )


def _place_name(region) -> str:
    names = []
    while region is not None and len(names) < 3:
        names.append(region.name)
        region = region.parent
    return "".join(reversed(names))


def _public(vacancy: Vacancy) -> PublicVacancy:
    return PublicVacancy(
        id=vacancy.pk,
        title=vacancy.title,
        employer_name=vacancy.employer.name,
        occupation=vacancy.occupation.name,
        positions_left=vacancy.left,
        pay_min=vacancy.pay_min,
        pay_max=vacancy.pay_max,
        place=_place_name(vacancy.place),
        lodging=vacancy.lodging,
        meals=vacancy.meals,
        age_min=vacancy.age_min,
        age_max=vacancy.age_max,
        education_min=vacancy.get_education_min_display() if vacancy.education_min else "",
        skills=vacancy.skills,
        certificate=vacancy.certificate,
        description=vacancy.description,
        posted_on=vacancy.posted_on,
        closes_on=vacancy.closes_on,
    )


def public_vacancy_list(filters: JobFilters, *, before: int | None = None, after: int | None = None) -> Page:
    """One page (newest first, by keyset) of the open vacancies with positions left that match the filters."""
    qs = _public_queryset()
    for word in filters.place.split()[:5]:
        qs = qs.filter(
            Q(place__name__contains=word)
            | Q(place__parent__name__contains=word)
            | Q(place__parent__parent__name__contains=word)
        )
    if filters.occupation is not None:
        qs = qs.filter(occupation_id=filters.occupation)
    if filters.pay_min is not None:
        qs = qs.filter(pay_max__gte=filters.pay_min)
    if filters.lodging:
        qs = qs.filter(lodging=True)
    if filters.meals:
        qs = qs.filter(meals=True)
    page = keyset_page(qs, before=before, after=after, size=PAGE_SIZE)
    page.items = [_public(vacancy) for vacancy in page.items]
    return page


def public_board_page(filters: JobFilters, *, before: int | None = None, after: int | None = None) -> Page:
    """The job board's page as `public_vacancy_list` reads it, kept in the shared cache for a few seconds.

    The board is the same for every visitor and the most asked-for page (a fair's crowd opens it at once):
    the load test found it the largest share of the web workers' time (docs/load-test.md). A page may thus show
    "positions left" up to PUBLIC_BOARD_CACHE_SECONDS old; a sign-up reads the vacancy afresh, so a filled or
    closed job is refused there. It holds public fields only, nothing of a person. 0 turns the cache off.
    """
    seconds = settings.PUBLIC_BOARD_CACHE_SECONDS
    if seconds <= 0:
        return public_vacancy_list(filters, before=before, after=after)
    asked = repr((astuple(filters), before, after, datetime.date.today().isoformat()))
    key = "portal:board:" + hashlib.sha256(asked.encode()).hexdigest()
    page = cache.get(key)
    if page is None:
        page = public_vacancy_list(filters, before=before, after=after)
        cache.set(key, page, timeout=seconds)
    return page


def public_vacancy_get(pk) -> PublicVacancy:
    """One open vacancy with positions left, or 404 (closed, filled, a draft or unknown: the same answer)."""
    try:
        vacancy = _public_queryset().filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        vacancy = None
    if vacancy is None:
        raise Http404
    return _public(vacancy)


def public_vacancy_record(pk) -> Vacancy:
    """The vacancy itself, for the sign-up service (never for a template)."""
    try:
        vacancy = _public_queryset().filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        vacancy = None
    if vacancy is None:
        raise Http404
    return vacancy


def public_occupations() -> QuerySet[Occupation]:
    return Occupation.objects.order_by("sort", "name")


# --- training classes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicClass:
    """A training class as the public sees it: what, by whom, where, when, places left and what it costs.
    Never its teachers, organisers' staff or trainees."""

    id: int
    name: str
    programme: str
    certificate: str
    provider: str
    place: str
    address: str
    start: datetime.date
    end: datetime.date
    places_left: int
    target_groups: str
    cost_per_trainee: int | None
    subsidy_per_trainee: int | None


PLACES_TAKEN = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)


def _open_classes(today: datetime.date | None = None) -> QuerySet[TrainingClass]:
    """Classes taking applications: still in preparation (筹备中), not over, with places left."""
    today = today or timezone.localdate()
    taken = (
        Enrolment.objects.filter(training_class=OuterRef("pk"), status__in=PLACES_TAKEN)
        .order_by()
        .values("training_class")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        TrainingClass.objects.filter(status=TrainingClass.Status.PLANNED, end__gte=today)
        .annotate(left=F("capacity") - Coalesce(Subquery(taken, output_field=IntegerField()), 0))
        .filter(left__gt=0)
        .select_related("programme", "place__parent__parent")
        .order_by("start", "id")
    )


def _public_class(training_class: TrainingClass) -> PublicClass:
    return PublicClass(
        id=training_class.pk,
        name=training_class.name,
        programme=training_class.programme.name,
        certificate=training_class.programme.certificate,
        provider=training_class.provider,
        place=_place_name(training_class.place),
        address=training_class.address,
        start=training_class.start,
        end=training_class.end,
        places_left=training_class.left,
        target_groups=training_class.target_groups,
        cost_per_trainee=training_class.cost_per_trainee,
        subsidy_per_trainee=training_class.subsidy_per_trainee,
    )


def public_class_list() -> list[PublicClass]:
    """The open training classes, soonest first (a few dozen at most: no paging)."""
    return [_public_class(c) for c in _open_classes()[:200]]


def open_class_record(pk) -> TrainingClass | None:
    """The open class itself, for the sign-up service (never for a template); None when not open."""
    try:
        return _open_classes().filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def public_class_get(pk) -> PublicClass:
    """One open class, or 404 (running, finished, full or unknown: the same answer)."""
    training_class = open_class_record(pk)
    if training_class is None:
        raise Http404
    return _public_class(training_class)


# --- chartered buses (点对点专车) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicPickupPoint:
    id: int
    name: str
    address: str
    township: str


@dataclass(frozen=True)
class PublicCampaign:
    """A bus campaign as the public sees it: its name, period and pickup points; never its passengers."""

    id: int
    name: str
    start: datetime.date
    end: datetime.date
    pickup_points: list


def _open_campaigns(today: datetime.date | None = None) -> QuerySet[TransportCampaign]:
    """Campaigns still taking sign-ups: not over."""
    today = today or timezone.localdate()
    return TransportCampaign.objects.filter(end__gte=today).order_by("start", "id")


def _public_campaign(campaign: TransportCampaign) -> PublicCampaign:
    return PublicCampaign(
        id=campaign.pk,
        name=campaign.name,
        start=campaign.start,
        end=campaign.end,
        pickup_points=[
            PublicPickupPoint(id=p.pk, name=p.name, address=p.address, township=p.township.name)
            for p in campaign.pickup_points.select_related("township").order_by("name")
        ],
    )


def public_bus_campaign_list() -> list[PublicCampaign]:
    """The bus campaigns taking sign-ups, soonest first (a handful: no paging)."""
    return [_public_campaign(c) for c in _open_campaigns()[:20]]


def open_bus_campaign_record(pk) -> TransportCampaign | None:
    """The open campaign itself, for the sign-up service (never for a template); None when over or unknown."""
    try:
        return _open_campaigns().filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def public_bus_campaign_get(pk) -> PublicCampaign:
    """One campaign taking sign-ups, or 404 (over or unknown: the same answer)."""
    campaign = open_bus_campaign_record(pk)
    if campaign is None:
        raise Http404
    return _public_campaign(campaign)


@dataclass(frozen=True)
class PublicEmployer:
    id: int
    name: str
    city: str  # the city code of its place, to offer as the destination city
    own: bool = False  # the person's own current employer (offered first)


def _city(region):
    while region is not None and region.level != region.Level.CITY:
        region = region.parent
    return region


def bus_destinations(*, campaign_id: int, worker_ids: list[int] = ()) -> list[PublicEmployer]:
    """Employers a bus sign-up may name: first those where the confirmed person (`worker_ids`, from their own
    page) holds an open spell, then the employers of the board's open vacancies, by name."""
    own = list(
        Employer.objects.filter(
            pk__in=Employment.objects.filter(
                worker_id__in=list(worker_ids), end__isnull=True, employer__isnull=False
            ).values("employer_id")
        )
        .select_related("region__parent__parent")
        .order_by("name")
    )
    board = (
        Employer.objects.filter(pk__in=_public_queryset().values("employer_id"))
        .exclude(pk__in=[e.pk for e in own])
        .select_related("region__parent__parent")
        .order_by("name")[:300]
    )
    rows = []
    for employer, is_own in [(e, True) for e in own] + [(e, False) for e in board]:
        city = _city(employer.region)
        rows.append(PublicEmployer(employer.pk, employer.name, city.code if city else "", is_own))
    return rows


def bus_signed_up(*, campaign_id: int, worker_ids: list[int]) -> bool:
    """Whether every one of the confirmed person's records is signed up for this campaign already."""
    return bool(worker_ids) and BusSignUp.objects.filter(
        campaign_id=campaign_id, worker_id__in=worker_ids
    ).values("worker_id").distinct().count() == len(set(worker_ids))


# --- a worker's own page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnSignUp:
    """One of a worker's own referrals, as their own page shows it: the job and how far it has come."""

    title: str
    employer_name: str
    place: str
    status: str
    source: str
    created_on: datetime.date
    vacancy_id: int


@dataclass(frozen=True)
class OwnBus:
    """One of a worker's own bus sign-ups: where from, where to, and once planned, their own trip (the day,
    the bus number, the pickup point): never the other passengers."""

    campaign: str
    wanted_date: datetime.date
    pickup_point: str
    pickup_address: str
    employer_name: str
    destination_city: str
    companions: int
    status: str
    trip_date: datetime.date | None
    trip_number: int | None


@dataclass(frozen=True)
class OwnRecord:
    """A registry record reached by its phone: masked identifiers and the referrals."""

    id_number_masked: str
    township: str
    sign_ups: list
    classes: list = ()
    buses: list = ()


def _own_buses(worker) -> list[OwnBus]:
    signups = (
        BusSignUp.objects.filter(worker=worker)
        .select_related("campaign", "pickup_point", "employer", "destination_city", "trip__batch")
        .order_by("-id")
    )
    return [
        OwnBus(
            campaign=s.campaign.name,
            wanted_date=s.wanted_date,
            pickup_point=s.pickup_point.name,
            pickup_address=s.pickup_point.address,
            employer_name=s.employer.name,
            destination_city=s.destination_city.name,
            companions=s.companions,
            status=s.get_status_display(),
            trip_date=s.trip.batch.date if s.trip_id else None,
            trip_number=s.trip.number if s.trip_id else None,
        )
        for s in signups
    ]


@dataclass(frozen=True)
class OwnClass:
    """One of a worker's own training class applications: the class and how far it has come."""

    name: str
    provider: str
    place: str
    start: datetime.date
    end: datetime.date
    status: str
    created_on: datetime.date


@dataclass(frozen=True)
class PhoneSignUp:
    """A sign-up made with the confirmed phone on a record reached by its ID number, not by this phone.

    It names only the job or class and what the person typed; the record's own progress is shown only once
    staff have confirmed the sign-up, so a stranger's phone learns nothing of someone else's record.
    """

    title: str
    organiser: str
    name: str
    status: str
    created_on: datetime.date


def workers_by_phone(phone_index: str) -> list[int]:
    """The registry records holding this phone (by its blind index)."""
    return list(Worker.objects.filter(phone_bidx=phone_index).order_by("pk").values_list("pk", flat=True))


def workers_by_id_last4(worker_ids: list[int], last4: str) -> list[int]:
    """Of these records, those whose ID number ends with `last4` (compared after decryption, in memory)."""
    last4 = last4.strip().upper()
    return [w.pk for w in Worker.objects.filter(pk__in=worker_ids) if w.id_number.upper().endswith(last4)]


def own_records(worker_ids: list[int]) -> list[OwnRecord]:
    """The worker's own records and their referrals (sign-ups and staff referrals alike), masked."""
    records = []
    for worker in Worker.objects.filter(pk__in=worker_ids).select_related("township").order_by("pk"):
        referrals = (
            Referral.objects.filter(worker=worker)
            .select_related("vacancy__employer", "vacancy__place__parent__parent")
            .order_by("-id")
        )
        records.append(
            OwnRecord(
                id_number_masked=worker.id_number_masked,
                township=worker.township.name,
                buses=_own_buses(worker),
                classes=[
                    OwnClass(
                        name=e.training_class.name,
                        provider=e.training_class.provider,
                        place=_place_name(e.training_class.place),
                        start=e.training_class.start,
                        end=e.training_class.end,
                        status=e.get_status_display(),
                        created_on=timezone.localdate(e.created_at),
                    )
                    for e in Enrolment.objects.filter(worker=worker)
                    .select_related("training_class__place__parent__parent")
                    .order_by("-id")
                ],
                sign_ups=[
                    OwnSignUp(
                        title=r.vacancy.title,
                        employer_name=r.vacancy.employer.name,
                        place=_place_name(r.vacancy.place),
                        status=r.get_status_display(),
                        source=r.get_source_display(),
                        created_on=timezone.localdate(r.created_at),
                        vacancy_id=r.vacancy_id,
                    )
                    for r in referrals
                ],
            )
        )
    return records


def sign_ups_by_phone(phone_index: str) -> list[int]:
    """The public sign-ups made with this phone (by its blind index)."""
    return list(SelfSignUp.objects.filter(phone_bidx=phone_index).values_list("pk", flat=True))


def phone_sign_ups(sign_up_ids: list[int], *, besides: list[int]) -> list[PhoneSignUp]:
    """Sign-ups made with the confirmed phone on records other than `besides` (those the page shows whole)."""
    rows = []
    sign_ups = (
        SelfSignUp.objects.filter(pk__in=sign_up_ids)
        .select_related("referral__vacancy__employer", "enrolment__training_class", "bus_signup__campaign")
        .order_by("-id")
    )
    for sign_up in sign_ups:
        link = sign_up.link
        if link.worker_id in besides:
            continue
        if sign_up.review == SelfSignUp.Review.PENDING:
            status = _("已收到，待工作人员核实")
        elif sign_up.review == SelfSignUp.Review.REJECTED:
            status = _("报名信息核实不符")
        else:
            status = link.get_status_display()
        if sign_up.referral is not None:
            title, organiser = sign_up.referral.vacancy.title, sign_up.referral.vacancy.employer.name
        elif sign_up.bus_signup is not None:  # the campaign only: not the record's date, stop or employer
            title, organiser = sign_up.bus_signup.campaign.name, str(_("点对点专车"))
        else:
            title, organiser = (
                sign_up.enrolment.training_class.name,
                sign_up.enrolment.training_class.provider,
            )
        rows.append(
            PhoneSignUp(
                title=title,
                organiser=organiser,
                name=sign_up.name,
                status=str(status),
                created_on=timezone.localdate(sign_up.created_at),
            )
        )
    return rows


# --- staff reads -------------------------------------------------------------------------------------------


def _self_sign_ups(actor) -> QuerySet[SelfSignUp]:
    scope = policy.worker_scope(actor)
    return SelfSignUp.objects.filter(
        scope.worker_q("referral__worker__")
        | scope.worker_q("enrolment__worker__")
        | scope.worker_q("bus_signup__worker__")
    ).select_related(
        "referral__vacancy__employer",
        "referral__worker",
        "enrolment__training_class",
        "enrolment__worker",
        "bus_signup__campaign",
        "bus_signup__worker",
        "township",
        "checked_by",
    )


def self_sign_ups_of(*, actor, worker: Worker) -> list[SelfSignUp]:
    """The public sign-ups on a worker's record the actor may see, newest first (phones masked on screen)."""
    if not policy.may_see_worker(actor, worker):
        return []
    return list(
        _self_sign_ups(actor).filter(
            Q(referral__worker=worker) | Q(enrolment__worker=worker) | Q(bus_signup__worker=worker)
        )
    )


def self_sign_up_get(*, actor, pk) -> SelfSignUp:
    """One public sign-up on a record within the actor's reach, or 404."""
    try:
        sign_up = _self_sign_ups(actor).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        sign_up = None
    if sign_up is None:
        raise Http404
    return sign_up
