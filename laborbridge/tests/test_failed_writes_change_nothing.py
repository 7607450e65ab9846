"""A failed request changes nothing: every write operation of the API, driven with a payload that must fail.

The operations are read from the OpenAPI document, so a new write endpoint fails this test until it is
given a failing payload here.
"""

import datetime
import hashlib

import pytest
from django.apps import apps

from laborbridge.api import api as ninja_api
from laborbridge.core.models import AuditEvent
from laborbridge.employers.services import vacancy_set_status
from laborbridge.factories import (
    DIANBAI,
    JINXIU,
    TONGMU,
    make_employer,
    make_id,
    make_training_class,
    make_vacancy,
    make_worker,
)
from laborbridge.fairs.services import (
    fair_check_in,
    fair_create,
    fair_set_status,
    participation_add,
    position_add,
)
from laborbridge.regions.models import Region
from laborbridge.training.services import enrolment_enrol
from laborbridge.transport.services import campaign_create, campaign_plan, transport_sign_up

pytestmark = pytest.mark.django_db

WRITE_METHODS = {"post", "put", "patch", "delete"}
# Tables whose rows are compared one by one; every other table is compared by its row count.
SKIP_ROWS = {"regions.Region", "accounts.ApiToken", "sessions.Session"}

# operation → (user, payload that must fail late: after some of it would already have been written)
FAILING = {
    ("post", "/api/v1/auth/token"): ("jinxiu", lambda o: {"username": "jinxiu", "password": "wrong"}),
    ("post", "/api/v1/workers"): (
        "jinxiu",
        lambda o: {"name": "黄秀英", "id_number": make_id(), "township": TONGMU, "phone": "1380000"},
    ),
    # A search writes nothing but its audit event; a malformed one not even that.
    ("post", "/api/v1/workers/search"): ("jinxiu", lambda o: {"q": "黄", "age_min": 500}),
    ("patch", "/api/v1/workers/{worker_id}"): ("jinxiu", lambda o: {"name": "改过的名字", "phone": "1"}),
    ("post", "/api/v1/employers"): (
        "dianbai",
        lambda o: {"name": "电白新单位", "region": DIANBAI, "uscc": "91440904MA00000000"},
    ),
    ("patch", "/api/v1/employers/{employer_id}"): ("dianbai", lambda o: {"name": "改名", "region": JINXIU}),
    ("post", "/api/v1/vacancies"): (
        "dianbai",
        lambda o: {
            "employer": o["employer"].pk,
            "title": "包装工",
            "occupation": o["vacancy"].occupation_id,
            "headcount": 5,
            "pay_min": 4000,
            "pay_max": 5000,
            "place": DIANBAI,
            "status": "filled",  # a draft cannot be filled
        },
    ),
    ("patch", "/api/v1/vacancies/{vacancy_id}"): (
        "dianbai",
        lambda o: {"title": "新的岗位名称", "status": "draft"},  # an open vacancy cannot go back to draft
    ),
    ("post", "/api/v1/referrals"): (
        "jinxiu",
        lambda o: {"worker": o["worker"].pk, "vacancy": o["vacancy"].pk, "source": "nonsense"},
    ),
    ("post", "/api/v1/referrals/{referral_id}/steps"): (
        "jinxiu",
        lambda o: {"status": "hired", "monthly_income": 2_000_000},
    ),
    # The referral's first step (推荐 itself) cannot be withdrawn, even by its author the same day.
    ("delete", "/api/v1/referral-steps/{step_id}"): ("jinxiu", lambda o: None),
    ("post", "/api/v1/fairs"): (
        "jinxiu",
        lambda o: {
            "title": "招聘会",
            "date": "2024-11-01",
            "starts_at": "12:00",
            "ends_at": "09:00",
            "township": TONGMU,
            "address": "广场",
            "organisers": [JINXIU],
        },
    ),
    ("post", "/api/v1/fairs/{fair_id}/status"): ("jinxiu", lambda o: {"status": "planned"}),
    ("post", "/api/v1/fairs/{fair_id}/participations"): ("jinxiu", lambda o: {"employer": o["employer"].pk}),
    ("post", "/api/v1/fairs/participations/{participation_id}/positions"): (
        "jinxiu",
        lambda o: {"vacancy": o["vacancy"].pk, "headcount": 5},  # already at the fair
    ),
    # A walk-in whose ID number has a wrong check digit: the registry's message, nobody registered.
    ("post", "/api/v1/fairs/{fair_id}/check-ins"): (
        "jinxiu",
        lambda o: {"id_number": "451324199005170000", "name": "黄秀英", "township": TONGMU},
    ),
    # The visitor is already put forward for this vacancy: the referral would be a second live one.
    ("post", "/api/v1/fairs/{fair_id}/intents"): (
        "jinxiu",
        lambda o: {"worker": o["worker"].pk, "vacancy": o["vacancy"].pk},
    ),
    # A class that ends before it starts.
    ("post", "/api/v1/training/classes"): (
        "jinxiu",
        lambda o: {
            "programme": o["training_class"].programme_id,
            "name": "茶叶评鉴班",
            "provider": "广东省茶叶收藏与鉴赏协会",
            "place": TONGMU,
            "start": "2024-09-19",
            "end": "2024-09-01",
            "capacity": 50,
            "organisers": [JINXIU],
        },
    ),
    # The class's one place is taken.
    ("post", "/api/v1/training/classes/{class_id}/enrolments"): (
        "jinxiu",
        lambda o: {"worker": o["worker"].pk, "status": "enrolled"},
    ),
    # A new job's sign-up without a pickup point: the referral it would make must not stay behind.
    ("post", "/api/v1/transport/campaigns/{campaign_id}/signups"): (
        "jinxiu",
        lambda o: {
            "worker": o["worker"].pk,
            "wanted_date": "2024-02-17",
            "employer": o["employer"].pk,
            "vacancy": o["vacancy"].pk,
        },
    ),
    # The bus door: one passenger of the trip and one that is not on it; nobody is ticked.
    ("post", "/api/v1/transport/trips/{trip_id}/boarding"): (
        "jinxiu",
        lambda o: {
            "passengers": [{"signup": o["signup"].pk, "boarded": True}, {"signup": 999999, "boarded": True}]
        },
    ),
    # The factory gate for a passenger who has not boarded: no arrival, no spell moved.
    ("post", "/api/v1/transport/signups/{signup_id}/arrival"): ("admin", lambda o: {"on": "2024-02-18"}),
    # Matching's one-click referral: the worker is already put forward for this vacancy.
    ("post", "/api/v1/matching/referrals"): (
        "jinxiu",
        lambda o: {"worker": o["worker"].pk, "vacancy": o["vacancy"].pk},
    ),
    # Revoking fails only for a token that is not (or no longer) valid: sent with a revoked one below.
    ("delete", "/api/v1/auth/token"): ("jinxiu", lambda o: None),
}


