import pytest

from laborbridge.factories import make_worker
from laborbridge.workers.selectors import WorkerFilters, worker_list

pytestmark = pytest.mark.django_db


def names(actor, **filters):
    return sorted(w.name for w in worker_list(actor=actor, filters=WorkerFilters(**filters)))


@pytest.fixture
def registry(users):
    tongmu = users["tongmu"]
    make_worker(tongmu, name="黄秀英", phone="13812345678")
    make_worker(tongmu, name="黄小明")
    make_worker(tongmu, name="盘志华", poverty_status="alleviated")
    return users


def test_a_name_is_found_by_full_pinyin_and_by_initials(registry):
    actor = registry["tongmu"]
    assert names(actor, q="huangxiu") == ["黄秀英"]
    assert names(actor, q="hx") == sorted(["黄秀英", "黄小明"])
    assert names(actor, q="HXY") == ["黄秀英"]
    assert names(actor, q="黄秀") == ["黄秀英"]


def test_a_name_search_lists_the_names_that_begin_with_the_text(registry):
    actor = registry["tongmu"]
    make_worker(actor, name="覃黄英")
    assert names(actor, q="黄") == sorted(["黄秀英", "黄小明"])
    assert names(actor, q="黄秀英") == ["黄秀英"]
    assert names(actor, q="覃") == ["覃黄英"]  # a surname read as a surname (qin), as the stored key is


def test_a_given_name_alone_is_found_inside_the_names_when_no_name_begins_with_it(registry):
    actor = registry["tongmu"]
    assert names(actor, q="秀英") == ["黄秀英"]
    assert names(actor, q="志") == ["盘志华"]
    assert names(actor, q="秀兰") == []


def test_a_worker_is_found_by_exact_id_number_and_phone(registry):
    actor = registry["tongmu"]
    worker = worker_list(actor=actor, filters=WorkerFilters(q="黄秀英")).get()
    assert names(actor, q=worker.id_number.lower()) == ["黄秀英"]
    assert names(actor, q="138-1234-5678") == ["黄秀英"]
    assert names(actor, q=worker.id_number[:17] + "0" if worker.id_number[17] != "0" else "1") == []


def test_filters_combine(registry):
    assert names(registry["tongmu"], poverty_status="alleviated") == ["盘志华"]
    assert names(registry["tongmu"], age_min=30, age_max=40) == sorted(
        ["盘志华", "黄秀英", "黄小明"]
    )  # born 1990
    assert names(registry["tongmu"], age_min=40) == []


def test_search_never_leaves_the_actors_scope(registry):
    assert names(registry["dianbai"], q="huangxiu") == []
