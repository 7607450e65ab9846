import pytest

from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.core.redaction import scrub


def test_scrub_masks_id_numbers_and_phones_anywhere_in_the_details():
    details = {"note": "ID 45132419900517123X, tel 13812345678", "list": ["452230750301123"]}
    assert scrub(details) == {
        "note": "ID 451324********123X, tel 138****5678",
        "list": ["452230*****1123"],
    }


@pytest.mark.django_db
def test_audit_events_cannot_be_changed_or_deleted():
    event = audit_record(actor=None, action=AuditEvent.Action.LOGIN_FAILED, actor_label="x", success=False)
    event.success = True
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).success is False
