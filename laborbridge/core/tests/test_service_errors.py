"""A service's refusal shown beside the form's fields, or as messages on the page a posted action returns to."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError

from laborbridge.core.forms import add_service_errors, flash_service_errors


class DateForm(forms.Form):
    on = forms.DateField(required=False)


def test_a_refusal_by_field_goes_beside_its_field_and_one_naming_no_field_above_the_form():
    form = DateForm({})
    form.is_valid()
    add_service_errors(form, ValidationError({"on": ["日期不能晚于今天"], "other": ["别处"]}))
    add_service_errors(form, ValidationError("已结束的招聘会不能再登记意向"))
    assert form.errors["on"] == ["日期不能晚于今天"]
    assert form.non_field_errors() == ["别处", "已结束的招聘会不能再登记意向"]


@pytest.mark.parametrize(("unlabelled", "expected"), [("", "已满"), (None, "seats：已满")])
def test_flashed_refusals_name_their_field_in_chinese(rf, unlabelled, expected):
    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    flash_service_errors(
        request, {"on": ["不能晚于今天"], "seats": ["已满"]}, {"on": "日期"}, unlabelled=unlabelled
    )
    assert [str(m) for m in get_messages(request)] == ["日期：不能晚于今天", expected]
