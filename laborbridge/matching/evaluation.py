"""Measuring the matcher on outcomes: hires that lasted at least three months are the ground truth.

A *case* is one stable hire: the worker as known on the day of the referral, the vacancies open that day,
and the vacancy that worked out. The matcher and two baselines (newest vacancies first; the worker's own
trade only, newest first) rank the open vacancies for each case; precision@5, recall@10 and the mean
reciprocal rank say how high the vacancy that worked out came. Cases are split by date: weights are tuned
on the earlier part and measured on the later one.

History comes from the database (`cases_from_records`: referrals that led to a hire, `is_stable`) or, where
there is too little of it (the demo holds a few referrals only), from `simulate`: people with hidden wishes
choose among the open vacancies month by month, and stay where the job suits them. Only part of each wish is
ever stated; the rest shows in skills text and past work, as in life.
"""

import dataclasses
import datetime
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from laborbridge.matching.scoring import (
    IN_COUNTY,
    PARTNER_PROVINCE,
    VacancyFacts,
    Weights,
    WorkerFacts,
    place_class,
    score,
)
from laborbridge.matching.text import FAMILIES, SYNONYMS, words

TUNED = ("wanted_occupation", "past_occupation", "skills", "place", "pay", "lodging")
FACTORS = (0.5, 1.0, 2.0)


@dataclass(frozen=True)
class Case:
    day: datetime.date
    worker: WorkerFacts
    open: tuple[VacancyFacts, ...]
    relevant: frozenset[int]


# --- ranking -----------------------------------------------------------------------------------------------


def _newest(vacancies: Sequence[VacancyFacts]) -> list[VacancyFacts]:
    return sorted(vacancies, key=lambda v: (v.posted_on or datetime.date.min, v.id), reverse=True)


def rank_newest(case: Case, weights: Weights | None = None) -> list[int]:
    """Baseline: the newest vacancies first (what a flat list shows)."""
    return [v.id for v in _newest(case.open)]


def rank_same_occupation(case: Case, weights: Weights | None = None) -> list[int]:
    """Baseline: only vacancies of a trade the worker did or wants, newest first."""
    trades = case.worker.past_occupations | case.worker.wanted_occupations
    return [v.id for v in _newest(case.open) if v.occupation in trades]


def rank_matcher(case: Case, weights: Weights | None = None) -> list[int]:
    weights = weights or Weights()
    found = [
        m
        for v in case.open
        if (m := score(case.worker, v, weights=weights, as_of=case.day, explain=False)) is not None
    ]
    found.sort(key=lambda m: (-m.score, -m.vacancy_id))
    return [m.vacancy_id for m in found]


def metrics(cases: Sequence[Case], ranker: Callable, weights: Weights | None = None) -> dict[str, float]:
    """precision@5, recall@10 and MRR of a ranker over the cases."""
    if not cases:
        return {"precision_at_5": 0.0, "recall_at_10": 0.0, "mrr": 0.0, "cases": 0}
    p5 = r10 = mrr = 0.0
    for case in cases:
        ranked = ranker(case, weights)
        p5 += len(case.relevant & set(ranked[:5])) / 5
        r10 += len(case.relevant & set(ranked[:10])) / len(case.relevant)
        first = next((i for i, pk in enumerate(ranked, start=1) if pk in case.relevant), None)
        mrr += 1 / first if first else 0.0
    n = len(cases)
    return {
        "precision_at_5": round(p5 / n, 4),
        "recall_at_10": round(r10 / n, 4),
        "mrr": round(mrr / n, 4),
        "cases": n,
    }


def split(cases: Sequence[Case], fraction: float = 0.7) -> tuple[list[Case], list[Case]]:
    """Earlier cases to tune on, later ones to test on (by day; a day is never split)."""
    ordered = sorted(cases, key=lambda c: c.day)
    if not ordered:
        return [], []
    cut_day = ordered[min(len(ordered) - 1, int(len(ordered) * fraction))].day
    return [c for c in ordered if c.day < cut_day], [c for c in ordered if c.day >= cut_day]


