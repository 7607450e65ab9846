"""Across the pairing, the minimum necessary: the partner side's workers by name only where placed here,
without village or poverty status; no partner county unmasks a western employer's phone."""

import datetime
import io

import pytest
from python_calamine import CalamineWorkbook

from laborbridge.accounts import policy
from laborbridge.employment.services import employment_start
from laborbridge.factories import DIANBAI, JINXIU, TONGMU, make_employer, make_uscc, make_worker

pytestmark = pytest.mark.django_db
Q = "region=440904&from=2024-01-01&to=2024-10-31"


@pytest.fixture
def at_work_in_dianbai(users):
    worker = make_worker(
        users["jinxiu"], name="黄秀英", township=TONGMU, village="451324101201", poverty_status="alleviated"
    )
    employment_start(actor=users["jinxiu"], worker=worker, place=DIANBAI, start=datetime.date(2024, 3, 1))
    return worker


def test_the_eastern_district_drills_down_to_names_without_village_or_poverty_status(
    client, users, at_work_in_dianbai
):
    client.force_login(users["dianbai"])
    page = client.get(f"/reports/partner_workers_taken_in/?{Q}").content.decode()
    assert "黄秀英" in page and at_work_in_dianbai.id_number_masked in page
    assert "脱贫劳动力" not in page.split("<tbody>")[1] and at_work_in_dianbai.village.name not in page


def test_its_export_carries_neither_village_nor_poverty_status(client, users, at_work_in_dianbai):
    client.force_login(users["dianbai"])
    response = client.get(f"/reports/partner_workers_taken_in/?{Q}&format=xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    person = next(row for row in rows if row and row[0] == "黄秀英")
    assert person[4:] == ["—", "—"]
    assert at_work_in_dianbai.id_number not in str(rows)


def test_the_home_county_still_sees_village_and_poverty_status(client, users, at_work_in_dianbai):
    client.force_login(users["jinxiu"])
    page = client.get("/reports/employed/?region=451324&from=2024-01-01&to=2024-10-31").content.decode()
    assert at_work_in_dianbai.village.name in page and "脱贫劳动力" in page


def test_a_partner_county_does_not_unmask_a_western_employers_phone(users):
    workshop = make_employer(
        users["jinxiu"],
        name="金秀瑶绣帮扶车间",
        region=JINXIU,
        uscc=make_uscc(7),
        contact_phone="13800000002",
    )
    assert policy.may_unmask_employer_contact(users["jinxiu"], workshop)
    assert not policy.may_unmask_employer_contact(users["dianbai"], workshop)
    assert not policy.may_unmask_employer_contact(users["maonan"], workshop)


def test_the_western_county_unmasks_the_employers_its_partner_brought_in_for_it(users):
    brought = make_employer(
        users["dianbai"], uscc=make_uscc(8), provided_by=DIANBAI, contact_phone="13800000003"
    )
    assert policy.may_unmask_employer_contact(users["jinxiu"], brought)
    assert policy.may_unmask_employer_contact(users["dianbai"], brought)
    assert not policy.may_unmask_employer_contact(users["maonan"], brought)
