import pytest
from django.core.management import call_command

from laborbridge.regions.models import Pairing, Region
from laborbridge.regions.selectors import region_partner_codes

pytestmark = pytest.mark.django_db


def test_the_tree_covers_china_to_township_and_the_paired_counties_to_village():
    assert Region.objects.filter(level="province").count() == 31
    assert Region.objects.filter(level="township").count() > 40_000
    jinxiu = Region.objects.get(code="451324")
    assert jinxiu.name == "金秀瑶族自治县"
    assert jinxiu.parent.name == "来宾市"
    assert jinxiu.children.count() == 10
    assert Region.objects.get(code="451324101").name == "桐木镇"
    assert Region.objects.filter(level="village", code__startswith="451324").count() == 82
    assert not Region.objects.filter(level="village").exclude(code__regex=r"^(451324|440902|440904)").exists()


def test_dianbai_and_maonan_are_paired_with_jinxiu_since_2018():
    pairs = {(p.east_id, p.west_id, p.since_year) for p in Pairing.objects.all()}
    assert pairs == {("440904", "451324", 2018), ("440902", "451324", 2018)}
    assert region_partner_codes(code="451324") == ["440902", "440904"]
    assert region_partner_codes(code="440904") == ["451324"]


def test_loading_again_changes_nothing(capsys):
    before = Region.objects.count()
    call_command("load_regions")
    assert Region.objects.count() == before
    assert "0 created" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("code", "expected"),
    [("440904", "茂名市电白区"), ("441900", "东莞市"), ("110101", "东城区"), ("451324101", "桐木镇")],
)
def test_a_county_is_named_with_its_city_when_that_helps(code, expected):
    assert Region.objects.select_related("parent").get(code=code).qualified_name == expected
