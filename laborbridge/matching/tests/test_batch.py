"""The numpy batch gives what the pure scorer gives: the same top ten, the same scores, the same reasons; and
scoring each worker only against its candidate blocks gives what scoring every pair gives."""

import dataclasses
import datetime

from laborbridge.matching import evaluation
from laborbridge.matching.batch import VacancyIndex, rank_many
from laborbridge.matching.scoring import Weights, rank_vacancies

TODAY = datetime.date(2024, 6, 1)


def generated(n_vacancies: int, n_workers: int, seed: int = 15):
    """Vacancies and workers of every kind: limits, ties, wishes of each sort, people not available."""
    vacancies = [
        dataclasses.replace(
            v,
            age_min=20 if v.id % 7 == 0 else None,
            age_max=40 if v.id % 5 == 0 else None,
            is_open=v.id % 11 != 0,
            headcount_left=0 if v.id % 13 == 0 else 3,
            skills="会做粤菜" if v.id % 4 == 0 else "",
            posted_on=TODAY - datetime.timedelta(days=v.id % 200) if v.id % 3 else None,
        )
        for v in evaluation.synthetic_vacancies(n_vacancies, seed=seed)
    ]
    workers = []
    for w in evaluation.synthetic_workers(n_workers, seed=seed):
        kind = w.id % 8
        workers.append(
            dataclasses.replace(
                w,
                age=w.age if kind != 7 else 61,
                wanted_occupations=frozenset({vacancies[w.id % n_vacancies].occupation})
                if kind in (0, 1)
                else frozenset(),
                past_occupations=frozenset({vacancies[(w.id + 1) % n_vacancies].occupation})
                if kind == 2
                else frozenset(),
                trained=(("粤菜师傅", frozenset({"中式烹调(粤菜)"})),) if kind == 3 else (),
                place_classes=frozenset({"in_county"}) if kind in (4, 6) else frozenset(),
                regions=(("4409", "茂名市"),) if kind == 5 else (),
                pay_min=4500 if kind in (1, 4) else None,
                needs_lodging=kind in (2, 5),
                at_work=w.id % 17 == 0,
                available_from=TODAY + datetime.timedelta(days=60) if w.id % 19 == 0 else None,
            )
        )
    return workers, vacancies


def test_the_batch_ranks_every_worker_as_the_pure_scorer_does():
    workers, vacancies = generated(150, 120)
    batch = rank_many(workers, vacancies, as_of=TODAY, limit=10)
    dense = rank_many(workers, vacancies, as_of=TODAY, limit=10, dense=True)
    for worker in workers:
        pure = rank_vacancies(worker, vacancies, as_of=TODAY, limit=10)
        assert batch[worker.id] == pure == dense[worker.id], worker


def test_the_candidate_blocks_give_every_worker_the_dense_top_ten():
    for seed, (n_vacancies, n_workers) in enumerate([(400, 600), (60, 200), (1500, 300)]):
        workers, vacancies = generated(n_vacancies, n_workers, seed=seed)
        index = VacancyIndex(vacancies, as_of=TODAY, weights=Weights())
        blocked = rank_many(workers, index, as_of=TODAY, limit=10, explain=False)
        dense = rank_many(workers, index, as_of=TODAY, limit=10, explain=False, dense=True)
        for worker in workers:
            assert blocked[worker.id] == dense[worker.id], (seed, worker)


def test_a_worker_scored_alone_gets_what_the_batch_gives():
    workers, vacancies = generated(300, 40)
    index = VacancyIndex(vacancies, as_of=TODAY, weights=Weights())
    batch = rank_many(workers, index, as_of=TODAY)
    for worker in workers:
        assert rank_many([worker], index, as_of=TODAY)[worker.id] == batch[worker.id]


def test_closed_full_and_age_limited_vacancies_and_unavailable_workers_are_masked():
    workers, vacancies = generated(400, 300)
    by_id = {v.id: v for v in vacancies}
    ranked = rank_many(workers, vacancies, as_of=TODAY)
    for worker in workers:
        for match in ranked[worker.id]:
            v = by_id[match.vacancy_id]
            assert v.is_open and v.headcount_left > 0
            assert (v.age_min or 0) <= worker.age <= (v.age_max or 999)
        if worker.at_work or worker.available_from:
            assert ranked[worker.id] == []
