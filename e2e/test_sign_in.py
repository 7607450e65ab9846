"""Signing in with a phone (TOTP), and a county bureau opening a township account that changes its password."""

import time
from base64 import b32decode

from django_otp.oath import TOTP


def code_for(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the secret printed on the enrolment page."""
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_a_county_user_enrols_a_phone_then_signs_in_with_its_code(world, open_page, settings):
    settings.OTP_REQUIRED, settings.DEBUG = True, False  # as in production: the demo exemption is off
    page = open_page()
    page.login("jinxiu")
    page.page.wait_for_url("**/accounts/otp/setup/**")
    assert page.page.locator("[data-testid=otp-qr] svg").count() == 1
    page.axe()
    secret = page.page.locator("[data-testid=otp-secret]").inner_text()
    page.page.fill("#id_code", code_for(secret))
    page.page.click("main button[type=submit]")
    codes = page.page.locator("[data-testid=recovery-codes] li")
    assert codes.count() == 10
    page.page.click("text=我已保存，继续")
    assert "您好，县（区）人社局" in page.page.content()  # its home

    again = open_page()
    again.login("jinxiu")
    again.page.wait_for_url("**/accounts/otp/**")
    assert "劳动力台账" not in again.page.locator("header").inner_text()  # no menu before the code
    again.axe()
    again.page.fill("#id_code", code_for(secret, steps_ahead=1))  # a code not used yet
    again.page.click("main button[type=submit]")
    again.page.wait_for_url(lambda url: "/accounts/" not in url)
    assert "您好，县（区）人社局" in again.page.content()


def test_the_county_bureau_opens_a_township_account_which_must_change_its_password(world, open_page):
    bureau = open_page()
    bureau.login("jinxiu")
    bureau.page.click("text=用户管理")
    bureau.page.click("text=开设账户")
    bureau.axe()
    bureau.page.fill("#id_username", "toupai_lan")
    bureau.page.fill("#id_full_name", "蓝小梅")
    bureau.page.select_option("#id_role", "township")
    bureau.page.select_option("#id_region", "451324102")
    bureau.page.click("main form button[type=submit]")
    password = bureau.page.locator("[data-testid=temporary-password] code").inner_text()
    assert len(password) >= 10

    newcomer = open_page()
    newcomer.login("toupai_lan", password)
    newcomer.page.wait_for_url("**/accounts/password/**")
    assert "临时密码" in newcomer.page.content()
    newcomer.axe()
    newcomer.page.fill("#id_old_password", password)
    newcomer.page.fill("#id_new_password1", "Dayaoshan-Tea-2024")
    newcomer.page.fill("#id_new_password2", "Dayaoshan-Tea-2024")
    newcomer.page.click("main form button[type=submit]")
    newcomer.page.wait_for_url(lambda url: "/accounts/" not in url)
    assert "头排镇" in newcomer.page.content()
