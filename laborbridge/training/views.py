"""Pages of skills training: programmes, classes, trainees, attendance, completion, certificates, outcome."""

import datetime
import io

import xlsxwriter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from laborbridge.accounts import policy
from laborbridge.core.audit import audit_record
from laborbridge.core.forms import flash_service_errors
from laborbridge.core.models import AuditEvent
from laborbridge.core.pagination import page_from_request
from laborbridge.core.spreadsheets import escape_cell
from laborbridge.employers.models import Vacancy
from laborbridge.employers.selectors import vacancy_list
from laborbridge.employment.models import Referral
from laborbridge.employment.services import referral_create
from laborbridge.regions.models import Pairing, Region
from laborbridge.regions.selectors import region_partner_codes
from laborbridge.training import selectors, services
from laborbridge.training.forms import (
    CertificateForm,
    ClassForm,
    CompleteForm,
    DropForm,
    EnrolForm,
    OrganisersForm,
    ProgrammeForm,
    RecommendForm,
)
from laborbridge.training.models import Attendance, Enrolment, TrainingClass
from laborbridge.workers.selectors import WorkerFilters, worker_list

LABELS = {
    "programme": _("培训项目"),
    "name": _("名称"),
    "provider": _("承办机构"),
    "place": _("培训地点"),
    "start": _("开班日期"),
    "end": _("结业日期"),
    "capacity": _("计划人数"),
    "organisers": _("组织地区"),
    "cost_per_trainee": _("人均培训费用"),
    "subsidy_per_trainee": _("人均补贴"),
    "status": _("状态"),
    "worker": _("学员"),
    "day": _("日期"),
    "present": _("出勤"),
    "reason": _("退出原因"),
    "on": _("日期"),
    "enrolment": _("学员"),
    "kind": _("证书类别"),
    "number": _("证书编号"),
    "issued_on": _("发证日期"),
    "vacancy": _("岗位"),
    "source": _("来源"),
    "__all__": "",
}


def _report(request, errors) -> None:
    flash_service_errors(request, errors, LABELS)


def _managed(request, pk) -> TrainingClass:
    """The class (404 out of reach), which the user must manage (403)."""
    training_class = selectors.class_get(actor=request.user, pk=pk)
    if not policy.may_manage_class(request.user, training_class):
        raise PermissionDenied(_("您没有管理该培训班的权限"))
    return training_class


def _organiser_choices(actor) -> list[tuple[str, str]]:
    """The actor's own county and its partners (one class may be run by several sides of a pairing)."""
    if policy.region_scope(actor, "manage_training").everywhere:  # the administrator: every paired county
        codes = sorted({code for pair in Pairing.objects.values_list("west_id", "east_id") for code in pair})
    else:
        county = actor.region_id[:6]
        codes = [county, *region_partner_codes(code=county)]
    regions = {r.code: r for r in Region.objects.filter(code__in=codes).select_related("parent")}
    return [(code, regions[code].qualified_name) for code in codes if code in regions]


@login_required
@require_http_methods(["GET", "POST"])
def programme_list_view(request):
    programmes = selectors.programme_list(actor=request.user)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST":
        policy.require(request.user, "manage_training")
        if form.is_valid():
            try:
                services.programme_create(actor=request.user, request=request, **form.cleaned_data)
            except ValidationError as exc:
                _report(request, exc.message_dict)
            else:
                messages.success(request, _("已添加培训项目"))
                return redirect("training:programmes")
        else:
            _report(request, form.errors)
    return render(request, "training/programmes.html", {"programmes": programmes, "form": form})


@login_required
@require_GET
def class_list_view(request):
    status = request.GET.get("status", "")
    if status not in TrainingClass.Status.values:
        status = ""
    page, query = page_from_request(selectors.class_list(actor=request.user, status=status), request)
    return render(
        request,
        "training/classes.html",
        {"page": page, "query": query, "status": status, "statuses": TrainingClass.Status.choices},
    )


