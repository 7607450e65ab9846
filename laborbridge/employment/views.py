from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laborbridge.employment.forms import EmploymentEndForm, EmploymentStartForm
from laborbridge.employment.selectors import employment_get
from laborbridge.employment.services import employment_assert_writable, employment_end, employment_start
from laborbridge.workers.selectors import worker_get


def _report(request, errors: dict) -> None:
    labels = {
        "place": _("就业地点"),
        "start": _("开始日期"),
        "end": _("结束日期"),
        "monthly_income": _("月收入"),
        "channel": _("就业渠道"),
        "employer_name": _("就业单位"),
        "__all__": "",
    }
    for field, field_errors in errors.items():
        for message in field_errors:
            label = labels.get(field, field)
            messages.error(request, f"{label}：{message}" if label else message)


@login_required
@require_POST
def employment_start_view(request, worker_pk):
    worker = worker_get(actor=request.user, pk=worker_pk)
    employment_assert_writable(actor=request.user, worker=worker)
    form = EmploymentStartForm(request.POST, worker=worker)
    if not form.is_valid():
        _report(request, form.errors)
        return redirect("workers:detail", pk=worker.pk)
    data = form.cleaned_data
    try:
        employment_start(
            actor=request.user,
            worker=worker,
            request=request,
            place=data["place"],
            start=data["start"],
            employer_name=data["employer_name"],
            monthly_income=data["monthly_income"],
            channel=data["channel"],
        )
    except ValidationError as exc:
        _report(request, exc.message_dict)
    else:
        messages.success(request, _("已登记就业信息"))
    return redirect("workers:detail", pk=worker.pk)


@login_required
@require_POST
def employment_end_view(request, pk):
    spell = employment_get(actor=request.user, pk=pk)
    employment_assert_writable(actor=request.user, worker=spell.worker)
    form = EmploymentEndForm(request.POST)
    if not form.is_valid():
        _report(request, form.errors)
        return redirect("workers:detail", pk=spell.worker_id)
    try:
        employment_end(actor=request.user, spell=spell, end=form.cleaned_data["end"], request=request)
    except ValidationError as exc:
        _report(request, exc.message_dict)
    else:
        messages.success(request, _("已结束该段就业"))
    return redirect("workers:detail", pk=spell.worker_id)
