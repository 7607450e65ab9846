import pytest

from laborbridge.core.models import AuditEvent
from laborbridge.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_wrong_password_shows_a_chinese_message_and_is_audited(users, client):
    response = client.post("/accounts/login/", {"username": "tongmu", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode() or "不正确" in response.content.decode()
    event = AuditEvent.objects.get(action="login_failed")
    assert event.actor_label == "tongmu" and event.success is False


def test_a_login_lands_on_the_home_page_and_is_audited(users, client):
    response = client.post("/accounts/login/", {"username": "tongmu", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "桐木镇" in response.content.decode()
    assert AuditEvent.objects.filter(action="login", actor=users["tongmu"]).exists()


def test_pages_require_login(client):
    for url in ("/", "/workers/", "/workers/new/", "/accounts/audit/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("admin", "登记劳动力"),
        ("jinxiu", "导入台账"),
        ("tongmu", "登记劳动力"),
        ("xiezuo", "劳动力台账"),
        ("auditor", "查看审计记录"),
        ("employer", "用工单位"),
    ],
)
def test_each_role_has_its_own_home_page(users, client, role, sees):
    client.force_login(users[role])
    assert sees in client.get("/").content.decode()


def test_only_auditors_and_administrators_read_the_audit_trail(users, client):
    client.force_login(users["tongmu"])
    assert client.get("/accounts/audit/").status_code == 403
    client.force_login(users["auditor"])
    response = client.get("/accounts/audit/")
    assert response.status_code == 200 and "审计记录" in response.content.decode()


def test_the_audit_trail_shows_no_personal_data(users, client):
    from laborbridge.factories import make_worker

    worker = make_worker(users["tongmu"], name="盘秀英", phone="13812345678")
    client.force_login(users["jinxiu"])
    client.post(f"/workers/{worker.pk}/unmask/")
    client.force_login(users["auditor"])
    page = client.get("/accounts/audit/").content.decode()
    assert "查看完整个人信息" in page
    for secret in ("盘秀英", worker.id_number, "13812345678"):
        assert secret not in page