def _class_form_page(request, *, training_class=None):
    initial = {}
    if training_class is not None:
        initial = {name: getattr(training_class, name) for name in services.CLASS_FIELDS}
        initial["place"] = training_class.place_id
    form = ClassForm(request.POST or None, initial=initial)
    organisers = OrganisersForm(
        request.POST or None,
        choices=_organiser_choices(request.user),
        initial={"organisers": [request.user.region_id[:6]] if request.user.region_id else []},
    )
    if request.method == "POST":
        if form.is_valid() and (training_class is not None or organisers.is_valid()):
            try:
                if training_class is None:
                    codes = organisers.cleaned_data["organisers"]
                    training_class = services.class_create(
                        actor=request.user,
                        organisers=list(Region.objects.filter(code__in=codes)),
                        request=request,
                        **form.cleaned_data,
                    )
                else:
                    services.class_update(
                        actor=request.user,
                        training_class=training_class,
                        request=request,
                        **form.cleaned_data,
                    )
            except ValidationError as exc:
                for field, field_errors in exc.message_dict.items():
                    target = organisers if field == "organisers" else form
                    for message in field_errors:
                        target.add_error(field if field in target.fields else None, message)
            else:
                messages.success(request, _("培训班已保存"))
                return redirect("training:class", pk=training_class.pk)
    return render(
        request,
        "training/class_form.html",
        {
            "form": form,
            "organisers": organisers if training_class is None else None,
            "object": training_class,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def class_create_view(request):
    policy.require(request.user, "manage_training")
    return _class_form_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def class_edit_view(request, pk):
    return _class_form_page(request, training_class=_managed(request, pk))


@login_required
@require_GET
def class_detail_view(request, pk):
    training_class = selectors.class_get(actor=request.user, pk=pk)
    manage = policy.may_manage_class(request.user, training_class)
    trainees = list(selectors.enrolment_list(actor=request.user, training_class=training_class))
    employed = set(
        selectors.enrolment_list(actor=request.user, training_class=training_class)
        .filter(selectors.employed_q())
        .values_list("pk", flat=True)
    )
    related = set(
        selectors.enrolment_list(actor=request.user, training_class=training_class)
        .filter(selectors.related_q())
        .values_list("pk", flat=True)
    )
    for enrolment in trainees:
        enrolment.is_employed, enrolment.is_related = enrolment.pk in employed, enrolment.pk in related
    q = request.GET.get("q", "").strip()[:50]
    candidates = []
    if manage and q:
        taken = training_class.enrolments.values("worker_id")
        candidates = list(
            worker_list(actor=request.user, filters=WorkerFilters(q=q)).exclude(pk__in=taken)[:20]
        )
    vacancies = []
    if manage and policy.may(request.user, "view_employers"):
        occupations = [o.pk for o in training_class.programme.occupations.all()]
        vacancies = list(
            vacancy_list(actor=request.user, status=Vacancy.Status.OPEN)
            .filter(occupation_id__in=occupations)
            .select_related("employer")[:30]
        )
    return render(
        request,
        "training/class_detail.html",
        {
            "object": training_class,
            "manage": manage,
            "trainees": trainees,
            "outcome": selectors.class_outcome(training_class=training_class),
            "q": q,
            "candidates": candidates,
            "vacancies": vacancies,
            "next_status": sorted(services.STATUS_ROAD[training_class.status]),
            "statuses": dict(TrainingClass.Status.choices),
        },
    )


@login_required
@require_POST
def class_status_view(request, pk):
    training_class = _managed(request, pk)
    try:
        services.class_set_status(
            actor=request.user,
            training_class=training_class,
            status=request.POST.get("status", ""),
            request=request,
        )
    except ValidationError as exc:
        _report(request, exc.message_dict)
    else:
        messages.success(request, _("培训班状态已更新"))
    return redirect("training:class", pk=training_class.pk)


@login_required
@require_POST
def enrol_view(request, pk):
    training_class = _managed(request, pk)
    form = EnrolForm(request.POST)
    if not form.is_valid():
        _report(request, form.errors)
        return redirect("training:class", pk=training_class.pk)
    worker = worker_list(actor=request.user).filter(pk=form.cleaned_data["worker"]).first()
    if worker is None:
        messages.error(request, _("学员：找不到该劳动力（或不在您的范围内）"))
        return redirect("training:class", pk=training_class.pk)
    write = services.enrolment_apply if form.cleaned_data["apply_only"] else services.enrolment_enrol
    try:
        write(actor=request.user, training_class=training_class, worker=worker, request=request)
    except ValidationError as exc:
        _report(request, exc.message_dict)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已办理：%(name)s") % {"name": worker.name})
    return redirect("training:class", pk=training_class.pk)


def _class_days(training_class: TrainingClass) -> list[datetime.date]:
    last = min(training_class.end, datetime.date.today())
    days = (last - training_class.start).days + 1
    return [training_class.start + datetime.timedelta(days=n) for n in range(max(days, 0))]


@login_required
@require_http_methods(["GET", "POST"])
def attendance_view(request, pk):
    training_class = _managed(request, pk)
    days = _class_days(training_class)
    try:
        day = datetime.date.fromisoformat(request.POST.get("day") or request.GET.get("day") or "")
    except ValueError:
        day = days[-1] if days else training_class.start
    taking_part = selectors.enrolment_list(actor=request.user, training_class=training_class).filter(
        status__in=selectors.TAKING_PART
    )
    if request.method == "POST":
        ticked = set(request.POST.getlist("present"))
        try:
            services.attendance_record(
                actor=request.user,
                training_class=training_class,
                day=day,
                present={e.pk: str(e.pk) in ticked for e in taking_part},
                request=request,
            )
        except ValidationError as exc:
            _report(request, exc.message_dict)
        else:
            messages.success(request, _("%(d)s 的出勤已保存") % {"d": day})
        return redirect(f"{request.path}?day={day}")
    marked = dict(
        Attendance.objects.filter(enrolment__in=taking_part, day=day).values_list("enrolment_id", "present")
    )
    rows = [(e, marked.get(e.pk)) for e in taking_part]
    return render(
        request,
        "training/attendance.html",
        {"object": training_class, "day": day, "days": days, "rows": rows},
    )


@login_required
@require_GET
def enrolment_view(request, pk):
    enrolment = selectors.enrolment_get(actor=request.user, pk=pk)
    return render(
        request,
        "training/enrolment.html",
        {
            "object": enrolment,
            "manage": policy.may_manage_class(request.user, enrolment.training_class),
            "certificates": enrolment.certificates.all(),
            "attendance": enrolment.attendance.all(),
            "drop_form": DropForm(),
            "complete_form": CompleteForm(),
            "certificate_form": CertificateForm(),
        },
    )


def _managed_enrolment(request, pk) -> Enrolment:
    enrolment = selectors.enrolment_get(actor=request.user, pk=pk)
    if not policy.may_manage_class(request.user, enrolment.training_class):
        raise PermissionDenied(_("您没有管理该培训班的权限"))
    return enrolment


@login_required
@require_POST
def enrolment_step_view(request, pk):
    enrolment = _managed_enrolment(request, pk)
    action = request.POST.get("action", "")
    try:
        if action == "drop":
            form = DropForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors)
            services.enrolment_drop(
                actor=request.user, enrolment=enrolment, reason=form.cleaned_data["reason"], request=request
            )
        elif action == "complete":
            form = CompleteForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors)
            services.enrolment_complete(
                actor=request.user, enrolment=enrolment, on=form.cleaned_data["on"], request=request
            )
        elif action == "enrol":
            services.enrolment_enrol(
                actor=request.user,
                training_class=enrolment.training_class,
                worker=enrolment.worker,
                request=request,
            )
        else:
            raise ValidationError({"status": [_("请选择要办理的事项")]})
    except ValidationError as exc:
        _report(request, exc.message_dict)
    else:
        messages.success(request, _("已办理"))
    return redirect("training:enrolment", pk=enrolment.pk)


