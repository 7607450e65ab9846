"""The scorer for many workers at once: the same graded parts and hard limits as `scoring.score`, as numpy
arrays over blocks of workers × all vacancies; the kept pairs are then explained by `scoring.score` itself.

A test checks that the two give the same scores and the same top ten.
"""

import datetime
from collections.abc import Sequence

import numpy as np

from laborbridge.matching.scoring import (
    AVAILABLE_WITHIN_DAYS,
    PAY_FLOOR,
    PAY_SPAN,
    Match,
    VacancyFacts,
    Weights,
    WorkerFacts,
    _place_class,
    _vacancy_words,
    score,
)
from laborbridge.matching.text import same_family, words

CLASSES = ("in_county", "in_province", "partner_province", "other_province")
BLOCK = 1024
FAR = -1e9  # a pair a hard limit rules out


class _Vacancies:
    """The vacancies as columns, and what every block of workers needs of them."""

    def __init__(self, vacancies: Sequence[VacancyFacts], as_of: datetime.date, weights: Weights):
        self.items = list(vacancies)
        self.ids = np.array([v.id for v in self.items], dtype=np.int64)
        self.occupations = sorted({v.occupation for v in self.items})
        self.occ_index = {o: i for i, o in enumerate(self.occupations)}
        self.occ = np.array([self.occ_index[v.occupation] for v in self.items], dtype=np.int64)
        self.pay_min = np.array([v.pay_min for v in self.items], dtype=np.float32)
        self.pay_max = np.array([v.pay_max for v in self.items], dtype=np.float32)
        self.lodging = np.array([v.lodging for v in self.items], dtype=bool)
        self.meals = np.array([v.meals for v in self.items], dtype=bool)
        self.age_min = np.array([-1 if v.age_min is None else v.age_min for v in self.items], dtype=np.int32)
        self.age_max = np.array([999 if v.age_max is None else v.age_max for v in self.items], dtype=np.int32)
        self.open = np.array([v.is_open and v.headcount_left > 0 for v in self.items], dtype=bool)
        days = np.array(
            [-1 if v.posted_on is None else max(0, (as_of - v.posted_on).days) for v in self.items],
            dtype=np.float32,
        )
        self.recency = np.where(days < 0, 0.0, weights.recency * np.maximum(0.0, 1 - days / 180)).astype(
            np.float32
        )
        self.vocabulary: dict[str, int] = {}
        rows, cols = [], []
        for j, v in enumerate(self.items):
            for word in _vacancy_words(v.occupation, v.title, v.skills):
                rows.append(j)
                cols.append(self.vocabulary.setdefault(word, len(self.vocabulary)))
        self.words = np.zeros((len(self.items), max(1, len(self.vocabulary))), dtype=np.float32)
        self.words[rows, cols] = 1.0
        self.age_limited = (self.age_min >= 0) | (self.age_max < 999)
        self._related: dict[frozenset, np.ndarray] = {}
        self._classes: dict[tuple, np.ndarray] = {}
        self._regions: dict[str, np.ndarray] = {}

    def related_to(self, wanted: frozenset[str]) -> np.ndarray:
        """Which of the occupations share a family with one of `wanted` (and are not that one)."""
        if wanted not in self._related:
            self._related[wanted] = np.array(
                [any(same_family(o, x) for x in wanted) for o in self.occupations], dtype=bool
            )
        return self._related[wanted]

    def classes(self, county: str, partners: tuple[str, ...]) -> np.ndarray:
        key = (county, partners)
        if key not in self._classes:
            self._classes[key] = np.array(
                [CLASSES.index(_place_class(v.place_code, county, partners)) for v in self.items],
                dtype=np.int64,
            )
        return self._classes[key]

    def in_region(self, code: str) -> np.ndarray:
        if code not in self._regions:
            self._regions[code] = np.array([v.place_code.startswith(code) for v in self.items], dtype=bool)
        return self._regions[code]


def _profile_row(w: WorkerFacts, vac: _Vacancies, weights: Weights) -> np.ndarray:
    """The parts that depend on the worker only through place, pay, lodging and priority: one row per profile."""
    region = np.zeros(len(vac.items), dtype=bool)
    for code, _name in w.regions:
        region |= vac.in_region(code)
    wanted_classes = np.array([c in w.place_classes for c in CLASSES], dtype=bool)
    in_class = wanted_classes[vac.classes(w.county_code, w.partner_codes)]
    stated = bool(w.place_classes or w.regions)
    row = np.where(region | in_class, weights.place, -weights.place_mismatch if stated else 0.0)
    if w.pay_min:
        row = row + np.where(
            vac.pay_min >= w.pay_min,
            weights.pay,
            np.where(vac.pay_max >= w.pay_min, weights.pay / 2, -weights.pay_shortfall),
        )
    else:
        row = row + weights.pay * np.clip((vac.pay_max - PAY_FLOOR) / PAY_SPAN, 0.0, 1.0) / 2
    if w.needs_lodging:
        row = row + np.where(
            vac.lodging,
            weights.lodging + np.where(vac.meals, 0.2 * weights.lodging, 0.0),
            -weights.lodging_missing,
        )
    else:
        row = row + 0.3 * weights.lodging * vac.lodging + 0.2 * weights.lodging * vac.meals
    if w.poverty_status in ("alleviated", "monitored"):
        row = row + weights.priority
    return (row + vac.recency).astype(np.float32)


