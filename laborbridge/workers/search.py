"""Searches by an identifier (an ID number, its last digits, a phone): never in a URL, limited, audited.

A search for a name travels in the URL like any filter. One for an identifier is posted, kept in the
user's session under a random key, and the URL carries only that key; so no ID number or phone reaches a
server log, a browser history or a shared link. Each such search is counted against a per-user limit in
the shared cache and written to the audit trail (the kind of identifier and the number of matches, never
the identifier), so that trying all 10,000 middle digits of a masked phone is stopped and seen.
"""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from laborbridge.core import idnumber, phone
from laborbridge.core.audit import audit_record
from laborbridge.core.counters import count_hit
from laborbridge.core.models import AuditEvent

SESSION_KEY = "laborbridge_searches"
KEPT = 20  # a user's latest identifier searches, enough for paging back and forth


def identifier_kind(text: str) -> str:
    """ "id", "id_tail", "phone", or "" for a search that is not by an identifier (a name, pinyin)."""
    folded = idnumber.normalise(text or "")
    digits = folded[:-1] if folded.endswith("X") else folded
    if not digits.isdigit():
        return ""
    if len(folded) in (15, 18):
        return "id"
    if len(folded) == 11 and phone.normalise(text).isdigit():
        return "phone"
    if 4 <= len(folded) <= 6:
        return "id_tail"
    return "id" if len(folded) > 6 else ""


def remember(request, text: str) -> str:
    """Keep the identifier in the session; return the key that stands for it in URLs."""
    kept = dict(request.session.get(SESSION_KEY, {}))
    token = secrets.token_urlsafe(9)
    kept[token] = text
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT:])
    return token


def recall(request, token: str) -> str:
    return request.session.get(SESSION_KEY, {}).get(token or "", "")


def registered_elsewhere(
    *, actor, source: str, region_code: str = "", request=None, row: int | None = None
) -> str:
    """A person is registered where the actor cannot see: say only that, and whom to ask; audit and count it.

    Naming the other region would let anyone with a list of ID numbers learn where each person is registered
    (a ledger upload of candidates was such an oracle). Each conflict is audited, and a user who meets more
    than settings.REGISTERED_ELSEWHERE_LIMIT of them a day is stopped (PermissionDenied).
    """
    key = f"registered-elsewhere:{getattr(actor, 'pk', None)}"
    met = count_hit(key, settings.REGISTERED_ELSEWHERE_WINDOW, sliding=True)
    allowed = met <= settings.REGISTERED_ELSEWHERE_LIMIT
    details = {"kind": "registered_elsewhere", "source": source, **({"row": row} if row else {})}
    audit_record(
        actor=actor, action=AuditEvent.Action.SEARCH, request=request, success=allowed, region_code=region_code,
        details=details,
    )  # fmt: skip
    if not allowed:
        raise PermissionDenied(
            _("今天遇到的“已在其他地区登记”的人员过多，为防止个人信息泄露已暂停；请联系系统管理员")
        )
    return _("此人已在其他地区登记，不能重复登记；如需迁入，请联系本县（区）人社局或系统管理员核实")


def filter_data(request):
    """The list's filters from the URL, with an identifier search put back from the session."""
    data = request.GET.copy()
    if data.get("qt"):
        data["q"] = recall(request, data["qt"])
    return data


def identifier_search_allow(*, actor, kind: str, request=None) -> None:
    """Count one identifier search against the actor's limit, or refuse it; audited either way."""
    # A sliding window: every attempt, refused ones too, keeps the count for another window, so a user who
    # goes on trying stays stopped until they pause for a whole window.
    key = f"identifier-searches:{actor.pk}"
    used = count_hit(key, settings.IDENTIFIER_SEARCH_WINDOW, sliding=True)
    allowed = used <= settings.IDENTIFIER_SEARCHES
    tails_allowed = True
    if kind == "id_tail":
        # Trying every value of the hidden digits before a known tail would unmask a number bit by bit; a
        # daily cap makes that take days, each try audited, while a clerk's real lookups stay far below it.
        tail_key = f"id-tail-searches:{actor.pk}"
        tails = count_hit(tail_key, settings.ID_TAIL_SEARCH_WINDOW, sliding=True)
        tails_allowed = tails <= settings.ID_TAIL_SEARCHES_PER_DAY
    audit_record(
        actor=actor,
        action=AuditEvent.Action.SEARCH,
        request=request,
        success=allowed and tails_allowed,
        details={"kind": kind},
    )
    if not allowed:
        raise PermissionDenied(
            _("按证件号或手机号查询过于频繁，请%(m)d分钟后再试")
            % {"m": settings.IDENTIFIER_SEARCH_WINDOW // 60}
        )
    if not tails_allowed:
        raise PermissionDenied(
            _("今天按证件号后几位查询的次数已达上限（%(n)d次），请明天再试，或按姓名、完整证件号查询")
            % {"n": settings.ID_TAIL_SEARCHES_PER_DAY}
        )
