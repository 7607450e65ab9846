"""Apply a township or county ledger (务工就业台账) to the registry: every row created, updated, unchanged or rejected.

`ledger.rows` parses and checks the rows first, outside any transaction; the clean rows are applied
to the people of the file in memory, then written in one transaction by the bulk forms of the worker
and employment services, so a failure leaves the registry exactly as it was.
"""

import contextlib
import datetime
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from laborbridge.accounts import policy
from laborbridge.core.audit import audit_record
from laborbridge.core.bulk_sql import BulkSql, Sized
from laborbridge.core.models import AuditEvent
from laborbridge.core.spreadsheets import Sheet
from laborbridge.employment.models import Source
from laborbridge.employment.rules import spell_label
from laborbridge.employment.services import SpellDraft, employment_write_bulk
from laborbridge.ledger import cells
from laborbridge.ledger.checking import check_rows
from laborbridge.ledger.people import STATE_FIELDS, WISH_FIELDS, Person, own_wishes, people_load, snapshot
from laborbridge.ledger.rows import ImportResult, LedgerError, ParsedRow, RowError, RowParser
from laborbridge.regions.models import Region
from laborbridge.workers.choices import PlaceClass, PovertyStatus
from laborbridge.workers.derived import worker_derived
from laborbridge.workers.search import registered_elsewhere
from laborbridge.workers.services import WorkerDraft, preference_write_bulk, worker_write_bulk

