"""Writes to the registry. Each is atomic, checks the actor's scope and records an audit event."""

import dataclasses
import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core import crypto, idnumber, phone
from laborbridge.core.audit import audit_record, changes
from laborbridge.core.bulk_sql import CHUNK, BulkSql, Sized, select_in
from laborbridge.core.models import AuditEvent
from laborbridge.workers.choices import PovertyStatus
from laborbridge.workers.derived import ID_CONTEXT, PHONE_CONTEXT, id_number_index, worker_derived
from laborbridge.workers.models import Worker, WorkerPreference
from laborbridge.workers.preferences import (
    PREFERENCE_FIELDS,
    preference_changes,
    preference_clean,
    preference_save,
)
from laborbridge.workers.search import registered_elsewhere
from laborbridge.workers.summary import indicator_summary_workers_added, indicator_summary_workers_changed
from laborbridge.workers.validation import EDITABLE, worker_clean


def _duplicate_message(*, actor, existing: Worker) -> str:
    """Say the ID is taken; name the record only if the actor may see it (else audited, see registered_elsewhere)."""
    if policy.may_see_worker(actor, existing):
        return _("该公民身份号码已登记：%(name)s，%(township)s（编号%(pk)d）") % {
            "name": existing.name,
            "township": existing.township.name,
            "pk": existing.pk,
        }
    return registered_elsewhere(
        actor=actor, source="register", region_code=getattr(actor, "region_id", "") or ""
    )


def _apply(worker: Worker, clean: dict) -> list[str]:
    """Copy cleaned values onto the worker; return the names of fields that changed."""
    changed = []
    for field, value in clean.items():
        if field == "id_number":
            if worker.id_number != value.number:
                worker.id_number = value.number
                _set_derived(worker, id_number=value)
                changed.append("id_number")
            continue
        if field == "sex":
            continue  # derived from the ID; a given sex was only checked against it
        if field == "phone":
            if (worker.phone or "") != value:
                worker.phone = value
                _set_derived(worker, phone=value)
                changed.append("phone")
            continue
        if field in ("township", "village"):
            code = value.code if value is not None else None
            if getattr(worker, f"{field}_id") != code:
                setattr(worker, field, value)
                changed.append(field)
                if field == "township":
                    _set_derived(worker, township_code=value.code)
            continue
        if getattr(worker, field) != value:
            setattr(worker, field, value)
            changed.append(field)
    if "name" in changed:
        _set_derived(worker, name=worker.name)
    return changed


def _set_derived(worker: Worker, **sources) -> None:
    for column, value in worker_derived(**sources).items():
        setattr(worker, column, value)


def _check_writable(*, actor, township_code: str) -> None:
    scope = policy.worker_write_scope(actor)
    if not scope:
        raise PermissionDenied(_("您没有修改劳动力台账的权限"))
    if not scope.covers(township_code):
        raise ValidationError({"township": [_("该乡镇（街道）不在您的管辖范围内")]})


def worker_register(*, actor, request=None, today: datetime.date | None = None, **data) -> Worker:
    """Register a new worker; one ID number is one person across all regions.

    The checks run before the transaction, so that the audit event of a conflict with another region's
    registration stays when the registration is refused.
    """
    unknown = set(data) - set(EDITABLE) - set(PREFERENCE_FIELDS)
    if unknown:
        raise ValidationError({field: [_("不能设置此字段")] for field in sorted(unknown)})
    wanted = {field: data.pop(field) for field in PREFERENCE_FIELDS if field in data}
    for required in ("name", "id_number", "township"):
        data.setdefault(required, "")
    clean = _clean_both(data, wanted, today=today)
    wanted = clean.pop("_preferences")
    if not policy.may_sign_up_self(actor):  # a person registering themselves on the public job board
        _check_writable(actor=actor, township_code=clean["township"].code)
    existing = Worker.objects.filter(id_number_bidx=id_number_index(clean["id_number"].number)).first()
    if existing is not None:
        raise ValidationError({"id_number": [_duplicate_message(actor=actor, existing=existing)]})
    user = actor if getattr(actor, "is_authenticated", False) else None  # None: the person themselves
    worker = Worker(created_by=user, updated_by=user)
    _apply(worker, clean)
    with transaction.atomic():
        try:
            with transaction.atomic():
                worker.save()
        except IntegrityError:  # registered by someone else a moment ago
            raise ValidationError({"id_number": [_("该公民身份号码已登记，不能重复登记")]}) from None
        indicator_summary_workers_added([worker.pk])
        stated = preference_changes(worker, wanted)
        preference_save(worker, {field: wanted[field] for field in stated})
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=worker,
            request=request,
            region_code=worker.township_id,
            details={"changes": stated} if stated else None,
        )
    return worker


