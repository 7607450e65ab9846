from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from laborbridge.accounts import policy
from laborbridge.core.forms import add_service_errors, form_status
from laborbridge.core.pagination import page_from_request
from laborbridge.employers.forms import (
    BaseRecogniseForm,
    EmployerForm,
    MemberCreateForm,
    MemberLinkForm,
    VacancyForm,
)
from laborbridge.employers.members import employer_member_add, employer_member_remove
from laborbridge.employers.models import Employer, Occupation, Vacancy
from laborbridge.employers.selectors import (
    employer_get,
    employer_list,
    employer_member_list,
    vacancy_get,
    vacancy_list,
)
from laborbridge.employers.services import (
    VACANCY_ROAD,
    base_recognise,
    employer_contact_unmask,
    employer_create,
    employer_update,
    vacancy_create,
    vacancy_set_status,
    vacancy_update,
)
from laborbridge.regions.selectors import region_is_eastern_partner


@login_required
@require_GET
def employer_list_view(request):
    q, region, kind = (request.GET.get(k, "").strip() for k in ("q", "region", "kind"))
    page, query = page_from_request(employer_list(actor=request.user, q=q, region=region, kind=kind), request)
    return render(
        request,
        "employers/list.html",
        {
            "page": page,
            "query": query,
            "q": q,
            "kind": kind,
            "region": region,
            "kinds": Employer.Kind.choices,
            "can_create": policy.may_create_employers(request.user),
        },
    )