# The columns that state a wish (one column, 意向务工地, states both wanted place classes and regions).
WISH_COLUMNS = frozenset(WISH_FIELDS) - {"wanted_place_classes", "wanted_regions"} | {"wanted_places"}
# Free-text fields, compared as they read (full-width marks and spaces aside), kept as stored when the same.
FREE_TEXT = ("skills", "notes")


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
        if as_of > datetime.date.today():
            raise LedgerError(_("台账日期不能晚于今天"))
        self.county, self.as_of, self.actor = county, as_of, actor
        self.actor_label = actor_label or (actor.get_username() if actor else "")
        self.progress = progress or (lambda percent: None)
        self.scope = policy.importable_scope(actor) if actor is not None else policy.Scope((county.code,))
        if not self.scope:
            raise LedgerError(_("您没有导入台账的权限"))
        self.parser = RowParser(county=county, as_of=as_of, scope=self.scope)

    def run(self, sheets: list[Sheet], *, dry_run: bool = False) -> ImportResult:
        sheet, header, notices = self.parser.pick_sheet(sheets)
        result = ImportResult(
            notices=notices, unread_columns=header.unknown, header=sheet.rows[header.row_index]
        )
        data_rows = sheet.rows[header.row_index + 1 :]
        del sheet, sheets  # the data rows hold the cells now (see _release_cells)
        parsed: list[ParsedRow] = []
        for offset, row, errors in check_rows(self.parser, header, data_rows, progress=self.progress):
            result.rows += 1
            if row is None:
                self._reject(result, header.row_index + 2 + offset, data_rows[offset], errors)
            else:
                parsed.append(row)
        self.progress(70)
        del data_rows
        wish_columns = WISH_COLUMNS & header.columns.keys()
        people = people_load({row.bidx for row in parsed}, wishes=bool(wish_columns))
        _release_cells(parsed, people)
        self.progress(80)
        for row in parsed:
            outcome = self._apply(row, people)
            if isinstance(outcome, RowError):
                self._reject(result, row.number, row.raw, [outcome])
            else:
                people[row.bidx].outcomes.append(outcome)
        # The rows and their cells are not needed any more (the rejected ones are kept in the result):
        # let them go before the write builds its own, which halves the import's peak memory.
        del parsed
        for person in people.values():
            if not person.is_new and "updated" in person.outcomes and snapshot(person) == person.before:
                # Rows that change a person and change them back (the same file imported again): no change.
                person.outcomes = ["unchanged"] * len(person.outcomes)
                person.changed = person.wishes_changed = False
                person.spells_to_create.clear()
                person.spells_to_update.clear()
            for outcome in person.outcomes:
                setattr(result, outcome, getattr(result, outcome) + 1)
        self.progress(85)
        if not dry_run:
            # Mostly new people (a first import): the write appends, and a small SQLite cache keeps the
            # peak memory down (the indicator summary's rows too); see BulkSql.small_cache.
            appends = 2 * sum(p.is_new for p in people.values()) >= len(people)
            with BulkSql().small_cache() if appends else contextlib.nullcontext():
                self._write(people, result)
        self.progress(100)
        return result

    @staticmethod
    def _reject(result: ImportResult, number: int, raw: list, errors: list[RowError]) -> None:
        result.rejected += 1
        result.errors.extend(errors)
        result.rejected_rows.append((number, raw))

    def _apply(self, row: ParsedRow, people: dict[str, Person]) -> str | RowError:
        """Apply one clean row to the in-memory registry: 'created', 'updated', 'unchanged' or a rejection."""
        person = people.get(row.bidx)
        if person is None:
            state = dict.fromkeys(STATE_FIELDS, "")
            state.update(village_id=None, poverty_status=PovertyStatus.ORDINARY, phone_cipher="")
            person = people[row.bidx] = Person(
                state=state, is_new=True, id_number=row.id_number, identity=row.identity
            )
            self._set_fields(person, row)
            self._apply_employment(person, row)
            self._apply_wishes(person, row)
            return "created"
        if row.worker["township"].code != person.state["township_id"]:
            return RowError(row.number, "", self._elsewhere_message(person.state["township_id"], row.number))
        if (conflict := self._spell_conflict(person, row)) is not None:
            return conflict
        changed = (
            self._set_fields(person, row)
            | self._apply_employment(person, row)
            | self._apply_wishes(person, row)
        )
        return "updated" if changed else "unchanged"

    def _spell_conflict(self, person: Person, row: ParsedRow) -> RowError | None:
        """A different job starting on or before the open spell's start cannot end that spell the day
        before it starts (one worker's spells never overlap): the row is rejected, naming the spell."""
        spell = person.open_spell
        if row.employed is not True or spell is None or self._same_job(spell, row):
            return None
        start = row.start or self.as_of
        if start > spell.start:
            return None
        label = spell_label(employer_name=spell.employer_name, start=spell.start, end=None)
        message = _(
            "就业开始日期（%(start)s）不晚于现有未结束就业（%(spell)s）的开始日期，无法结束原就业；请核实后填写"
        )
        return RowError(row.number, "", message % {"start": start, "spell": label})

    def _elsewhere_message(self, township_code: str, number: int) -> str:
        if self.scope.covers(township_code):  # a place the importer sees anyway: name it
            township = Region.objects.get(code=township_code)
            return _("此人已在%(place)s登记，不能重复登记或迁移") % {"place": township.name}
        try:
            return registered_elsewhere(
                actor=self.actor, source="ledger", region_code=self.county.code, row=number
            )
        except PermissionDenied as exc:
            raise LedgerError(str(exc)) from None

    @staticmethod
    def _set_fields(person: Person, row: ParsedRow) -> bool:
        """Copy the row's non-blank fields onto the person; True if any differed."""
        state, changed = person.state, False
        for name, value in row.worker.items():
            if name == "sex":
                continue  # derived from the ID; a given sex was only checked against it
            if name in ("township", "village"):
                name, value = f"{name}_id", value.code
            elif name == "phone":
                index = row.phone_bidx
                if state["phone_bidx"] != index:
                    # Encrypted while checking: written as it is, like a phone read from the registry.
                    state.update(phone_bidx=index, phone=value, phone_cipher=row.phone_cipher)
                    changed = True
                continue
            elif name in FREE_TEXT and cells.same_text(state[name] or "", value):
                continue  # （） as stored and () as written, or the other way round: the same text
            if state[name] != value:
                state[name] = value
                changed = True
        if changed:
            state["county_id"] = worker_derived(township_code=state["township_id"])["county_id"]
            person.changed = True
        if row.name_keys[0] == state["name"]:
            person.name_keys = row.name_keys
        return changed

    @staticmethod
    def _apply_wishes(person: Person, row: ParsedRow) -> bool:
        """Take the wishes the row states (a blank cell states none); True if any differed."""
        changed = False
        for name, value in row.wishes.items():
            if person.wishes[name] != value:
                own_wishes(person)[name] = value
                changed = True
        person.wishes_changed |= changed
        return changed

    def _apply_employment(self, person: Person, row: ParsedRow) -> bool:
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
        if spell is not None and self._same_job(spell, row):
            changed = False
            if row.monthly_income is not None and spell.monthly_income != row.monthly_income:
                spell.monthly_income, changed = row.monthly_income, True
            if row.start is not None and spell.start != row.start:
                spell.start, changed = row.start, True
            if self._refine(spell, row):
                spell.refined = changed = True
            if changed:
                self._touch(person, spell)
            return changed
        if spell is not None:  # a different job: the old spell ends the day before the new one
            spell.end = max(spell.start, start - datetime.timedelta(days=1))
            self._touch(person, spell)
        place = row.place
        if place.code is None and place.place_class == PlaceClass.IN_COUNTY:
            code = person.state["township_id"]  # 县内 says no more: the home township
        else:
            code = place.code
        new = SpellDraft(
            worker_id=person.pk,
            home_township=person.state["township_id"],
            place_class=place.place_class,
            place_id=code,
            place_text=place.text,
            channel=row.channel,
            employer_name=row.employer_name,
            occupation_id=row.occupation_id,
            monthly_income=row.monthly_income,
            start=start,
        )
        person.spells_to_create.append(new)
        person.open_spell = new
        return True

    def _place_known(self, spell: SpellDraft) -> bool:
        """Whether a spell's place is where the person works, not a guess from a class word (县内)."""
        return spell.place_id is not None and not self.parser.places.class_word(spell.place_text)

    def _same_job(self, spell: SpellDraft, row: ParsedRow) -> bool:
        """The row goes on with the open spell: the same employer and place class, a place that is the
        spell's or inside it or around it (深圳市 and 深圳市宝安区), and no other channel."""
        if not cells.same_text(spell.employer_name, row.employer_name):
            return False
        if spell.place_class != row.place.place_class:
            return False
        if row.channel and spell.channel and row.channel != spell.channel:
            return False
        code = row.place.code
        if code is None or not self._place_known(spell):
            return True
        return code.startswith(spell.place_id) or spell.place_id.startswith(code)

    def _refine(self, spell: SpellDraft, row: ParsedRow) -> bool:
        """Take from the row what it says more precisely of the same job: the place, the channel."""
        refined = False
        code = row.place.code
        if code is not None and code != spell.place_id:
            if not self._place_known(spell) or code.startswith(spell.place_id):
                spell.place_id, spell.place_text, refined = code, row.place.text, True
        if row.channel and not spell.channel:
            spell.channel, refined = row.channel, True
        if row.occupation_id is not None and row.occupation_id != spell.occupation_id:
            spell.occupation_id, refined = row.occupation_id, True
        return refined

    @staticmethod
    def _touch(person: Person, spell: SpellDraft) -> None:
        if spell.pk is not None:
            person.spells_to_update[id(spell)] = spell

    @transaction.atomic
    def _write(self, people: dict[str, Person], result: ImportResult) -> None:
        """Write everything through the bulk forms of the worker and employment services."""
        sql = BulkSql()
        new = {bidx: p for bidx, p in people.items() if p.is_new}  # keyed by the ID's blind index
        changed = [_worker_draft(p) for p in people.values() if not p.is_new and p.changed]
        ids = worker_write_bulk(
            actor=self.actor,
            actor_label=self.actor_label,
            # Each new person's draft is made as the insert takes it, and their identity dict let go
            # then: 100,000 drafts and rows are never all held at once (the import's peak memory).
            new=Sized((_new_worker_draft(p) for p in new.values()), len(new)),
            changed=changed,
            region_code=self.county.code,
            check_access=False,  # every row's township was checked against the scope while parsing
            audit=False,  # an import is one event, below, with what it wrote
            summary=False,  # the new people's summary rows are written once, with their spells, below
            sql=sql,
        )
        for bidx, person in new.items():
            person.pk = ids[bidx]
        del ids  # 100,000 keys read back: ~16 MB not needed for the spells
        opened = []
        for person in people.values():
            for spell in person.spells_to_create:
                spell.worker_id = person.pk
                opened.append(spell)
        try:
            spells = employment_write_bulk(
                actor=self.actor,
                actor_label=self.actor_label,
                opened=opened,
                changed=[s for p in people.values() for s in p.spells_to_update.values()],
                source=Source.LEDGER,
                region_code=self.county.code,
                check_access=False,  # every row's township was checked against the scope while parsing
                audit=False,
                registered=Sized(
                    (
                        (
                            (
                                p.pk,
                                p.state["county_id"],
                                p.state["township_id"],
                                p.state["poverty_status"],
                                sql.moment,
                            ),
                            p.spells_to_create,
                        )
                        for p in new.values()
                    ),
                    len(new),
                ),
                sql=sql,
            )
        except ValidationError as exc:  # e.g. a spell that would overlap an ended one: nothing is written
            names = {str(p.pk): p.state["name"] for p in people.values()}
            problems = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            raise LedgerError(
                _("台账没有导入：%(problems)s")
                % {"problems": "；".join(f"{names.get(k, k)}：{'，'.join(v)}" for k, v in problems.items())}
            ) from None
        wishes = {p.pk: p.wishes for p in people.values() if p.wishes_changed}
        preference_write_bulk(
            actor=self.actor,
            wishes=wishes,
            check_access=False,  # every row's township was checked while parsing
            audit=False,  # counted in the import's one event, below
            sql=sql,
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
                "workers": {"created": len(new), "updated": len(changed)},
                "employments": spells,
                **({"preferences": len(wishes)} if wishes else {}),
            },
        )


