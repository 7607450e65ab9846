import json

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from laborbridge.accounts.models import RecoveryCode, RecoveryCodeDevice
from laborbridge.accounts.tests.totp import code, enrol
from laborbridge.core.models import AuditEvent
from laborbridge.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.OTP_REQUIRED = True
    settings.DEBUG = False


def unthrottle(user):
    """A failure makes the next try wait (django-otp's throttling); the tests do not wait."""
    for device in (*TOTPDevice.objects.filter(user=user), *RecoveryCodeDevice.objects.filter(user=user)):
        device.throttle_reset()


def sign_in(client, username="tongmu"):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def test_a_role_that_sees_personal_data_is_sent_to_enrol_a_phone_after_its_password(users, client):
    sign_in(client)
    response = client.get("/workers/")
    assert response.status_code == 302 and response.url.startswith("/accounts/otp/setup/")
    page = client.get("/accounts/otp/setup/").content.decode()
    assert "<svg" in page and "otpauth://totp/" in page


def test_the_pages_and_the_api_refuse_a_session_that_owes_its_code(users, client):
    enrol(users["tongmu"])
    sign_in(client)
    assert client.get("/workers/").url == "/accounts/otp/?next=%2Fworkers%2F"
    assert client.get("/api/v1/workers").status_code == 401
    assert "劳动力台账" not in client.get("/accounts/otp/").content.decode()  # no menu before the code


def test_enrolling_confirms_the_phone_shows_recovery_codes_once_and_opens_the_pages(users, client):
    sign_in(client)
    client.get("/accounts/otp/setup/")
    device = TOTPDevice.objects.get(user=users["tongmu"])
    response = client.post("/accounts/otp/setup/", {"code": code(device)})
    page = response.content.decode()
    assert response.status_code == 200 and "恢复码只显示这一次" in page
    assert page.count("<li><code>") == 10
    assert client.get("/workers/").status_code == 200
    event = AuditEvent.objects.get(details__second_factor="enrolled")
    assert event.actor == users["tongmu"]


def test_a_wrong_code_does_not_enrol_the_phone(users, client):
    sign_in(client)
    client.get("/accounts/otp/setup/")
    response = client.post("/accounts/otp/setup/", {"code": "000000"})
    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_the_code_from_the_phone_completes_the_sign_in_and_is_audited(users, client):
    device, _codes = enrol(users["tongmu"])
    sign_in(client)
    response = client.post("/accounts/otp/?next=/workers/", {"code": code(device, 1), "next": "/workers/"})
    assert response.status_code == 302 and response.url == "/workers/"
    assert client.get("/workers/").status_code == 200
    assert AuditEvent.objects.filter(action="login", details__second_factor="totp").exists()


def test_a_wrong_code_is_refused_and_audited_as_a_failed_sign_in(users, client):
    enrol(users["tongmu"])
    sign_in(client)
    response = client.post("/accounts/otp/", {"code": "123456"})
    assert "验证码不正确" in response.content.decode()
    assert client.get("/workers/").status_code == 302
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.actor_label == "tongmu" and failed.details == {"second_factor": "code"}


def test_a_recovery_code_works_once_and_only_its_hash_is_stored(users, client):
    _device, codes = enrol(users["tongmu"])
    assert not RecoveryCode.objects.filter(code_hash__in=codes).exists()
    sign_in(client)
    assert client.post("/accounts/otp/", {"code": codes[0]}).status_code == 302
    assert client.get("/workers/").status_code == 200
    client.logout()
    sign_in(client)
    again = client.post("/accounts/otp/", {"code": codes[0]})
    assert again.status_code == 200 and "已用过" in again.content.decode()
    unthrottle(users["tongmu"])
    assert client.post("/accounts/otp/", {"code": codes[1].upper()}).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(users, client):
    from laborbridge.accounts.second_factor import recovery_codes_issue, second_factor_check

    _device, old = enrol(users["tongmu"])
    new = recovery_codes_issue(user=users["tongmu"])
    assert second_factor_check(user=users["tongmu"], token=old[0]) is None
    unthrottle(users["tongmu"])
    assert second_factor_check(user=users["tongmu"], token=new[0]) is not None


def test_roles_without_personal_data_sign_in_with_the_password_alone(users, client):
    sign_in(client, "auditor")
    assert client.get("/accounts/audit/").status_code == 200


def test_demo_accounts_skip_the_code_while_debug_is_on_and_only_then(users, client, settings):
    users["tongmu"].is_demo = True
    users["tongmu"].save()
    settings.DEBUG = True
    sign_in(client)
    assert client.get("/workers/").status_code == 200
    client.logout()
    settings.DEBUG = False
    sign_in(client)
    assert client.get("/workers/").status_code == 302


def test_a_staff_account_that_is_not_a_demo_needs_the_code_even_with_debug_on(users, client, settings):
    settings.DEBUG = True
    sign_in(client)
    assert client.get("/workers/").status_code == 302


def test_an_api_token_for_such_a_role_needs_the_code_too(users, client):
    device, _codes = enrol(users["tongmu"])

    def ask(**extra):
        body = {"username": "tongmu", "password": PASSWORD, **extra}
        return client.post("/api/v1/auth/token", json.dumps(body), content_type="application/json")

    assert ask().status_code == 403
    assert ask(otp="000000").status_code == 403
    unthrottle(users["tongmu"])
    answer = ask(otp=code(device, 1))
    assert answer.status_code == 200 and answer.json()["token"]


def test_an_api_token_is_refused_before_a_phone_is_enrolled(users, client):
    body = {"username": "jinxiu", "password": PASSWORD, "otp": "123456"}
    answer = client.post("/api/v1/auth/token", json.dumps(body), content_type="application/json")
    assert answer.status_code == 403 and "绑定手机验证器" in answer.json()["detail"]


def test_the_policy_asks_for_a_second_factor_from_every_role_that_sees_personal_data(users):
    from laborbridge.accounts.policy import needs_second_factor

    needing = {name for name, user in users.items() if needs_second_factor(user)}
    assert needing == {"admin", "jinxiu", "tongmu", "dianbai", "maonan", "xiezuo", "employer"}


def test_after_a_wrong_code_even_the_right_one_waits_a_moment(users):
    from laborbridge.accounts.second_factor import second_factor_check

    device, _codes = enrol(users["tongmu"])
    assert second_factor_check(user=users["tongmu"], token="000000") is None
    assert second_factor_check(user=users["tongmu"], token=code(device, 1)) is None


def test_an_enrolled_phone_is_not_replaced_from_the_setup_page(users, client):
    device, _codes = enrol(users["tongmu"])
    sign_in(client)
    assert client.post("/accounts/otp/setup/", {"code": "123456"}).url == "/accounts/otp/"
    assert list(TOTPDevice.objects.filter(user=users["tongmu"])) == [device]


def test_an_administrator_reset_lets_the_user_enrol_a_new_phone(users, client):
    from laborbridge.accounts.services import user_second_factor_reset

    enrol(users["tongmu"])
    user_second_factor_reset(actor=users["jinxiu"], user=users["tongmu"])
    assert not TOTPDevice.objects.filter(user=users["tongmu"]).exists()
    sign_in(client)
    assert client.get("/workers/").url.startswith("/accounts/otp/setup/")
    assert AuditEvent.objects.filter(details__second_factor="reset", actor=users["jinxiu"]).exists()
