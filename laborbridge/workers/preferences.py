"""A worker's job preferences (求职意愿): cleaning, applying and describing them for the audit trail.

The registry's services call these; the form, the API and (later) the ledger hand in text or lists, and the
messages are Chinese, keyed by the field.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from laborbridge.regions.models import Pairing, Region
from laborbridge.workers.choices import PlaceClass
from laborbridge.workers.models import Worker, WorkerPreference

# The names the services, the form and the API use for the preference fields.
PREFERENCE_FIELDS = (
    "wanted_occupations",
    "wanted_place_classes",
    "wanted_regions",
    "wanted_pay",
    "needs_lodging",
    "available_from",
)
MAX_PAY = 100_000  # a monthly wage above this is a typing error
MAX_CHOICES = 20
REGION_LEVELS = (Region.Level.PROVINCE, Region.Level.CITY, Region.Level.COUNTY)
YES = {"1", "true", "yes", "on", "是", "需要", "y"}
NO = {"", "0", "false", "no", "off", "否", "不需要", "n"}


def _occupation_model():
    # The related model, resolved by the app registry: the registry does not import the employers app.
    return WorkerPreference._meta.get_field("occupations").related_model


def _as_list(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.replace("，", ",").replace("、", ",").split(",")
    return [str(item).strip() for item in value if str(item).strip()]


def _occupations(value) -> list:
    items = _as_list(value)
    if len(items) > MAX_CHOICES:
        raise ValidationError(_("期望工种最多选%(n)d个") % {"n": MAX_CHOICES})
    model = _occupation_model()
    found, unknown = [], []
    for item in items:
        lookup = {"pk": int(item)} if item.isdigit() else {"name": item}
        occupation = model.objects.filter(**lookup).first()
        (found if occupation else unknown).append(occupation or item)
    if unknown:
        raise ValidationError(_("工种“%(name)s”不在工种列表中") % {"name": "、".join(unknown)})
    return sorted(set(found), key=lambda o: o.pk)


def _place_classes(value) -> list[str]:
    items = _as_list(value)
    labels = {str(label): code for code, label in PlaceClass.choices}
    codes = []
    for item in items:
        code = labels.get(item, item)
        if code not in PlaceClass.values:
            raise ValidationError(_("务工地域“%(v)s”应为县内、区内县外、协作省份或其他省份") % {"v": item})
        if code not in codes:
            codes.append(code)
    return sorted(codes, key=PlaceClass.values.index)


def _regions(value) -> list[Region]:
    items = _as_list(value)
    if len(items) > MAX_CHOICES:
        raise ValidationError(_("期望就业地区最多选%(n)d个") % {"n": MAX_CHOICES})
    regions = []
    for item in items:
        region = Region.objects.filter(code=item, level__in=REGION_LEVELS).first()
        if region is None:
            raise ValidationError(_("地区代码“%(code)s”不是省、市或县（区）") % {"code": item})
        regions.append(region)
    return sorted(set(regions), key=lambda r: r.code)


def _pay(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        pay = int(str(value).strip().removesuffix("元"))
    except ValueError:
        raise ValidationError(_("期望月薪应为整数（元）")) from None
    if not 0 <= pay <= MAX_PAY:
        raise ValidationError(_("期望月薪应在0至%(n)d元之间") % {"n": MAX_PAY})
    return pay or None


def _yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValidationError(_("请填写是或否"))


def _date(value, today: datetime.date) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationError(_("日期格式应为YYYY-MM-DD")) from None
    if day.year < 2000 or day > today + datetime.timedelta(days=3 * 366):
        raise ValidationError(_("可到岗日期应在今后三年之内"))
    return day


def preference_clean(data: dict, *, today: datetime.date | None = None) -> dict:
    """Clean the preference fields present in `data`; raise ValidationError({field: [message]})."""
    today = today or datetime.date.today()
    cleaners = {
        "wanted_occupations": _occupations,
        "wanted_place_classes": _place_classes,
        "wanted_regions": _regions,
        "wanted_pay": _pay,
        "needs_lodging": _yes_no,
        "available_from": lambda v: _date(v, today),
    }
    clean, errors = {}, {}
    for field, value in data.items():
        if field not in cleaners:
            continue
        try:
            clean[field] = cleaners[field](value)
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)
    return clean


def preference_state(worker: Worker) -> dict:
    """The worker's preferences as plain values (names, codes), for the audit trail, the API and the form."""
    pref = getattr(worker, "preference", None) if worker.pk else None
    if pref is None:
        return {
            "wanted_occupations": [],
            "wanted_place_classes": [],
            "wanted_regions": [],
            "wanted_pay": None,
            "needs_lodging": False,
            "available_from": None,
        }
    return {
        "wanted_occupations": [o.name for o in pref.occupations.order_by("pk")],
        "wanted_place_classes": list(pref.place_classes),
        "wanted_regions": [r.code for r in pref.regions.order_by("code")],
        "wanted_pay": pref.pay_min,
        "needs_lodging": pref.needs_lodging,
        "available_from": pref.available_from,
    }


