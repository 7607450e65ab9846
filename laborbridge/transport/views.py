"""Pages of chartered buses: campaigns, sign-ups, the plan, manifests, the bus door and the factory gate."""

import datetime
import io

import segno
import xlsxwriter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from laborbridge.accounts import policy
from laborbridge.core.audit import audit_record
from laborbridge.core.forms import flash_service_errors
from laborbridge.core.models import AuditEvent
from laborbridge.core.spreadsheets import XLSX_TYPE, escape_cell
from laborbridge.employers.models import Employer
from laborbridge.employment.models import Employment
from laborbridge.regions.models import Region
from laborbridge.transport import selectors, services
from laborbridge.transport.models import BusType, SignUp, Trip
from laborbridge.transport.plan_queue import campaign_plan_queue
from laborbridge.workers.selectors import WorkerFilters, worker_list

LABELS = {
    "name": _("活动名称"),
    "start": _("开始日期"),
    "end": _("结束日期"),
    "organisers": _("组织地区"),
    "pickup_points": _("上车点"),
    "bus_types": _("车型"),
    "subsidy_cap_with_ticket": _("凭票补贴上限"),
    "subsidy_flat_by_province": _("无票定额补贴"),
    "worker": _("乘客"),
    "wanted_date": _("乘车日期"),
    "pickup_point": _("上车点"),
    "employer": _("目的单位"),
    "destination_city": _("目的城市"),
    "companions": _("同行人数"),
    "vacancy": _("岗位"),
    "bus_type": _("车型"),
    "trip": _("车次"),
    "boarded": _("上车登记"),
    "on": _("到岗日期"),
    "status": _("状态"),
}


def _report(request, errors) -> None:
    flash_service_errors(request, errors, LABELS)


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def _int(value) -> int | None:
    try:
        return int(str(value or "").strip())
    except ValueError:
        return None


def qr_svg(text: str, *, scale: int = 4):
    """The trip's QR code as inline SVG (no script, no style attribute: the strict CSP holds)."""
    return mark_safe(segno.make(text, error="m").svg_inline(scale=scale, title=None))  # nosec B308 B703


@login_required
@require_GET
def campaign_list_view(request):
    policy.require(request.user, "view_transport")
    return render(
        request, "transport/campaigns.html", {"campaigns": selectors.campaign_list(actor=request.user)}
    )


@login_required
@require_GET
def campaign_view(request, pk):
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    if not policy.may(request.user, "view_transport"):
        raise PermissionDenied(_("请在“到岗确认”中办理本单位的乘客"))
    q = " ".join(request.GET.get("q", "").split())[:50]
    found = []
    if q:
        found = [w for w in worker_list(actor=request.user, filters=WorkerFilters(q=q))[:10]
                 if policy.may_sign_up_for_bus(request.user, campaign, w)]  # fmt: skip
        spells = {
            s.worker_id: s.employer_id
            for s in Employment.objects.filter(worker__in=found, end__isnull=True, employer__isnull=False)
        }
        found = [(w, spells.get(w.pk)) for w in found]
    return render(
        request,
        "transport/campaign.html",
        {
            "campaign": campaign,
            "signups": selectors.signup_list(actor=request.user, campaign=campaign)[:500],
            "summary": selectors.plan_summary(campaign=campaign),
            "job": selectors.plan_job_latest(actor=request.user, campaign=campaign),
            "manage": policy.may_manage_campaign(request.user, campaign),
            "subsidies": policy.may_manage_campaign_subsidies(request.user, campaign),
            "q": q,
            "found": found,
            "employers": Employer.objects.filter(policy.employers_q(request.user)).order_by("name")[:300],
        },
    )


