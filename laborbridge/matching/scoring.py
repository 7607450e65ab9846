"""How well a worker and a vacancy fit: pure functions over plain data (no ORM), with reasons in Chinese.

A pair passes three hard limits or is not a match at all: the vacancy is open with headcount left, the
worker's age is within its range, and the worker is available (not at work now, free by the time it
matters). The rest is graded, each part a weight of `Weights` times a fit between 0 and 1, and each part
that counts says why in words staff read ("期望从事中式烹调", "期望广东就业", "包吃住").

The parts only ever add for a better fit, so a better fit never scores lower (the tests check it): a
stated wish that the vacancy does not meet (a place, a pay, lodging) costs a fixed penalty, and a place the
worker does not want costs more than every other part can add, so that a worker who must stay near home
never sees a job elsewhere above one at home.
"""

import dataclasses
import datetime
import functools
import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass

from laborbridge.employment.places import place_class_for
from laborbridge.matching.text import occupation_words, same_family, words

IN_COUNTY, IN_PROVINCE, PARTNER_PROVINCE, OTHER_PROVINCE = (
    "in_county",
    "in_province",
    "partner_province",
    "other_province",
)
AVAILABLE_WITHIN_DAYS = 30  # a worker free within a month can be put forward now
PAY_FLOOR, PAY_SPAN = 2000, 6000  # without a stated wish, pay counts from 2000 to 8000 元 a month


@dataclass(frozen=True)
class Weights:
    """The weight of each graded part; one object, in settings (`MATCHING_WEIGHTS`), tuned by match_eval."""

    wanted_occupation: float = 4.0
    related_occupation: float = 1.5  # of the same trade as a wanted one (面点 for a cook)
    past_occupation: float = 2.0
    trained_occupation: float = 2.5
    skills: float = 1.5
    place: float = 2.0
    place_mismatch: float = 20.0  # more than all the parts together: a place not wanted comes last
    pay: float = 1.5
    pay_shortfall: float = 2.0
    lodging: float = 1.0
    lodging_missing: float = 1.5
    priority: float = 0.5  # formerly poor and monitored workers first, among equals
    recency: float = 0.3  # newer vacancies slightly first (they are likelier still to be filled)

    def replace(self, **changes) -> "Weights":
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class WorkerFacts:
    """What matching knows of a worker."""

    id: int
    age: int
    county_code: str  # the home county
    partner_codes: tuple[str, ...] = ()  # the home county's partners (their provinces are 协作省份)
    poverty_status: str = "ordinary"
    skills: str = ""
    wanted_occupations: frozenset[str] = frozenset()
    past_occupations: frozenset[str] = frozenset()
    # Completed training: (programme name, the occupations it prepares for)
    trained: tuple[tuple[str, frozenset[str]], ...] = ()
    place_classes: frozenset[str] = frozenset()
    regions: tuple[tuple[str, str], ...] = ()  # (code prefix, name)
    pay_min: int | None = None
    needs_lodging: bool = False
    available_from: datetime.date | None = None
    at_work: bool = False


@dataclass(frozen=True)
class VacancyFacts:
    """What matching knows of a vacancy."""

    id: int
    title: str
    occupation: str
    place_code: str
    province_name: str = ""
    pay_min: int = 0
    pay_max: int = 0
    lodging: bool = False
    meals: bool = False
    age_min: int | None = None
    age_max: int | None = None
    skills: str = ""
    is_open: bool = True
    headcount_left: int = 1
    posted_on: datetime.date | None = None


@dataclass(frozen=True)
class Match:
    worker_id: int
    vacancy_id: int
    score: float
    reasons: tuple[str, ...]  # why it fits
    concerns: tuple[str, ...] = ()  # what does not fit (shown, not hidden)


def hard_limit(worker: WorkerFacts, vacancy: VacancyFacts, *, as_of: datetime.date) -> str | None:
    """Why the pair cannot be a match at all, or None."""
    if not vacancy.is_open or vacancy.headcount_left <= 0:
        return "岗位已招满或未在招聘"
    if vacancy.age_min is not None and worker.age < vacancy.age_min:
        return "年龄低于岗位要求"
    if vacancy.age_max is not None and worker.age > vacancy.age_max:
        return "年龄超过岗位要求"
    if worker.at_work:
        return "目前在岗"
    if worker.available_from and worker.available_from > as_of + datetime.timedelta(
        days=AVAILABLE_WITHIN_DAYS
    ):
        return "尚未到可到岗日期"
    return None


