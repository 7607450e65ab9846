"""The bulk form of the spell services: the same rules as one spell at a time, one audit summary."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from laborbridge.core.models import AuditEvent
from laborbridge.employment.models import Employment
from laborbridge.employment.rules import MAX_MONTHLY_INCOME
from laborbridge.employment.services import SpellDraft, employment_start, employment_write_bulk
from laborbridge.factories import TONGMU, make_employer, make_worker

pytestmark = pytest.mark.django_db
D = datetime.date


def draft(worker, **fields):
    fields.setdefault("place_class", "")
    fields.setdefault("start", D(2024, 3, 1))
    return SpellDraft(worker_id=worker.pk, home_township=worker.township_id, **fields)


def test_it_opens_spells_with_the_place_class_derived_as_for_one_spell(users):
    one, two = make_worker(users["tongmu"]), make_worker(users["tongmu"])
    employment_write_bulk(
        actor=users["tongmu"], opened=[draft(one, place_id="440904"), draft(two, place_id=TONGMU)]
    )
    single = employment_start(
        actor=users["tongmu"], worker=make_worker(users["tongmu"]), place="440904", start=D(2024, 3, 1)
    )
    classes = dict(Employment.objects.values_list("worker_id", "place_class"))
    assert classes[one.pk] == single.place_class == "partner_province" and classes[two.pk] == "in_county"


def test_a_place_class_that_contradicts_the_place_is_refused(users):
    worker = make_worker(users["tongmu"])
    with pytest.raises(ValidationError, match="务工地域与就业地点不符"):
        employment_write_bulk(
            actor=users["tongmu"], opened=[draft(worker, place_id="440904", place_class="in_county")]
        )
    assert not Employment.objects.exists()


def test_the_income_cap_is_the_same_as_for_one_spell(users):
    worker = make_worker(users["tongmu"])
    employment_write_bulk(
        actor=users["tongmu"], opened=[draft(worker, place_id=TONGMU, monthly_income=MAX_MONTHLY_INCOME)]
    )
    other = make_worker(users["tongmu"])
    with pytest.raises(ValidationError, match="月收入"):
        employment_write_bulk(
            actor=users["tongmu"],
            opened=[draft(other, place_id=TONGMU, monthly_income=MAX_MONTHLY_INCOME + 1)],
        )
    with pytest.raises(ValidationError, match="月收入"):
        employment_start(
            actor=users["tongmu"],
            worker=other,
            place=TONGMU,
            start=D(2024, 3, 1),
            monthly_income=MAX_MONTHLY_INCOME + 1,
        )


def test_dates_follow_the_same_rules(users):
    worker = make_worker(users["tongmu"])
    with pytest.raises(ValidationError, match="晚于今天"):
        employment_write_bulk(
            actor=users["tongmu"], opened=[draft(worker, place_id=TONGMU, start=D(2999, 1, 1))]
        )
    with pytest.raises(ValidationError, match="不能早于开始日期"):
        employment_write_bulk(
            actor=users["tongmu"], opened=[draft(worker, place_id=TONGMU, end=D(2024, 2, 1))]
        )


def test_a_worker_has_at_most_one_open_spell_in_bulk_too(users):
    worker = make_worker(users["tongmu"])
    with pytest.raises(ValidationError, match="未结束的就业记录"):
        employment_write_bulk(
            actor=users["tongmu"], opened=[draft(worker, place_id=TONGMU), draft(worker, place_id="440904")]
        )
    employment_start(actor=users["tongmu"], worker=worker, place=TONGMU, start=D(2024, 1, 1))
    with pytest.raises(ValidationError, match="未结束的就业记录"):
        employment_write_bulk(actor=users["tongmu"], opened=[draft(worker, place_id="440904")])
    assert Employment.objects.count() == 1


def test_closing_the_old_spell_comes_before_opening_the_new_one(users):
    worker = make_worker(users["tongmu"])
    old = employment_start(actor=users["tongmu"], worker=worker, place=TONGMU, start=D(2024, 1, 1))
    closing = draft(worker, pk=old.pk, place_id=TONGMU, start=old.start, end=D(2024, 2, 29))
    summary = employment_write_bulk(
        actor=users["tongmu"], changed=[closing], opened=[draft(worker, place_id="440904")]
    )
    assert summary == {"opened": 1, "changed": 0, "closed": 1}
    assert list(Employment.objects.order_by("start").values_list("end", flat=True)) == [D(2024, 2, 29), None]


def test_one_audit_event_summarises_the_write(users):
    workers = [make_worker(users["tongmu"]) for _ in range(3)]
    before = AuditEvent.objects.count()
    employment_write_bulk(
        actor=users["tongmu"], opened=[draft(w, place_id=TONGMU) for w in workers], region_code="451324"
    )
    event = AuditEvent.objects.get(pk__gt=0, action="update", details__employments__opened=3)
    assert AuditEvent.objects.count() == before + 1
    assert (event.actor, event.region_code, event.details["source"]) == (users["tongmu"], "451324", "ledger")


def test_workers_outside_the_actors_regions_are_refused(users):
    worker = make_worker(users["tongmu"])
    with pytest.raises(PermissionDenied):
        employment_write_bulk(actor=users["dianbai"], opened=[draft(worker, place_id="440904")])
    assert not Employment.objects.exists()


def test_an_employer_is_linked_by_its_exact_unique_name_as_for_one_spell(users):
    firm = make_employer(users["dianbai"], name="电白电子厂")
    worker = make_worker(users["tongmu"])
    employment_write_bulk(
        actor=users["tongmu"], opened=[draft(worker, place_id="440904", employer_name=" 电白电子厂 ")]
    )
    assert Employment.objects.get().employer_id == firm.pk


def test_only_an_open_spell_of_the_same_worker_can_be_changed(users):
    worker, other = make_worker(users["tongmu"]), make_worker(users["tongmu"])
    spell = employment_start(actor=users["tongmu"], worker=worker, place=TONGMU, start=D(2024, 1, 1))
    with pytest.raises(ValidationError, match="该就业记录已经结束"):  # not this worker's
        employment_write_bulk(
            actor=users["tongmu"],
            opened=[],
            changed=[draft(other, pk=spell.pk, place_id=TONGMU, end=D(2024, 2, 1))],
        )
    closing = draft(worker, pk=spell.pk, place_id=TONGMU, start=spell.start, end=D(2024, 2, 1))
    employment_write_bulk(actor=users["tongmu"], opened=[], changed=[closing])
    with pytest.raises(ValidationError, match="该就业记录已经结束"):  # closed already
        employment_write_bulk(actor=users["tongmu"], opened=[], changed=[closing])
    assert Employment.objects.get().end == D(2024, 2, 1)
