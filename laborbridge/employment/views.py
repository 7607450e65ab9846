import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from laborbridge.accounts import policy
from laborbridge.core.forms import flash_service_errors
from laborbridge.core.pagination import page_from_request, sorted_page_from_request
from laborbridge.employers.models import Vacancy
from laborbridge.employers.selectors import base_get, base_list, vacancy_get, vacancy_list
from laborbridge.employment.bases import UPGRADE_MINIMUM, WORKSHOP_MINIMUM, base_months, base_summary
from laborbridge.employment.calendar import DUE_SOON_DAYS
from laborbridge.employment.forms import (
    EmploymentEndForm,
    EmploymentStartForm,
    FollowUpForm,
    ReferralForm,
    ReferralStepForm,
    vacancy_picker,
)
from laborbridge.employment.models import Referral
from laborbridge.employment.selectors import (
    employment_get,
    follow_up_counts,
    follow_up_list,
    placed_list,
    referral_get,
    referral_step_get,
)
from laborbridge.employment.services import (
    employment_assert_writable,
    employment_end,
    employment_start,
    follow_up_answer,
    referral_advance,
    referral_create,
    referral_step_withdraw,
)
from laborbridge.workers.selectors import worker_get


def _report(request, errors: dict) -> None:
    labels = {
        "vacancy": _("岗位"),
        "status": _("状态"),
        "reason": _("原因"),
        "on": _("日期"),
        "step": _("撤回"),
        "still_working": _("回访结果"),
        "place": _("就业地点"),
        "start": _("开始日期"),
        "end": _("结束日期"),
        "monthly_income": _("录用月收入"),
        "channel": _("就业渠道"),
        "employer_name": _("就业单位"),
        "end_current": _("结束现有就业"),
        "__all__": "",
    }
    flash_service_errors(request, errors, labels, unlabelled=None)


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
            occupation=data["occupation"],
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


def _next_url(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else fallback


@login_required
@require_POST
def referral_create_view(request, worker_pk):
    worker = worker_get(actor=request.user, pk=worker_pk)
    vacancies = vacancy_list(actor=request.user, status=Vacancy.Status.OPEN)
    form = ReferralForm(request.POST, vacancies=vacancies)
    if not form.is_valid():
        errors = dict(form.errors)
        if "vacancy" in errors:
            errors["vacancy"] = [_("请选择招聘中的岗位")]
        _report(request, errors)
        return redirect("workers:detail", pk=worker.pk)
    vacancy = vacancy_get(actor=request.user, pk=form.cleaned_data["vacancy"])
    try:
        referral_create(
            actor=request.user,
            worker=worker,
            vacancy=vacancy,
            source=form.cleaned_data["source"],
            on=form.cleaned_data["on"],
            request=request,
        )
    except ValidationError as exc:
        _report(request, exc.message_dict)
    else:
        messages.success(request, _("已推荐到：%(v)s") % {"v": vacancy})
    return redirect("workers:detail", pk=worker.pk)


@login_required
@require_POST
def referral_advance_view(request, pk):
    referral = referral_get(actor=request.user, pk=pk)
    form = ReferralStepForm(request.POST)
    fallback = reverse("workers:detail", args=[referral.worker_id])
    if not form.is_valid():
        _report(request, form.errors)
        return redirect(_next_url(request, fallback))
    data = form.cleaned_data
    try:
        referral_advance(
            actor=request.user,
            referral=referral,
            status=data["status"],
            on=data["on"],
            reason=data["reason"],
            monthly_income=data["monthly_income"],
            end_current=data["end_current"],
            request=request,
        )
    except ValidationError as exc:
        _report(request, exc.message_dict)
    else:
        messages.success(request, _("已记录：%(s)s") % {"s": Referral.Status(data["status"]).label})
    return redirect(_next_url(request, fallback))


@login_required
@require_POST
def referral_step_withdraw_view(request, pk):
    """Withdraw the latest step of a referral, recorded by mistake (its author, the same day)."""
    step = referral_step_get(actor=request.user, pk=pk)
    fallback = reverse("workers:detail", args=[step.referral.worker_id])
    label = step.get_status_display()
    try:
        referral_step_withdraw(actor=request.user, step=step, request=request)
    except ValidationError as exc:
        _report(request, exc.message_dict)
    else:
        messages.success(request, _("已撤回：%(s)s") % {"s": label})
    return redirect(_next_url(request, fallback))


@login_required
@require_GET
def follow_up_list_view(request):
    if not policy.may(request.user, "answer_follow_ups"):
        raise PermissionDenied(_("回访任务由人社部门工作人员办理"))
    # The user's own tasks (assigned to them or to nobody) first; 全部 shows everyone's in scope.
    mine = request.GET.get("all") != "1"
    when = request.GET.get("when", "")
    when = when if when in ("overdue", "week") else ""
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS - 1)
    due_by = today - datetime.timedelta(days=1) if when == "overdue" else soon
    tasks = follow_up_list(
        actor=request.user, due_by=due_by, mine_only=mine, due_from=today if when == "week" else None
    )
    page, query = sorted_page_from_request(tasks, request, field="due_on")
    return render(
        request,
        "employment/follow_ups.html",
        {
            "page": page,
            "query": query,
            "mine": mine,
            "when": when,
            "today": today,
            "counts": follow_up_counts(actor=request.user, today=today, mine_only=mine),
            "other_counts": follow_up_counts(actor=request.user, today=today, mine_only=not mine),
            "form": FollowUpForm(),
        },
    )


@login_required
@require_POST
def follow_up_answer_view(request, pk):
    task = follow_up_list(actor=request.user, due_by=datetime.date.max).filter(pk=pk).first()
    if task is None:
        raise Http404
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        _report(request, form.errors)
    else:
        data = form.cleaned_data
        try:
            follow_up_answer(
                actor=request.user,
                follow_up=task,
                still_working=data["still_working"],
                on=data["on"],
                note=data["note"],
                request=request,
            )
        except ValidationError as exc:
            _report(request, exc.message_dict)
        else:
            messages.success(request, _("回访已记录"))
    return redirect("employment:follow_ups")


@login_required
@require_GET
def base_list_view(request):
    today = datetime.date.today()
    page, query = page_from_request(base_list(actor=request.user).order_by("-id"), request)
    return render(
        request,
        "employment/bases.html",
        {
            "page": page,
            "query": query,
            "rows": [base_summary(b, today) for b in page.items],
            "today": today,
            "workshop_minimum": WORKSHOP_MINIMUM,
            "upgrade_minimum": UPGRADE_MINIMUM,
        },
    )


@login_required
@require_GET
def base_detail_view(request, pk):
    base = base_get(actor=request.user, pk=pk)
    today = datetime.date.today()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2015), today.year)
    months = base_months(base, year, until=today)
    return render(
        request,
        "employment/base_detail.html",
        {
            "base": base,
            "months": months,
            "year": year,
            "years": range(today.year, 2017, -1),
            "workshop_minimum": WORKSHOP_MINIMUM,
        },
    )


@login_required
@require_GET
def placed_list_view(request):
    """Workers of the partner regions at work here (an eastern district), or at our firm (an employer): masked."""
    page, query = page_from_request(placed_list(actor=request.user), request)
    return render(request, "employment/placed.html", {"page": page, "query": query})


@login_required
@require_GET
def vacancy_picker_view(request):
    """The referral form's vacancy options matching ?q= (open vacancies the user may see), with their count."""
    policy.require(request.user, "write_workers")  # the picker serves the referral form only
    context = vacancy_picker(request.user, request.GET.get("q", "").strip()[:100])
    return render(request, "employment/_vacancy_picker.html", context)