def _short(occupation: str) -> str:
    """中式烹调(粤菜) → 中式烹调: the name without its note, for a reason."""
    return occupation.split("(")[0].split("（")[0]


def _province_short(name: str) -> str:
    for suffix in ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def place_class(worker: WorkerFacts, vacancy: VacancyFacts) -> str:
    return _place_class(vacancy.place_code, worker.county_code, worker.partner_codes)


@functools.lru_cache(maxsize=65536)
def _place_class(place_code: str, county_code: str, partner_codes: tuple[str, ...]) -> str:
    return place_class_for(
        place_code=place_code, home_county_code=county_code, partner_codes=list(partner_codes)
    )


@functools.lru_cache(maxsize=65536)
def _vacancy_words(occupation: str, title: str, skills: str) -> frozenset[str]:
    return occupation_words(occupation) | words(title) | words(skills)


def _occupation_part(worker, vacancy, weights, reasons) -> float:
    occ = vacancy.occupation
    score = 0.0
    if occ in worker.wanted_occupations:
        score += weights.wanted_occupation
        reasons is not None and reasons.append(f"期望从事{_short(occ)}")
    elif any(same_family(occ, wanted) for wanted in worker.wanted_occupations):
        score += weights.related_occupation
        reasons is not None and reasons.append(
            f"期望从事相近工种（{'、'.join(sorted(_short(w) for w in worker.wanted_occupations))}）"
        )
    trained = [name for name, occupations in worker.trained if occ in occupations]
    if trained:
        score += weights.trained_occupation
        reasons is not None and reasons.append(f"参加过{trained[0]}培训")
    if occ in worker.past_occupations:
        score += weights.past_occupation
        reasons is not None and reasons.append(f"做过{_short(occ)}")
    if worker.skills:
        have = words(worker.skills)
        want = _vacancy_words(occ, vacancy.title, vacancy.skills)
        shared = sorted(have & want)
        if shared:
            score += weights.skills * min(1.0, len(shared) / 2)
            reasons is not None and reasons.append(f"技能特长：{'、'.join(shared[:3])}")
    return score


def _place_part(worker, vacancy, weights, reasons, concerns) -> float:
    kind = place_class(worker, vacancy)
    region = next((name for code, name in worker.regions if vacancy.place_code.startswith(code)), None)
    stated = bool(worker.place_classes or worker.regions)
    if region is not None:
        reasons is not None and reasons.append(f"期望{_province_short(region)}就业")
        return weights.place
    if kind in worker.place_classes:
        if kind == IN_COUNTY:
            reasons is not None and reasons.append("期望县内就业")
        else:
            reasons is not None and reasons.append(
                f"期望{_province_short(vacancy.province_name) or '外出'}就业"
            )
        return weights.place
    if stated:
        concerns is not None and concerns.append("不在期望的务工地域")
        return -weights.place_mismatch
    return 0.0


def _pay_part(worker, vacancy, weights, reasons, concerns) -> float:
    pay = f"月薪{vacancy.pay_min}–{vacancy.pay_max}元"
    if worker.pay_min:
        if vacancy.pay_min >= worker.pay_min:
            reasons is not None and reasons.append(f"{pay}，达到期望")
            return weights.pay
        if vacancy.pay_max >= worker.pay_min:
            reasons is not None and reasons.append(f"{pay}，可达期望")
            return weights.pay / 2
        concerns is not None and concerns.append(f"{pay}，低于期望{worker.pay_min}元")
        return -weights.pay_shortfall
    fit = min(1.0, max(0.0, (vacancy.pay_max - PAY_FLOOR) / PAY_SPAN))
    if fit >= 0.5:
        reasons is not None and reasons.append(pay)
    return weights.pay * fit / 2


