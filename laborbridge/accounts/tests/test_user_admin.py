"""User administration: a county bureau manages its own county's bureau and township accounts; the admin all."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from laborbridge.accounts.models import User
from laborbridge.accounts.services import (
    user_create,
    user_managed,
    user_password_reset,
    user_set_active,
    user_update,
)
from laborbridge.core.models import AuditEvent
from laborbridge.factories import TONGMU, TOUPAI, XINCHENG_TOWNSHIP, make_user

pytestmark = pytest.mark.django_db


def test_a_county_bureau_opens_a_township_account_with_a_temporary_password(users):
    issued = user_create(
        actor=users["jinxiu"], username="toupai1", full_name="蓝小梅", role="township", region_code=TOUPAI
    )
    user = issued.user
    assert user.role == "township" and user.region_id == TOUPAI and user.must_change_password
    assert user.check_password(issued.temporary_password) and len(issued.temporary_password) >= 10
    event = AuditEvent.objects.get(action="create", object_id=str(user.pk))
    assert event.actor == users["jinxiu"] and event.details == {"role": "township", "region": TOUPAI}
    assert issued.temporary_password not in str(event.details)


def test_a_county_bureau_may_open_an_account_for_its_own_bureau(users):
    assert user_create(actor=users["jinxiu"], username="jinxiu2", role="county", region_code="451324").user.pk


@pytest.mark.parametrize(
    ("role", "region", "why"),
    [
        ("admin", None, "an administrator"),
        ("auditor", None, "an auditor"),
        ("cooperation", "451324", "a cooperation office"),
        ("township", XINCHENG_TOWNSHIP, "a township of another county"),
        ("county", "440904", "another county's bureau"),
        ("township", "451324", "a township role on a county code"),
    ],
)
def test_a_county_bureau_cannot_open(users, role, region, why):
    with pytest.raises(ValidationError):
        user_create(actor=users["jinxiu"], username="x1", role=role, region_code=region)
    assert not User.objects.filter(username="x1").exists(), why


def test_the_administrator_opens_any_role_anywhere(users):
    for n, (role, region) in enumerate(
        [("admin", None), ("cooperation", "440904"), ("township", XINCHENG_TOWNSHIP)]
    ):
        assert (
            user_create(actor=users["admin"], username=f"a{n}", role=role, region_code=region).user.role
            == role
        )


@pytest.mark.parametrize("name", ["tongmu", "xiezuo", "auditor", "employer"])
def test_other_roles_cannot_open_accounts(users, name):
    with pytest.raises(PermissionDenied):
        user_create(actor=users[name], username="x1", role="township", region_code=TONGMU)


def test_a_county_bureau_does_not_find_accounts_of_another_county_or_of_roles_it_does_not_give(users):
    other = make_user("xincheng1", User.Role.TOWNSHIP, XINCHENG_TOWNSHIP)
    for account in (other, users["xiezuo"], users["admin"], users["dianbai"]):
        with pytest.raises(Http404):
            user_managed(actor=users["jinxiu"], pk=account.pk)
    assert user_managed(actor=users["jinxiu"], pk=users["tongmu"].pk) == users["tongmu"]


def test_disabling_and_enabling_are_audited(users):
    user_set_active(actor=users["jinxiu"], user=users["tongmu"], active=False)
    users["tongmu"].refresh_from_db()
    assert users["tongmu"].is_active is False
    user_set_active(actor=users["jinxiu"], user=users["tongmu"], active=True)
    assert list(
        AuditEvent.objects.filter(action="update", object_id=str(users["tongmu"].pk)).values_list(
            "details", flat=True
        )
    ) == [{"is_active": True}, {"is_active": False}]


def test_nobody_disables_or_demotes_their_own_account(users):
    with pytest.raises(PermissionDenied):
        user_set_active(actor=users["jinxiu"], user=users["jinxiu"], active=False)
    with pytest.raises(PermissionDenied):
        user_update(actor=users["admin"], user=users["admin"], full_name="", role="auditor", region_code=None)


def test_a_reset_password_is_temporary_and_the_old_one_stops_working(users):
    issued = user_password_reset(actor=users["jinxiu"], user=users["tongmu"])
    users["tongmu"].refresh_from_db()
    assert users["tongmu"].must_change_password and users["tongmu"].check_password(issued.temporary_password)
    assert AuditEvent.objects.filter(details__password_reset=True, actor=users["jinxiu"]).exists()


def test_moving_an_account_to_another_township_is_audited_with_old_and_new(users):
    user_update(
        actor=users["jinxiu"], user=users["tongmu"], full_name="韦桐", role="township", region_code=TOUPAI
    )
    event = AuditEvent.objects.filter(action="update", object_id=str(users["tongmu"].pk)).first()
    assert event.details["region"] == [TONGMU, TOUPAI]


def test_a_county_bureau_cannot_move_an_account_into_another_county(users):
    with pytest.raises(ValidationError):
        user_update(
            actor=users["jinxiu"],
            user=users["tongmu"],
            full_name="",
            role="township",
            region_code=XINCHENG_TOWNSHIP,
        )


# --- the pages ---


def test_the_bureau_opens_an_account_on_the_page_and_sees_the_temporary_password_once(users, client):
    client.force_login(users["jinxiu"])
    form = client.get("/accounts/users/new/").content.decode()
    assert "桐木镇" in form and "系统管理员" not in form and "金田" not in form
    response = client.post(
        "/accounts/users/new/",
        {"username": "toupai1", "full_name": "蓝小梅", "role": "township", "region": TOUPAI},
    )
    assert response.status_code == 200 and "临时密码" in response.content.decode()
    assert User.objects.get(username="toupai1").must_change_password
    listing = client.get("/accounts/users/").content.decode()
    assert "toupai1" in listing and "待改密码" in listing and "xiezuo" not in listing


def test_the_page_refuses_a_region_outside_the_county(users, client):
    client.force_login(users["jinxiu"])
    response = client.post(
        "/accounts/users/new/", {"username": "x1", "role": "township", "region": XINCHENG_TOWNSHIP}
    )
    assert response.status_code == 200 and not User.objects.filter(username="x1").exists()


def test_the_menu_offers_user_administration_to_managers_only(users, client):
    for name, sees in (("jinxiu", True), ("admin", True), ("tongmu", False), ("auditor", False)):
        client.force_login(users[name])
        assert ("用户管理" in client.get("/").content.decode()) is sees, name


def test_an_account_opened_by_a_demo_account_is_a_demo_account_and_a_real_ones_is_not(users):
    users["jinxiu"].is_demo = True
    assert user_create(actor=users["jinxiu"], username="d1", role="township", region_code=TONGMU).user.is_demo
    assert not user_create(
        actor=users["admin"], username="r1", role="township", region_code=TONGMU
    ).user.is_demo
