from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from laborbridge.core.pagination import keyset_page
from laborbridge.employers.models import Occupation, Vacancy
from laborbridge.employers.selectors import vacancy_list
from laborbridge.employment.models import Channel, Referral
from laborbridge.employment.rules import MAX_MONTHLY_INCOME
from laborbridge.employment.selectors import vacancy_search
from laborbridge.regions.models import Region
from laborbridge.regions.selectors import region_partner_codes


def place_choices(worker) -> list:
    """Grouped places: the home county's townships, the home province, the partner provinces."""
    county = worker.county_code
    partners = set(region_partner_codes(code=county))
    counties = Region.objects.filter(level=Region.Level.COUNTY).select_related("parent")
    home_province = counties.filter(code__startswith=county[:2]).exclude(code=county)
    partner_provinces = Q(pk__in=[])
    for code in partners:
        partner_provinces |= Q(code__startswith=code[:2])
    # The paired districts first, then the rest of their province.
    partner_side = sorted(counties.filter(partner_provinces), key=lambda r: (r.code not in partners, r.code))

    return [
        ("", _("请选择")),
        (_("县内（本县乡镇）"), list(Region.objects.filter(parent_id=county).values_list("code", "name"))),
        (_("区内县外"), [(r.code, r.qualified_name) for r in home_province]),
        (_("协作地区"), [(r.code, r.qualified_name) for r in partner_side]),
    ]


class EmploymentStartForm(forms.Form):
    place = forms.ChoiceField(label=_("就业地点"), choices=[])
    other_place = forms.CharField(
        label=_("或：其他地区的县级区划代码"),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "如 440306"}),
    )
    employer_name = forms.CharField(label=_("就业单位"), required=False, max_length=200)
    start = forms.DateField(
        label=_("开始日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写开始日期"), "invalid": _("日期格式应为YYYY-MM-DD")},
    )
    monthly_income = forms.IntegerField(
        label=_("月收入（元）"),
        required=False,
        min_value=0,
        max_value=MAX_MONTHLY_INCOME,
        error_messages={"invalid": _("月收入应为整数（元）")},
    )
    channel = forms.ChoiceField(label=_("就业渠道"), choices=Channel.choices, initial=Channel.SELF_FOUND)
    occupation = forms.ModelChoiceField(
        label=_("工种"),
        queryset=Occupation.objects.all(),
        required=False,
        empty_label=_("（不详）"),
        error_messages={"invalid_choice": _("工种不在可选范围内")},
    )

    def __init__(self, *args, worker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices(worker)
        self.fields["place"].required = False

    def clean(self):
        data = super().clean()
        data["place"] = (data.get("other_place") or "").strip() or data.get("place")
        if not data["place"]:
            self.add_error("place", _("请选择就业地点"))
        return data


class EmploymentEndForm(forms.Form):
    end = forms.DateField(
        label=_("结束日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写结束日期"), "invalid": _("日期格式应为YYYY-MM-DD")},
    )


PICKER_SIZE = 50


class _VacancyField(forms.ChoiceField):
    """A vacancy by id: valid when the given queryset holds it, whether or not it is among the options shown."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.queryset = None

    def valid_value(self, value) -> bool:
        value = str(value)
        if not (value.isascii() and value.isdigit() and len(value) <= 18) or self.queryset is None:
            return False
        return self.queryset.filter(pk=int(value)).exists()


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReferralForm(forms.Form):
    vacancy = _VacancyField(label=_("推荐到岗位"), choices=[])
    source = forms.ChoiceField(label=_("来源"), choices=[])
    on = forms.DateField(
        label=_("推荐日期"),
        required=False,
        widget=_date_input(),
        error_messages={"invalid": _("推荐日期格式应为YYYY-MM-DD")},
    )

    def __init__(self, *args, vacancies, shown=None, **kwargs):
        # vacancies: every vacancy that may be chosen; shown: the options listed (a page of them).
        super().__init__(*args, **kwargs)
        self.fields["vacancy"].queryset = vacancies
        self.fields["vacancy"].choices = [("", _("请选择招聘中的岗位"))] + [
            (
                v.pk,
                f"{v.employer.name} · {v.title} · {v.occupation.name} · {v.place.name}（{v.pay_min}–{v.pay_max}元）",
            )
            for v in (vacancies if shown is None else shown)
        ]
        self.fields["source"].choices = Referral.Source.choices
        today = timezone.localdate()
        self.fields["on"].initial = today
        self.fields["on"].widget.attrs["max"] = today.isoformat()


def vacancy_picker(user, q: str = "") -> dict:
    """The referral form with a page of the open vacancies matching `q` (title, employer, 工种, place, pay),
    and how many match in all."""
    vacancies = vacancy_list(actor=user, status=Vacancy.Status.OPEN)
    page = keyset_page(vacancy_search(vacancies, q), size=PICKER_SIZE)
    return {"referral_form": ReferralForm(vacancies=vacancies, shown=page.items), "picker": page, "q": q}


class ReferralStepForm(forms.Form):
    """The next step, chosen (no default), with its date, a decline's reason and a hire's monthly income;
    on a hire, whether to end the worker's open spell (never ticked for them)."""

    status = forms.CharField(max_length=12, error_messages={"required": _("请选择下一步")})
    on = forms.DateField(required=False, error_messages={"invalid": _("日期格式应为YYYY-MM-DD")})
    reason = forms.CharField(
        required=False, max_length=200, error_messages={"max_length": _("未成功原因最多200字")}
    )
    monthly_income = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_MONTHLY_INCOME,
        error_messages={
            "invalid": _("录用月收入应为整数（元）"),
            "min_value": _("录用月收入不能为负数"),
            "max_value": _("录用月收入应为0到%(limit_value)s之间的整数（元）"),
        },
    )

    end_current = forms.BooleanField(required=False, initial=False)


class FollowUpForm(forms.Form):
    still_working = forms.TypedChoiceField(
        choices=[("yes", _("仍在岗")), ("no", _("已离职"))], coerce=lambda v: v == "yes"
    )
    on = forms.DateField(required=False, error_messages={"invalid": _("日期格式应为YYYY-MM-DD")})
    note = forms.CharField(required=False, max_length=200)
