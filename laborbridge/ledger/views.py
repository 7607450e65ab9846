from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from laborbridge.accounts import policy
from laborbridge.core.audit import audit_record
from laborbridge.core.forms import add_service_errors, form_status
from laborbridge.core.models import AuditEvent
from laborbridge.core.replica import reads_from_replica
from laborbridge.core.spreadsheets import XLSX_TYPE, attachment
from laborbridge.ledger import storage
from laborbridge.ledger.exporting import export_reason_clean
from laborbridge.ledger.exports import export_file, export_filters_described, export_get, export_list
from laborbridge.ledger.forms import EmployersUploadForm, FullExportForm, LedgerUploadForm
from laborbridge.ledger.jobs import ledger_jobs_fail_stale
from laborbridge.ledger.selectors import importable_counties, ledger_import_get, ledger_import_list
from laborbridge.ledger.services import (
    employers_upload,
    export_request,
    ledger_cancel,
    ledger_confirm,
    ledger_upload,
)
from laborbridge.ledger.workbooks import template_workbook
from laborbridge.regions.models import Region
from laborbridge.regions.selectors import region_partner_codes
from laborbridge.workers import search
from laborbridge.workers.forms import WorkerFilterForm
from laborbridge.workers.selectors import worker_list

HISTORY = 30
RECENT_EXPORTS = 10