@login_required
def employer_create_view(request):
    if not policy.may_create_employers(request.user):
        raise PermissionDenied(_("您没有登记用工单位的权限"))
    # An eastern district's staff register the employers their district brings in (引进方: their own district).
    county = (request.user.region_id or "")[:6]
    brought_by = county if region_is_eastern_partner(code=county) else ""
    form = EmployerForm(
        request.POST or None, initial={"region": request.user.region_id, "provided_by": brought_by}
    )
    if request.method == "POST" and form.is_valid():
        try:
            employer = employer_create(actor=request.user, request=request, **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记：%(name)s") % {"name": employer.name})
            return redirect("employers:detail", pk=employer.pk)
    return render(
        request, "employers/form.html", {"form": form, "title": _("登记用工单位")}, status=form_status(form)
    )


@login_required
@require_GET
def employer_detail_view(request, pk):
    employer = employer_get(actor=request.user, pk=pk)
    page, query = page_from_request(vacancy_list(actor=request.user, employer=employer), request)
    return render(
        request,
        "employers/detail.html",
        {
            "employer": employer,
            "page": page,
            "query": query,
            "can_write": policy.may_write_employer(request.user, employer),
            "can_unmask": policy.may_unmask_employer_contact(request.user, employer),
            "can_manage": policy.may_manage_employer_members(request.user, employer),
            "bases": employer.bases.all(),
        },
    )


@login_required
@require_POST
def employer_unmask_view(request, pk):
    employer = employer_get(actor=request.user, pk=pk)
    full = employer_contact_unmask(actor=request.user, employer=employer, request=request)
    return render(request, "employers/_contact.html", {"employer": employer, "revealed": full})


@login_required
def employer_edit_view(request, pk):
    employer = employer_get(actor=request.user, pk=pk)
    if not policy.may_write_employer(request.user, employer):
        raise PermissionDenied(_("您没有修改该用工单位的权限"))
    initial = {
        f: getattr(employer, f) for f in ("name", "uscc", "kind", "industry", "address", "contact_name")
    }
    initial.update(
        region=employer.region_id,
        provided_by=employer.provided_by_id or "",
        provided_on=employer.provided_on.isoformat() if employer.provided_on else "",
    )
    form = EmployerForm(request.POST or None, initial=initial, editing=employer)
    writable = policy.employer_fields_writable(request.user, employer, form.fields)
    for name, field in form.fields.items():
        field.disabled = name not in writable  # shown, but the bureau's to change
    if request.method == "POST" and form.is_valid():
        try:
            employer_update(
                actor=request.user, employer=employer, request=request, **form.service_data(employer)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("employers:detail", pk=employer.pk)
    title = _("修改：%(name)s") % {"name": employer.name}
    return render(request, "employers/form.html", {"form": form, "title": title}, status=form_status(form))


@login_required
@require_GET
def vacancy_list_view(request):
    status, occupation, q, region = (
        request.GET.get(k, "").strip() for k in ("status", "occupation", "q", "region")
    )
    page, query = page_from_request(
        vacancy_list(actor=request.user, status=status, occupation=occupation, q=q, region=region), request
    )
    return render(
        request,
        "employers/vacancy_list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "occupation": occupation,
            "q": q,
            "region": region,
            "statuses": Vacancy.Status.choices,
            "occupations": Occupation.objects.all(),
        },
    )


@login_required
def vacancy_create_view(request, pk):
    employer = employer_get(actor=request.user, pk=pk)
    if not policy.may_write_employer(request.user, employer):
        raise PermissionDenied(_("您没有为该单位发布岗位的权限"))
    form = VacancyForm(request.POST or None, employer=employer)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = vacancy_create(
                actor=request.user, employer=employer, request=request, **form.service_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("岗位已保存为草稿，发布后才会公开"))
            return redirect("employers:vacancy", pk=vacancy.pk)
    title = _("发布岗位：%(name)s") % {"name": employer.name}
    return render(request, "employers/form.html", {"form": form, "title": title}, status=form_status(form))


@login_required
@require_GET
def vacancy_detail_view(request, pk):
    vacancy = vacancy_get(actor=request.user, pk=pk)
    can_write = policy.may_write_employer(request.user, vacancy.employer)
    road = VACANCY_ROAD[vacancy.status]
    moves = [(s, label) for s, label in Vacancy.Status.choices if s in road] if can_write else []
    return render(
        request, "employers/vacancy_detail.html", {"vacancy": vacancy, "can_write": can_write, "moves": moves}
    )


@login_required
def vacancy_edit_view(request, pk):
    vacancy = vacancy_get(actor=request.user, pk=pk)
    if not policy.may_write_employer(request.user, vacancy.employer):
        raise PermissionDenied(_("您没有修改该岗位的权限"))
    fields = (
        "title",
        "headcount",
        "pay_min",
        "pay_max",
        "lodging",
        "meals",
        "age_min",
        "age_max",
        "education_min",
        "skills",
        "certificate",
        "description",
    )
    initial = {f: getattr(vacancy, f) for f in fields}
    initial.update(
        occupation=vacancy.occupation_id,
        place=vacancy.place_id,
        closes_on=vacancy.closes_on.isoformat() if vacancy.closes_on else "",
    )
    form = VacancyForm(request.POST or None, employer=vacancy.employer, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy_update(actor=request.user, vacancy=vacancy, request=request, **form.service_data(vacancy))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("employers:vacancy", pk=vacancy.pk)
    title = _("修改岗位：%(title)s") % {"title": vacancy.title}
    return render(request, "employers/form.html", {"form": form, "title": title}, status=form_status(form))


@login_required
@require_POST
def vacancy_status_view(request, pk):
    vacancy = vacancy_get(actor=request.user, pk=pk)
    try:
        vacancy_set_status(
            actor=request.user, vacancy=vacancy, status=request.POST.get("status", ""), request=request
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("岗位状态已改为：%(s)s") % {"s": vacancy.get_status_display()})
    return redirect("employers:vacancy", pk=vacancy.pk)


def _members_page(request, employer, *, create=None, link=None, added=None, status=200):
    response = render(
        request,
        "employers/members.html",
        {
            "employer": employer,
            "members": employer_member_list(actor=request.user, employer=employer),
            "create_form": create or MemberCreateForm(prefix="new"),
            "link_form": link or MemberLinkForm(prefix="link"),
            "added": added,
        },
        status=status,
    )
    if added is not None:
        response["Cache-Control"] = "no-store"  # a temporary password: not for the back button or a proxy
    return response


@login_required
def employer_members_view(request, pk):
    """The employer's accounts: create one (its temporary password shown once) or link an existing one."""
    employer = employer_get(actor=request.user, pk=pk)
    if not policy.may_manage_employer_members(request.user, employer):
        raise PermissionDenied(_("单位账户由用工单位所在地或引进方的县（区）人社局管理"))
    if request.method != "POST":
        return _members_page(request, employer)
    linking = request.POST.get("action") == "link"
    form = (
        MemberLinkForm(request.POST, prefix="link")
        if linking
        else MemberCreateForm(request.POST, prefix="new")
    )
    forms_ = {"link": form} if linking else {"create": form}
    if form.is_valid():
        data = form.cleaned_data
        try:
            added = employer_member_add(
                actor=request.user,
                employer=employer,
                username=data["username"],
                display_name=data.get("display_name", ""),
                link_existing=linking,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if linking:
                messages.success(request, _("已关联账户：%(u)s") % {"u": added.user.username})
                return redirect("employers:members", pk=employer.pk)
            # The password is shown in this answer only: never in a redirect, a message or a log.
            return _members_page(request, employer, added=added)
    return _members_page(request, employer, **forms_, status=form_status(form))


@login_required
@require_POST
def employer_member_remove_view(request, pk, user_pk):
    employer = employer_get(actor=request.user, pk=pk)
    if not policy.may_manage_employer_members(request.user, employer):
        raise PermissionDenied(_("单位账户由用工单位所在地或引进方的县（区）人社局管理"))
    member = employer_member_list(actor=request.user, employer=employer).filter(pk=user_pk).first()
    if member is None:
        raise Http404
    employer_member_remove(actor=request.user, employer=employer, user=member, request=request)
    messages.success(request, _("已解除关联：%(u)s") % {"u": member.username})
    return redirect("employers:members", pk=employer.pk)


@login_required
def base_recognise_view(request, pk):
    """Record the employer's recognition as a 稳岗就业基地 or 就业帮扶车间 (the bureau's page action)."""
    employer = employer_get(actor=request.user, pk=pk)
    if not policy.may_recognise_base(request.user, employer):
        raise PermissionDenied(_("认定须由用工单位所在县（区）人社局登记"))
    form = BaseRecogniseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            base = base_recognise(actor=request.user, employer=employer, request=request, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记认定：%(k)s") % {"k": base.get_kind_display()})
            return redirect("employers:detail", pk=employer.pk)
    title = _("认定为基地或车间：%(name)s") % {"name": employer.name}
    return render(request, "employers/form.html", {"form": form, "title": title}, status=form_status(form))