def _clean_both(data: dict, wanted: dict, *, today) -> dict:
    """Clean the worker's fields and the preferences together, so that every wrong field is named at once."""
    errors = {}
    clean, preferences = {}, {}
    try:
        clean = worker_clean(data, today=today)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        preferences = preference_clean(wanted, today=today)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return {**clean, "_preferences": preferences}


AUDITED_FIELDS = ("name", "id_number", "sex", "phone", "township_id", "village_id", "poverty_status",
                  "education", "ethnicity", "skills", "notes")  # fmt: skip


def worker_update(
    *, actor, worker: Worker, request=None, today: datetime.date | None = None, **data
) -> Worker:
    """Change some fields of a worker the actor may write; the audit event carries old → new, masked.

    The checks run before the transaction (see worker_register)."""
    unknown = set(data) - set(EDITABLE) - set(PREFERENCE_FIELDS)
    if unknown:
        raise ValidationError({field: [_("不能修改此字段")] for field in sorted(unknown)})
    _check_writable(actor=actor, township_code=worker.township_id)
    wanted = {field: data.pop(field) for field in PREFERENCE_FIELDS if field in data}
    if "sex" in data and "id_number" not in data:
        data["id_number"] = worker.id_number  # check the given sex against the ID on file
    clean = _clean_both(data, wanted, today=today)
    wanted = clean.pop("_preferences")
    if "township" in clean and "village" not in clean and worker.village_id:
        clean["village"] = None  # a village of the old township cannot stay
    if "village" in clean and "township" not in clean and clean["village"] is not None:
        if clean["village"].parent_id != worker.township_id:
            raise ValidationError({"village": [_("该村（社区）不属于%(t)s") % {"t": worker.township.name}]})
    if "township" in clean:
        _check_writable(actor=actor, township_code=clean["township"].code)
    if "id_number" in clean:
        clash = (
            Worker.objects.filter(id_number_bidx=id_number_index(clean["id_number"].number))
            .exclude(pk=worker.pk)
            .first()
        )
        if clash is not None:
            raise ValidationError({"id_number": [_duplicate_message(actor=actor, existing=clash)]})
    before = {field: getattr(worker, field) for field in AUDITED_FIELDS}
    wanted_changes = preference_changes(worker, wanted)
    changed = _apply(worker, clean)
    if not changed and not wanted_changes:
        return worker
    worker.updated_by = actor
    with transaction.atomic():
        worker.save()
        indicator_summary_workers_changed([worker.pk])
        preference_save(worker, {field: wanted[field] for field in wanted_changes})
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=worker,
            request=request,
            region_code=worker.township_id,
            details={
                "fields": [*changed, *wanted_changes],
                "changes": {
                    **changes(worker, before, masked={"id_number": idnumber.mask, "phone": phone.mask}),
                    **wanted_changes,
                },
            },
        )
    return worker


def worker_unmask(*, actor, worker: Worker, request=None) -> dict[str, str]:
    """Return the full ID number and phone of a worker, recording that the actor looked."""
    if not policy.may_unmask_worker(actor, worker):
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UNMASK,
            obj=worker,
            request=request,
            success=False,
            region_code=worker.township_id,
        )
        raise PermissionDenied(_("您没有查看完整个人信息的权限"))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UNMASK,
        obj=worker,
        request=request,
        region_code=worker.township_id,
        details={"fields": ["id_number", "phone"]},
    )
    return {"id_number": worker.id_number, "phone": worker.phone or ""}


@dataclass(slots=True)
class WorkerDraft:
    """A worker for a bulk write, its fields already cleaned by `worker_clean`; `pk` None for a new one.

    `phone` is the plaintext number when it is set or changed ("" for none); None writes `phone_cipher`
    and `phone_bidx` as given: the stored ones, so an unchanged phone is never decrypted, or ones the
    caller made from the new number with `worker_derived` and `crypto` (a ledger does it while checking).
    """

    name: str
    township_id: str
    village_id: str | None = None
    poverty_status: str = PovertyStatus.ORDINARY
    education: str = ""
    ethnicity: str = ""
    skills: str = ""
    notes: str = ""
    phone: str | None = ""
    phone_cipher: str = ""
    phone_bidx: str = ""
    id_number: idnumber.CitizenId | None = None  # a new worker's
    pk: int | None = None
    # Columns the caller already took from `worker_derived` for this draft's own ID number and phone
    # (a ledger needs the ID's index to find the person, the phone's to compare); the rest are derived here.
    # It may also carry `id_number_cipher` (this ID number encrypted under ID_CONTEXT) and `name_keys`
    # ((name, pinyin, initials), used only while the draft's name is that name): a ledger makes them on both cores.
    derived: dict = dataclasses.field(default_factory=dict)


