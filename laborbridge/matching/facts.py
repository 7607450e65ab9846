"""From records to the plain facts the scorer reads: a few queries for many workers or vacancies at once.

Other apps' records are read by relation names (spells, preferences, a trainee's completed classes), so this
module imports no sibling app.
"""

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import Count, Q, QuerySet

from laborbridge.core.bulk_sql import CHUNK
from laborbridge.employers.models import Vacancy
from laborbridge.employment.calendar import is_stable
from laborbridge.employment.models import Employment, Referral, ReferralStep
from laborbridge.matching.evaluation import Case
from laborbridge.matching.scoring import VacancyFacts, WorkerFacts
from laborbridge.regions.models import Pairing, Region
from laborbridge.workers.models import Worker, WorkerPreference

HIRED = (Referral.Status.HIRED, Referral.Status.ARRIVED)  # hires that take a place of the headcount


def _partners() -> dict[str, tuple[str, ...]]:
    found: dict[str, set[str]] = defaultdict(set)
    for east, west in Pairing.objects.values_list("east_id", "west_id"):
        found[east].add(west)
        found[west].add(east)
    return {code: tuple(sorted(codes)) for code, codes in found.items()}


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def worker_facts(
    workers: QuerySet[Worker] | list[Worker],
    *,
    as_of: datetime.date,
    history_before: datetime.date | None = None,
) -> list[WorkerFacts]:
    """The facts of these workers. `history_before`: only spells and classes before that day count, and the
    worker's state (at work) is as of `as_of` (match_eval replays the past with it)."""
    rows = list(
        workers.values_list("pk", "birth_year", "county_id", "township_id", "poverty_status", "skills")
        if isinstance(workers, QuerySet)
        else [(w.pk, w.birth_year, w.county_id, w.township_id, w.poverty_status, w.skills) for w in workers]
    )
    ids = [row[0] for row in rows]
    until = history_before or as_of + datetime.timedelta(days=1)
    past: dict[int, set[str]] = defaultdict(set)
    at_work: set[int] = set()
    trained: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    prefs: dict[int, WorkerPreference] = {}
    wanted: dict[int, set[str]] = defaultdict(set)
    regions: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for chunk in _chunks(ids):
        spells = Employment.objects.filter(worker_id__in=chunk, start__lt=until)
        for worker_id, occupation, end in spells.values_list("worker_id", "occupation__name", "end"):
            if occupation:
                past[worker_id].add(occupation)
            if end is None or end >= as_of:
                at_work.add(worker_id)
        completed = Worker.enrolments.rel.related_model.objects.filter(
            worker_id__in=chunk, status="completed", completed_on__lt=until
        ).values_list(
            "worker_id", "training_class__programme__name", "training_class__programme__occupations__name"
        )
        for worker_id, programme, occupation in completed:
            trained[worker_id][programme]
            if occupation:
                trained[worker_id][programme].add(occupation)
        for pref in WorkerPreference.objects.filter(worker_id__in=chunk):
            prefs[pref.worker_id] = pref
        through = WorkerPreference.occupations.through.objects.filter(workerpreference_id__in=chunk)
        for worker_id, name in through.values_list("workerpreference_id", "occupation__name"):
            wanted[worker_id].add(name)
        through = WorkerPreference.regions.through.objects.filter(workerpreference_id__in=chunk)
        for worker_id, code, name in through.values_list("workerpreference_id", "region_id", "region__name"):
            regions[worker_id].append((code, name))
    partners = _partners()
    facts = []
    for pk, birth_year, county, township, poverty, skills in rows:
        county = county or township[:6]
        pref = prefs.get(pk)
        facts.append(
            WorkerFacts(
                id=pk,
                age=as_of.year - birth_year,
                county_code=county,
                partner_codes=partners.get(county, ()),
                poverty_status=poverty,
                skills=skills,
                wanted_occupations=frozenset(wanted.get(pk, ())),
                past_occupations=frozenset(past.get(pk, ())),
                trained=tuple((name, frozenset(occ)) for name, occ in sorted(trained.get(pk, {}).items())),
                place_classes=frozenset(pref.place_classes) if pref else frozenset(),
                regions=tuple(sorted(regions.get(pk, ()))),
                pay_min=pref.pay_min if pref else None,
                needs_lodging=pref.needs_lodging if pref else False,
                available_from=pref.available_from if pref else None,
                at_work=pk in at_work,
            )
        )
    return facts


