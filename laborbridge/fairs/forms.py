"""Forms collect text; the services decide (one path for pages, the API and the demo)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from laborbridge.fairs.models import JobFair, TargetGroup, Topic
from laborbridge.regions.models import Pairing, Region
from laborbridge.regions.selectors import region_partner_codes


def _townships_of(counties) -> list[tuple[str, str]]:
    rows = Region.objects.filter(level=Region.Level.TOWNSHIP, parent_id__in=list(counties)).order_by("code")
    return [(r.code, r.name) for r in rows]


def organiser_choices(actor) -> list[tuple[str, str]]:
    """The actor's county and its partners (the administrator: every paired county)."""
    if actor.region_id:
        codes = [actor.region_id[:6], *region_partner_codes(code=actor.region_id[:6])]
    else:
        codes = sorted({c for pair in Pairing.objects.values_list("east_id", "west_id") for c in pair})
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return [(c, names.get(c, c)) for c in dict.fromkeys(codes)]


class FairForm(forms.Form):
    title = forms.CharField(label=_("名称（必填）"), required=False)
    theme = forms.CharField(label=_("主题"), required=False)
    date = forms.DateField(
        label=_("日期（必填）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    starts_at = forms.TimeField(
        label=_("开始时间（必填）"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label=_("结束时间（必填）"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    organisers = forms.MultipleChoiceField(label=_("主办地区"), widget=forms.CheckboxSelectMultiple)
    township = forms.CharField(label=_("举办乡镇（街道）（必填）"), required=False, widget=forms.Select)
    address = forms.CharField(label=_("地址（必填）"), required=False)
    target_groups = forms.MultipleChoiceField(
        label=_("面向对象"), required=False, choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    programme = forms.CharField(label=_("活动安排"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        choices = organiser_choices(actor)
        self.fields["organisers"].choices = choices
        self.fields["township"].widget.choices = [("", _("请选择")), *_townships_of(c for c, _n in choices)]
        if actor.region_id and not self.is_bound:
            self.initial.setdefault("organisers", [actor.region_id[:6]])

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        organisers = data.pop("organisers")
        for name in ("date", "starts_at", "ends_at"):
            if data[name] is None:
                data[name] = ""
        return {"organisers": organisers, **data}

    @staticmethod
    def initial_of(fair: JobFair) -> dict:
        return {
            "title": fair.title, "theme": fair.theme, "date": fair.date, "starts_at": fair.starts_at,
            "ends_at": fair.ends_at, "township": fair.township_id, "address": fair.address,
            "target_groups": fair.target_groups, "programme": fair.programme,
            "organisers": [r.code for r in fair.organisers.all()],
        }  # fmt: skip


class ParticipationForm(forms.Form):
    employer = forms.IntegerField(label=_("用工单位"), widget=forms.Select)
    booth = forms.CharField(label=_("展位号"), required=False, max_length=20)

    def __init__(self, *args, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].widget.choices = [("", _("请选择")), *[(e.pk, e.name) for e in employers]]


class PositionForm(forms.Form):
    participation = forms.IntegerField(label=_("参会单位"), widget=forms.Select)
    vacancy = forms.IntegerField(label=_("岗位"), widget=forms.Select)
    headcount = forms.IntegerField(label=_("招聘会招聘人数"), min_value=1, max_value=10000)

    def __init__(self, *args, participations, vacancies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participation"].widget.choices = [(p.pk, str(p)) for p in participations]
        self.fields["vacancy"].widget.choices = [(v.pk, str(v)) for v in vacancies]


CODE_HELP = _("扫描二维码（手机扫码后自动填入），或输入手机号码、公民身份号码")


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("签到码、手机号或证件号"), help_text=CODE_HELP, max_length=200,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "inputmode": "text"}),
    )  # fmt: skip


class WalkInForm(forms.Form):
    id_number = forms.CharField(label=_("公民身份号码（必填）"), required=False, max_length=30)
    name = forms.CharField(label=_("姓名"), required=False, max_length=50)
    township = forms.CharField(label=_("户籍乡镇（街道）"), required=False, widget=forms.Select)
    phone = forms.CharField(
        label=_("手机号码"), required=False, max_length=30, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    ticket = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, townships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].widget.choices = [("", _("请选择")), *townships]


class IntentForm(forms.Form):
    code = forms.CharField(
        label=_("求职者（扫其签到二维码，或输入手机号、证件号）"), max_length=200,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )  # fmt: skip
    vacancy = forms.IntegerField(label=_("岗位"), widget=forms.Select)

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancy"].widget.choices = [
            (p.vacancy_id, f"{p.participation.booth} {p.vacancy}".strip()) for p in positions
        ]


class ConsultationForm(forms.Form):
    topic = forms.ChoiceField(label=_("咨询类别"), choices=Topic.choices)
    code = forms.CharField(
        label=_("咨询人（可不填，匿名）"), required=False, max_length=200,
        help_text=_("扫签到二维码，或输入手机号、证件号"), widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )  # fmt: skip
    note = forms.CharField(label=_("说明"), required=False, max_length=200)


class PreregistrationForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    township = forms.CharField(label=_("户籍乡镇（街道）"), widget=forms.Select)
    looking_for = forms.CharField(label=_("想找什么工作"), required=False, max_length=200)

    def __init__(self, *args, fair: JobFair, **kwargs):
        super().__init__(*args, **kwargs)
        counties = {fair.township_id[:6], *fair.organisers.values_list("code", flat=True)}
        self.fields["township"].widget.choices = [("", _("请选择")), *_townships_of(counties)]


def townships_for(fair: JobFair) -> list[tuple[str, str]]:
    """Townships a walk-in may live in: the organising counties' and the venue's."""
    counties = {fair.township_id[:6], *fair.organisers.values_list("code", flat=True)}
    return _townships_of(counties)
