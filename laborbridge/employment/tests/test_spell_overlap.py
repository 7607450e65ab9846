"""One worker's spells never overlap, and a hire over an open spell says what it does to it: a clerk who
refers a worker a ledger shows at work ends that spell the day before the hire, or, when the ledger recorded
the same job on or after the hire's date, lets the hire take it over (docs/decisions/0006-write-paths.md)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from laborbridge.accounts.services import api_token_issue
from laborbridge.core.models import AuditEvent
from laborbridge.employers.services import vacancy_set_status
from laborbridge.employment.models import Employment, FollowUp, Source
from laborbridge.employment.rules import spells_overlap
from laborbridge.employment.services import (
    employment_end,
    employment_reopen,
    employment_start,
    employment_write_bulk,
    referral_advance,
    referral_create,
    referral_step_withdraw,
)
from laborbridge.employment.tests.test_employment_bulk import draft
from laborbridge.factories import PASSWORD, TONGMU, make_employer, make_vacancy, make_worker
from laborbridge.tests.conftest import JsonApi

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)
DIANBAI = "440904"


def today():
    return timezone.localdate()


def spells(worker):
    return list(worker.employments.order_by("start").values_list("employer_name", "start", "end"))


# --- no overlap, whichever path writes ---------------------------------------------------------------------


def test_a_spell_overlapping_an_ended_one_is_refused_naming_it(users):
    worker = make_worker(users["tongmu"])
    tea = employment_start(
        actor=users["tongmu"], worker=worker, place=TONGMU, start=D(2024, 1, 1), employer_name="茶厂"
    )
    employment_end(actor=users["tongmu"], spell=tea, end=D(2024, 5, 31))
    with pytest.raises(ValidationError, match="与该劳动力的另一段就业重叠（茶厂，2024-01-01至2024-05-31）"):
        employment_start(actor=users["tongmu"], worker=worker, place=DIANBAI, start=D(2024, 5, 31))
    assert spells(worker) == [("茶厂", D(2024, 1, 1), D(2024, 5, 31))]


def test_a_spell_starting_the_day_after_another_ended_is_accepted(users):
    worker = make_worker(users["tongmu"])
    tea = employment_start(actor=users["tongmu"], worker=worker, place=TONGMU, start=D(2024, 1, 1))
    employment_end(actor=users["tongmu"], spell=tea, end=D(2024, 5, 31))
    employment_start(actor=users["tongmu"], worker=worker, place=DIANBAI, start=D(2024, 6, 1))
    assert len(spells(worker)) == 2


def test_a_spell_before_an_earlier_recorded_one_is_refused_too(users):
    worker = make_worker(users["tongmu"])
    later = employment_start(
        actor=users["tongmu"], worker=worker, place=TONGMU, start=D(2024, 6, 1), employer_name="茶厂"
    )
    employment_end(actor=users["tongmu"], spell=later, end=D(2024, 6, 30))
    with pytest.raises(ValidationError, match="另一段就业重叠（茶厂，2024-06-01至2024-06-30）"):
        employment_start(actor=users["tongmu"], worker=worker, place=DIANBAI, start=D(2024, 3, 1))


def test_the_bulk_form_refuses_an_opening_that_overlaps_a_stored_spell(users):
    worker = make_worker(users["tongmu"])
    tea = employment_start(
        actor=users["tongmu"], worker=worker, place=TONGMU, start=D(2024, 1, 1), employer_name="茶厂"
    )
    employment_end(actor=users["tongmu"], spell=tea, end=D(2024, 5, 31))
    with pytest.raises(ValidationError) as caught:
        employment_write_bulk(
            actor=users["tongmu"], opened=[draft(worker, place_id=DIANBAI, start=D(2024, 5, 1))]
        )
    assert caught.value.message_dict == {
        str(worker.pk): ["与该劳动力的另一段就业重叠（茶厂，2024-01-01至2024-05-31）"]
    }
    assert len(spells(worker)) == 1


def test_the_bulk_form_refuses_two_drafts_of_one_worker_that_overlap(users):
    worker = make_worker(users["tongmu"])
    with pytest.raises(ValidationError, match="另一段就业重叠"):
        employment_write_bulk(
            actor=users["tongmu"],
            opened=[
                draft(worker, place_id=TONGMU, start=D(2024, 1, 1), end=D(2024, 3, 31)),
                draft(worker, place_id=DIANBAI, start=D(2024, 3, 31)),
            ],
        )
    assert not Employment.objects.exists()


def test_the_bulk_form_refuses_a_change_that_moves_a_start_into_an_ended_spell(users):
    worker = make_worker(users["tongmu"])
    tea = employment_start(
        actor=users["tongmu"], worker=worker, place=TONGMU, start=D(2024, 1, 1), employer_name="茶厂"
    )
    employment_end(actor=users["tongmu"], spell=tea, end=D(2024, 5, 31))
    now = employment_start(actor=users["tongmu"], worker=worker, place=DIANBAI, start=D(2024, 6, 1))
    moved = draft(worker, pk=now.pk, place_id=DIANBAI, start=D(2024, 5, 15))
    with pytest.raises(ValidationError, match="另一段就业重叠（茶厂，2024-01-01至2024-05-31）"):
        employment_write_bulk(actor=users["tongmu"], opened=[], changed=[moved])
    now.refresh_from_db()
    assert now.start == D(2024, 6, 1)


def test_the_bulk_form_accepts_a_new_job_the_day_after_it_closes_the_old_one(users):
    worker = make_worker(users["tongmu"])
    tea = employment_start(actor=users["tongmu"], worker=worker, place=TONGMU, start=D(2024, 1, 1))
    closed = draft(worker, pk=tea.pk, place_id=TONGMU, start=D(2024, 1, 1), end=D(2024, 7, 31))
    employment_write_bulk(
        actor=users["tongmu"], opened=[draft(worker, place_id=DIANBAI, start=D(2024, 8, 1))], changed=[closed]
    )
    assert [s[1:] for s in spells(worker)] == [(D(2024, 1, 1), D(2024, 7, 31)), (D(2024, 8, 1), None)]


def test_reopening_a_spell_that_a_later_one_follows_is_refused(users):
    worker = make_worker(users["tongmu"])
    tea = employment_start(
        actor=users["tongmu"], worker=worker, place=TONGMU, start=D(2024, 1, 1), employer_name="茶厂"
    )
    employment_end(actor=users["tongmu"], spell=tea, end=D(2024, 5, 31))
    factory = employment_start(
        actor=users["tongmu"], worker=worker, place=DIANBAI, start=D(2024, 6, 1), employer_name="电子厂"
    )
    employment_end(actor=users["tongmu"], spell=factory, end=D(2024, 8, 31))
    with pytest.raises(ValidationError, match="另一段就业重叠（电子厂，2024-06-01至2024-08-31）"):
        employment_reopen(actor=users["tongmu"], spell=tea, reason="mistake")


# --- a hire when the worker has an open spell ------------------------------------------------------------------


@pytest.fixture
def setting(users):
    employer = make_employer(users["dianbai"], name="电白电子厂")
    employer.members.add(users["employer"])
    vacancy = make_vacancy(users["dianbai"], employer)
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open")
    worker = make_worker(users["tongmu"], name="黄秀英")
    return users, worker, vacancy


def ledger_spell(users, worker, start, name="广东打工"):
    return employment_start(
        actor=users["tongmu"],
        worker=worker,
        place=DIANBAI,
        start=start,
        employer_name=name,
        source=Source.LEDGER,
    )


def referred(setting, on):
    users, worker, vacancy = setting
    return referral_create(actor=users["tongmu"], worker=worker, vacancy=vacancy, on=on)


def test_a_hire_over_an_open_spell_without_the_choice_is_refused_saying_what_to_do(setting):
    users, worker, _vacancy = setting
    ledger_spell(users, worker, today() - 30 * DAY, name="茶厂")
    referral = referred(setting, today() - 5 * DAY)
    with pytest.raises(ValidationError) as caught:
        referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=today() - 2 * DAY)
    (message,) = caught.value.message_dict["status"]
    assert f"该劳动力已有未结束的就业记录（茶厂，自{today() - 30 * DAY}起）" in message
    assert "如该劳动力已离开原单位，请勾选“结束现有就业并录用”" in message
    assert referral.steps.count() == 1 and len(spells(worker)) == 1


def test_a_hire_with_the_choice_ends_the_open_spell_the_day_before(setting):
    users, worker, _vacancy = setting
    old = ledger_spell(users, worker, today() - 30 * DAY, name="茶厂")
    referral = referred(setting, today() - 5 * DAY)
    hire_day = today() - 2 * DAY
    referral_advance(
        actor=users["tongmu"],
        referral=referral,
        status="hired",
        on=hire_day,
        monthly_income=5200,
        end_current=True,
    )
    assert spells(worker) == [
        ("茶厂", today() - 30 * DAY, hire_day - DAY),
        ("电白电子厂", hire_day, None),
    ]
    ended = AuditEvent.objects.get(
        object_type="employment.employment", object_id=str(old.pk), action="update"
    )
    assert ended.details == {"fields": ["end"], "reason": "referral_hired", "referral": referral.pk}
    assert FollowUp.objects.filter(employment__referral=referral).count() == 3


def test_a_hire_over_a_ledger_spell_started_later_takes_it_over(setting):
    # The reviewer's case: imported as 外出务工 at 电白区 on the ledger's date, hired two days before it.
    users, worker, vacancy = setting
    recorded = ledger_spell(users, worker, today())
    referral = referred(setting, today() - 5 * DAY)
    referral_advance(
        actor=users["tongmu"],
        referral=referral,
        status="hired",
        on=today() - 2 * DAY,
        monthly_income=5200,
        end_current=True,
    )
    spell = Employment.objects.get(worker=worker)
    assert spell.pk == recorded.pk  # one spell, no overlap
    assert (spell.start, spell.end) == (today() - 2 * DAY, None)
    assert (spell.referral, spell.vacancy, spell.employer) == (referral, vacancy, vacancy.employer)
    assert (spell.employer_name, spell.monthly_income, spell.channel) == ("电白电子厂", 5200, "organised")
    assert spell.source == Source.LEDGER  # where the record came from
    event = AuditEvent.objects.filter(object_type="employment.employment", action="update").get()
    assert event.details["reason"] == "referral_took_over" and event.details["referral"] == referral.pk
    assert event.details["start"] == [today().isoformat(), (today() - 2 * DAY).isoformat()]
    assert "5200" not in str(event.details)  # the income stays out of the trail
    assert spell.follow_ups.count() == 3


def test_a_withdrawn_hire_opens_again_the_spell_it_ended_the_day_before(setting):
    users, worker, _vacancy = setting
    old = ledger_spell(users, worker, today() - 30 * DAY, name="茶厂")
    referral = referred(setting, today() - 5 * DAY)
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=today(), end_current=True)
    referral_step_withdraw(actor=users["tongmu"], step=referral.steps.order_by("id").last())
    assert spells(worker) == [("茶厂", today() - 30 * DAY, None)]
    reopened = (
        AuditEvent.objects.filter(object_type="employment.employment", object_id=str(old.pk))
        .order_by("pk")
        .last()
    )
    assert reopened.details["reason"] == "referral_step_withdrawn"


def test_a_withdrawn_hire_lets_the_taken_over_spell_go_without_deleting_it(setting):
    users, worker, _vacancy = setting
    recorded = ledger_spell(users, worker, today())
    referral = referred(setting, today() - 5 * DAY)
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=today(), end_current=True)
    referral_step_withdraw(actor=users["tongmu"], step=referral.steps.order_by("id").last())
    spell = Employment.objects.get(worker=worker)
    assert spell.pk == recorded.pk and spell.referral is None and spell.vacancy is None
    assert not spell.follow_ups.exists()
    referral.refresh_from_db()
    assert referral.status == "recommended"


def test_a_spell_another_referral_opened_on_or_after_the_hire_is_not_taken_over(setting, users):
    _users, worker, vacancy = setting
    other = make_vacancy(users["dianbai"], vacancy.employer)
    vacancy_set_status(actor=users["dianbai"], vacancy=other, status="open")
    first = referral_create(actor=users["tongmu"], worker=worker, vacancy=other, on=today() - 5 * DAY)
    referral_advance(actor=users["tongmu"], referral=first, status="hired", on=today())
    referral = referred(setting, today() - 5 * DAY)
    with pytest.raises(ValidationError, match="现有就业由另一推荐录用"):
        referral_advance(
            actor=users["tongmu"], referral=referral, status="hired", on=today() - DAY, end_current=True
        )
    assert Employment.objects.get(worker=worker).referral == first


def test_the_choice_on_another_step_is_refused(setting):
    users, worker, _vacancy = setting
    ledger_spell(users, worker, today() - 30 * DAY)
    referral = referred(setting, today() - 5 * DAY)
    with pytest.raises(ValidationError, match="只有录用时才能结束现有就业"):
        referral_advance(actor=users["tongmu"], referral=referral, status="applied", end_current=True)
    assert worker.employments.get().end is None


def test_a_hire_without_an_open_spell_ignores_the_choice(setting):
    users, worker, _vacancy = setting
    referral = referred(setting, today() - 5 * DAY)
    referral_advance(actor=users["tongmu"], referral=referral, status="hired", on=today(), end_current=True)
    assert spells(worker) == [("电白电子厂", today(), None)]


# --- the page and the API ---------------------------------------------------------------------------------------


def test_the_hire_form_offers_the_choice_unticked_naming_the_open_spell(setting, client):
    users, worker, _vacancy = setting
    ledger_spell(users, worker, today() - 30 * DAY, name="茶厂")
    referred(setting, today() - 5 * DAY)
    client.force_login(users["tongmu"])
    page = client.get(f"/workers/{worker.pk}/").content.decode()
    assert f"结束现有就业（茶厂，自{today() - 30 * DAY}起）并录用" in page
    box = page.split('name="end_current"')[1].split(">")[0]
    assert "checked" not in box


def test_the_page_hires_with_the_choice_and_explains_the_refusal_without_it(setting, client):
    users, worker, _vacancy = setting
    ledger_spell(users, worker, today())
    referral = referred(setting, today() - 5 * DAY)
    client.force_login(users["tongmu"])
    url = f"/employment/referrals/{referral.pk}/step/"
    hire = {"status": "hired", "on": (today() - 2 * DAY).isoformat(), "monthly_income": "5200"}
    refused = client.post(url, hire, follow=True).content.decode()
    assert "请勾选“结束现有就业并录用”" in refused and referral.steps.count() == 1
    client.post(url, {**hire, "end_current": "1"})
    assert spells(worker) == [("电白电子厂", today() - 2 * DAY, None)]


def test_the_api_hires_with_end_current(setting, client):
    users, worker, _vacancy = setting
    ledger_spell(users, worker, today() - 30 * DAY, name="茶厂")
    referral = referred(setting, today() - 5 * DAY)
    api = JsonApi(client, api_token_issue(username="tongmu", password=PASSWORD))
    url = f"/api/v1/referrals/{referral.pk}/steps"
    refused = api.post(url, {"status": "hired", "on": today().isoformat()})
    assert refused.status_code == 422 and "结束现有就业并录用" in refused.json()["errors"]["status"][0]
    hired = api.post(url, {"status": "hired", "on": today().isoformat(), "end_current": True})
    assert hired.status_code == 200, hired.content
    assert spells(worker) == [("茶厂", today() - 30 * DAY, today() - DAY), ("电白电子厂", today(), None)]


# --- the rule itself -------------------------------------------------------------------------------------------

days = st.dates(min_value=D(2024, 1, 1), max_value=D(2024, 3, 31))
FAR = D(2024, 12, 31)  # beyond any day drawn: what "open" means here


@st.composite
def spans(draw):
    start = draw(days)
    end = draw(st.one_of(st.none(), st.dates(min_value=start, max_value=D(2024, 3, 31))))
    return start, end


@given(spans(), spans())
def test_two_spells_overlap_exactly_when_they_share_a_day(one, other):
    def covered(span):
        start, end = span
        return {start + n * DAY for n in range(((end or FAR) - start).days + 1)}

    shared = bool(covered(one) & covered(other))
    assert spells_overlap(*one, *other) == spells_overlap(*other, *one) == shared
