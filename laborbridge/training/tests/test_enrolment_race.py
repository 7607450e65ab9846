"""Two staff enrolling the last place of a class at the same moment: one wins, the other is told it is full.

Only PostgreSQL takes row locks (`select_for_update`); SQLite serialises whole writes, so the test runs
there only, with two threads on two connections and committed data.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from laborbridge.factories import make_training_class, make_worker
from laborbridge.training.models import Enrolment
from laborbridge.training.services import enrolment_enrol

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


def test_two_staff_enrolling_the_last_place_at_once_one_wins(users):
    small = make_training_class(users["jinxiu"], capacity=1)
    first, second = make_worker(users["tongmu"], name="甲"), make_worker(users["tongmu"], name="乙")
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def enrol(actor, worker):
        try:
            start.wait()
            enrolment_enrol(actor=actor, training_class=small, worker=worker)
            outcomes[worker.name] = "enrolled"
        except ValidationError as exc:
            outcomes[worker.name] = exc.message_dict["worker"][0]
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=enrol, args=(users["jinxiu"], first)),
        threading.Thread(target=enrol, args=(users["admin"], second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["enrolled", "培训班已满（计划1人），不能再录取"]
    assert Enrolment.objects.filter(training_class=small, status="enrolled").count() == 1