def _release_cells(parsed: list[ParsedRow], people: dict[str, Person]) -> None:
    """Let go of the cells of the clean rows that applying cannot reject, before applying.

    Applying rejects a row only for a person who exists when it comes: one in the registry, or one an
    earlier row of the file created. Every other clean row is created, and its cells (kept for the
    error workbook of rejected rows) are not needed: at 100,000 rows they were ~40 MB, and the people
    built while applying now take their place instead of adding to the import's peak memory.
    """
    seen: set[str] = set()
    again: set[str] = set()
    for row in parsed:
        (again if row.bidx in seen else seen).add(row.bidx)
    for row in parsed:
        if row.bidx not in people and row.bidx not in again:
            row.raw = None


# What the write still reads of a new person once their row is made: the summary's columns, the name for a message.
KEPT_AFTER_DRAFT = ("name", "county_id", "township_id", "poverty_status")


def _new_worker_draft(person: Person) -> WorkerDraft:
    """A new person's draft; their state then keeps only what the rest of the write reads (KEPT_AFTER_DRAFT).

    The ciphertexts, indexes and free text of 100,000 new people are ~60 MB that the spells and the
    indicator summary's rows reuse instead of adding to the import's peak memory.
    """
    draft = _worker_draft(person)
    state = person.state
    person.state = {name: state[name] for name in KEPT_AFTER_DRAFT}
    return draft


