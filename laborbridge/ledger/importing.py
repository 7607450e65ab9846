"""Import a township or county ledger (务工就业台账): every row created, updated, unchanged or rejected.

Reading and checking happen first, outside any transaction; the writes then happen in one
transaction, so a failure leaves the registry exactly as it was.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core.audit import audit_record
from laborbridge.core.models import AuditEvent
from laborbridge.core.spreadsheets import Sheet
from laborbridge.employers.selectors import employer_ids_by_name
from laborbridge.employment.models import Employment
from laborbridge.ledger import cells
from laborbridge.ledger.columns import Header, find_header
from laborbridge.ledger.writing import CHUNK, STATE_FIELDS, LedgerWriter
from laborbridge.regions.models import Region
from laborbridge.regions.selectors import region_partner_codes
from laborbridge.workers.choices import PlaceClass, PovertyStatus
from laborbridge.workers.models import Worker
from laborbridge.workers.services import id_number_index, phone_index
from laborbridge.workers.validation import worker_clean

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
class _Spell:
    """An employment spell while the file is applied; pk None until written."""

    place_class: str
    employer_name: str
    monthly_income: int | None
    start: datetime.date
    end: datetime.date | None = None
    place_id: str | None = None
    employer_id: int | None = None
    pk: int | None = None


@dataclass
class _Person:
    """The registry's view of one person while the file is applied, row after row."""

    state: dict  # STATE_FIELDS of the worker, as stored (codes for regions)
    is_new: bool
    pk: int | None = None
    id_number: object = None  # idnumber.CitizenId of a new worker
    before: tuple = ()  # the registry's state of this person before the file, to detect no net change
    outcomes: list = field(default_factory=list)  # [outcome] of each accepted row, in file order
    changed: bool = False
    open_spell: _Spell | None = None
    spells_to_create: list = field(default_factory=list)
    spells_to_update: dict = field(default_factory=dict)  # id(spell) -> spell


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _as_date(value) -> datetime.date | None:
    """A date column read with plain SQL: a date on PostgreSQL, ISO text on SQLite."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _snapshot(person: _Person) -> tuple:
    """What a ledger can change of a person: their fields and their open spell."""
    spell = person.open_spell
    job = (
        (spell.place_class, spell.employer_name, spell.monthly_income, spell.start, spell.end)
        if spell
        else None
    )
    return tuple(person.state[name] for name in STATE_FIELDS), job


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
        self.scope = policy.importable_scope(actor) if actor is not None else policy.Scope((county.code,))
        if not self.scope:
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
        place_class = functools.partial(cells.place_class, partner_province_names=self.partner_provinces)
        memo = cells.memoised
        self.cell_parsers = [
            ("id_number", cells.id_number),
            ("phone", cells.phone),
            ("sex", memo(cells.sex)),
            ("education", memo(cells.education)),
            ("ethnicity", memo(cells.ethnicity)),
            ("skills", cells.text),
            ("notes", cells.text),
            ("employment_state", memo(cells.employment_state)),
            ("place_class", memo(place_class)),
            ("monthly_income", memo(cells.income)),
            ("start", memo(cells.date)),
        ]

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
        texts = header.texts
        width = len(raw)
        values = {name: raw[index] if index < width else None for name, index in header.columns.items()}
        errors: list[RowError] = []

        def fail(name, message):
            errors.append(RowError(number, texts.get(name) or texts["id_number"], message))

        data: dict = {"name": cells.text(values["name"])}
        parsed: dict = {}
        for name, parse in self.cell_parsers:
            if name in values:
                try:
                    parsed[name] = parse(values[name])
                except cells.CellError as exc:
                    fail(name, str(exc))
        for name in ("id_number", "phone", "sex", "education", "ethnicity", "skills", "notes"):
            if parsed.get(name):
                data[name] = parsed[name]
        poverty = self._poverty(values, fail)
        if poverty is not None:
            data["poverty_status"] = poverty
        if "township" in values:
            township = self._township(values["township"], fail)
            if township is not None:
                data["township"] = township
                village_name = cells.text(values.get("village"))
                if village_name:
                    village = self.villages.get(township.code, {}).get(village_name)
                    if village is None:
                        message = _("%(township)s没有名为“%(name)s”的村（社区）")
                        fail("village", message % {"township": township.name, "name": village_name})
                    else:
                        data["village"] = village
        else:
            fail("township", _("台账中没有“乡(镇)”列，无法确定人员所属乡镇"))

        row = _Row(
            number=number,
            raw=raw,
            worker={},
            id_number=None,
            bidx="",
            employed=parsed.get("employment_state"),
            place_class=parsed.get("place_class") or "",
            employer_name=cells.text(values.get("employer_name"))[:200],
            monthly_income=parsed.get("monthly_income"),
            start=parsed.get("start"),
        )
        if row.employed and not row.place_class and "place_class" not in {e.column for e in errors}:
            fail("place_class", _("已就业的人员请填写就业地点"))
        if row.start and row.start > self.as_of:
            fail("start", _("务工时间晚于台账日期（%(d)s）") % {"d": self.as_of})
        try:
            clean = worker_clean(data, today=self.as_of)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    fail(name if name in values else "id_number", message)
            return None, errors
        if errors:
            return None, errors
        row.id_number = clean.pop("id_number")
        row.bidx = id_number_index(row.id_number.number)
        row.worker = clean
        return row, errors

    def _poverty(self, values: dict, fail) -> str | None:
        if "poverty_status" in values:
            word = cells.text(values["poverty_status"])
            if word not in POVERTY_WORDS:
                fail("poverty_status", _("人员类别应为：脱贫劳动力、监测对象或一般农户"))
                return None
            return POVERTY_WORDS[word]
        if "alleviated" not in values and "monitored" not in values:
            return None
        flags = {}
        for name in ("alleviated", "monitored"):
            if name in values:
                try:
                    flags[name] = cells.yes_no(values[name])
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
        result = ImportResult(notices=notices, header=sheet.rows[header.row_index])
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
                person.changed = False
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
        """The people of the file already in the registry, with their open spells.

        Read with plain SQL into dicts: at 100,000 rows the ORM's per-value work costs more than the query.
        The phone is compared by its blind index and kept as ciphertext, so nothing is decrypted.
        """
        people: dict[str, _Person] = {}
        ops, worker_table = connection.ops, Worker._meta.db_table
        columns = ("id", "id_number_bidx", "phone", *STATE_FIELDS)
        select = ", ".join(ops.quote_name(c) for c in columns)
        for bidx_chunk in _chunks(sorted(keys)):
            marks = ", ".join(["%s"] * len(bidx_chunk))
            sql = f"SELECT {select} FROM {ops.quote_name(worker_table)} WHERE {ops.quote_name('id_number_bidx')} IN ({marks})"
            with connection.cursor() as cursor:
                cursor.execute(sql, bidx_chunk)
                for pk, bidx, cipher, *values in cursor.fetchall():
                    state = dict(zip(STATE_FIELDS, values, strict=True))
                    state["phone_cipher"] = cipher
                    people[bidx] = _Person(state=state, is_new=False, pk=pk)
        by_id = {p.pk: p for p in people.values()}
        spell_columns = (
            "worker_id",
            "id",
            "place_class",
            "employer_name",
            "monthly_income",
            "start",
            "end",
            "place_id",
        )
        select = ", ".join(ops.quote_name(c) for c in spell_columns)
        for id_chunk in _chunks(sorted(by_id)):
            marks = ", ".join(["%s"] * len(id_chunk))
            sql = (
                f"SELECT {select} FROM {ops.quote_name(Employment._meta.db_table)} "
                f"WHERE {ops.quote_name('worker_id')} IN ({marks}) AND {ops.quote_name('end')} IS NULL"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, id_chunk)
                for worker_id, pk, place_class, employer, income, start, end, place in cursor.fetchall():
                    by_id[worker_id].open_spell = _Spell(
                        pk=pk,
                        place_class=place_class,
                        employer_name=employer,
                        monthly_income=income,
                        start=_as_date(start),
                        end=_as_date(end),
                        place_id=place,
                    )
        for person in people.values():
            person.before = _snapshot(person)
        return people

    def _apply(self, row: _Row, people: dict[str, _Person]) -> str | RowError:
        """Apply one clean row to the in-memory registry: 'created', 'updated', 'unchanged' or a rejection."""
        person = people.get(row.bidx)
        if person is None:
            state = dict.fromkeys(STATE_FIELDS, "")
            state.update(village_id=None, poverty_status=PovertyStatus.ORDINARY, phone_cipher="")
            person = people[row.bidx] = _Person(state=state, is_new=True, id_number=row.id_number)
            self._set_fields(person, row)
            self._apply_employment(person, row)
            return "created"
        if row.worker["township"].code != person.state["township_id"]:
            return RowError(row.number, "", self._elsewhere_message(person.state["township_id"]))
        changed = self._set_fields(person, row) | self._apply_employment(person, row)
        return "updated" if changed else "unchanged"

    def _elsewhere_message(self, township_code: str) -> str:
        township = Region.objects.select_related("parent").get(code=township_code)
        place = township.name
        if (
            not self.scope.covers(township_code)
            and township.parent_id != self.county.code
            and township.parent
        ):
            place = township.parent.name + township.name  # another county: name it, and no more
        return _("此人已在%(place)s登记，不能重复登记或迁移；如需迁入，请联系原登记地区") % {"place": place}

    @staticmethod
    def _set_fields(person: _Person, row: _Row) -> bool:
        """Copy the row's non-blank fields onto the person; True if any differed."""
        state, changed = person.state, False
        for name, value in row.worker.items():
            if name == "sex":
                continue  # derived from the ID; a given sex was only checked against it
            if name in ("township", "village"):
                name, value = f"{name}_id", value.code
            elif name == "phone":
                index = phone_index(value)
                if state["phone_bidx"] != index:
                    state.update(phone_bidx=index, phone=value, phone_cipher="")
                    changed = True
                continue
            if state[name] != value:
                state[name] = value
                changed = True
        if changed:
            state["county_id"] = state["township_id"][:6]
            person.changed = True
        return changed

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
        place = person.state["township_id"] if row.place_class == PlaceClass.IN_COUNTY else None
        new = _Spell(
            place_class=row.place_class,
            employer_name=row.employer_name,
            monthly_income=row.monthly_income,
            start=start,
            place_id=place,
        )
        person.spells_to_create.append(new)
        person.open_spell = new
        return True

    @staticmethod
    def _touch(person: _Person, spell: _Spell) -> None:
        if spell.pk is not None:
            person.spells_to_update[id(spell)] = spell

    @transaction.atomic
    def _write(self, people: dict[str, _Person], result: ImportResult) -> None:
        """Write everything with executemany: the ORM's per-object work costs more than the database's."""
        writer = LedgerWriter(actor_id=self.actor.pk if self.actor else None)
        new = [(bidx, p) for bidx, p in people.items() if p.is_new]
        writer.insert_workers(new)
        for bidx, pk in writer.worker_ids([bidx for bidx, _p in new]):
            people[bidx].pk = pk
        writer.update_workers([p for p in people.values() if not p.is_new and p.changed])
        # Close or change existing spells first: a worker has at most one open spell at any moment.
        writer.update_spells([s for p in people.values() for s in p.spells_to_update.values()])
        new_spells = [(p.pk, s) for p in people.values() for s in p.spells_to_create]
        known = employer_ids_by_name({s.employer_name for _pk, s in new_spells})
        for _pk, spell in new_spells:
            spell.employer_id = known.get(spell.employer_name)
        writer.insert_spells(new_spells)
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
