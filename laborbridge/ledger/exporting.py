"""Export a filtered registry list to .xlsx, in the ledger's own layout (so it can be imported again)."""

import datetime
import tempfile

import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core.audit import audit_record
from laborbridge.core.education import EDUCATION
from laborbridge.core.models import AuditEvent
from laborbridge.core.redaction import contains_personal_numbers
from laborbridge.core.spreadsheets import escape_cell
from laborbridge.core.yes_no import yes_no_word
from laborbridge.employment.models import Employment
from laborbridge.ledger.vocabulary import state_word
from laborbridge.ledger.workbooks import TEMPLATE_COLUMNS
from laborbridge.regions.models import Region
from laborbridge.workers.choices import PlaceClass
from laborbridge.workers.models import WorkerPreference
from laborbridge.workers.selectors import WorkerFilters, worker_list
from laborbridge.workers.vocabulary import PLACE_CLASSES, SEXES

CHUNK = 1000
REASON_MIN = 5
REASON_MAX = 200


def export_reason_clean(reason: str) -> str:
    """The reason given for an export of full numbers, or a Chinese ValidationError saying what is wrong."""
    reason = " ".join(str(reason or "").split())
    if len(reason) < REASON_MIN:
        raise ValidationError(
            {"reason": [_("请填写导出完整号码的事由（至少%(n)d个字），它将记入审计记录") % {"n": REASON_MIN}]}
        )
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [_("事由不能超过%(n)d个字") % {"n": REASON_MAX}]})
    if contains_personal_numbers(reason):
        # The reason is kept in clear in the audit trail: it must not carry the numbers themselves.
        raise ValidationError({"reason": [_("请不要在事由中填写身份证号或手机号")]})
    return reason


def workers_export(
    *,
    actor,
    filters: WorkerFilters,
    request=None,
    full: bool = False,
    reason: str = "",
    partner_province: str = "协作省份",
    progress=None,
):
    """Write the actor's filtered list to a temporary .xlsx; return (file, row count). Audited.

    `progress(percent)`, when given, is called after each chunk of rows (the background export's bar).

    The list is masked unless `full` is asked for, which takes the unmask capability and a reason
    (recorded in the export's audit event); even then only the workers the actor may unmask are shown in full.
    """
    if full:
        if not policy.may(actor, "unmask_workers"):
            audit_record(actor=actor, action=AuditEvent.Action.EXPORT, request=request, success=False,
                         object_type="workers.worker", details={"unmasked": True})  # fmt: skip
            raise PermissionDenied(_("您没有导出完整身份证号和手机号的权限"))
        reason = export_reason_clean(reason)
    unmask_scope = policy.worker_unmask_scope(actor) if full else policy.NOWHERE
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    book = xlsxwriter.Workbook(
        handle.name, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    header = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet(_("劳动力名单"))
    headers = [h for h, _w, _c in TEMPLATE_COLUMNS]
    for col, (text, width, _choice) in enumerate(TEMPLATE_COLUMNS):
        sheet.write_string(0, col, text, header)
        sheet.set_column(col, col, width)
    qs = worker_list(actor=actor, filters=filters).select_related("township", "village")
    count, row = 0, 1
    batch: list = []
    total = qs.count() if progress else 0

    def flush():
        nonlocal row
        open_spells = Employment.objects.filter(worker_id__in=[w.pk for w in batch], end__isnull=True)
        spells = {
            s.worker_id: s for s in open_spells.select_related("place__parent__parent__parent", "occupation")
        }
        wishes = {
            p.worker_id: p
            for p in WorkerPreference.objects.filter(worker_id__in=[w.pk for w in batch]).prefetch_related(
                "occupations", Prefetch("regions", Region.objects.select_related("parent__parent"))
            )
        }
        for worker in batch:
            spell = spells.get(worker.pk)
            unmask = unmask_scope.covers(worker.township_id)
            values = {
                "姓名": worker.name,
                "公民身份号码": worker.id_number if unmask else worker.id_number_masked,
                "性别": SEXES.label(worker.sex),
                "民族": worker.ethnicity,
                "文化程度": EDUCATION.label(worker.education),
                "手机号码": (worker.phone if unmask else worker.phone_masked) or "",
                "乡(镇)": worker.township.name,
                "行政村": worker.village.name if worker.village_id else "",
                "是否脱贫劳动力": yes_no_word(worker.poverty_status == "alleviated"),
                "是否监测对象": yes_no_word(worker.poverty_status == "monitored"),
                "就业状态": state_word(employed=spell is not None, channel=spell.channel if spell else ""),
                "就业地点": _place_written(spell, partner_province) if spell else "",
                "就业单位": spell.employer_name if spell else "",
                "工种": spell.occupation.name if spell and spell.occupation_id else "",
                "月收入(元)": spell.monthly_income if spell and spell.monthly_income is not None else "",
                "务工时间": spell.start if spell else "",
                "技能特长": worker.skills,
                "备注": worker.notes,
                "期望工种": "",
                "意向务工地": "",
                "期望月薪(元)": "",
                "是否需要住宿": "",
                "可到岗时间": "",
                **_wishes_written(wishes.get(worker.pk)),
            }
            for col, text in enumerate(headers):
                value = values[text]
                if isinstance(value, datetime.date):
                    sheet.write_datetime(row, col, value, date_format)
                elif isinstance(value, int):
                    sheet.write_number(row, col, value)
                elif value:
                    sheet.write_string(row, col, escape_cell(str(value)))
            row += 1
        batch.clear()
        if progress and total:
            progress(min(99, row * 100 // (total + 1)))

    for worker in qs.iterator(chunk_size=CHUNK):
        batch.append(worker)
        count += 1
        if len(batch) >= CHUNK:
            flush()
    flush()
    sheet.freeze_panes(1, 2)
    book.close()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        request=request,
        object_type="workers.worker",
        details={
            "rows": count,
            "unmasked": full,
            **({"reason": reason} if full else {}),
            "filters": {k: v for k, v in vars(filters).items() if v not in ("", None)},
        },
    )
    return handle, count


def _place_written(spell: Employment, partner_province: str) -> str:
    """The place as the ledger wrote it; else the region by a name the import reads back; else the class."""
    if spell.place_text:
        return spell.place_text
    if spell.place_id:
        # A township of the home county by its own name (the import looks there first); anything else
        # with its province and city, since a county's name alone may be shared (鼓楼区).
        return spell.place.name if len(spell.place_id) == 9 else spell.place.full_name
    if spell.place_class == PlaceClass.PARTNER_PROVINCE:
        return partner_province
    return PLACE_CLASSES.label(spell.place_class)


def _wishes_written(pref: WorkerPreference | None) -> dict:
    """A worker's wishes as the ledger's wish columns write them, so that importing the list again changes nothing.

    Places: the classes by their labels, then the regions with their province and city (a county's name
    alone may be shared); lodging is written only when needed (a blank cell states nothing)."""
    if pref is None:
        return {}
    places = [PLACE_CLASSES.label(c) for c in pref.place_classes]
    places += [r.full_name for r in sorted(pref.regions.all(), key=lambda r: r.code)]
    return {
        "期望工种": "、".join(o.name for o in sorted(pref.occupations.all(), key=lambda o: o.pk)),
        "意向务工地": "、".join(places),
        "期望月薪(元)": pref.pay_min if pref.pay_min is not None else "",
        "是否需要住宿": "是" if pref.needs_lodging else "",
        "可到岗时间": pref.available_from or "",
    }
