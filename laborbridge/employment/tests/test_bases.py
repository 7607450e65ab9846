import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from laborbridge.employers.services import base_recognise
from laborbridge.employment.bases import base_months, base_summary, base_upgrade_candidates
from laborbridge.employment.services import employment_end, employment_start
from laborbridge.factories import JINXIU, TONGMU, TOUPAI, make_employer, make_worker

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def workshop(users):
    employer = make_employer(users["jinxiu"], name="头排镇就业帮扶车间", region=JINXIU, kind="individual")
    return base_recognise(
        actor=users["jinxiu"], employer=employer, kind="workshop", recognised_on=D(2023, 6, 1)
    )


def hire(users, name, poverty, start, end=None, township=TOUPAI):
    worker = make_worker(users["jinxiu"], name=name, township=township, poverty_status=poverty)
    spell = employment_start(
        actor=users["jinxiu"], worker=worker, place=TOUPAI, start=start, employer_name="头排镇就业帮扶车间"
    )
    if end:
        employment_end(actor=users["jinxiu"], spell=spell, end=end)
    return worker


def test_local_workers_are_counted_month_by_month_from_the_spells(users, workshop):
    hire(users, "盘甲", "alleviated", D(2024, 1, 15))
    hire(users, "盘乙", "ordinary", D(2024, 2, 1), D(2024, 3, 31))
    hire(users, "盘丙", "alleviated", D(2023, 1, 1), D(2024, 1, 31))
    months = base_months(workshop, 2024)
    assert [(m.workers, m.alleviated) for m in months[:5]] == [(2, 2), (2, 1), (2, 1), (1, 1), (1, 1)]


def test_the_workshop_rule_needs_five_formerly_poor_workers(users, workshop):
    for index in range(4):
        hire(users, f"盘{'甲乙丙丁'[index]}", "alleviated", D(2024, 1, 1))
    hire(users, "黄戊", "monitored", D(2024, 1, 1))
    assert not base_months(workshop, 2024)[0].workshop_rule_met
    hire(users, "黄己", "alleviated", D(2024, 1, 20))
    assert base_months(workshop, 2024)[0].workshop_rule_met


def test_the_upgrade_counts_formerly_poor_workers_employed_a_year_or_more(users, workshop):
    for index in range(10):
        hire(
            users,
            f"盘{'甲乙丙丁戊己庚辛壬癸'[index]}",
            "alleviated",
            D(2023, 1, 1) if index < 9 else D(2024, 6, 1),
        )
    assert base_upgrade_candidates(workshop, D(2024, 10, 31)) == 9
    summary = base_summary(workshop, D(2024, 10, 31))
    assert summary["month"].alleviated == 10 and not summary["upgrade_met"]


def test_workers_from_other_counties_are_not_local(users, workshop):
    from laborbridge.factories import DIANBAI_TOWNSHIP

    worker = make_worker(
        users["dianbai"], name="外县人", township=DIANBAI_TOWNSHIP, poverty_status="alleviated"
    )
    employment_start(
        actor=users["dianbai"],
        worker=worker,
        place="451324",
        start=D(2024, 1, 1),
        employer_name="头排镇就业帮扶车间",
    )
    assert base_months(workshop, 2024)[0].workers == 0


def test_only_the_county_recognises_a_base_once_per_kind(users, workshop):
    with pytest.raises(ValidationError, match="已认定"):
        base_recognise(
            actor=users["jinxiu"], employer=workshop.employer, kind="workshop", recognised_on=D(2024, 1, 1)
        )
    for role in ("tongmu", "dianbai", "xiezuo", "employer"):
        with pytest.raises(PermissionDenied):
            base_recognise(
                actor=users[role], employer=workshop.employer, kind="stable_base", recognised_on=D(2024, 1, 1)
            )
    with pytest.raises(ValidationError):
        base_recognise(
            actor=users["jinxiu"], employer=workshop.employer, kind="factory", recognised_on=D(2024, 1, 1)
        )


def test_the_pages_show_the_figures_to_those_who_see_the_employer(users, client, workshop):
    hire(users, "盘甲", "alleviated", D(2024, 1, 15), township=TONGMU)
    client.force_login(users["dianbai"])  # the partner side sees 金秀's workshops
    page = client.get("/employment/bases/").content.decode()
    assert "头排镇就业帮扶车间" in page and "未达到" in page
    assert "2024-01" in client.get(f"/employment/bases/{workshop.pk}/?year=2024").content.decode()
    client.force_login(users["auditor"])
    assert client.get(f"/employment/bases/{workshop.pk}/").status_code == 404
