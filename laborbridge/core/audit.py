"""Write the audit trail. Details never carry a full ID number or phone."""

import contextlib
import contextvars
import functools
import ipaddress
from dataclasses import dataclass

from django.conf import settings

from laborbridge.core.models import AuditEvent
from laborbridge.core.redaction import scrub


@dataclass
class RequestContext:
    ip: str | None
    refusal_recorded: bool = False
    subject: object = None  # the object events refer to when they name none (a background job)


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "audit_request", default=None
)


@contextlib.contextmanager
def request_context(request):
    """While a request runs, events written without the request still carry its address."""
    context = RequestContext(ip=request_address(request))
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


@contextlib.contextmanager
def on_behalf(*, ip: str | None, subject=None):
    """Work done later for a user (a background import): its events carry the user's address and the job."""
    token = _current.set(RequestContext(ip=ip, subject=subject))
    try:
        yield
    finally:
        _current.reset(token)


def client_ip(request=None) -> str | None:
    """The address of `request`, else of the request being served; None on the command line."""
    if request is not None:
        return request_address(request)
    context = _current.get()
    return context.ip if context is not None else None


def request_address(request) -> str | None:
    """The client's address: the peer, or — when the peer is one of our own proxies (`TRUSTED_PROXIES`) — the
    last address in X-Forwarded-For that is not one of them.

    Only hops our proxies appended are believed: a client can put anything at the front of the header, so the
    list is read from the right and the first address not ours is the client. A malformed hop stops the walk
    at the proxy's own address rather than trusting text. The audit trail, sign-in lockout and the public
    pages' rate limits all take the address from here.
    """
    peer = request.META.get("REMOTE_ADDR") or None
    proxies = _trusted_proxies(tuple(settings.TRUSTED_PROXIES))
    if not peer or not proxies or not _within(peer, proxies):
        return peer
    address = peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = hop.strip()
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return address
        address = hop
        if not _within(hop, proxies):
            return hop
    return address


@functools.lru_cache(maxsize=8)
def _trusted_proxies(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _within(address: str, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def changes(obj, before: dict, *, masked: dict | None = None) -> dict[str, list[str]]:
    """{field: [old, new]} for the fields that changed, as text; `masked` gives a masking function per field."""
    masked = masked or {}
    out = {}
    for field, old in before.items():
        new = getattr(obj, field)
        if old != new:
            show = masked.get(field, lambda value: value)
            out[field] = [_text(show(old)), _text(show(new))]
    return out


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    return str(getattr(value, "pk", value))


def _label(obj) -> str:
    """The object in words without a person's name or number: a model's own `audit_label`, else its kind and key."""
    label = getattr(obj, "audit_label", None)
    return scrub(str(label)) if label else f"{obj._meta.verbose_name}#{obj.pk}"


def audit_record(
    *,
    actor,
    action: str,
    obj=None,
    success: bool = True,
    request=None,
    details: dict | None = None,
    actor_label: str = "",
    region_code: str = "",
    ip: str | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Append one event; `actor` may be None for a failed login or a command-line run.

    `ip` is for work done later on a user's behalf (a background import): the address the user sent it from.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    # Someone without an account (the public job board's 本人（门户）) names itself by `audit_actor_label`.
    label = actor_label or (user.get_username() if user else str(getattr(actor, "audit_actor_label", "")))
    context = _current.get()
    if context is not None and not success:
        context.refusal_recorded = True  # the request's refusal is recorded: the middleware adds no second
    if obj is None and not object_type and context is not None:
        obj = context.subject
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label[:150],
        role=getattr(user, "role", "") or "",
        region_code=region_code or getattr(user, "region_id", "") or "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else object_type[:50],
        object_id=str(obj.pk) if obj is not None else object_id[:40],
        object_repr=_label(obj)[:200] if obj is not None else scrub(object_repr)[:200],
        success=success,
        ip=ip or client_ip(request),
        details=scrub(details or {}),
    )