@login_required
def import_home_view(request):
    counties = importable_counties(actor=request.user)
    if not counties:
        raise PermissionDenied(_("您没有导入台账的权限"))
    form = LedgerUploadForm(request.POST or None, request.FILES or None, counties=counties)
    if request.method == "POST" and form.is_valid():
        try:
            job = ledger_upload(actor=request.user, uploaded=form.cleaned_data["file"],
                                county_code=form.cleaned_data["county"], as_of=form.cleaned_data["as_of"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("ledger:job", pk=job.pk)
    history = ledger_import_list(actor=request.user).select_related("county")[:HISTORY]
    status = form_status(form)
    return render(request, "ledger/import.html", {"form": form, "history": history}, status=status)


def _job_alive_or_failed(actor, pk):
    """The job; one whose worker died is failed first, so that nobody watches it run for ever."""
    job = ledger_import_get(actor=actor, pk=pk)
    if job.is_running and ledger_jobs_fail_stale(pk=job.pk):
        job.refresh_from_db()
    return job


@login_required
@require_GET
def job_view(request, pk):
    job = _job_alive_or_failed(request.user, pk)
    return render(
        request,
        "ledger/job.html",
        {
            "job": job,
            "errors": job.errors[:200],
            "may_download_errors": policy.may_download_import_errors(request.user, job),
        },
    )


@login_required
@require_GET
def job_progress_view(request, pk):
    """The progress bar, polled by htmx while the job runs; a finished job reloads the page."""
    job = _job_alive_or_failed(request.user, pk)
    if not job.is_running:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "ledger/_progress.html", {"job": job})


@login_required
@require_POST
def job_confirm_view(request, pk):
    job = ledger_import_get(actor=request.user, pk=pk)
    try:
        ledger_confirm(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("ledger:job", pk=job.pk)


@login_required
@require_POST
def job_cancel_view(request, pk):
    job = ledger_import_get(actor=request.user, pk=pk)
    try:
        ledger_cancel(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已取消，台账没有任何改变"))
    return redirect("ledger:employers" if job.kind == job.Kind.EMPLOYERS else "ledger:home")


@login_required
@require_http_methods(["GET", "POST"])
def job_errors_view(request, pk):
    """The rejected rows with reasons. They hold full ID numbers: the uploader gets their own rows back at once;
    anyone else the policy lets download them (an administrator) states a reason first, kept in the audit trail."""
    job = ledger_import_get(actor=request.user, pk=pk)
    if not job.errors_file:
        raise Http404
    if not policy.may_download_import_errors(request.user, job):
        raise PermissionDenied(_("只有上传人可以下载错误明细"))
    details = {"rows": job.rejected, "kind": "ledger errors"}
    if job.actor_id != request.user.pk:
        form = FullExportForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                details["reason"] = export_reason_clean(form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
        if "reason" not in details:
            context = {"form": form, "job": job, "count_text": f"{job.rejected:,}"}
            return render(request, "ledger/errors_reason.html", context, status=form_status(form))
    audit_record(actor=request.user, action=AuditEvent.Action.EXPORT, obj=job, request=request,
                 region_code=job.county_id, details=details)  # fmt: skip
    response = HttpResponse(storage.load(job.errors_file), content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment(f"未导入的行-{job.pk}.xlsx")
    return response


@login_required
@require_GET
def template_view(request):
    counties = {c.code: c for c in importable_counties(actor=request.user)}
    county = counties.get(request.GET.get("county", "")) or next(iter(counties.values()), None)
    if county is None:
        raise PermissionDenied(_("您没有导入台账的权限"))
    partners = region_partner_codes(code=county.code)
    provinces = tuple(
        Region.objects.filter(code__in={c[:2] for c in partners}).values_list("name", flat=True)
    )
    response = HttpResponse(template_workbook(county, provinces), content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment(f"{county.name}务工就业台账模板.xlsx")
    return response


def _export_filters(request):
    if not policy.may(request.user, "export_workers"):
        raise PermissionDenied(_("您的角色不能导出劳动力个人信息"))
    data = search.filter_data(request)
    return WorkerFilterForm(data or None, scope=policy.worker_scope(request.user)).filters()


def _export_started(request, filters, *, full=False, reason=""):
    job = export_request(actor=request.user, filters=filters, request=request, full=full, reason=reason)
    return redirect("ledger:export_job", pk=job.pk)


@login_required
@require_http_methods(["GET", "POST"])
@reads_from_replica
def export_view(request):
    """The filtered list with ID numbers and phones masked, whoever asks: no reason needed. Built in the
    background (a county's list takes seconds to minutes): the page asks, the job page shows the progress."""
    filters = _export_filters(request)
    if request.method == "POST":
        return _export_started(request, filters)
    count = worker_list(actor=request.user, filters=filters).count()
    recent = list(export_list(actor=request.user)[:RECENT_EXPORTS])
    for job in recent:
        job.filters_text = export_filters_described(job)
    context = {"count": count, "count_text": f"{count:,}", "query": request.GET.urlencode(), "recent": recent,
               "keep_hours": settings.EXPORT_KEEP_HOURS}  # fmt: skip
    return render(request, "ledger/export.html", context)


@login_required
@never_cache
@reads_from_replica
def export_full_view(request):
    """The filtered list with full numbers: for those who may unmask, with a reason and the count confirmed."""
    filters = _export_filters(request)
    if not policy.may(request.user, "unmask_workers"):
        raise PermissionDenied(_("您没有导出完整身份证号和手机号的权限"))
    form = FullExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return _export_started(request, filters, full=True, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
    count = worker_list(actor=request.user, filters=filters).count()
    context = {"form": form, "count": count, "count_text": f"{count:,}", "query": request.GET.urlencode()}
    return render(request, "ledger/export_full.html", context, status=form_status(form))


@login_required
@require_GET
def export_job_view(request, pk):
    """An export being built (its progress bar), built (the download link), failed or expired."""
    job = export_get(actor=request.user, pk=pk)
    return render(
        request, "ledger/export_job.html", {"job": job, "filters_text": export_filters_described(job)}
    )


@login_required
@require_GET
def export_progress_view(request, pk):
    """The progress bar, polled by htmx while the export is built; a finished one reloads the page."""
    job = export_get(actor=request.user, pk=pk)
    if not job.is_running:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "ledger/_export_progress.html", {"job": job})


@login_required
@require_GET
def export_download_view(request, pk):
    """The built workbook, for the user who asked only, until it expires (404 otherwise)."""
    job = export_get(actor=request.user, pk=pk)
    if job.status == job.Status.EXPIRED:  # the asker's own file, past its time: the job page says so
        return redirect("ledger:export_job", pk=job.pk)
    response = HttpResponse(export_file(actor=request.user, job=job), content_type=XLSX_TYPE)
    name = "劳动力名单-完整号码" if job.kind == job.Kind.WORKERS_FULL else "劳动力名单"
    stamp = timezone.localtime(job.finished_at).strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = attachment(f"{name}-{stamp}.xlsx")
    return response


@login_required
def employers_import_view(request):
    """Upload employers and vacancies; like a ledger, the sheet is checked in the background, then confirmed."""
    if not policy.may_create_employers(request.user):
        raise PermissionDenied(_("您没有导入用工单位的权限"))
    form = EmployersUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = employers_upload(actor=request.user, uploaded=form.cleaned_data["file"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("ledger:job", pk=job.pk)
    status = form_status(form)
    return render(request, "ledger/employers_import.html", {"form": form}, status=status)
