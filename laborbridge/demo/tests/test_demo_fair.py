import json

import pytest
from django.core.management import call_command

from laborbridge.employment.models import Channel, Employment, Referral
from laborbridge.fairs.models import JobFair

pytestmark = pytest.mark.django_db


def test_the_report_of_the_fair_day_gives_the_fair_as_reported(capsys):
    call_command("seed_demo", "--workers", "400")
    capsys.readouterr()
    call_command("report", "--region", "451324", "--from", "2024-10-24", "--to", "2024-10-24", "--json")
    figures = json.loads(capsys.readouterr().out)["indicators"]
    assert (figures["job_fairs"], figures["fair_employers"], figures["fair_positions"]) == (1, 37, 1_173)
    assert figures["fair_visitors"] > 0 and figures["fair_intents"] > 0 and figures["consultations"] == 40


def test_the_hires_that_followed_the_fair_are_after_october_and_carry_the_fair_channel():
    call_command("seed_demo", "--workers", "400")
    fair = JobFair.objects.get(title="金秋招聘月")
    assert fair.status == "closed" and fair.visits.exists()
    hires = Employment.objects.filter(referral__fair_intent__fair=fair)
    assert hires.exists()
    assert {s.channel for s in hires} == {Channel.JOB_FAIR}
    assert min(s.start for s in hires).isoformat() > "2024-10-31"
    assert set(fair.intents.values_list("referral__source", flat=True)) == {Referral.Source.JOB_FAIR}


def test_seeding_twice_holds_the_fair_once():
    call_command("seed_demo", "--workers", "200")
    call_command("seed_demo", "--workers", "200")
    assert JobFair.objects.count() == 1
