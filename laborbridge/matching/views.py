from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from laborbridge.accounts import policy
from laborbridge.employers.selectors import vacancy_get
from laborbridge.fairs.selectors import fair_get
from laborbridge.matching import selectors, services
from laborbridge.workers.selectors import worker_get


@login_required
@require_GET
def worker_recommendations_view(request, pk):
    worker = worker_get(actor=request.user, pk=pk)
    found = selectors.recommendations_for_worker(actor=request.user, worker=worker)
    may_refer = policy.may_refer(request.user, worker)
    return render(request, "matching/worker.html", {"worker": worker, "found": found, "may_refer": may_refer})


@login_required
@require_POST
def refer_view(request, pk):
    """One click: refer the worker to a recommended vacancy, then back to the page it was made from."""
    worker = worker_get(actor=request.user, pk=pk)
    vacancy = vacancy_get(actor=request.user, pk=request.POST.get("vacancy"))
    try:
        services.matching_refer(actor=request.user, worker=worker, vacancy=vacancy, request=request)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("已推荐：%(worker)s → %(vacancy)s") % {"worker": worker.name, "vacancy": vacancy}
        )
    if request.POST.get("back") == "vacancy":
        return redirect("matching:vacancy", pk=vacancy.pk)
    return redirect("matching:worker", pk=worker.pk)


@login_required
@require_GET
def vacancy_candidates_view(request, pk):
    vacancy = vacancy_get(actor=request.user, pk=pk)
    found = selectors.candidates_for_vacancy(actor=request.user, vacancy=vacancy)
    write = policy.worker_write_scope(request.user)
    rows = [(c, write.covers(c.worker.township_id)) for c in found]
    return render(request, "matching/vacancy.html", {"vacancy": vacancy, "rows": rows})


@login_required
@require_GET
def fair_recommendations_view(request, pk):
    fair = fair_get(actor=request.user, pk=pk)
    seekers = selectors.fair_recommendations(actor=request.user, fair=fair)
    return render(request, "matching/fair.html", {"fair": fair, "seekers": seekers})
