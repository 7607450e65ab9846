"""The scorer for many workers at once: the same hard limits and graded parts as `scoring.score`, with numpy,
each worker scored only against the vacancies that can reach its top ten (candidate blocks).

The score splits in two (see `scoring.score`): the occupation part, which depends on the worker's trades and
skills and on the vacancy's 工种 and words, and the rest — place, pay, lodging, priority, recency — which
depends on the worker only through a *profile* (home county, wanted places, least pay, lodging, priority).
Workers of one profile share one row of "rest" over all vacancies. Both halves are summed in the pure
scorer's order and rounded the same way, so a score here equals `scoring.score`'s to the last bit.

**Candidate blocks.** The open vacancies fall into blocks by 工种 and by place class (for the profile's home
county: 县内, 区内县外, 协作省份, 其他省份); within a block the occupation part differs only by the skills
words, so for a worker and a block, an upper bound is the worker's fit to the 工种 + the most the skills can
add there + the block's best rest. Each worker is scored against the best `t` vacancies of every block; if
no vacancy left out of any block can, by its block's bound, reach the worker's tenth score, the top ten is
the dense one (exactly: ties are broken by id, as the pure ranking does); otherwise `t` grows for that
worker. Hard limits are masks: closed or full vacancies are never candidates, an age outside the range is
masked per pair, a worker not available gets nothing. Tests check that blocked == dense for every worker,
and dense == the pure scorer.
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
CHUNK = 2048  # workers scored at once (a chunk × its candidates, float64)
FIRST_T = 12  # vacancies taken from each block in the first round
GROWTH = 4  # how much a block's share grows for the workers the first round cannot settle
MARGIN = 1e-4  # a left-out vacancy must fall below the tenth score by more than a rounding step
FAR = -1e18  # a pair a hard limit rules out


class VacancyIndex:
    """The open vacancies as columns, their words, and per profile the rest-of-score row and the blocks.

    Built once for a set of vacancies (a fair's, a county's) and then asked for any number of workers."""

    def __init__(self, vacancies: Sequence[VacancyFacts], *, as_of: datetime.date, weights: Weights):
        self.as_of, self.weights = as_of, weights
        # A closed or full vacancy is never a candidate: the first hard limit, applied once.
        self.items = [v for v in vacancies if v.is_open and v.headcount_left > 0]
        items = self.items
        self.ids = np.array([v.id for v in items], dtype=np.int64)
        self.occupations = sorted({v.occupation for v in items})
        self.occ_index = {o: i for i, o in enumerate(self.occupations)}
        self.occ = np.array([self.occ_index[v.occupation] for v in items], dtype=np.int64)
        self.pay_min = np.array([v.pay_min for v in items], dtype=np.float64)
        self.pay_max = np.array([v.pay_max for v in items], dtype=np.float64)
        self.lodging = np.array([v.lodging for v in items], dtype=bool)
        self.meals = np.array([v.meals for v in items], dtype=bool)
        self.age_min = np.array([-1 if v.age_min is None else v.age_min for v in items], dtype=np.int64)
        self.age_max = np.array([999 if v.age_max is None else v.age_max for v in items], dtype=np.int64)
        self.age_limited = (self.age_min >= 0) | (self.age_max < 999)
        posted = [v.posted_on for v in items]
        days = np.array([0 if p is None else max(0, (as_of - p).days) for p in posted], dtype=np.int64)
        dated = np.array([p is not None for p in posted], dtype=bool)
        # As scoring._recency_part: weight × max(0, 1 − days / 180), nothing for an undated vacancy.
        self.recency = np.where(dated, weights.recency * np.maximum(0.0, 1 - days / 180), 0.0)
        self.vocabulary: dict[str, int] = {}
        word_rows, word_cols = [], []
        for j, v in enumerate(items):
            for word in _vacancy_words(v.occupation, v.title, v.skills):
                word_rows.append(j)
                word_cols.append(self.vocabulary.setdefault(word, len(self.vocabulary)))
        size = len(self.vocabulary)
        # Word × vacancy, with a last row of zeros for "no word" (a worker's padding).
        self.words_t = np.zeros((size + 1, len(items)), dtype=np.float64)
        self.words_t[word_cols, word_rows] = 1.0
        self._word_rows, self._word_cols = (
            np.array(word_rows, dtype=np.int64),
            np.array(word_cols, dtype=np.int64),
        )
        self._related: dict[frozenset, np.ndarray] = {}
        self._classes: dict[tuple, np.ndarray] = {}
        self._regions: dict[str, np.ndarray] = {}
        self._profiles: dict[tuple, _Profile] = {}

    def __len__(self) -> int:
        return len(self.items)

    def related_to(self, wanted: frozenset[str]) -> np.ndarray:
        """Which of the occupations share a family with one of `wanted` (and are not that one)."""
        if wanted not in self._related:
            self._related[wanted] = np.array(
                [any(same_family(o, x) for x in wanted) for o in self.occupations], dtype=bool
            )
        return self._related[wanted]

    def classes(self, county: str, partners: tuple[str, ...]) -> np.ndarray:
        """Each vacancy's place class (an index of CLASSES) for the workers of one county."""
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

    def profile(self, worker: WorkerFacts) -> "_Profile":
        key = _profile_key(worker)
        if key not in self._profiles:
            self._profiles[key] = _Profile(self, worker)
        return self._profiles[key]