@login_required
@require_POST
def signup_add_view(request, pk):
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    policy.require(request.user, "view_transport")
    worker = worker_list(actor=request.user).filter(pk=_int(request.POST.get("worker"))).first()
    if worker is None:
        messages.error(request, _("乘客：找不到该劳动力（或不在您的范围内）"))
        return redirect("transport:campaign", pk=campaign.pk)
    employer = Employer.objects.filter(
        policy.employers_q(request.user), pk=_int(request.POST.get("employer"))
    ).first()
    try:
        services.transport_sign_up(
            actor=request.user,
            campaign=campaign,
            worker=worker,
            wanted_date=_date(request.POST.get("wanted_date")),
            pickup_point=campaign.pickup_points.filter(pk=_int(request.POST.get("pickup_point"))).first(),
            employer=employer,
            companions=_int(request.POST.get("companions")) or 0,
            request=request,
        )
    except ValidationError as exc:
        _report(request, exc.message_dict)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已报名：%(n)s") % {"n": worker.name})
    return redirect("transport:campaign", pk=campaign.pk)


@login_required
@require_POST
def plan_view(request, pk):
    """自动排车: queue the planning job; the campaign page follows its progress and then shows the result."""
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    if not policy.may_manage_campaign(request.user, campaign):
        raise PermissionDenied(_("您没有管理该专车活动的权限"))
    bus_type = BusType.objects.filter(campaign=campaign, pk=_int(request.POST.get("bus_type"))).first()
    if bus_type is None:
        messages.error(request, _("车型：请选择车型"))
        return redirect("transport:campaign", pk=campaign.pk)
    try:
        campaign_plan_queue(actor=request.user, campaign=campaign, bus_type=bus_type, request=request)
    except ValidationError as exc:
        _report(request, exc.message_dict)
    return redirect("transport:campaign", pk=campaign.pk)


@login_required
@require_GET
def plan_progress_view(request, pk):
    """The planning job's progress bar, polled by htmx while it runs; a finished job reloads the page."""
    job = selectors.plan_job_get(actor=request.user, pk=pk)
    if not job.is_running:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "transport/_plan_progress.html", {"job": job})


def _manifest(request, pk, phones=None):
    trip = selectors.trip_get(actor=request.user, pk=pk)
    passengers = selectors.trip_passengers(actor=request.user, trip=trip)
    for signup in passengers:
        signup.shown_phone = signup.worker.phone_masked
    campaign = trip.batch.campaign
    return (
        trip,
        passengers,
        {
            "trip": trip,
            "campaign": campaign,
            "passengers": passengers,
            "phones": phones or {},
            "seats_used": sum(s.seats for s in trip.signups.exclude(status=SignUp.Status.CANCELLED)),
            "board": policy.may_board(request.user, campaign),
            "manage": policy.may_manage_campaign(request.user, campaign),
            "others": Trip.objects.filter(batch=trip.batch).exclude(pk=trip.pk),
        },
    )


@login_required
@require_GET
def trip_view(request, pk):
    _trip, _passengers, context = _manifest(request, pk)
    return render(request, "transport/trip.html", context)


@login_required
@require_POST
def trip_phones_view(request, pk):
    trip, passengers, context = _manifest(request, pk)
    if not any(policy.may_unmask_manifest_phone(request.user, s) for s in passengers):
        raise PermissionDenied(_("您没有查看该车次乘客完整手机号的权限"))
    context["phones"] = services.manifest_phones_unmask(
        actor=request.user, trip=trip, signups=passengers, request=request
    )
    for signup in passengers:
        signup.shown_phone = context["phones"].get(signup.pk, signup.shown_phone)
    return render(request, "transport/trip.html", context)


@login_required
@require_GET
def trip_print_view(request, pk):
    trip, _passengers, context = _manifest(request, pk)
    context["qr"] = qr_svg(request.build_absolute_uri(f"/transport/trips/{trip.pk}/"))
    return render(request, "transport/trip_print.html", context)


