"""Parse the rows of a ledger (务工就业台账): find the sheet and its header, clean each row or say why not.

Nothing here touches the registry; `ledger.applying` applies the clean rows.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from laborbridge.accounts.policy import Scope
from laborbridge.core.redaction import scrub
from laborbridge.core.spreadsheets import Sheet
from laborbridge.core.vocabulary import UnknownWord
from laborbridge.employers.models import Occupation
from laborbridge.employment.places import place_classifier
from laborbridge.ledger import cells
from laborbridge.ledger.columns import Header, find_header
from laborbridge.regions.models import Region
from laborbridge.regions.selectors import region_partner_codes, region_place_index
from laborbridge.workers.choices import PovertyStatus
from laborbridge.workers.derived import worker_derived
from laborbridge.workers.validation import worker_clean
from laborbridge.workers.vocabulary import POVERTY_STATUSES


class LedgerError(Exception):
    """The file as a whole cannot be imported (no header, no data); the message is Chinese."""


@dataclass
class RowError:
    row: int  # the Excel row number
    column: str  # the header text as written in the file
    message: str

    def as_dict(self) -> dict:
        """As kept with the job and shown on its page: a number quoted from a misplaced cell is masked."""
        return {"row": self.row, "column": scrub(self.column), "message": scrub(self.message)}


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    unread_columns: list[str] = field(default_factory=list)  # headers of the columns not imported
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
            "unread_columns": self.unread_columns,
        }


@dataclass(slots=True)
class ParsedRow:
    number: int
    raw: list
    worker: dict  # cleaned worker fields present in the ledger
    id_number: object  # idnumber.CitizenId
    bidx: str  # the ID's blind index, by which the person is found
    employed: bool | None = None
    channel: str = ""  # what the 就业状态 says of the way of working (自主创业 ...)
    place: cells.PlaceCell | None = None
    employer_name: str = ""
    occupation_id: int | None = None  # the 工种, when the ledger names one
    monthly_income: int | None = None
    start: datetime.date | None = None
    identity: dict = field(default_factory=dict)  # worker_derived(id_number=...): index, birth date, sex
    wishes: dict = field(default_factory=dict)  # the wishes the row states, as `people.WISH_FIELDS` hold them
    # What the write needs besides, computed while checking (on both cores): see ledger.checking.prepare.
    # Three slots rather than a dict: ~170 bytes a row, 17 MB at 100,000 rows.
    name_keys: tuple = ()  # (name, pinyin, initials)
    phone_bidx: str = ""
    phone_cipher: str = ""

    @property
    def place_class(self) -> str:
        return self.place.place_class if self.place else ""


class RowParser:
    """Clean the rows of one county's ledger, as seen by one scope, on the ledger's date."""

    def __init__(self, *, county: Region, as_of: datetime.date, scope: Scope):
        self.county, self.as_of, self.scope = county, as_of, scope
        townships = list(Region.objects.filter(parent=county, level=Region.Level.TOWNSHIP))
        self.townships = cells.build_name_lookup(townships, cells.TOWNSHIP_SUFFIX)
        self.villages: dict[str, dict] = {}
        by_township: dict[str, list] = {}
        for village in Region.objects.filter(code__startswith=county.code, level=Region.Level.VILLAGE):
            by_township.setdefault(village.parent_id, []).append(village)
        for code, villages in by_township.items():
            self.villages[code] = cells.build_name_lookup(villages, cells.VILLAGE_SUFFIX)
        # The county's townships and villages by code: a row checked in another process names them so.
        self.regions_by_code = {r.code: r for r in townships}
        self.regions_by_code.update((v.code, v) for vs in by_township.values() for v in vs)
        self._covered: dict[str, bool] = {}  # township code -> within the importer's scope
        partners = region_partner_codes(code=county.code)
        self.partner_provinces = tuple(
            Region.objects.filter(code__in={code[:2] for code in partners}).values_list("name", flat=True)
        )
        self.places = cells.PlaceReader(
            index=region_place_index(home_county=county.code),
            classify=place_classifier(home_county_code=county.code),
            partner_province_names=self.partner_provinces,
        )
        memo = cells.memoised
        occupations = cells.OccupationReader(dict(Occupation.objects.values_list("name", "pk")))
        latest = datetime.date.today() + datetime.timedelta(days=3 * 366)  # as workers.preferences allows
        self.cell_parsers = [
            ("id_number", cells.id_number),
            ("phone", cells.phone),
            ("sex", memo(cells.sex)),
            ("education", memo(cells.education)),
            ("ethnicity", memo(cells.ethnicity)),
            ("skills", cells.free_text),
            ("notes", cells.free_text),
            ("employment_state", memo(cells.employment_state)),
            ("place_class", self.places),
            ("occupation", occupations),
            ("monthly_income", memo(cells.income)),
            ("start", memo(cells.date)),
            # A worker's wishes: optional columns, each cell read once per distinct value.
            ("wanted_occupations", memo(cells.WishedOccupationsReader(occupations))),
            ("wanted_places", memo(cells.WishedPlacesReader(self.places))),
            ("wanted_pay", memo(cells.wished_pay)),
            ("needs_lodging", memo(cells.needs_lodging)),
            ("available_from", memo(functools.partial(cells.available_from, latest=latest))),
        ]

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
        return sheet, header, notices

    def parse_row(self, number: int, raw: list, header: Header) -> tuple[ParsedRow | None, list[RowError]]:
        """Clean one data row; return it, or the reasons it is rejected."""
        texts = header.texts
        width = len(raw)
        values = {name: raw[index] if index < width else None for name, index in header.columns.items()}
        errors: list[RowError] = []
        failed: set[str] = set()  # the fields already refused: one reason per cell

        def fail(name, message):
            if name in failed:
                return
            failed.add(name)
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
                    villages = self.villages.get(township.code, {})
                    village = villages.get(village_name) or villages.get(
                        cells.VILLAGE_SUFFIX.sub("", village_name)
                    )
                    if village is None:
                        message = _("%(township)s没有名为“%(name)s”的村（社区）")
                        fail("village", message % {"township": township.name, "name": village_name})
                    else:
                        data["village"] = village
        else:
            fail("township", _("台账中没有“乡(镇)”列，无法确定人员所属乡镇"))

        employed, channel = cells.employed_and_channel(parsed.get("employment_state"))
        row = ParsedRow(
            number=number,
            raw=raw,
            worker={},
            id_number=None,
            bidx="",
            employed=employed,
            channel=channel,
            place=parsed.get("place_class"),
            employer_name=cells.free_text(values.get("employer_name"))[:200],
            occupation_id=parsed.get("occupation"),
            monthly_income=parsed.get("monthly_income"),
            start=parsed.get("start"),
            wishes=_wishes(parsed),
        )
        if row.employed and row.place is None and "employment_state" not in failed:
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
        row.identity = worker_derived(id_number=row.id_number)
        row.bidx = row.identity["id_number_bidx"]
        row.worker = clean
        return row, errors

    def _poverty(self, values: dict, fail) -> str | None:
        if "poverty_status" in values:
            try:
                return POVERTY_STATUSES.parse(cells.text(values["poverty_status"]))
            except UnknownWord as exc:
                fail("poverty_status", str(exc))
                return None
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
        covered = self._covered.get(township.code)
        if covered is None:
            covered = self._covered[township.code] = self.scope.covers(township.code)
        if not covered:
            fail("township", _("%(name)s不在您的管辖范围内") % {"name": township.name})
            return None
        return township


def _wishes(parsed: dict) -> dict:
    """The wishes a row states (its blank cells state none), as `ledger.people.WISH_FIELDS` hold them."""
    wishes: dict = {}
    if parsed.get("wanted_occupations") is not None:
        wishes["wanted_occupations"] = parsed["wanted_occupations"]
    if parsed.get("wanted_places") is not None:
        wishes["wanted_place_classes"], wishes["wanted_regions"] = parsed["wanted_places"]
    if parsed.get("wanted_pay") is not None:
        wishes["wanted_pay"] = parsed["wanted_pay"] or None  # 0: no least pay
    if parsed.get("needs_lodging") is not None:
        wishes["needs_lodging"] = parsed["needs_lodging"]
    available = parsed.get("available_from")
    if available is not None:
        wishes["available_from"] = None if available == cells.ANY_TIME else available
    return wishes
