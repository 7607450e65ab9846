import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborbridge.employers.models import Occupation
from laborbridge.employment.services import employment_end, employment_start
from laborbridge.factories import DIANBAI, make_training_class, make_worker
from laborbridge.training.selectors import class_outcome, enrolment_list, is_employed, is_related
from laborbridge.training.services import enrolment_enrol

D = datetime.date
END = D(2024, 5, 25)


def test_a_spell_open_after_the_class_makes_the_trainee_employed():
    assert is_employed([(D(2024, 6, 1), None)], END)


def test_a_spell_ending_on_the_last_day_of_the_class_counts():
    assert is_employed([(D(2023, 1, 1), END)], END)


def test_a_spell_that_ended_before_the_class_ended_does_not():
    assert not is_employed([(D(2023, 1, 1), D(2024, 5, 24))], END)


def test_related_needs_a_trade_the_programme_leads_to():
    assert is_related([(D(2024, 6, 1), None, 7)], END, {7, 8})
    assert not is_related([(D(2024, 6, 1), None, 9)], END, {7, 8})
    assert not is_related([(D(2024, 6, 1), None, None)], END, {7})
    assert not is_related([(D(2024, 1, 1), D(2024, 2, 1), 7)], END, {7})


@given(
    st.lists(st.tuples(st.dates(), st.one_of(st.none(), st.dates())), max_size=5),
    st.dates(),
    st.sets(st.integers(1, 5)),
)
def test_related_implies_employed(spells, end, trades):
    with_trades = [(start, stop, 1) for start, stop in spells]
    if is_related(with_trades, end, trades):
        assert is_employed(spells, end)


@pytest.mark.django_db
def test_the_class_outcome_counts_employed_related_and_self_employed(users):
    chef = make_training_class(users["jinxiu"], start=D(2024, 5, 6), end=END)
    cook = Occupation.objects.get(name="中式烹调(粤菜)")
    other = Occupation.objects.get(name="电商直播")
    rows = [
        ("在岗相关", dict(start=D(2024, 6, 1), occupation=cook)),
        ("在岗无关", dict(start=D(2024, 6, 1), occupation=other)),
        ("自主创业", dict(start=D(2024, 6, 3), occupation=cook, channel="self_employed")),
        ("未就业", None),
    ]
    for name, spell in rows:
        worker = make_worker(
            users["tongmu"], name=name, poverty_status="alleviated" if name == "未就业" else "ordinary"
        )
        enrolment_enrol(actor=users["jinxiu"], training_class=chef, worker=worker)
        if spell:
            employment_start(actor=users["tongmu"], worker=worker, place=DIANBAI, **spell)
    ended = make_worker(users["tongmu"], name="班前离职")
    enrolment_enrol(actor=users["jinxiu"], training_class=chef, worker=ended)
    spell = employment_start(
        actor=users["tongmu"], worker=ended, place=DIANBAI, start=D(2024, 1, 1), occupation=cook
    )
    employment_end(actor=users["tongmu"], spell=spell, end=D(2024, 5, 10))

    outcome = class_outcome(training_class=chef)
    assert (outcome.trainees, outcome.alleviated, outcome.employed, outcome.related) == (5, 1, 3, 2)


@pytest.mark.django_db
def test_a_partner_sees_the_counts_but_only_its_own_trainees_by_name(users):
    chef = make_training_class(users["jinxiu"])
    enrolment_enrol(actor=users["jinxiu"], training_class=chef, worker=make_worker(users["tongmu"]))
    assert class_outcome(training_class=chef).trainees == 1
    assert enrolment_list(actor=users["jinxiu"], training_class=chef).count() == 1
    assert enrolment_list(actor=users["dianbai"], training_class=chef).count() == 0