def write_operations() -> set[tuple[str, str]]:
    paths = ninja_api.get_openapi_schema()["paths"]
    return {(method, path) for path, item in paths.items() for method in item if method in WRITE_METHODS}


def snapshot() -> dict:
    """Each table's row count, and a fingerprint of the rows of the tables that hold the domain's facts."""
    state = {}
    for model in apps.get_models():
        label = model._meta.label
        rows = model._default_manager.order_by("pk")
        if label in SKIP_ROWS:
            state[label] = rows.count()
        else:
            digest = hashlib.sha256(repr(list(rows.values_list())).encode()).hexdigest()
            state[label] = (rows.count(), digest)
    return state


@pytest.fixture
def objects(api, users):
    worker = make_worker(users["jinxiu"], name="盘秀英", township=TONGMU)
    employer = make_employer(users["dianbai"])
    vacancy = make_vacancy(users["dianbai"], employer)
    vacancy_set_status(actor=users["dianbai"], vacancy=vacancy, status="open")
    referral = api("jinxiu").refer(worker, vacancy)
    fair = fair_create(
        actor=users["jinxiu"], organisers=[JINXIU], title="金秋招聘月", date=datetime.date(2024, 10, 24),
        starts_at=datetime.time(9), ends_at=datetime.time(12), township=TONGMU, address="广场",
    )  # fmt: skip
    participation = participation_add(actor=users["jinxiu"], fair=fair, employer=employer)
    position_add(actor=users["jinxiu"], participation=participation, vacancy=vacancy, headcount=10)
    fair_set_status(actor=users["jinxiu"], fair=fair, status="open")
    fair_check_in(actor=users["jinxiu"], fair=fair, worker=worker)
    training_class = make_training_class(users["jinxiu"], capacity=1)
    campaign = campaign_create(
        actor=users["jinxiu"], name="春暖行动", start=datetime.date(2024, 2, 15), end=datetime.date(2024, 3, 10),
        organisers=[Region.objects.get(code=JINXIU)],
        pickup_points=[(Region.objects.get(code=TONGMU), "桐木汽车站", "")], bus_types=[("大巴", 45, None)],
    )  # fmt: skip
    enrolment_enrol(actor=users["jinxiu"], training_class=training_class, worker=make_worker(users["jinxiu"]))
    signup = transport_sign_up(
        actor=users["jinxiu"], campaign=campaign, worker=make_worker(users["jinxiu"], name="黄大山", township=TONGMU),
        wanted_date=datetime.date(2024, 2, 17), pickup_point=campaign.pickup_points.get(), employer=employer,
    )  # fmt: skip
    campaign_plan(
        actor=users["jinxiu"], campaign=campaign, bus_type=campaign.bus_types.get(), seconds_per_day=0.5
    )
    signup.refresh_from_db()
    return {
        "signup": signup, "trip": signup.trip,
        "worker": worker, "employer": employer, "vacancy": vacancy, "referral": referral, "fair": fair,
        "participation": participation, "training_class": training_class, "campaign": campaign,
    }  # fmt: skip