def _worker_draft(person: Person) -> WorkerDraft:
    state = person.state
    return WorkerDraft(
        name=state["name"],
        township_id=state["township_id"],
        village_id=state["village_id"],
        poverty_status=state["poverty_status"],
        education=state["education"],
        ethnicity=state["ethnicity"],
        skills=state["skills"],
        notes=state["notes"],
        # A phone read from the registry stays encrypted; a phone from the file is written anew.
        phone=None if state["phone_cipher"] else state.get("phone", ""),
        phone_cipher=state["phone_cipher"],
        phone_bidx=state["phone_bidx"],
        id_number=person.id_number if person.is_new else None,
        pk=person.pk,
        # Taken from worker_derived while the rows were read: the ID's to find the person, the phone's to compare.
        derived=_derived(person),
    )


def _derived(person: Person) -> dict:
    """The derived columns known for a person: a new one's from the ID, the phone's index, the name's pinyin."""
    # A new person's identity came from their row and is theirs alone: completed in place, not copied
    # (100,000 copies were ~40 MB at the import's peak), and handed over to the draft: the person
    # does not need it again, so it goes once the draft's row is written.
    derived = person.identity if person.is_new else {}
    person.identity = None
    derived["phone_bidx"] = person.state["phone_bidx"]
    derived["name_keys"] = person.name_keys
    return derived
