import pytest

from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.core.redaction import scrub


def test_scrub_masks_id_numbers_and_phones_anywhere_in_the_details():
    details = {"note": "ID 45132419900517123X, tel 13812345678", "list": ["452230750301123"]}
    assert scrub(details) == {
        "note": "ID 451324**********3X, tel 138****5678",
        "list": ["452230*******23"],
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


@pytest.mark.django_db
def test_an_event_about_a_person_names_neither_them_nor_their_masked_number(users):
    from laborbridge.factories import make_worker

    worker = make_worker(users["tongmu"], name="黄秀梅")
    event = AuditEvent.objects.filter(object_type="workers.worker", object_id=str(worker.pk)).latest("id")
    assert "黄秀梅" not in event.object_repr and worker.id_number_masked not in event.object_repr
    assert event.object_repr == f"劳动力#{worker.pk}"


def test_scrub_drops_nul_characters_that_a_hostile_file_can_put_in_a_message():
    assert scrub({"errors": ["无法识别“深圳\x00”"]}) == {"errors": ["无法识别“深圳”"]}