@login_required
@require_GET
def trip_xlsx_view(request, pk):
    """The manifest as .xlsx: the actor's own passengers, ID numbers and phones masked; the export is audited."""
    trip, passengers, _context = _manifest(request, pk)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(_("乘车名单"))
    sheet.write_row(0, 0, [escape_cell(f"{trip.batch.campaign.name} {trip}（{trip.seats}座）")])
    sheet.write_row(
        1,
        0,
        [
            _("姓名"),
            _("公民身份号码"),
            _("手机号码"),
            _("上车点"),
            _("目的单位"),
            _("目的城市"),
            _("同行人数"),
            _("状态"),
        ],
    )
    for row, s in enumerate(passengers, start=2):
        sheet.write_row(row, 0, [escape_cell(v) for v in (
            s.worker.name, s.worker.id_number_masked, s.worker.phone_masked, s.pickup_point.name,
            s.employer.name, s.destination_city.name, s.companions, s.get_status_display(),
        )])  # fmt: skip
    book.close()
    audit_record(
        actor=request.user, action=AuditEvent.Action.EXPORT, obj=trip, request=request,
        details={"manifest": len(passengers)},
    )  # fmt: skip
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="trip-{trip.pk}.xlsx"'
    return response


@login_required
@require_POST
def boarding_view(request, pk):
    trip = selectors.trip_get(actor=request.user, pk=pk)
    if not policy.may_board(request.user, trip.batch.campaign):
        raise PermissionDenied(_("您没有办理该车次上车登记的权限"))
    listed = [s.pk for s in selectors.trip_passengers(actor=request.user, trip=trip)
              if s.status in (SignUp.Status.SIGNED_UP, SignUp.Status.BOARDED, SignUp.Status.NO_SHOW)]  # fmt: skip
    ticked = {_int(v) for v in request.POST.getlist("boarded")}
    try:
        services.boarding_record(
            actor=request.user, trip=trip, boarded={pk: pk in ticked for pk in listed}, request=request
        )
    except ValidationError as exc:
        _report(request, exc.message_dict)
    else:
        messages.success(request, _("已保存上车登记：上车%(n)d人") % {"n": len(ticked & set(listed))})
    return redirect("transport:trip", pk=trip.pk)


@login_required
@require_POST
def move_view(request, pk):
    signup = selectors.signup_get(actor=request.user, pk=pk)
    if not policy.may_manage_campaign(request.user, signup.campaign):
        raise PermissionDenied(_("您没有管理该专车活动的权限"))
    trip = Trip.objects.filter(batch__campaign=signup.campaign, pk=_int(request.POST.get("trip"))).first()
    back = signup.trip_id or 0
    if trip is None:
        messages.error(request, _("车次：请选择车次"))
    else:
        try:
            services.signup_move(actor=request.user, signup=signup, trip=trip, request=request)
        except ValidationError as exc:
            _report(request, exc.message_dict)
        else:
            messages.success(request, _("已调整：%(n)s → %(t)s") % {"n": signup.worker.name, "t": trip})
    return (
        redirect("transport:trip", pk=back) if back else redirect("transport:campaign", pk=signup.campaign_id)
    )


@login_required
@require_GET
def arrival_list_view(request):
    policy.require(request.user, "confirm_arrival")
    return render(request, "transport/arrivals.html", {"signups": selectors.arrival_list(actor=request.user)[:500],
                                                        "today": datetime.date.today()})  # fmt: skip


@login_required
@require_POST
def arrival_view(request, pk):
    signup = selectors.signup_get(actor=request.user, pk=pk)
    try:
        services.arrival_confirm(
            actor=request.user, signup=signup, on=_date(request.POST.get("on")), request=request
        )
    except ValidationError as exc:
        _report(request, exc.message_dict)
    else:
        messages.success(request, _("已确认到岗：%(n)s") % {"n": signup.worker.name})
    return redirect("transport:arrivals")


def _lines(text: str) -> list[list[str]]:
    return [line.split() for line in str(text or "").splitlines()[:50] if line.strip()]