def _profile_key(w: WorkerFacts) -> tuple:
    return (
        w.county_code, w.partner_codes, w.place_classes, w.regions, w.pay_min, w.needs_lodging,
        w.poverty_status in ("alleviated", "monitored"),
    )  # fmt: skip


class _Profile:
    """For the workers of one profile: the rest of the score over all vacancies, and the blocks in order."""

    def __init__(self, index: VacancyIndex, w: WorkerFacts):
        weights = index.weights
        region = np.zeros(len(index), dtype=bool)
        for code, _name in w.regions:
            region |= index.in_region(code)
        classes = index.classes(w.county_code, w.partner_codes)
        wanted_classes = np.array([c in w.place_classes for c in CLASSES], dtype=bool)
        stated = bool(w.place_classes or w.regions)
        # Each part as scoring.py computes it, element by element, then summed in its order.
        place = np.where(
            region | wanted_classes[classes], weights.place, -weights.place_mismatch if stated else 0.0
        )
        if w.pay_min:
            pay = np.where(
                index.pay_min >= w.pay_min,
                weights.pay,
                np.where(index.pay_max >= w.pay_min, weights.pay / 2, -weights.pay_shortfall),
            )
        else:
            fit = np.minimum(1.0, np.maximum(0.0, (index.pay_max - PAY_FLOOR) / PAY_SPAN))
            pay = weights.pay * fit / 2
        if w.needs_lodging:
            lodging = np.where(
                index.lodging,
                weights.lodging + np.where(index.meals, 0.2 * weights.lodging, 0.0),
                -weights.lodging_missing,
            )
        else:
            lodging = 0.3 * weights.lodging * index.lodging + 0.2 * weights.lodging * index.meals
        priority = weights.priority if w.poverty_status in ("alleviated", "monitored") else 0.0
        self.rest = place + pay + lodging + priority + index.recency
        # Blocks: 工种 × place class; inside each, the best rest first (then the newer vacancy).
        self.block = index.occ * len(CLASSES) + classes
        self.order = np.lexsort((-index.ids, -self.rest, self.block))
        sorted_blocks = self.block[self.order]
        self.block_ids = np.unique(sorted_blocks)
        self.starts = np.searchsorted(sorted_blocks, self.block_ids)
        self.sizes = np.diff(np.append(self.starts, len(self.order)))
        self.position = np.arange(len(self.order)) - np.repeat(self.starts, self.sizes)
        self.rest_sorted = self.rest[self.order]
        self.block_occ = self.block_ids // len(CLASSES)
        # Which vacancy words occur in each block (for the most the skills can add there).
        block_of = self.block[index._word_rows]
        slot = np.searchsorted(self.block_ids, block_of)
        self.block_words_t = np.zeros((len(index.vocabulary) + 1, len(self.block_ids)), dtype=np.float64)
        self.block_words_t[index._word_cols, slot] = 1.0
        self._candidates: dict[int, tuple] = {}

    def candidates(self, t: int, index: VacancyIndex) -> tuple:
        """The best `t` of each block (columns, newest id first), each block's best left out (−inf: none),
        and the columns' words and 工种."""
        if t not in self._candidates:
            taken = self.order[self.position < t]
            columns = taken[np.argsort(-index.ids[taken], kind="stable")]
            left = self.sizes > t
            best_left = np.full(len(self.block_ids), -np.inf)
            best_left[left] = self.rest_sorted[self.starts[left] + t]
            # The candidates' words and 工种, gathered once for every chunk of workers.
            self._candidates[t] = (columns, best_left, index.words_t[:, columns], index.occ[columns])
        return self._candidates[t]


