"""Forms of the sign-in pages and of user administration."""

from django import forms
from django.utils.translation import gettext_lazy as _

from laborbridge.accounts import policy
from laborbridge.accounts.models import User
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