def _profile_key(w: WorkerFacts) -> tuple:
    return (
        w.county_code, w.partner_codes, w.place_classes, w.regions, w.pay_min, w.needs_lodging,
        w.poverty_status in ("alleviated", "monitored"),
    )  # fmt: skip


def _block_scores(
    block: Sequence[WorkerFacts], vac: _Vacancies, weights: Weights, as_of: datetime.date
) -> np.ndarray:
    n, k = len(block), len(vac.occupations)
    wanted = np.zeros((n, k), dtype=bool)
    past = np.zeros((n, k), dtype=bool)
    trained = np.zeros((n, k), dtype=bool)
    for i, w in enumerate(block):
        for o in w.wanted_occupations:
            if o in vac.occ_index:
                wanted[i, vac.occ_index[o]] = True
        for o in w.past_occupations:
            if o in vac.occ_index:
                past[i, vac.occ_index[o]] = True
        for _name, occupations in w.trained:
            for o in occupations:
                if o in vac.occ_index:
                    trained[i, vac.occ_index[o]] = True
    # A wanted occupation of the block's workers outside the vacancies' own still makes related ones fit.
    related = np.zeros((n, k), dtype=bool)
    for i, w in enumerate(block):
        if w.wanted_occupations:
            related[i] = vac.related_to(w.wanted_occupations)
    s = np.where(wanted, weights.wanted_occupation, np.where(related, weights.related_occupation, 0.0))
    s = (s + trained * weights.trained_occupation + past * weights.past_occupation).astype(np.float32)

    profiles: dict[tuple, int] = {}
    which = np.array([profiles.setdefault(_profile_key(w), len(profiles)) for w in block], dtype=np.int64)
    rows = np.empty((len(profiles), len(vac.items)), dtype=np.float32)
    firsts = {}
    for w, p in zip(block, which, strict=True):
        firsts.setdefault(int(p), w)
    for p, w in firsts.items():
        rows[p] = _profile_row(w, vac, weights)
    scores = s[:, vac.occ]
    scores += rows[which]

    with_skills = [i for i, w in enumerate(block) if w.skills]
    if with_skills:
        skills = np.zeros((len(with_skills), vac.words.shape[1]), dtype=np.float32)
        for r, i in enumerate(with_skills):
            for word in words(block[i].skills):
                col = vac.vocabulary.get(word)
                if col is not None:
                    skills[r, col] = 1.0
        shared = skills @ vac.words.T
        scores[with_skills] += weights.skills * np.minimum(1.0, shared / 2)

    latest = as_of + datetime.timedelta(days=AVAILABLE_WITHIN_DAYS)
    free = np.array(
        [not w.at_work and (w.available_from is None or w.available_from <= latest) for w in block],
        dtype=bool,
    )
    scores[~free] = FAR
    scores[:, ~vac.open] = FAR
    if vac.age_limited.any():
        ages = np.array([w.age for w in block], dtype=np.int32)[:, None]
        cols = np.flatnonzero(vac.age_limited)
        too = (ages < vac.age_min[cols][None, :]) | (ages > vac.age_max[cols][None, :])
        sub = scores[:, cols]
        sub[too] = FAR
        scores[:, cols] = sub
    return scores


def rank_many(
    workers: Sequence[WorkerFacts],
    vacancies: Sequence[VacancyFacts],
    *,
    weights: Weights | None = None,
    as_of: datetime.date,
    limit: int = 10,
    explain: bool = True,
) -> dict[int, list[Match]]:
    """Each worker's best `limit` vacancies, best first (ties: the newer vacancy), as `rank_vacancies` gives."""
    weights = weights or Weights()
    out: dict[int, list[Match]] = {}
    if not vacancies:
        return {w.id: [] for w in workers}
    vac = _Vacancies(vacancies, as_of, weights)
    keep = min(limit, len(vac.items))
    for start in range(0, len(workers), BLOCK):
        block = workers[start : start + BLOCK]
        scores = _block_scores(block, vac, weights, as_of)
        # A few more than `keep`, so that ties at the cut are broken as the pure ranking breaks them.
        wide = min(len(vac.items), keep + 5)
        top = np.argpartition(-scores, wide - 1, axis=1)[:, :wide] if wide < len(vac.items) else None
        for i, worker in enumerate(block):
            cols = top[i] if top is not None else np.arange(len(vac.items))
            row = scores[i, cols]
            cols, row = cols[row > FAR / 2], row[row > FAR / 2]
            # The few kept are scored again exactly (float32 sums may differ in the last digit), then ordered.
            exact = [score(worker, vac.items[c], weights=weights, as_of=as_of, explain=False) for c in cols]
            best = sorted((m for m in exact if m is not None), key=lambda m: (-m.score, -m.vacancy_id))[:keep]
            if explain:
                by_id = {v.id: v for v in (vac.items[c] for c in cols)}
                best = [score(worker, by_id[m.vacancy_id], weights=weights, as_of=as_of) for m in best]
            out[worker.id] = best
    return out
