"""Write the audit trail. Details never carry a full ID number or phone."""

import re

from laborbridge.core import idnumber, phone
from laborbridge.core.models import AuditEvent

ID_PATTERN = re.compile(r"\d{17}[\dXx]|\d{15}")
PHONE_PATTERN = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def scrub(value):
    """Mask anything that looks like an ID number or a mobile number, recursively."""
    if isinstance(value, str):
        value = ID_PATTERN.sub(lambda m: idnumber.mask(m.group()), value)
        return PHONE_PATTERN.sub(lambda m: phone.mask(m.group()), value)
    if isinstance(value, dict):
        return {key: scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    return value


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


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
        object_repr=scrub(str(obj))[:200] if obj is not None else "",
        success=success,
        ip=client_ip(request),
        details=scrub(details or {}),
    )
