"""The audit trail in words an auditor reads: Chinese names, places by name, changes as "字段: 旧 → 新".

Events keep codes (action, role, region, object type, field names); this module turns a page of them into
rows for the page and the Excel export. What a row shows is decided for the viewer:

- the object is named by its kind and key, or by the label stored with the event (which never holds a
  person's name or number, see `core/audit.py::_label`); it links to its page only where the policy lets the
  viewer open that page;
- the values of a change of a person's record (a worker's, a spell's ...) are shown (masked, as stored) only
  to a viewer who may see that record; others read which fields changed, not what they hold.

Other apps' records are known here only by their labels (`workers.worker`), through the app registry, so that
accounts stays below them.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from laborbridge.accounts import policy
from laborbridge.accounts.models import User
from laborbridge.regions.models import Region

HIDDEN = gettext_lazy("（内容不予显示）")
EMPTY = "—"


def _worker_q(actor):
    return policy.worker_scope(actor).worker_q()


def _users_q(actor):
    return policy.users_q(actor) & ~Q(pk=actor.pk)  # one's own account is not managed from its page


# object type → (the page that shows it, the filter of the records the viewer may open there)
OBJECT_PAGES = {
    "workers.worker": ("workers:detail", _worker_q),
    "employers.employer": ("employers:detail", lambda actor: policy.employers_q(actor)),
    "employers.vacancy": ("employers:vacancy", lambda actor: policy.employers_q(actor, "employer__")),
    "employers.employmentbase": ("employment:base", lambda actor: policy.employers_q(actor, "employer__")),
    "ledger.ledgerimport": ("ledger:job", policy.import_jobs_q),
    "accounts.user": ("accounts:user_edit", _users_q),
    "fairs.jobfair": ("fairs:detail", policy.fairs_q),
    "training.trainingclass": ("training:class", policy.training_classes_q),
    "training.enrolment": ("training:enrolment", lambda actor: policy.trainees_q(actor)),
}

# Records that are a person's: what they hold is shown only to a viewer who may see the record.
PERSONAL_RECORDS = {
    "workers.worker",
    "employment.employment",
    "employment.referral",
    "employment.referralstep",
    "employment.followup",
    "fairs.fairpreregistration",
    "fairs.fairvisit",
    "fairs.fairintent",
    "fairs.consultation",
    "training.enrolment",
}
# ... and the personal fields of other records.
PERSONAL_FIELDS = {"employers.employer": {"contact_name", "contact_phone"}}
# Details that hold a person's (masked) data whatever the object (an erasure names the masked ID number).
PERSONAL_DETAILS = {"id_number", "phone", "name"}

# The kinds of object the filter offers (each a model label), in the order an auditor thinks of them.
OBJECT_TYPES = [
    "workers.worker",
    "employment.employment",
    "employment.referral",
    "employment.followup",
    "employers.employer",
    "employers.vacancy",
    "employers.employmentbase",
    "training.trainingclass",
    "training.enrolment",
    "ledger.ledgerimport",
    "fairs.jobfair",
    "fairs.fairvisit",
    "fairs.fairintent",
    "accounts.user",
    "core.auditevent",
]

# Pages and API operations named in refusals ("workers:detail"), by their URL namespace.
PAGE_AREAS = {
    "workers": gettext_lazy("劳动力台账"),
    "ledger": gettext_lazy("台账导入导出"),
    "employers": gettext_lazy("用工单位与岗位"),
    "employment": gettext_lazy("就业与推荐"),
    "reports": gettext_lazy("统计报表"),
    "fairs": gettext_lazy("招聘会"),
    "accounts": gettext_lazy("账户"),
    "privacy": gettext_lazy("个人信息删除"),
    "training": gettext_lazy("技能培训"),
    "api": gettext_lazy("数据接口"),
}

DETAIL_LABELS = {
    "rows": gettext_lazy("行数"),
    "created": gettext_lazy("新增"),
    "updated": gettext_lazy("更新"),
    "unchanged": gettext_lazy("未变"),
    "rejected": gettext_lazy("未导入"),
    "opened": gettext_lazy("新开"),
    "changed": gettext_lazy("变更"),
    "closed": gettext_lazy("结束"),
    "workers": gettext_lazy("劳动力"),
    "employments": gettext_lazy("就业记录"),
    "filters": gettext_lazy("筛选条件"),
    "unmasked": gettext_lazy("含完整号码"),
    "reason": gettext_lazy("事由"),
    "file": gettext_lazy("文件"),
    "size": gettext_lazy("大小（字节）"),
    "sha256": gettext_lazy("文件摘要"),
    "status": gettext_lazy("状态"),
    "method": gettext_lazy("请求方式"),
    "fields": gettext_lazy("涉及字段"),
    "kind": gettext_lazy("类别"),
    "source": gettext_lazy("来源"),
    "row": gettext_lazy("行号"),
    "message": gettext_lazy("说明"),
    "tokens": gettext_lazy("令牌数"),
    "second_factor": gettext_lazy("两步验证"),
    "referral": gettext_lazy("推荐编号"),
    "fair": gettext_lazy("招聘会编号"),
    "walk_in": gettext_lazy("现场登记"),
    "topic": gettext_lazy("咨询类别"),
    "headcount": gettext_lazy("招聘人数"),
    "fair_results": gettext_lazy("招聘会结果"),
    "follow_up": gettext_lazy("回访（月）"),
    "organisers": gettext_lazy("组织地区"),
    "attendance": gettext_lazy("考勤日期"),
    "present": gettext_lazy("出勤人数"),
    "count": gettext_lazy("人数"),
    "certificate": gettext_lazy("证书"),
    "roster": gettext_lazy("学员名册行数"),
    "still_working": gettext_lazy("仍在岗"),
    "indicator": gettext_lazy("指标"),
    "report": gettext_lazy("报表"),
    "from": gettext_lazy("起"),
    "to": gettext_lazy("止"),
    "before": gettext_lazy("早于"),
    "deleted": gettext_lazy("删除条数"),
    "member_added": gettext_lazy("添加成员"),
    "member_removed": gettext_lazy("移除成员"),
    "account_created": gettext_lazy("新开账户"),
    "password_changed": gettext_lazy("修改密码"),
    "password_reset": gettext_lazy("重置密码"),
    "is_active": gettext_lazy("启用"),
    "role": gettext_lazy("角色"),
    "region": gettext_lazy("地区"),
    "full_name": gettext_lazy("姓名"),
    "lock": gettext_lazy("锁定对象"),
    "failures": gettext_lazy("失败次数"),
    "minutes": gettext_lazy("时段（分钟）"),
    "erased": gettext_lazy("删除的记录"),
    "object_id": gettext_lazy("编号"),
    "id_number": gettext_lazy("公民身份号码"),
    "phone": gettext_lazy("手机号码"),
    "name": gettext_lazy("姓名"),
    "files": gettext_lazy("文件"),
    "referrals": gettext_lazy("推荐"),
    "q": gettext_lazy("关键词"),
    "township": gettext_lazy("乡镇"),
    "village": gettext_lazy("村"),
    "poverty_status": gettext_lazy("脱贫属性"),
    "sex": gettext_lazy("性别"),
    "employment": gettext_lazy("就业状态"),
    "on": gettext_lazy("日期"),
    "monthly_income": gettext_lazy("月收入（元）"),
    "withdrawn_step": gettext_lazy("撤回的步骤"),
    "removed": gettext_lazy("删除的就业记录"),
    "reopened": gettext_lazy("重新打开的就业记录"),
    "follow_ups": gettext_lazy("回访任务"),
    "start": gettext_lazy("开始日期"),
    "end": gettext_lazy("结束日期"),
    "employer_name": gettext_lazy("就业单位"),
    "place": gettext_lazy("就业地点"),
    "place_class": gettext_lazy("务工地域"),
    "channel": gettext_lazy("就业渠道"),
    "vacancy": gettext_lazy("岗位编号"),
    "worker": gettext_lazy("劳动力编号"),
    "spell": gettext_lazy("就业记录编号"),
    "steps": gettext_lazy("推荐步骤"),
    "spells": gettext_lazy("就业记录"),
    "unread_columns": gettext_lazy("未读取的列"),
    "age_min": gettext_lazy("年龄下限"),
    "age_max": gettext_lazy("年龄上限"),
    "employed": gettext_lazy("是否在岗"),
    "education": gettext_lazy("文化程度"),
    "ordering": gettext_lazy("排序"),
}
# The pages of an area (the part of a URL name after the colon), for refusals: "劳动力台账·详情".
PAGE_KINDS = {
    "detail": gettext_lazy("详情"),
    "list": gettext_lazy("列表"),
    "home": gettext_lazy("首页"),
    "create": gettext_lazy("新增"),
    "edit": gettext_lazy("修改"),
    "unmask": gettext_lazy("查看完整号码"),
    "export": gettext_lazy("导出"),
    "export_full": gettext_lazy("导出完整号码"),
    "job": gettext_lazy("导入任务"),
    "errors": gettext_lazy("未导入的行"),
    "vacancy": gettext_lazy("岗位"),
    "vacancies": gettext_lazy("岗位列表"),
    "follow_ups": gettext_lazy("回访任务"),
    "audit": gettext_lazy("审计记录"),
    "users": gettext_lazy("用户管理"),
    "dashboard": gettext_lazy("统计"),
    "official": gettext_lazy("正式报表"),
}
VALUE_LABELS = {
    "ledger errors": gettext_lazy("未导入的行"),
    "registered_elsewhere": gettext_lazy("已在其他地区登记"),
    "employers": gettext_lazy("用工单位"),
    "pending": gettext_lazy("待输入验证码"),
    "enrolled": gettext_lazy("已绑定验证器"),
    "recovery_codes_issued": gettext_lazy("已生成恢复码"),
    "reset": gettext_lazy("已重置"),
    "role_changed": gettext_lazy("角色变更"),
    "official": gettext_lazy("正式报表"),
    "workers.worker": gettext_lazy("劳动力"),
    "referral_step_withdrawn": gettext_lazy("撤回推荐步骤"),
    "referral_left": gettext_lazy("推荐记录为离职"),
    "referral_hired": gettext_lazy("录用时结束原就业"),
    "referral_took_over": gettext_lazy("录用接续台账中的同一就业"),
    "follow_up": gettext_lazy("回访时记录"),
    "id_tail": gettext_lazy("证件号后几位"),
    "id": gettext_lazy("证件号"),
    "phone": gettext_lazy("手机号"),
}


@dataclass
class Change:
    label: str
    old: str = ""
    new: str = ""
    hidden: bool = False  # the viewer may not see the record: which field changed, not what it holds

    def __str__(self):
        if self.hidden:
            return _("%(field)s: 已修改（内容不予显示）") % {"field": self.label}
        return f"{self.label}: {self.old} → {self.new}"


@dataclass
class Detail:
    label: str
    value: str


@dataclass
class AuditRow:
    event: object
    time: datetime.datetime
    actor: str
    role: str
    region: str
    action: str
    target: str
    url: str = ""
    changes: list[Change] = field(default_factory=list)
    details: list[Detail] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return self.event.success

    @property
    def lines(self) -> list[str]:
        """The changes and details as lines of text (the export's 详情 column)."""
        return [str(c) for c in self.changes] + [f"{d.label}: {d.value}" for d in self.details]


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def role_label(code: str) -> str:
    try:
        return str(User.Role(code).label)
    except ValueError:
        return code or EMPTY


def region_names(codes) -> dict[str, str]:
    """Each code's name in words: a county with its city, a township with its county."""
    names = {}
    for region in Region.objects.filter(code__in={c for c in codes if c}).select_related("parent__parent"):
        if region.level == Region.Level.TOWNSHIP and region.parent is not None:
            names[region.code] = region.parent.name + region.name
        elif region.level == Region.Level.COUNTY:
            names[region.code] = region.qualified_name
        else:
            names[region.code] = region.name
    return names


def object_type_label(label: str) -> str:
    if ":" in label:
        area, _colon, page = label.partition(":")
        kind = PAGE_KINDS.get(page)
        if kind is not None:
            return _("%(area)s·%(page)s页面") % {"area": PAGE_AREAS.get(area, area), "page": kind}
        return _("%(area)s页面（%(name)s）") % {"area": PAGE_AREAS.get(area, area), "name": label}
    model = _model(label)
    return str(model._meta.verbose_name) if model is not None else label


def _target(event) -> str:
    if not event.object_type:
        return EMPTY
    kind = object_type_label(event.object_type)
    model = _model(event.object_type)
    plain = model is None or not event.object_repr or event.object_repr.endswith(f"#{event.object_id}")
    if plain:
        return f"{kind} #{event.object_id}" if event.object_id else kind
    return f"{kind}「{event.object_repr}」"


def _visible(actor, events) -> set[tuple[str, str]]:
    """(object type, id) of the events' objects that `actor` may open on their pages."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.object_type in OBJECT_PAGES and event.object_id.isdigit():
            wanted.setdefault(event.object_type, set()).add(int(event.object_id))
    seen = set()
    for label, ids in wanted.items():
        model = _model(label)
        if model is None:
            continue
        q = OBJECT_PAGES[label][1](actor)
        for pk in model.objects.filter(q, pk__in=ids).values_list("pk", flat=True):
            seen.add((label, str(pk)))
    return seen


def _text(value) -> str:
    if value is None or value == "":
        return EMPTY
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    if isinstance(value, list | tuple):
        return "、".join(_text(item) for item in value) or EMPTY
    if isinstance(value, dict):
        return "，".join(f"{DETAIL_LABELS.get(k, k)} {_text(v)}" for k, v in value.items()) or EMPTY
    return str(VALUE_LABELS.get(value, value)) if isinstance(value, str) else str(value)


def _field(model, name: str):
    if model is None:
        return None
    for candidate in (name, name.removesuffix("_id")):
        try:
            return model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
    return None


def _field_label(model, name: str) -> str:
    found = _field(model, name)
    if found is not None and hasattr(found, "verbose_name"):
        return str(found.verbose_name)
    return str(DETAIL_LABELS.get(name, name))


class _Values:
    """Turns stored values into words: choices by their labels, region codes by their names."""

    def __init__(self, regions: dict[str, str]):
        self.regions = regions

    def show(self, model, name: str, value) -> str:
        found = _field(model, name)
        if found is not None and value not in (None, "", "—"):
            choices = dict(found.flatchoices) if getattr(found, "choices", None) else {}
            if str(value) in choices:
                return str(choices[str(value)])
            if getattr(found, "related_model", None) is Region or name == "region":
                return self.regions.get(str(value), str(value))
        if model is User and name == "role":
            return role_label(str(value))
        if name == "region" and value:
            return self.regions.get(str(value), str(value))
        return _text(value)


PLACE_KEYS = ("region", "township", "village", "place", "provided_by", "county")


def _is_pair(value) -> bool:
    return isinstance(value, list) and len(value) == 2 and not any(isinstance(v, list | dict) for v in value)


def _region_codes_in(event) -> set[str]:
    """Region codes an event's changes hold (a worker moved from one township to another)."""
    codes = {event.region_code}
    details = event.details if isinstance(event.details, dict) else {}
    pairs = dict(details.get("changes") or {}) if isinstance(details.get("changes"), dict) else {}
    pairs.update({k: v for k, v in details.items() if _is_pair(v)})
    for name, pair in pairs.items():
        if name.endswith("_id") or name in PLACE_KEYS:
            codes.update(str(v) for v in pair if v)
    filters = details.get("filters")
    if isinstance(filters, dict):
        codes.update(str(v) for k, v in filters.items() if k in PLACE_KEYS and isinstance(v, str) and v)
    return codes


def _detail_label(model, key: str) -> str:
    if key in DETAIL_LABELS:
        return str(DETAIL_LABELS[key])
    return _field_label(model, key)


def _words(model, key: str, value, values: _Values) -> str:
    """A detail's value in words: a choice by its label, a region by its name, a record of fields by theirs."""
    if isinstance(value, dict):
        parts = [f"{_detail_label(model, k)} {_words(model, k, v, values)}" for k, v in value.items()]
        return "，".join(parts) or EMPTY
    if isinstance(value, str) and key in PLACE_KEYS and value in values.regions:
        return values.regions[value]
    if isinstance(value, str) and value in VALUE_LABELS:
        return str(VALUE_LABELS[value])
    return values.show(model, key, value)


def _explain(event, *, open_values: bool, values: _Values) -> tuple[list[Change], list[Detail]]:
    model = _model(event.object_type)
    personal_record = event.object_type in PERSONAL_RECORDS
    personal_fields = PERSONAL_FIELDS.get(event.object_type, set())
    changes, details = [], []

    def change(name, pair):
        label = _field_label(model, name)
        if not open_values and (personal_record or name in personal_fields):
            changes.append(Change(label, hidden=True))
        else:
            changes.append(
                Change(label, values.show(model, name, pair[0]), values.show(model, name, pair[1]))
            )

    raw = event.details if isinstance(event.details, dict) else {"": event.details}
    for key, value in raw.items():
        if key == "changes" and isinstance(value, dict):
            for name, pair in value.items():
                if _is_pair(pair):
                    change(name, pair)
        elif _is_pair(value) and (_field(model, key) is not None or key in ("role", "region", "full_name")):
            change(key, value)
        elif key == "fields" and isinstance(value, list) and isinstance(raw.get("changes"), dict):
            continue  # the changes name them already
        elif key == "fields" and isinstance(value, list):
            details.append(
                Detail(str(DETAIL_LABELS["fields"]), "、".join(_field_label(model, f) for f in value))
            )
        elif key in PERSONAL_DETAILS and not open_values:
            details.append(Detail(str(DETAIL_LABELS[key]), str(HIDDEN)))
        elif key == "filters" and isinstance(value, dict):
            worker = _model("workers.worker")
            shown = "，".join(
                f"{_field_label(worker, k)}={values.regions.get(str(v), str(v)) if k in PLACE_KEYS else values.show(worker, k, v)}"
                for k, v in value.items()
            )
            details.append(Detail(str(DETAIL_LABELS["filters"]), shown or _("无")))
        else:
            details.append(Detail(_detail_label(model, key), _words(model, key, value, values)))
    return changes, details


def audit_rows(*, actor, events) -> list[AuditRow]:
    """The events in words for `actor` (a page of them, or a chunk of an export)."""
    events = list(events)
    visible = _visible(actor, events)
    codes = set()
    for event in events:
        codes |= _region_codes_in(event)
    values = _Values(region_names(codes))
    may_see_people = policy.may(actor, "view_workers")
    rows = []
    for event in events:
        key = (event.object_type, event.object_id)
        opens = key in visible
        url = ""
        if opens:
            try:
                url = reverse(OBJECT_PAGES[event.object_type][0], args=[int(event.object_id)])
            except NoReverseMatch:
                url = ""
        # Values of a person's record: for whoever may see it; an event naming no record (an erasure, a
        # bulk write) shows its personal details to those who see workers at all.
        open_values = opens or (not event.object_id and may_see_people)
        changes, details = _explain(event, open_values=open_values, values=values)
        rows.append(
            AuditRow(
                event=event,
                time=timezone.localtime(event.time),
                actor=event.actor_label or EMPTY,
                role=role_label(event.role) if event.role else EMPTY,
                region=values.regions.get(event.region_code, event.region_code) or EMPTY,
                action=event.get_action_display(),
                target=_target(event),
                url=url,
                changes=changes,
                details=details,
            )
        )
    return rows
