import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from laborbridge.ledger.exporting import export_reason_clean


class LedgerUploadForm(forms.Form):
    file = forms.FileField(
        label=_("台账文件"),
        help_text=_("支持 .xlsx、.xls、.ods、.csv（UTF-8或GBK编码）；表头可在前15行内，列的顺序不限"),
        error_messages={"required": _("请选择要导入的文件")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
    )
    county = forms.ChoiceField(label=_("县（区）"), choices=[])
    as_of = forms.DateField(
        label=_("台账日期"),
        initial=datetime.date.today,
        help_text=_("“未就业”的人员，其在岗记录在此日期结束；未填务工时间的就业从此日期开始"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写台账日期"), "invalid": _("日期格式应为YYYY-MM-DD")},
    )

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [(c.code, c.qualified_name) for c in counties]
        # The browser refuses a later day before the file is sent, rather than the server after the upload.
        self.fields["as_of"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_as_of(self):
        value = self.cleaned_data["as_of"]
        if value > datetime.date.today():
            raise forms.ValidationError(_("台账日期不能晚于今天"))
        return value


class EmployersUploadForm(forms.Form):
    file = forms.FileField(
        label=_("企业岗位需求表"),
        help_text=_(
            "每行一个单位，可带一个岗位：单位名称、统一社会信用代码、单位类型、所在地、联系人、联系电话、岗位名称、工种、招聘人数、薪资待遇（如 4000-6000）、包住、包吃、状态"
        ),
        error_messages={"required": _("请选择要导入的文件")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
    )


class FullExportForm(forms.Form):
    """What an export of full ID numbers and phones asks: why, and that the count is what was meant."""

    reason = forms.CharField(
        label=_("导出事由"),
        required=False,  # the service says what is missing, in the same words for the page and any caller
        help_text=_("例如：报送就业补贴名单至县人社局（将记入审计记录；请勿填写身份证号或手机号）"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 200}),
    )
    confirm = forms.BooleanField(
        label=_("我确认导出以上人员的完整身份证号和手机号，并妥善保管导出的文件"),
        error_messages={"required": _("请勾选确认")},
    )

    def clean_reason(self):
        # Checked here as well as in the service, so that an empty form names both missing answers at once.
        try:
            return export_reason_clean(self.cleaned_data.get("reason", ""))
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["reason"]) from None