def _occupation_rows(block: Sequence[WorkerFacts], index: VacancyIndex, weights: Weights) -> np.ndarray:
    """Worker × 工种: wanted (or related) + trained + past, summed in scoring._occupation_part's order."""
    n, k = len(block), len(index.occupations)
    first = np.zeros((n, k))
    trained = np.zeros((n, k))
    past = np.zeros((n, k))
    for i, w in enumerate(block):
        if w.wanted_occupations:
            first[i, index.related_to(w.wanted_occupations)] = weights.related_occupation
            for o in w.wanted_occupations:
                if o in index.occ_index:
                    first[i, index.occ_index[o]] = weights.wanted_occupation
        for _name, occupations in w.trained:
            for o in occupations:
                if o in index.occ_index:
                    trained[i, index.occ_index[o]] = weights.trained_occupation
        for o in w.past_occupations:
            if o in index.occ_index:
                past[i, index.occ_index[o]] = weights.past_occupation
    return first + trained + past


def _word_slots(block: Sequence[WorkerFacts], index: VacancyIndex) -> np.ndarray:
    """Worker × the indexes of the worker's skills words among the vacancies' (padded with the "no word" row)."""
    none = len(index.vocabulary)
    found = [sorted({index.vocabulary[x] for x in words(w.skills) if x in index.vocabulary}) for w in block]
    width = max((len(f) for f in found), default=0)
    slots = np.full((len(block), width), none, dtype=np.int64)
    for i, f in enumerate(found):
        slots[i, : len(f)] = f
    return slots


def _scores(rows, occupation, slots, ages, candidates, index, profile, weights) -> np.ndarray:
    """Exact scores (rounded as scoring.round_score) of the chunk's `rows` against the candidates."""
    columns, _best_left, words_t, occ = candidates
    total = occupation[rows][:, occ]
    if slots.shape[1]:
        shared = np.zeros((len(rows), len(columns)))
        for j in range(slots.shape[1]):
            shared += words_t[slots[rows, j]]
        total = total + np.where(shared > 0, weights.skills * np.minimum(1.0, shared / 2), 0.0)
    total = total + profile.rest[columns]
    limited = index.age_limited[columns]
    if limited.any():
        cols = np.flatnonzero(limited)
        a = ages[rows][:, None]
        too = (a < index.age_min[columns][cols][None, :]) | (a > index.age_max[columns][cols][None, :])
        sub = total[:, cols]
        sub[too] = FAR
        total[:, cols] = sub
    return np.floor(total * 10000 + 0.5) / 10000


