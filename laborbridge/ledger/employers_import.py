"""Import employers and their vacancies from a sheet (企业岗位需求表): one row an employer, with a vacancy or not.

Every row is accounted for as the ledger import does: created, updated, unchanged or rejected with its
Excel row, column and a Chinese reason; the whole file is one transaction. Employers are keyed by their
统一社会信用代码, or by name when they have none; a vacancy by its employer and title.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core import phone, uscc
from laborbridge.core.audit import audit_record
from laborbridge.core.education import EDUCATION_MINIMUM
from laborbridge.core.headers import Header, HeaderAliases
from laborbridge.core.models import AuditEvent
from laborbridge.core.spreadsheets import Sheet, read_workbook
from laborbridge.core.vocabulary import UnknownWord
from laborbridge.employers.models import Employer, Occupation, Vacancy
from laborbridge.employers.services import (
    employer_create,
    employer_update,
    vacancy_create,
    vacancy_update,
)
from laborbridge.employers.vocabulary import EMPLOYER_KINDS, VACANCY_STATUSES
from laborbridge.ledger import cells
from laborbridge.ledger.rows import ImportResult, LedgerError, RowError
from laborbridge.regions.models import Region

ALIASES = {
    "name": ("单位名称", "企业名称", "用工单位", "公司名称"),
    "uscc": ("统一社会信用代码", "信用代码", "社会信用代码"),
    "kind": ("单位类型", "企业类型"),
    "industry": ("所属行业", "行业"),
    "region": ("所在地", "所在县(区)", "所在县区", "单位所在地", "所在地区"),
    "address": ("地址", "单位地址", "详细地址"),
    "contact_name": ("联系人",),
    "contact_phone": ("联系电话", "联系方式", "手机号码"),
    "provided_by": ("引进方", "引进地区"),
    "provided_on": ("引进日期", "引进时间"),
    "title": ("岗位名称", "岗位", "招聘岗位"),
    "occupation": ("工种", "职业"),
    "headcount": ("招聘人数", "需求人数", "人数"),
    "pay": ("月薪", "月薪(元)", "薪资", "薪资待遇", "工资待遇"),
    "pay_min": ("月薪下限", "最低月薪", "月薪下限(元)"),
    "pay_max": ("月薪上限", "最高月薪", "月薪上限(元)"),
    "place": ("工作地点",),
    "lodging": ("包住", "是否包住"),
    "meals": ("包吃", "是否包吃"),
    "age_min": ("年龄下限", "最低年龄"),
    "age_max": ("年龄上限", "最高年龄"),
    "education_min": ("学历要求", "最低学历"),
    "skills": ("技能要求",),
    "certificate": ("证书要求",),
    "closes_on": ("截止日期",),
    "status": ("状态", "岗位状态"),
}
EMPLOYER_HEADERS = HeaderAliases(ALIASES, required=("name",))
EMPLOYER_KEYS = (
    "name",
    "uscc",
    "kind",
    "industry",
    "region",
    "address",
    "contact_name",
    "contact_phone",
    "provided_by",
    "provided_on",
)


def _uscc_or_cell_error(value: str) -> str:
    try:
        return uscc.parse(value)
    except ValidationError as exc:
        raise cells.CellError(exc.messages[0]) from None


class EmployerImporter:
    def __init__(self, *, actor):
        if not policy.may_create_employers(actor):
            raise LedgerError(_("您没有导入用工单位的权限"))
        self.actor = actor
        self.counties = list(Region.objects.filter(level=Region.Level.COUNTY).select_related("parent"))
        self.occupations = {o.name: o for o in Occupation.objects.all()}

    def county(self, value) -> Region | None:
        """A county by its code, its full name (茂名市电白区) or its own name where that is unique."""
        text = cells.text(value)
        if not text:
            return None
        if text.isdigit():
            return next((c for c in self.counties if c.code == text), None)
        matches = [c for c in self.counties if text in (c.qualified_name, c.name)]
        if len(matches) != 1:
            raise cells.CellError(
                _("找不到唯一的县（区）“%(t)s”，请写全称（如 茂名市电白区）或6位代码") % {"t": text}
            )
        return matches[0]

    def run(self, sheets: list[Sheet], *, dry_run: bool = False) -> ImportResult:
        chosen = next(((s, h) for s in sheets if (h := EMPLOYER_HEADERS.find(s.rows)) is not None), None)
        if chosen is None:
            raise LedgerError(_("没有找到表头：前15行中应有“单位名称”（或“企业名称”）列"))
        sheet, header = chosen
        result = ImportResult(header=sheet.rows[header.row_index], unread_columns=header.unknown)
        for other in sheets:
            if other is not sheet:
                result.notices.append(_("工作表“%(name)s”未导入") % {"name": other.name})
        with transaction.atomic():
            for offset, raw in enumerate(sheet.rows[header.row_index + 1 :]):
                values = {f: raw[i] if i < len(raw) else None for f, i in header.columns.items()}
                if not any(cells.text(v) for v in values.values()):
                    continue
                result.rows += 1
                number = header.row_index + 2 + offset
                try:
                    with transaction.atomic():  # a rejected row leaves nothing behind
                        outcome = self._row(values)
                except (ValidationError, PermissionDenied, cells.CellError) as exc:
                    result.rejected += 1
                    result.rejected_rows.append((number, raw))
                    result.errors.extend(self._errors(number, header, exc))
                    continue
                setattr(result, outcome, getattr(result, outcome) + 1)
            if not dry_run:
                audit_record(
                    actor=self.actor,
                    action=AuditEvent.Action.IMPORT,
                    details={
                        "kind": "employers",
                        "rows": result.rows,
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                        "rejected": result.rejected,
                    },
                )
            else:
                transaction.set_rollback(True)
        return result

    def _errors(self, number: int, header: Header, exc) -> list[RowError]:
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            by_field = exc.message_dict
        else:  # a refusal of the whole row (no permission, a bad cell outside a field)
            by_field = {"name": list(getattr(exc, "messages", [str(exc)]))}
        errors = []
        for field, messages in by_field.items():
            column = (
                header.texts.get(field) or header.texts.get("pay" if field.startswith("pay") else "") or ""
            )
            errors.extend(RowError(number, column or header.texts["name"], message) for message in messages)
        return errors

    def _parse(self, name: str, parse, value):
        try:
            return parse(value)
        except cells.CellError as exc:
            raise ValidationError({name: [str(exc)]}) from None

    def _row(self, values: dict) -> str:
        employer_data = {k: cells.text(values[k]) for k in EMPLOYER_KEYS if k in values}
        if "kind" in employer_data:
            employer_data["kind"] = self._word("kind", EMPLOYER_KINDS, employer_data["kind"])
        for key in ("region", "provided_by"):
            if key in employer_data:
                employer_data[key] = self._parse(key, self.county, values[key]) or ""
        if "provided_on" in values:
            employer_data["provided_on"] = self._parse("provided_on", cells.date, values["provided_on"])
        if "contact_phone" in values:
            employer_data["contact_phone"] = _contact_phone(values["contact_phone"])
        employer, employer_outcome = self._employer(employer_data)
        if not cells.text(values.get("title")):
            return employer_outcome
        vacancy_outcome = self._vacancy(employer, values)
        if "created" in (employer_outcome, vacancy_outcome):
            return "created"
        return "updated" if "updated" in (employer_outcome, vacancy_outcome) else "unchanged"

    def _employer(self, data: dict) -> tuple[Employer, str]:
        code = data.get("uscc", "")
        existing = None
        if code:
            code = data["uscc"] = self._parse("uscc", _uscc_or_cell_error, code)
            existing = Employer.objects.filter(uscc=code).first()
        if existing is None and data.get("name"):
            existing = Employer.objects.filter(Q(name=data["name"]) & (Q(uscc="") | Q(uscc=code))).first()
        if existing is None:
            return employer_create(
                actor=self.actor, **{k: v for k, v in data.items() if v not in (None, "")}
            ), "created"
        if not policy.may_write_employer(self.actor, existing):
            raise PermissionDenied(_("该单位（%(n)s）不在您的管辖范围内，不能修改") % {"n": existing.name})
        changes = {k: v for k, v in data.items() if v not in (None, "")}
        before = existing.updated_at
        employer_update(actor=self.actor, employer=existing, **changes)
        return existing, ("updated" if existing.updated_at != before else "unchanged")

    def _vacancy(self, employer: Employer, values: dict) -> str:
        data = {"title": cells.text(values.get("title"))}
        word = cells.text(values.get("occupation"))
        if word:
            if word not in self.occupations:
                raise ValidationError({"occupation": [_("工种“%(w)s”不在工种目录中") % {"w": word}]})
            data["occupation"] = self.occupations[word]
        if "pay" in values:
            data["pay_min"], data["pay_max"] = self._pay(values["pay"])
        for key in ("pay_min", "pay_max", "headcount", "age_min", "age_max"):
            if key in values and cells.text(values[key]):
                data[key] = cells.text(values[key])
        for key in ("lodging", "meals"):
            if key in values:
                data[key] = self._parse(key, cells.yes_no, values[key])
        if "place" in values and cells.text(values["place"]):
            data["place"] = self._parse("place", self.county, values["place"])
        if "education_min" in values:
            data["education_min"] = self._word("education_min", EDUCATION_MINIMUM, values["education_min"])
        for key in ("skills", "certificate"):
            if key in values:
                data[key] = cells.text(values[key])
        if "closes_on" in values:
            data["closes_on"] = self._parse("closes_on", cells.date, values["closes_on"])
        status = self._word("status", VACANCY_STATUSES, values.get("status"))
        data.setdefault("place", employer.region)
        existing = Vacancy.objects.filter(employer=employer, title=data["title"]).first()
        if existing is None:
            data.setdefault("occupation", self.occupations["其他"])
            vacancy_create(actor=self.actor, employer=employer, status=status, **data)
            return "created"
        before = existing.updated_at
        # one call: saves only what differs once cleaned, and the status move with it or nothing
        vacancy_update(actor=self.actor, vacancy=existing, status=status, **data)
        return "updated" if existing.updated_at != before else "unchanged"

    def _word(self, name: str, vocabulary, value) -> str:
        try:
            return vocabulary.parse(cells.text(value))
        except UnknownWord as exc:
            raise ValidationError({name: [str(exc)]}) from None

    def _pay(self, value) -> tuple[int | str, int | str]:
        text = cells.text(value).replace("元", "").replace(",", "").replace("，", "")
        match = re.fullmatch(r"(\d+)\s*[-~—－至到]\s*(\d+)", text)
        if match:
            return int(match.group(1)), int(match.group(2))
        if text.isdigit():
            return int(text), int(text)
        raise ValidationError({"pay_min": [_("月薪应写作“4000-6000”或一个数")]})


def employers_import_file(*, path, actor, dry_run: bool = False) -> ImportResult:
    """Import an employers' sheet straight away (the command line, and the background task)."""
    return EmployerImporter(actor=actor).run(read_workbook(path), dry_run=dry_run)


def _contact_phone(value) -> str:
    """The cell's text; a landline Excel stored as a number (6685123456) gets back its leading 0."""
    written = cells.phone(value)
    typed_as_a_number = isinstance(value, int | float) and not isinstance(value, bool)
    if typed_as_a_number and written[:1].isdigit() and written[0] not in "01":
        try:
            return phone.parse_contact("0" + written)
        except ValidationError:
            pass
    return written
