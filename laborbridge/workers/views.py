from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from laborbridge.accounts import policy
from laborbridge.core.forms import add_service_errors, form_status
from laborbridge.core.pagination import page_from_request
from laborbridge.workers import search
from laborbridge.workers.forms import WorkerFilterForm, WorkerForm, village_choices
from laborbridge.workers.preferences import preference_initial
from laborbridge.workers.selectors import worker_get, worker_list
from laborbridge.workers.services import worker_register, worker_unmask, worker_update


def _require_personal_data(request):
    if not policy.may(request.user, "view_workers"):
        raise PermissionDenied(_("您的角色不能查看劳动力个人信息"))


@login_required
@require_http_methods(["GET", "POST"])
def worker_list_view(request):
    _require_personal_data(request)
    source = request.POST if request.method == "POST" else request.GET
    text = source.get("q", "").strip()
    kind = search.identifier_kind(text)
    if request.method == "POST" or kind:
        # Filters go back into the URL; an identifier goes into the session, the URL carries only its key.
        query = source.copy()
        for field in ("csrfmiddlewaretoken", "before", "after", "q", "qt"):
            query.pop(field, None)
        if kind:
            search.identifier_search_allow(actor=request.user, kind=kind, request=request)
            query["qt"] = search.remember(request, text)
        elif text:
            query["q"] = text
        return redirect(f"{request.path}?{query.urlencode()}")
    form = WorkerFilterForm(search.filter_data(request) or None, scope=policy.worker_scope(request.user))
    filters = form.filters()
    page, query = page_from_request(worker_list(actor=request.user, filters=filters), request)
    return render(request, "workers/list.html", {"form": form, "page": page, "query": query})


@login_required
@require_GET
def worker_detail_view(request, pk):
    worker = worker_get(actor=request.user, pk=pk)
    return render(request, "workers/detail.html", {"worker": worker})


@login_required
@require_POST
def worker_unmask_view(request, pk):
    worker = worker_get(actor=request.user, pk=pk)
    revealed = worker_unmask(actor=request.user, worker=worker, request=request)
    template = "workers/_identity.html" if request.htmx else "workers/detail.html"
    return render(request, template, {"worker": worker, "revealed": revealed})


@login_required
def worker_create_view(request):
    scope = policy.worker_write_scope(request.user)
    if not scope:
        raise PermissionDenied(_("您没有登记劳动力的权限"))
    form = WorkerForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        try:
            worker = worker_register(actor=request.user, request=request, **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记：%(name)s") % {"name": worker.name})
            return redirect("workers:detail", pk=worker.pk)
    return render(
        request, "workers/form.html", {"form": form, "title": _("登记劳动力")}, status=form_status(form)
    )


@login_required
def worker_edit_view(request, pk):
    worker = worker_get(actor=request.user, pk=pk)
    scope = policy.worker_write_scope(request.user)
    if not scope.covers(worker.township_id):
        raise PermissionDenied(_("您没有修改劳动力台账的权限"))
    initial = {
        f: getattr(worker, f) for f in ("name", "poverty_status", "education", "ethnicity", "skills", "notes")
    }
    initial.update(township=worker.township_id, village=worker.village_id or "")
    initial.update(preference_initial(worker))
    form = WorkerForm(request.POST or None, scope=scope, editing=worker, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            worker_update(actor=request.user, worker=worker, request=request, **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("workers:detail", pk=worker.pk)
    title = _("修改：%(name)s") % {"name": worker.name}
    return render(
        request,
        "workers/form.html",
        {"form": form, "title": title, "worker": worker},
        status=form_status(form),
    )


@login_required
@require_GET
def village_options_view(request):
    """<option> elements of a township's villages, for the form's htmx swap (public reference data)."""
    options = village_choices(request.GET.get("township", "")[:9])
    return render(request, "workers/_village_options.html", {"options": options})