IDENTITY_COLUMNS = {
    "id_number_bidx",
    "id_number_tail_bidx",
    "birth_year",
    "sex",
}  # what worker_derived takes from an ID number
# The columns written for every draft, in order; a new worker's identity columns follow.
_BULK_COLUMNS = [
    "name",
    "name_pinyin",
    "name_initials",
    "phone",
    "phone_bidx",
    "township_id",
    "village_id",
    "county_id",
    "poverty_status",
    "education",
    "ethnicity",
    "skills",
    "notes",
]


def _bulk_values(draft: WorkerDraft) -> list:
    derived = worker_derived(township_code=draft.township_id)
    keys = draft.derived.get("name_keys")
    if (
        keys and keys[0] == draft.name
    ):  # pinyin a caller computed for this very name (a ledger, while checking)
        derived["name_pinyin"], derived["name_initials"] = keys[1], keys[2]
    else:
        derived.update(worker_derived(name=draft.name))
    if draft.phone is None:
        cipher, phone_bidx = draft.phone_cipher, draft.phone_bidx
    else:
        cipher = crypto.encrypt(draft.phone, context=PHONE_CONTEXT) if draft.phone else ""
        phone_bidx = draft.derived.get("phone_bidx")
        if phone_bidx is None:
            phone_bidx = worker_derived(phone=draft.phone)["phone_bidx"]
    return [
        draft.name,
        derived["name_pinyin"],
        derived["name_initials"],
        cipher,
        phone_bidx,
        draft.township_id,
        draft.village_id,
        derived["county_id"],
        draft.poverty_status,
        draft.education,
        draft.ethnicity,
        draft.skills,
        draft.notes,
    ]


@transaction.atomic
def worker_write_bulk(
    *,
    actor,
    new: "list[WorkerDraft] | Sized" = (),
    changed: list[WorkerDraft] = (),
    actor_label: str = "",
    region_code: str = "",
    registered_at: datetime.datetime | None = None,
    check_access: bool = True,
    audit: bool = True,
    summary: bool = True,
    sql: BulkSql | None = None,
) -> dict[str, int]:
    """Register and change many workers at once (a ledger, the demo); return the new workers' ids by ID index.

    The bulk form of `worker_register` and `worker_update`: the derived columns from `worker_derived`,
    one person per ID number (the database's unique index), one audit event summarising the write.
    The drafts' fields must have been cleaned by `worker_clean` (a ledger does it row by row, with
    each row's reasons). `check_access=False` is for a caller that has already checked every draft's
    township against the actor's scope (the ledger, row by row; the command line has no user).
    `audit=False` is for a caller that records the write in its own one event (an import's).
    `summary=False` leaves the new workers without indicator-summary rows, for a caller that gives them
    their rows in the same transaction with their spells (`employment_write_bulk(registered=...)`), so
    that each row is written once (decision 0014).
    """
    if check_access:
        new = list(new)  # read twice: a `Sized` of drafts made one by one is for check_access=False
        scope = policy.worker_write_scope(actor)
        for township in {d.township_id for d in (*new, *changed)}:
            if not scope.covers(township):
                raise PermissionDenied(_("您没有修改劳动力台账的权限"))
    if any(d.pk is None for d in changed):
        raise ValueError("new drafts carry an ID number and no pk; changed drafts carry their pk")
    sql = sql or BulkSql()
    actor_id = getattr(actor, "pk", None)
    stamp = sql.ops.adapt_datetimefield_value(registered_at) if registered_at else sql.now
    keys = []

    def rows():
        # One row at a time as the insert takes them: the drafts and rows of 100,000 people are never
        # all held at once (`new` may be a `Sized` making each draft when asked).
        for draft in new:
            if draft.id_number is None or draft.pk is not None:
                raise ValueError("new drafts carry an ID number and no pk; changed drafts carry their pk")
            identity = draft.derived
            if not IDENTITY_COLUMNS <= identity.keys():
                identity = worker_derived(id_number=draft.id_number)
            keys.append(identity["id_number_bidx"])
            yield [
                *_bulk_values(draft),
                identity.get("id_number_cipher")
                or crypto.encrypt(draft.id_number.number, context=ID_CONTEXT),
                identity["id_number_bidx"],
                identity["id_number_tail_bidx"],
                identity["sex"],
                identity["birth_year"],
                stamp,
                stamp,
                actor_id,
                actor_id,
            ]

    identity_columns = ["id_number", "id_number_bidx", "id_number_tail_bidx", "sex", "birth_year"]
    stamps = ["created_at", "updated_at", "created_by_id", "updated_by_id"]
    try:
        with transaction.atomic():
            sql.insert(Worker, [*_BULK_COLUMNS, *identity_columns, *stamps], Sized(rows(), len(new)))
    except IntegrityError:  # an ID number registered a moment ago, or twice in the drafts
        raise ValidationError({"id_number": [_("该公民身份号码已登记，不能重复登记")]}) from None
    sql.update(
        Worker,
        [*_BULK_COLUMNS, "updated_at", "updated_by_id"],
        [[*_bulk_values(d), sql.now, actor_id, d.pk] for d in changed],
    )
    ids = dict(select_in(Worker, ["id_number_bidx", "id"], "id_number_bidx", keys))
    if summary:
        indicator_summary_workers_added(ids.values())
    indicator_summary_workers_changed(d.pk for d in changed)
    if audit and (new or changed):
        audit_record(
            actor=actor,
            actor_label=actor_label,
            action=AuditEvent.Action.UPDATE,
            region_code=region_code,
            details={"workers": {"created": len(new), "updated": len(changed)}},
        )
    return ids


