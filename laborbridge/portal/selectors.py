"""Public reads: what anybody may see of the open vacancies, and a worker's own sign-ups.

Nothing here takes an actor: these are the public side's reads, and they return only public fields as plain
records (`PublicVacancy`), never a model instance a template could follow to an employer's contact person or
phone, or to anybody's personal data.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from laborbridge.core.pagination import Page, keyset_page
from laborbridge.employers.models import Occupation, Vacancy
from laborbridge.employment.models import Referral
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
class OwnRecord:
    """A registry record reached by its phone: masked identifiers and the referrals."""

    id_number_masked: str
    township: str
    sign_ups: list


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
