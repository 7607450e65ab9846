import datetime

from django import forms
from django.utils.translation import gettext_lazy as _


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

    def clean_as_of(self):
        value = self.cleaned_data["as_of"]
        if value > datetime.date.today():
            raise forms.ValidationError(_("台账日期不能晚于今天"))
        return value
