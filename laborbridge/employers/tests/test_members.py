"""An employer's accounts are opened and linked by the bureau that brought it in or where it is, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from laborbridge.accounts.models import User
from laborbridge.core.models import AuditEvent
from laborbridge.employers.members import employer_member_add, employer_member_remove
from laborbridge.factories import DIANBAI, JINXIU, MAONAN, make_employer, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm(users):
    """An employer in 金秀, brought in by 电白."""
    return make_employer(users["jinxiu"], name="金秀帮扶车间", region=JINXIU, provided_by=DIANBAI)


def test_the_bureau_that_brought_the_employer_in_opens_an_account_with_a_temporary_password(users, firm):
    added = employer_member_add(
        actor=users["dianbai"], employer=firm, username="chejian", display_name="车间"
    )
    user = User.objects.get(username="chejian")
    assert added.user == user and user.check_password(added.temporary_password)
    assert len(added.temporary_password) == 12 and user.get_role_display() == "用工单位"
    assert list(firm.members.all()) == [user]
    event = AuditEvent.objects.get(object_type="employers.employer", details__member_added="chejian")
    assert event.actor == users["dianbai"] and event.details["account_created"] is True
    assert added.temporary_password not in str(AuditEvent.objects.values_list("details", flat=True))


def test_the_county_where_the_employer_is_and_an_admin_may_too(users, firm):
    employer_member_add(actor=users["jinxiu"], employer=firm, username="a1")
    employer_member_add(actor=users["admin"], employer=firm, username="a2")
    assert firm.members.count() == 2


@pytest.mark.parametrize("name", ["maonan", "tongmu", "xiezuo", "auditor", "employer"])
def test_no_one_else_may_link_accounts(users, firm, name):
    firm.members.add(users["employer"])  # not even the employer's own account
    with pytest.raises(PermissionDenied):
        employer_member_add(actor=users[name], employer=firm, username=f"x-{name}")
    assert not User.objects.filter(username=f"x-{name}").exists()


def test_an_existing_employer_account_without_an_employer_is_linked_by_its_username(users, firm):
    spare = make_user("spare", role=User.Role.EMPLOYER)
    added = employer_member_add(actor=users["dianbai"], employer=firm, username="spare", link_existing=True)
    assert (
        added.user == spare and added.temporary_password == "" and firm.members.filter(pk=spare.pk).exists()
    )


def test_an_account_of_another_regions_employer_or_a_staff_account_cannot_be_linked(users, firm):
    other = make_employer(users["maonan"], name="茂南的厂", region=MAONAN)
    other.members.add(users["employer"])
    for username in ("employer", "tongmu", "nobody"):
        with pytest.raises(ValidationError) as caught:
            employer_member_add(actor=users["dianbai"], employer=firm, username=username, link_existing=True)
        assert caught.value.message_dict == {"username": [f"没有可关联的用工单位账户“{username}”"]}
    assert not firm.members.exists()


def test_a_username_already_taken_or_malformed_is_refused_and_nothing_is_created(users, firm):
    for username, message in (("Tongmu", "已被使用"), ("有 空格", "只能包含"), ("", "请填写登录名")):
        with pytest.raises(ValidationError, match=message):
            employer_member_add(actor=users["dianbai"], employer=firm, username=username)
    assert not firm.members.exists() and User.objects.count() == len(users)


def test_linking_twice_is_refused(users, firm):
    added = employer_member_add(actor=users["dianbai"], employer=firm, username="chejian")
    with pytest.raises(ValidationError, match="已是本单位的账户"):
        employer_member_add(actor=users["dianbai"], employer=firm, user=added.user)


def test_removal_unlinks_the_account_audited_and_it_then_sees_nothing_of_the_employer(users, client, firm):
    added = employer_member_add(actor=users["dianbai"], employer=firm, username="chejian")
    added.user.must_change_password = False  # as after its first sign-in
    added.user.save(update_fields=["must_change_password"])
    client.force_login(added.user)
    assert client.get(f"/employers/{firm.pk}/").status_code == 200
    employer_member_remove(actor=users["jinxiu"], employer=firm, user=added.user)
    assert not firm.members.exists()
    assert AuditEvent.objects.filter(details__member_removed="chejian", actor=users["jinxiu"]).exists()
    assert client.get(f"/employers/{firm.pk}/").status_code == 404
    with pytest.raises(ValidationError, match="不是本单位的账户"):
        employer_member_remove(actor=users["jinxiu"], employer=firm, user=added.user)


def test_the_page_shows_the_temporary_password_once_and_links_and_removes(users, client, firm):
    client.force_login(users["dianbai"])
    assert "单位账户" in client.get(f"/employers/{firm.pk}/").content.decode()
    url = f"/employers/{firm.pk}/members/"
    response = client.post(url, {"action": "create", "new-username": "chejian", "new-display_name": "车间"})
    user = User.objects.get(username="chejian")
    password = response.content.decode().split("<code>")[1].split("</code>")[0]
    assert user.check_password(password) and "no-store" in response["Cache-Control"]
    again = client.get(url).content.decode()
    assert "chejian" in again and password not in again
    refused = client.post(url, {"action": "create", "new-username": "chejian"})
    assert refused.status_code == 422 and "已被使用" in refused.content.decode()
    make_user("spare", role=User.Role.EMPLOYER)
    client.post(url, {"action": "link", "link-username": "spare"})
    assert set(firm.members.values_list("username", flat=True)) == {"chejian", "spare"}
    client.post(f"{url}{user.pk}/remove/")
    assert list(firm.members.values_list("username", flat=True)) == ["spare"]


@pytest.mark.parametrize(
    ("name", "status"),
    [("maonan", 403), ("xiezuo", 403), ("employer", 403), ("tongmu", 403), ("auditor", 404)],
)
def test_the_page_is_the_bureaus(users, client, firm, name, status):
    firm.members.add(users["employer"])
    client.force_login(users[name])
    assert client.get(f"/employers/{firm.pk}/members/").status_code == status
    assert "单位账户</a>" not in client.get(f"/employers/{firm.pk}/").content.decode()


def test_the_new_account_logs_in_with_the_temporary_password_and_changes_it_audited(users, client, firm):
    added = employer_member_add(actor=users["dianbai"], employer=firm, username="chejian")
    assert client.login(username="chejian", password=added.temporary_password)
    assert client.get("/")["Location"].startswith("/accounts/password/")  # the temporary one goes first
    new = "ChejianPass-2024"
    form = {"old_password": added.temporary_password, "new_password1": new, "new_password2": new}
    assert client.post("/accounts/password/", form).status_code == 302
    added.user.refresh_from_db()
    assert added.user.check_password(new)
    assert AuditEvent.objects.filter(actor=added.user, details__password_changed=True).exists()
    assert client.get(f"/employers/{firm.pk}/").status_code == 200  # still signed in, still its employer


def test_an_account_passed_in_follows_the_same_rule_as_one_named(users, firm):
    other = make_employer(users["maonan"], name="茂南的厂", region=MAONAN)
    other.members.add(users["employer"])
    for account in (users["employer"], users["tongmu"]):
        with pytest.raises(ValidationError, match="只能关联本辖区用工单位的账户"):
            employer_member_add(actor=users["dianbai"], employer=firm, user=account)
    assert not firm.members.exists()
