"""A worker's derived columns come from one function, whichever path writes the worker."""

import datetime

import pytest
from django.core.management import call_command

from laborbridge.ledger.jobs import ledger_import_file
from laborbridge.ledger.tests.ledgers import make_id, write_xlsx
from laborbridge.workers.derived import worker_derived
from laborbridge.workers.models import Worker
from laborbridge.workers.services import worker_register, worker_update

pytestmark = pytest.mark.django_db
COLUMNS = (
    "name_pinyin",
    "name_initials",
    "id_number_bidx",
    "id_number_tail_bidx",
    "birth_year",
    "sex",
    "phone_bidx",
    "county_id",
)


def stored(worker: Worker) -> dict:
    return {column: getattr(worker, column) for column in COLUMNS}


def derived(worker: Worker) -> dict:
    return worker_derived(
        name=worker.name,
        id_number=worker.id_number,
        phone=worker.phone or "",
        township_code=worker.township_id,
    )


def test_it_derives_pinyin_initials_sex_birth_year_county_and_indexes():
    columns = worker_derived(
        name="黄秀英", id_number=make_id("19880808", 22), phone="13800000001", township_code="451324101"
    )
    assert (columns["name_pinyin"], columns["name_initials"]) == ("huangxiuying", "hxy")
    assert (columns["sex"], columns["birth_year"], columns["county_id"]) == (
        "F",
        1988,
        "451324",
    )
    assert (
        columns["id_number_bidx"]
        and columns["phone_bidx"]
        and columns["phone_bidx"] != columns["id_number_bidx"]
    )
    assert worker_derived(phone="") == {"phone_bidx": ""}


def test_a_page_derives_the_columns_with_it_on_register_and_on_change(users):
    worker = worker_register(
        actor=users["jinxiu"], name="黄秀英", id_number=make_id("19880808", 22), township="451324101",
        phone="13800000001",
    )  # fmt: skip
    assert stored(worker) == derived(worker)
    worker = worker_update(actor=users["jinxiu"], worker=worker, name="盘志华", township="451324102")
    worker.refresh_from_db()
    assert stored(worker) == derived(worker) and worker.name_initials == "pzh"


def test_a_ledger_derives_the_same_columns(tmp_path, users):
    path = write_xlsx(
        tmp_path / "l.xlsx",
        ["姓名", "公民身份号码", "乡(镇)", "联系电话"],
        [["黄秀英", make_id("19880808", 22), "桐木镇", "13800000001"]],
    )
    ledger_import_file(
        path=path, county_code="451324", as_of=datetime.date(2024, 10, 31), actor=users["jinxiu"]
    )
    worker = Worker.objects.get()
    assert stored(worker) == derived(worker)


def test_the_demo_derives_the_same_columns():
    call_command("seed_demo", workers=20)
    workers = list(Worker.objects.all())
    assert len(workers) == 20 and all(stored(w) == derived(w) for w in workers)
