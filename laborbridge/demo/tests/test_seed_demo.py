import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q, Sum

from laborbridge.accounts.models import User
from laborbridge.employers.models import Employer, Vacancy
from laborbridge.employment.models import Employment
from laborbridge.factories import make_user
from laborbridge.workers.models import Worker
from laborbridge.workers.selectors import worker_queryset

pytestmark = pytest.mark.django_db


def test_the_demo_is_created_once_and_tongmu_sees_only_tongmu(capsys):
    call_command("seed_demo", workers=200)
    assert Worker.objects.count() == 200
    call_command("seed_demo", workers=200)
    assert Worker.objects.count() == 200  # idempotent
    tongmu = User.objects.get(username="tongmu")
    assert tongmu.check_password("laborbridge-demo")
    visible = worker_queryset(actor=tongmu)
    assert visible.exists()
    assert set(visible.values_list("township_id", flat=True)) == {"451324101"}
    assert Worker.objects.filter(name="黄秀英", township_id="451324101").exists()
    shares = {
        s: Worker.objects.filter(poverty_status=s).count() for s in ("alleviated", "monitored", "ordinary")
    }
    assert shares["alleviated"] > shares["monitored"] and shares["ordinary"] > shares["monitored"]


def test_the_demo_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-secret-1")
    call_command("seed_demo", workers=5)
    assert User.objects.get(username="jinxiu").check_password("another-secret-1")


def test_the_demo_refuses_a_database_with_real_records_unless_forced():
    make_user("real-clerk", role="county", region="451324")
    with pytest.raises(CommandError):
        call_command("seed_demo", workers=5)
    assert not Worker.objects.exists()
    call_command("seed_demo", workers=5, if_empty=True)  # make run on a real database: a quiet no-op
    assert not Worker.objects.exists()
    call_command("seed_demo", workers=5, force=True)
    assert Worker.objects.count() == 5


def test_the_demo_has_the_eastern_employers_and_an_employer_desk():
    from laborbridge.employers.selectors import employer_queryset

    call_command("seed_demo", workers=20)
    call_command("seed_demo", workers=20)  # idempotent for employers too
    east = Employer.objects.filter(provided_by_id__in=["440904", "440902"])
    assert east.count() > 800
    assert Vacancy.objects.filter(employer__in=east).aggregate(n=Sum("headcount"))["n"] > 28_000
    qiye = User.objects.get(username="qiye")
    assert [e.name for e in employer_queryset(actor=qiye)] == ["茂名市电白区水产食品有限公司"]
    from laborbridge.employers.models import EmploymentBase

    assert set(EmploymentBase.objects.values_list("employer__name", flat=True)) == {
        "广西1828大健康产业园",
        "汇萃本草瑶药健康产业项目（桐木工业园）",
    }


@pytest.mark.slow
def test_the_2024_story_holds_in_the_demo_records():
    """9,719 of 金秀's rural workers employed in January–October 2024, 3,962 of them formerly poor."""
    call_command("seed_demo")
    first, last = datetime.date(2024, 1, 1), datetime.date(2024, 10, 31)
    spells = Employment.objects.filter(worker__county_id="451324", start__lte=last).filter(
        Q(end__isnull=True) | Q(end__gte=first)
    )
    assert spells.values("worker").distinct().count() == 9_719
    assert spells.filter(worker__poverty_status="alleviated").values("worker").distinct().count() == 3_962
    shares = {
        c: spells.filter(place_class=c).values("worker").distinct().count()
        for c in ("in_county", "in_province", "partner_province", "other_province")
    }
    assert (
        shares["partner_province"]
        > shares["in_county"]
        > shares["in_province"]
        > shares["other_province"]
        > 500
    )


@pytest.mark.slow
def test_the_report_command_gives_the_2024_figures_from_the_demo(capsys):
    import json

    call_command("seed_demo")
    capsys.readouterr()
    call_command("report", "--region", "451324", "--from", "2024-01-01", "--to", "2024-10-31", "--json")
    figures = json.loads(capsys.readouterr().out)["indicators"]
    assert (figures["employed"], figures["employed_alleviated"]) == (9_719, 3_962)
    assert figures["employers_provided_total"] > 800 and figures["positions_provided_total"] > 28_000
    assert figures["workers_registered"] == 15_000 and figures["employment_bases"] == 2


def test_every_demo_account_signs_in_with_the_readme_password_straight_to_its_work(client):
    from laborbridge.accounts.models import User
    from laborbridge.demo.services import demo_password, demo_seed

    demo_seed(workers=50)
    for user in User.objects.filter(is_demo=True):
        assert client.login(username=user.username, password=demo_password()), user.username
        assert client.get("/").status_code == 200, user.username  # no detour to a password change
        client.logout()


@pytest.mark.slow
def test_the_demo_chef_class_of_may_2024_and_the_tea_classes(capsys):
    """40 sent to the 粤菜师傅 class (13 formerly poor), 32 then employed, 18 as cooks; 50 in each tea class."""
    import json

    call_command("seed_demo")
    capsys.readouterr()
    call_command("report", "--region", "451324", "--from", "2024-05-01", "--to", "2024-05-31", "--json")
    may = json.loads(capsys.readouterr().out)["indicators"]
    assert {k: may[k] for k in ("training_classes", "trainees", "trainees_alleviated")} == {
        "training_classes": 1,
        "trainees": 40,
        "trainees_alleviated": 13,
    }
    assert (may["trainees_employed"], may["trainees_employed_related"]) == (32, 18)
    call_command("report", "--region", "451324", "--from", "2024-09-01", "--to", "2024-10-31", "--json")
    autumn = json.loads(capsys.readouterr().out)["indicators"]
    assert (autumn["training_classes"], autumn["trainees"]) == (2, 100)
    call_command("report", "--region", "451324", "--from", "2024-01-01", "--to", "2024-10-31", "--json")
    year = json.loads(capsys.readouterr().out)["indicators"]
    assert (year["employed"], year["employed_alleviated"]) == (9_719, 3_962)
    assert (year["training_classes"], year["trainees"]) == (4, 190)
