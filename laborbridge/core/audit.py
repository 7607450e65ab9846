"""Write the audit trail. Details never carry a full ID number or phone."""

from laborbridge.core.models import AuditEvent
from laborbridge.core.redaction import scrub


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


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
) -> AuditEvent:
    """Append one event; `actor` may be None for a failed login or a command-line run."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = actor_label or (user.get_username() if user else "")
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label[:150],
        role=getattr(user, "role", "") or "",
        region_code=region_code or getattr(user, "region_id", "") or "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=_label(obj)[:200] if obj is not None else "",
        success=success,
        ip=client_ip(request),
        details=scrub(details or {}),
    )
