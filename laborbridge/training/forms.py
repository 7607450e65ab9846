from django import forms
from django.utils.translation import gettext_lazy as _

from laborbridge.employers.models import Occupation
from laborbridge.regions.models import Region
from laborbridge.training.models import Certificate, Programme

DATE = {"required": _("请填写日期"), "invalid": _("日期格式应为YYYY-MM-DD")}


def _date(label, required=True):
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}), error_messages=DATE
    )


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("培训项目名称"), max_length=100)
    occupations = forms.ModelMultipleChoiceField(
        label=_("对应工种"), queryset=Occupation.objects.all(), required=False
    )
    certificate = forms.CharField(label=_("可取得的证书"), max_length=100, required=False)


class ClassForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("培训项目"),
        queryset=Programme.objects.all(),
        error_messages={"required": _("请选择培训项目"), "invalid_choice": _("培训项目不在可选范围内")},
    )
    name = forms.CharField(label=_("班级名称"), max_length=100)
    provider = forms.CharField(label=_("承办机构"), max_length=100)
    place = forms.CharField(
        label=_("培训地点（乡镇、街道区划代码）"),
        max_length=9,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "如 451324101"}),
    )
    address = forms.CharField(label=_("详细地址"), max_length=200, required=False)
    start = _date(_("开班日期"))
    end = _date(_("结业日期"))
    capacity = forms.IntegerField(label=_("计划人数"), min_value=1, max_value=10000)
    target_groups = forms.CharField(label=_("培训对象"), max_length=200, required=False)
    teachers = forms.CharField(label=_("授课教师"), max_length=200, required=False)
    cost_per_trainee = forms.IntegerField(label=_("人均培训费用（元）"), min_value=0, required=False)
    subsidy_per_trainee = forms.IntegerField(label=_("人均补贴（元）"), min_value=0, required=False)

    def clean_place(self):
        code = self.cleaned_data["place"].strip()
        region = Region.objects.filter(code=code, level=Region.Level.TOWNSHIP).first()
        if region is None:
            raise forms.ValidationError(_("培训地点应为乡镇（街道）的9位区划代码"))
        return region


class OrganisersForm(forms.Form):
    organisers = forms.MultipleChoiceField(label=_("组织地区"), choices=[])

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisers"].choices = choices


class EnrolForm(forms.Form):
    worker = forms.IntegerField(error_messages={"required": _("请选择劳动力")})
    apply_only = forms.BooleanField(required=False)


class DropForm(forms.Form):
    reason = forms.CharField(
        label=_("退出原因"), max_length=200, error_messages={"required": _("请填写退出原因")}
    )


class CompleteForm(forms.Form):
    on = _date(_("结业日期"), required=False)


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(label=_("证书类别"), choices=Certificate.Kind.choices)
    level = forms.CharField(label=_("等级"), max_length=20, required=False)
    number = forms.CharField(label=_("证书编号"), max_length=50)
    issued_on = _date(_("发证日期"))


class RecommendForm(forms.Form):
    enrolment = forms.IntegerField(error_messages={"required": _("请选择学员")})
    vacancy = forms.IntegerField(error_messages={"required": _("请选择岗位")})