def _top(q: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the `limit` best columns (columns are newest id first: a tie keeps the newer), and the
    limit-th best score (−inf when a row has fewer valid)."""
    n, width = q.shape
    if width <= limit:
        kth = (
            np.where((q > FAR / 2).sum(1) >= limit, q.min(1), -np.inf)
            if width == limit
            else np.full(n, -np.inf)
        )
        return np.ones_like(q, dtype=bool) & (q > FAR / 2), kth
    kth = np.partition(q, width - limit, axis=1)[:, width - limit]
    greater = q > kth[:, None]
    equal = q == kth[:, None]
    need = limit - greater.sum(1)
    chosen = greater | (equal & (np.cumsum(equal, axis=1) <= need[:, None]))
    chosen &= q > FAR / 2
    return chosen, np.where(kth > FAR / 2, kth, -np.inf)


def rank_many(
    workers: Sequence[WorkerFacts],
    vacancies: Sequence[VacancyFacts] | VacancyIndex,
    *,
    weights: Weights | None = None,
    as_of: datetime.date,
    limit: int = 10,
    explain: bool = True,
    dense: bool = False,
) -> dict[int, list[Match]]:
    """Each worker's best `limit` vacancies, best first (ties: the newer vacancy), as `rank_vacancies` gives.

    `dense=True` scores every worker against every open vacancy (the reference the blocks are tested
    against); `explain=False` leaves the reasons out (the scores are the same)."""
    weights = weights or Weights()
    if isinstance(vacancies, VacancyIndex):
        index = vacancies
        if index.as_of != as_of or index.weights != weights:
            raise ValueError("the index was built for another day or other weights")
    else:
        index = VacancyIndex(vacancies, as_of=as_of, weights=weights)
    out: dict[int, list[Match]] = {w.id: [] for w in workers}
    latest = as_of + datetime.timedelta(days=AVAILABLE_WITHIN_DAYS)
    free = [w for w in workers if not w.at_work and (w.available_from is None or w.available_from <= latest)]
    if not len(index) or not free:
        return out
    by_profile: dict[int, list[WorkerFacts]] = {}
    profiles: dict[int, _Profile] = {}
    for w in free:
        profile = index.profile(w)
        by_profile.setdefault(id(profile), []).append(w)
        profiles[id(profile)] = profile
    largest = len(index)
    for key, group in by_profile.items():
        profile = profiles[key]
        for start in range(0, len(group), CHUNK):
            chunk = group[start : start + CHUNK]
            occupation = _occupation_rows(chunk, index, weights)
            slots = _word_slots(chunk, index)
            ages = np.array([w.age for w in chunk], dtype=np.int64)
            # The most the skills can add in each block: weight × min(1, shared words / 2), as scored.
            if slots.shape[1]:
                in_block = np.zeros((len(chunk), len(profile.block_ids)))
                for j in range(slots.shape[1]):
                    in_block += profile.block_words_t[slots[:, j]]
                skills_most = weights.skills * np.minimum(1.0, in_block / 2)
            else:
                skills_most = np.zeros((len(chunk), len(profile.block_ids)))
            bound_base = occupation[:, profile.block_occ] + skills_most
            pending = np.arange(len(chunk))
            t = largest if dense else FIRST_T
            while len(pending):
                candidates = profile.candidates(t, index)
                columns, best_left = candidates[:2]
                q = _scores(pending, occupation, slots, ages, candidates, index, profile, weights)
                chosen, kth = _top(q, limit)
                if t >= largest:
                    settled = np.ones(len(pending), dtype=bool)
                else:
                    bound = (bound_base[pending] + best_left[None, :]).max(1)
                    settled = bound + MARGIN < kth
                for r in np.flatnonzero(settled):
                    cols = np.flatnonzero(chosen[r])
                    row_q = q[r, cols]
                    ranked = cols[np.lexsort((-index.ids[columns[cols]], -row_q))]
                    worker = chunk[pending[r]]
                    out[worker.id] = _matches(worker, columns[ranked], q[r, ranked], index, weights, explain)
                pending = pending[~settled]
                t = min(largest, t * GROWTH)
    return out


def _matches(worker, columns, scores, index, weights, explain) -> list[Match]:
    items = index.items
    if not explain:
        return [Match(worker.id, items[c].id, float(s), ()) for c, s in zip(columns, scores, strict=True)]
    return [score(worker, items[c], weights=weights, as_of=index.as_of) for c in columns]
