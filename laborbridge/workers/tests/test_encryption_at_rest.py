import pytest
from django.db import connection

from laborbridge.factories import make_worker

pytestmark = pytest.mark.django_db


def all_stored_text() -> str:
    """Every value of every table, as the database holds it."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_the_database_holds_no_plaintext_id_number_or_phone(users):
    worker = make_worker(users["tongmu"], phone="13812345678", notes="已核实")
    stored = all_stored_text()
    assert worker.id_number not in stored
    assert "13812345678" not in stored
    assert "v1:" in stored  # ciphertext is there


def test_the_database_holds_no_birth_date_that_would_rebuild_a_masked_number(users):
    import datetime

    from laborbridge.factories import make_id

    number = make_id(birth=datetime.date(1987, 11, 23))
    worker = make_worker(users["tongmu"], id_number=number)
    stored = all_stored_text()
    assert "1987-11-23" not in stored and "19871123" not in stored
    assert "datetime.date(1987, 11, 23)" not in stored
    assert worker.birth_year == 1987 and worker.birth_date == datetime.date(1987, 11, 23)


def test_free_text_fields_refuse_id_numbers_and_phones(users):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        make_worker(users["tongmu"], notes="电话 13812345678", skills="电工")
    assert "请不要在此填写身份证号或手机号" in info.value.message_dict["notes"][0]
