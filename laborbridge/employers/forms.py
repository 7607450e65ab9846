"""Forms collect text; the services' validation decides (one path for pages, API and imports)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from laborbridge.core.education import Education
from laborbridge.employers.models import Employer, EmploymentBase, Occupation, Vacancy
from laborbridge.regions.models import Pairing, Region


def county_choices() -> list[tuple[str, str]]:
    """The paired counties first, then every county of their provinces."""
    paired = {code for pair in Pairing.objects.values_list("east_id", "west_id") for code in pair}
    provinces = {code[:2] for code in paired}
    counties = Region.objects.filter(level=Region.Level.COUNTY).select_related("parent")
    counties = [c for c in counties if c.code[:2] in provinces]
    counties.sort(key=lambda c: (c.code not in paired, c.code))
    return [(c.code, c.qualified_name) for c in counties]


class EmployerForm(forms.Form):
    name = forms.CharField(label=_("单位名称（必填）"), required=False)
    uscc = forms.CharField(label=_("统一社会信用代码"), required=False, help_text=_("个体工商户没有可不填"))
    kind = forms.ChoiceField(label=_("单位类型"), choices=Employer.Kind.choices)
    industry = forms.CharField(label=_("所属行业"), required=False)
    region = forms.CharField(label=_("所在县（区）（必填）"), required=False, widget=forms.Select)
    address = forms.CharField(label=_("地址"), required=False)
    contact_name = forms.CharField(label=_("联系人"), required=False)
    contact_phone = forms.CharField(
        label=_("联系电话"),
        required=False,
        help_text=_("手机号，或带区号的固定电话，如 0668-5123456，分机写作 0668-5123456-801"),
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    provided_by = forms.CharField(label=_("引进方"), required=False, widget=forms.Select)
    provided_on = forms.CharField(
        label=_("引进日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, editing: Employer | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        counties = county_choices()
        self.fields["region"].widget.choices = [("", _("请选择")), *counties]
        paired = {code for pair in Pairing.objects.values_list("east_id", "west_id") for code in pair}
        self.fields["provided_by"].widget.choices = [("", "—"), *[(c, n) for c, n in counties if c in paired]]
        if editing is not None:
            self.fields["contact_phone"].help_text = _("当前：%(m)s。留空表示不修改") % {
                "m": editing.contact_phone_masked or "—"
            }

    def service_data(self, editing: Employer | None = None) -> dict:
        data = dict(self.cleaned_data)
        if editing is not None:
            if not data.get("contact_phone"):
                data.pop("contact_phone")
            return {k: v for k, v in data.items() if k in self.changed_data or k == "contact_phone"}
        return data


class VacancyForm(forms.Form):
    title = forms.CharField(label=_("岗位名称（必填）"), required=False)
    occupation = forms.ModelChoiceField(
        label=_("工种"), queryset=Occupation.objects.all(), required=False, empty_label=_("请选择")
    )
    headcount = forms.CharField(
        label=_("招聘人数"), required=False, widget=forms.NumberInput(attrs={"min": 1})
    )
    pay_min = forms.CharField(
        label=_("月薪下限（元）"), required=False, widget=forms.NumberInput(attrs={"min": 1})
    )
    pay_max = forms.CharField(
        label=_("月薪上限（元）"), required=False, widget=forms.NumberInput(attrs={"min": 1})
    )
    place = forms.CharField(label=_("工作地点"), required=False, widget=forms.Select)
    lodging = forms.BooleanField(label=_("包住"), required=False)
    meals = forms.BooleanField(label=_("包吃"), required=False)
    age_min = forms.CharField(
        label=_("年龄下限"), required=False, widget=forms.NumberInput(attrs={"min": 16})
    )
    age_max = forms.CharField(
        label=_("年龄上限"), required=False, widget=forms.NumberInput(attrs={"max": 70})
    )
    education_min = forms.ChoiceField(
        label=_("最低学历"), required=False, choices=[("", "—"), *Education.choices]
    )
    skills = forms.CharField(label=_("技能要求"), required=False)
    certificate = forms.CharField(label=_("证书要求"), required=False)
    description = forms.CharField(
        label=_("岗位说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    closes_on = forms.CharField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, employer: Employer, **kwargs):
        super().__init__(*args, **kwargs)
        county = employer.region
        towns = Region.objects.filter(parent=county).values_list("code", "name")
        self.fields["place"].widget.choices = [(county.code, county.qualified_name), *towns]
        self.initial.setdefault("place", county.code)

    def service_data(self, editing: Vacancy | None = None) -> dict:
        data = {k: ("" if v is None else v) for k, v in self.cleaned_data.items()}
        if editing is None:
            return data
        return {k: v for k, v in data.items() if k in self.changed_data}


class MemberCreateForm(forms.Form):
    username = forms.CharField(label=_("登录名"), max_length=150, help_text=_("字母、数字或 @/./+/-/_"))
    display_name = forms.CharField(label=_("账户名称"), max_length=150, required=False)


class MemberLinkForm(forms.Form):
    username = forms.CharField(label=_("已有用工单位账户的登录名"), max_length=150)


class BaseRecogniseForm(forms.Form):
    kind = forms.ChoiceField(label=_("认定类型"), choices=EmploymentBase.Kind.choices)
    recognised_on = forms.DateField(
        label=_("认定日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写认定日期"), "invalid": _("日期格式应为YYYY-MM-DD")},
    )
    recognised_by = forms.CharField(label=_("认定单位"), max_length=100, required=False)