def _lodging_part(worker, vacancy, weights, reasons, concerns) -> float:
    label = {(True, True): "包吃住", (True, False): "包住", (False, True): "包吃"}.get(
        (vacancy.lodging, vacancy.meals)
    )
    if label:
        reasons is not None and reasons.append(label)
    if worker.needs_lodging:
        if vacancy.lodging:
            return weights.lodging + (0.2 * weights.lodging if vacancy.meals else 0.0)
        concerns is not None and concerns.append("不包住")
        return -weights.lodging_missing
    return 0.3 * weights.lodging * vacancy.lodging + 0.2 * weights.lodging * vacancy.meals


def _priority_part(worker, weights, reasons) -> float:
    label = {"alleviated": "脱贫劳动力优先", "monitored": "防止返贫监测对象优先"}.get(worker.poverty_status)
    if label is None:
        return 0.0
    reasons is not None and reasons.append(label)
    return weights.priority


def _recency_part(vacancy, weights, as_of) -> float:
    if vacancy.posted_on is None:
        return 0.0
    age_days = max(0, (as_of - vacancy.posted_on).days)
    return weights.recency * max(0.0, 1 - age_days / 180)


def score(
    worker: WorkerFacts,
    vacancy: VacancyFacts,
    *,
    weights: Weights = Weights(),
    as_of: datetime.date,
    explain: bool = True,
) -> Match | None:
    """The pair's match, or None when a hard limit rules it out; `explain=False` skips the reasons' words
    (the ranking scores every pair that way, then explains the few it keeps)."""
    if hard_limit(worker, vacancy, as_of=as_of) is not None:
        return None
    reasons: list[str] | None = [] if explain else None
    concerns: list[str] | None = [] if explain else None
    occupation = _occupation_part(worker, vacancy, weights, reasons)
    # The parts that depend on the worker only through the profile (place, pay, lodging, priority), summed in
    # this order: `matching.batch` sums them the same way with numpy, so the two agree to the last bit.
    rest = (
        _place_part(worker, vacancy, weights, reasons, concerns)
        + _pay_part(worker, vacancy, weights, reasons, concerns)
        + _lodging_part(worker, vacancy, weights, reasons, concerns)
        + _priority_part(worker, weights, reasons)
        + _recency_part(vacancy, weights, as_of)
    )
    total = round_score(occupation + rest)
    return Match(worker.id, vacancy.id, total, tuple(reasons or ()), tuple(concerns or ()))


def round_score(total: float) -> float:
    """A score to four decimals, half up, by float operations numpy repeats exactly (`round` is not one)."""
    return math.floor(total * 10000 + 0.5) / 10000


def _top(pairs, limit: int, key, *, weights: Weights, as_of: datetime.date) -> list[Match]:
    """The best `limit` pairs by `key` over unexplained matches, then explained (the same scores)."""
    found = ((w, v, score(w, v, weights=weights, as_of=as_of, explain=False)) for w, v in pairs)
    best = heapq.nsmallest(limit, ((m, w, v) for w, v, m in found if m is not None), key=lambda t: key(t[0]))
    return [score(w, v, weights=weights, as_of=as_of) for _m, w, v in best]


def rank_vacancies(
    worker: WorkerFacts,
    vacancies: Iterable[VacancyFacts],
    *,
    weights: Weights = Weights(),
    as_of: datetime.date,
    limit: int = 10,
) -> list[Match]:
    """The best vacancies for a worker, best first (ties: the newer vacancy, by id)."""
    pairs = ((worker, v) for v in vacancies)
    return _top(pairs, limit, lambda m: (-m.score, -m.vacancy_id), weights=weights, as_of=as_of)


def rank_workers(
    vacancy: VacancyFacts,
    workers: Iterable[WorkerFacts],
    *,
    weights: Weights = Weights(),
    as_of: datetime.date,
    limit: int = 20,
) -> list[Match]:
    """The best workers for a vacancy, best first (ties: the earlier registered, by id)."""
    pairs = ((w, vacancy) for w in workers)
    return _top(pairs, limit, lambda m: (-m.score, m.worker_id), weights=weights, as_of=as_of)
