"""Import a township or county ledger (务工就业台账): every row created, updated, unchanged or rejected.

Reading and checking happen first, outside any transaction; the writes then happen in one
transaction, so a failure leaves the registry exactly as it was.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laborbridge.accounts.scoping import Scope, scope_for
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.core.pinyin import name_keys
from laborbridge.core.spreadsheets import Sheet
from laborbridge.employment.models import Employment, Source
from laborbridge.ledger import cells
from laborbridge.ledger.columns import Header, find_header
from laborbridge.regions.models import Region
from laborbridge.regions.selectors import region_partner_codes
from laborbridge.workers.choices import PlaceClass, PovertyStatus
from laborbridge.workers.models import Worker
from laborbridge.workers.services import id_number_index, phone_index
from laborbridge.workers.validation import worker_clean

CHUNK = 900  # stays under SQLite's limit of bound parameters per query
WORKER_FIELDS = (
    "name",
    "sex",
    "phone",
    "township",
    "village",
    "poverty_status",
    "education",
    "ethnicity",
    "skills",
    "notes",
)
POVERTY_WORDS = {
    "脱贫劳动力": PovertyStatus.ALLEVIATED,
    "脱贫户": PovertyStatus.ALLEVIATED,
    "脱贫人口": PovertyStatus.ALLEVIATED,
    "脱贫不稳定户": PovertyStatus.ALLEVIATED,
    "监测对象": PovertyStatus.MONITORED,
    "防止返贫监测对象": PovertyStatus.MONITORED,
    "边缘易致贫户": PovertyStatus.MONITORED,
    "突发严重困难户": PovertyStatus.MONITORED,
    "一般农户": PovertyStatus.ORDINARY,
    "一般户": PovertyStatus.ORDINARY,
    "": PovertyStatus.ORDINARY,
}


class LedgerError(Exception):
    """The file as a whole cannot be imported (no header, no data); the message is Chinese."""


@dataclass
class RowError:
    row: int  # the Excel row number
    column: str  # the header text as written in the file
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    sheet: str = ""
    header: list = field(default_factory=list)
    rejected_rows: list[tuple[int, list]] = field(default_factory=list)  # (Excel row, cells as they were)

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [e.as_dict() for e in self.errors],
        }


@dataclass
class _Row:
    number: int
    raw: list
    worker: dict  # cleaned worker fields present in the ledger
    id_number: object  # idnumber.CitizenId
    bidx: str
    employed: bool | None = None
    place_class: str = ""
    employer_name: str = ""
    monthly_income: int | None = None
    start: datetime.date | None = None


@dataclass
class _Person:
    """The registry's view of one person while the file is applied, row after row."""

    worker: Worker
    is_new: bool
    before: tuple = ()  # the registry's state of this person before the file, to detect no net change
    outcomes: list = field(default_factory=list)  # [outcome] of each accepted row, in file order
    changed: set = field(default_factory=set)
    open_spell: Employment | None = None
    spells_to_create: list = field(default_factory=list)
    spells_to_update: dict = field(default_factory=dict)  # id(spell) -> spell


def _snapshot(person: _Person) -> tuple:
    """What a ledger can change of a person: their fields and their open spell."""
    worker, spell = person.worker, person.open_spell
    fields = tuple(
        getattr(worker, f"{name}_id" if name in ("township", "village") else name) for name in WORKER_FIELDS
    )
    job = (
        (spell.place_class, spell.employer_name, spell.monthly_income, spell.start, spell.end)
        if spell
        else None
    )
    return fields, job