def _campaign_fields(post) -> tuple[dict, list[str]]:
    """The new campaign's fields from the form's text, and what could not be read (with its line)."""
    problems = []
    points = []
    for number, parts in enumerate(_lines(post.get("pickup_points")), start=1):
        township = (
            Region.objects.filter(code=parts[0], level=Region.Level.TOWNSHIP).first() if parts else None
        )
        if township is None or len(parts) < 2:
            problems.append(_("上车点第%(n)d行应为：乡镇代码 名称 地址") % {"n": number})
            continue
        points.append((township, parts[1], " ".join(parts[2:])))
    buses = []
    for number, parts in enumerate(_lines(post.get("bus_types")), start=1):
        seats = _int(parts[1]) if len(parts) > 1 else None
        cost = _int(parts[2]) if len(parts) > 2 else None
        if seats is None:
            problems.append(_("车型第%(n)d行应为：名称 座位数 每趟费用") % {"n": number})
            continue
        buses.append((parts[0], seats, cost))
    flat = {}
    for part in str(post.get("subsidy_flat") or "").replace("，", ",").split(","):
        if part.strip():
            code, _sep, amount = part.partition("=")
            if _int(amount) is None:
                problems.append(_("无票定额补贴应写成“省份代码=金额”，如 44=300"))
                break
            flat[code.strip()] = _int(amount)
    codes = [c for c in str(post.get("organisers") or "").replace("，", ",").split(",") if c.strip()]
    organisers = list(Region.objects.filter(code__in=[c.strip() for c in codes], level=Region.Level.COUNTY))
    fields = {
        "name": post.get("name", ""),
        "start": _date(post.get("start")),
        "end": _date(post.get("end")),
        "organisers": organisers,
        "pickup_points": points,
        "bus_types": buses,
        "subsidy_cap_with_ticket": _int(post.get("subsidy_cap")),
        "subsidy_flat_by_province": flat,
    }
    return fields, problems


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create_view(request):
    policy.require(request.user, "manage_transport")
    if request.method == "POST":
        fields, problems = _campaign_fields(request.POST)
        for problem in problems:
            messages.error(request, problem)
        if not problems:
            try:
                campaign = services.campaign_create(actor=request.user, request=request, **fields)
            except ValidationError as exc:
                _report(request, exc.message_dict)
            else:
                messages.success(request, _("已开设专车活动"))
                return redirect("transport:campaign", pk=campaign.pk)
    county = (request.user.region_id or "")[:6]
    return render(request, "transport/campaign_form.html", {"post": request.POST, "county": county})


@login_required
@require_http_methods(["GET", "POST"])
def subsidies_view(request, pk):
    """One-time travel subsidies of a campaign: find a worker, approve (or be told why not), list, export."""
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    if not policy.may_manage_campaign_subsidies(request.user, campaign):
        raise PermissionDenied(_("您没有审核该活动交通补贴的权限"))
    if request.method == "POST":
        worker = worker_list(actor=request.user).filter(pk=_int(request.POST.get("worker"))).first()
        if worker is None:
            messages.error(request, _("申请人：找不到该劳动力（或不在您的范围内）"))
        else:
            try:
                claim = services.travel_subsidy_claim(
                    actor=request.user,
                    campaign=campaign,
                    worker=worker,
                    with_ticket=request.POST.get("with_ticket") == "1",
                    ticket_amount=_int(request.POST.get("ticket_amount")),
                    request=request,
                )
            except ValidationError as exc:
                for message in exc.message_dict.get("worker", []) + exc.message_dict.get("__all__", []):
                    messages.error(request, _("不予补贴：%(r)s") % {"r": message})
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("已审核：%(n)s %(a)d元") % {"n": worker.name, "a": claim.amount})
        return redirect("transport:subsidies", pk=campaign.pk)
    q = " ".join(request.GET.get("q", "").split())[:50]
    found = list(worker_list(actor=request.user, filters=WorkerFilters(q=q))[:10]) if q else []
    return render(
        request,
        "transport/subsidies.html",
        {"campaign": campaign, "claims": selectors.subsidy_list(actor=request.user, campaign=campaign), "q": q,
         "found": found},
    )  # fmt: skip


@login_required
@require_GET
def subsidy_export_view(request, pk):
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    if not policy.may_manage_campaign_subsidies(request.user, campaign):
        raise PermissionDenied(_("您没有审核该活动交通补贴的权限"))
    data = services.travel_subsidy_export(actor=request.user, campaign=campaign, request=request)
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="travel-subsidies-{campaign.pk}.xlsx"'
    return response