def hires_on(vacancy_ids: list[int]) -> dict[int, int]:
    """How many of each vacancy's referrals are hired and at work (the places they take)."""
    counts: dict[int, int] = {}
    for chunk in _chunks(vacancy_ids):
        rows = (
            Referral.objects.filter(vacancy_id__in=chunk, status__in=HIRED)
            .values("vacancy_id")
            .annotate(n=Count("pk"))
            .values_list("vacancy_id", "n")
        )
        counts.update(rows)
    return counts


def vacancy_facts(vacancies: QuerySet[Vacancy], *, hires: dict[int, int] | None = None) -> list[VacancyFacts]:
    """The facts of these vacancies; `hires` overrides the hires counted now (match_eval's replay)."""
    rows = list(
        vacancies.values_list(
            "pk", "title", "occupation__name", "place_id", "pay_min", "pay_max", "lodging", "meals",
            "age_min", "age_max", "skills", "status", "headcount", "posted_on",
        )
    )  # fmt: skip
    if hires is None:
        hires = hires_on([row[0] for row in rows])
    provinces = dict(Region.objects.filter(level=Region.Level.PROVINCE).values_list("code", "name"))
    return [
        VacancyFacts(
            id=pk,
            title=title,
            occupation=occupation,
            place_code=place,
            province_name=provinces.get(place[:2], ""),
            pay_min=pay_min,
            pay_max=pay_max,
            lodging=lodging,
            meals=meals,
            age_min=age_min,
            age_max=age_max,
            skills=skills,
            is_open=status == Vacancy.Status.OPEN,
            headcount_left=headcount - hires.get(pk, 0),
            posted_on=posted_on,
        )
        for (
            pk, title, occupation, place, pay_min, pay_max, lodging, meals, age_min, age_max, skills, status,
            headcount, posted_on,
        ) in rows
    ]  # fmt: skip


def open_vacancies(qs: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    return qs.filter(Q(status=Vacancy.Status.OPEN))


def stable_hire_cases(*, as_of: datetime.date) -> list[Case]:
    """Replay the records: each referral whose hire lasted three months or more (`is_stable`), with the worker
    as known on the referral's day and the vacancies open on that day."""
    hires = (
        Employment.objects.filter(referral__isnull=False, start__lte=as_of)
        .select_related("referral")
        .order_by("start", "pk")
    )
    stable = [spell for spell in hires if is_stable(spell, as_of)]
    # The referral's day is its first step's (a referral may be recorded after it was made).
    first_steps = ReferralStep.objects.filter(referral_id__in=[s.referral_id for s in stable]).order_by(
        "-on", "-id"
    )
    made_on = dict(first_steps.values_list("referral_id", "on"))  # the earliest step wins (ordered last)
    stable = [(made_on.get(spell.referral_id, spell.start), spell) for spell in stable]
    if not stable:
        return []
    every = vacancy_facts(Vacancy.objects.exclude(status=Vacancy.Status.DRAFT), hires={})
    closes = dict(Vacancy.objects.values_list("pk", "closes_on"))
    cases = []
    for day, spell in stable:
        facts = worker_facts(Worker.objects.filter(pk=spell.worker_id), as_of=day, history_before=day)[0]
        open_then = tuple(
            dataclasses.replace(v, is_open=True, headcount_left=1)
            for v in every
            if (v.posted_on is None or v.posted_on <= day) and (closes[v.id] is None or closes[v.id] >= day)
        )
        cases.append(
            Case(
                day,
                dataclasses.replace(facts, at_work=False),
                open_then,
                frozenset({spell.referral.vacancy_id}),
            )
        )
    return cases
