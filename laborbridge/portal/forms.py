"""The public side's forms: job filters, the sign-up, the phone and the code. Fields are checked like the
registry's (`workers.validation.worker_clean`), with its Chinese messages."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from laborbridge.core import phone as phones
from laborbridge.portal.selectors import JobFilters, public_occupations
from laborbridge.regions.models import Pairing, Region
from laborbridge.workers.validation import worker_clean


class JobFilterForm(forms.Form):
    place = forms.CharField(label=_("工作地点"), required=False, max_length=40)
    occupation = forms.TypedChoiceField(label=_("工种"), required=False, coerce=int, empty_value=None)
    pay = forms.IntegerField(
        label=_("月薪不低于（元）"),
        required=False,
        min_value=0,
        max_value=100_000,
        error_messages={"invalid": _("月薪请填写数字，如 4000")},
    )
    lodging = forms.BooleanField(label=_("包住"), required=False)
    meals = forms.BooleanField(label=_("包吃"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation"].choices = [("", _("全部工种"))] + [
            (o.pk, o.name) for o in public_occupations()
        ]
        self.fields["place"].widget.attrs.update(placeholder=_("如：电白、茂名、广东"))

    def filters(self) -> JobFilters:
        """The filters asked for; a field that does not parse is left out (and shown with its message)."""
        if not self.is_bound:
            return JobFilters()
        self.is_valid()  # fills cleaned_data with the fields that parse
        data = self.cleaned_data
        return JobFilters(
            place=data.get("place") or "",
            occupation=data.get("occupation"),
            pay_min=data.get("pay"),
            lodging=bool(data.get("lodging")),
            meals=bool(data.get("meals")),
        )


def home_townships():
    """The townships of the western counties of the pairings, where the registry's workers live."""
    counties = Pairing.objects.values_list("west_id", flat=True)
    return Region.objects.filter(parent_id__in=counties, level=Region.Level.TOWNSHIP).select_related("parent")


class PhoneField(forms.CharField):
    """A mainland mobile, written any usual way (spaces, dashes, +86); the registry's rule and message."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("手机号"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="tel", autocomplete="tel")

    def clean(self, value):
        value = super().clean(value)
        return phones.parse(value) if value else value


class SignUpForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = PhoneField()
    id_number = forms.CharField(label=_("身份证号"), max_length=25)
    township = forms.ChoiceField(label=_("户籍乡镇"))
    consent = forms.BooleanField(
        label=_("我同意将以上信息提供给当地人社部门和用工单位，用于这次报名和就业服务"),
        error_messages={"required": _("请阅读并勾选同意，才能报名")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = {}
        for township in home_townships():
            choices.setdefault(township.parent.name, []).append((township.code, township.name))
        self.fields["township"].choices = [("", _("请选择")), *choices.items()]
        self.fields["id_number"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["name"].widget.attrs.update(autocomplete="name")

    def clean(self):
        data = super().clean()
        if self.errors.get("phone"):
            return data
        try:
            clean = worker_clean(
                {"name": data.get("name", ""), "id_number": data.get("id_number", ""),
                 "township": data.get("township", "")}
            )  # fmt: skip
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field in self.fields and field not in self.errors:
                    for message in messages:
                        self.add_error(field, message)
            return data
        data.update(clean)  # name tidied, id_number a CitizenId, township a Region
        return data

    def sealed_fields(self) -> dict:
        """What waits for the code, sealed: plain strings, checked again when the sign-up is written."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "id_number": data["id_number"].number,
            "township": data["township"].code,
        }


MAX_COMPANIONS = 10  # as transport.services.MAX_COMPANIONS


class BusSignUpForm(SignUpForm):
    """A chartered-bus sign-up: the person (as for a job), then the day, the pickup point, where to, companions.

    The destination is an employer: the person's own current employers first (when they came from their own
    page, phone confirmed), then those of the board's open vacancies.
    """

    wanted_date = forms.DateField(
        label=_("乘车日期"),
        error_messages={
            "required": _("请填写乘车日期"),
            "invalid": _("乘车日期请按 YYYY-MM-DD 填写，如 2024-02-17"),
        },
    )
    pickup_point = forms.TypedChoiceField(
        label=_("上车点"),
        coerce=int,
        error_messages={"required": _("请选择上车点"), "invalid_choice": _("请从本次活动的上车点中选择")},
    )
    employer = forms.TypedChoiceField(
        label=_("目的单位"),
        coerce=int,
        error_messages={"required": _("请选择目的单位"), "invalid_choice": _("请从列表中选择目的单位")},
    )
    destination_city = forms.ChoiceField(
        label=_("目的城市"), required=False, error_messages={"invalid_choice": _("请从列表中选择目的城市")}
    )
    companions = forms.IntegerField(
        label=_("同行人数（不含本人）"),
        min_value=0,
        max_value=MAX_COMPANIONS,
        initial=0,
        error_messages={
            "min_value": _("同行人数应为0至10"),
            "max_value": _("同行人数应为0至10"),
            "invalid": _("同行人数请填写数字"),
        },
    )

    def __init__(self, *args, campaign, destinations, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign, self.today = campaign, today
        self.fields["wanted_date"].widget = forms.DateInput(attrs={"type": "date"})
        self.fields["pickup_point"].choices = [("", _("请选择"))] + [
            (p.id, f"{p.name}（{p.township}）") for p in campaign.pickup_points
        ]
        own = [(e.id, _("回原单位：%(n)s") % {"n": e.name}) for e in destinations if e.own]
        board = [(e.id, e.name) for e in destinations if not e.own]
        self.fields["employer"].choices = [("", _("请选择")), *own, *board]
        self.cities = {e.id: e.city for e in destinations}
        cities = Region.objects.filter(code__in=set(self.cities.values()) - {""}).order_by("code")
        self.fields["destination_city"].choices = [("", _("按目的单位所在地"))] + [
            (c.code, c.name) for c in cities
        ]

    def clean_wanted_date(self):
        day = self.cleaned_data["wanted_date"]
        if not self.campaign.start <= day <= self.campaign.end:
            raise ValidationError(
                _("乘车日期应在活动期间（%(s)s 至 %(e)s）")
                % {"s": self.campaign.start, "e": self.campaign.end}
            )
        if day < self.today:
            raise ValidationError(_("乘车日期不能早于今天"))
        return day

    def sealed_fields(self) -> dict:
        data = self.cleaned_data
        return {
            **super().sealed_fields(),
            "wanted_date": data["wanted_date"].isoformat(),
            "pickup_point": data["pickup_point"],
            "employer": data["employer"],
            "destination_city": data.get("destination_city") or "",
            "companions": data["companions"],
        }


class PhoneForm(forms.Form):
    phone = PhoneField()


class CodeForm(forms.Form):
    code = forms.CharField(label=_("短信验证码"), max_length=6, min_length=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            inputmode="numeric", autocomplete="one-time-code", pattern="[0-9]{6}"
        )


class Last4Form(forms.Form):
    last4 = forms.RegexField(
        label=_("身份证号后四位"),
        regex=r"^\s*[0-9]{3}[0-9xX]\s*$",
        error_messages={"invalid": _("请填写身份证号的最后四位（数字，最后一位可以是X）")},
    )
