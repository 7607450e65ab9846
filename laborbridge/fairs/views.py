"""Pages of job fairs: the staff's (list, fair, employers, door, booth, advice desk, results, follow-up) and
the public's (the fair's page, its QR poster, pre-registration from a phone). Thin: a form, one service or
selector, a template."""

import io

import xlsxwriter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from laborbridge.accounts import policy
from laborbridge.core.audit import audit_record, client_ip
from laborbridge.core.forms import add_service_errors, flash_service_errors
from laborbridge.core.models import AuditEvent
from laborbridge.core.spreadsheets import escape_cell
from laborbridge.employers.models import Vacancy
from laborbridge.employers.selectors import employer_queryset
from laborbridge.fairs import forms, selectors, services
from laborbridge.fairs.models import FairPreregistration
from laborbridge.fairs.qr import qr_document, qr_svg
from laborbridge.fairs.tokens import badge_token, ticket_token, token_read

LABELS = {
    "title": _("名称"), "theme": _("主题"), "date": _("日期"), "starts_at": _("开始时间"), "ends_at": _("结束时间"),
    "township": _("举办乡镇（街道）"), "address": _("地址"), "organisers": _("主办地区"),
    "target_groups": _("面向对象"), "status": _("状态"), "employer": _("用工单位"), "booth": _("展位号"),
    "vacancy": _("岗位"), "headcount": _("招聘人数"), "worker": _("求职者"), "id_number": _("公民身份号码"),
    "name": _("姓名"), "phone": _("手机号码"), "code": _("签到码"), "topic": _("咨询类别"), "note": _("说明"),
    "looking_for": _("想找什么工作"), "source": _("来源"), "on": _("日期"), "__all__": "",
}  # fmt: skip


def _report(request, exc: ValidationError) -> None:
    flash_service_errors(request, exc, LABELS)


def _fair_page(request, template: str, fair, **context):
    context.update(
        fair=fair,
        may_manage=policy.may_manage_fair(request.user, fair),
        may_check_in=policy.may_check_in_at_fair(request.user, fair),
        may_record_intents=policy.may_record_intents_at(request.user, fair),
        may_consult=policy.may_record_consultation(request.user, fair),
        may_follow_up=policy.may(request.user, "answer_follow_ups"),
    )
    return render(request, template, context)


# --- staff: the fair ----------------------------------------------------------------------------------------