def tune(cases: Sequence[Case], start: Weights | None = None) -> Weights:
    """Coordinate search over the main weights, by MRR on the given (training) cases."""
    best = start or Weights()
    best_mrr = metrics(cases, rank_matcher, best)["mrr"]
    for name in TUNED:
        base = getattr(best, name)
        for factor in FACTORS:
            if factor == 1.0:
                continue
            trial = best.replace(**{name: round(base * factor, 4)})
            mrr = metrics(cases, rank_matcher, trial)["mrr"]
            if mrr > best_mrr:
                best, best_mrr = trial, mrr
    return best


def evaluate(cases: Sequence[Case], *, tune_weights: bool = False, weights: Weights | None = None) -> dict:
    """The three rankers on the later cases; with `tune_weights`, the matcher's weights tuned on the earlier."""
    train, test = split(cases)
    weights = weights or Weights()
    if tune_weights and train:
        weights = tune(train, weights)
    return {
        "cases": {"train": len(train), "test": len(test)},
        "weights": {k: v for k, v in dataclasses.asdict(weights).items() if k in TUNED},
        "results": {
            "matcher": metrics(test, rank_matcher, weights),
            "newest_first": metrics(test, rank_newest),
            "same_occupation": metrics(test, rank_same_occupation),
        },
    }


# --- a generated history with hidden wishes ----------------------------------------------------------------

JINXIU, TONGMU = "451324", "451324101"
PARTNERS = ("440904", "440902")
PLACES = (  # (place code, province name, share)
    (TONGMU, "广西壮族自治区", 0.2),
    ("450102", "广西壮族自治区", 0.1),
    ("440904", "广东省", 0.3),
    ("440902", "广东省", 0.2),
    ("441900", "广东省", 0.1),
    ("330106", "浙江省", 0.1),
)
OCCUPATIONS = tuple(SYNONYMS)


@dataclass
class _Person:
    facts: WorkerFacts  # what is known of the person at the start
    occupation: str  # hidden wish
    places: frozenset[str]  # hidden: the place classes the person would accept
    pay: int  # hidden least pay
    lodging: bool  # hidden need
    busy_until: datetime.date = datetime.date.min
    past: frozenset[str] = frozenset()


def synthetic_workers(n: int, seed: int = 15) -> list[WorkerFacts]:
    """Plain workers of 金秀 whose skills text speaks of a trade (or of nothing, for some)."""
    rng = random.Random(seed)
    out = []
    for pk in range(1, n + 1):
        trade = rng.choice(OCCUPATIONS)
        skills = rng.choice(SYNONYMS[trade]) if rng.random() < 0.6 else ""
        out.append(
            WorkerFacts(
                id=pk, age=rng.randint(18, 55), county_code=JINXIU, partner_codes=PARTNERS,
                poverty_status=rng.choice(["ordinary", "ordinary", "alleviated", "monitored"]), skills=skills,
            )
        )  # fmt: skip
    return out


def synthetic_vacancies(n: int, seed: int = 15) -> list[VacancyFacts]:
    rng = random.Random(seed + 1)
    out = []
    for pk in range(1, n + 1):
        place, province, _share = rng.choices(PLACES, weights=[p[2] for p in PLACES])[0]
        low = rng.randrange(2600, 6500, 100)
        occupation = rng.choice(OCCUPATIONS)
        out.append(
            VacancyFacts(
                id=pk, title=rng.choice(SYNONYMS[occupation]) + "工", occupation=occupation, place_code=place,
                province_name=province, pay_min=low, pay_max=low + rng.randrange(0, 2500, 100),
                lodging=rng.random() < 0.6, meals=rng.random() < 0.5,
            )
        )  # fmt: skip
    return out