class LedgerImporter:
    """Check and apply one ledger for one county, as one actor (None: the command line)."""

    def __init__(
        self,
        *,
        county: Region,
        as_of: datetime.date,
        actor=None,
        actor_label: str = "",
        progress: Callable[[int], None] | None = None,
    ):
        if county.level != Region.Level.COUNTY:
            raise LedgerError(_("请选择县级区划（6位代码）"))
        self.county, self.as_of, self.actor = county, as_of, actor
        self.actor_label = actor_label or (actor.get_username() if actor else "")
        self.progress = progress or (lambda percent: None)
        self.scope: Scope = (
            scope_for(actor)
            if actor is not None
            else Scope(prefixes=(county.code,), can_write=True, can_unmask=False)
        )
        if not self.scope.can_write:
            raise LedgerError(_("您没有导入台账的权限"))
        townships = list(Region.objects.filter(parent=county, level=Region.Level.TOWNSHIP))
        self.townships = cells.build_name_lookup(townships, cells.TOWNSHIP_SUFFIX)
        self.villages: dict[str, dict] = {}
        by_township: dict[str, list] = {}
        for village in Region.objects.filter(code__startswith=county.code, level=Region.Level.VILLAGE):
            by_township.setdefault(village.parent_id, []).append(village)
        for code, villages in by_township.items():
            self.villages[code] = cells.build_name_lookup(villages, cells.VILLAGE_SUFFIX)
        partners = region_partner_codes(code=county.code)
        self.partner_provinces = tuple(
            Region.objects.filter(code__in={code[:2] for code in partners}).values_list("name", flat=True)
        )
        self.region_names = {r.code: r.name for r in townships}

    # -- reading -------------------------------------------------------------------------------

    def pick_sheet(self, sheets: list[Sheet]) -> tuple[Sheet, Header, list[str]]:
        notices, chosen = [], None
        for sheet in sheets:
            header = find_header(sheet.rows)
            if chosen is None and header is not None:
                chosen = (sheet, header)
            else:
                notices.append(_("工作表“%(name)s”未导入") % {"name": sheet.name})
        if chosen is None:
            raise LedgerError(_("没有找到表头：前15行中应有“姓名”和“公民身份号码”（或“身份证号码”）两列"))
        sheet, header = chosen
        if header.unknown:
            notices.append(_("以下列未导入：%(cols)s") % {"cols": "、".join(header.unknown)})
        return sheet, header, notices

    def parse_row(self, number: int, raw: list, header: Header) -> tuple[_Row | None, list[RowError]]:
        """Clean one data row; return it, or the reasons it is rejected."""
        columns, texts = header.columns, header.texts
        errors: list[RowError] = []

        def cell(name):
            index = columns.get(name)
            return raw[index] if index is not None and index < len(raw) else None

        def fail(name, message):
            errors.append(RowError(number, texts.get(name, texts["id_number"]), message))

        def parse(name, fn, **kwargs):
            try:
                return fn(cell(name), **kwargs)
            except cells.CellError as exc:
                fail(name, str(exc))
                return None

        data: dict = {"name": cells.text(cell("name")), "id_number": parse("id_number", cells.id_number)}
        if data["id_number"] is None:
            data.pop("id_number")
        if "phone" in columns:
            value = parse("phone", cells.phone)
            if value:
                data["phone"] = value
        for name, fn in (("sex", cells.sex), ("education", cells.education), ("ethnicity", cells.ethnicity)):
            if name in columns:
                value = parse(name, fn)
                if value:
                    data[name] = value
        for name in ("skills", "notes"):
            if name in columns and cells.text(cell(name)):
                data[name] = cells.text(cell(name))
        poverty = self._poverty(cell, columns, fail)
        if poverty is not None:
            data["poverty_status"] = poverty
        township = self._township(cell("township"), fail) if "township" in columns else None
        if township is not None:
            data["township"] = township
            village_name = cells.text(cell("village")) if "village" in columns else ""
            if village_name:
                village = self.villages.get(township.code, {}).get(village_name)
                if village is None:
                    fail(
                        "village",
                        _("%(township)s没有名为“%(name)s”的村（社区）")
                        % {"township": township.name, "name": village_name},
                    )
                else:
                    data["village"] = village
        elif "township" not in columns:
            fail("township", _("台账中没有“乡(镇)”列，无法确定人员所属乡镇"))

        row = _Row(number=number, raw=raw, worker={}, id_number=None, bidx="")
        if "employment_state" in columns:
            row.employed = parse("employment_state", cells.employment_state)
        if "place_class" in columns:
            row.place_class = (
                parse("place_class", cells.place_class, partner_province_names=self.partner_provinces) or ""
            )
        if "employer_name" in columns:
            row.employer_name = cells.text(cell("employer_name"))[:200]
        if "monthly_income" in columns:
            row.monthly_income = parse("monthly_income", cells.income)
        if "start" in columns:
            row.start = parse("start", cells.date)
        if (
            row.employed
            and not row.place_class
            and not any(e.column == texts.get("place_class") for e in errors)
        ):
            fail("place_class", _("已就业的人员请填写就业地点"))
        if row.start and row.start > self.as_of:
            fail("start", _("务工时间晚于台账日期（%(d)s）") % {"d": self.as_of})

        try:
            clean = worker_clean(data, today=self.as_of)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    fail(name if name in columns else "id_number", message)
            return None, errors
        if errors:
            return None, errors
        row.id_number = clean.pop("id_number")
        row.bidx = id_number_index(row.id_number.number)
        row.worker = clean
        return row, errors

    def _poverty(self, cell, columns, fail) -> str | None:
        if "poverty_status" in columns:
            word = cells.text(cell("poverty_status"))
            if word not in POVERTY_WORDS:
                fail("poverty_status", _("人员类别应为：脱贫劳动力、监测对象或一般农户"))
                return None
            return POVERTY_WORDS[word]
        if "alleviated" not in columns and "monitored" not in columns:
            return None
        flags = {}
        for name in ("alleviated", "monitored"):
            if name in columns:
                try:
                    flags[name] = cells.yes_no(cell(name))
                except cells.CellError as exc:
                    fail(name, str(exc))
                    return None
        # A household both formerly poor and under monitoring counts as formerly poor (脱贫劳动力).
        if flags.get("alleviated"):
            return PovertyStatus.ALLEVIATED
        if flags.get("monitored"):
            return PovertyStatus.MONITORED
        return PovertyStatus.ORDINARY

    def _township(self, value, fail) -> Region | None:
        name = cells.text(value)
        if not name:
            fail("township", _("请填写乡（镇）"))
            return None
        township = self.townships.get(name)
        if township is None:
            fail(
                "township",
                _("%(county)s没有名为“%(name)s”的乡镇（街道）") % {"county": self.county.name, "name": name},
            )
            return None
        if not self.scope.covers(township.code):
            fail("township", _("%(name)s不在您的管辖范围内") % {"name": township.name})
            return None
        return township

    # -- applying ------------------------------------------------------------------------------

    def run(self, sheets: list[Sheet], *, dry_run: bool = False) -> ImportResult:
        sheet, header, notices = self.pick_sheet(sheets)
        result = ImportResult(notices=notices, sheet=sheet.name, header=sheet.rows[header.row_index])
        data_rows = sheet.rows[header.row_index + 1 :]
        name_col, id_col = header.columns["name"], header.columns["id_number"]
        parsed: list[_Row] = []
        total = max(1, len(data_rows))
        for offset, raw in enumerate(data_rows):
            if offset % 2000 == 0:
                self.progress(int(70 * offset / total))
            name = raw[name_col] if name_col < len(raw) else None
            ident = raw[id_col] if id_col < len(raw) else None
            if cells.text(name) == "" and cells.text(ident) == "":
                continue  # blank lines and 填表人/审核人 footers are not data rows
            result.rows += 1
            number = header.row_index + 2 + offset
            row, errors = self.parse_row(number, raw, header)
            if row is None:
                self._reject(result, number, raw, errors)
            else:
                parsed.append(row)
        self.progress(70)
        people = self._load_people({row.bidx for row in parsed})
        self.progress(80)
        for row in parsed:
            outcome = self._apply(row, people)
            if isinstance(outcome, RowError):
                self._reject(result, row.number, row.raw, [outcome])
            else:
                people[row.bidx].outcomes.append(outcome)
        for person in people.values():
            if not person.is_new and "updated" in person.outcomes and _snapshot(person) == person.before:
                # Rows that change a person and change them back (the same file imported again): no change.
                person.outcomes = ["unchanged"] * len(person.outcomes)
                person.changed.clear()
                person.spells_to_create.clear()
                person.spells_to_update.clear()
            for outcome in person.outcomes:
                setattr(result, outcome, getattr(result, outcome) + 1)
        self.progress(85)
        if not dry_run:
            self._write(people, result)
        self.progress(100)
        return result

    @staticmethod
    def _reject(result: ImportResult, number: int, raw: list, errors: list[RowError]) -> None:
        result.rejected += 1
        result.errors.extend(errors)
        result.rejected_rows.append((number, raw))

    def _load_people(self, keys: set[str]) -> dict[str, _Person]:
        people: dict[str, _Person] = {}
        keys = sorted(keys)
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            for worker in (
                Worker.objects.filter(id_number_bidx__in=chunk)
                .defer("id_number")
                .select_related("township__parent")
            ):
                people[worker.id_number_bidx] = _Person(worker=worker, is_new=False)
        by_id = {p.worker.pk: p for p in people.values()}
        ids = sorted(by_id)
        for start in range(0, len(ids), CHUNK):
            for spell in Employment.objects.filter(
                worker_id__in=ids[start : start + CHUNK], end__isnull=True
            ):
                by_id[spell.worker_id].open_spell = spell
        for person in people.values():
            person.before = _snapshot(person)
        return people

    def _apply(self, row: _Row, people: dict[str, _Person]) -> str | RowError:
        """Apply one clean row to the in-memory registry: 'created', 'updated', 'unchanged' or a rejection."""
        person = people.get(row.bidx)
        if person is None:
            worker = Worker(
                id_number=row.id_number.number,
                id_number_bidx=row.bidx,
                birth_date=row.id_number.birth_date,
                sex=row.id_number.sex,
                created_by=self.actor,
                updated_by=self.actor,
            )
            person = people[row.bidx] = _Person(worker=worker, is_new=True)
            self._set_fields(person, row)
            self._apply_employment(person, row)
            return "created"
        if row.worker["township"].code != person.worker.township_id:
            return RowError(row.number, "", self._elsewhere_message(person.worker))
        changed = self._set_fields(person, row) | self._apply_employment(person, row)
        return "updated" if changed else "unchanged"

    def _elsewhere_message(self, worker: Worker) -> str:
        township = worker.township
        if self.scope.covers(worker.township_id):
            place = township.name
        elif township.parent_id != self.county.code:
            place = f"{township.parent.name}{township.name}" if township.parent else township.name
        else:
            place = township.name
        return _("此人已在%(place)s登记，不能重复登记或迁移；如需迁入，请联系原登记地区") % {"place": place}

    def _set_fields(self, person: _Person, row: _Row) -> bool:
        """Copy the row's non-blank fields onto the worker; True if any differed."""
        worker, changed = person.worker, set()
        for name, value in row.worker.items():
            if name == "sex":
                continue  # derived from the ID; a given sex was only checked against it
            if name in ("township", "village"):
                if getattr(worker, f"{name}_id") != value.code:
                    setattr(worker, name, value)
                    changed.add(name)
                    if name == "township":
                        worker.county_id = value.parent_id
            elif getattr(worker, name) != value:
                setattr(worker, name, value)
                changed.add(name)
        if "name" in changed:
            worker.name_pinyin, worker.name_initials = name_keys(worker.name)
        if "phone" in changed:
            worker.phone_bidx = phone_index(worker.phone)
        person.changed |= changed
        return bool(changed)

    def _apply_employment(self, person: _Person, row: _Row) -> bool:
        if row.employed is None:
            return False
        spell = person.open_spell
        if row.employed is False:
            if spell is None:
                return False
            spell.end = max(spell.start, self.as_of)
            self._touch(person, spell)
            person.open_spell = None
            return True
        start = row.start or self.as_of
        if (
            spell is not None
            and spell.place_class == row.place_class
            and spell.employer_name == row.employer_name
        ):
            changed = False
            if row.monthly_income is not None and spell.monthly_income != row.monthly_income:
                spell.monthly_income, changed = row.monthly_income, True
            if row.start is not None and spell.start != row.start:
                spell.start, changed = row.start, True
            if changed:
                self._touch(person, spell)
            return changed
        if spell is not None:  # a different job: the old spell ends the day before the new one
            spell.end = max(spell.start, start - datetime.timedelta(days=1))
            self._touch(person, spell)
        worker = person.worker
        place = worker.township if row.place_class == PlaceClass.IN_COUNTY else None
        new = Employment(
            worker=worker,
            employer_name=row.employer_name,
            place=place,
            place_class=row.place_class,
            start=start,
            monthly_income=row.monthly_income,
            source=Source.LEDGER,
            created_by=self.actor,
        )
        person.spells_to_create.append(new)
        person.open_spell = new
        return True

    @staticmethod
    def _touch(person: _Person, spell: Employment) -> None:
        if spell.pk is not None:
            person.spells_to_update[id(spell)] = spell

    @transaction.atomic
    def _write(self, people: dict[str, _Person], result: ImportResult) -> None:
        new = [p.worker for p in people.values() if p.is_new]
        Worker.objects.bulk_create(new, batch_size=1000)
        changed = [p for p in people.values() if not p.is_new and p.changed]
        fields = sorted({name for p in changed for name in p.changed} | {"updated_by", "updated_at"})
        fields = [f for f in fields if f != "sex"]
        if "name" in fields:
            fields += ["name_pinyin", "name_initials"]
        if "phone" in fields:
            fields.append("phone_bidx")
        if "township" in fields:
            fields.append("county")
        now = timezone.now()
        for person in changed:
            person.worker.updated_by, person.worker.updated_at = self.actor, now
        Worker.objects.bulk_update([p.worker for p in changed], fields, batch_size=500)
        # Close or change existing spells first: a worker has at most one open spell at any moment.
        closed = [s for p in people.values() for s in p.spells_to_update.values()]
        for spell in closed:
            spell.updated_at = now
        Employment.objects.bulk_update(
            closed, ["end", "monthly_income", "start", "updated_at"], batch_size=500
        )
        # bulk_create fills each spell's worker_id from its (now saved) worker.
        Employment.objects.bulk_create(
            [s for p in people.values() for s in p.spells_to_create], batch_size=1000
        )
        audit_record(
            actor=self.actor,
            actor_label=self.actor_label,
            action=AuditEvent.Action.IMPORT,
            region_code=self.county.code,
            details={
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "rejected": result.rejected,
            },
        )
