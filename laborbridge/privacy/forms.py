from django import forms
from django.utils.translation import gettext_lazy as _


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("删除原因"),
        max_length=200,
        help_text=_("如：本人申请删除；已死亡；重复登记且无其他记录。删除后不能恢复。"),
    )
    confirm = forms.BooleanField(label=_("我确认删除此人的全部个人信息和就业、推荐记录"))
