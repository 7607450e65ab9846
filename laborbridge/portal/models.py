"""What a person typed and confirmed when signing up on the public job board (`SelfSignUp`).

The registry record is never changed by a public sign-up; what the person gave is kept here, beside the
referral or the class application it made, so that staff can see it and a sign-up that does not match the
registry (another name, another phone) is flagged 待核实 rather than silently attached to someone's record.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from laborbridge.core import phone
from laborbridge.core.fields import EncryptedTextField
from laborbridge.employment.models import Referral
from laborbridge.regions.models import Region
from laborbridge.training.models import Enrolment
from laborbridge.transport.models import SignUp as BusSignUp

__all__ = ["SelfSignUp"]


class SelfSignUp(models.Model):
    """One confirmed public sign-up: for a vacancy (a referral), a class (an application) or a chartered bus
    (a bus sign-up)."""

    class Review(models.TextChoices):
        NONE = "none", _("无需核实")
        PENDING = "pending", _("待核实")
        CONFIRMED = "confirmed", _("已核实")
        REJECTED = "rejected", _("核实不符")

    # Erasing a worker erases the referrals and enrolments, and these with them.
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.CASCADE, related_name="self_sign_ups"
    )
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="self_sign_ups"
    )
    bus_signup = models.ForeignKey(
        BusSignUp, null=True, blank=True, on_delete=models.CASCADE, related_name="self_sign_ups"
    )
    name = models.CharField(_("报名姓名"), max_length=50)
    phone = EncryptedTextField(_("报名手机号"), context="portal.SelfSignUp.phone")
    phone_bidx = models.CharField(max_length=40, db_index=True, editable=False)
    township = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("户籍乡镇")
    )
    review = models.CharField(
        _("核实"), max_length=10, choices=Review.choices, default=Review.NONE, db_index=True
    )
    # In words for staff: "报名手机号与登记不一致；报名姓名与登记不一致".
    reasons = models.CharField(_("待核实原因"), max_length=200, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(referral__isnull=False, enrolment__isnull=True, bus_signup__isnull=True)
                | Q(referral__isnull=True, enrolment__isnull=False, bus_signup__isnull=True)
                | Q(referral__isnull=True, enrolment__isnull=True, bus_signup__isnull=False),
                name="self_sign_up_one_link",
            )
        ]
        verbose_name = _("本人报名")
        verbose_name_plural = _("本人报名")

    def __str__(self):
        return f"{self.name} {self.phone_masked}"

    @property
    def phone_masked(self) -> str:
        return phone.mask(self.phone)

    @property
    def link(self):
        """The referral, class application or bus sign-up this sign-up made."""
        return self.referral or self.enrolment or self.bus_signup

    @property
    def worker(self):
        return self.link.worker
