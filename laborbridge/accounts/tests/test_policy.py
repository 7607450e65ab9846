"""The access policy: one table, read the same way everywhere, and nothing else deciding access."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

from laborbridge.accounts import policy
from laborbridge.accounts.models import User
from laborbridge.factories import DIANBAI, JINXIU, MAONAN, TONGMU, make_user

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "laborbridge"


def test_docs_access_md_is_generated_from_the_policy_and_current():
    assert (ROOT / "docs" / "access.md").read_text(encoding="utf-8") == policy.access_table()


def test_every_capability_names_a_reach_for_known_roles_only():
    for name, capability in policy.GRANTS.items():
        assert set(capability.grants) <= set(User.Role), name
        assert all(isinstance(r, policy.Reach) for r in capability.grants.values()), name


ROLE_CHECK = re.compile(
    r"\.role\s*(==|!=|\bin\b|\bnot in\b)|Role\.(ADMIN|COUNTY|TOWNSHIP|COOPERATION|EMPLOYER|AUDITOR)"
    r"|user\.role|is_superuser"
)
# Where roles may be named: the policy itself, the user model and its admin, the demo's and the tests' users.
ALLOWED = ("accounts/", "demo/", "factories.py", "/tests/", "/migrations/")


def test_no_code_or_template_outside_the_policy_compares_roles():
    offenders = []
    for path in sorted(SOURCE.rglob("*")):
        if path.suffix not in (".py", ".html") or any(part in str(path) for part in ALLOWED):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ROLE_CHECK.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.django_db
def test_a_regional_role_without_a_region_reaches_nothing():
    clerk = make_user("lost", role=User.Role.COUNTY, region=None)
    assert policy.worker_scope(clerk) == policy.NOWHERE
    assert not any(policy.capabilities(clerk).values())


@pytest.mark.django_db
def test_a_superuser_is_treated_as_an_administrator_whatever_the_role_field_says():
    root = make_user("root", role=User.Role.TOWNSHIP, region=TONGMU)
    root.is_superuser = True
    assert policy.worker_scope(root).everywhere and policy.may(root, "view_audit_trail")


@pytest.mark.django_db
def test_an_inactive_or_anonymous_user_may_do_nothing():
    from django.contrib.auth.models import AnonymousUser

    county = make_user("gone", role=User.Role.COUNTY, region=JINXIU)
    county.is_active = False
    assert not any(policy.capabilities(county).values())
    assert not any(policy.capabilities(AnonymousUser()).values())


@pytest.mark.django_db
def test_township_staff_unmask_only_when_an_administrator_grants_it():
    clerk = make_user("clerk", role=User.Role.TOWNSHIP, region=TONGMU)
    assert policy.worker_unmask_scope(clerk) == policy.NOWHERE
    clerk.user_permissions.add(Permission.objects.get(codename="unmask_worker"))
    clerk = User.objects.get(pk=clerk.pk)  # permissions are cached per instance
    assert policy.worker_unmask_scope(clerk).prefixes == (TONGMU,)


@pytest.mark.django_db
def test_the_cooperation_office_reads_across_the_pairing_but_writes_nothing(users):
    office = users["xiezuo"]
    assert set(policy.worker_scope(office).prefixes) == {JINXIU, DIANBAI, MAONAN}
    assert policy.worker_write_scope(office) == policy.NOWHERE
    assert policy.may(office, "view_pairing_table") and not policy.may(users["jinxiu"], "view_pairing_table")


@pytest.mark.django_db
def test_township_staff_see_the_employers_of_their_county_and_its_partners(users):
    assert policy.region_scope(users["tongmu"], "view_employers").counties == {JINXIU, DIANBAI, MAONAN}


@pytest.mark.django_db
def test_a_county_writes_the_employers_it_hosts_or_brought_in_and_no_others(users):
    from laborbridge.employers.models import Employer

    dianbai = users["dianbai"]
    assert policy.may_write_employer(dianbai, Employer(region_id=DIANBAI))
    assert policy.may_write_employer(dianbai, Employer(region_id="440304", provided_by_id=DIANBAI))
    assert not policy.may_write_employer(dianbai, Employer(region_id=MAONAN, provided_by_id=MAONAN))
    assert not policy.may_write_employer(users["xiezuo"], Employer(region_id=JINXIU))
