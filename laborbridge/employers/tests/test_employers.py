import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from laborbridge.core.models import AuditEvent
from laborbridge.employers.models import Employer
from laborbridge.employers.services import employer_contact_unmask, employer_create, employer_update
from laborbridge.factories import DIANBAI, JINXIU, MAONAN, make_employer, make_uscc

pytestmark = pytest.mark.django_db


def errors_of(fn, **kwargs):
    with pytest.raises(ValidationError) as info:
        fn(**kwargs)
    return info.value.message_dict


def test_an_employer_is_registered_with_its_code_normalised_and_phone_protected(users):
    employer = employer_create(
        actor=users["dianbai"],
        name="电白水产",
        uscc=make_uscc(1).lower(),
        kind="sme",
        region=DIANBAI,
        contact_phone="+86 139-0000-1111",
        provided_by=DIANBAI,
        provided_on="2023-04-01",
    )
    employer.refresh_from_db()
    assert employer.uscc == make_uscc(1) and employer.contact_phone == "13900001111"
    assert employer.contact_phone_masked == "139****1111"
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM employers_employer")
        assert "13900001111" not in cursor.fetchone()[0]
    assert AuditEvent.objects.filter(action="create", object_type="employers.employer").exists()


def test_an_individual_business_may_have_no_code_and_codes_are_unique(users):
    make_employer(users["dianbai"], name="个体户甲", kind="individual")
    make_employer(users["dianbai"], name="个体户乙", kind="individual")
    make_employer(users["dianbai"], name="甲公司", uscc=make_uscc(2))
    errors = errors_of(
        employer_create, actor=users["maonan"], name="乙公司", uscc=make_uscc(2), region=MAONAN
    )
    assert "已登记：甲公司" in errors["uscc"][0]


def test_every_wrong_field_is_named(users):
    errors = errors_of(
        employer_create,
        actor=users["dianbai"],
        name="",
        uscc="91440900MA4X",
        region="4409",
        kind="mafia",
        contact_phone="0668-123",
        provided_on="2999-01-01",
    )
    assert set(errors) == {"name", "uscc", "region", "kind", "contact_phone", "provided_on"}
    assert not Employer.objects.exists()


def test_a_county_registers_only_employers_it_is_or_brought_in(users):
    make_employer(users["dianbai"], name="电白引进到金秀的车间", region=JINXIU, provided_by=DIANBAI)
    errors = errors_of(employer_create, actor=users["dianbai"], name="茂南厂", region=MAONAN)
    assert "region" in errors
    for role in ("tongmu", "xiezuo", "auditor", "employer"):
        with pytest.raises(PermissionDenied):
            employer_create(actor=users[role], name="某厂", region=DIANBAI)


def test_a_county_cannot_move_an_employer_out_of_its_reach(users):
    employer = make_employer(users["dianbai"])
    errors = errors_of(employer_update, actor=users["dianbai"], employer=employer, region=MAONAN)
    assert "region" in errors
    employer.refresh_from_db()
    assert employer.region_id == DIANBAI


def test_an_employer_user_edits_their_own_employer_only(users):
    own, other = (
        make_employer(users["dianbai"], name="自己厂"),
        make_employer(users["dianbai"], name="别人厂"),
    )
    own.members.add(users["employer"])
    employer_update(actor=users["employer"], employer=own, address="电白区沙琅镇工业园")
    with pytest.raises(PermissionDenied):
        employer_update(actor=users["employer"], employer=other, address="x")


def test_the_contact_phone_is_unmasked_only_by_those_who_may_and_always_audited(users):
    employer = make_employer(users["dianbai"], contact_phone="13900001111")
    assert employer_contact_unmask(actor=users["dianbai"], employer=employer) == "13900001111"
    with pytest.raises(PermissionDenied):
        employer_contact_unmask(actor=users["tongmu"], employer=employer)
    events = AuditEvent.objects.filter(action="unmask", object_type="employers.employer")
    assert sorted(events.values_list("success", flat=True)) == [False, True]


def test_the_introduction_date_defaults_to_nothing_and_is_kept(users):
    employer = make_employer(users["dianbai"], provided_by=DIANBAI, provided_on=datetime.date(2019, 5, 6))
    assert employer.provided_on == datetime.date(2019, 5, 6)


def test_an_employers_landline_is_stored_in_one_form_and_shown_masked(users):
    employer = make_employer(users["dianbai"], name="电白水产", contact_phone="(0668)5123456转801")
    employer.refresh_from_db()
    assert employer.contact_phone == "0668-5123456-801"
    assert employer.contact_phone_masked == "0668-****456-801"


def test_changing_a_landline_is_audited_with_both_numbers_masked(users):
    employer = make_employer(users["dianbai"], name="电白水产", contact_phone="0668 5123456")
    employer_update(actor=users["dianbai"], employer=employer, contact_phone="020-12345678")
    event = AuditEvent.objects.filter(action="update", object_type="employers.employer").latest("pk")
    assert event.details["changes"]["contact_phone"] == ["0668-****456", "020-*****678"]


def test_a_contact_phone_that_is_neither_mobile_nor_landline_is_refused_naming_the_field(users):
    errors = errors_of(
        employer_create, actor=users["dianbai"], name="电白水产", region=DIANBAI, contact_phone="066-85123456"
    )
    assert errors["contact_phone"][0].startswith("联系电话应为11位手机号，或带区号的固定电话")
    assert not Employer.objects.exists()


def test_the_new_employer_form_names_an_eastern_district_as_the_one_that_brings_it_in(client, users):
    client.force_login(users["dianbai"])
    page = client.get("/employers/new/").content.decode()
    assert f'<option value="{DIANBAI}" selected>' in page


def test_the_new_employer_form_leaves_the_bringer_open_for_the_western_county(client, users):
    client.force_login(users["jinxiu"])
    page = client.get("/employers/new/").content.decode()
    assert '<option value="" selected>—</option>' in page.split('name="provided_by"')[1].split("</select>")[0]
