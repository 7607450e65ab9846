"""Staff pages of the public side (login required): settling a public sign-up flagged 待核实."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laborbridge.portal.selectors import self_sign_up_get
from laborbridge.portal.services import self_sign_up_check

DECISIONS = {"confirm": True, "reject": False}


@login_required
@require_POST
def review(request, pk):
    """Confirm (确认无误) or reject (核实不符) a flagged sign-up; back to the worker's page."""
    sign_up = self_sign_up_get(actor=request.user, pk=pk)
    back = reverse("workers:detail", args=[sign_up.worker.pk])
    decision = request.POST.get("decision")
    if decision not in DECISIONS:
        messages.error(request, _("请选择“确认无误”或“核实不符”"))
        return redirect(back)
    try:
        self_sign_up_check(actor=request.user, sign_up=sign_up, confirm=DECISIONS[decision], request=request)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if DECISIONS[decision]:
            messages.success(request, _("已确认该报名无误"))
        else:
            messages.success(request, _("已记录核实不符，报名已结束"))
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return redirect(nxt)
    return redirect(back)
