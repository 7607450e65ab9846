"""Forms of the sign-in pages and of user administration."""

from django import forms
from django.utils.translation import gettext_lazy as _

from laborbridge.accounts import policy
from laborbridge.accounts.audit_display import OBJECT_TYPES, object_type_label, region_names
from laborbridge.accounts.models import User
from laborbridge.accounts.selectors import AuditFilters
from laborbridge.core.models import AuditEvent
from laborbridge.regions.models import Region
from laborbridge.regions.selectors import region_children


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("动态验证码或恢复码"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=_("手机验证器上的6位数字；手机丢失时，输入一个未用过的恢复码"),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("验证器显示的6位数字"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class UserForm(forms.Form):
    """Open or change an account: the roles and regions offered are those the actor may give (the policy's)."""

    username = forms.CharField(label=_("登录名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("角色"))
    region = forms.CharField(
        label=_("所属地区"),
        required=False,
        help_text=_("县（区）人社局、协作办填县级代码；乡镇工作人员填乡镇代码；其他角色不填"),
    )

    def __init__(self, *args, actor, editing: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        roles = policy.assignable_roles(actor)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
        if editing is not None:
            del self.fields["username"]
        if policy.reach(actor, "manage_users") is not policy.Reach.ALL:
            # A county bureau picks among its own county and townships rather than typing codes.
            county = Region.objects.get(code=actor.region_id[:6])
            choices = [(county.code, f"{county.name}（{county.code}）")]
            choices += [(r.code, f"{r.name}（{r.code}）") for r in region_children(parent_code=county.code)]
            self.fields["region"] = forms.ChoiceField(label=_("所属地区"), choices=choices)


class AuditFilterForm(forms.Form):
    """The audit trail's filters: dates (whole days, Asia/Shanghai), user, action, region and object."""

    date_from = forms.DateField(
        label=_("起始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("日期格式应为YYYY-MM-DD")},
    )
    date_to = forms.DateField(
        label=_("截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("日期格式应为YYYY-MM-DD")},
    )
    actor = forms.CharField(label=_("操作人（登录名）"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("操作"), required=False)
    region = forms.ChoiceField(label=_("地区"), required=False)
    object_type = forms.ChoiceField(label=_("对象类型"), required=False)
    object_id = forms.CharField(label=_("对象编号"), required=False, max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("全部"))]
        self.fields["action"].choices = everything + list(AuditEvent.Action.choices)
        codes = {code for code in User.objects.exclude(region=None).values_list("region_id", flat=True)}
        codes |= {code[:6] for code in codes}
        names = region_names(codes)
        self.fields["region"].choices = everything + sorted(names.items())
        self.fields["object_type"].choices = everything + [(t, object_type_label(t)) for t in OBJECT_TYPES]

    def clean_actor(self):
        return self.cleaned_data["actor"].strip()

    def clean_object_id(self):
        return self.cleaned_data["object_id"].strip()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("截止日期不能早于起始日期"))
        return data

    def filters(self) -> AuditFilters:
        """The filters from the fields that are valid (a wrong one is shown with its error, not applied)."""
        if not self.is_bound:
            return AuditFilters()
        self.is_valid()
        data = self.cleaned_data
        return AuditFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            actor_label=data.get("actor") or "",
            action=data.get("action") or "",
            region=data.get("region") or "",
            object_type=data.get("object_type") or "",
            object_id=data.get("object_id") or "",
        )