@transaction.atomic
def preference_write_bulk(
    *,
    actor,
    wishes: dict[int, dict],
    actor_label: str = "",
    region_code: str = "",
    check_access: bool = True,
    audit: bool = True,
    sql: BulkSql | None = None,
) -> int:
    """Set the whole wishes of many workers at once (a ledger); return how many were written.

    The bulk form of the preference fields of `worker_update`: `wishes` maps a worker's id to all six
    fields, already cleaned (occupations by id, regions by code: levels and bounds as `preference_clean`
    allows; a ledger reads them cell by cell, with each cell's reason). The record is created when first
    needed. `check_access` and `audit` as for `worker_write_bulk`.
    """
    if not wishes:
        return 0
    ids = sorted(wishes)
    if check_access:
        scope = policy.worker_write_scope(actor)
        for start in range(0, len(ids), CHUNK):
            townships = Worker.objects.filter(pk__in=ids[start : start + CHUNK]).values_list("township_id")
            if not all(scope.covers(code) for (code,) in townships.distinct()):
                raise PermissionDenied(_("您没有修改劳动力台账的权限"))
    # Plain SQL, as worker_write_bulk: at a ledger's volume the ORM's per-object work is the cost.
    sql = sql or BulkSql()
    ops, table = sql.ops, sql.ops.quote_name(WorkerPreference._meta.db_table)
    classes_field = WorkerPreference._meta.get_field("place_classes")
    links = (
        (WorkerPreference.occupations.through, "occupation_id", "wanted_occupations"),
        (WorkerPreference.regions.through, "region_id", "wanted_regions"),
    )
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ", ".join(["%s"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {ops.quote_name('worker_id')} FROM {table} WHERE {ops.quote_name('worker_id')} IN ({marks})",
                chunk,
            )
            stored = {pk for (pk,) in cursor.fetchall()}
            for through, _column, _field in links:
                if stored:
                    kept = sorted(stored)
                    cursor.execute(
                        f"DELETE FROM {ops.quote_name(through._meta.db_table)} "
                        f"WHERE {ops.quote_name('workerpreference_id')} IN ({', '.join(['%s'] * len(kept))})",
                        kept,
                    )

        def values(pk):
            wish = wishes[pk]
            return [
                classes_field.get_db_prep_value(list(wish["wanted_place_classes"]), connection),
                wish["wanted_pay"],
                wish["needs_lodging"],
                sql.date(wish["available_from"]),
                sql.now,
            ]

        columns = ["place_classes", "pay_min", "needs_lodging", "available_from", "updated_at"]
        sql.run(
            sql.insert_sql(WorkerPreference, [*columns, "worker_id"]),
            [[*values(pk), pk] for pk in chunk if pk not in stored],
        )
        sets = ", ".join(f"{ops.quote_name(c)} = %s" for c in columns)
        sql.run(
            f"UPDATE {table} SET {sets} WHERE {ops.quote_name('worker_id')} = %s",
            [[*values(pk), pk] for pk in chunk if pk in stored],
        )
        for through, column, field in links:
            sql.insert(
                through,
                ["workerpreference_id", column],
                [[pk, value] for pk in chunk for value in wishes[pk][field]],
            )
    if audit:
        audit_record(
            actor=actor,
            actor_label=actor_label,
            action=AuditEvent.Action.UPDATE,
            region_code=region_code,
            details={"preferences": len(ids)},
        )
    return len(ids)