def _wish_from(facts: WorkerFacts, rng: random.Random) -> str:
    """The hidden trade: what the skills text speaks of when it does, else any."""
    have = words(facts.skills) if facts.skills else frozenset()
    spoken = [occ for occ, syn in SYNONYMS.items() if have & set(syn)]
    return rng.choice(spoken) if spoken else rng.choice(OCCUPATIONS)


def _utility(person: _Person, vacancy: VacancyFacts) -> float:
    """How much the person likes the job, by the hidden wishes (the matcher never sees this)."""
    u = 0.0
    if vacancy.occupation == person.occupation:
        u += 3.0
    elif any(vacancy.occupation in f and person.occupation in f for f in FAMILIES):
        u += 1.0
    kind = place_class(person.facts, vacancy)
    u += 1.5 if kind in person.places else -3.0
    u += (vacancy.pay_max - person.pay) / 1500
    if person.lodging:
        u += 1.0 if vacancy.lodging else -1.5
    return u


def simulate(
    workers: Sequence[WorkerFacts],
    vacancies: Sequence[VacancyFacts],
    *,
    start: datetime.date = datetime.date(2023, 1, 1),
    months: int = 18,
    seed: int = 15,
    stated_share: float = 0.4,
) -> list[Case]:
    """A history of referrals month by month, each person choosing by hidden wishes; the stable hires' cases.

    Each month a third of the vacancies is open (each posted that month or in the two before). A person
    not at work looks with some chance, picks the open job they like best (with noise), is hired half the
    time, and stays three months or more only if the job suits them; a stay becomes past work (工种) that
    later cases see. `stated_share` of the people have stated their wishes (part of them) in the registry.
    """
    rng = random.Random(seed)
    people = []
    for facts in workers:
        occupation = _wish_from(facts, rng)
        places = frozenset({IN_COUNTY}) if rng.random() < 0.35 else frozenset({PARTNER_PROVINCE, IN_COUNTY})
        pay, lodging = rng.randrange(2500, 6000, 500), rng.random() < 0.5
        stated = {}
        if rng.random() < stated_share:
            stated = {
                "wanted_occupations": frozenset({occupation}),
                "place_classes": places if rng.random() < 0.7 else frozenset(),
                "pay_min": pay if rng.random() < 0.5 else None,
                "needs_lodging": lodging,
            }
        people.append(
            _Person(dataclasses.replace(facts, at_work=False, **stated), occupation, places, pay, lodging)
        )
    posted = {v.id: start + datetime.timedelta(days=31 * rng.randrange(-2, months)) for v in vacancies}
    posted = {pk: day.replace(day=1) for pk, day in posted.items()}
    cases = []
    for month in range(months):
        day = (start + datetime.timedelta(days=31 * month)).replace(day=1)
        open_now = tuple(
            dataclasses.replace(
                v, posted_on=posted[v.id], is_open=True, headcount_left=max(1, v.headcount_left)
            )
            for v in vacancies
            if day - datetime.timedelta(days=92) < posted[v.id] <= day
        )
        if not open_now:
            continue
        for person in people:
            if person.busy_until > day or rng.random() > 0.25:
                continue
            observed = dataclasses.replace(person.facts, past_occupations=person.past)
            eligible = [
                v
                for v in open_now
                if (v.age_min is None or observed.age >= v.age_min)
                and (v.age_max is None or observed.age <= v.age_max)
            ]
            if not eligible:
                continue
            choice = max(eligible, key=lambda v: _utility(person, v) + rng.gauss(0, 1.0))
            if rng.random() < 0.5:
                continue  # not hired
            liked = _utility(person, choice)
            stable = liked > 1.5
            person.busy_until = day + datetime.timedelta(days=200 if stable else 45)
            if stable:
                cases.append(Case(day, observed, open_now, frozenset({choice.id})))
                person.past = person.past | {choice.occupation}
    return cases
