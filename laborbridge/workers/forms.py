"""Forms collect text; the service's validation decides what is right (one path for form, API, import)."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from laborbridge.core.education import Education
from laborbridge.regions.models import Pairing, Region
from laborbridge.workers.choices import ETHNICITIES, PlaceClass, PovertyStatus, Sex
from laborbridge.workers.preferences import occupation_choices, region_choices
from laborbridge.workers.selectors import WorkerFilters

# Reload the village list when the township changes (htmx); the name travels as ?township=.
VILLAGE_SWAP = {
    "hx-get": reverse_lazy("workers:villages"),
    "hx-target": "#id_village",
    "hx-trigger": "change",
}


def township_choices(scope) -> list[tuple[str, str]]:
    """Townships the actor may register workers in (the paired counties for an administrator)."""
    qs = Region.objects.filter(level=Region.Level.TOWNSHIP)
    if scope.everywhere:
        paired = Pairing.objects.values_list("west_id", "east_id")
        qs = qs.filter(parent_id__in={code for pair in paired for code in pair})
    else:
        qs = qs.filter(scope.q("code"))
    return list(qs.order_by("code").values_list("code", "name"))


def village_choices(township_code: str) -> list[tuple[str, str]]:
    if not township_code:
        return []
    return list(
        Region.objects.filter(parent_id=township_code, level=Region.Level.VILLAGE).values_list("code", "name")
    )


class WorkerForm(forms.Form):
    name = forms.CharField(label=_("姓名"), required=False)
    id_number = forms.CharField(
        label=_("公民身份号码"), required=False, help_text=_("18位，或旧版15位；全角数字和小写x会自动转换")
    )
    sex = forms.ChoiceField(
        label=_("性别"), required=False, choices=[("", _("按身份证号自动识别")), *Sex.choices]
    )
    phone = forms.CharField(label=_("手机号码"), required=False)
    township = forms.CharField(label=_("户籍乡镇（街道）"), required=False, widget=forms.Select)
    village = forms.CharField(label=_("户籍村（社区）"), required=False, widget=forms.Select)
    poverty_status = forms.ChoiceField(
        label=_("脱贫属性"), choices=PovertyStatus.choices, initial=PovertyStatus.ORDINARY
    )
    education = forms.ChoiceField(
        label=_("文化程度"), required=False, choices=[("", "—"), *Education.choices]
    )
    ethnicity = forms.ChoiceField(
        label=_("民族"), required=False, choices=[("", "—")] + [(e, e) for e in ETHNICITIES]
    )
    skills = forms.CharField(label=_("技能特长"), required=False)
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    # Job preferences (求职意愿), for matching; the service checks them like the other fields.
    wanted_occupations = forms.MultipleChoiceField(
        label=_("期望工种"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    wanted_place_classes = forms.MultipleChoiceField(
        label=_("期望务工地域"),
        required=False,
        choices=PlaceClass.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示不限"),
    )
    wanted_regions = forms.MultipleChoiceField(
        label=_("期望就业地区"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    wanted_pay = forms.CharField(label=_("期望月薪不低于（元）"), required=False)
    needs_lodging = forms.BooleanField(label=_("需要包住"), required=False)
    available_from = forms.CharField(
        label=_("可到岗日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, scope, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.fields["wanted_occupations"].choices = occupation_choices()
        self.fields["wanted_regions"].choices = region_choices()
        townships = township_choices(scope)
        self.fields["township"].widget.choices = [("", _("请选择")), *townships]
        if editing is None and len(townships) == 1:  # township staff: their own township
            self.initial.setdefault("township", townships[0][0])
        township = self.data.get("township") or self.initial.get("township") or ""
        self.fields["village"].widget.choices = [("", "—"), *village_choices(township)]
        self.fields["township"].widget.attrs.update(VILLAGE_SWAP)
        if editing is not None:
            self.fields["id_number"].help_text = _("当前：%(m)s。留空表示不修改") % {
                "m": editing.id_number_masked
            }
            self.fields["phone"].help_text = _("当前：%(m)s。留空表示不修改") % {
                "m": editing.phone_masked or "—"
            }
        for name in ("name", "township") if editing is not None else ("name", "id_number", "township"):
            self.fields[name].widget.attrs["required"] = "required"
            self.fields[name].label = _("%(label)s（必填）") % {"label": self.fields[name].label}
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "inputmode": "text"})
        self.fields["phone"].widget.attrs.update({"autocomplete": "off", "inputmode": "tel"})

    def service_data(self) -> dict:
        """The fields to hand to the service: all for a new worker, only the changed ones for an edit."""
        data = dict(self.cleaned_data)
        if self.editing is None:
            return data
        if not data.get("id_number"):
            data.pop("id_number")
        if not data.get("phone"):
            data.pop("phone")
        changed = set(self.changed_data) | {"id_number", "phone"}
        if not data.get("sex"):
            data.pop("sex", None)
        return {key: value for key, value in data.items() if key in changed}


class WorkerFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("姓名、拼音、身份证号或手机号")}),
    )
    township = forms.CharField(label=_("乡镇（街道）"), required=False, widget=forms.Select)
    village = forms.CharField(label=_("村（社区）"), required=False, widget=forms.Select)
    poverty_status = forms.ChoiceField(
        label=_("脱贫属性"), required=False, choices=[("", _("全部")), *PovertyStatus.choices]
    )
    sex = forms.ChoiceField(label=_("性别"), required=False, choices=[("", _("全部")), *Sex.choices])
    age_min = forms.IntegerField(label=_("年龄从"), required=False, min_value=0, max_value=120)
    age_max = forms.IntegerField(label=_("年龄到"), required=False, min_value=0, max_value=120)
    employed = forms.ChoiceField(
        label=_("就业状态"),
        required=False,
        choices=[("", _("全部")), ("yes", _("目前在岗")), ("no", _("目前未就业"))],
    )
    place_class = forms.ChoiceField(
        label=_("务工地域"), required=False, choices=[("", _("全部")), *PlaceClass.choices]
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].widget.choices = [("", _("全部")), *township_choices(scope)]
        self.fields["village"].widget.choices = [
            ("", _("全部")),
            *village_choices(self.data.get("township", "")),
        ]
        self.fields["township"].widget.attrs.update(VILLAGE_SWAP)

    def filters(self) -> WorkerFilters:
        """The filters given; a wrong value (a non-numeric age) is left out rather than failing the list."""
        if not self.is_bound:
            return WorkerFilters()
        self.is_valid()  # keeps the valid fields in cleaned_data, the errors beside them
        return WorkerFilters(**{k: v for k, v in self.cleaned_data.items() if v not in (None, "")})