def test_every_write_operation_has_a_failing_payload_here():
    assert write_operations() == set(FAILING)


@pytest.mark.parametrize(("method", "path"), sorted(FAILING), ids=lambda part: str(part))
def test_a_write_that_fails_leaves_the_database_as_it_was(api, objects, method, path):
    username, payload = FAILING[(method, path)]
    client = api(username)
    url = path.format(
        worker_id=objects["worker"].pk,
        employer_id=objects["employer"].pk,
        vacancy_id=objects["vacancy"].pk,
        referral_id=objects["referral"].pk,
        step_id=objects["referral"].steps.get().pk,
        fair_id=objects["fair"].pk,
        participation_id=objects["participation"].pk,
        class_id=objects["training_class"].pk,
        campaign_id=objects["campaign"].pk,
        trip_id=objects["trip"].pk,
        signup_id=objects["signup"].pk,
    )
    client.get("/api/v1/workers")  # the token's first use is recorded; that is not this request's doing
    before, audit_before = snapshot(), AuditEvent.objects.count()

    if (method, path) == ("delete", "/api/v1/auth/token"):
        client.call("delete", url)  # revoked now; asking again must fail and change nothing
        before, audit_before = snapshot(), AuditEvent.objects.count()
    response = client.call(method, url, payload(objects))

    assert response.status_code in (401, 403, 422), response.content
    after = snapshot()
    if (method, path) == ("post", "/api/v1/auth/token"):  # a failed login is recorded, and only that
        new = AuditEvent.objects.order_by("pk")[audit_before:]
        assert [e.action for e in new] == [AuditEvent.Action.LOGIN_FAILED]
        before.pop("core.AuditEvent"), after.pop("core.AuditEvent")
    assert after == before
