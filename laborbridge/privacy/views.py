from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core.forms import add_service_errors, form_status
from laborbridge.privacy.forms import EraseForm
from laborbridge.privacy.services import worker_erase
from laborbridge.workers.selectors import worker_get


@login_required
def worker_erase_view(request, pk):
    worker = worker_get(actor=request.user, pk=pk)
    policy.require(request.user, "erase_workers")
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            worker_erase(
                actor=request.user, worker=worker, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已删除该劳动力的全部个人信息"))
            return redirect("workers:list")
    return render(request, "privacy/erase.html", {"worker": worker, "form": form}, status=form_status(form))