@login_required
@require_POST
def certificate_view(request, pk):
    enrolment = _managed_enrolment(request, pk)
    form = CertificateForm(request.POST)
    if not form.is_valid():
        _report(request, form.errors)
    else:
        try:
            services.certificate_issue(
                actor=request.user, enrolment=enrolment, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            _report(request, exc.message_dict)
        else:
            messages.success(request, _("证书已登记"))
    return redirect("training:enrolment", pk=enrolment.pk)


@login_required
@require_POST
def recommend_view(request, pk):
    """Recommend a trainee for a vacancy (a referral whose source is the training)."""
    training_class = _managed(request, pk)
    form = RecommendForm(request.POST)
    if not form.is_valid():
        _report(request, form.errors)
        return redirect("training:class", pk=training_class.pk)
    enrolment = (
        selectors.enrolment_list(actor=request.user, training_class=training_class)
        .filter(pk=form.cleaned_data["enrolment"])
        .first()
    )
    vacancy = (
        vacancy_list(actor=request.user).filter(pk=form.cleaned_data["vacancy"]).first()
        if policy.may(request.user, "view_employers")
        else None
    )
    if enrolment is None or vacancy is None:
        messages.error(request, _("找不到该学员或岗位（或不在您的范围内）"))
        return redirect("training:class", pk=training_class.pk)
    try:
        referral_create(
            actor=request.user,
            worker=enrolment.worker,
            vacancy=vacancy,
            source=Referral.Source.TRAINING,
            request=request,
        )
    except ValidationError as exc:
        _report(request, exc.message_dict)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已推荐到：%(v)s") % {"v": vacancy.title})
    return redirect("training:class", pk=training_class.pk)


@login_required
@require_GET
def roster_view(request, pk):
    """The class's roster as .xlsx: the actor's own trainees, ID numbers masked; the export is audited."""
    training_class = selectors.class_get(actor=request.user, pk=pk)
    policy.require(request.user, "export_workers")
    employed = set(
        selectors.enrolment_list(actor=request.user, training_class=training_class)
        .filter(selectors.employed_q())
        .values_list("pk", flat=True)
    )
    related = set(
        selectors.enrolment_list(actor=request.user, training_class=training_class)
        .filter(selectors.related_q())
        .values_list("pk", flat=True)
    )
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(_("学员名册"))
    sheet.write_row(
        0, 0, [escape_cell(f"{training_class.name}（{training_class.start} 至 {training_class.end}）")]
    )
    header = [
        _("姓名"),
        _("公民身份号码"),
        _("乡镇（街道）"),
        _("状态"),
        _("证书"),
        _("培训后就业"),
        _("相关工种"),
    ]
    sheet.write_row(1, 0, header)
    rows = 0
    for rows, enrolment in enumerate(
        selectors.enrolment_list(actor=request.user, training_class=training_class), start=1
    ):
        worker = enrolment.worker
        certificates = "、".join(f"{c.get_kind_display()}{c.level}" for c in enrolment.certificates.all())
        sheet.write_row(
            rows + 1,
            0,
            [
                escape_cell(v)
                for v in (
                    worker.name,
                    worker.id_number_masked,
                    worker.township.name,
                    enrolment.get_status_display(),
                    certificates,
                    _("是") if enrolment.pk in employed else _("否"),
                    _("是") if enrolment.pk in related else _("否"),
                )
            ],
        )
    book.close()
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        obj=training_class,
        request=request,
        details={"roster": rows},
    )
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="training-{training_class.pk}.xlsx"'
    return response