@login_required
@require_GET
def fair_list_view(request):
    fairs = selectors.fair_list(actor=request.user)
    return render(
        request,
        "fairs/list.html",
        {"fairs": fairs[:200], "may_create": policy.may(request.user, "manage_fairs")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def fair_create_view(request):
    policy.require(request.user, "manage_fairs")
    form = forms.FairForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            fair = services.fair_create(actor=request.user, request=request, **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记招聘会"))
            return redirect("fairs:detail", pk=fair.pk)
    return render(request, "fairs/form.html", {"form": form, "fair": None})


@login_required
@require_GET
def fair_detail_view(request, pk):
    fair = selectors.fair_get(actor=request.user, pk=pk)
    public_url = request.build_absolute_uri(reverse("fairs:public", kwargs={"slug": fair.slug}))
    return _fair_page(
        request, "fairs/detail.html", fair, results=selectors.fair_results(fair=fair), public_url=public_url,
        participations=selectors.participation_list(fair=fair),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def fair_edit_view(request, pk):
    fair = selectors.fair_get(actor=request.user, pk=pk)
    if not policy.may_manage_fair(request.user, fair):
        raise PermissionDenied(_("您没有管理该招聘会的权限"))
    form = forms.FairForm(request.POST or None, actor=request.user, initial=forms.FairForm.initial_of(fair))
    if request.method == "POST" and form.is_valid():
        try:
            services.fair_update(actor=request.user, fair=fair, request=request, **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("fairs:detail", pk=fair.pk)
    return render(request, "fairs/form.html", {"form": form, "fair": fair})


@login_required
@require_POST
def fair_status_view(request, pk):
    fair = selectors.fair_get(actor=request.user, pk=pk)
    try:
        services.fair_set_status(
            actor=request.user, fair=fair, status=request.POST.get("status", ""), request=request
        )
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("招聘会状态已更新"))
    return redirect("fairs:detail", pk=fair.pk)


# --- staff: employers and positions -------------------------------------------------------------------------


def _vacancies_of(fair):
    employer_ids = fair.participations.values("employer_id")
    return Vacancy.objects.filter(employer_id__in=employer_ids, status=Vacancy.Status.OPEN).select_related(
        "employer"
    )


@login_required
@require_GET
def participants_view(request, pk):
    fair = selectors.fair_get(actor=request.user, pk=pk)
    context = {"participations": selectors.participation_list(fair=fair)}
    if policy.may_manage_fair(request.user, fair):
        employers = (
            employer_queryset(actor=request.user).exclude(fair_participations__fair=fair).order_by("name")
        )
        participations = list(fair.participations.select_related("employer"))
        context["participation_form"] = forms.ParticipationForm(employers=employers[:500])
        context["position_form"] = forms.PositionForm(
            participations=participations, vacancies=_vacancies_of(fair)
        )
    return _fair_page(request, "fairs/participants.html", fair, **context)


@login_required
@require_POST
def participation_add_view(request, pk):
    fair = selectors.fair_get(actor=request.user, pk=pk)
    if not policy.may_manage_fair(request.user, fair):
        raise PermissionDenied(_("您没有管理该招聘会的权限"))
    try:
        employer = employer_queryset(actor=request.user).get(pk=int(request.POST.get("employer", "")))
    except (ValueError, TypeError, employer_queryset(actor=request.user).model.DoesNotExist):
        messages.error(request, _("用工单位：请选择用工单位"))
        return redirect("fairs:participants", pk=fair.pk)
    try:
        services.participation_add(
            actor=request.user,
            fair=fair,
            employer=employer,
            booth=request.POST.get("booth", ""),
            request=request,
        )
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("已添加参会单位"))
    return redirect("fairs:participants", pk=fair.pk)


@login_required
@require_POST
def position_add_view(request, pk):
    fair = selectors.fair_get(actor=request.user, pk=pk)
    if not policy.may_manage_fair(request.user, fair):
        raise PermissionDenied(_("您没有管理该招聘会的权限"))
    form = forms.PositionForm(
        request.POST, participations=fair.participations.all(), vacancies=_vacancies_of(fair)
    )
    if not form.is_valid():
        for field, errors in form.errors.items():
            for message in errors:
                messages.error(request, f"{LABELS.get(field, '')}：{message}")
        return redirect("fairs:participants", pk=fair.pk)
    participation = selectors.participation_get(fair=fair, pk=form.cleaned_data["participation"])
    vacancy = _vacancies_of(fair).filter(pk=form.cleaned_data["vacancy"]).first()
    if vacancy is None:
        messages.error(request, _("岗位：请选择参会单位招聘中的岗位"))
        return redirect("fairs:participants", pk=fair.pk)
    try:
        services.position_add(
            actor=request.user, participation=participation, vacancy=vacancy,
            headcount=form.cleaned_data["headcount"], request=request,
        )  # fmt: skip
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("已添加岗位"))
    return redirect("fairs:participants", pk=fair.pk)


# --- staff: the door ----------------------------------------------------------------------------------------


def _checked_in(request, fair, visit, created):
    worker = visit.worker
    if created:
        messages.success(request, _("签到成功：%(name)s") % {"name": worker.name})
    else:
        messages.info(request, _("%(name)s 已签到过，不重复计数") % {"name": worker.name})
    return _fair_page(
        request, "fairs/check_in.html", fair, form=forms.CheckInForm(), visit=visit,
        badge=qr_svg(badge_token(worker)), visits=selectors.visit_list(actor=request.user, fair=fair)[:20],
        count=fair.visits.count(),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def check_in_view(request, pk):
    fair = selectors.fair_get(actor=request.user, pk=pk)
    if not policy.may_check_in_at_fair(request.user, fair):
        raise PermissionDenied(_("您没有在该招聘会办理签到的权限"))
    townships = forms.townships_for(fair)
    form, walk_in = forms.CheckInForm(), None
    if request.method == "POST" and "id_number" in request.POST:  # the second step: a walk-in's details
        walk_in = forms.WalkInForm(request.POST, townships=townships)
        if walk_in.is_valid():
            data = walk_in.cleaned_data
            ticket = token_read(data["ticket"])
            prereg = (
                FairPreregistration.objects.filter(fair=fair, pk=ticket[1]).first()
                if ticket and ticket[0] == "p" else None
            )  # fmt: skip
            try:
                visit, created = services.fair_walk_in(
                    actor=request.user, fair=fair, id_number=data["id_number"], name=data["name"],
                    township=data["township"], phone=data["phone"], preregistration=prereg, request=request,
                )  # fmt: skip
            except ValidationError as exc:
                add_service_errors(walk_in, exc)
            else:
                return _checked_in(request, fair, visit, created)
    elif request.method == "POST":
        form = forms.CheckInForm(request.POST)
        if form.is_valid():
            found = selectors.visitor_find(actor=request.user, fair=fair, text=form.cleaned_data["code"])
            if found.worker is not None:
                try:
                    visit, created = services.fair_check_in(
                        actor=request.user, fair=fair, worker=found.worker,
                        preregistration=found.preregistration, request=request,
                    )  # fmt: skip
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    return _checked_in(request, fair, visit, created)
            elif found.preregistration is not None or found.id_number:
                prereg = found.preregistration
                initial = {"id_number": found.id_number}
                if prereg is not None:
                    initial.update(name=prereg.name, township=prereg.township_id, phone=prereg.phone,
                                   ticket=ticket_token(prereg))  # fmt: skip
                walk_in = forms.WalkInForm(initial=initial, townships=townships)
                form = forms.CheckInForm()
            else:
                form.add_error("code", found.message)
    return _fair_page(
        request, "fairs/check_in.html", fair, form=form, walk_in=walk_in,
        visits=selectors.visit_list(actor=request.user, fair=fair)[:20], count=fair.visits.count(),
    )  # fmt: skip


# --- staff and employers: the booth ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def booth_view(request, pk):
    fair = selectors.fair_get(actor=request.user, pk=pk)
    if not policy.may_record_intents_at(request.user, fair):
        raise PermissionDenied(_("您没有在该招聘会记录意向的权限"))
    positions = list(selectors.position_list(actor=request.user, fair=fair))
    form = forms.IntentForm(request.POST or None, positions=positions)
    if request.method == "POST" and form.is_valid():
        found = selectors.visitor_find(
            actor=request.user, fair=fair, text=form.cleaned_data["code"], visitors_only=True
        )
        vacancy = next((p.vacancy for p in positions if p.vacancy_id == form.cleaned_data["vacancy"]), None)
        if found.worker is None:
            form.add_error("code", found.message)
        elif vacancy is None:
            form.add_error("vacancy", _("该岗位不在本次招聘会"))
        else:
            try:
                services.fair_intent_record(
                    actor=request.user, fair=fair, worker=found.worker, vacancy=vacancy, request=request
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已记录意向：%(v)s") % {"v": vacancy.title})
                return redirect("fairs:booth", pk=fair.pk)
    return _fair_page(
        request, "fairs/booth.html", fair, form=form, positions=positions,
        intents=selectors.intent_list(actor=request.user, fair=fair)[:20],
    )  # fmt: skip


# --- staff: the advice desk --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def consultations_view(request, pk):
    fair = selectors.fair_get(actor=request.user, pk=pk)
    if not policy.may_record_consultation(request.user, fair):
        raise PermissionDenied(_("您没有在该招聘会登记咨询的权限"))
    form = forms.ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        worker = None
        if form.cleaned_data["code"]:
            found = selectors.visitor_find(actor=request.user, fair=fair, text=form.cleaned_data["code"])
            worker = found.worker
            if worker is None:
                form.add_error("code", found.message or _("未找到该劳动力"))
        if not form.errors:
            try:
                services.consultation_record(
                    actor=request.user, fair=fair, topic=form.cleaned_data["topic"], worker=worker,
                    note=form.cleaned_data["note"], request=request,
                )  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已登记咨询"))
                return redirect("fairs:consultations", pk=fair.pk)
    return _fair_page(
        request, "fairs/consultations.html", fair, form=form,
        consultations=selectors.consultation_list(fair=fair)[:100],
    )  # fmt: skip


# --- staff: after -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def results_view(request, pk):
    fair = selectors.fair_get(actor=request.user, pk=pk)
    return _fair_page(
        request, "fairs/results.html", fair, results=selectors.fair_results(fair=fair),
        by_employer=selectors.fair_results_by_employer(fair=fair),
        intents=selectors.intent_list(actor=request.user, fair=fair)[:200],
    )  # fmt: skip


@login_required
@require_GET
def results_export_view(request, pk):
    """The results as a workbook: figures, employers, and the intents the actor may read (masked); audited."""
    fair = selectors.fair_get(actor=request.user, pk=pk)
    results = selectors.fair_results(fair=fair)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(_("概况"))
    sheet.write_row(0, 0, [escape_cell(str(fair))])
    for row, (label, key) in enumerate(RESULT_LABELS, start=1):
        sheet.write_row(row, 0, [str(label), results[key]])
    sheet = book.add_worksheet(_("参会单位"))
    sheet.write_row(0, 0, [_("展位号"), _("用工单位"), _("招聘人数"), _("达成意向"), _("已录用")])
    for row, item in enumerate(selectors.fair_results_by_employer(fair=fair), start=1):
        sheet.write_row(row, 0, [escape_cell(item["booth"]), escape_cell(item["employer"]), item["offered"],
                                 item["intents"], item["hires"]])  # fmt: skip
    sheet = book.add_worksheet(_("意向"))
    sheet.write_row(0, 0, [_("姓名"), _("公民身份号码"), _("用工单位"), _("岗位"), _("状态")])
    intents = list(selectors.intent_list(actor=request.user, fair=fair))
    for row, intent in enumerate(intents, start=1):
        referral = intent.referral
        sheet.write_row(row, 0, [escape_cell(v) for v in (
            referral.worker.name, referral.worker.id_number_masked, referral.vacancy.employer.name,
            referral.vacancy.title, referral.get_status_display())])  # fmt: skip
    book.close()
    audit_record(
        actor=request.user, action=AuditEvent.Action.EXPORT, obj=fair, request=request,
        region_code=fair.township_id, details={"fair_results": fair.pk, "rows": len(intents)},
    )  # fmt: skip
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="fair-{fair.pk}-results.xlsx"'
    return response


RESULT_LABELS = [
    (_("参会单位"), "employers"), (_("岗位数"), "vacancies"), (_("招聘人数"), "positions"),
    (_("预报名"), "preregistrations"), (_("签到人数"), "visitors"), (_("其中现场登记"), "walk_ins"),
    (_("其中脱贫劳动力"), "visitors_alleviated"), (_("达成意向"), "intents"), (_("后续录用"), "hires"),
    (_("政策咨询"), "consultations"),
]  # fmt: skip


@login_required
@require_GET
def follow_up_view(request, pk):
    fair = selectors.fair_get(actor=request.user, pk=pk)
    policy.require(request.user, "answer_follow_ups")
    return _fair_page(
        request,
        "fairs/follow_up.html",
        fair,
        intents=selectors.follow_up_list(actor=request.user, fair=fair)[:500],
    )


# --- public: no login ------------------------------------------------------------------------------------------


@require_GET
def public_view(request, slug):
    fair = selectors.fair_public_get(slug=slug)
    positions = selectors.fair_public_positions(fair=fair)
    employers = list(dict.fromkeys((p.booth, p.employer) for p in positions))
    return render(
        request, "fairs/public.html",
        {"fair": fair, "positions": positions, "employers": employers, "total": sum(p.headcount for p in positions)},
    )  # fmt: skip


@require_GET
def poster_view(request, slug):
    fair = selectors.fair_public_get(slug=slug)
    url = request.build_absolute_uri(reverse("fairs:public", kwargs={"slug": fair.slug}))
    return render(request, "fairs/poster.html", {"fair": fair, "qr": qr_svg(url, scale=8), "url": url,
                                                 "total": selectors.fair_results(fair=fair)["positions"]})  # fmt: skip


@require_GET
def poster_qr_view(request, slug):
    fair = selectors.fair_public_get(slug=slug)
    url = request.build_absolute_uri(reverse("fairs:public", kwargs={"slug": fair.slug}))
    return HttpResponse(qr_document(url), content_type="image/svg+xml")


@require_http_methods(["GET", "POST"])
def preregister_view(request, slug):
    fair = selectors.fair_public_get(slug=slug)
    form = forms.PreregistrationForm(request.POST or None, fair=fair)
    if request.method == "POST" and form.is_valid():
        try:
            services.preregistration_allow(client_ip(request))
            prereg = services.fair_preregister(fair=fair, request=request, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("fairs:ticket", slug=fair.slug, token=ticket_token(prereg))
    return render(request, "fairs/preregister.html", {"fair": fair, "form": form})


@require_GET
def ticket_view(request, slug, token):
    """The sign-up's QR to show at the door; it names no one."""
    fair = selectors.fair_public_get(slug=slug)
    found = token_read(token)
    if found is None or found[0] != "p" or not fair.preregistrations.filter(pk=found[1]).exists():
        raise Http404
    return render(request, "fairs/ticket.html", {"fair": fair, "qr": qr_svg(token, scale=6)})
