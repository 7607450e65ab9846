"""The numpy batch gives what the pure scorer gives: the same top ten, the same scores, the same reasons."""

import dataclasses
import datetime

from laborbridge.matching import evaluation
from laborbridge.matching.batch import rank_many
from laborbridge.matching.scoring import rank_vacancies

TODAY = datetime.date(2024, 6, 1)


def test_the_batch_ranks_every_worker_as_the_pure_scorer_does():
    vacancies = [
        dataclasses.replace(
            v,
            age_min=20 if v.id % 7 == 0 else None,
            age_max=40 if v.id % 5 == 0 else None,
            is_open=v.id % 11 != 0,
            headcount_left=0 if v.id % 13 == 0 else 3,
            skills="会做粤菜" if v.id % 4 == 0 else "",
            posted_on=TODAY - datetime.timedelta(days=v.id % 200),
        )
        for v in evaluation.synthetic_vacancies(150)
    ]
    workers = []
    for w in evaluation.synthetic_workers(120):
        kind = w.id % 6
        workers.append(
            dataclasses.replace(
                w,
                wanted_occupations=frozenset({vacancies[w.id].occupation}) if kind in (0, 1) else frozenset(),
                past_occupations=frozenset({vacancies[w.id + 1].occupation}) if kind == 2 else frozenset(),
                trained=(("粤菜师傅", frozenset({"中式烹调(粤菜)"})),) if kind == 3 else (),
                place_classes=frozenset({"in_county"}) if kind == 4 else frozenset(),
                regions=(("4409", "茂名市"),) if kind == 5 else (),
                pay_min=4500 if kind in (1, 4) else None,
                needs_lodging=kind in (2, 5),
                at_work=w.id % 17 == 0,
                available_from=TODAY + datetime.timedelta(days=60) if w.id % 19 == 0 else None,
            )
        )
    batch = rank_many(workers, vacancies, as_of=TODAY, limit=10)
    for worker in workers:
        assert batch[worker.id] == rank_vacancies(worker, vacancies, as_of=TODAY, limit=10), worker
