"""Dates go in and come out as YYYY-MM-DD, the way a date input and an official report need them."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import timezone

from laborbridge.ledger.forms import LedgerUploadForm

pytestmark = pytest.mark.django_db


def test_the_import_page_offers_todays_date_in_a_form_the_date_input_accepts(client, users):
    client.force_login(users["tongmu"])
    page = client.get("/ledger/import/").content.decode()
    field = re.search(r'<input type="date" name="as_of"[^>]*>', page).group(0)
    assert f'value="{timezone.localdate().isoformat()}"' in field
    assert f'max="{timezone.localdate().isoformat()}"' in field  # a later day is refused before the upload


def test_a_date_without_a_format_is_shown_with_its_year():
    assert Template("{{ day|date }}").render(Context({"day": datetime.date(2024, 1, 5)})) == "2024-01-05"


@pytest.mark.parametrize("typed", ["2024-10-24", "2024/10/24", "2024.10.24", "2024年10月24日"])
def test_a_date_typed_the_usual_ways_is_read(typed):
    form = LedgerUploadForm({"as_of": typed, "county": "451324"}, counties=[])
    form.is_valid()
    assert form.cleaned_data["as_of"] == datetime.date(2024, 10, 24)