def _comparable(field: str, value):
    if field == "wanted_occupations":
        return [o.name for o in value]
    if field == "wanted_regions":
        return [r.code for r in value]
    return value


def preference_changes(worker: Worker, clean: dict) -> dict:
    """{field: [old, new]} for the cleaned fields that differ from what is stored (audit-ready values)."""
    before = preference_state(worker)
    changes = {}
    for field, value in clean.items():
        new = _comparable(field, value)
        if before[field] != new:
            old = before[field]
            changes[field] = [_audit_value(old), _audit_value(new)]
    return changes


def _audit_value(value) -> str:
    """As text, like the other fields of an audit event's changes."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def preference_save(worker: Worker, clean: dict) -> None:
    """Write the cleaned fields (inside the caller's transaction); the record is created when first needed."""
    if not clean:
        return
    pref, _created = WorkerPreference.objects.get_or_create(worker=worker)
    simple = {
        "wanted_place_classes": "place_classes",
        "wanted_pay": "pay_min",
        "needs_lodging": "needs_lodging",
        "available_from": "available_from",
    }
    for field, column in simple.items():
        if field in clean:
            setattr(pref, column, clean[field])
    pref.save()
    if "wanted_occupations" in clean:
        pref.occupations.set(clean["wanted_occupations"])
    if "wanted_regions" in clean:
        pref.regions.set(clean["wanted_regions"])
    worker.preference = pref


def occupation_choices() -> list[tuple[str, str]]:
    """(pk, name) of the curated occupations, for a form."""
    return [(str(pk), name) for pk, name in _occupation_model().objects.values_list("pk", "name")]


def region_choices() -> list[tuple[str, str]]:
    """Regions a worker may name as wanted: every province, the cities of the paired provinces, the paired counties."""
    paired = {code for pair in Pairing.objects.values_list("east_id", "west_id") for code in pair}
    provinces = {code[:2] for code in paired}
    regions = Region.objects.filter(
        Q(level=Region.Level.PROVINCE)
        | Q(level=Region.Level.CITY, parent_id__in=sorted(provinces))
        | Q(code__in=sorted(paired))
    ).order_by("code")
    indent = {Region.Level.CITY: "　", Region.Level.COUNTY: "　　"}
    return [(r.code, f"{indent.get(r.level, '')}{r.name}") for r in regions]


def preference_initial(worker: Worker) -> dict:
    """The form's initial values of the preference fields."""
    pref = getattr(worker, "preference", None)
    if pref is None:
        return {}
    return {
        "wanted_occupations": [str(pk) for pk in pref.occupations.values_list("pk", flat=True)],
        "wanted_place_classes": list(pref.place_classes),
        "wanted_regions": list(pref.regions.values_list("code", flat=True)),
        "wanted_pay": pref.pay_min or "",
        "needs_lodging": pref.needs_lodging,
        "available_from": pref.available_from.isoformat() if pref.available_from else "",
    }
